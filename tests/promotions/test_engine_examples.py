"""The spec's worked examples and its command example, priced by the engine."""

from __future__ import annotations

import pytest

from promotions.engine import price_case

ITEMS = {
    "A": {"price": "100.00"},
    "B": {"price": "60.00"},
    "C": {"price": "30.00", "categories": ["food"]},
    "D": {"price": "80.00", "categories": ["apparel"]},
}


def case(cart: list[tuple[str, int]], promotions: list[dict], **extra) -> dict:
    """Return a worked-example case: shipping 10.00, one cart line per SKU in the order named."""
    return {
        "currency": "CNY",
        "now": "2026-11-11T20:00:00+08:00",
        "items": ITEMS,
        "cart": [{"sku": sku, "qty": qty} for sku, qty in cart],
        "shipping": "10.00",
        "promotions": promotions,
        **extra,
    }


def threshold(pid: str, *tiers: dict, **fields) -> dict:
    return {"id": pid, "name": pid, "kind": "spend_threshold", "tiers": list(tiers), **fields}


def spend(min_spend: str, **reward) -> dict:
    return {"min_spend": min_spend, **reward}


def applied(result: dict) -> dict[str, dict]:
    return {entry["promotion"]: entry for entry in result["applied"]}


def not_applied(result: dict) -> dict[str, dict]:
    return {entry["promotion"]: entry for entry in result["not_applied"] if "promotion" in entry}


def line_adjustments(result: dict) -> list[dict[str, str]]:
    return [
        {entry["promotion"]: entry["amount"] for entry in line["adjustments"]}
        for line in result["lines"]
    ]


def test_example_1_spend_threshold():
    result = price_case(case([("A", 3)], [threshold("P1", spend("200.00", amount_off="30.00"))]))
    assert result["discount"] == "30.00"
    assert result["total"] == "280.00"
    assert applied(result)["P1"] == {
        "promotion": "P1",
        "layer": "order",
        "amount": "30.00",
        "applications": 1,
    }
    assert result["optimal"] is True


def test_example_2_repeat_is_capped_by_max_discount():
    promo = threshold("P1", spend("100.00", amount_off="10.00"), repeat=True, max_discount="25.00")
    result = price_case(case([("A", 3)], [promo]))
    assert result["discount"] == "25.00"
    assert result["total"] == "285.00"
    assert applied(result)["P1"]["amount"] == "25.00"
    assert applied(result)["P1"]["applications"] == 3


def test_example_3_min_qty_percent_off_is_allocated_by_amount():
    promo = threshold("P1", {"min_qty": 2, "percent_off": 10})
    result = price_case(case([("A", 1), ("B", 1)], [promo]))
    assert result["discount"] == "16.00"
    assert line_adjustments(result) == [{"P1": "10.00"}, {"P1": "6.00"}]


def test_example_4_buy_two_get_one_is_allocated_over_the_units_used():
    promo = {"id": "P1", "kind": "buy_x_get_y", "buy": 2, "get": 1}
    result = price_case(case([("A", 1), ("B", 1), ("C", 1)], [promo]))
    assert result["discount"] == "30.00"
    assert line_adjustments(result) == [{"P1": "15.79"}, {"P1": "9.47"}, {"P1": "4.74"}]
    assert applied(result)["P1"]["layer"] == "multi_unit"
    assert applied(result)["P1"]["applications"] == 1


def test_example_5_the_cheapest_units_of_all_groups_are_rewarded():
    items = {f"S{price}": {"price": f"{price}.00"} for price in (100, 90, 80, 70, 60, 50)}
    raw = case(
        [(sku, 1) for sku in items], [{"id": "P1", "kind": "buy_x_get_y", "buy": 2, "get": 1}]
    )
    raw["items"] = items
    result = price_case(raw)
    assert result["discount"] == "110.00"
    assert applied(result)["P1"]["applications"] == 2
    assert applied(result)["P1"]["amount"] == "110.00"


def test_example_6_second_unit_half_price():
    promo = {"id": "P1", "kind": "nth_item", "n": 2, "percent": 50}
    result = price_case(case([("B", 3)], [promo]))
    assert result["discount"] == "30.00"
    assert result["lines"][0]["total"] == "150.00"


