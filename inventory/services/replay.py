"""Backtest: replay the last days of real demand under the restock policy and a naive one."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.utils import timezone

from inventory import backtest

from .restock import HISTORY_DAYS, demand_history, plan_levels, supply_load

REFIT_DAYS = 1


@dataclass(frozen=True)
class BacktestResult:
    days: int
    skus: int
    policy: backtest.Outcome
    naive: backtest.Outcome


def restock_backtest(
    *,
    days: int,
    today: date | None = None,
    seed: int = 0,
    progress: Callable[[Iterable], Iterable] = iter,
) -> BacktestResult:
    """Replay the last `days` days: the policy refits weekly on what it had seen by then."""
    if not 7 <= days <= HISTORY_DAYS - 28:
        raise ValueError(f"days must be between 7 and {HISTORY_DAYS - 28}")
    today = today or timezone.localdate()
    supply = supply_load()
    history = demand_history(sku_ids=supply.sku_ids, end=today, days=HISTORY_DAYS)
    split = HISTORY_DAYS - days
    replay = np.nan_to_num(history[:, split:])
    n = len(supply.sku_ids)
    reorder_point = np.zeros((n, days), dtype=np.int64)
    order_up_to = np.zeros((n, days), dtype=np.int64)
    for start in progress(range(0, days, REFIT_DAYS)):
        levels, _daily = plan_levels(supply=supply, history=history[:, : split + start])
        reorder_point[:, start : start + REFIT_DAYS] = levels.reorder_point[:, None]
        order_up_to[:, start : start + REFIT_DAYS] = levels.order_up_to[:, None]
    naive_rop, naive_up_to = backtest.naive_levels(
        history=history[:, :split],
        lead_time=supply.lead_time,
        lead_spread=supply.lead_spread,
        pack=supply.pack,
        moq=supply.moq,
    )
    lead_days = backtest.draw_lead_days(
        lead_time=supply.lead_time, lead_spread=supply.lead_spread, days=days, seed=seed
    )
    common = {
        "demand": replay,
        "lead_days": lead_days,
        "pack": supply.pack,
        "moq": supply.moq,
        "supplier": supply.supplier_ids,
    }
    ours = backtest.simulate(
        reorder_point=reorder_point, order_up_to=order_up_to, start=order_up_to[:, 0], **common
    )
    naive = backtest.simulate(
        reorder_point=np.repeat(naive_rop[:, None], days, axis=1),
        order_up_to=np.repeat(naive_up_to[:, None], days, axis=1),
        start=naive_up_to,
        **common,
    )
    return BacktestResult(days=days, skus=n, policy=ours, naive=naive)
