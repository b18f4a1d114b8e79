"""The pricing rules beyond the worked examples, one behaviour per test."""

from __future__ import annotations

from decimal import Decimal

import pytest

from promotions.engine import price_case

ITEMS = {
    "A": {"price": "100.00"},
    "B": {"price": "60.00"},
    "C": {"price": "30.00", "categories": ["food"]},
    "D": {"price": "80.00", "categories": ["apparel/tops"]},
    "E": {"price": "10.00", "categories": ["food/snacks"], "tags": ["sale"]},
}


def case(cart: list[tuple[str, int]], promotions: list[dict], **extra) -> dict:
    return {
        "now": "2026-11-11T20:00:00+08:00",
        "items": ITEMS,
        "cart": [{"sku": sku, "qty": qty} for sku, qty in cart],
        "promotions": promotions,
        **extra,
    }


def threshold(pid: str, *tiers: dict, **fields) -> dict:
    return {"id": pid, "kind": "spend_threshold", "tiers": list(tiers), **fields}


def applied(result: dict) -> dict[str, dict]:
    return {entry["promotion"]: entry for entry in result["applied"]}


def reasons(result: dict) -> dict[str, str]:
    return {e["promotion"]: e["reason"] for e in result["not_applied"] if "promotion" in e}


def adjustments(result: dict) -> list[dict[str, str]]:
    return [{a["promotion"]: a["amount"] for a in line["adjustments"]} for line in result["lines"]]


def test_equal_item_prices_go_to_the_higher_priority_then_the_smaller_id():
    result = price_case(
        case(
            [("A", 1)],
            [
                {"id": "P1", "kind": "percent_off", "percent": 10},
                {"id": "P3", "kind": "special_price", "price": "90.00", "priority": 1},
                {"id": "P2", "kind": "amount_off", "amount": "10.00", "priority": 1},
            ],
        )
    )
    assert list(applied(result)) == ["P2"]
    assert reasons(result) == {"P1": "not_best", "P3": "not_best"}


def test_a_special_price_never_raises_and_an_amount_off_stops_at_zero():
    result = price_case(
        case(
            [("A", 1), ("B", 1)],
            [
                {
                    "id": "P1",
                    "kind": "special_price",
                    "price": "120.00",
                    "targets": {"skus": ["A"]},
                },
                {"id": "P2", "kind": "amount_off", "amount": "150.00", "targets": {"skus": ["B"]}},
            ],
        )
    )
    assert [line["total"] for line in result["lines"]] == ["100.00", "0.00"]
    assert reasons(result) == {"P1": "not_best"}


def test_capped_units_go_to_the_units_that_save_the_most():
    promotions = [
        {
            "id": "P1",
            "kind": "percent_off",
            "percent": 50,
            "targets": {"skus": ["A", "D"]},
            "limits": {"stock_cap": 3},
        },
        {"id": "P2", "kind": "percent_off", "percent": 10},
    ]
    result = price_case(case([("A", 2), ("D", 2)], promotions, usage={"P1": {"units_sold": 1}}))
    assert adjustments(result) == [{"P1": "100.00"}, {"P2": "16.00"}]
    assert applied(result)["P1"]["applications"] == 2
    assert applied(result)["P2"]["applications"] == 2


def test_the_smaller_of_stock_and_per_customer_caps_applies():
    promotions = [
        {
            "id": "P1",
            "kind": "percent_off",
            "percent": 50,
            "targets": {"skus": ["A", "D"]},
            "limits": {"stock_cap": 3, "per_customer_qty": 2},
        },
        {"id": "P2", "kind": "percent_off", "percent": 10},
    ]
    result = price_case(
        case(
            [("A", 2), ("D", 2)],
            promotions,
            usage={"P1": {"units_sold": 1}},
            customer={"id": "u1", "units_bought": {"P1": 1}},
        )
    )
    assert adjustments(result) == [{"P1": "50.00", "P2": "10.00"}, {"P2": "16.00"}]
    assert applied(result)["P2"]["amount"] == "26.00"
    assert applied(result)["P2"]["applications"] == 3


