"""Malformed cases: each raises one CaseError naming the field and what is wrong with it."""

from __future__ import annotations

import copy

import pytest

from promotions.engine import CaseError, price_case

BASE = {
    "currency": "CNY",
    "now": "2026-11-11T20:00:00+08:00",
    "items": {"A": {"price": "100.00", "categories": ["food"]}, "B": {"price": "60.00"}},
    "cart": [{"sku": "A", "qty": 2}, {"sku": "B", "qty": 1}],
    "customer": {"id": "u1", "segments": ["vip"], "uses": {"P1": 0}},
    "usage": {"P1": {"uses": 1, "discount_given": "10.00"}},
    "codes": ["SAVE"],
    "max_coupons": 1,
    "shipping": "10.00",
    "promotions": [
        {
            "id": "P1",
            "kind": "spend_threshold",
            "tiers": [
                {"min_spend": "100.00", "amount_off": "10.00"},
                {"min_spend": "200.00", "percent_off": 10},
            ],
            "targets": {"categories": ["food"], "exclude": {"tags": ["sale"]}},
            "conditions": {"starts_at": "2026-11-01T00:00:00+08:00"},
            "limits": {"budget": "500.00"},
        },
        {"id": "P2", "kind": "percent_off", "percent": 10, "code": "SAVE"},
        {"id": "P3", "kind": "buy_x_get_y", "buy": 2, "get": 1},
        {"id": "P4", "kind": "gift", "tiers": [{"min_qty": 2}], "sku": "B"},
        {"id": "P5", "kind": "free_shipping", "min_spend": "99.00"},
        {"id": "P6", "kind": "tier_price", "tiers": [{"min_qty": 2, "price": "90.00"}]},
    ],
}

DROP = object()


def changed(*steps) -> dict:
    """Return BASE with each (path, value) step applied; DROP removes the key."""
    case = copy.deepcopy(BASE)
    for path, value in steps:
        parent = case
        for key in path[:-1]:
            parent = parent[key]
        if value is DROP:
            del parent[path[-1]]
        else:
            parent[path[-1]] = value
    return case


def promotion(index: int, **fields) -> tuple:
    return (("promotions", index), {**BASE["promotions"][index], **fields})


