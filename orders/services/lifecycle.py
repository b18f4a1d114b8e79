"""Moves of an order after it is placed: paid, shipped, delivered, completed, cancelled."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from inventory.models import MovementReason
from inventory.services import stock_apply, stock_lock, stock_save
from orders.models import Actor, Order, OrderEvent, OrderLine, OrderStatus, RefundStatus
from orders.states import PAID_STATES, allowed
from promotions.services import promotion_usage_release

from .errors import IllegalTransition, OrderError


def lock(order: Order) -> Order:
    """Return the order re-read under a row lock, so that its state is the latest."""
    return Order.objects.select_for_update().get(pk=order.pk)


def move(
    order: Order,
    target: str,
    *,
    actor: str,
    user: User | None = None,
    note: str = "",
    now: datetime | None = None,
) -> OrderEvent:
    """Move a locked order to a state the transitions map allows, and record who did it."""
    if not allowed(order.status, target):
        raise IllegalTransition(source=order.status, target=target)
    event = OrderEvent.objects.create(
        order=order,
        from_status=order.status,
        to_status=target,
        actor=actor,
        user=user,
        note=note[:255],
        created_at=now or timezone.now(),
    )
    order.status = target
    return event


def refund_waiting(order: Order) -> bool:
    """Say whether a refund request of the order waits for the merchant's answer."""
    return order.refunds.filter(status=RefundStatus.REQUESTED).exists()


def _check_no_refund_waiting(order: Order) -> None:
    # Shipping or closing the sale would change what the waiting request is worth.
    if refund_waiting(order):
        raise OrderError(
            _("A refund request for this order is waiting for an answer: decide it first."),
            code="refund_open",
        )


def _shelf_lines(order: Order) -> list[OrderLine]:
    return list(order.lines.filter(sku__isnull=False).order_by("sku_id"))


def _unreserve(order: Order, *, sold: bool) -> None:
    """Take the order's units off reserved; when sold, off the shelf too."""
    lines = _shelf_lines(order)
    rows = stock_lock(line.sku_id for line in lines)
    for line in lines:
        row = rows.get(line.sku_id)
        if row is None:
            continue
        row.reserved = max(row.reserved - line.quantity, 0)
    if sold:
        sales = [(line.sku_id, -line.quantity) for line in lines if line.sku_id in rows]
        stock_apply(
            rows=rows, moves=sales, reason=MovementReason.SALE, reference=order.number, clamp=True
        )
    stock_save(rows.values(), ["reserved", "on_hand"])


class PaidOutcome(StrEnum):
    PAID = "paid"
    ALREADY_PAID = "already_paid"
    # Cancelled or expired before the money came: the money must go back.
    NOT_PAYABLE = "not_payable"
    AMOUNT_MISMATCH = "amount_mismatch"


@transaction.atomic
def order_mark_paid(
    *, order: Order, amount: Decimal, note: str = "", now: datetime | None = None
) -> PaidOutcome:
    """Record that the order's money arrived; safe to call again with the same payment."""
    order = lock(order)
    if order.status in PAID_STATES:
        return PaidOutcome.ALREADY_PAID
    if order.status != OrderStatus.PENDING_PAYMENT:
        return PaidOutcome.NOT_PAYABLE
    if amount != order.total:
        return PaidOutcome.AMOUNT_MISMATCH
    now = now or timezone.now()
    move(order, OrderStatus.PAID, actor=Actor.GATEWAY, note=note, now=now)
    order.paid_at = now
    order.save(update_fields=["status", "paid_at"])
    _unreserve(order, sold=True)
    return PaidOutcome.PAID


@transaction.atomic
def order_cancel(*, order: Order, actor: str, user: User | None = None, note: str = "") -> Order:
    """Cancel an unpaid order and give back its stock and promotion uses."""
    order = lock(order)
    move(order, OrderStatus.CANCELLED, actor=actor, user=user, note=note)
    order.cancelled_at = timezone.now()
    order.save(update_fields=["status", "cancelled_at"])
    _unreserve(order, sold=False)
    promotion_usage_release(order=order)
    return order


@transaction.atomic
def order_ship(*, order: Order, carrier: str, tracking_number: str, user: User | None) -> Order:
    """Hand a paid order to a carrier, with the tracking number the shopper will see."""
    carrier, tracking_number = carrier.strip(), tracking_number.strip()
    if not carrier or not tracking_number:
        raise OrderError(_("Give the carrier and the tracking number."), code="tracking_required")
    order = lock(order)
    _check_no_refund_waiting(order)
    move(order, OrderStatus.SHIPPED, actor=Actor.MERCHANT, user=user, note=tracking_number)
    order.carrier, order.tracking_number = carrier[:100], tracking_number[:64]
    order.shipped_at = timezone.now()
    order.save(update_fields=["status", "carrier", "tracking_number", "shipped_at"])
    return order


@transaction.atomic
def order_deliver(*, order: Order, actor: str, user: User | None = None) -> Order:
    """Record that a shipped order arrived."""
    order = lock(order)
    move(order, OrderStatus.DELIVERED, actor=actor, user=user)
    order.delivered_at = timezone.now()
    order.save(update_fields=["status", "delivered_at"])
    return order


@transaction.atomic
def order_confirm_receipt(*, order: Order, user: User) -> Order:
    """Let the shopper say the parcel arrived, which closes the sale."""
    order = lock(order)
    if order.status not in (OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        raise IllegalTransition(source=order.status, target=OrderStatus.COMPLETED)
    _check_no_refund_waiting(order)
    now = timezone.now()
    if order.status == OrderStatus.SHIPPED:
        move(order, OrderStatus.DELIVERED, actor=Actor.SHOPPER, user=user, now=now)
        order.delivered_at = now
    move(order, OrderStatus.COMPLETED, actor=Actor.SHOPPER, user=user, now=now)
    order.completed_at = now
    order.save(update_fields=["status", "delivered_at", "completed_at"])
    return order


def unpaid_overdue(*, now: datetime) -> QuerySet[Order]:
    """Return the orders still unpaid after their deadline, the earliest due first."""
    return Order.objects.filter(status=OrderStatus.PENDING_PAYMENT, expires_at__lte=now).order_by(
        "expires_at", "pk"
    )


@transaction.atomic
def order_expire(*, order_id: int, now: datetime) -> bool:
    """Cancel one overdue unpaid order; False when it was paid or cancelled meanwhile."""
    # Skip an order a payment notification holds right now; the next run sees it again.
    order = unpaid_overdue(now=now).select_for_update(skip_locked=True).filter(pk=order_id).first()
    if order is None:
        return False
    order_cancel(order=order, actor=Actor.SYSTEM)
    return True


def orders_expire_unpaid(*, now: datetime | None = None) -> int:
    """Cancel every order left unpaid past its deadline; return how many. Safe to rerun."""
    now = now or timezone.now()
    due = list(unpaid_overdue(now=now).values_list("pk", flat=True))
    return sum(order_expire(order_id=order_id, now=now) for order_id in due)