def test_example_7_bundle_price():
    promo = {"id": "P1", "kind": "bundle_price", "size": 3, "price": "99.00"}
    result = price_case(case([("C", 2), ("B", 1)], [promo]))
    assert result["discount"] == "21.00"
    assert line_adjustments(result) == [{"P1": "10.50"}, {"P1": "10.50"}]


def test_example_8_threshold_base_is_after_the_item_layer():
    promotions = [
        {"id": "P1", "kind": "percent_off", "percent": 20, "targets": {"skus": ["A"]}},
        threshold("P2", spend("200.00", amount_off="30.00")),
    ]
    result = price_case(case([("A", 3)], promotions))
    assert result["discount"] == "90.00"
    assert result["total"] == "220.00"
    assert line_adjustments(result) == [{"P1": "60.00", "P2": "30.00"}]
    assert applied(result)["P1"] == {
        "promotion": "P1",
        "layer": "item",
        "amount": "60.00",
        "applications": 3,
    }


def test_example_9_exclusive_group_keeps_the_better_promotion():
    promotions = [
        threshold("P1", spend("200.00", amount_off="30.00"), exclusive_group="store"),
        threshold("P2", spend("300.00", percent_off=10), exclusive_group="store"),
    ]
    result = price_case(case([("A", 4)], promotions))
    assert result["discount"] == "40.00"
    assert list(applied(result)) == ["P2"]
    assert not_applied(result)["P1"] == {"promotion": "P1", "reason": "not_best"}


def test_example_10_free_shipping_over_99():
    promo = {"id": "P1", "kind": "free_shipping", "min_spend": "99.00"}
    met = price_case(case([("A", 1)], [promo]))
    assert met["shipping_discount"] == "10.00"
    assert met["total"] == "100.00"
    assert applied(met)["P1"]["layer"] == "shipping"
    assert applied(met)["P1"]["amount"] == "10.00"

    missed = price_case(case([("C", 1)], [promo]))
    assert missed["shipping_discount"] == "0.00"
    assert missed["total"] == "40.00"
    assert not_applied(missed)["P1"] == {
        "promotion": "P1",
        "reason": "min_not_met",
        "hint": {"spend_more": "69.00", "reward": {}},
    }


def test_example_11_thresholds_are_judged_in_parallel():
    promotions = [
        threshold("P1", spend("200.00", amount_off="30.00")),
        threshold("P2", spend("200.00", amount_off="20.00"), code="SAVE20"),
    ]
    result = price_case(case([("A", 2)], promotions, codes=["SAVE20"]))
    assert result["discount"] == "50.00"
    assert result["total"] == "160.00"
    assert applied(result)["P1"]["layer"] == "order"
    assert applied(result)["P2"]["layer"] == "coupon"


def test_example_12_an_item_discount_lowers_the_threshold_base():
    promotions = [
        threshold("P1", spend("200.00", amount_off="50.00")),
        {"id": "P2", "kind": "percent_off", "percent": 50, "targets": {"skus": ["D"]}},
    ]
    result = price_case(case([("A", 1), ("B", 1), ("D", 1)], promotions))
    assert result["discount"] == "90.00"
    assert applied(result)["P2"]["amount"] == "40.00"
    assert applied(result)["P1"]["amount"] == "50.00"


def test_example_13_the_applied_tier_hints_at_the_next_one():
    promo = threshold(
        "P1",
        spend("199.00", amount_off="20.00"),
        spend("299.00", amount_off="40.00"),
        spend("399.00", amount_off="60.00"),
    )
    result = price_case(case([("A", 2), ("B", 1)], [promo]))
    assert result["discount"] == "20.00"
    assert applied(result)["P1"]["hint"] == {
        "spend_more": "39.00",
        "reward": {"amount_off": "40.00"},
    }


def test_example_14_tier_price():
    promo = {
        "id": "P1",
        "kind": "tier_price",
        "tiers": [{"min_qty": 1, "price": "100.00"}, {"min_qty": 10, "price": "90.00"}],
    }
    result = price_case(case([("A", 12)], [promo]))
    assert result["discount"] == "120.00"
    assert applied(result)["P1"]["applications"] == 12


