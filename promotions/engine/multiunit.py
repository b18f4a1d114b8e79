"""Layer 2: what a multi-unit promotion gives on a share of the cart's units.

Units are runs (price, line, count) sorted by price, most expensive first, ties to the
earlier line. A promotion's share is exactly the units it uses, in whole groups:
`share_discount` prices a given share by the kind's own rule, `best_options` finds, for
each number of groups, the share of a pool that gives the most.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from promotions.engine.facts import Candidate, LineFacts

Run = tuple[int, int, int]
FEWEST = 3
MOST = 6
SAMPLE = 16
EXACT_NTH = 16


class Option(NamedTuple):
    """A promotion's application: its groups, its discount and the units it uses."""

    groups: int
    discount: int
    used: tuple[Run, ...]

    def weights(self) -> dict[int, int]:
        """Return the amount of the used units per line: what its discount is allocated on."""
        weights: dict[int, int] = {}
        for price, line, count in self.used:
            weights[line] = weights.get(line, 0) + price * count
        return weights


def sort_runs(runs: Iterable[Run]) -> list[Run]:
    return sorted((run for run in runs if run[2]), key=lambda run: (-run[0], run[1]))


def take_top(runs: Sequence[Run], units: int) -> list[Run]:
    """Return the `units` most expensive units of sorted runs."""
    taken = []
    for price, line, count in runs:
        if units <= 0:
            break
        take = min(count, units)
        taken.append((price, line, take))
        units -= take
    return taken


def take_bottom(runs: Sequence[Run], units: int) -> list[Run]:
    """Return the `units` cheapest units of sorted runs."""
    taken = []
    for price, line, count in reversed(runs):
        if units <= 0:
            break
        take = min(count, units)
        taken.append((price, line, take))
        units -= take
    return taken


def count_units(runs: Iterable[Run]) -> int:
    return sum(run[2] for run in runs)


def rewarded_value(candidate: Candidate, runs: Iterable[Run]) -> int:
    percent = candidate.promo.percent
    return sum(percent.of_cents(price) * count for price, _, count in runs)


def within_limit(candidate: Candidate, groups: int) -> bool:
    limit = candidate.promo.max_applications
    return limit is None or groups <= limit