def test_an_item_promotion_over_its_budget_gives_nothing_and_the_units_are_repriced():
    promotions = [
        {"id": "P1", "kind": "percent_off", "percent": 50, "limits": {"budget": "100.00"}},
        {"id": "P2", "kind": "percent_off", "percent": 10},
    ]
    result = price_case(case([("A", 1)], promotions, usage={"P1": {"discount_given": "60.00"}}))
    assert list(applied(result)) == ["P2"]
    assert reasons(result) == {"P1": "budget_exhausted"}


def test_a_coded_item_promotion_takes_a_coupon_slot_first():
    promotions = [
        {"id": "P1", "kind": "percent_off", "percent": 20, "code": "A20"},
        threshold("P2", {"min_spend": "50.00", "amount_off": "10.00"}, code="C10"),
    ]
    result = price_case(case([("A", 1)], promotions, codes=["a20", "c10"]))
    assert result["total"] == "80.00"
    assert reasons(result) == {"P2": "coupon_limit"}


def test_a_tier_price_below_its_first_tier_hints_at_it():
    promotions = [
        {"id": "P1", "kind": "tier_price", "tiers": [{"min_qty": 3, "price": "90.00"}]},
        {"id": "P2", "kind": "tier_price", "tiers": [{"min_qty": 1, "price": "100.00"}]},
    ]
    result = price_case(case([("A", 1)], promotions))
    assert result["not_applied"] == [
        {
            "promotion": "P1",
            "reason": "min_not_met",
            "hint": {"add_qty": 2, "reward": {"price": "90.00"}},
        },
        {"promotion": "P2", "reason": "not_best"},
    ]


def test_a_category_target_includes_its_descendants_only():
    promotions = [
        {"id": "P1", "kind": "percent_off", "percent": 10, "targets": {"categories": ["food"]}},
        {
            "id": "P2",
            "kind": "amount_off",
            "amount": "50.00",
            "targets": {"categories": ["food/snacks", "apparel"]},
        },
    ]
    result = price_case(case([("C", 1), ("E", 1), ("D", 1)], promotions))
    assert adjustments(result) == [{"P1": "3.00"}, {"P2": "10.00"}, {"P2": "50.00"}]


def test_an_empty_cart_is_eligible_for_nothing():
    promotions = [{"id": "P1", "kind": "free_shipping"}]
    result = price_case(case([], promotions, shipping="5.00"))
    assert result["total"] == "5.00"
    assert reasons(result) == {"P1": "no_eligible_items"}


def test_exclude_alone_targets_every_other_item():
    promotions = [
        {
            "id": "P1",
            "kind": "percent_off",
            "percent": 10,
            "targets": {"exclude": {"tags": ["sale"]}},
        }
    ]
    only_excluded = price_case(case([("E", 1)], promotions))
    assert reasons(only_excluded) == {"P1": "no_eligible_items"}
    mixed = price_case(case([("E", 1), ("C", 1)], promotions))
    assert adjustments(mixed) == [{}, {"P1": "3.00"}]


@pytest.mark.parametrize(
    ("promotion", "extra", "reason"),
    [
        ({"conditions": {"starts_at": "2026-11-11T20:00:01+08:00"}}, {}, "not_started"),
        ({"conditions": {"ends_at": "2026-11-11T12:00:00Z"}}, {}, "ended"),
        ({"conditions": {"channels": ["app"]}}, {"channel": "web"}, "not_eligible_customer"),
        ({"conditions": {"channels": ["app"]}}, {}, "not_eligible_customer"),
        ({"conditions": {"first_order": True}}, {}, "not_eligible_customer"),
        ({"code": "SAVE"}, {"codes": ["SAVED"]}, "code_not_given"),
        ({"limits": {"usage_limit": 5}}, {"usage": {"P1": {"uses": 5}}}, "usage_limit_reached"),
        (
            {"limits": {"budget": "10.00"}},
            {"usage": {"P1": {"discount_given": "10.00"}}},
            "budget_exhausted",
        ),
        (
            {"limits": {"stock_cap": 5}},
            {"usage": {"P1": {"units_sold": 5}}},
            "stock_cap_reached",
        ),
        ({"targets": {"brands": ["acme"]}}, {}, "no_eligible_items"),
    ],
)
def test_prechecks_explain_why_a_promotion_cannot_apply(promotion, extra, reason):
    promo = {"id": "P1", "kind": "percent_off", "percent": 10, **promotion}
    result = price_case(case([("A", 1)], [promo], **extra))
    assert result["not_applied"][0] == {"promotion": "P1", "reason": reason}
    assert result["discount"] == "0.00"