@pytest.mark.parametrize(("amount_off", "discount"), [("15.00", "15.00"), ("30.00", "0.00")])
def test_example_15_budget_gives_all_or_nothing(amount_off, discount):
    promo = threshold("P1", spend("100.00", amount_off=amount_off), limits={"budget": "100.00"})
    result = price_case(case([("A", 1)], [promo], usage={"P1": {"discount_given": "80.00"}}))
    assert result["discount"] == discount
    if discount == "0.00":
        assert not_applied(result)["P1"] == {"promotion": "P1", "reason": "budget_exhausted"}
    else:
        assert applied(result)["P1"]["amount"] == discount


@pytest.mark.parametrize(
    ("now", "discount"),
    [("2026-11-11T23:59:59+08:00", "10.00"), ("2026-11-12T00:00:00+08:00", "0.00")],
)
def test_example_16_the_time_window_is_half_open(now, discount):
    promo = {
        "id": "P1",
        "kind": "percent_off",
        "percent": 10,
        "conditions": {"ends_at": "2026-11-12T00:00:00+08:00"},
    }
    result = price_case(case([("A", 1)], [promo], now=now))
    assert result["discount"] == discount
    if discount == "0.00":
        assert not_applied(result)["P1"] == {"promotion": "P1", "reason": "ended"}


def test_example_17_percent_rounds_half_up_per_unit():
    raw = case([("X", 1)], [{"id": "P1", "kind": "percent_off", "percent": 15}])
    raw["items"] = {"X": {"price": "19.90"}}
    result = price_case(raw)
    assert result["discount"] == "2.99"
    assert result["lines"][0]["total"] == "16.91"


def test_example_18_percent_rewards_take_the_layer_start_amounts():
    promotions = [
        threshold("P1", spend("100.00", amount_off="20.00")),
        threshold("P2", spend("100.00", percent_off=10)),
    ]
    result = price_case(case([("B", 2), ("C", 1)], promotions))
    assert result["discount"] == "35.00"
    assert applied(result)["P1"]["amount"] == "20.00"
    assert applied(result)["P2"]["amount"] == "15.00"


def test_the_command_example_prices_to_the_documented_output():
    raw = {
        "currency": "CNY",
        "now": "2026-11-11T20:00:00+08:00",
        "items": {
            "TEE-W-M": {
                "price": "99.00",
                "product": "tee",
                "categories": ["apparel", "apparel/tops"],
                "brand": "acme",
                "tags": ["summer"],
            }
        },
        "cart": [{"sku": "TEE-W-M", "qty": 3}],
        "customer": {
            "id": "u1",
            "segments": ["vip"],
            "first_order": False,
            "uses": {"P9": 1},
            "units_bought": {"P1": 1},
        },
        "usage": {"P9": {"uses": 99, "discount_given": "1200.00", "units_sold": 40}},
        "codes": ["SAVE20"],
        "max_coupons": 1,
        "channel": "web",
        "shipping": "10.00",
        "promotions": [
            {
                "id": "P1",
                "name": "满200减30",
                "kind": "spend_threshold",
                "tiers": [{"min_spend": "200.00", "amount_off": "30.00"}],
            }
        ],
    }
    assert price_case(raw) == {
        "currency": "CNY",
        "lines": [
            {
                "sku": "TEE-W-M",
                "qty": 3,
                "unit_price": "99.00",
                "subtotal": "297.00",
                "discount": "30.00",
                "total": "267.00",
                "adjustments": [{"promotion": "P1", "amount": "30.00"}],
            }
        ],
        "gifts": [],
        "subtotal": "297.00",
        "discount": "30.00",
        "shipping": "10.00",
        "shipping_discount": "0.00",
        "total": "277.00",
        "applied": [{"promotion": "P1", "layer": "order", "amount": "30.00", "applications": 1}],
        "not_applied": [{"code": "SAVE20", "reason": "unknown_code"}],
        "optimal": True,
    }
