"""Money back for chosen lines and quantities, from the allocations frozen at the order."""

from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from inventory.models import MovementReason
from inventory.services import stock_apply, stock_lock, stock_save
from orders.models import Actor, Order, OrderLine, OrderStatus, Refund, RefundLine, RefundStatus
from orders.states import REFUNDABLE
from promotions.engine import refund_amount

from .errors import OrderError
from .lifecycle import lock, move, refund_waiting


def _check_refundable(order: Order) -> None:
    if order.status not in REFUNDABLE:
        raise OrderError(
            _("An order that is “%(status)s” cannot be refunded."),
            code="not_refundable",
            params={"status": OrderStatus(order.status).label},
        )


def _line_amounts(
    order: Order, quantities: Mapping[int, int]
) -> list[tuple[OrderLine, int, Decimal]]:
    lines = {line.pk: line for line in order.lines.filter(is_gift=False)}
    chosen = []
    for line_id, quantity in quantities.items():
        if not quantity:
            continue
        line = lines.get(line_id)
        if line is None:
            raise OrderError(_("This line is not part of the order."), code="unknown_line")
        if quantity < 0 or quantity > line.refundable_quantity:
            raise OrderError(
                _("At most %(count)d of %(name)s can be refunded."),
                code="too_many",
                params={"count": line.refundable_quantity, "name": line.product_name},
            )
        amount = refund_amount(
            line_total=line.total,
            quantity=line.quantity,
            refunded_qty=line.refunded_quantity,
            qty=quantity,
        )
        chosen.append((line, quantity, amount))
    if not chosen:
        raise OrderError(_("Choose at least one item to refund."), code="nothing_chosen")
    return chosen


def _shipping_share(order: Order, chosen: list[tuple[OrderLine, int, Decimal]]) -> Decimal:
    """Refund the shipping too when everything goes back before it was shipped."""
    if order.status != OrderStatus.PAID:
        return Decimal("0.00")
    remaining = {line.pk: line.refundable_quantity for line in order.lines.filter(is_gift=False)}
    if any(quantity != remaining.get(line.pk) for line, quantity, _amount in chosen):
        return Decimal("0.00")
    if len(chosen) != sum(1 for left in remaining.values() if left):
        return Decimal("0.00")
    return order.shipping_total


@transaction.atomic
def refund_request(
    *,
    order: Order,
    quantities: Mapping[int, int],
    reason: str,
    actor: str,
) -> Refund:
    """Ask for money back for chosen line quantities; the merchant approves or refuses."""
    order = lock(order)
    _check_refundable(order)
    if refund_waiting(order):
        raise OrderError(
            _("A refund request for this order is already waiting for an answer."),
            code="refund_open",
        )
    chosen = _line_amounts(order, quantities)
    shipping = _shipping_share(order, chosen)
    amount = sum((line_amount for _line, _qty, line_amount in chosen), shipping)
    if amount > order.refundable:
        raise OrderError(
            _("You cannot refund more than the %(left)s left to refund."),
            code="over_refund",
            params={"left": order.refundable},
        )
    refund = Refund.objects.create(
        order=order, reason=reason[:255], amount=amount, shipping=shipping, requested_by=actor
    )
    RefundLine.objects.bulk_create(
        RefundLine(refund=refund, line=line, quantity=quantity, amount=line_amount)
        for line, quantity, line_amount in chosen
    )
    return refund


def _restock(order: Order, refund: Refund) -> None:
    """Units refunded before shipment never left: put them back on the shelf."""
    if order.status != OrderStatus.PAID:
        return
    units = [(row.line, row.quantity) for row in refund.lines.select_related("line")]
    # Free gifts never left either: they go back with the order's last paid unit.
    if not order.lines.filter(is_gift=False, refunded_quantity__lt=F("quantity")).exists():
        units += [(gift, gift.quantity) for gift in order.lines.filter(is_gift=True)]
    stock = stock_lock(line.sku_id for line, _qty in units if line.sku_id is not None)
    returns = [(line.sku_id, quantity) for line, quantity in units if line.sku_id in stock]
    stock_apply(rows=stock, moves=returns, reason=MovementReason.RETURN, reference=order.number)
    stock_save(stock.values(), ["on_hand"])


@transaction.atomic
def refund_approve(*, refund: Refund, user: User | None) -> Refund:
    """Pay a requested refund back through the order's payment and record it on the lines."""
    from payments.services import payment_refund  # payments imports this package

    refund = Refund.objects.select_for_update().get(pk=refund.pk)
    order = lock(refund.order)
    if refund.status != RefundStatus.REQUESTED:
        raise OrderError(_("This refund was already decided."), code="decided")
    _check_refundable(order)
    if refund.amount > order.refundable:
        raise OrderError(
            _("You cannot refund more than the %(left)s left to refund."),
            code="over_refund",
            params={"left": order.refundable},
        )
    refund.reference = payment_refund(order=order, amount=refund.amount, refund_id=refund.pk)
    for row in refund.lines.select_related("line"):
        line = row.line
        line.refunded_quantity += row.quantity
        line.refunded += row.amount
        line.save(update_fields=["refunded_quantity", "refunded"])
    _restock(order, refund)
    order.refunded += refund.amount
    everything_back = not order.lines.filter(
        is_gift=False, refunded_quantity__lt=F("quantity")
    ).exists()
    if order.refunded == order.total or everything_back:
        move(order, OrderStatus.REFUNDED, actor=Actor.MERCHANT, user=user)
    order.save(update_fields=["status", "refunded"])
    refund.status, refund.decided_at, refund.decided_by = (
        RefundStatus.REFUNDED,
        timezone.now(),
        user,
    )
    refund.save(update_fields=["status", "decided_at", "decided_by", "reference"])
    return refund


@transaction.atomic
def refund_refuse(*, refund: Refund, user: User | None, note: str) -> Refund:
    """Turn a refund request down, with the reason the shopper will read."""
    refund = Refund.objects.select_for_update().get(pk=refund.pk)
    if refund.status != RefundStatus.REQUESTED:
        raise OrderError(_("This refund was already decided."), code="decided")
    refund.status, refund.decided_at, refund.decided_by, refund.note = (
        RefundStatus.REFUSED,
        timezone.now(),
        user,
        note[:255],
    )
    refund.save(update_fields=["status", "decided_at", "decided_by", "note"])
    return refund


@transaction.atomic
def refund_full(*, order: Order, user: User | None, reason: str) -> Refund:
    """Refund everything left on an order at the merchant's word: asked and paid at once."""
    quantities = {line.pk: line.refundable_quantity for line in order.lines.filter(is_gift=False)}
    refund = refund_request(order=order, quantities=quantities, reason=reason, actor=Actor.MERCHANT)
    return refund_approve(refund=refund, user=user)