def test_an_exclusive_promotion_excludes_the_others_of_layers_2_to_4_only():
    promotions = [
        threshold("P1", {"min_spend": "100.00", "amount_off": "50.00"}, exclusive=True),
        threshold("P2", {"min_qty": 1, "percent_off": 10}),
        {"id": "P3", "kind": "free_shipping"},
    ]
    result = price_case(case([("A", 1)], promotions, shipping="10.00"))
    assert list(applied(result)) == ["P1", "P3"]
    assert result["total"] == "50.00"
    assert result["not_applied"] == [{"promotion": "P2", "reason": "excluded", "by": "P1"}]


@pytest.mark.parametrize(("max_coupons", "discount"), [(1, "20.00"), (2, "30.00")])
def test_codes_beyond_max_coupons_stay_unused(max_coupons, discount):
    promotions = [
        threshold("P1", {"min_spend": "50.00", "amount_off": "10.00"}, code="X"),
        threshold("P2", {"min_spend": "50.00", "amount_off": "20.00"}, code="Y"),
    ]
    result = price_case(case([("A", 1)], promotions, codes=["X", "Y"], max_coupons=max_coupons))
    assert result["discount"] == discount
    if max_coupons == 1:
        assert reasons(result) == {"P1": "coupon_limit"}
    assert {entry["layer"] for entry in result["applied"]} == {"coupon"}


def test_unknown_codes_are_listed_once_as_typed():
    promotions = [threshold("P1", {"min_spend": "50.00", "amount_off": "10.00"}, code="X")]
    result = price_case(case([("A", 1)], promotions, codes=[" nope ", "NOPE", "x"]))
    assert list(applied(result)) == ["P1"]
    assert result["not_applied"] == [{"code": "nope", "reason": "unknown_code"}]


def test_shipping_promotions_stack_up_to_the_fee():
    promotions = [
        {"id": "P1", "kind": "free_shipping", "amount_off": "6.00"},
        {"id": "P2", "kind": "free_shipping", "percent_off": 50},
    ]
    result = price_case(case([("A", 1)], promotions, shipping="10.00"))
    assert result["shipping_discount"] == "10.00"
    assert [(e["promotion"], e["amount"]) for e in result["applied"]] == [
        ("P1", "6.00"),
        ("P2", "4.00"),
    ]


def test_a_second_free_shipping_that_adds_nothing_is_left_out():
    promotions = [
        {"id": "P2", "kind": "free_shipping"},
        {"id": "P1", "kind": "free_shipping", "min_qty": 1},
    ]
    result = price_case(case([("A", 1)], promotions, shipping="10.00"))
    assert list(applied(result)) == ["P1"]
    assert reasons(result) == {"P2": "not_best"}


def test_a_gift_is_listed_with_its_catalog_value_outside_the_totals():
    promo = {"id": "P1", "kind": "gift", "tiers": [{"min_spend": "100.00"}], "sku": "B"}
    result = price_case(case([("A", 1)], [promo]))
    assert result["gifts"] == [{"promotion": "P1", "sku": "B", "qty": 1, "value": "60.00"}]
    assert result["applied"] == [
        {"promotion": "P1", "layer": "order", "amount": "0.00", "applications": 1}
    ]
    assert result["total"] == "100.00"


