"""Purchase orders: draft, sent, partly received, received or cancelled."""

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from inventory.models import (
    MovementReason,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    Supplier,
)

from .ledger import stock_apply, stock_lock, stock_save

Status = PurchaseOrderStatus
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.SENT, Status.CANCELLED}),
    Status.SENT: frozenset({Status.PARTLY_RECEIVED, Status.RECEIVED, Status.CANCELLED}),
    Status.PARTLY_RECEIVED: frozenset({Status.PARTLY_RECEIVED, Status.RECEIVED, Status.CANCELLED}),
    Status.RECEIVED: frozenset(),
    Status.CANCELLED: frozenset(),
}


def _lock(order_id: int) -> PurchaseOrder:
    return PurchaseOrder.objects.select_for_update().get(pk=order_id)


def _move(order: PurchaseOrder, target: str) -> None:
    if target not in TRANSITIONS[order.status]:
        raise ValidationError(
            _("A purchase order that is “%(status)s” cannot become “%(target)s”."),
            code="illegal_transition",
            params={"status": Status(order.status).label, "target": Status(target).label},
        )
    order.status = target


@transaction.atomic
def purchase_order_send(*, order_id: int) -> PurchaseOrder:
    """Mark a draft as sent to its supplier; its units now count as on order."""
    order = _lock(order_id)
    _move(order, Status.SENT)
    if not order.lines.exists():
        raise ValidationError(_("An empty purchase order cannot be sent."), code="empty")
    order.sent_at = timezone.now()
    order.save(update_fields=["status", "sent_at"])
    return order


@transaction.atomic
def purchase_order_cancel(*, order_id: int) -> PurchaseOrder:
    """Cancel an order; units already received stay in stock."""
    order = _lock(order_id)
    _move(order, Status.CANCELLED)
    order.closed_at = timezone.now()
    order.save(update_fields=["status", "closed_at"])
    return order


@transaction.atomic
def purchase_order_receive(
    *, order_id: int, quantities: Mapping[int, int], user: User | None = None
) -> PurchaseOrder:
    """Take delivered units into stock through the ledger, per line id.

    More than a line's outstanding quantity is refused: an over-delivery is a new order
    or a count adjustment, decided by a person, never a silent change of the order.
    """
    order = _lock(order_id)
    lines = {line.pk: line for line in order.lines.select_for_update()}
    received = _check_receipt(lines, quantities)
    final = all(
        line.received + received.get(line.pk, 0) == line.quantity for line in lines.values()
    )
    _move(order, Status.RECEIVED if final else Status.PARTLY_RECEIVED)
    rows = stock_lock((lines[pk].sku_id for pk in received), create=True)
    stock_apply(
        rows=rows,
        moves=sorted((lines[pk].sku_id, count) for pk, count in received.items()),
        reason=MovementReason.RECEIPT,
        user=user,
        reference=str(order),
    )
    stock_save(rows.values(), ["on_hand"])
    for pk, count in received.items():
        lines[pk].received += count
    PurchaseOrderLine.objects.bulk_update([lines[pk] for pk in received], ["received"])
    order.closed_at = timezone.now() if final else None
    order.save(update_fields=["status", "closed_at"])
    return order


def _check_receipt(
    lines: Mapping[int, PurchaseOrderLine], quantities: Mapping[int, int]
) -> dict[int, int]:
    received = {}
    for line_id, count in quantities.items():
        line = lines.get(line_id)
        if line is None:
            raise ValidationError(_("This line is not part of the order."), code="unknown_line")
        if count < 0:
            raise ValidationError(_("A received quantity cannot be negative."), code="negative")
        if count > line.outstanding:
            raise ValidationError(
                _("Only %(count)d units of %(sku)s are still expected; receive more as a count."),
                code="over_receipt",
                params={"count": line.outstanding, "sku": line.sku.code},
            )
        if count:
            received[line_id] = count
    if not received:
        raise ValidationError(_("Enter at least one received quantity."), code="nothing")
    return received


@transaction.atomic
def purchase_order_draft_replace(
    *, supplier: Supplier, lines: Sequence[tuple[int, int]]
) -> PurchaseOrder | None:
    """Make the supplier's one open draft hold exactly these (SKU, units); none when empty.

    Reusing the open draft is what makes the nightly run safe to repeat or resume.
    """
    draft = (
        PurchaseOrder.objects.select_for_update()
        .filter(supplier=supplier, status=Status.DRAFT)
        .first()
    )
    if not lines:
        if draft is not None:
            draft.delete()
        return None
    if draft is None:
        draft = PurchaseOrder.objects.create(supplier=supplier)
    draft.lines.all().delete()
    PurchaseOrderLine.objects.bulk_create(
        PurchaseOrderLine(order=draft, sku_id=sku_id, quantity=units) for sku_id, units in lines
    )
    return draft
