"""Depth-first branch and bound over one component's planned steps.

Every step tries its in-branch first, so the first leaf is the greedy answer. A node is
pruned when the current total less what the remaining steps could at most give cannot
beat the best answer found (ties judged on gifts, codes and the number of promotions).
The bounds follow the amounts: each layer-2 choice recomputes the bounds of the steps on
its lines, and the start of layer 4 those of layers 4 and 5.
"""

from __future__ import annotations

import itertools

from promotions.engine.facts import Candidate
from promotions.engine.money import allocate
from promotions.engine.rules import COUPON, ORDER
from promotions.engine.search.model import (
    Applied,
    Counter,
    Outcome,
    Step,
    multiples,
    reached_tier,
    shipping_reward,
    threshold_reward,
)
from promotions.engine.search.plan import Plan


class Stop(Exception):
    """The node limit is reached."""


class Search:
    """The state of one component's search: amounts, bounds and the application so far."""

    def __init__(self, plan: Plan, counter: Counter):
        self.plan = plan
        self.problem = plan.problem
        self.steps = plan.steps
        self.counter = counter
        self.exhaustive = plan.exhaustive
        self.amounts = list(self.problem.amounts)
        self.ship_left = self.problem.fee
        self.total = sum(self.amounts[line] for line in plan.lines) + (
            self.ship_left if plan.has_shipping else 0
        )
        self.start_total = self.total
        self.groups: set[str] = set()
        self.coded = 0
        self.gift_value = 0
        self.applied: list[Applied] = []
        self.best: tuple | None = None
        self.best_applied: tuple[Applied, ...] = ()
        self.dived = False
        size = len(self.steps)
        self.bounds = [step.bound for step in self.steps]
        self.gift_bounds = [step.gift_bound for step in self.steps]
        self.undo: list[tuple[int, int, int]] = []
        # While layer 2 is decided every later step is still ahead: running totals do.
        self.later = [0, 0, 0]
        for k in range(plan.order_index, size):
            self.later[self.steps[k].kind == "shipping"] += self.bounds[k]
            self.later[2] += self.gift_bounds[k]
        self.suffixes: tuple[list[int], list[int], list[int]] | None = None
        self.taken_before_order = [0] * size
        self.coupon_start: dict[int, int] = {}

    def run(self) -> Outcome:
        try:
            self.visit(0)
        except Stop:
            self.exhaustive = False
        return Outcome(
            saving=self.start_total - self.best[0],
            gift_value=-self.best[1],
            coded=self.best[2],
            applied=self.best_applied,
            optimal=self.exhaustive and self.counter.nodes <= self.counter.limit,
        )

    def visit(self, k: int) -> None:
        counter = self.counter
        counter.nodes += 1
        if counter.nodes > counter.limit and self.dived:
            # Past the limit only the first (greedy) descent is finished.
            raise Stop
        if k == len(self.steps):
            self.leaf()
            return
        if self.best is not None and self.pruned(k):
            return
        step = self.steps[k]
        if step.kind == "cluster":
            self.branch_cluster(k, step)
        elif step.kind == "snapshot":
            self.snapshot(k, step.layer)
        elif step.kind == "threshold":
            self.branch_threshold(k, step.candidate)
        else:
            self.branch_shipping(k, step.candidate)

    def leaf(self) -> None:
        self.dived = True
        key = (
            self.total,
            -self.gift_value,
            self.coded,
            len(self.applied),
            tuple(sorted(a.candidate.id for a in self.applied)),
        )
        if self.best is None or key < self.best:
            self.best = key
            self.best_applied = tuple(self.applied)

    def set_bound(self, k: int, bound: int, gift: int) -> None:
        """Change a step's bounds, keeping what undo needs and the running totals."""
        self.undo.append((k, self.bounds[k], self.gift_bounds[k]))
        self.later[self.steps[k].kind == "shipping"] += bound - self.bounds[k]
        self.later[2] += gift - self.gift_bounds[k]
        self.bounds[k], self.gift_bounds[k] = bound, gift

    def roll_back(self, mark: int) -> None:
        while len(self.undo) > mark:
            k, bound, gift = self.undo.pop()
            self.later[self.steps[k].kind == "shipping"] += bound - self.bounds[k]
            self.later[2] += gift - self.gift_bounds[k]
            self.bounds[k], self.gift_bounds[k] = bound, gift

    def refresh_suffixes(self, start: int) -> None:
        """Sum, for every step from `start` on, what it and the steps after it could give."""
        size = len(self.steps)
        items, ship, gifts = [0] * (size + 1), [0] * (size + 1), [0] * (size + 1)
        for k in range(size - 1, start - 1, -1):
            shipping = self.steps[k].kind == "shipping"
            items[k] = items[k + 1] + (0 if shipping else self.bounds[k])
            ship[k] = ship[k + 1] + (self.bounds[k] if shipping else 0)
            gifts[k] = gifts[k + 1] + self.gift_bounds[k]
        self.suffixes = (items, ship, gifts)

    def remaining(self, k: int) -> tuple[int, int, int]:
        """Return what the steps from k could give at most: items, shipping and gift value."""
        if k <= self.plan.order_index:
            items, ship, gifts = self.later
            return items + self.plan.cluster_suffix[k], ship, gifts
        items, ship, gifts = self.suffixes
        return items[k], ship[k], gifts[k]

    def snapshot(self, k: int, layer: int) -> None:
        """Start layer 3 or 4: fix the sums that the later bounds are taken from."""
        saved, mark = self.suffixes, len(self.undo)
        if layer == COUPON:
            for j in range(k + 1, len(self.steps)):
                step = self.steps[j]
                lines = step.candidate.lines
                current = sum(self.amounts[line] for line in lines)
                self.coupon_start[j] = current
                spend = self.plan.spend_after_item[j] - self.taken_before_order[j]
                self.set_bound(j, *self.plan.bound_of(step, spend, current))
        self.refresh_suffixes(k)
        if not self.pruned(k + 1):
            self.visit(k + 1)
        self.roll_back(mark)
        self.suffixes = saved

    def pruned(self, k: int) -> bool:
        """Say whether no application below this node can beat the best one found."""
        if self.best is None:
            return False
        bounds = self.bounds
        bound, ship, gifts = self.remaining(k)
        for group, members in self.plan.grouped.items():
            rest = [bounds[index] for index in members if index >= k]
            if rest:
                bound -= sum(rest) if group in self.groups else sum(rest) - max(rest)
        if self.plan.coupon_steps:
            rest = sorted(
                (bounds[index] for index in self.plan.coupon_steps if index >= k), reverse=True
            )
            bound -= sum(rest[max(0, self.problem.slots - self.coded) :])
        lowest = self.total - self.with_shipping(k, bound, ship)
        hope = (lowest, -(self.gift_value + gifts), self.coded, len(self.applied))
        return hope > self.best[:4]

    def with_shipping(self, k: int, discount: int, ship: int) -> int:
        """Return the most the steps from k can give, when `discount` bounds the items' share."""
        # A free-shipping threshold on every line of the component caps the items' discount of the
        # applications that keep it: each subset of those thresholds is tried.
        if not ship:
            return discount
        free = 0
        spend_steps = []
        for j in self.plan.shipping_steps:
            if j < k or not self.bounds[j]:
                continue
            min_spend = self.steps[j].candidate.promo.tiers[0].min_spend
            if min_spend is None or j not in self.plan.outside:
                free += self.bounds[j]
            else:
                spend = self.total - self.ship_left + self.plan.outside[j]
                spend_steps.append((self.bounds[j], spend - min_spend))
        best = discount + min(self.ship_left, free)
        if len(spend_steps) > 3:
            return best + min(self.ship_left, sum(b for b, _ in spend_steps))
        for size in range(1, len(spend_steps) + 1):
            for subset in itertools.combinations(spend_steps, size):
                slack = min(s for _, s in subset)
                shipping = min(self.ship_left, free + sum(b for b, _ in subset))
                best = max(best, min(discount, slack) + shipping)
        return best

    def allowed(self, candidate: Candidate) -> bool:
        group = candidate.promo.exclusive_group
        if group is not None and group in self.groups:
            return False
        return not candidate.coded or self.coded < self.problem.slots

    def take(self, applied: Applied) -> None:
        for line, cents in applied.allocation:
            self.amounts[line] -= cents
        self.total -= applied.discount
        self.applied.append(applied)
        group = applied.candidate.promo.exclusive_group
        if group is not None:
            self.groups.add(group)
        if applied.candidate.coded:
            self.coded += 1
        if applied.gift is not None:
            self.gift_value += self.problem.gift_prices[applied.gift.sku] * applied.gift.qty

    def give_back(self, applied: Applied) -> None:
        for line, cents in applied.allocation:
            self.amounts[line] += cents
        self.total += applied.discount
        self.applied.pop()
        group = applied.candidate.promo.exclusive_group
        if group is not None:
            self.groups.discard(group)
        if applied.candidate.coded:
            self.coded -= 1
        if applied.gift is not None:
            self.gift_value -= self.problem.gift_prices[applied.gift.sku] * applied.gift.qty

    def branch_cluster(self, k: int, step: Step) -> None:
        for config in step.configs:
            parts = config.parts
            if any(not self.allowed(c) for c, _ in parts):
                continue
            if self.coded + config.coded > self.problem.slots:
                continue
            taken = []
            for candidate, option in parts:
                weights = option.weights()
                lines = sorted(weights)
                shares = allocate(option.discount, [weights[line] for line in lines])
                applied = Applied(
                    candidate,
                    option.discount,
                    option.groups,
                    tuple(
                        (line, cents) for line, cents in zip(lines, shares, strict=True) if cents
                    ),
                )
                self.take(applied)
                taken.append(applied)
            mark = len(self.undo)
            self.follow(taken, 1)
            self.visit(k + 1)
            self.roll_back(mark)
            self.follow(taken, -1)
            for applied in reversed(taken):
                self.give_back(applied)

    def follow(self, taken: list[Applied], sign: int) -> None:
        """Carry layer-2 allocations into (or, sign -1, out of) the steps on their lines."""
        plan = self.plan
        touched = set()
        for applied in taken:
            for line, cents in applied.allocation:
                for j in plan.steps_on_line.get(line, ()):
                    self.taken_before_order[j] += sign * cents
                    touched.add(j)
        if sign > 0:
            for j in touched:
                spend = plan.spend_after_item[j] - self.taken_before_order[j]
                self.set_bound(j, *plan.bound_of(self.steps[j], spend, spend, judged=False))

    def branch_threshold(self, k: int, candidate: Candidate) -> None:
        applied = self.threshold_in(k, candidate) if self.allowed(candidate) else None
        if applied is None:
            self.visit(k + 1)
        elif self.rival(k, applied):
            # A later promotion of its group may give more: find that application first.
            self.visit(k + 1)
            self.take(applied)
            self.visit(k + 1)
            self.give_back(applied)
        else:
            self.take(applied)
            self.visit(k + 1)
            self.give_back(applied)
            if not self.dominant(k, applied):
                self.visit(k + 1)

    def rival(self, k: int, applied: Applied) -> bool:
        """Say whether a later promotion of the same exclusive group might give more."""
        group = applied.candidate.promo.exclusive_group
        if group is None:
            return False
        return any(
            self.bounds[j] > applied.discount for j in self.plan.grouped.get(group, ()) if j > k
        )

    def threshold_in(self, k: int, candidate: Candidate) -> Applied | None:
        """Return what a threshold gives here: judged after layer 2, capped by what is left."""
        spend = self.plan.spend_after_item[k] - self.taken_before_order[k]
        tier = reached_tier(candidate.promo.tiers, spend, candidate.qty)
        if tier is None:
            return None
        if candidate.promo.kind == "gift":
            return Applied(candidate, 0, 1, (), tier.reward, spend)
        start = spend if candidate.layer == ORDER else self.coupon_start[k]
        discount = threshold_reward(candidate, tier, spend, candidate.qty, start)
        weights = [self.amounts[line] for line in candidate.lines]
        discount = min(discount, sum(weights))
        if discount <= 0 or not candidate.fits_budget(discount):
            return None
        shares = allocate(discount, weights)
        allocation = tuple(
            (line, cents) for line, cents in zip(candidate.lines, shares, strict=True) if cents
        )
        times = multiples(candidate, tier, spend, candidate.qty)
        return Applied(candidate, discount, times, allocation, None, spend)

    def dominant(self, k: int, applied: Applied) -> bool:
        """Say whether applying this step's promotion beats leaving it out, whatever follows."""
        # It must conflict with nothing later (no group, no code), take nothing from a later
        # threshold (no capping), cost the later percentages less than it gives, and leave every
        # free-shipping threshold reached.
        candidate = applied.candidate
        plan = self.plan
        if candidate.promo.exclusive_group is not None or candidate.coded:
            return False
        if applied.gift is not None:
            return self.problem.gift_prices[applied.gift.sku] > 0
        if plan.capping_possible:
            return False
        discount = applied.discount
        loss = sum(
            discount * p.numerator // (100 * p.denominator) + 1 for p in plan.coupon_percents[k]
        )
        if loss >= discount:
            return False
        items = self.remaining(k)[0]
        for j in plan.spend_thresholds[k]:
            if j in plan.outside:
                spend = self.total - self.ship_left + plan.outside[j]
            else:
                spend = sum(self.amounts[line] for line in self.steps[j].candidate.lines)
            if spend - items < self.steps[j].candidate.promo.tiers[0].min_spend:
                return False
        return True

    def branch_shipping(self, k: int, candidate: Candidate) -> None:
        tier = candidate.promo.tiers[0]
        spend = sum(self.amounts[line] for line in candidate.lines)
        discount = 0
        if self.allowed(candidate) and tier.reached(spend, candidate.qty):
            discount = min(shipping_reward(tier, self.problem.fee), self.ship_left)
        if discount > 0 and candidate.fits_budget(discount):
            applied = Applied(candidate, discount, 1)
            self.ship_left -= discount
            self.take(applied)
            self.visit(k + 1)
            self.give_back(applied)
            self.ship_left += discount
        self.visit(k + 1)
