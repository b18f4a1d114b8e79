"""Reserving promotion usage at checkout: every limit holds, on SQLite and under real races.

The concurrent tests mimic the checkout: each attempt prices the cart with what the
database says now, creates an order and reserves in one transaction; a refused
reservation rolls back and the attempt prices again, as the checkout will.
"""

import itertools
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from orders.models import Order
from promotions.definitions import pricing_case
from promotions.engine import compile_promotions, price, price_case
from promotions.engine.case import read_case
from promotions.models import CouponCode, PromotionKind, PromotionStatus, PromotionUsage
from promotions.selectors import customer_facts, usage_facts
from promotions.services import (
    Claim,
    PromotionLimitReached,
    _reserve,
    promotion_usage_release,
    promotion_usage_reserve,
)
from tests.factories import SKUFactory, UserFactory

from .factories import CouponCodeFactory, PromotionFactory

_numbers = itertools.count(1)
REPRICES = 5


def new_order(user: Any) -> Order:
    return Order.objects.create(
        number=f"T{next(_numbers):08d}", user=user, placed_at=timezone.now()
    )


def priced(user: Any, lines: Sequence[tuple[str, int]], codes: Sequence[str] = ()) -> dict:
    case = pricing_case(lines=lines, now=timezone.now(), codes=codes)
    if user is not None:
        case["customer"] = {**customer_facts(user), "first_order": False}
    return price_case(case)


def place_order(user: Any, lines: Sequence[tuple[str, int]], codes: Sequence[str] = ()) -> dict:
    """Price, create the order and reserve in one transaction; price again when refused."""
    for _attempt in range(REPRICES):
        try:
            with transaction.atomic():
                result = priced(user, lines, codes)
                order = new_order(user)
                promotion_usage_reserve(order=order, user=user, result=result, codes=codes)
                return {**result, "order": order.pk}
        except PromotionLimitReached:
            continue
    raise AssertionError("the checkout kept being refused")


def applied(result: dict, key: str) -> dict | None:
    return next((entry for entry in result["applied"] if entry["promotion"] == key), None)


def coupon_result(key: str, amount: str = "20.00") -> dict:
    return {"applied": [{"promotion": key, "layer": "coupon", "amount": amount, "applications": 1}]}


def live(promotion: Any) -> Any:
    return PromotionUsage.objects.filter(promotion=promotion, released_at__isnull=True)


# --- the services, on any database ---------------------------------------------------


@pytest.fixture
def sku(db):
    return SKUFactory(code="A", price=Decimal("100.00"))


def test_reserve_writes_one_usage_per_applied_promotion(sku):
    threshold = PromotionFactory(key="P1")
    PromotionFactory(
        key="F1", kind=PromotionKind.SPECIAL_PRICE, params={"price": "80.00"}, stock_cap=10
    )
    user = UserFactory()

    result = place_order(user, [("A", 3)])

    usages = {usage.promotion.key: usage for usage in PromotionUsage.objects.all()}
    assert set(usages) == {"P1", "F1"}
    assert (usages["F1"].discount, usages["F1"].units) == (Decimal("60.00"), 3)
    assert (usages["P1"].discount, usages["P1"].units) == (Decimal("30.00"), 0)
    assert all(
        usage.order_id == result["order"] and usage.user == user for usage in usages.values()
    )
    assert usage_facts()["F1"] == {"uses": 1, "discount_given": "60.00", "units_sold": 3}
    assert threshold.usages.count() == 1


def test_reserve_without_promotions_writes_nothing(sku):
    order = new_order(None)
    assert promotion_usage_reserve(order=order, user=None, result={"applied": []}) == []
    assert not PromotionUsage.objects.exists()


def test_an_order_reserves_once(sku, english):
    PromotionFactory(key="P1")
    order = new_order(None)
    promotion_usage_reserve(order=order, user=None, result=coupon_result("P1"))
    with pytest.raises(Exception, match="already holds"):
        promotion_usage_reserve(order=order, user=None, result=coupon_result("P1"))


