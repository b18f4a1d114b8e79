"""Promotions and SKUs as the spec's JSON; the compiled set and its cache."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import timezone

from promotions import cache as promotion_cache
from promotions.definitions import (
    active_definitions,
    item_definition,
    item_definitions,
    pricing_case,
    promotion_definition,
)
from promotions.engine import compile_promotions, price_case
from promotions.models import PromotionKind, PromotionStatus, TargetRole
from promotions.services import coupon_codes_generate, promotions_set_status
from tests.factories import BrandFactory, CategoryFactory, ProductFactory, SKUFactory, TagFactory

from .factories import (
    CouponCodeFactory,
    CustomerSegmentFactory,
    PromotionFactory,
    PromotionTargetFactory,
    PromotionUsageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cold_cache():
    cache.clear()
    promotion_cache._compiled.clear()
    yield
    cache.clear()
    promotion_cache._compiled.clear()


@pytest.fixture
def catalog():
    """apparel > tops > tees, a brand, a tag and a SKU in tees."""
    apparel = CategoryFactory(slug="apparel")
    tops = CategoryFactory(parent=apparel, slug="tops")
    tees = CategoryFactory(parent=tops, slug="tees")
    brand = BrandFactory(slug="acme")
    summer = TagFactory(slug="summer")
    product = ProductFactory(slug="tee", category=tees, brand=brand, tags=[summer])
    sku = SKUFactory(product=product, code="TEE-W-M", price=Decimal("99.00"))
    return {
        "apparel": apparel,
        "tops": tops,
        "tees": tees,
        "brand": brand,
        "tag": summer,
        "product": product,
        "sku": sku,
    }


def test_item_definition_lists_every_ancestor_category(catalog):
    assert item_definition(catalog["sku"]) == {
        "price": "99.00",
        "product": "tee",
        "categories": ["apparel", "apparel/tops", "apparel/tops/tees"],
        "brand": "acme",
        "tags": ["summer"],
    }


def test_item_without_brand_or_tags_leaves_them_out(catalog):
    sku = SKUFactory(product__category=catalog["apparel"], product__brand=None, price="5.50")
    assert item_definition(sku) == {
        "price": "5.50",
        "product": sku.product.slug,
        "categories": ["apparel"],
    }


def test_item_definitions_cost_the_same_queries_for_many_skus(
    catalog, django_assert_max_num_queries
):
    skus = [
        SKUFactory(product__category=category, product__tags=[TagFactory()])
        for category in (catalog["apparel"], catalog["tops"], catalog["tees"])
        for _ in range(5)
    ]
    with django_assert_max_num_queries(3):
        items = item_definitions([sku.code for sku in skus] + ["NO-SUCH-SKU"])
    assert len(items) == 15
    assert "NO-SUCH-SKU" not in items


def test_definition_of_a_targeted_coupon(catalog):
    vip = CustomerSegmentFactory(slug="vip")
    starts = timezone.now()
    promotion = PromotionFactory(
        key="P1",
        name="满200减30",
        name_zh_hans="满200减30",
        starts_at=starts,
        ends_at=starts + timedelta(days=1),
        segments=[vip],
        first_order=True,
        channels=["web"],
        exclusive_group="store",
        exclusive=True,
        max_applications=2,
        budget=Decimal("1000"),
        per_customer=1,
    )
    for role, fields in [
        (TargetRole.INCLUDE, {"category": catalog["tops"]}),
        (TargetRole.INCLUDE, {"brand": catalog["brand"]}),
        (TargetRole.EXCLUDE, {"sku": catalog["sku"]}),
        (TargetRole.EXCLUDE, {"tag": catalog["tag"]}),
    ]:
        PromotionTargetFactory(promotion=promotion, role=role, **fields)
    CouponCodeFactory(promotion=promotion, code="SAVE20")
    CouponCodeFactory(promotion=promotion, code="USED1", single_use=True, used_at=starts)

    definition = promotion_definition(promotion)

    assert definition == {
        "id": "P1",
        "name": "满200减30",
        "kind": "spend_threshold",
        "tiers": [{"min_spend": "200.00", "amount_off": "30.00"}],
        "targets": {
            "brands": ["acme"],
            "categories": ["apparel/tops"],
            "exclude": {"skus": ["TEE-W-M"], "tags": ["summer"]},
        },
        "conditions": {
            "starts_at": timezone.localtime(starts).isoformat(),
            "ends_at": timezone.localtime(starts + timedelta(days=1)).isoformat(),
            "segments": ["vip"],
            "first_order": True,
            "channels": ["web"],
        },
        "codes": ["SAVE20"],
        "exclusive_group": "store",
        "exclusive": True,
        "limits": {"max_applications": 2, "per_customer": 1, "budget": "1000.00"},
    }
    compile_promotions([definition])


def test_buy_x_get_y_has_its_get_targets(catalog):
    promotion = PromotionFactory(
        kind=PromotionKind.BUY_X_GET_Y, params={"buy": 2, "get": 1}, priority=3
    )
    PromotionTargetFactory(promotion=promotion, product=catalog["product"])
    PromotionTargetFactory(promotion=promotion, role=TargetRole.GET_INCLUDE, tag=catalog["tag"])
    PromotionTargetFactory(promotion=promotion, role=TargetRole.GET_EXCLUDE, sku=catalog["sku"])
    definition = promotion_definition(promotion)
    assert definition["targets"] == {"products": ["tee"]}
    assert definition["get_targets"] == {"tags": ["summer"], "exclude": {"skus": ["TEE-W-M"]}}
    assert definition["priority"] == 3
    compile_promotions([definition])


def test_active_definitions_leave_out_paused_and_ended_but_keep_scheduled():
    now = timezone.now()
    PromotionFactory(key="RUNNING")
    PromotionFactory(key="SCHEDULED", starts_at=now + timedelta(days=1))
    PromotionFactory(key="PAUSED", status=PromotionStatus.PAUSED)
    PromotionFactory(key="ENDED", ends_at=now)
    PromotionFactory(key="ENDING", ends_at=now + timedelta(seconds=1))
    assert [d["id"] for d in active_definitions(now)] == ["ENDING", "RUNNING", "SCHEDULED"]


def test_a_coupon_whose_single_use_codes_are_all_used_stays_locked():
    now = timezone.now()
    spent = PromotionFactory(key="SPENT")
    CouponCodeFactory(promotion=spent, code="ONCE1", single_use=True, used_at=now)
    open_one = PromotionFactory(key="OPEN")
    CouponCodeFactory(promotion=open_one, code="ONCE2", single_use=True, used_at=now)
    CouponCodeFactory(promotion=open_one, code="ONCE3", single_use=True)

    definitions = {d["id"]: d for d in active_definitions(now)}

    assert "SPENT" not in definitions
    assert definitions["OPEN"]["codes"] == ["ONCE3"]


def test_active_definitions_cost_the_same_queries_for_many_promotions(
    catalog, django_assert_max_num_queries
):
    segment = CustomerSegmentFactory()
    for number in range(30):
        promotion = PromotionFactory(segments=[segment])
        PromotionTargetFactory(promotion=promotion, category=catalog["tees"])
        PromotionTargetFactory(promotion=promotion, role=TargetRole.EXCLUDE, tag=catalog["tag"])
        CouponCodeFactory(promotion=promotion, code=f"BULK{number}")
    with django_assert_max_num_queries(5):
        definitions = active_definitions(timezone.now())
    assert len(definitions) == 30
    assert all(d["targets"]["categories"] == ["apparel/tops/tees"] for d in definitions)
    compile_promotions(definitions)


def test_compiled_promotions_compile_once_until_a_change():
    PromotionFactory(key="P1")
    with mock.patch("promotions.cache.compile_promotions", wraps=compile_promotions) as compile_spy:
        first = promotion_cache.compiled_promotions()
        second = promotion_cache.compiled_promotions()
        assert compile_spy.call_count == 1
        assert first is second

        promotions_set_status(promotion_ids=[PromotionFactory(key="P2").pk], status="paused")
        third = promotion_cache.compiled_promotions()
        assert compile_spy.call_count == 2
        assert [p.id for p in third.promotions] == ["P1"]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda promotion: coupon_codes_generate(promotion=promotion, count=3), id="codes"
        ),
        pytest.param(
            lambda promotion: promotions_set_status(
                promotion_ids=[promotion.pk], status=PromotionStatus.PAUSED
            ),
            id="status",
        ),
    ],
)
def test_a_service_change_makes_the_next_lookup_recompile(change):
    promotion = PromotionFactory(key="P1")
    promotion_cache.compiled_promotions()
    version = promotion_cache.promotions_version()
    change(promotion)
    assert promotion_cache.promotions_version() != version
    with mock.patch("promotions.cache.compile_promotions", wraps=compile_promotions) as spy:
        promotion_cache.compiled_promotions()
    assert spy.call_count == 1


def test_a_flushed_cache_never_reuses_an_old_set():
    PromotionFactory(key="P1")
    promotion_cache.compiled_promotions()
    cache.clear()
    with mock.patch("promotions.cache.compile_promotions", wraps=compile_promotions) as spy:
        promotion_cache.compiled_promotions()
    assert spy.call_count == 1


def test_a_promotion_the_engine_refuses_is_left_out_not_fatal(catalog, caplog):
    PromotionFactory(key="P1")
    PromotionFactory(
        key="P2", kind=PromotionKind.GIFT, params={"tiers": [{"min_spend": "1.00"}], "sku": "GONE"}
    )
    PromotionFactory(key="P3", params={"tiers": [{"min_spend": "x", "amount_off": "1.00"}]})
    compiled = promotion_cache.compiled_promotions()
    assert [p.id for p in compiled.promotions] == ["P1"]
    assert "P2" in caplog.text
    assert "P3" in caplog.text


def test_pricing_case_prices_the_cart_with_the_promotion_being_edited(catalog):
    PromotionFactory(key="P1", params={"tiers": [{"min_spend": "100.00", "amount_off": "10.00"}]})
    edited = PromotionFactory(
        key="P2",
        kind=PromotionKind.PERCENT_OFF,
        params={"percent": 50},
        status=PromotionStatus.PAUSED,
    )
    PromotionUsageFactory(promotion=edited, discount=Decimal("5.00"))
    case = pricing_case(
        lines=[("TEE-W-M", 3)], now=timezone.now(), promotion=edited, shipping=Decimal("8")
    )
    assert case["usage"] == {"P2": {"uses": 1, "discount_given": "5.00", "units_sold": 1}}
    result = price_case(case)
    # 3 × 99.00 at half price is 148.50: above 100.00, so 10.00 more off.
    assert result["total"] == "146.50"
    assert {entry["promotion"] for entry in result["applied"]} == {"P1", "P2"}