MALFORMED = [
    (changed((("items",), DROP)), "items", "required"),
    (changed((("cart",), {"sku": "A"})), "cart", "not a list"),
    (changed((("colour",), "red")), "colour", "unknown key"),
    (changed((("shipping",), "-1.00")), "shipping", "must not be negative"),
    (changed((("shipping",), "1.234")), "shipping", "more than two decimal places"),
    (changed((("shipping",), "1e3")), "shipping", "not a decimal"),
    (changed((("now",), "2026-11-11T20:00:00")), "now", "needs a UTC offset"),
    (changed((("now",), "tomorrow")), "now", "not an ISO 8601 date and time"),
    (changed((("max_coupons",), -1)), "max_coupons", "must not be negative"),
    (changed((("codes",), [" "])), "codes[0]", "must not be empty"),
    (changed((("customer", "uses", "P1"), -1)), "customer.uses.P1", "must not be negative"),
    (changed((("usage", "P1", "discount_given"), "x")), "usage.P1.discount_given", "not a decimal"),
    (changed((("items", "A", "price"), DROP)), "items.A.price", "required"),
    (changed((("items", "A", "price"), "NaN")), "items.A.price", "not a decimal"),
    (changed((("items", "A", "price"), True)), "items.A.price", "not a decimal"),
    (changed((("items", "A", "categories"), "food")), "items.A.categories", "not a list"),
    (changed((("items", "A", "colour"), "red")), "items.A.colour", "unknown key"),
    (changed((("cart", 1, "qty"), 0)), "cart[1].qty", "must be at least 1"),
    (changed((("cart", 1, "qty"), "2")), "cart[1].qty", "not an integer"),
    (changed((("cart", 1, "qty"), True)), "cart[1].qty", "not an integer"),
    (changed((("cart", 1, "qty"), None)), "cart[1].qty", "required"),
    (changed((("cart", 0, "sku"), "Z")), "cart[0].sku", "unknown SKU"),
    (changed(promotion(1, id="P1")), "promotions[1].id", "duplicate id"),
    (changed(promotion(1, id=7)), "promotions[1].id", "not a string"),
    (changed((("promotions", 1, "kind"), DROP)), "promotions[1].kind", "required"),
    (changed(promotion(1, kind="half_price")), "promotions[1].kind", "unknown kind"),
    (changed(promotion(1, discount=5)), "promotions[1].discount", "unknown key"),
    (changed(promotion(1, percent=101)), "promotions[1].percent", "must be between 0 and 100"),
    (changed(promotion(1, percent=-1)), "promotions[1].percent", "must be between 0 and 100"),
    (
        changed(promotion(0, tiers=list(reversed(BASE["promotions"][0]["tiers"])))),
        "promotions[0].tiers[1].min_spend",
        "must be above the previous tier's",
    ),
    (
        changed(
            promotion(
                0, tiers=[{"min_spend": "1", "amount_off": "1"}, {"min_qty": 3, "amount_off": "2"}]
            )
        ),
        "promotions[0].tiers[1].min_qty",
        "every tier must use the same threshold",
    ),
    (
        changed(promotion(0, tiers=[{"min_spend": "1", "min_qty": 1, "amount_off": "1"}])),
        "promotions[0].tiers[0].min_qty",
        "give min_spend or min_qty, not both",
    ),
    (
        changed(promotion(0, tiers=[{"min_spend": "1"}])),
        "promotions[0].tiers[0].amount_off",
        "required (or percent_off)",
    ),
    (changed(promotion(0, tiers=[])), "promotions[0].tiers", "must not be empty"),
    (changed(promotion(0, repeat=True)), "promotions[0].tiers", "repeat takes exactly one tier"),
    (
        changed(promotion(0, repeat=True, tiers=[{"min_spend": "100", "percent_off": 5}])),
        "promotions[0].tiers[0].percent_off",
        "repeat takes amount_off",
    ),
    (
        changed(promotion(0, repeat=True, tiers=[{"min_spend": "0", "amount_off": 5}])),
        "promotions[0].tiers[0].min_spend",
        "must be above zero with repeat",
    ),
    (changed(promotion(0, targets={"sku": ["A"]})), "promotions[0].targets.sku", "unknown key"),
    (
        changed(promotion(0, targets={"skus": []})),
        "promotions[0].targets.skus",
        "must not be empty",
    ),
    (
        changed(promotion(0, targets={"exclude": {"exclude": {"skus": ["A"]}}})),
        "promotions[0].targets.exclude.exclude",
        "unknown key",
    ),
    (
        changed(
            promotion(
                0,
                conditions={
                    "starts_at": "2026-11-12T00:00:00+08:00",
                    "ends_at": "2026-11-11T16:00:00Z",
                },
            )
        ),
        "promotions[0].conditions.starts_at",
        "must be before ends_at",
    ),
    (
        changed(promotion(0, conditions={"ends_at": "2026-11-12"})),
        "promotions[0].conditions.ends_at",
        "needs a UTC offset",
    ),
    (
        changed(promotion(0, conditions={"first_order": "yes"})),
        "promotions[0].conditions.first_order",
        "not true or false",
    ),
    (
        changed(promotion(1, limits={"max_applications": 2})),
        "promotions[1].limits.max_applications",
        "only for multi-unit promotions and spend thresholds",
    ),
    (
        changed(promotion(0, limits={"stock_cap": 5})),
        "promotions[0].limits.stock_cap",
        "only for item promotions",
    ),
    (
        changed(promotion(0, limits={"budget": "-5"})),
        "promotions[0].limits.budget",
        "must not be negative",
    ),
    (changed(promotion(2, buy=0)), "promotions[2].buy", "must be at least 1"),
    (
        changed(promotion(2, get_targets={"tags": "x"})),
        "promotions[2].get_targets.tags",
        "not a list",
    ),
    (changed((("promotions", 3, "sku"), DROP)), "promotions[3].sku", "required"),
    (changed(promotion(3, sku="Z")), "promotions[3].sku", "unknown SKU"),
    (
        changed(promotion(3, tiers=[{"min_qty": 2, "sku": "Z"}])),
        "promotions[3].tiers[0].sku",
        "unknown SKU",
    ),
    (changed(promotion(3, qty=0)), "promotions[3].qty", "must be at least 1"),
    (
        changed(promotion(4, min_qty=2)),
        "promotions[4].min_qty",
        "give min_spend or min_qty, not both",
    ),
    (
        changed(promotion(4, amount_off="5", percent_off=50)),
        "promotions[4].percent_off",
        "give amount_off or percent_off, not both",
    ),
    (
        changed(promotion(5, tiers=[{"min_qty": 0, "price": "1"}])),
        "promotions[5].tiers[0].min_qty",
        "must be at least 1",
    ),
    (changed(promotion(1, code="  ")), "promotions[1].code", "must not be empty"),
    (changed(promotion(1, codes="SAVE")), "promotions[1].codes", "not a list"),
    (changed(promotion(1, exclusive="yes")), "promotions[1].exclusive", "not true or false"),
    (changed(promotion(1, priority="1")), "promotions[1].priority", "not an integer"),
]


@pytest.mark.parametrize(("case", "path", "message"), MALFORMED)
def test_a_malformed_case_raises_one_error_at_its_field(case, path, message):
    with pytest.raises(CaseError) as raised:
        price_case(case)
    assert (raised.value.path, raised.value.message) == (path, message)


def test_the_base_case_is_well_formed():
    assert price_case(copy.deepcopy(BASE))["optimal"] is True


def test_the_first_error_in_input_order_is_reported():
    case = changed((("cart", 0, "qty"), 0), promotion(1, percent=200))
    with pytest.raises(CaseError, match=r"^cart\[0\]\.qty: "):
        price_case(case)
    case = changed(promotion(1, percent=200), promotion(2, buy=0))
    with pytest.raises(CaseError, match=r"^promotions\[1\]\.percent: "):
        price_case(case)


def test_a_case_that_is_not_an_object_is_refused():
    with pytest.raises(CaseError) as raised:
        price_case([])
    assert str(raised.value) == "case: not an object"


def test_a_cart_of_more_than_a_hundred_thousand_units_is_refused():
    case = copy.deepcopy(BASE)
    case["cart"] = [{"sku": case["cart"][0]["sku"], "qty": 60_000}] * 2
    with pytest.raises(CaseError) as raised:
        price_case(case)
    assert str(raised.value) == "cart[1].qty: a cart holds at most 100000 units"


def test_a_hundred_thousand_units_in_bundles_price_exactly():
    case = {
        "items": {"A": {"price": "9.90"}},
        "cart": [{"sku": "A", "qty": 100_000}],
        "promotions": [{"id": "P", "kind": "bundle_price", "size": 3, "price": "20.00"}],
    }
    assert price_case(case)["total"] == "666669.90"
