"""Daily demand forecasts for many SKUs at once: pure numpy, no database.

Input is a matrix of daily units sold, one row per SKU, one column per day, oldest first,
with NaN on censored days (out of stock: what would have sold is unknown). Regular sellers
get additive Holt-Winters with a damped trend and weekly seasonality; intermittent ones
(many zero days) get Croston's method with the Syntetos-Boylan correction. Every step runs
on whole columns, so the cost per SKU does not depend on how many SKUs there are.
"""

from dataclasses import dataclass

import numpy as np

SEASON = 7
HW = 0
CROSTON = 1
YOUNG = 2
# Syntetos-Boylan: an average interval between demands above 1.32 days is intermittent,
# that is more than about a quarter of the observed days without a sale.
INTERMITTENT_ZERO_SHARE = 1 - 1 / 1.32
ALPHAS = (0.05, 0.15, 0.3)
BETA = 0.05
GAMMA = 0.1
PHI = 0.98
CROSTON_ALPHA = 0.1
WARM_UP = 2 * SEASON
BLOCK = 8192
# A SKU seen on sale for fewer days than this is young: its few days are blended with what
# new SKUs sold in their first days, weighted as this many days of its own.
YOUNG_DAYS = 28
PRIOR_WEIGHT = 14


@dataclass(frozen=True)
class Forecast:
    """Per SKU: the method used, the forecast per future day, the one-step error (RMSE)."""

    method: np.ndarray  # (n,) int8: HW, CROSTON or YOUNG
    daily: np.ndarray  # (n, horizon) expected units per future day, never negative
    sigma: np.ndarray  # (n,) root mean square of one-step-ahead errors
    size: np.ndarray  # (n,) units in a typical sale, when there is one (Croston's size)
    # (n, days) one-step-ahead forecasts over the history, kept only when asked for.
    fitted: np.ndarray | None = None


def forecast(history: np.ndarray, *, horizon: int, keep_fitted: bool = False) -> Forecast:
    """Forecast `horizon` days for every row of `history` (NaN = censored day)."""
    history = np.asarray(history, dtype=np.float64)
    if history.ndim != 2 or history.shape[1] < WARM_UP:
        raise ValueError(f"history must be (SKUs, days) with at least {WARM_UP} days")
    launch = _launch_rate(history)
    # Blocks that fit in the processor's cache, each stored day by day, keep the cost per
    # SKU flat however many SKUs there are.
    parts = [
        _forecast_block(
            np.asfortranarray(history[start : start + BLOCK]), horizon, keep_fitted, launch
        )
        for start in range(0, max(len(history), 1), BLOCK)
    ]
    return Forecast(
        method=np.concatenate([part.method for part in parts]),
        daily=np.concatenate([part.daily for part in parts]),
        sigma=np.concatenate([part.sigma for part in parts]),
        size=np.concatenate([part.size for part in parts]),
        fitted=_concatenate([part.fitted for part in parts]),
    )


def _forecast_block(
    history: np.ndarray, horizon: int, keep_fitted: bool, launch: float
) -> Forecast:
    observed = ~np.isnan(history)
    seen = np.maximum(observed.sum(axis=1), 1)
    zero_share = ((history == 0) & observed).sum(axis=1) / seen
    intermittent = zero_share > INTERMITTENT_ZERO_SHARE
    hw = _holt_winters_best(history, horizon, keep_fitted)
    cr = _croston(history, horizon, keep_fitted)
    pick = intermittent[:, None]
    daily = np.maximum(np.where(pick, cr.daily, hw.daily), 0.0)
    sigma = np.where(intermittent, cr.sigma, hw.sigma)
    young = observed.sum(axis=1) < YOUNG_DAYS
    if young.any():
        days_seen = observed.sum(axis=1)[young]
        rate = (np.nansum(history[young], axis=1) + launch * PRIOR_WEIGHT) / (
            days_seen + PRIOR_WEIGHT
        )
        daily[young] = rate[:, None]
        # Too few days for a forecast error: take the spread of Poisson-like sales.
        sigma[young] = np.maximum(sigma[young], np.sqrt(rate))
    method = np.where(young, YOUNG, np.where(intermittent, CROSTON, HW)).astype(np.int8)
    return Forecast(
        method=method,
        daily=daily,
        sigma=sigma,
        size=cr.size,
        fitted=_pick(pick, cr.fitted, hw.fitted),
    )


def _launch_rate(history: np.ndarray) -> float:
    """Mean units per day that SKUs sold over their first YOUNG_DAYS days on sale."""
    total, count = 0.0, 0
    for start in range(0, len(history), BLOCK):
        block = history[start : start + BLOCK]
        observed = ~np.isnan(block)
        first = np.argmax(observed, axis=1)
        mature = np.flatnonzero(observed.any(axis=1) & (first + YOUNG_DAYS <= block.shape[1]))
        sold = np.cumsum(np.nan_to_num(block[mature]), axis=1)
        rows = np.arange(len(mature))
        ends = sold[rows, first[mature] + YOUNG_DAYS - 1]
        begins = np.where(first[mature] > 0, sold[rows, first[mature] - 1], 0)
        total += float((ends - begins).sum())
        count += len(mature)
    return total / count / YOUNG_DAYS if count else 0.0


