"""Benchmark the pricing engine: one `price()` call for carts of 5, 50 and 200 lines against
10, 100 and 1,000 active promotions, beside a naive percentage loop over the same lines.

Run `python bench/promotions.py` (`--quick` for a smoke run). It prints, per size, the median
and p95 time of one pricing, the time to compile the promotions, the naive loop's median and
the ratio of the two medians, and how many pricings proved their answer optimal.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from promotions.engine import (  # noqa: E402
    CartSnapshot,
    Customer,
    Item,
    Line,
    PricingContext,
    compile_promotions,
    price,
)

NOW = datetime(2026, 11, 11, 20, 0, tzinfo=UTC)
TOP_CATEGORIES = [f"c{k}" for k in range(20)]
CATEGORIES = [f"{top}/s{k}" for top in TOP_CATEGORIES for k in range(10)]
BRANDS = [f"brand{k}" for k in range(200)]
TAGS = ["new", "summer", "winter", "sale", "gift", "organic", "import", "local"]
SEGMENTS = ["vip", "staff", "student"]


def money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def catalog(rng: random.Random, products: int = 20_000) -> dict:
    """Return JSON-like items: products of 1 to 3 SKUs in a two-level tree of 200 categories."""
    items = {}
    for p in range(products):
        category = rng.choice(CATEGORIES)
        brand = rng.choice(BRANDS)
        base = rng.choice([990, 1990, 2990, 4990, 9900, 12900, 19900, 29900, 49900])
        tags = rng.sample(TAGS, rng.randint(0, 2))
        for s in range(rng.randint(1, 3)):
            items[f"P{p}-{s}"] = {
                "price": money(base + 500 * rng.randint(0, 2)),
                "product": f"prod{p}",
                "categories": [category],
                "brand": brand,
                "tags": tags,
            }
    return items


def narrow_targets(rng: random.Random, items: dict) -> dict:
    """Return the targets of a promotion aimed at a few products, a category, a brand or a tag."""
    skus = sku_list(items)
    sku = rng.choice(skus)
    item = items[sku]
    shape = rng.random()
    if shape < 0.55:
        others = [items[rng.choice(skus)]["product"] for _ in range(rng.randint(0, 4))]
        return {"products": sorted({item["product"], *others})}
    if shape < 0.70:
        return {"skus": [sku]}
    if shape < 0.85:
        return {"categories": [item["categories"][0]]}
    if shape < 0.88:
        return {"categories": [item["categories"][0].split("/")[0]], "exclude": {"tags": ["sale"]}}
    if shape < 0.96:
        return {"brands": [item["brand"]]}
    return {"tags": [rng.choice(TAGS)]}


def sku_list(items: dict, known: dict[int, list[str]] = {}) -> list[str]:  # noqa: B006
    """Return the catalog's SKUs as a list, built once per catalog."""
    if id(items) not in known:
        known[id(items)] = list(items)
    return known[id(items)]


def item_promotion(rng: random.Random, pid: str, items: dict) -> dict:
    kind = rng.choices(["percent_off", "special_price", "amount_off", "tier_price"], [5, 3, 2, 1])[
        0
    ]
    promo = {"id": pid, "name": f"item {pid}", "kind": kind, "targets": narrow_targets(rng, items)}
    if kind == "percent_off":
        promo["percent"] = rng.choice([5, 10, 15, 20, 30, 50])
    elif kind == "special_price":
        promo["price"] = money(rng.choice([990, 1990, 4990, 9900]))
    elif kind == "amount_off":
        promo["amount"] = money(rng.choice([500, 1000, 2000]))
    else:
        promo["tiers"] = [
            {"min_qty": 2, "price": money(rng.choice([4990, 9900]))},
            {"min_qty": 5, "price": money(rng.choice([2990, 4990]))},
        ]
    if rng.random() < 0.3:
        promo["priority"] = rng.randint(0, 3)
    if rng.random() < 0.1:
        promo["limits"] = {"stock_cap": rng.choice([50, 100, 500])}
    return promo