def test_usage_limit_refuses_the_order_after_the_last(sku):
    promotion = PromotionFactory(key="P1", usage_limit=2)
    for _ in range(2):
        promotion_usage_reserve(order=new_order(None), user=None, result=coupon_result("P1"))

    with pytest.raises(PromotionLimitReached) as refused:
        promotion_usage_reserve(order=new_order(None), user=None, result=coupon_result("P1"))

    assert (refused.value.code, refused.value.promotion) == ("usage_limit_reached", "P1")
    assert "P1" in refused.value.messages[0]
    assert live(promotion).count() == 2


def test_a_refusal_writes_nothing_for_any_promotion(sku):
    PromotionFactory(key="P1")
    PromotionFactory(key="P2", usage_limit=0)
    result = {
        "applied": [
            {"promotion": "P1", "layer": "order", "amount": "30.00", "applications": 1},
            {"promotion": "P2", "layer": "coupon", "amount": "20.00", "applications": 1},
        ]
    }
    with pytest.raises(PromotionLimitReached, match="P2"):
        promotion_usage_reserve(order=new_order(None), user=None, result=result)
    assert not PromotionUsage.objects.exists()


def test_per_customer_counts_only_that_customer(sku):
    PromotionFactory(key="P1", per_customer=1)
    alice, bob = UserFactory(), UserFactory()
    promotion_usage_reserve(order=new_order(alice), user=alice, result=coupon_result("P1"))
    promotion_usage_reserve(order=new_order(bob), user=bob, result=coupon_result("P1"))

    with pytest.raises(PromotionLimitReached) as refused:
        promotion_usage_reserve(order=new_order(alice), user=alice, result=coupon_result("P1"))
    assert refused.value.code == "customer_limit_reached"


def test_budget_is_all_or_nothing(sku):
    promotion = PromotionFactory(key="P1", budget=Decimal("50.00"))
    promotion_usage_reserve(order=new_order(None), user=None, result=coupon_result("P1", "30.00"))

    with pytest.raises(PromotionLimitReached) as refused:
        promotion_usage_reserve(
            order=new_order(None), user=None, result=coupon_result("P1", "30.00")
        )
    assert refused.value.code == "budget_exhausted"
    promotion_usage_reserve(order=new_order(None), user=None, result=coupon_result("P1", "20.00"))
    assert live(promotion).aggregate(total=Sum("discount"))["total"] == Decimal("50.00")


@pytest.mark.parametrize(("stock_cap", "per_customer_qty"), [(3, None), (None, 3)])
def test_flash_units_are_capped(sku, stock_cap, per_customer_qty):
    PromotionFactory(
        key="F1",
        kind=PromotionKind.SPECIAL_PRICE,
        params={"price": "80.00"},
        stock_cap=stock_cap,
        per_customer_qty=per_customer_qty,
    )
    user = UserFactory()
    flash = {
        "applied": [{"promotion": "F1", "layer": "item", "amount": "40.00", "applications": 2}]
    }
    promotion_usage_reserve(order=new_order(user), user=user, result=flash)

    with pytest.raises(PromotionLimitReached) as refused:
        promotion_usage_reserve(order=new_order(user), user=user, result=flash)
    assert refused.value.code == "stock_cap_reached"


def test_the_checkout_prices_again_and_sells_what_is_left_at_the_flash_price(sku):
    PromotionFactory(
        key="F1", kind=PromotionKind.SPECIAL_PRICE, params={"price": "80.00"}, stock_cap=3
    )
    place_order(None, [("A", 2)])

    second = place_order(None, [("A", 2)])

    assert applied(second, "F1")["applications"] == 1
    assert second["total"] == "180.00"
    assert usage_facts()["F1"]["units_sold"] == 3


