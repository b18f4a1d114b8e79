"""Layer 2 configurations: the ways one cluster of multi-unit promotions shares its units.

Promotions whose units overlap form a cluster. A configuration gives each promotion of
the cluster a share of the units (possibly none). Small clusters are enumerated unit by
unit, which is exact; larger ones try each promotion order, every promotion taking the
best share for each group count from what the earlier ones left.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from math import comb
from typing import NamedTuple

from promotions.engine.facts import Candidate, LineFacts
from promotions.engine.multiunit import Option, Run, best_options, share_discount, sort_runs

PERMUTED_UP_TO = 3


class Config(NamedTuple):
    """One sharing of a cluster: the promotions it applies, with their options."""

    parts: tuple[tuple[Candidate, Option], ...]
    discount: int
    coded: int

    @property
    def sort_key(self) -> tuple:
        return (-self.discount, len(self.parts), tuple(c.id for c, _ in self.parts))


def cluster_configs(
    cluster: Sequence[Candidate],
    lines: Sequence[LineFacts],
    pool: dict[int, dict[int, int]],
    slots: int,
    budget: int,
) -> tuple[list[Config], bool, int]:
    """Return the cluster's configurations, best first, whether they are all, and the tries."""
    # Every way of sharing the units is tried when there are at most `budget` of them.
    cluster = sorted(cluster, key=lambda c: c.id)
    classes, ways = unit_classes(cluster, pool, budget)
    if classes is not None:
        configs, exhaustive = enumerate_shares(cluster, classes, lines), True
    else:
        configs, exhaustive, ways = greedy_shares(cluster, lines, pool), False, 0
    configs.append(make_config([]))
    allowed = {}
    for config in configs:
        if valid(config, slots):
            signature = tuple((c.id, option.used) for c, option in config.parts)
            allowed.setdefault(signature, config)
    ordered = sorted(allowed.values(), key=lambda config: config.sort_key)
    return ordered, exhaustive, ways


def valid(config: Config, slots: int) -> bool:
    groups = [c.promo.exclusive_group for c, _ in config.parts if c.promo.exclusive_group]
    if len(groups) != len(set(groups)) or config.coded > slots:
        return False
    return all(c.fits_budget(option.discount) for c, option in config.parts)


def make_config(parts: list[tuple[Candidate, Option]]) -> Config:
    parts.sort(key=lambda part: part[0].id)
    return Config(
        parts=tuple(parts),
        discount=sum(option.discount for _, option in parts),
        coded=sum(1 for c, _ in parts if c.coded),
    )


def unit_classes(
    cluster: Sequence[Candidate], pool: dict[int, dict[int, int]], limit: int
) -> tuple[list[tuple[int, int, int, tuple[int, ...]]] | None, int]:
    """Return (line, price, count, promotions that may use them) per class of like units."""
    # None when there are more than `limit` ways to share them out; also the number of ways.
    owners: dict[int, list[int]] = {}
    for k, candidate in enumerate(cluster):
        for line in candidate.touched:
            owners.setdefault(line, []).append(k)
    classes = []
    ways = 1
    for line in sorted(owners):
        for price, count in sorted(pool[line].items(), reverse=True):
            if count:
                ways *= comb(count + len(owners[line]), len(owners[line]))
                if ways > limit:
                    return None, ways
                classes.append((line, price, count, tuple(owners[line])))
    return classes, ways


def enumerate_shares(
    cluster: Sequence[Candidate], classes: list, lines: Sequence[LineFacts]
) -> list[Config]:
    """Try every way of giving each unit to one promotion of the cluster, or to none."""
    configs: list[Config] = []
    shares: list[list[Run]] = [[] for _ in cluster]

    def walk(at: int) -> None:
        if at == len(classes):
            parts = []
            for candidate, share in zip(cluster, shares, strict=True):
                if share:
                    groups, discount = share_discount(candidate, lines, share)
                    if not discount:
                        return
                    parts.append((candidate, Option(groups, discount, tuple(sort_runs(share)))))
            configs.append(make_config(parts))
            return
        line, price, count, owners = classes[at]
        for split in compositions(count, len(owners) + 1):
            given = [
                (owner, units) for owner, units in zip(owners, split[:-1], strict=True) if units
            ]
            for owner, units in given:
                shares[owner].append((price, line, units))
            walk(at + 1)
            for owner, _ in given:
                shares[owner].pop()

    walk(0)
    return configs


def compositions(total: int, parts: int):
    """Yield every way of writing total as an ordered sum of `parts` non-negative ints."""
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in compositions(total - first, parts - 1):
            yield (first, *rest)


def greedy_shares(
    cluster: Sequence[Candidate], lines: Sequence[LineFacts], pool: dict[int, dict[int, int]]
) -> list[Config]:
    """Let the promotions take, in turn, their best share of what the earlier ones left."""
    # A few promotions are tried in every order, each taking its share or none; more are taken
    # once, those that give most on their own first.
    if len(cluster) > PERMUTED_UP_TO:
        return [greedy_config(cluster, lines, pool)]
    configs: list[Config] = []

    def extend(order: tuple[Candidate, ...], at: int, available, parts) -> None:
        if at == len(order):
            configs.append(make_config(list(parts)))
            return
        candidate = order[at]
        options = best_options(candidate, lines, available)
        if options:
            left = without(available, options[0].used)
            extend(order, at + 1, left, [*parts, (candidate, options[0])])
        extend(order, at + 1, available, parts)

    for order in itertools.permutations(cluster):
        extend(order, 0, pool, [])
    return configs


def greedy_config(
    cluster: Sequence[Candidate], lines: Sequence[LineFacts], pool: dict[int, dict[int, int]]
) -> Config:
    """Let each promotion take its best share of what is left, the likeliest to give most first."""
    parts = []
    for candidate in sorted(cluster, key=lambda c: (-potential(c, pool), c.id)):
        options = best_options(candidate, lines, pool, every=False)
        if options:
            parts.append((candidate, options[0]))
            pool = without(pool, options[0].used)
    return make_config(parts)


def potential(candidate: Candidate, pool: dict[int, dict[int, int]]) -> int:
    """Estimate in cents what a promotion could give on the pool, from its reward rate."""
    # Only orders the promotions of a large cluster; what they give is computed exactly.
    promo = candidate.promo
    amount = units = 0
    for line in candidate.touched:
        for price, count in pool[line].items():
            amount += price * count
            units += count
    if not units:
        return 0
    if promo.kind == "bundle_price":
        return max(0, amount * promo.size // units - promo.price) * (units // promo.size)
    percent = promo.percent
    share = (promo.get, promo.buy + promo.get) if promo.kind == "buy_x_get_y" else (1, promo.n)
    return amount * share[0] * percent.numerator // (share[1] * 100 * percent.denominator)


def without(pool: dict[int, dict[int, int]], used: Sequence[Run]) -> dict[int, dict[int, int]]:
    left = dict(pool)
    for price, line, count in used:
        if left[line] is pool[line]:
            left[line] = dict(pool[line])
        left[line][price] -= count
    return left