def test_the_larger_gift_wins_a_tie_but_never_beats_a_discount():
    gifts = [
        {"id": "P1", "kind": "gift", "tiers": [{"min_qty": 1}], "sku": "C", "exclusive_group": "g"},
        {"id": "P2", "kind": "gift", "tiers": [{"min_qty": 1}], "sku": "B", "exclusive_group": "g"},
    ]
    result = price_case(case([("A", 1)], gifts))
    assert [gift["sku"] for gift in result["gifts"]] == ["B"]
    assert reasons(result) == {"P1": "not_best"}
    cent = threshold("P3", {"min_qty": 1, "amount_off": "0.01"}, exclusive_group="g")
    result = price_case(case([("A", 1)], [*gifts, cent]))
    assert result["gifts"] == []
    assert list(applied(result)) == ["P3"]


@pytest.mark.parametrize(
    ("limits", "discount", "applications"), [({}, "10.00", 2), ({"max_applications": 1}, "5.00", 1)]
)
def test_repeat_gives_one_reward_per_whole_multiple(limits, discount, applications):
    promo = threshold("P1", {"min_qty": 2, "amount_off": "5.00"}, repeat=True, limits=limits)
    result = price_case(case([("A", 5)], [promo]))
    assert result["discount"] == discount
    assert applied(result)["P1"]["applications"] == applications


def test_max_discount_caps_a_percentage():
    promo = threshold("P1", {"min_spend": "100.00", "percent_off": 50}, max_discount="20.00")
    assert price_case(case([("A", 1)], [promo]))["discount"] == "20.00"


def test_hints_name_the_gap_and_the_next_reward():
    promotions = [
        {"id": "P1", "kind": "free_shipping", "min_qty": 3},
        threshold("P2", {"min_spend": "300.00", "percent_off": 10}),
        {
            "id": "P3",
            "kind": "gift",
            "sku": "B",
            "tiers": [{"min_spend": "100.00"}, {"min_spend": "200.00", "sku": "C", "qty": 2}],
        },
    ]
    result = price_case(case([("A", 1)], promotions, shipping="8.00"))
    assert applied(result)["P3"]["hint"] == {
        "spend_more": "100.00",
        "reward": {"sku": "C", "qty": 2},
    }
    assert result["not_applied"] == [
        {
            "promotion": "P2",
            "reason": "min_not_met",
            "hint": {"spend_more": "200.00", "reward": {"percent_off": 10}},
        },
        {"promotion": "P1", "reason": "min_not_met", "hint": {"add_qty": 2, "reward": {}}},
    ]


def test_buy_x_get_y_with_get_targets_rewards_a_get_unit():
    promo = {
        "id": "P1",
        "kind": "buy_x_get_y",
        "buy": 1,
        "get": 1,
        "targets": {"skus": ["A"]},
        "get_targets": {"categories": ["food"]},
    }
    result = price_case(case([("A", 1), ("C", 2)], [promo]))
    assert result["discount"] == "30.00"
    assert adjustments(result) == [{"P1": "23.08"}, {"P1": "6.92"}]


def test_a_share_may_leave_out_a_unit_that_would_be_the_cheapest():
    promotions = [
        {
            "id": "P1",
            "kind": "special_price",
            "price": "40.00",
            "targets": {"skus": ["B"]},
            "limits": {"stock_cap": 1},
        },
        {"id": "P2", "kind": "nth_item", "n": 2, "percent": 50},
    ]
    result = price_case(case([("B", 3)], promotions))
    assert applied(result)["P2"]["amount"] == "30.00"
    assert result["lines"][0]["total"] == "130.00"


def test_a_bundle_is_made_only_where_it_is_cheaper():
    def bundle(price: str) -> dict:
        return {"id": "P1", "kind": "bundle_price", "size": 2, "price": price}

    assert price_case(case([("A", 2)], [bundle("150.00")]))["discount"] == "50.00"
    result = price_case(case([("A", 2)], [bundle("250.00")]))
    assert reasons(result) == {"P1": "not_best"}