def _holt_winters_best(history: np.ndarray, horizon: int, keep_fitted: bool) -> Forecast:
    """Fit each smoothing constant and keep, per SKU, the one with the lowest error."""
    fits = [_holt_winters(history, horizon, alpha, keep_fitted) for alpha in ALPHAS]
    best = np.argmin(np.stack([fit.sigma for fit in fits]), axis=0)
    rows = np.arange(history.shape[0])
    fitted = None
    if keep_fitted:
        fitted = np.stack([fit.fitted for fit in fits if fit.fitted is not None])[best, rows]
    return Forecast(
        method=np.zeros(history.shape[0], dtype=np.int8),
        daily=np.stack([fit.daily for fit in fits])[best, rows],
        sigma=np.stack([fit.sigma for fit in fits])[best, rows],
        size=fits[0].size,
        fitted=fitted,
    )


def _initial_state(history: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Level from the mean of the observed days, seasonal offsets from weekday means.

    Using the whole observed history (not the first weeks) starts a SKU listed late, whose
    early days are all censored, from its real level rather than from zero.
    """
    n, days = history.shape
    whole = days // SEASON * SEASON
    recent = history[:, days - whole :]
    level = _nan_mean(recent, axis=1)
    weekdays = recent.reshape(n, whole // SEASON, SEASON)
    # Column j of `recent` is day days - whole + j, the same weekday slot as day j.
    season = _nan_mean(weekdays, axis=1) - level[:, None]
    season = np.where(np.isnan(weekdays).all(axis=1), 0.0, season)
    slots = (np.arange(SEASON) + (days - whole)) % SEASON
    ordered = np.empty_like(season)
    ordered[:, slots] = season
    return level, ordered


def _holt_winters(history: np.ndarray, horizon: int, alpha: float, keep_fitted: bool) -> Forecast:
    n, days = history.shape
    level, season = _initial_state(history)
    trend = np.zeros(n)
    fitted = np.empty((n, days)) if keep_fitted else None
    squared, counted = np.zeros(n), np.zeros(n)
    for t in range(days):
        slot = t % SEASON
        predicted = level + PHI * trend + season[:, slot]
        if fitted is not None:
            fitted[:, t] = predicted
        y = history[:, t]
        seen = ~np.isnan(y)
        # A censored day carries the forecast forward: no error, no learning.
        error = np.where(seen, y - predicted, 0.0)
        level = level + PHI * trend + alpha * error
        trend = PHI * trend + alpha * BETA * error
        season[:, slot] += GAMMA * (1 - alpha) * error
        if t >= WARM_UP:
            squared += error * error
            counted += seen
    steps = np.cumsum(PHI ** np.arange(1, horizon + 1))
    future_slots = (days + np.arange(horizon)) % SEASON
    daily = level[:, None] + steps[None, :] * trend[:, None] + season[:, future_slots]
    return Forecast(
        method=np.zeros(n, dtype=np.int8),
        daily=daily,
        sigma=_rmse(squared, counted),
        size=np.zeros(n),
        fitted=fitted,
    )


def _croston(history: np.ndarray, horizon: int, keep_fitted: bool) -> Forecast:
    """Croston's method with the Syntetos-Boylan bias correction (SBA)."""
    n, days = history.shape
    positive = history > 0
    counts = positive.sum(axis=1)
    observed = np.maximum((~np.isnan(history)).sum(axis=1), 1)
    size = np.where(counts > 0, np.nansum(np.where(positive, history, 0), axis=1), 0.0)
    size = size / np.maximum(counts, 1)
    interval = np.where(counts > 0, observed / np.maximum(counts, 1), float(days))
    since = np.ones(n)
    correction = 1 - CROSTON_ALPHA / 2
    fitted = np.empty((n, days)) if keep_fitted else None
    squared, counted = np.zeros(n), np.zeros(n)
    for t in range(days):
        predicted = correction * size / interval
        if fitted is not None:
            fitted[:, t] = predicted
        y = history[:, t]
        seen = ~np.isnan(y)
        error = np.where(seen, y - predicted, 0.0)
        sale = positive[:, t]
        size = np.where(sale, size + CROSTON_ALPHA * (y - size), size)
        interval = np.where(sale, interval + CROSTON_ALPHA * (since - interval), interval)
        since = np.where(sale, 1.0, since + seen)
        if t >= WARM_UP:
            squared += error * error
            counted += seen
    rate = correction * size / interval
    return Forecast(
        method=np.ones(n, dtype=np.int8),
        daily=np.repeat(rate[:, None], horizon, axis=1),
        sigma=_rmse(squared, counted),
        size=size,
        fitted=fitted,
    )


def _concatenate(parts: list[np.ndarray | None]) -> np.ndarray | None:
    kept = [part for part in parts if part is not None]
    return np.concatenate(kept) if kept and len(kept) == len(parts) else None


def _pick(
    first: np.ndarray, chosen: np.ndarray | None, other: np.ndarray | None
) -> np.ndarray | None:
    """Take `chosen` where `first` holds, else `other`; None when they were not kept."""
    if chosen is None or other is None:
        return None
    return np.where(first, chosen, other)


def _nan_mean(values: np.ndarray, axis: int) -> np.ndarray:
    """Mean of the observed values, zero where nothing was observed (no warnings)."""
    seen = ~np.isnan(values)
    total = np.where(seen, values, 0.0).sum(axis=axis)
    return total / np.maximum(seen.sum(axis=axis), 1)


def _rmse(squared: np.ndarray, counted: np.ndarray) -> np.ndarray:
    return np.sqrt(squared / np.maximum(counted, 1))
