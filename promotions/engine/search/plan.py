"""Plan a search: split the candidates into components and lay out each one's steps.

A component's steps come in layer order: one per cluster of layer-2 promotions that share
units, a snapshot, the layer-3 promotions by id, a snapshot, then layers 4 and 5 by id.
The plan also holds what the search reads at every node and need only compute once.
"""

from __future__ import annotations

from collections.abc import Sequence

from promotions.engine.facts import Candidate
from promotions.engine.money import Percent
from promotions.engine.rules import COUPON, MULTI_UNIT, ORDER, SHIPPING
from promotions.engine.search.model import (
    Counter,
    Problem,
    Step,
    shipping_reward,
    threshold_reward,
)
from promotions.engine.sharing import cluster_configs


def components(candidates: Sequence[Candidate], slots: int) -> list[list[Candidate]]:
    """Split candidates into groups that cannot affect each other's value."""
    # Promotions are linked by a shared line, an exclusive group, the shipping fee, and the coupon
    # slots when there are more coded promotions than slots.
    lines = {line for candidate in candidates for line in candidate.touched}
    if any(len(candidate.touched) == len(lines) for candidate in candidates):
        # One promotion touches every line, so every other one shares a line with it.
        return [list(candidates)] if candidates else []
    parent = list(range(len(candidates)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def join(k: int, other: int) -> None:
        if other != k:
            parent[find(k)] = find(other)

    first: dict[object, int] = {}
    for k, candidate in enumerate(candidates):
        for line in candidate.touched:
            join(k, first.setdefault(line, k))
        if candidate.layer == SHIPPING:
            join(k, first.setdefault("fee", k))
        if candidate.promo.exclusive_group is not None:
            join(k, first.setdefault(("group", candidate.promo.exclusive_group), k))
    coded = [k for k, candidate in enumerate(candidates) if candidate.coded]
    if len(coded) > slots:
        for k in coded[1:]:
            join(k, coded[0])
    grouped: dict[int, list[Candidate]] = {}
    for k, candidate in enumerate(candidates):
        grouped.setdefault(find(k), []).append(candidate)
    return list(grouped.values())


def clusters(candidates: Sequence[Candidate]) -> list[list[Candidate]]:
    """Group multi-unit candidates that share a line, ordered by their smallest id."""
    groups: list[tuple[set[int], list[Candidate]]] = []
    for candidate in sorted(candidates, key=lambda c: c.id):
        lines, members = set(candidate.touched), [candidate]
        for group in [group for group in groups if group[0] & lines]:
            lines |= group[0]
            members = group[1] + members
            groups.remove(group)
        groups.append((lines, members))
    ordered = sorted(groups, key=lambda group: min(c.id for c in group[1]))
    return [sorted(members, key=lambda c: c.id) for _, members in ordered]


class Plan:
    """The steps of one component and the facts about them that every node reads."""

    def __init__(self, problem: Problem, candidates: Sequence[Candidate], counter: Counter):
        self.problem = problem
        self.counter = counter
        self.exhaustive = True
        self.lines = sorted({line for c in candidates for line in c.touched})
        self.has_shipping = any(c.layer == SHIPPING for c in candidates)
        self.steps = self.lay_out(candidates)
        self.order_index = next(k for k, s in enumerate(self.steps) if s.kind == "snapshot")
        self.spend_after_item: dict[int, int] = {}
        self.steps_on_line: dict[int, list[int]] = {}
        for k, step in enumerate(self.steps):
            if step.candidate is not None:
                lines = step.candidate.lines
                self.spend_after_item[k] = sum(problem.amounts[line] for line in lines)
                for line in lines:
                    self.steps_on_line.setdefault(line, []).append(k)
                step.bound, step.gift_bound = self.bound_of(
                    step, self.spend_after_item[k], self.spend_after_item[k], judged=False
                )
        self.cluster_suffix = [0] * (len(self.steps) + 1)
        for k in range(len(self.steps) - 1, -1, -1):
            cluster = self.steps[k].bound if self.steps[k].kind == "cluster" else 0
            self.cluster_suffix[k] = self.cluster_suffix[k + 1] + cluster
        self.grouped: dict[str, list[int]] = {}
        self.coupon_steps: list[int] = []
        for k, step in enumerate(self.steps):
            if step.kind == "threshold":
                group = step.candidate.promo.exclusive_group
                if group is not None:
                    self.grouped.setdefault(group, []).append(k)
                elif step.candidate.coded:
                    self.coupon_steps.append(k)
        self.shipping_steps = [k for k, step in enumerate(self.steps) if step.kind == "shipping"]
        inside = set(self.lines)
        # A shipping threshold on every line of the component: its spend is the component's
        # items total plus the constant amounts of its lines outside the component.
        self.outside = {
            k: sum(problem.amounts[line] for line in lines if line not in inside)
            for k in self.shipping_steps
            if inside <= set(lines := self.steps[k].candidate.lines)
        }
        self.capping_possible = self.may_cap()
        self.coupon_percents: dict[int, list[Percent]] = {}
        self.spend_thresholds: dict[int, list[int]] = {}
        for k, step in enumerate(self.steps):
            if step.kind == "threshold":
                self.note_later_effects(k, step)

    def lay_out(self, candidates: Sequence[Candidate]) -> list[Step]:
        """Return the steps: layer-2 clusters, then layers 3, 4 and 5 by ascending id."""
        steps = []
        for cluster in clusters([c for c in candidates if c.layer == MULTI_UNIT]):
            # Sharing units out exhaustively may take up to half of the nodes left.
            budget = (self.counter.limit - self.counter.nodes) // 2
            configs, exhaustive, tries = cluster_configs(
                cluster, self.problem.lines, self.problem.pool, self.problem.slots, budget
            )
            self.counter.nodes += tries
            self.exhaustive = self.exhaustive and exhaustive
            steps.append(
                Step("cluster", MULTI_UNIT, configs=tuple(configs), bound=configs[0].discount)
            )
        steps.append(Step("snapshot", ORDER))
        for layer in (ORDER, COUPON, SHIPPING):
            if layer == COUPON:
                steps.append(Step("snapshot", COUPON))
            kind = "shipping" if layer == SHIPPING else "threshold"
            for candidate in sorted(
                (c for c in candidates if c.layer == layer), key=lambda c: c.id
            ):
                steps.append(Step(kind, layer, candidate))
        return steps

    def bound_of(
        self, step: Step, spend: int, current: int, judged: bool = True
    ) -> tuple[int, int]:
        """Return the most a step's promotion could still give, and its gift's value."""
        # `current` is what its lines amount to now, which is also the most its percentage can be
        # taken of; `spend` is what its threshold is judged on, when `judged`, or the most it can
        # be.
        candidate = step.candidate
        promo = candidate.promo
        bound = gift = 0
        if step.kind == "shipping":
            tier = promo.tiers[0]
            if tier.reached(current, candidate.qty):
                bound = shipping_reward(tier, self.problem.fee)
        elif promo.kind == "gift":
            for tier in promo.tiers:
                if tier.reached(spend, candidate.qty):
                    value = self.problem.gift_prices[tier.reward.sku] * tier.reward.qty
                    gift = value if judged else max(gift, value)
        else:
            for tier in promo.tiers:
                if tier.reached(spend, candidate.qty):
                    reward = threshold_reward(candidate, tier, spend, candidate.qty, current)
                    bound = max(bound, min(reward, current))
        if candidate.budget_left is not None:
            bound = min(bound, candidate.budget_left)
        return bound, gift

    def may_cap(self) -> bool:
        """Say whether a threshold could ever be capped by what the earlier ones left."""
        # Judged once, on upper bounds: each step's base after the most layer 2 could take, less
        # the most the earlier steps could allocate on its lines (a step spreads its discount in
        # proportion, so on part of its lines it puts a share at most).
        amounts = self.problem.amounts
        multi_unit: dict[int, int] = {}
        for step in self.steps:
            for config in step.configs:
                for _, option in config.parts:
                    weights = option.weights()
                    total = sum(weights.values())
                    for line, weight in weights.items():
                        share = min(-(-option.discount * weight // total) + 1, amounts[line])
                        multi_unit[line] = max(multi_unit.get(line, 0), share)
        floors: dict[int, int] = {}
        everything = len(self.lines)
        earlier_bounds = 0
        for k, step in enumerate(self.steps):
            if step.kind != "threshold":
                continue
            lines = step.candidate.lines
            if len(lines) == everything:
                # Every earlier step lies within its lines and may put all it gives on them.
                floor = self.spend_after_item[k] - sum(multi_unit.values()) - earlier_bounds
                if floor < step.bound:
                    return True
                floors[k] = floor
                earlier_bounds += step.bound
                continue
            shared: dict[int, list[int]] = {}
            for line in lines:
                for j in self.steps_on_line[line]:
                    if j < k and self.steps[j].kind == "threshold":
                        entry = shared.setdefault(j, [0, 0])
                        entry[0] += amounts[line]
                        entry[1] += 1
            floor = self.spend_after_item[k] - sum(multi_unit.get(line, 0) for line in lines)
            for j, (amount, count) in shared.items():
                bound = self.steps[j].bound
                if floors[j] <= 0 or count == len(self.steps[j].candidate.lines):
                    floor -= bound
                else:
                    floor -= min(bound, -(-bound * amount // floors[j]) + count)
            if floor < step.bound:
                return True
            floors[k] = floor
            earlier_bounds += step.bound
        return False

    def note_later_effects(self, k: int, step: Step) -> None:
        """Record what applying this threshold could cost later steps on its lines."""
        # Percent coupons of layer 4 see a smaller base; free-shipping thresholds on a smaller
        # spend may no longer be reached.
        if len(step.candidate.lines) == len(self.lines):
            later = [j for j in range(k + 1, len(self.steps)) if self.steps[j].candidate]
        else:
            later = sorted(
                {j for line in step.candidate.lines for j in self.steps_on_line[line] if j > k}
            )
        self.coupon_percents[k] = [
            tier.reward.percent_off
            for j in later
            if step.layer == ORDER and self.steps[j].layer == COUPON
            for tier in self.steps[j].candidate.promo.tiers
            if tier.reward.percent_off is not None
        ]
        self.spend_thresholds[k] = [
            j
            for j in later
            if self.steps[j].kind == "shipping"
            and self.steps[j].candidate.promo.tiers[0].min_spend is not None
        ]
