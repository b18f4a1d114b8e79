"""Replay demand under a restock policy, for every SKU at once: pure numpy.

Each simulated day: deliveries due arrive, the day's demand is served from stock (what
cannot be served is lost, as a shopper facing "sold out" buys elsewhere), then the
inventory position (stock plus on order) is reviewed and an order is placed when it is at
or below the day's reorder point, up to the day's order-up-to level, rounded to packs and
the MOQ. It arrives after a lead time drawn for that day.
"""

from dataclasses import dataclass

import numpy as np

from .policy import Policy, order_quantity, round_order

NAIVE_COVER_DAYS = 30
NAIVE_SPREADS = 2


@dataclass(frozen=True)
class Outcome:
    """What a policy achieved over the replay."""

    demand: float
    served: float
    average_stock: float  # units held at the end of a day, summed over SKUs, per day
    orders: int  # SKU lines ordered
    purchase_orders: int  # distinct supplier-days with an order

    @property
    def fill_rate(self) -> float:
        return self.served / self.demand if self.demand else 1.0


def simulate(
    *,
    demand: np.ndarray,
    reorder_point: np.ndarray,
    order_up_to: np.ndarray,
    lead_days: np.ndarray,
    pack: np.ndarray,
    moq: np.ndarray,
    start: np.ndarray,
    supplier: np.ndarray,
) -> Outcome:
    """Replay `demand` (SKUs x days) with per-day levels and lead times of the same shape."""
    n, days = demand.shape
    stock = start.astype(np.float64).copy()
    arriving = np.zeros((n, days + int(lead_days.max()) + 1))
    outstanding = np.zeros(n)
    served = held = 0.0
    ordered = np.zeros((n, days), dtype=bool)
    rows = np.arange(n)
    for t in range(days):
        stock += arriving[:, t]
        outstanding -= arriving[:, t]
        sold = np.minimum(stock, demand[:, t])
        stock -= sold
        served += sold.sum()
        levels = Policy(reorder_point[:, t], order_up_to[:, t], np.zeros(n))
        quantity = order_quantity(policy=levels, position=stock + outstanding, pack=pack, moq=moq)
        arriving[rows, t + lead_days[:, t]] += quantity
        outstanding += quantity
        ordered[:, t] = quantity > 0
        held += stock.sum()
    placed = {(int(supplier[r]), int(t)) for r, t in zip(*np.nonzero(ordered), strict=True)}
    return Outcome(
        demand=float(demand.sum()),
        served=float(served),
        average_stock=held / days,
        orders=int(ordered.sum()),
        purchase_orders=len(placed),
    )


def naive_levels(
    *,
    history: np.ndarray,
    lead_time: np.ndarray,
    lead_spread: np.ndarray,
    pack: np.ndarray,
    moq: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The rule of thumb: reorder at the largest day's sales times the longest lead time,
    order a month of average sales; fixed for the whole replay."""
    observed = np.nan_to_num(history)
    longest = lead_time + NAIVE_SPREADS * lead_spread
    reorder_point = np.ceil(observed.max(axis=1) * longest).astype(np.int64)
    batch = round_order(observed.mean(axis=1) * NAIVE_COVER_DAYS, pack=pack, moq=moq)
    return reorder_point, reorder_point + batch


def draw_lead_days(
    *, lead_time: np.ndarray, lead_spread: np.ndarray, days: int, seed: int
) -> np.ndarray:
    """Lead times in whole days (at least one) for an order placed on each day."""
    rng = np.random.default_rng(seed)
    drawn = rng.normal(lead_time[:, None], lead_spread[:, None], size=(len(lead_time), days))
    return np.maximum(np.rint(drawn), 1).astype(np.int64)
