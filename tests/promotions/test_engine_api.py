"""The engine's public API: compile once, price snapshots, money helpers, no Django."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from promotions.engine import (
    CartSnapshot,
    CaseError,
    Customer,
    Item,
    Line,
    PricingContext,
    Usage,
    allocate,
    compile_promotions,
    price,
    price_case,
    refund_amount,
)

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 11, 12, 0, tzinfo=UTC)
ITEMS = {
    "TEA": Item(sku="TEA", price=Decimal("60.00"), product="tea", categories=("food/tea",)),
    "CUP": Item(sku="CUP", price=Decimal("25.00"), product="cup", brand="acme", tags=("gift",)),
}


def test_the_engine_imports_nothing_from_django():
    code = (
        "import sys\n"
        "class Refuse:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'django' or name.startswith('django.'):\n"
        "            raise ImportError('the engine must not import ' + name)\n"
        "sys.meta_path.insert(0, Refuse())\n"
        "import promotions.engine\n"
        "from promotions.engine import price_case\n"
        "price_case({'items': {'A': {'price': '1.00'}}, 'cart': [], 'promotions': []})\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django']\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_compiled_promotions_price_many_snapshots():
    promotions = compile_promotions(
        [
            {"id": "P1", "kind": "percent_off", "percent": 10, "targets": {"categories": ["food"]}},
            {
                "id": "P2",
                "kind": "spend_threshold",
                "tiers": [{"min_spend": "100", "amount_off": 15}],
            },
            {"id": "P3", "kind": "free_shipping", "codes": ["ship"]},
        ]
    )
    context = PricingContext(now=NOW, codes=(" SHIP ",), shipping=Decimal("8.00"))
    one = price(CartSnapshot(items=ITEMS, lines=(Line("TEA", 2),)), promotions, context)
    assert one.subtotal == Decimal("120.00")
    assert one.discount == Decimal("27.00")
    assert one.shipping_discount == Decimal("8.00")
    assert one.total == Decimal("93.00")
    assert [entry.promotion for entry in one.applied] == ["P1", "P2", "P3"]
    assert one.lines[0].adjustments[0].amount == Decimal("12.00")
    assert one.optimal is True

    two = price(CartSnapshot(items=ITEMS, lines=(Line("CUP", 1),)), promotions, context)
    assert two.total == Decimal("25.00")
    assert {entry.promotion: entry.reason for entry in two.not_applied} == {
        "P1": "no_eligible_items",
        "P2": "min_not_met",
    }
    assert two.to_dict()["not_applied"][1]["hint"] == {
        "spend_more": "75.00",
        "reward": {"amount_off": "15.00"},
    }


def test_customer_facts_and_usage_come_through_the_context():
    promotions = compile_promotions(
        [
            {"id": "NEW", "kind": "amount_off", "amount": "5", "conditions": {"first_order": True}},
            {
                "id": "VIP",
                "kind": "percent_off",
                "percent": 50,
                "conditions": {"segments": ["vip"]},
            },
            {"id": "ONCE", "kind": "percent_off", "percent": 60, "limits": {"per_customer": 1}},
        ]
    )
    cart = CartSnapshot(items=ITEMS, lines=(Line("CUP", 1),))
    guest = price(cart, promotions, PricingContext(now=NOW))
    assert [entry.promotion for entry in guest.applied] == ["ONCE"]
    regular = Customer(id="u1", segments=frozenset({"vip"}), uses={"ONCE": 1})
    known = price(
        cart, promotions, PricingContext(now=NOW, customer=regular, usage={"VIP": Usage(uses=3)})
    )
    assert [entry.promotion for entry in known.applied] == ["VIP"]
    reasons = {entry.promotion: entry.reason for entry in known.not_applied}
    assert reasons == {"NEW": "not_eligible_customer", "ONCE": "customer_limit_reached"}


def test_case_error_says_where_and_what():
    with pytest.raises(CaseError) as raised:
        price_case(
            {
                "items": {"A": {"price": "1.00"}},
                "cart": [{"sku": "A", "qty": 1}],
                "promotions": [
                    {"id": "P1", "kind": "spend_threshold", "tiers": [{"min_spend": "x"}]}
                ],
            }
        )
    assert raised.value.path == "promotions[0].tiers[0].min_spend"
    assert raised.value.message == "not a decimal"
    assert str(raised.value) == "promotions[0].tiers[0].min_spend: not a decimal"
    assert isinstance(raised.value, ValueError)


def test_price_case_takes_strings_ints_decimals_and_floats():
    case = {
        "items": {"A": {"price": Decimal("10.5")}, "B": {"price": 3}},
        "cart": [{"sku": "A", "qty": 1}, {"sku": "B", "qty": 2}],
        "shipping": 2.5,
        "promotions": [{"id": "P1", "kind": "percent_off", "percent": 12.5}],
    }
    result = price_case(case)
    assert result["subtotal"] == "16.50"
    assert result["discount"] == "2.07"  # 1.31 (10.50 x 12.5%, half up) + 2 x 0.38
    assert result["shipping"] == "2.50"


@pytest.mark.parametrize(
    ("amount", "weights", "shares"),
    [
        (3000, [10000, 6000, 3000], [1579, 947, 474]),
        (100, [1, 1, 1], [34, 33, 33]),
        (1, [5, 5], [1, 0]),
        (2, [1, 3, 3], [0, 1, 1]),
        (5, [0, 7], [0, 5]),
        (0, [0, 0], [0, 0]),
    ],
)
def test_allocate_uses_the_largest_remainder_and_its_tie_breaks(amount, weights, shares):
    assert allocate(amount, weights) == shares


def test_allocate_refuses_what_it_cannot_split():
    with pytest.raises(ValueError, match="zero"):
        allocate(1, [0, 0])
    with pytest.raises(ValueError, match="non-negative"):
        allocate(-1, [1])


def test_refunds_add_up_to_the_line_total():
    refunds = [
        refund_amount(line_total=Decimal("200.00"), quantity=3, refunded_qty=done, qty=1)
        for done in range(3)
    ]
    assert refunds == [Decimal("66.67"), Decimal("66.66"), Decimal("66.67")]
    assert refund_amount(
        line_total=Decimal("200.00"), quantity=3, refunded_qty=1, qty=2
    ) == Decimal("133.33")


@pytest.mark.parametrize(("refunded", "qty"), [(2, 2), (0, 0), (3, 1)])
def test_refunding_more_than_was_sold_is_refused(refunded, qty):
    with pytest.raises(ValueError, match="cannot refund"):
        refund_amount(line_total=Decimal("10.00"), quantity=3, refunded_qty=refunded, qty=qty)
