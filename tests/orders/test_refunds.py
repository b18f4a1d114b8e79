"""Refunds: exact amounts from the frozen allocations, asked then approved or refused."""

from decimal import Decimal

import pytest

from inventory.models import Stock
from orders.models import Actor, Order, OrderStatus, Refund, RefundStatus
from orders.services import (
    OrderError,
    PaidOutcome,
    order_cancel,
    order_mark_paid,
    order_ship,
    refund_approve,
    refund_refuse,
    refund_request,
)
from promotions.models import PromotionKind
from tests.factories import SKUFactory, UserFactory
from tests.promotions.factories import PromotionFactory

from .helpers import place

pytestmark = pytest.mark.django_db


@pytest.fixture
def merchant(db):
    return UserFactory(is_staff=True)


def pay(order: Order) -> Order:
    assert order_mark_paid(order=order, amount=order.total) == PaidOutcome.PAID
    return Order.objects.get(pk=order.pk)


def ship(order: Order, merchant) -> Order:
    return order_ship(order=order, carrier="SF", tracking_number="SF1", user=merchant)


def refund(order: Order, merchant, quantities: dict[int, int]) -> Refund:
    asked = refund_request(order=order, quantities=quantities, reason="", actor=Actor.SHOPPER)
    return refund_approve(refund=asked, user=merchant)


def lines(order: Order) -> dict:
    return {line.sku_code: line for line in order.lines.all()}


@pytest.fixture
def discounted(shopper, address, skus, fill_cart):
    """满200减30 over 2 × A at 100.00 and 1 × B at 60.00: the 30.00 split over both lines."""
    PromotionFactory(key="M200", name="满200减30")
    order = place(user=shopper, cart=fill_cart((skus[0], 2), (skus[1], 1)), address=address)
    return pay(order)


def test_refunding_one_line_of_a_discounted_order_refunds_that_lines_total(discounted, merchant):
    order = ship(discounted, merchant)
    b = lines(order)["B"]
    assert b.total < b.subtotal

    done = refund(order, merchant, {b.pk: 1})

    assert done.amount == b.total
    assert done.shipping == Decimal("0.00")
    order.refresh_from_db()
    assert (order.refunded, order.status) == (b.total, OrderStatus.SHIPPED)
    b.refresh_from_db()
    assert (b.refunded_quantity, b.refunded) == (1, b.total)
    assert lines(order)["A"].refunded == Decimal("0.00")


def test_one_unit_at_a_time_of_a_line_paying_200_refunds_66_67_66_66_66_67(
    shopper, address, fill_cart, merchant
):
    sku = SKUFactory(code="C", price=Decimal("100.00"), stock=5)
    PromotionFactory(params={"tiers": [{"min_spend": "300.00", "amount_off": "100.00"}]})
    order = pay(place(user=shopper, cart=fill_cart((sku, 3)), address=address))
    line = order.lines.get()
    assert line.total == Decimal("200.00")
    order = ship(order, merchant)

    amounts = [refund(order, merchant, {line.pk: 1}).amount for _ in range(3)]

    assert amounts == [Decimal("66.67"), Decimal("66.66"), Decimal("66.67")]
    order.refresh_from_db()
    assert order.refunded == Decimal("200.00")
    assert order.status == OrderStatus.REFUNDED


def test_refunding_more_than_is_left_is_refused_and_changes_nothing(discounted, merchant):
    order = ship(discounted, merchant)
    a = lines(order)["A"]
    refund(order, merchant, {a.pk: 2})

    with pytest.raises(OrderError) as refused:
        refund_request(order=order, quantities={a.pk: 1}, reason="", actor=Actor.SHOPPER)

    assert refused.value.code == "too_many"
    assert Refund.objects.count() == 1
    order.refresh_from_db()
    assert order.refunded == a.total
    a.refresh_from_db()
    assert a.refunded_quantity == 2


@pytest.mark.parametrize("quantity", [3, -1])
def test_a_quantity_the_line_does_not_have_is_refused(discounted, quantity):
    a = lines(discounted)["A"]
    with pytest.raises(OrderError) as refused:
        refund_request(order=discounted, quantities={a.pk: quantity}, reason="", actor="shopper")
    assert refused.value.code == "too_many"
    assert not Refund.objects.exists()


def test_a_line_of_another_order_or_nothing_chosen_is_refused(discounted, shopper):
    with pytest.raises(OrderError) as refused:
        refund_request(order=discounted, quantities={0: 1}, reason="", actor=Actor.SHOPPER)
    assert refused.value.code == "unknown_line"
    with pytest.raises(OrderError) as refused:
        refund_request(order=discounted, quantities={}, reason="", actor=Actor.SHOPPER)
    assert refused.value.code == "nothing_chosen"