def share_discount(
    candidate: Candidate, lines: Sequence[LineFacts], share: list[Run]
) -> tuple[int, int]:
    """Return (groups, discount) on exactly these units; a discount of 0 when not whole groups."""
    promo = candidate.promo
    share = sort_runs(share)
    units = count_units(share)
    if promo.kind == "nth_item":
        groups = 0
        rewarded: list[Run] = []
        for sku_runs in by_sku(share, lines).values():
            sku_units = count_units(sku_runs)
            if sku_units % promo.n:
                return 0, 0
            groups += sku_units // promo.n
            rewarded += take_bottom(sku_runs, sku_units // promo.n)
        if not within_limit(candidate, groups):
            return 0, 0
        return groups, rewarded_value(candidate, rewarded)
    size = promo.buy + promo.get if promo.kind == "buy_x_get_y" else promo.size
    groups, extra = divmod(units, size)
    if extra or not groups or not within_limit(candidate, groups):
        return 0, 0
    if promo.kind == "bundle_price":
        return groups, bundle_value(share, promo.size, promo.price, groups)
    if promo.get_targets is None:
        return groups, rewarded_value(candidate, take_bottom(share, groups * promo.get))
    return groups, get_targets_value(candidate, share, groups)


def bundle_value(runs: Sequence[Run], size: int, price: int, groups: int) -> int:
    """Return the saving of `groups` bundles of the most expensive units, 0 if one saves nothing."""
    total = 0
    for group in range(groups):
        top = take_top(runs, (group + 1) * size)
        value = sum(p * c for p, _, c in top) - sum(
            p * c for p, _, c in take_top(runs, group * size)
        )
        if value <= price:
            return 0
        total += value - price
    return total


def get_targets_value(candidate: Candidate, share: Sequence[Run], groups: int) -> int:
    """Return the least reward a share allows: its get-only units plus the cheapest others."""
    promo = candidate.promo
    buy_lines, get_lines = set(candidate.lines), set(candidate.get_lines)
    get_only = [run for run in share if run[1] not in buy_lines]
    both = [run for run in share if run[1] in buy_lines and run[1] in get_lines]
    if any(run[1] not in buy_lines and run[1] not in get_lines for run in share):
        return 0
    rewards = groups * promo.get
    forced = count_units(get_only)
    if forced > rewards or forced + count_units(both) < rewards:
        return 0
    return rewarded_value(candidate, get_only) + rewarded_value(
        candidate, take_bottom(both, rewards - forced)
    )


def by_sku(runs: Sequence[Run], lines: Sequence[LineFacts]) -> dict[str, list[Run]]:
    grouped: dict[str, list[Run]] = {}
    for run in runs:
        grouped.setdefault(lines[run[1]].sku, []).append(run)
    return grouped


def too_few_units(candidate: Candidate, lines: Sequence[LineFacts]) -> bool:
    """Say whether the cart lacks the units for even one group of a multi-unit promotion."""
    promo = candidate.promo
    if promo.kind == "nth_item":
        units: dict[str, int] = {}
        for index in candidate.lines:
            units[lines[index].sku] = units.get(lines[index].sku, 0) + lines[index].qty
        return all(count < promo.n for count in units.values())
    size = promo.buy + promo.get if promo.kind == "buy_x_get_y" else promo.size
    return sum(lines[index].qty for index in candidate.touched) < size


def best_options(
    candidate: Candidate,
    lines: Sequence[LineFacts],
    pool: dict[int, dict[int, int]],
    *,
    every: bool = True,
) -> list[Option]:
    """Return, for each number of groups, the share of the pool that gives the most."""
    # `pool` maps a line to its available units by price. Options come best first; without
    # `every`, kinds whose discount grows with the groups give only their largest option.
    promo = candidate.promo
    runs = sort_runs(
        (price, line, count) for line in candidate.touched for price, count in pool[line].items()
    )
    if promo.kind == "nth_item":
        options = nth_options(candidate, lines, runs, every)
    elif promo.kind == "bundle_price":
        options = bundle_options(candidate, runs, every)
    elif promo.get_targets is None:
        options = buy_get_options(candidate, runs)
    else:
        options = get_targets_options(candidate, runs)
    options = [option for option in options if option.discount > 0]
    options.sort(key=lambda option: (-option.discount, -option.groups))
    return options


def max_groups(candidate: Candidate, units: int, size: int) -> int:
    groups = units // size
    limit = candidate.promo.max_applications
    return groups if limit is None else min(groups, limit)


def group_counts(most: int) -> list[int]:
    """Return the group counts worth an option: all when few, else the fewest and the most."""
    if most <= FEWEST + MOST:
        return list(range(1, most + 1))
    return [*range(1, FEWEST + 1), *range(most - MOST + 1, most + 1)]


def spread(low: int, high: int) -> list[int]:
    """Return every int from low to high, or an even sample of them when there are many."""
    if high - low <= 2 * SAMPLE:
        return list(range(low, high + 1))
    step = (high - low) / (2 * SAMPLE)
    return sorted({low + round(step * k) for k in range(2 * SAMPLE + 1)})


def buy_get_options(candidate: Candidate, runs: list[Run]) -> list[Option]:
    promo = candidate.promo
    size = promo.buy + promo.get
    options = []
    for groups in group_counts(max_groups(candidate, count_units(runs), size)):
        used = take_top(runs, groups * size)
        discount = rewarded_value(candidate, take_bottom(used, groups * promo.get))
        options.append(Option(groups, discount, tuple(used)))
    return options


def bundle_options(candidate: Candidate, runs: list[Run], every: bool = True) -> list[Option]:
    """Make bundles of the dearest units while each is cheaper than its units."""
    promo = candidate.promo
    size = promo.size
    left = max_groups(candidate, count_units(runs), size)
    # Bundles as (saving, how many), so that a run of like units makes its bundles at once.
    made: list[tuple[int, int]] = []
    value = filled = 0
    for price, _, count in runs:
        if filled:
            take = min(count, size - filled)
            value, filled, count = value + price * take, filled + take, count - take
            if filled < size:
                continue
            if value <= promo.price or not left:
                break
            made.append((value - promo.price, 1))
            left -= 1
        whole = min(count // size, left)
        if whole and price * size <= promo.price:
            break
        if whole:
            made.append((price * size - promo.price, whole))
            left -= whole
        value, filled = price * (count - whole * size), count - whole * size
        if not left or filled >= size:
            break
    total = sum(number for _, number in made)
    counts = group_counts(total) if every else [total] if total else []
    return [
        Option(groups, bundle_saving(made, groups), tuple(take_top(runs, groups * size)))
        for groups in counts
    ]


def bundle_saving(made: list[tuple[int, int]], groups: int) -> int:
    """Return what the first `groups` bundles save."""
    saving = 0
    for value, number in made:
        take = min(number, groups)
        saving += value * take
        groups -= take
        if not groups:
            break
    return saving


def nth_options(
    candidate: Candidate, lines: Sequence[LineFacts], runs: list[Run], every: bool = True
) -> list[Option]:
    """Share groups out between SKUs for the most discount, for each total number of groups."""
    n = candidate.promo.n
    per_sku = [(sku_runs, count_units(sku_runs) // n) for sku_runs in by_sku(runs, lines).values()]
    most = max_groups(candidate, sum(groups for _, groups in per_sku) * n, n)
    uniform = all(len({price for price, _, _ in sku_runs}) == 1 for sku_runs, _ in per_sku)
    if uniform or sum(groups for _, groups in per_sku) > EXACT_NTH:
        # With one price per SKU every group of a SKU is worth the same: the dearest first.
        choices = nth_greedy(candidate, per_sku, most)
    else:
        choices = nth_exact(candidate, per_sku, most)
    options = []
    counts = group_counts(most) if every or not uniform else [most]
    for total in counts:
        if total in choices:
            used: list[Run] = []
            discount = 0
            for (sku_runs, _), groups in zip(per_sku, choices[total], strict=True):
                if groups:
                    top = take_top(sku_runs, groups * n)
                    used += top
                    discount += rewarded_value(candidate, take_bottom(top, groups))
            options.append(Option(total, discount, tuple(sort_runs(used))))
    return options


def nth_exact(
    candidate: Candidate, per_sku: list[tuple[list[Run], int]], most: int
) -> dict[int, tuple[int, ...]]:
    """Return, per total group count, the groups per SKU that give the most (a knapsack)."""
    n = candidate.promo.n
    best: dict[int, tuple[int, tuple[int, ...]]] = {0: (0, ())}
    for sku_runs, groups_here in per_sku:
        values = [
            rewarded_value(candidate, take_bottom(take_top(sku_runs, groups * n), groups))
            for groups in range(groups_here + 1)
        ]
        merged: dict[int, tuple[int, tuple[int, ...]]] = {}
        for total, (value, choice) in best.items():
            for groups, sku_value in enumerate(values):
                if total + groups > most:
                    break
                entry = (value + sku_value, (*choice, groups))
                known = merged.get(total + groups)
                if known is None or entry[0] > known[0]:
                    merged[total + groups] = entry
        best = merged
    return {total: choice for total, (_, choice) in best.items()}


def nth_greedy(
    candidate: Candidate, per_sku: list[tuple[list[Run], int]], most: int
) -> dict[int, tuple[int, ...]]:
    """Return groups per SKU for the totals worth an option, the dearest rewarded units first."""
    # A group's worth is taken as its SKU's price at the last unit it needs: exact when each SKU
    # has one price, an estimate otherwise.
    n = candidate.promo.n
    marginals = []
    for k, (sku_runs, groups_here) in enumerate(per_sku):
        position = 0
        for price, _, count in sku_runs:
            first = position // n + 1
            position += count
            last = min(position // n, groups_here)
            if last >= first:
                marginals.append((-price, k, last - first + 1))
    marginals.sort()
    choices = {}
    for total in group_counts(most):
        counts = [0] * len(per_sku)
        left = total
        for _, k, groups in marginals:
            take = min(groups, left)
            counts[k] += take
            left -= take
            if not left:
                break
        choices[total] = tuple(counts)
    return choices


def get_targets_options(candidate: Candidate, runs: list[Run]) -> list[Option]:
    """Reward the dearest get units that still leave enough buy units, for each group count."""
    promo = candidate.promo
    buy_lines, get_lines = set(candidate.lines), set(candidate.get_lines)
    buy_only = [run for run in runs if run[1] not in get_lines]
    get_only = [run for run in runs if run[1] not in buy_lines]
    both = [run for run in runs if run[1] in buy_lines and run[1] in get_lines]
    n_buy, n_get, n_both = count_units(buy_only), count_units(get_only), count_units(both)
    options = []
    size = promo.buy + promo.get
    for groups in group_counts(max_groups(candidate, n_buy + n_get + n_both, size)):
        rewards, buys = groups * promo.get, groups * promo.buy
        best = None
        for forced in spread(0, min(rewards, n_get)):
            from_both = rewards - forced + max(0, buys - n_buy)
            if from_both > n_both:
                continue
            top_both = take_top(both, from_both)
            rewarded = take_top(get_only, forced) + take_bottom(top_both, rewards - forced)
            discount = rewarded_value(candidate, rewarded)
            if best is None or discount > best.discount:
                used = take_top(get_only, forced) + top_both + take_top(buy_only, min(buys, n_buy))
                best = Option(groups, discount, tuple(sort_runs(used)))
        if best is not None:
            options.append(best)
    return options