def test_too_few_units_for_a_group_is_min_not_met():
    promo = {"id": "P1", "kind": "buy_x_get_y", "buy": 2, "get": 1}
    assert reasons(price_case(case([("A", 2)], [promo]))) == {"P1": "min_not_met"}


def test_max_applications_limits_the_groups():
    promo = {
        "id": "P1",
        "kind": "buy_x_get_y",
        "buy": 1,
        "get": 1,
        "limits": {"max_applications": 1},
    }
    result = price_case(case([("A", 4)], [promo]))
    assert result["discount"] == "100.00"
    assert applied(result)["P1"]["applications"] == 1


def test_a_multi_unit_promotion_is_left_out_when_it_would_lose_a_threshold():
    promotions = [
        threshold("P1", {"min_spend": "200.00", "amount_off": "60.00"}),
        {"id": "P2", "kind": "buy_x_get_y", "buy": 1, "get": 1, "percent": 50},
    ]
    result = price_case(case([("A", 2)], promotions))
    assert result["total"] == "140.00"
    assert reasons(result) == {"P2": "not_best"}


def test_a_promotion_that_adds_nothing_after_an_earlier_one_is_left_out():
    promotions = [
        threshold("P1", {"min_qty": 1, "amount_off": "10.00"}),
        threshold("P2", {"min_qty": 1, "percent_off": 100}),
    ]
    result = price_case(case([("C", 1)], promotions))
    assert result["total"] == "0.00"
    assert list(applied(result)) == ["P2"]
    assert reasons(result) == {"P1": "not_best"}


def test_not_applied_lists_by_layer_then_id():
    promotions = [
        {"id": "A9", "kind": "free_shipping", "min_spend": "999.00"},
        {"id": "M2", "kind": "buy_x_get_y", "buy": 5, "get": 1},
        {"id": "Z1", "kind": "special_price", "price": "500.00"},
    ]
    result = price_case(case([("A", 1)], promotions, shipping="5.00"))
    assert [entry["promotion"] for entry in result["not_applied"]] == ["Z1", "M2", "A9"]


def test_a_search_past_its_node_limit_is_not_called_optimal():
    promotions = [threshold("P1", {"min_qty": 1, "amount_off": "1.00"})]
    assert price_case(case([("A", 1)], promotions))["optimal"] is True
    assert price_case(case([("A", 1)], promotions), max_nodes=1)["optimal"] is False
    assert price_case(case([("A", 1)], []), max_nodes=0)["optimal"] is True


def test_a_node_limit_returns_a_valid_answer_marked_not_optimal():
    promotions = [
        threshold(f"P{k}", {"min_qty": 1, "amount_off": f"{k}.00"}, exclusive_group=f"g{k % 2}")
        for k in range(1, 7)
    ]
    full = price_case(case([("A", 1)], promotions))
    assert full["optimal"] is True
    assert full["discount"] == "11.00"
    limited = price_case(case([("A", 1)], promotions), max_nodes=1)
    assert limited["optimal"] is False
    assert Decimal(limited["discount"]) <= Decimal(full["discount"])


def test_a_search_cut_short_in_any_scenario_is_not_called_optimal():
    # The exclusive promotion's scenario stops at the node limit before it finds that one
    # pair fits the budget; the empty scenario then wins a tie, and must not be "optimal".
    case = {
        "items": {"A": {"price": "9.90", "categories": ["food"]}},
        "cart": [{"sku": "A", "qty": 2}, {"sku": "A", "qty": 2}],
        "promotions": [
            {
                "id": "P01",
                "kind": "nth_item",
                "n": 2,
                "percent": 6,
                "exclusive": True,
                "limits": {"budget": "1.00"},
            }
        ],
    }
    cut = price_case(case, max_nodes=1)
    assert (cut["total"], cut["optimal"]) == ("39.60", False)
    full = price_case(case)
    assert (full["total"], full["optimal"]) == ("39.01", True)
