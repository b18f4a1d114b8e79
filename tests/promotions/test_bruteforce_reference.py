"""The brute-force reference reproduces the spec's worked examples."""

import pytest

from tests.promotions import bruteforce

ITEMS = {
    "A": {"price": "100.00", "product": "a"},
    "B": {"price": "60.00", "product": "b"},
    "C": {"price": "30.00", "product": "c", "categories": ["food"]},
    "D": {"price": "80.00", "product": "d", "categories": ["apparel"]},
}


def case(cart: list[tuple[str, int]], promotions: list[dict], **extra) -> dict:
    """Return a worked-example case: one line per SKU in the order named."""
    return {
        "now": "2026-11-11T20:00:00+08:00",
        "items": ITEMS,
        "cart": [{"sku": sku, "qty": qty} for sku, qty in cart],
        "shipping": "10.00",
        "promotions": promotions,
        **extra,
    }


def threshold(pid: str, *tiers: dict, **fields) -> dict:
    return {"id": pid, "kind": "spend_threshold", "tiers": list(tiers), **fields}


def spend(min_spend: str, **reward) -> dict:
    return {"min_spend": min_spend, **reward}


def cents(amount: str) -> int:
    return bruteforce.to_cents(amount)


def test_example_1_spend_threshold():
    result = bruteforce.price(
        case([("A", 3)], [threshold("P1", spend("200.00", amount_off="30.00"))])
    )
    assert (result.discount, result.total) == (cents("30.00"), cents("280.00"))


def test_example_2_repeat_capped_by_max_discount():
    promo = threshold("P1", spend("100.00", amount_off="10.00"), repeat=True, max_discount="25.00")
    result = bruteforce.price(case([("A", 3)], [promo]))
    assert result.discount == cents("25.00")


def test_example_3_min_qty_percent():
    promo = threshold("P1", {"min_qty": 2, "percent_off": 10})
    result = bruteforce.price(case([("A", 1), ("B", 1)], [promo]))
    assert result.discount == cents("16.00")
    assert result.adjustments == [{"P1": cents("10.00")}, {"P1": cents("6.00")}]


def test_example_4_buy_two_get_one_allocated_over_used_units():
    promo = {"id": "P1", "kind": "buy_x_get_y", "buy": 2, "get": 1}
    result = bruteforce.price(case([("A", 1), ("B", 1), ("C", 1)], [promo]))
    assert result.discount == cents("30.00")
    assert [line["P1"] for line in result.adjustments] == [1579, 947, 474]


def test_example_5_cheapest_units_of_all_groups_are_rewarded():
    items = {f"E{price}": {"price": f"{price}.00"} for price in (100, 90, 80, 70, 60, 50)}
    raw = case(
        [(sku, 1) for sku in items], [{"id": "P1", "kind": "buy_x_get_y", "buy": 2, "get": 1}]
    )
    raw["items"] = items
    result = bruteforce.price(raw)
    assert result.discount == cents("110.00")
    assert result.applied == {"P1": cents("110.00")}


def test_example_6_second_unit_half_price():
    promo = {"id": "P1", "kind": "nth_item", "n": 2, "percent": 50}
    assert bruteforce.price(case([("B", 3)], [promo])).discount == cents("30.00")


def test_example_7_bundle_price():
    promo = {"id": "P1", "kind": "bundle_price", "size": 3, "price": "99.00"}
    result = bruteforce.price(case([("C", 2), ("B", 1)], [promo]))
    assert result.discount == cents("21.00")
    assert result.adjustments == [{"P1": cents("10.50")}, {"P1": cents("10.50")}]


def test_example_8_threshold_base_is_after_item_layer():
    promotions = [
        {"id": "P1", "kind": "percent_off", "percent": 20, "targets": {"skus": ["A"]}},
        threshold("P2", spend("200.00", amount_off="30.00")),
    ]
    result = bruteforce.price(case([("A", 3)], promotions))
    assert (result.discount, result.total) == (cents("90.00"), cents("220.00"))
    assert result.applied == {"P1": cents("60.00"), "P2": cents("30.00")}


def test_example_9_exclusive_group_keeps_the_better_one():
    promotions = [
        threshold("P1", spend("200.00", amount_off="30.00"), exclusive_group="store"),
        threshold("P2", spend("300.00", percent_off=10), exclusive_group="store"),
    ]
    result = bruteforce.price(case([("A", 4)], promotions))
    assert result.discount == cents("40.00")
    assert result.chosen == ["P2"]


