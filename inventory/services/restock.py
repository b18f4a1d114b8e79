"""The nightly restock: forecast every supplied SKU, plan its levels, draft one PO per supplier."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inventory import forecast as forecasting
from inventory import policy
from inventory.models import Stock, Supplier, SupplierItem
from inventory.selectors import daily_demand, listing_days, on_order, stockout_days

from .purchasing import purchase_order_draft_replace

HISTORY_DAYS = 365


@dataclass
class Supply:
    """The supplied SKUs, in SKU order, with their supplier's terms and their stock."""

    sku_ids: list[int]
    supplier_ids: np.ndarray
    lead_time: np.ndarray
    lead_spread: np.ndarray
    pack: np.ndarray
    moq: np.ndarray
    on_hand: np.ndarray
    reserved: np.ndarray


@dataclass
class SupplierLine:
    supplier: Supplier
    skus: int
    units: int
    order_id: int | None = None


@dataclass
class RestockSummary:
    skus: int
    due: int
    suppliers: list[SupplierLine] = field(default_factory=list)


def supply_load() -> Supply:
    """Read every supplied SKU; refuse when a supplier in use has no lead time."""
    items = list(
        SupplierItem.objects.filter(sku__is_active=True)
        .select_related("supplier")
        .order_by("sku_id")
    )
    missing = sorted({item.supplier.name for item in items if not item.supplier.lead_time_days})
    if missing:
        raise ValidationError(
            _("Set a lead time for these suppliers first: %(names)s."),
            code="no_lead_time",
            params={"names": ", ".join(missing)},
        )
    sku_ids = [item.sku_id for item in items]
    stock = {row[0]: row[1:] for row in Stock.objects.values_list("sku_id", "on_hand", "reserved")}
    levels = np.array([stock.get(sku_id, (0, 0)) for sku_id in sku_ids], dtype=np.int64)
    levels = levels.reshape(len(sku_ids), 2)
    return Supply(
        sku_ids=sku_ids,
        supplier_ids=np.array([item.supplier_id for item in items], dtype=np.int64),
        lead_time=np.array([item.supplier.lead_time_days for item in items], dtype=np.float64),
        lead_spread=np.array(
            [float(item.supplier.lead_time_spread_days) for item in items], dtype=np.float64
        ),
        pack=np.array([item.pack_size for item in items], dtype=np.int64),
        moq=np.array([item.min_order_quantity for item in items], dtype=np.int64),
        on_hand=levels[:, 0],
        reserved=levels[:, 1],
    )


def demand_history(*, sku_ids: list[int], end: date, days: int) -> np.ndarray:
    """Daily units sold over `days` days before `end`, NaN where the SKU could not sell:
    before its product was listed, and on stock-out days."""
    start = end - timedelta(days=days)
    demand = daily_demand(sku_ids=sku_ids, start=start, days=days)
    censored = stockout_days(sku_ids=sku_ids, start=start, days=days, demand=demand)
    listed = listing_days(sku_ids=sku_ids, start=start)
    censored |= np.arange(days)[None, :] < listed[:, None]
    demand[censored] = np.nan
    return demand


def plan_levels(*, supply: Supply, history: np.ndarray) -> tuple[policy.Policy, np.ndarray]:
    """Forecast and set the levels; return them with the mean daily demand expected."""
    protection = supply.lead_time + policy.REVIEW_DAYS
    horizon = int(protection.max(initial=1)) + 1
    result = forecasting.forecast(history, horizon=horizon)
    covered = np.cumsum(result.daily, axis=1)
    columns = np.clip(np.ceil(protection).astype(np.int64) - 1, 0, horizon - 1)
    daily = covered[np.arange(len(columns)), columns] / (columns + 1)
    levels = policy.plan(
        daily=daily,
        sigma=result.sigma,
        lead_time=supply.lead_time,
        lead_spread=supply.lead_spread,
        fill_rate=settings.RESTOCK_SERVICE_LEVEL,
        cover_days=settings.RESTOCK_COVER_DAYS,
        pack=supply.pack,
        moq=supply.moq,
        sale_size=result.size,
    )
    return levels, daily


def restock_run(
    *,
    today: date | None = None,
    dry_run: bool = False,
    progress: Callable[[Iterable], Iterable] = iter,
) -> RestockSummary:
    """Plan every supplied SKU and put what is due into one draft PO per supplier.

    Safe to run again or after a kill: each supplier's open draft is replaced, never added.
    """
    today = today or timezone.localdate()
    supply = supply_load()
    summary = RestockSummary(skus=len(supply.sku_ids), due=0)
    if not supply.sku_ids:
        return summary
    history = demand_history(sku_ids=supply.sku_ids, end=today, days=HISTORY_DAYS)
    levels, daily = plan_levels(supply=supply, history=history)
    position = supply.on_hand - supply.reserved + on_order(sku_ids=supply.sku_ids)
    quantity = policy.order_quantity(
        policy=levels, position=position, pack=supply.pack, moq=supply.moq
    )
    summary.due = int((quantity > 0).sum())
    if not dry_run:
        _save_levels(supply, levels, daily)
    suppliers = Supplier.objects.in_bulk(sorted(set(supply.supplier_ids.tolist())))
    for supplier_id in progress(sorted(suppliers)):
        mine = (supply.supplier_ids == supplier_id) & (quantity > 0)
        lines = [(supply.sku_ids[i], int(quantity[i])) for i in np.flatnonzero(mine)]
        line = SupplierLine(suppliers[supplier_id], len(lines), sum(q for _sku, q in lines))
        if not dry_run:
            order = purchase_order_draft_replace(supplier=line.supplier, lines=lines)
            line.order_id = order.pk if order else None
        summary.suppliers.append(line)
    return summary


@transaction.atomic
def _save_levels(supply: Supply, levels: policy.Policy, daily: np.ndarray) -> None:
    """Store each SKU's reorder point and forecast, for the admin and low-stock alerts."""
    now = timezone.now()
    Stock.objects.bulk_create(
        [Stock(sku_id=sku_id) for sku_id in supply.sku_ids], ignore_conflicts=True
    )
    rows = list(Stock.objects.filter(sku_id__in=supply.sku_ids).order_by("sku_id"))
    index = {sku_id: i for i, sku_id in enumerate(supply.sku_ids)}
    for row in rows:
        i = index[row.sku_id]
        row.reorder_point = int(levels.reorder_point[i])
        row.order_up_to = int(levels.order_up_to[i])
        row.daily_forecast = round(float(daily[i]), 3)
        row.planned_at = now
    Stock.objects.bulk_update(
        rows, ["reorder_point", "order_up_to", "daily_forecast", "planned_at"], batch_size=1000
    )