def test_a_refused_refund_changes_no_money_and_a_new_request_may_follow(discounted, merchant):
    a = lines(discounted)["A"]
    asked = refund_request(order=discounted, quantities={a.pk: 1}, reason="size", actor="shopper")
    with pytest.raises(OrderError) as refused:
        refund_request(order=discounted, quantities={a.pk: 1}, reason="", actor=Actor.SHOPPER)
    assert refused.value.code == "refund_open"

    refund_refuse(refund=asked, user=merchant, note="worn")

    asked.refresh_from_db()
    assert (asked.status, asked.note, asked.decided_by) == (RefundStatus.REFUSED, "worn", merchant)
    assert asked.decided_at is not None
    discounted.refresh_from_db()
    assert (discounted.refunded, discounted.status) == (Decimal("0.00"), OrderStatus.PAID)
    assert lines(discounted)["A"].refunded_quantity == 0
    with pytest.raises(OrderError):
        refund_approve(refund=asked, user=merchant)
    refund_request(order=discounted, quantities={a.pk: 1}, reason="", actor=Actor.SHOPPER)


def test_refunding_everything_before_shipment_includes_shipping_and_restocks(
    discounted, merchant, skus
):
    a, b = skus
    assert [Stock.objects.get(sku=sku).on_hand for sku in skus] == [8, 4]
    quantities = {line.pk: line.quantity for line in discounted.lines.all()}

    done = refund(discounted, merchant, quantities)

    assert done.shipping == discounted.shipping_total == Decimal("10.00")
    assert done.amount == discounted.total
    discounted.refresh_from_db()
    assert (discounted.status, discounted.refunded) == (OrderStatus.REFUNDED, discounted.total)
    assert [(row.on_hand, row.reserved) for row in Stock.objects.order_by("sku_id")] == [
        (10, 0),
        (5, 0),
    ]
    event = discounted.events.last()
    assert (event.to_status, event.actor) == (OrderStatus.REFUNDED, Actor.MERCHANT)
    assert event.user == merchant


def test_the_last_lines_refunded_before_shipment_bring_the_shipping_back(discounted, merchant):
    a, b = lines(discounted)["A"], lines(discounted)["B"]
    first = refund(discounted, merchant, {a.pk: 2})
    assert first.shipping == Decimal("0.00")

    last = refund(discounted, merchant, {b.pk: 1})

    assert last.shipping == Decimal("10.00")
    discounted.refresh_from_db()
    assert (discounted.refunded, discounted.status) == (discounted.total, OrderStatus.REFUNDED)


def test_a_partial_refund_after_shipment_keeps_the_status_and_the_shelf(discounted, merchant, skus):
    order = ship(discounted, merchant)
    a = lines(order)["A"]

    done = refund(order, merchant, {a.pk: 1})

    assert done.amount == a.total / 2
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED
    assert Stock.objects.get(sku=skus[0]).on_hand == 8


def test_no_refund_from_an_order_never_paid(shopper, address, skus, fill_cart, english):
    order = place(user=shopper, cart=fill_cart((skus[0], 1)), address=address)
    line = order.lines.get()
    with pytest.raises(OrderError, match="“Pending payment” cannot be refunded"):
        refund_request(order=order, quantities={line.pk: 1}, reason="", actor=Actor.SHOPPER)

    order_cancel(order=order, actor=Actor.SHOPPER)

    with pytest.raises(OrderError, match="“Cancelled” cannot be refunded"):
        refund_request(order=order, quantities={line.pk: 1}, reason="", actor=Actor.SHOPPER)
    assert not Refund.objects.exists()


def test_a_full_refund_before_shipment_puts_the_free_gift_back_on_the_shelf(
    shopper, address, skus, fill_cart, merchant
):
    gift = SKUFactory(code="GIFT", price=Decimal("5.00"), stock=3)
    PromotionFactory(
        key="G", kind=PromotionKind.GIFT, params={"tiers": [{"min_spend": "50.00"}], "sku": "GIFT"}
    )
    order = pay(place(user=shopper, cart=fill_cart((skus[0], 1)), address=address))
    assert order.lines.filter(is_gift=True, sku=gift).exists()
    assert Stock.objects.get(sku=gift).on_hand == 2

    refund(order, merchant, {order.lines.get(is_gift=False).pk: 1})

    assert Stock.objects.get(sku=gift).on_hand == 3
    assert Stock.objects.get(sku=skus[0]).on_hand == 10


def test_an_order_with_a_refund_waiting_is_not_shipped_until_it_is_decided(
    shopper, address, skus, fill_cart, merchant, english
):
    order = pay(place(user=shopper, cart=fill_cart((skus[0], 1)), address=address))
    line = order.lines.get()
    asked = refund_request(order=order, quantities={line.pk: 1}, reason="", actor=Actor.SHOPPER)

    with pytest.raises(OrderError, match="waiting for an answer"):
        ship(order, merchant)
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID

    refund_refuse(refund=asked, user=merchant, note="")
    assert ship(order, merchant).status == OrderStatus.SHIPPED
