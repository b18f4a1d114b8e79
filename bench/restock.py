"""Benchmark the restock forecast and policy: 10,000, 100,000 and 1,000,000 SKUs with 365
days of synthetic daily sales each, beside a 28-day moving average over the same matrix.

Run `python bench/restock.py` (`--quick` for a smoke run). Per size it prints the time to
forecast and plan every SKU, the microseconds per SKU, the peak memory traced by
tracemalloc, the moving average's time and the ratio of the two. The million SKUs are
generated and forecast in chunks of 100,000, so memory stays that of one chunk.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from inventory import policy  # noqa: E402
from inventory.forecast import forecast  # noqa: E402

DAYS = 365
CHUNK = 100_000
WEEK = np.array([0.9, 0.85, 0.9, 0.95, 1.1, 1.3, 1.25])


def history(rng: np.random.Generator, skus: int) -> np.ndarray:
    """Daily sales: a weekly rhythm, a trend, a third slow movers, some stock-out weeks."""
    level = rng.lognormal(0.0, 1.2, size=(skus, 1))
    level[: skus // 3] *= 0.05
    trend = 1 + rng.normal(0, 0.2, size=(skus, 1)) * np.linspace(0, 1, DAYS)[None, :]
    rhythm = np.tile(WEEK, DAYS // 7 + 1)[None, :DAYS]
    sales = rng.poisson(np.maximum(level * trend * rhythm, 0)).astype(np.float64)
    out = rng.integers(0, DAYS - 7, size=skus)
    hit = rng.random(skus) < 0.1
    rows = np.flatnonzero(hit)
    for offset in range(7):
        sales[rows, out[rows] + offset] = np.nan
    return sales


def terms(rng: np.random.Generator, skus: int) -> dict[str, np.ndarray]:
    return {
        "lead_time": rng.integers(3, 15, size=skus).astype(np.float64),
        "lead_spread": rng.uniform(0.5, 3.0, size=skus),
        "pack": rng.choice([1, 1, 6, 12], size=skus),
        "moq": rng.choice([1, 2, 5], size=skus),
    }


def plan_chunk(sales: np.ndarray, supply: dict[str, np.ndarray], position: np.ndarray) -> int:
    """Forecast and plan one chunk the way the nightly job does; return SKUs due."""
    result = forecast(sales, horizon=16)
    protection = np.clip(supply["lead_time"].astype(np.int64), 1, 15)
    daily = np.cumsum(result.daily, axis=1)[np.arange(len(sales)), protection] / (protection + 1)
    levels = policy.plan(
        daily=daily,
        sigma=result.sigma,
        fill_rate=0.95,
        cover_days=14,
        sale_size=result.size,
        **supply,
    )
    due = policy.order_quantity(
        policy=levels, position=position, pack=supply["pack"], moq=supply["moq"]
    )
    return int((due > 0).sum())


def moving_average(sales: np.ndarray) -> np.ndarray:
    return np.nanmean(sales[:, -28:], axis=1)


def measure(skus: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    forecast_time = baseline_time = 0.0
    due = 0
    tracemalloc.start()
    for start in range(0, skus, CHUNK):
        size = min(CHUNK, skus - start)
        sales, supply = history(rng, size), terms(rng, size)
        position = rng.integers(0, 60, size=size)
        begun = time.perf_counter()
        due += plan_chunk(sales, supply, position)
        forecast_time += time.perf_counter() - begun
        begun = time.perf_counter()
        moving_average(sales)
        baseline_time += time.perf_counter() - begun
        del sales
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{skus:>9,} SKUs  forecast+plan {forecast_time:7.2f} s "
        f"({forecast_time / skus * 1e6:6.1f} µs/SKU)  peak {peak / 2**20:7.0f} MiB  "
        f"moving average {baseline_time:6.2f} s  ratio {forecast_time / baseline_time:5.0f}x  "
        f"due {due:,}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 SKUs only")
    args = parser.parse_args()
    sizes = (1_000, 10_000) if args.quick else (10_000, 100_000, 1_000_000)
    print(f"{DAYS} days of history per SKU, chunks of {CHUNK:,} SKUs")
    for index, skus in enumerate(sizes):
        measure(skus, seed=index)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak resident memory {rss:.0f} MiB")


if __name__ == "__main__":
    main()