@pytest.mark.parametrize(("sku", "shipping_discount"), [("A", "10.00"), ("C", "0.00")])
def test_example_10_free_shipping_threshold(sku, shipping_discount):
    promo = {"id": "P1", "kind": "free_shipping", "min_spend": "99.00"}
    result = bruteforce.price(case([(sku, 1)], [promo]))
    assert result.shipping_discount == cents(shipping_discount)


def test_example_11_thresholds_are_parallel():
    promotions = [
        threshold("P1", spend("200.00", amount_off="30.00")),
        threshold("P2", spend("200.00", amount_off="20.00"), code="SAVE20"),
    ]
    result = bruteforce.price(case([("A", 2)], promotions, codes=["SAVE20"]))
    assert (result.discount, result.total) == (cents("50.00"), cents("160.00"))


def test_example_12_item_discount_can_take_a_cart_below_a_threshold_base():
    promotions = [
        {"id": "P1", "kind": "percent_off", "percent": 50, "targets": {"skus": ["D"]}},
        threshold("P2", spend("200.00", amount_off="50.00")),
    ]
    result = bruteforce.price(case([("A", 1), ("B", 1), ("D", 1)], promotions))
    assert result.discount == cents("90.00")


def test_example_13_last_tier_reached_applies():
    promo = threshold(
        "P1",
        spend("199.00", amount_off="20.00"),
        spend("299.00", amount_off="40.00"),
        spend("399.00", amount_off="60.00"),
    )
    result = bruteforce.price(case([("A", 2), ("B", 1)], [promo]))
    assert result.discount == cents("20.00")


def test_example_14_tier_price():
    promo = {
        "id": "P1",
        "kind": "tier_price",
        "tiers": [{"min_qty": 1, "price": "100.00"}, {"min_qty": 10, "price": "90.00"}],
    }
    assert bruteforce.price(case([("A", 12)], [promo])).discount == cents("120.00")


@pytest.mark.parametrize(("amount_off", "discount"), [("15.00", "15.00"), ("30.00", "0.00")])
def test_example_15_budget_is_all_or_nothing(amount_off, discount):
    promo = threshold("P1", spend("100.00", amount_off=amount_off), limits={"budget": "100.00"})
    raw = case([("A", 1)], [promo], usage={"P1": {"discount_given": "80.00"}})
    result = bruteforce.price(raw)
    assert result.discount == cents(discount)


@pytest.mark.parametrize(
    ("now", "discount", "reasons"),
    [
        ("2026-11-11T23:59:59+08:00", "10.00", {}),
        ("2026-11-12T00:00:00+08:00", "0.00", {"P1": "ended"}),
    ],
)
def test_example_16_window_is_half_open(now, discount, reasons):
    promo = {
        "id": "P1",
        "kind": "percent_off",
        "percent": 10,
        "conditions": {"ends_at": "2026-11-12T00:00:00+08:00"},
    }
    result = bruteforce.price(case([("A", 1)], [promo], now=now))
    assert (result.discount, result.reasons) == (cents(discount), reasons)


def test_example_17_item_percent_rounds_half_up_per_unit():
    raw = case([("X", 1)], [{"id": "P1", "kind": "percent_off", "percent": 15}])
    raw["items"] = {"X": {"price": "19.90"}}
    result = bruteforce.price(raw)
    assert (result.discount, result.line_totals) == (299, [1691])


def test_example_18_percent_reward_is_of_the_layer_start():
    promotions = [
        threshold("P1", spend("100.00", amount_off="20.00")),
        threshold("P2", spend("100.00", percent_off=10)),
    ]
    result = bruteforce.price(case([("B", 2), ("C", 1)], promotions))
    assert result.applied == {"P1": cents("20.00"), "P2": cents("15.00")}
    assert result.discount == cents("35.00")


def test_allocate_breaks_ties_by_remainder_weight_then_line():
    assert bruteforce.allocate(1, [50, 50]) == [1, 0]
    assert bruteforce.allocate(2, [1, 2, 2]) == [0, 1, 1]
    assert bruteforce.allocate(100, [1, 1, 1]) == [34, 33, 33]


def test_percent_of_rounds_half_up():
    assert bruteforce.percent_of(1990, 15) == 299
    assert bruteforce.percent_of(1, 50) == 1