def multi_unit_promotion(rng: random.Random, pid: str, items: dict) -> dict:
    kind = rng.choice(["buy_x_get_y", "nth_item", "bundle_price"])
    promo = {"id": pid, "name": f"multi {pid}", "kind": kind, "targets": narrow_targets(rng, items)}
    if kind == "buy_x_get_y":
        promo.update(buy=rng.choice([1, 2]), get=1)
        if rng.random() < 0.3:
            promo["percent"] = 50
    elif kind == "nth_item":
        promo.update(n=2, percent=rng.choice([30, 50]))
    else:
        promo.update(size=rng.choice([2, 3]), price=money(rng.choice([9900, 19900, 29900])))
    if rng.random() < 0.3:
        promo["limits"] = {"max_applications": rng.randint(1, 3)}
    return promo


def threshold_promotion(rng: random.Random, pid: str, items: dict) -> dict:
    base = rng.choice([9900, 19900, 29900])
    if rng.random() < 0.15:
        return {
            "id": pid,
            "name": f"gift {pid}",
            "kind": "gift",
            "targets": narrow_targets(rng, items),
            "tiers": [{"min_spend": money(base)}],
            "sku": rng.choice(sku_list(items)),
            "qty": 1,
        }
    if rng.random() < 0.5:
        tiers = [
            {"min_spend": money(base), "amount_off": money(base // 10)},
            {"min_spend": money(base * 2), "amount_off": money(base // 4)},
        ]
    else:
        tiers = [{"min_qty": 2, "percent_off": rng.choice([5, 10])}]
    promo = {
        "id": pid,
        "name": f"order {pid}",
        "kind": "spend_threshold",
        "targets": narrow_targets(rng, items),
        "tiers": tiers,
    }
    if rng.random() < 0.1:
        promo["exclusive_group"] = f"g{rng.randint(0, 4)}"
    return promo


def coupon_promotion(rng: random.Random, pid: str, items: dict) -> dict:
    promo = {
        "id": pid,
        "name": f"coupon {pid}",
        "kind": "spend_threshold",
        "code": f"CODE-{pid}",
        "tiers": [{"min_spend": money(rng.choice([9900, 19900])), "amount_off": money(2000)}],
    }
    if rng.random() < 0.5:
        promo["targets"] = narrow_targets(rng, items)
    if rng.random() < 0.2:
        promo["conditions"] = {"segments": [rng.choice(SEGMENTS)]}
    return promo


def store_wide(pid_of) -> list[dict]:
    """Return the store-wide promotions every shop runs: 满减, a coupon, free shipping."""
    return [
        {
            "id": pid_of(),
            "name": "满300减30 满600减80",
            "kind": "spend_threshold",
            "tiers": [
                {"min_spend": "300.00", "amount_off": "30.00"},
                {"min_spend": "600.00", "amount_off": "80.00"},
            ],
            "exclusive_group": "store",
        },
        {
            "id": pid_of(),
            "name": "满1000打95折",
            "kind": "spend_threshold",
            "tiers": [{"min_spend": "1000.00", "percent_off": 5}],
            "exclusive_group": "store",
        },
        {
            "id": pid_of(),
            "name": "满200减20券",
            "kind": "spend_threshold",
            "code": "SAVE20",
            "tiers": [{"min_spend": "200.00", "amount_off": "20.00"}],
        },
        {"id": pid_of(), "name": "满99包邮", "kind": "free_shipping", "min_spend": "99.00"},
    ]


def promotion_set(rng: random.Random, count: int, items: dict) -> list[dict]:
    """Return `count` active promotions: a realistic mix of kinds and targets."""
    serial = iter(range(1, 10**6))

    def pid_of() -> str:
        return f"PR{next(serial):05d}"

    promos = store_wide(pid_of)[: max(1, min(4, count // 3))]
    makers = [item_promotion, multi_unit_promotion, threshold_promotion, coupon_promotion]
    while len(promos) < count:
        maker = rng.choices(makers, [45, 17, 28, 10])[0]
        promo = maker(rng, pid_of(), items)
        if rng.random() < 0.2:
            promo.setdefault("conditions", {}).update(
                starts_at=(NOW - timedelta(days=3)).isoformat(),
                ends_at=(NOW + timedelta(days=3)).isoformat(),
            )
        promos.append(promo)
    if count >= 100:
        promos[-1]["exclusive"] = True
    return promos


def cart(rng: random.Random, items: dict[str, Item], lines: int) -> CartSnapshot:
    skus = rng.sample(list(items), lines)
    return CartSnapshot(
        items=items, lines=tuple(Line(sku=sku, qty=rng.randint(1, 3)) for sku in skus)
    )


def as_item(sku: str, raw: dict) -> Item:
    return Item(
        sku=sku,
        price=Decimal(raw["price"]),
        product=raw["product"],
        categories=tuple(raw["categories"]),
        brand=raw["brand"],
        tags=tuple(raw["tags"]),
    )


def context(definitions: list[dict]) -> PricingContext:
    """Return the context: a VIP on the web who typed the store coupon and one other code."""
    others = [promo["code"] for promo in definitions if promo.get("code", "SAVE20") != "SAVE20"]
    return PricingContext(
        now=NOW,
        customer=Customer(id="u1", segments=frozenset({"vip"})),
        codes=("SAVE20", *(f" {code.lower()} " for code in others[:1])),
        max_coupons=2,
        channel="web",
        shipping=Decimal("10.00"),
    )


def naive(snapshot: CartSnapshot) -> Decimal:
    """The floor: multiply each line by a percentage, as if there were one promotion."""
    total = Decimal("0.00")
    for line in snapshot.lines:
        amount = snapshot.items[line.sku].price * line.qty * Decimal("0.9")
        total += amount.quantize(Decimal("0.01"), ROUND_HALF_UP)
    return total


def timed(action, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run(
    line_counts: list[int], promotion_counts: list[int], carts: int, rounds: int, products: int
) -> None:
    rng = random.Random(2026)
    items = catalog(rng, products)
    snapshot_items = {sku: as_item(sku, raw) for sku, raw in items.items()}
    print(
        f"{'lines':>5} {'promos':>6} {'median ms':>10} {'p95 ms':>8} {'compile ms':>11}"
        f" {'naive ms':>9} {'ratio':>7} {'optimal':>8}"
    )
    for promotion_count in promotion_counts:
        definitions = promotion_set(rng, promotion_count, items)
        compile_times = timed(lambda d=definitions: compile_promotions(d), 3)
        compiled = compile_promotions(definitions)
        # The catalog and compiled promotions live as long as the process, as in the shop:
        # keep the collector from walking them again on every collection.
        gc.freeze()
        for line_count in line_counts:
            snapshots = [cart(rng, snapshot_items, line_count) for _ in range(carts)]
            ctx = context(definitions)
            price_times, naive_times, optimal = [], [], 0
            for snapshot in snapshots:
                result = price(snapshot, compiled, ctx)
                optimal += result.optimal
                price_times += timed(lambda s=snapshot, p=compiled, c=ctx: price(s, p, c), rounds)
                naive_times += timed(lambda s=snapshot: naive(s), rounds)
            median = statistics.median(price_times)
            naive_median = statistics.median(naive_times)
            print(
                f"{line_count:>5} {promotion_count:>6} {median * 1000:>10.2f}"
                f" {percentile(price_times, 0.95) * 1000:>8.2f}"
                f" {statistics.median(compile_times) * 1000:>11.1f}"
                f" {naive_median * 1000:>9.3f} {median / naive_median:>7.0f}"
                f" {optimal:>4}/{len(snapshots):<3}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a fast smoke run")
    arguments = parser.parse_args()
    if arguments.quick:
        run([5, 50], [10, 100], carts=2, rounds=2, products=2_000)
    else:
        run([5, 50, 200], [10, 100, 1000], carts=20, rounds=5, products=20_000)


if __name__ == "__main__":
    main()
