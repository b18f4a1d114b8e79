"""Promotion models, their selectors and services: states, usage, code batches, copies."""

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from promotions.models import (
    CouponCode,
    CustomerSegment,
    Promotion,
    PromotionState,
    PromotionStatus,
    PromotionTarget,
    TargetRole,
    normalise_code,
)
from promotions.selectors import (
    budget_left,
    customer_facts,
    in_state,
    next_promotion_key,
    promotion_state,
    usage_facts,
    with_usage,
)
from promotions.services import (
    CODE_ALPHABET,
    coupon_codes_generate,
    promotion_duplicate,
    promotions_set_status,
)
from tests.factories import BrandFactory, SKUFactory, UserFactory

from .factories import (
    CouponCodeFactory,
    CustomerSegmentFactory,
    PromotionFactory,
    PromotionTargetFactory,
    PromotionUsageFactory,
)

pytestmark = pytest.mark.django_db


def test_built_in_segments_exist_in_both_languages():
    segments = {segment.slug: segment for segment in CustomerSegment.objects.all()}
    assert {"vip", "new_customer", "staff"} <= segments.keys()
    assert segments["vip"].name_en == "VIP members"
    assert segments["vip"].name_zh_hans


def test_a_target_names_exactly_one_catalog_entry():
    promotion = PromotionFactory()
    sku = SKUFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PromotionTarget.objects.create(promotion=promotion)
    with pytest.raises(IntegrityError), transaction.atomic():
        PromotionTarget.objects.create(promotion=promotion, sku=sku, product=sku.product)
    target = PromotionTarget.objects.create(promotion=promotion, sku=sku)
    assert target.entry == sku
    assert sku.code in str(target)


def test_a_targeted_catalog_entry_cannot_be_deleted():
    brand = BrandFactory()
    PromotionTargetFactory(brand=brand)
    with pytest.raises(IntegrityError), transaction.atomic():
        brand.delete()


def test_codes_are_stored_upper_case():
    assert normalise_code("  save20 ") == "SAVE20"
    promotion = PromotionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CouponCode.objects.create(promotion=promotion, code="save20")


def test_a_promotion_ends_after_it_starts():
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        PromotionFactory(starts_at=now, ends_at=now)


def test_promotion_key_must_be_a_plain_identifier():
    promotion = PromotionFactory.build(key="P 1")
    with pytest.raises(ValidationError) as error:
        promotion.full_clean(exclude=["params"])
    assert "key" in error.value.message_dict


def test_next_key_follows_the_highest_numbered_one():
    assert next_promotion_key() == "P1"
    PromotionFactory(key="P9")
    PromotionFactory(key="P10")
    PromotionFactory(key="SUMMER")
    assert next_promotion_key() == "P11"


def _annotated(promotion):
    return with_usage(Promotion.objects.filter(pk=promotion.pk)).get()


def test_usage_is_counted_without_released_orders():
    promotion = PromotionFactory(budget=Decimal("100.00"))
    PromotionUsageFactory(promotion=promotion, discount=Decimal("30.00"), units=2)
    PromotionUsageFactory(promotion=promotion, discount=Decimal("20.00"), units=1)
    PromotionUsageFactory(
        promotion=promotion, discount=Decimal("40.00"), released_at=timezone.now()
    )
    annotated = _annotated(promotion)
    assert (annotated.uses, annotated.discount_given, annotated.units_sold) == (
        2,
        Decimal("50.00"),
        3,
    )
    assert budget_left(annotated) == Decimal("50.00")
    assert usage_facts() == {promotion.key: {"uses": 2, "discount_given": "50.00", "units_sold": 3}}


def test_unused_promotion_has_zero_usage_and_no_budget_left_figure():
    annotated = _annotated(PromotionFactory())
    assert (annotated.uses, annotated.discount_given, annotated.units_sold) == (
        0,
        Decimal("0.00"),
        0,
    )
    assert budget_left(annotated) is None


def test_customer_facts_count_their_own_orders_and_segments():
    shopper, other = UserFactory(), UserFactory()
    vip = CustomerSegment.objects.get(slug="vip")
    vip.members.add(shopper)
    promotion = PromotionFactory(key="P1")
    PromotionUsageFactory(promotion=promotion, user=shopper, units=2)
    PromotionUsageFactory(promotion=promotion, user=shopper, units=1)
    PromotionUsageFactory(promotion=promotion, user=other)
    assert customer_facts(shopper) == {
        "id": str(shopper.pk),
        "segments": ["vip"],
        "uses": {"P1": 2},
        "units_bought": {"P1": 3},
    }


