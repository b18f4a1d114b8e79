"""Read-side queries for restocking: demand history, stock-outs, units on order."""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

import numpy as np
from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from catalog.models import SKU
from orders.models import OrderLine
from orders.states import PAID_STATES

from .models import PurchaseOrderLine, PurchaseOrderStatus, Stock, StockMovement

ON_ORDER_STATUSES = (PurchaseOrderStatus.SENT, PurchaseOrderStatus.PARTLY_RECEIVED)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=timezone.get_current_timezone())


def _index(sku_ids: Sequence[int]) -> dict[int, int]:
    return {sku_id: row for row, sku_id in enumerate(sku_ids)}


def daily_demand(*, sku_ids: Sequence[int], start: date, days: int) -> np.ndarray:
    """Units sold per SKU (rows, in the given order) per day from `start` (columns)."""
    matrix = np.zeros((len(sku_ids), days))
    index = _index(sku_ids)
    sold = (
        OrderLine.objects.filter(
            sku_id__in=sku_ids,
            order__status__in=PAID_STATES,
            order__paid_at__gte=_midnight(start),
            order__paid_at__lt=_midnight(start + timedelta(days=days)),
        )
        .annotate(day=TruncDate("order__paid_at", tzinfo=timezone.get_current_timezone()))
        .values("sku_id", "day")
        .annotate(units=Sum(F("quantity") - F("refunded_quantity")))
        .values_list("sku_id", "day", "units")
    )
    for sku_id, day, units in sold.iterator(chunk_size=5000):
        matrix[index[sku_id], (day - start).days] += units
    return matrix


def stockout_days(
    *, sku_ids: Sequence[int], start: date, days: int, demand: np.ndarray
) -> np.ndarray:
    """Days a SKU could not sell: it opened with nothing on hand by the ledger and sold none.

    Days before a SKU's first movement are taken as in stock: the ledger says nothing of them.
    """
    index = _index(sku_ids)
    opening = np.zeros(len(sku_ids))
    known = np.full(len(sku_ids), days)
    before = (
        StockMovement.objects.filter(sku_id__in=sku_ids, created_at__lt=_midnight(start))
        .values("sku_id")
        .annotate(total=Sum("quantity"))
        .values_list("sku_id", "total")
    )
    for sku_id, total in before:
        opening[index[sku_id]] = total
        known[index[sku_id]] = 0
    change = np.zeros((len(sku_ids), days))
    moves = (
        StockMovement.objects.filter(
            sku_id__in=sku_ids,
            created_at__gte=_midnight(start),
            created_at__lt=_midnight(start + timedelta(days=days)),
        )
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("sku_id", "day")
        .annotate(total=Sum("quantity"))
        .values_list("sku_id", "day", "total")
    )
    for sku_id, day, total in moves.iterator(chunk_size=5000):
        row, column = index[sku_id], (day - start).days
        change[row, column] += total
        known[row] = min(known[row], column)
    closing = opening[:, None] + np.cumsum(change, axis=1)
    starts_at = np.hstack([opening[:, None], closing[:, :-1]])
    columns = np.arange(days)[None, :]
    return (starts_at <= 0) & (demand == 0) & (columns > known[:, None])


def listing_days(*, sku_ids: Sequence[int], start: date) -> np.ndarray:
    """Per SKU, the day (counted from `start`) its product was listed; 0 if before."""
    created = dict(SKU.objects.filter(pk__in=sku_ids).values_list("pk", "product__created_at"))
    zone = timezone.get_current_timezone()
    return np.array(
        [max((created[sku_id].astimezone(zone).date() - start).days, 0) for sku_id in sku_ids],
        dtype=np.int64,
    )


def on_order(*, sku_ids: Sequence[int]) -> np.ndarray:
    """Units sent to suppliers and not yet received, per SKU."""
    units = np.zeros(len(sku_ids), dtype=np.int64)
    index = _index(sku_ids)
    rows = (
        PurchaseOrderLine.objects.filter(sku_id__in=sku_ids, order__status__in=ON_ORDER_STATUSES)
        .values("sku_id")
        .annotate(units=Sum(F("quantity") - F("received")))
        .values_list("sku_id", "units")
    )
    for sku_id, count in rows:
        units[index[sku_id]] = count
    return units


def stock_low(queryset: QuerySet[Stock] | None = None) -> QuerySet[Stock]:
    """Stock at or below its reorder point: what merchants should look at first."""
    queryset = Stock.objects.all() if queryset is None else queryset
    return queryset.filter(
        Q(reorder_point__isnull=False),
        Q(on_hand__lte=F("reserved") + F("reorder_point")),
    )


def stock_ledger_mismatches() -> list[tuple[int, int, int]]:
    """(SKU id, on hand, sum of movements) wherever the two differ, a missing row as 0."""
    ledger = dict(
        StockMovement.objects.values("sku_id")
        .annotate(total=Sum("quantity"))
        .values_list("sku_id", "total")
    )
    rows = dict(Stock.objects.values_list("sku_id", "on_hand"))
    return [
        (sku_id, rows.get(sku_id, 0), ledger.get(sku_id, 0))
        for sku_id in sorted(rows.keys() | ledger.keys())
        if rows.get(sku_id, 0) != ledger.get(sku_id, 0)
    ]
