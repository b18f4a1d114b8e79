"""The stock ledger: every change of units on hand is a movement, and only these write it."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from inventory.models import MovementReason, Stock, StockMovement
from shop.pagecache import pages_changed

# Reasons a person may record by hand; sales, returns and receipts come from their flows.
MANUAL_REASONS = (MovementReason.COUNT, MovementReason.DAMAGE)


def stock_lock(sku_ids: Iterable[int], *, create: bool = False) -> dict[int, Stock]:
    """Lock the SKUs' stock rows in SKU order (the order every writer uses: no deadlock)."""
    ids = sorted(set(sku_ids))
    if create:
        Stock.objects.bulk_create([Stock(sku_id=sku_id) for sku_id in ids], ignore_conflicts=True)
    rows = Stock.objects.select_for_update().filter(sku_id__in=ids).order_by("sku_id")
    locked = {row.sku_id: row for row in rows}
    for row in locked.values():
        row.locked_available = row.available
    return locked


def stock_save(rows: Iterable[Stock], fields: Sequence[str]) -> None:
    """Write back rows from stock_lock; guests' kept pages go stale if a stock badge may change.

    Above its low-stock threshold a SKU reads "in stock" whatever the number: only a change
    at or below it shows.
    """
    rows = list(rows)
    Stock.objects.bulk_update(rows, fields)
    floor = settings.LOW_STOCK_THRESHOLD
    if "low_threshold" in fields or any(
        _badge_may_change(getattr(row, "locked_available", None), row, floor) for row in rows
    ):
        pages_changed()


def _badge_may_change(before: int | None, row: Stock, floor: int) -> bool:
    if before is None:
        return True
    return row.available != before and min(row.available, before) <= max(row.low_threshold, floor)


def stock_apply(
    *,
    rows: Mapping[int, Stock],
    moves: Sequence[tuple[int, int]],
    reason: str,
    user: User | None = None,
    reference: str = "",
    note: str = "",
    clamp: bool = False,
    now: datetime | None = None,
) -> list[StockMovement]:
    """Change locked rows by signed quantities and record each change; the caller saves rows.

    With clamp, a decrease takes at most what is on hand (a sale that was paid must go
    through); without it, a decrease below zero or below the reserved units is refused
    before anything changes.
    """
    now = now or timezone.now()
    planned: dict[int, int] = {sku_id: row.on_hand for sku_id, row in rows.items()}
    recorded = []
    for sku_id, quantity in moves:
        if clamp and quantity < 0:
            quantity = -min(-quantity, planned[sku_id])
        if quantity == 0:
            continue
        planned[sku_id] += quantity
        _check_level(rows[sku_id], planned[sku_id])
        recorded.append((sku_id, quantity))
    movements = StockMovement.objects.bulk_create(
        StockMovement(
            sku_id=sku_id,
            quantity=quantity,
            reason=reason,
            user=user,
            reference=reference[:64],
            note=note[:255],
            created_at=now,
        )
        for sku_id, quantity in recorded
    )
    for sku_id, row in rows.items():
        row.on_hand = planned[sku_id]
    return movements


def _check_level(row: Stock, on_hand: int) -> None:
    if on_hand < 0:
        raise ValidationError(
            _("Stock cannot go below zero: only %(on_hand)d units are on hand."),
            code="below_zero",
            params={"on_hand": row.on_hand},
        )
    if on_hand < row.reserved:
        raise ValidationError(
            _("On hand cannot be less than the %(reserved)d units reserved for orders."),
            code="below_reserved",
            params={"reserved": row.reserved},
        )


@transaction.atomic
def stock_move(
    *,
    sku_id: int,
    quantity: int,
    reason: str,
    user: User | None = None,
    reference: str = "",
    note: str = "",
) -> StockMovement:
    """Record one change of a SKU's units on hand (a count, damage, receipt...)."""
    if reason not in MovementReason.values:
        raise ValidationError(_("Unknown reason for a stock movement."), code="bad_reason")
    if not quantity:
        raise ValidationError(_("A stock movement needs a quantity."), code="zero")
    rows = stock_lock([sku_id], create=quantity > 0)
    if sku_id not in rows:
        raise ValidationError(_("This SKU has no stock to take from."), code="no_stock")
    movements = stock_apply(
        rows=rows,
        moves=[(sku_id, quantity)],
        reason=reason,
        user=user,
        reference=reference,
        note=note,
    )
    stock_save(rows.values(), ["on_hand"])
    return movements[0]


@transaction.atomic
def stock_set_on_hand(
    *, sku_id: int, on_hand: int, low_threshold: int | None = None, user: User | None = None
) -> Stock:
    """Set a SKU's counted units on hand (creating its row) as a count adjustment."""
    row = stock_lock([sku_id], create=True)[sku_id]
    stock_apply(
        rows={sku_id: row},
        moves=[(sku_id, on_hand - row.on_hand)],
        reason=MovementReason.COUNT,
        user=user,
    )
    fields = ["on_hand"]
    if low_threshold is not None:
        row.low_threshold = low_threshold
        fields.append("low_threshold")
    stock_save([row], fields)
    return row


def stock_open(
    *, units: Sequence[tuple[int, int]], reference: str = "", now: datetime | None = None
) -> int:
    """Create stock rows for new SKUs with their opening units as receipts; return rows made.

    For bulk loads (the demo seed, fixtures): the SKUs must have no stock row yet.
    """
    now = now or timezone.now()
    Stock.objects.bulk_create(Stock(sku_id=sku_id, on_hand=count) for sku_id, count in units)
    StockMovement.objects.bulk_create(
        StockMovement(
            sku_id=sku_id,
            quantity=count,
            reason=MovementReason.RECEIPT,
            reference=reference[:64],
            created_at=now,
        )
        for sku_id, count in units
        if count
    )
    pages_changed()
    return len(units)