@pytest.fixture
def promotions_in_every_state():
    now = timezone.now()
    exhausted = PromotionFactory(key="EXHAUSTED", usage_limit=1)
    PromotionUsageFactory(promotion=exhausted)
    spent = PromotionFactory(key="SPENT", budget=Decimal("30.00"))
    PromotionUsageFactory(promotion=spent, discount=Decimal("30.00"))
    sold = PromotionFactory(key="SOLD", stock_cap=2)
    PromotionUsageFactory(promotion=sold, units=2)
    PromotionFactory(key="RUNNING", starts_at=now - timedelta(days=1), usage_limit=5)
    PromotionFactory(key="SCHEDULED", starts_at=now + timedelta(days=1))
    PromotionFactory(key="ENDED", ends_at=now - timedelta(seconds=1))
    PromotionFactory(key="PAUSED", status=PromotionStatus.PAUSED)
    PromotionFactory(
        key="PAUSED-ENDED", status=PromotionStatus.PAUSED, ends_at=now - timedelta(days=1)
    )
    return now


@pytest.mark.parametrize(
    ("state", "keys"),
    [
        (PromotionState.RUNNING, {"RUNNING"}),
        (PromotionState.SCHEDULED, {"SCHEDULED"}),
        (PromotionState.ENDED, {"ENDED", "PAUSED-ENDED"}),
        (PromotionState.PAUSED, {"PAUSED"}),
        (PromotionState.EXHAUSTED, {"EXHAUSTED", "SPENT", "SOLD"}),
    ],
)
def test_states_filter_and_display_agree(promotions_in_every_state, state, keys):
    now = promotions_in_every_state
    annotated = with_usage(Promotion.objects.all())
    assert {p.key for p in in_state(annotated, state, now=now)} == keys
    assert {p.key for p in annotated if promotion_state(p, now=now) == state} == keys


def test_status_change_counts_only_real_changes():
    running, paused = PromotionFactory(), PromotionFactory(status=PromotionStatus.PAUSED)
    changed = promotions_set_status(
        promotion_ids=[running.pk, paused.pk], status=PromotionStatus.PAUSED
    )
    assert changed == 1
    assert set(Promotion.objects.values_list("status", flat=True)) == {PromotionStatus.PAUSED}


def test_duplicate_copies_targets_and_segments_paused_without_codes():
    segment = CustomerSegmentFactory()
    original = PromotionFactory(key="P7", segments=[segment], name_en="Summer")
    PromotionTargetFactory(promotion=original, role=TargetRole.EXCLUDE, brand=BrandFactory())
    CouponCodeFactory(promotion=original)
    copy = promotion_duplicate(promotion=original)
    again = promotion_duplicate(promotion=original)
    assert (copy.key, again.key) == ("P7-copy", "P7-copy2")
    assert copy.status == PromotionStatus.PAUSED
    assert copy.name_en == "Summer"
    assert copy.params == original.params
    assert list(copy.segments.all()) == [segment]
    assert [(t.role, t.brand_id) for t in copy.targets.all()] == [
        (t.role, t.brand_id) for t in original.targets.all()
    ]
    assert not copy.codes.exists()


def test_a_batch_of_ten_thousand_codes_is_unique_and_fast(django_assert_max_num_queries):
    promotion = PromotionFactory()
    CouponCodeFactory(promotion=promotion, code="MANUAL")
    started = time.perf_counter()
    # SQLite takes at most 999 parameters a query: about a query per hundred codes.
    with django_assert_max_num_queries(100):
        codes = coupon_codes_generate(promotion=promotion, prefix="vip-", count=10_000)
    elapsed = time.perf_counter() - started
    assert len(codes) == len(set(codes)) == 10_000
    assert promotion.codes.count() == 10_001
    assert all(code.startswith("VIP-") for code in codes)
    assert set("".join(code[4:] for code in codes)) <= set(CODE_ALPHABET)
    assert not set("01ILO") & set(CODE_ALPHABET)
    # A generous bound: the work is one bulk insert and a few look-ups, not a query a code.
    assert elapsed < 20


def test_a_batch_skips_codes_already_taken(monkeypatch):
    promotion = PromotionFactory()
    CouponCodeFactory(promotion=promotion, code="AAAAAAAAAA")
    draws = iter(["AAAAAAAAAA", "BBBBBBBBBB"])
    monkeypatch.setattr("promotions.services._random_code", lambda prefix: next(draws))
    assert coupon_codes_generate(promotion=promotion, count=1) == ["BBBBBBBBBB"]


def test_a_batch_for_users_assigns_one_code_each():
    promotion = PromotionFactory()
    users = [UserFactory(), UserFactory()]
    codes = coupon_codes_generate(promotion=promotion, users=users, single_use=True)
    stored = CouponCode.objects.filter(code__in=codes)
    assert {code.user for code in stored} == set(users)
    assert all(code.single_use for code in stored)


@pytest.mark.parametrize(
    ("prefix", "count"), [("", 0), ("", 10_001), ("bad prefix", 1), ("X" * 21, 1)]
)
def test_a_bad_batch_is_refused(prefix, count):
    with pytest.raises(ValidationError):
        coupon_codes_generate(promotion=PromotionFactory(), prefix=prefix, count=count)
    assert not CouponCode.objects.exists()
