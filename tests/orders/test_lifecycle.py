"""Moves of a placed order: only the map's, one event each, stock and promotion uses kept right."""

from decimal import Decimal

import pytest
from django.db import transaction

from inventory.models import Stock
from orders.models import Actor, Order, OrderEvent, OrderStatus
from orders.services import (
    IllegalTransition,
    OrderError,
    PaidOutcome,
    order_cancel,
    order_confirm_receipt,
    order_deliver,
    order_mark_paid,
    order_ship,
    refund_approve,
    refund_request,
)
from orders.services.lifecycle import lock, move
from orders.states import allowed
from promotions.models import CouponCode, PromotionUsage
from tests.factories import UserFactory
from tests.promotions.factories import CouponCodeFactory, PromotionFactory

from .helpers import place

pytestmark = pytest.mark.django_db


S = OrderStatus
ILLEGAL = [(source, target) for source in S for target in S if not allowed(source, target)]


@pytest.fixture
def merchant(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def placed(shopper, address, skus, fill_cart):
    return place(user=shopper, cart=fill_cart((skus[0], 2), (skus[1], 1)), address=address)


def pay(order: Order) -> Order:
    assert order_mark_paid(order=order, amount=order.total) == PaidOutcome.PAID
    return Order.objects.get(pk=order.pk)


def ship(order: Order, merchant) -> Order:
    return order_ship(order=order, carrier="SF", tracking_number="SF123", user=merchant)


def reach(order: Order, status: str, merchant) -> Order:
    """Bring a pending order to a state through the services, the way it happens in the shop."""
    if status == S.CANCELLED:
        return order_cancel(order=order, actor=Actor.SHOPPER)
    if status == S.PENDING_PAYMENT:
        return order
    order = pay(order)
    if status == S.REFUNDED:
        quantities = {line.pk: line.quantity for line in order.lines.all()}
        refund = refund_request(order=order, quantities=quantities, reason="", actor=Actor.SHOPPER)
        refund_approve(refund=refund, user=merchant)
        return Order.objects.get(pk=order.pk)
    if status == S.PAID:
        return order
    order = ship(order, merchant)
    if status == S.DELIVERED:
        return order_deliver(order=order, actor=Actor.MERCHANT, user=merchant)
    if status == S.COMPLETED:
        return order_confirm_receipt(order=order, user=order.user)
    return order


def snapshot(order: Order) -> tuple:
    """Everything a refused move must leave as it was."""
    fresh = Order.objects.get(pk=order.pk)
    stock = sorted(Stock.objects.values_list("sku_id", "on_hand", "reserved"))
    usages = PromotionUsage.objects.filter(released_at__isnull=True).count()
    times = (fresh.paid_at, fresh.shipped_at, fresh.delivered_at, fresh.completed_at)
    return (fresh.status, fresh.refunded, times, fresh.events.count(), stock, usages)


def stock(sku) -> tuple[int, int]:
    row = Stock.objects.get(sku=sku)
    return row.on_hand, row.reserved


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_a_move_outside_the_map_raises_and_writes_nothing(placed, merchant, source, target):
    order = reach(placed, source, merchant)
    before = snapshot(order)

    with pytest.raises(IllegalTransition) as refused, transaction.atomic():
        move(lock(order), target, actor=Actor.MERCHANT, user=merchant)

    assert (refused.value.source, refused.value.target) == (source, target)
    assert snapshot(order) == before


def _attempt(order: Order, target: str, merchant) -> None:
    if target == S.SHIPPED:
        ship(order, merchant)
    elif target == S.DELIVERED:
        order_deliver(order=order, actor=Actor.MERCHANT, user=merchant)
    elif target == S.COMPLETED:
        order_confirm_receipt(order=order, user=order.user)
    elif target == S.CANCELLED:
        order_cancel(order=order, actor=Actor.MERCHANT, user=merchant)


SERVICE_TARGETS = (S.SHIPPED, S.DELIVERED, S.COMPLETED, S.CANCELLED)


@pytest.mark.parametrize(
    ("source", "target"),
    [(source, target) for source, target in ILLEGAL if target in SERVICE_TARGETS],
)
def test_every_service_refuses_a_move_outside_the_map(placed, merchant, source, target):
    order = reach(placed, source, merchant)
    before = snapshot(order)

    with pytest.raises(IllegalTransition):
        _attempt(order, target, merchant)

    assert snapshot(order) == before


@pytest.mark.parametrize("source", [S.PAID, S.SHIPPED, S.DELIVERED, S.COMPLETED, S.REFUNDED])
def test_paying_an_order_already_paid_changes_nothing(placed, merchant, source):
    order = reach(placed, source, merchant)
    before = snapshot(order)
    assert order_mark_paid(order=order, amount=order.total) == PaidOutcome.ALREADY_PAID
    assert snapshot(order) == before


def test_paying_a_cancelled_order_is_refused_and_changes_nothing(placed, merchant):
    order = reach(placed, S.CANCELLED, merchant)
    before = snapshot(order)
    assert order_mark_paid(order=order, amount=order.total) == PaidOutcome.NOT_PAYABLE
    assert snapshot(order) == before


def test_the_three_usual_mistakes_are_refused_with_a_clear_message(placed, merchant, english):
    with pytest.raises(IllegalTransition, match="“Pending payment” cannot become “Shipped”"):
        ship(placed, merchant)
    with pytest.raises(IllegalTransition, match="cannot become “Delivered”"):
        order_deliver(order=placed, actor=Actor.MERCHANT, user=merchant)
    shipped = reach(placed, S.SHIPPED, merchant)
    with pytest.raises(IllegalTransition, match="“Shipped” cannot become “Cancelled”"):
        order_cancel(order=shipped, actor=Actor.MERCHANT, user=merchant)
    assert Order.objects.get(pk=placed.pk).status == S.SHIPPED


@pytest.mark.parametrize(("carrier", "tracking"), [("SF", ""), ("", "SF123"), ("SF", "   ")])
def test_shipping_needs_a_carrier_and_a_tracking_number(placed, merchant, carrier, tracking):
    order = pay(placed)
    before = snapshot(order)
    with pytest.raises(OrderError) as refused:
        order_ship(order=order, carrier=carrier, tracking_number=tracking, user=merchant)
    assert refused.value.code == "tracking_required"
    assert snapshot(order) == before


def test_shipping_keeps_the_carrier_and_tracking_number(placed, merchant):
    order = ship(pay(placed), merchant)
    order.refresh_from_db()
    assert (order.status, order.carrier, order.tracking_number) == (S.SHIPPED, "SF", "SF123")
    assert order.shipped_at is not None


def test_payment_takes_the_units_off_the_shelf_and_off_reserved(placed, skus):
    a, b = skus
    assert (stock(a), stock(b)) == ((10, 2), (5, 1))

    order = pay(placed)

    assert (stock(a), stock(b)) == ((8, 0), (4, 0))
    assert order.paid_at is not None


def test_paying_twice_counts_once(placed, skus):
    pay(placed)
    assert order_mark_paid(order=placed, amount=placed.total) == PaidOutcome.ALREADY_PAID
    assert stock(skus[0]) == (8, 0)
    assert placed.events.filter(to_status=S.PAID).count() == 1


def test_a_wrong_amount_leaves_the_order_waiting(placed, skus):
    outcome = order_mark_paid(order=placed, amount=placed.total - Decimal("0.01"))
    assert outcome == PaidOutcome.AMOUNT_MISMATCH
    placed.refresh_from_db()
    assert (placed.status, placed.paid_at) == (S.PENDING_PAYMENT, None)
    assert stock(skus[0]) == (10, 2)
    assert placed.events.count() == 1


def test_cancelling_gives_back_stock_promotion_uses_and_single_use_codes(
    shopper, address, skus, fill_cart, merchant
):
    PromotionFactory(key="M200")
    coupon = PromotionFactory(
        key="C1", params={"tiers": [{"min_spend": "100.00", "amount_off": "10.00"}]}
    )
    code = CouponCodeFactory(promotion=coupon, code="ONCE", single_use=True)
    order = place(
        user=shopper, cart=fill_cart((skus[0], 2), (skus[1], 1)), address=address, codes=["ONCE"]
    )
    assert PromotionUsage.objects.filter(order=order, released_at__isnull=True).count() == 2
    assert CouponCode.objects.get(pk=code.pk).order == order

    order_cancel(order=order, actor=Actor.MERCHANT, user=merchant, note="out of season")

    order.refresh_from_db()
    assert (order.status, order.cancelled_at is not None) == (S.CANCELLED, True)
    assert (stock(skus[0]), stock(skus[1])) == ((10, 0), (5, 0))
    assert not PromotionUsage.objects.filter(order=order, released_at__isnull=True).exists()
    code.refresh_from_db()
    assert (code.used_at, code.order) == (None, None)
    assert order.events.last().note == "out of season"


def test_every_move_writes_one_event_with_who_and_when(placed, merchant):
    order = reach(placed, S.DELIVERED, merchant)
    order = order_confirm_receipt(order=order, user=order.user)

    events = list(OrderEvent.objects.filter(order=order))

    assert [(e.from_status, e.to_status, e.actor) for e in events] == [
        ("", S.PENDING_PAYMENT, Actor.SHOPPER),
        (S.PENDING_PAYMENT, S.PAID, Actor.GATEWAY),
        (S.PAID, S.SHIPPED, Actor.MERCHANT),
        (S.SHIPPED, S.DELIVERED, Actor.MERCHANT),
        (S.DELIVERED, S.COMPLETED, Actor.SHOPPER),
    ]
    assert [e.user for e in events] == [order.user, None, merchant, merchant, order.user]
    assert all(e.created_at is not None for e in events)
    assert [e.created_at for e in events] == sorted(e.created_at for e in events)


def test_a_cancel_writes_one_event_with_the_actor(placed, merchant):
    order_cancel(order=placed, actor=Actor.MERCHANT, user=merchant)
    event = placed.events.get(to_status=S.CANCELLED)
    assert (event.from_status, event.actor, event.user) == (S.PENDING_PAYMENT, "merchant", merchant)


def test_confirming_receipt_of_a_shipped_order_records_delivered_then_completed(placed, merchant):
    order = reach(placed, S.SHIPPED, merchant)

    order = order_confirm_receipt(order=order, user=order.user)

    order.refresh_from_db()
    assert order.status == S.COMPLETED
    assert order.delivered_at is not None
    assert order.delivered_at == order.completed_at
    moves = list(order.events.values_list("from_status", "to_status", "actor"))[-2:]
    assert moves == [
        (S.SHIPPED, S.DELIVERED, Actor.SHOPPER),
        (S.DELIVERED, S.COMPLETED, Actor.SHOPPER),
    ]