def test_a_pricing_result_object_is_accepted(sku):
    PromotionFactory(key="P1")
    case = pricing_case(lines=[("A", 3)], now=timezone.now())
    cart, context, definitions = read_case(case)
    result = price(cart, compile_promotions(definitions), context)

    usages = promotion_usage_reserve(order=new_order(None), user=None, result=result)

    assert [(usage.promotion.key, usage.discount) for usage in usages] == [("P1", Decimal("30.00"))]


def test_a_deleted_promotion_is_unavailable(sku):
    with pytest.raises(PromotionLimitReached) as refused:
        promotion_usage_reserve(order=new_order(None), user=None, result=coupon_result("GONE"))
    assert refused.value.code == "unavailable"


@pytest.mark.parametrize(
    "change", [{"status": PromotionStatus.PAUSED}, {"ends_at": timezone.now()}]
)
def test_a_promotion_paused_or_ended_since_pricing_is_unavailable(sku, change):
    promotion = PromotionFactory(key="P1")
    result = priced(None, [("A", 3)])
    type(promotion).objects.filter(pk=promotion.pk).update(**change)

    with pytest.raises(PromotionLimitReached) as refused:
        promotion_usage_reserve(order=new_order(None), user=None, result=result)

    assert refused.value.code == "unavailable"
    assert not PromotionUsage.objects.exists()


def test_a_single_use_code_is_used_once_and_freed_by_release(sku):
    code = CouponCodeFactory(code="ONCE", single_use=True, promotion=PromotionFactory(key="C1"))
    first = new_order(None)
    promotion_usage_reserve(order=first, user=None, result=coupon_result("C1"), codes=[" once "])
    code.refresh_from_db()
    assert code.used_at is not None
    assert code.order == first

    with pytest.raises(PromotionLimitReached) as refused:
        promotion_usage_reserve(
            order=new_order(None), user=None, result=coupon_result("C1"), codes=["ONCE"]
        )
    assert refused.value.code == "code_used"

    assert promotion_usage_release(order=first) == 1
    assert promotion_usage_release(order=first) == 0
    code.refresh_from_db()
    assert (code.used_at, code.order) == (None, None)
    promotion_usage_reserve(
        order=new_order(None), user=None, result=coupon_result("C1"), codes=["ONCE"]
    )


def test_a_code_assigned_to_a_customer_is_for_them_only(sku):
    owner, other = UserFactory(), UserFactory()
    CouponCodeFactory(
        code="MINE", user=owner, single_use=True, promotion=PromotionFactory(key="C1")
    )

    with pytest.raises(PromotionLimitReached) as refused:
        promotion_usage_reserve(
            order=new_order(other), user=other, result=coupon_result("C1"), codes=["MINE"]
        )
    assert refused.value.code == "code_not_yours"
    promotion_usage_reserve(
        order=new_order(owner), user=owner, result=coupon_result("C1"), codes=["MINE"]
    )


def test_a_coded_promotion_needs_one_of_its_codes(sku):
    CouponCodeFactory(code="SAVE20", promotion=PromotionFactory(key="C1"))
    with pytest.raises(PromotionLimitReached) as refused:
        promotion_usage_reserve(
            order=new_order(None), user=None, result=coupon_result("C1"), codes=["OTHER"]
        )
    assert refused.value.code == "code_not_given"
    promotion_usage_reserve(
        order=new_order(None), user=None, result=coupon_result("C1"), codes=["save20"]
    )
    assert not CouponCode.objects.filter(used_at__isnull=False).exists()


def test_release_gives_the_use_back(sku):
    promotion = PromotionFactory(key="P1", usage_limit=1, per_customer=1)
    user = UserFactory()
    first = place_order(user, [("A", 3)])
    assert applied(first, "P1")
    assert applied(place_order(user, [("A", 3)]), "P1") is None

    promotion_usage_release(order=Order.objects.get(pk=first["order"]))
    promotion_usage_release(order=Order.objects.get(pk=first["order"]))

    assert applied(place_order(user, [("A", 3)]), "P1")
    assert live(promotion).count() == 1


