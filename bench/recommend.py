"""Benchmark the co-purchase model: build it from 1,000,000 synthetic order lines (100,000
customers, 20,000 products, power-law popularity) and serve one product's list.

Run `python bench/recommend.py` (`--quick` for a tenth of the data). It prints the build
time and peak memory (of the Python process, via tracemalloc for numpy/scipy buffers), the
time to serve one product's stored neighbours and, as a baseline measured in the same run,
the time of the plain popularity count, with the ratio of the two builds.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from recommend.similarity import (  # noqa: E402
    copurchase,
    decay,
    interaction_matrix,
    popularity,
    rank_from_history,
)

K = 20


def synthetic(rng: np.random.Generator, lines: int, customers: int, products: int) -> tuple:
    """Return customer, product and age arrays: Zipf-like products, skewed customers."""
    product_weights = 1.0 / np.arange(1, products + 1) ** 1.1
    product_weights /= product_weights.sum()
    customer_weights = 1.0 / np.arange(1, customers + 1) ** 0.6
    customer_weights /= customer_weights.sum()
    users = rng.choice(customers, size=lines, p=customer_weights).astype(np.int32)
    # Customers keep to a neighbourhood of the catalogue, so pairs are not pure chance.
    base = rng.choice(products, size=lines, p=product_weights)
    shift = (users % 50) * (products // 50)
    items = ((base + shift * (rng.random(lines) < 0.5)) % products).astype(np.int32)
    ages = rng.uniform(0, 365, size=lines)
    return users, items, ages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the data")
    args = parser.parse_args()
    scale = 0.1 if args.quick else 1.0
    lines, customers, products = int(1_000_000 * scale), int(100_000 * scale), 20_000
    users, items, ages = synthetic(np.random.default_rng(7), lines, customers, products)

    started = time.perf_counter()
    counts = np.bincount(items, weights=decay(ages, half_life_days=60), minlength=products)
    np.argsort(-counts)
    baseline = time.perf_counter() - started

    tracemalloc.start()
    started = time.perf_counter()
    weights = decay(ages, half_life_days=60)
    matrix = interaction_matrix(users, items, weights, shape=(customers, products))
    neighbours = copurchase(matrix, k=K, alpha=0.3, weighting="bm25")
    build = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    serve = []
    for item in np.random.default_rng(1).choice(products, size=200):
        tick = time.perf_counter()
        rank_from_history(neighbours, np.array([item]), n=10, exclude=np.array([item]))
        serve.append(time.perf_counter() - tick)

    filled = int((neighbours.indices >= 0).any(axis=1).sum())
    print(f"{lines:,} lines, {customers:,} customers, {products:,} products, k={K}")
    print(f"co-purchase build     {build:8.2f} s   ({filled:,} products with neighbours)")
    print(f"popularity baseline   {baseline:8.3f} s   build / baseline = {build / baseline:,.0f}×")
    print(f"peak traced memory    {peak / 2**20:8.0f} MiB   (process peak RSS {rss:,.0f} MiB)")
    print(f"serve one product     {statistics.median(serve) * 1e6:8.1f} µs median")
    print(f"popular items counted {int(popularity(matrix).astype(bool).sum()):,}")


if __name__ == "__main__":
    main()
