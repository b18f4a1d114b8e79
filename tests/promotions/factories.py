"""Factories for the promotion models; catalog and users come from tests.factories.

Creating a promotion, target, code or segment bumps the compiled set's version, as the
admin and the services do, so that compiled_promotions() never serves a set from before.
"""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from promotions.cache import promotions_changed
from promotions.models import (
    CouponCode,
    CustomerSegment,
    Promotion,
    PromotionKind,
    PromotionTarget,
    PromotionUsage,
)


class ChangesPromotions(DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        created = super()._create(model_class, *args, **kwargs)
        promotions_changed()
        return created


class CustomerSegmentFactory(ChangesPromotions):
    class Meta:
        model = CustomerSegment
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"分群{n}")
    name_zh_hans = factory.LazyAttribute(lambda o: o.name)
    name_en = factory.Sequence(lambda n: f"Segment {n}")
    slug = factory.Sequence(lambda n: f"segment-{n}")


class PromotionFactory(ChangesPromotions):
    """A 满200减30 spend threshold unless kind and params say otherwise."""

    class Meta:
        model = Promotion
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"T{n}")
    name = factory.Sequence(lambda n: f"活动{n}")
    name_zh_hans = factory.LazyAttribute(lambda o: o.name)
    name_en = factory.Sequence(lambda n: f"Promotion {n}")
    kind = PromotionKind.SPEND_THRESHOLD
    params = factory.LazyFunction(
        lambda: {"tiers": [{"min_spend": "200.00", "amount_off": "30.00"}]}
    )

    @factory.post_generation
    def segments(self, create, extracted, **kwargs):
        if create and extracted:
            self.segments.set(extracted)


class PromotionTargetFactory(ChangesPromotions):
    class Meta:
        model = PromotionTarget

    promotion = factory.SubFactory(PromotionFactory)


class CouponCodeFactory(ChangesPromotions):
    class Meta:
        model = CouponCode

    promotion = factory.SubFactory(PromotionFactory)
    code = factory.Sequence(lambda n: f"CODE{n}")


class PromotionUsageFactory(DjangoModelFactory):
    class Meta:
        model = PromotionUsage

    promotion = factory.SubFactory(PromotionFactory)
    discount = Decimal("30.00")
    units = 1