# --- real races on PostgreSQL --------------------------------------------------------

WORKERS = 20


def race(attempts: int, attempt: Callable[[int], Any]) -> list[Any]:
    """Run attempts on WORKERS threads, each with its own connection, started together."""
    barrier = threading.Barrier(WORKERS, timeout=60)

    def start() -> None:
        barrier.wait()

    def run(index: int) -> Any:
        try:
            return attempt(index)
        finally:
            connection.close()

    with ThreadPoolExecutor(WORKERS, initializer=start) as pool:
        return list(pool.map(run, range(attempts)))


@pytest.fixture
def shop(transactional_db):
    SKUFactory(code="A", price=Decimal("100.00"))
    return [UserFactory() for _ in range(5)]


@pytest.mark.postgres
def test_a_coupon_limited_to_50_uses_is_used_50_times_by_200_orders(shop):
    promotion = PromotionFactory(
        key="C1",
        params={"tiers": [{"min_spend": "100.00", "amount_off": "20.00"}]},
        usage_limit=50,
    )
    CouponCodeFactory(promotion=promotion, code="SAVE20")

    results = race(200, lambda i: place_order(shop[i % 5], [("A", 1)], ["SAVE20"]))

    assert sum(1 for result in results if applied(result, "C1")) == 50
    assert live(promotion).count() == 50


@pytest.mark.postgres
def test_one_use_per_customer_holds_against_20_orders_at_once(shop):
    promotion = PromotionFactory(key="P1", per_customer=1)
    customer = shop[0]

    results = race(20, lambda _i: place_order(customer, [("A", 3)]))

    assert sum(1 for result in results if applied(result, "P1")) == 1
    assert live(promotion).filter(user=customer).count() == 1


@pytest.mark.postgres
def test_a_budget_of_1000_is_never_exceeded(shop):
    promotion = PromotionFactory(key="P1", budget=Decimal("1000.00"))

    results = race(60, lambda i: place_order(shop[i % 5], [("A", 3)]))

    assert sum(1 for result in results if applied(result, "P1")) == 33
    assert live(promotion).aggregate(total=Sum("discount"))["total"] == Decimal("990.00")


@pytest.mark.postgres
def test_a_flash_sale_of_10_units_sells_exactly_10(shop):
    promotion = PromotionFactory(
        key="F1", kind=PromotionKind.SPECIAL_PRICE, params={"price": "1.00"}, stock_cap=10
    )

    results = race(30, lambda i: place_order(shop[i % 5], [("A", 1 + i % 3)]))

    flash_units = sum(entry["applications"] for r in results if (entry := applied(r, "F1")))
    assert flash_units == 10
    assert live(promotion).aggregate(units=Sum("units"))["units"] == 10


@pytest.mark.postgres
def test_without_locks_the_race_is_real(shop):
    """The control run: the same checks without select_for_update let more orders through."""
    promotion = PromotionFactory(key="C1", usage_limit=5)
    claims = [Claim(promotion="C1", discount=Decimal("20.00"), units=0)]

    def unlocked(_index: int) -> bool:
        try:
            with transaction.atomic():
                _reserve(order=new_order(None), user=None, claims=claims, codes=(), lock=False)
        except PromotionLimitReached:
            return False
        return True

    race(WORKERS, unlocked)

    assert live(promotion).count() > 5


@pytest.mark.postgres
def test_a_released_use_is_taken_by_a_later_order_under_load(shop):
    promotion = PromotionFactory(key="C1", usage_limit=10)
    race(20, lambda i: place_order(shop[i % 5], [("A", 3)]))
    cancelled = live(promotion).first().order

    promotion_usage_release(order=cancelled)

    assert applied(place_order(shop[0], [("A", 3)]), "C1")
    assert live(promotion).count() == 10
