"""Reorder point and order-up-to level per SKU for a target fill rate: pure numpy.

The shop reviews stock once a day and orders when the inventory position (on hand, minus
reserved, plus on order) is at or below the reorder point, up to the order-up-to level.
Safety stock covers the demand over the lead time plus one review period:
sigma = sqrt(P * sigma_d**2 + d**2 * sigma_L**2) with P = L + R, and the safety factor k is
the one whose expected shortage per replenishment cycle, sigma * G(k), is the share of a
cycle's demand the target fill rate allows to go short (G is the standard normal loss
function). That targets the share of units served, not the share of cycles without a
stock-out, and lets large packs and MOQs lower the safety stock they already provide.
"""

import math
from dataclasses import dataclass

import numpy as np

REVIEW_DAYS = 1
K_LOW, K_HIGH = -1.0, 4.0
BISECTION_STEPS = 40
A5 = 1.061405429


@dataclass(frozen=True)
class Policy:
    """Per SKU, in units: when to order and up to what level."""

    reorder_point: np.ndarray  # (n,) int64
    order_up_to: np.ndarray  # (n,) int64
    safety_stock: np.ndarray  # (n,) float


def normal_cdf(z: np.ndarray) -> np.ndarray:
    """Standard normal distribution function, elementwise."""
    return 0.5 * (1 + _erf(np.asarray(z, dtype=np.float64) / math.sqrt(2)))


def normal_loss(z: np.ndarray) -> np.ndarray:
    """Standard normal loss G(z) = E[(X - z)+]: the expected shortfall beyond z."""
    z = np.asarray(z, dtype=np.float64)
    density = np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    return density - z * (1 - normal_cdf(z))


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz and Stegun 7.1.26: error under 1.5e-7, enough for a safety factor."""
    sign = np.sign(x)
    x = np.abs(x)
    t = 1 / (1 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * A5))))
    return sign * (1 - poly * np.exp(-x * x))


def safety_factor(allowed_short: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """Solve sigma * G(k) = allowed_short for k by bisection, elementwise."""
    target = np.asarray(allowed_short, dtype=np.float64) / np.maximum(sigma, 1e-9)
    low = np.full(target.shape, K_LOW)
    high = np.full(target.shape, K_HIGH)
    # G falls as k rises: too much shortfall at the middle means k must go up.
    for _ in range(BISECTION_STEPS):
        middle = (low + high) / 2
        short = normal_loss(middle) > target
        low = np.where(short, middle, low)
        high = np.where(short, high, middle)
    return (low + high) / 2


def round_order(quantity: np.ndarray, *, pack: np.ndarray, moq: np.ndarray) -> np.ndarray:
    """Round wanted units up to whole packs, at least the MOQ; zero stays zero."""
    quantity = np.asarray(quantity, dtype=np.float64)
    wanted = np.where(quantity > 0, np.maximum(np.ceil(quantity - 1e-9), moq), 0)
    return (np.ceil(wanted / pack) * pack).astype(np.int64)


def plan(
    *,
    daily: np.ndarray,
    sigma: np.ndarray,
    lead_time: np.ndarray,
    lead_spread: np.ndarray,
    fill_rate: float,
    cover_days: float,
    pack: np.ndarray,
    moq: np.ndarray,
    sale_size: np.ndarray | None = None,
) -> Policy:
    """Reorder points and order-up-to levels for the expected daily demand of each SKU.

    A slow mover sells in lumps the normal curve misses: with `sale_size`, a SKU expected
    to sell keeps at least one typical sale's units at its reorder point.
    """
    protection = lead_time + REVIEW_DAYS
    spread = np.sqrt(protection * sigma**2 + daily**2 * lead_spread**2)
    # The expected order: a cover period's demand, but never less than what may be bought.
    batch = np.maximum(np.maximum(daily * cover_days, moq), pack)
    k = safety_factor((1 - fill_rate) * batch, spread)
    safety = k * spread
    level = np.maximum(daily * protection + safety, 0)
    if sale_size is not None:
        level = np.where(daily > 0, np.maximum(level, sale_size), level)
    reorder_point = np.ceil(level - 1e-9).astype(np.int64)
    order_up_to = reorder_point + np.ceil(daily * cover_days).astype(np.int64)
    return Policy(reorder_point=reorder_point, order_up_to=order_up_to, safety_stock=safety)


def order_quantity(
    *, policy: Policy, position: np.ndarray, pack: np.ndarray, moq: np.ndarray
) -> np.ndarray:
    """Units to order now: up to the target level when at or below the reorder point."""
    due = position <= policy.reorder_point
    wanted = np.where(due, policy.order_up_to - position, 0)
    # A SKU due with nothing to fill (no demand expected) orders nothing.
    return round_order(np.maximum(wanted, 0), pack=pack, moq=moq)
