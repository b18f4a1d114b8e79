import contextlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cart.models import Cart, CartLine
from inventory.models import MovementReason, Stock, StockMovement
from inventory.services import stock_move, stock_set_on_hand
from orders.models import Actor, OrderStatus
from orders.services import order_cancel, order_mark_paid, refund_approve, refund_request
from tests.factories import AddressFactory, SKUFactory, UserFactory
from tests.orders.helpers import place

from .factories import stocked

pytestmark = pytest.mark.django_db


def ledger(sku_id: int) -> int:
    return StockMovement.objects.filter(sku_id=sku_id).aggregate(t=Sum("quantity"))["t"] or 0


def test_a_receipt_creates_the_row_and_records_who_and_why():
    sku, user = SKUFactory(), UserFactory(is_staff=True)

    movement = stock_move(
        sku_id=sku.pk, quantity=12, reason=MovementReason.RECEIPT, user=user, reference="PO-1"
    )

    assert Stock.objects.get(sku=sku).on_hand == 12
    assert (movement.quantity, movement.reason, movement.user, movement.reference) == (
        12,
        "receipt",
        user,
        "PO-1",
    )
    assert movement.created_at is not None


def test_damage_takes_units_away():
    stock = stocked(10)

    stock_move(sku_id=stock.sku_id, quantity=-3, reason=MovementReason.DAMAGE, note="wet box")

    stock.refresh_from_db()
    assert stock.on_hand == 7 == ledger(stock.sku_id)


@pytest.mark.parametrize(("quantity", "code"), [(-11, "below_zero"), (-9, "below_reserved")])
def test_a_decrease_below_zero_or_reserved_is_refused_and_writes_nothing(quantity, code):
    stock = stocked(10)
    Stock.objects.filter(pk=stock.pk).update(reserved=2)

    with pytest.raises(ValidationError) as raised:
        stock_move(sku_id=stock.sku_id, quantity=quantity, reason=MovementReason.COUNT)

    assert raised.value.code == code
    stock.refresh_from_db()
    assert stock.on_hand == 10
    assert StockMovement.objects.filter(sku_id=stock.sku_id).count() == 1


@pytest.mark.parametrize(("quantity", "reason"), [(0, "count"), (3, "bogus")])
def test_bad_movements_are_refused(quantity, reason):
    stock = stocked(5)

    with pytest.raises(ValidationError):
        stock_move(sku_id=stock.sku_id, quantity=quantity, reason=reason)

    assert StockMovement.objects.filter(sku_id=stock.sku_id).count() == 1


def test_taking_from_a_sku_without_stock_is_refused():
    sku = SKUFactory()

    with pytest.raises(ValidationError) as raised:
        stock_move(sku_id=sku.pk, quantity=-1, reason=MovementReason.DAMAGE)

    assert raised.value.code == "no_stock"
    assert not Stock.objects.filter(sku=sku).exists()


def test_setting_on_hand_records_the_difference_as_a_count():
    stock = stocked(10)

    stock_set_on_hand(sku_id=stock.sku_id, on_hand=7)
    stock_set_on_hand(sku_id=stock.sku_id, on_hand=7)

    counts = StockMovement.objects.filter(sku_id=stock.sku_id, reason=MovementReason.COUNT)
    assert list(counts.values_list("quantity", flat=True)) == [-3]
    assert ledger(stock.sku_id) == 7


moves = st.lists(
    st.tuples(st.sampled_from(["count", "damage", "receipt"]), st.integers(-20, 20)),
    max_size=25,
)


@given(steps=moves)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_on_hand_is_always_the_sum_of_movements(steps):
    stock = stocked(5)
    for reason, quantity in steps:
        with contextlib.suppress(ValidationError):
            stock_move(sku_id=stock.sku_id, quantity=quantity, reason=reason)
        stock.refresh_from_db()
        assert stock.on_hand == ledger(stock.sku_id) >= 0


@pytest.fixture
def order():
    shopper = UserFactory()
    a = stocked(10, code="A", price=Decimal("100.00")).sku
    b = stocked(5, code="B", price=Decimal("60.00")).sku
    cart = Cart.objects.create(user=shopper)
    CartLine.objects.create(cart=cart, sku=a, quantity=2)
    CartLine.objects.create(cart=cart, sku=b, quantity=1)
    return place(user=shopper, cart=cart, address=AddressFactory(user=shopper))


def test_paying_records_a_sale_per_line_and_cancelling_records_nothing(order):
    order_mark_paid(order=order, amount=order.total)

    sales = StockMovement.objects.filter(reason=MovementReason.SALE, reference=order.number)
    assert sorted(sales.values_list("sku__code", "quantity")) == [("A", -2), ("B", -1)]
    for stock in Stock.objects.all():
        assert stock.on_hand == ledger(stock.sku_id)


def test_a_cancelled_order_only_releases_its_reservation(order):
    order_cancel(order=order, actor=Actor.SHOPPER)

    assert not StockMovement.objects.exclude(reason=MovementReason.RECEIPT).exists()
    assert sorted(Stock.objects.values_list("on_hand", "reserved")) == [(5, 0), (10, 0)]


def test_a_refund_before_shipment_records_a_return(order):
    order_mark_paid(order=order, amount=order.total)
    line = order.lines.get(sku_code="A")
    asked = refund_request(order=order, quantities={line.pk: 1}, reason="", actor=Actor.SHOPPER)

    refund_approve(refund=asked, user=None)

    back = StockMovement.objects.get(reason=MovementReason.RETURN)
    assert (back.sku.code, back.quantity, back.reference) == ("A", 1, order.number)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert Stock.objects.get(sku__code="A").on_hand == 9 == ledger(back.sku_id)


def test_check_stock_passes_on_a_consistent_ledger(capsys):
    stocked(4)
    stocked(0)

    call_command("check_stock")

    assert "matches the ledger" in capsys.readouterr().out


def test_check_stock_finds_a_tampered_row(capsys):
    stock = stocked(4)
    Stock.objects.filter(pk=stock.pk).update(on_hand=6)

    with pytest.raises(CommandError, match="1 SKUs differ"):
        call_command("check_stock")

    assert f"SKU {stock.sku_id}: on hand 6, movements sum to 4" in capsys.readouterr().out
