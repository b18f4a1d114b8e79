"""The search's plain data: the problem, steps, applications and outcomes, and rewards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from promotions.engine.facts import Candidate, LineFacts
from promotions.engine.rules import Reward, Tier
from promotions.engine.sharing import Config


class Applied(NamedTuple):
    """A promotion of layers 2 to 5 in an application, with its share of each line."""

    # `spend` is what a threshold of layers 3 and 4 was judged on.

    candidate: Candidate
    discount: int
    applications: int
    allocation: tuple[tuple[int, int], ...] = ()
    gift: Reward | None = None
    spend: int = 0


@dataclass(slots=True)
class Counter:
    """Search nodes visited, shared by every component, and the limit on them."""

    limit: int
    nodes: int = 0


@dataclass(frozen=True, slots=True)
class Problem:
    """What the search starts from: the amounts after layer 1 and the units left to share."""

    lines: Sequence[LineFacts]
    amounts: Sequence[int]
    pool: dict[int, dict[int, int]]
    fee: int
    slots: int
    gift_prices: dict[str, int]


@dataclass(frozen=True, slots=True)
class Outcome:
    """The best application found for a set of candidates, and what it saves."""

    saving: int
    gift_value: int
    coded: int
    applied: tuple[Applied, ...]
    optimal: bool

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(sorted(a.candidate.id for a in self.applied))

    def key(self) -> tuple:
        """Order outcomes as the spec does: total, gifts, codes, promotions, their ids."""
        return (-self.saving, -self.gift_value, self.coded, len(self.applied), self.ids)


@dataclass(slots=True)
class Step:
    """One decision: a layer-2 cluster's configuration, a promotion in or out, or a snapshot."""

    kind: str
    layer: int
    candidate: Candidate | None = None
    configs: tuple[Config, ...] = ()
    bound: int = 0
    gift_bound: int = 0


def reached_tier(tiers: Sequence[Tier], spend: int, qty: int) -> Tier | None:
    """Return the last tier that spend and qty reach."""
    reached = None
    for tier in tiers:
        if tier.reached(spend, qty):
            reached = tier
    return reached


def multiples(candidate: Candidate, tier: Tier, spend: int, qty: int) -> int:
    """Return how many times a `repeat` threshold is reached (1 without repeat)."""
    promo = candidate.promo
    if not promo.repeat:
        return 1
    times = spend // tier.min_spend if tier.min_spend is not None else qty // tier.min_qty
    if promo.max_applications is not None:
        times = min(times, promo.max_applications)
    return times


def threshold_reward(candidate: Candidate, tier: Tier, spend: int, qty: int, start: int) -> int:
    """Return a threshold's discount before capping by what is left: `start` is its percent base."""
    reward = tier.reward
    if reward.amount_off is not None:
        discount = reward.amount_off * multiples(candidate, tier, spend, qty)
    else:
        discount = reward.percent_off.of_cents(start)
    if candidate.promo.max_discount is not None:
        discount = min(discount, candidate.promo.max_discount)
    return discount


def shipping_reward(tier: Tier, fee: int) -> int:
    """Return what a free-shipping reward takes off a fee: an amount, a percentage, or all."""
    reward = tier.reward
    if reward.amount_off is not None:
        return min(reward.amount_off, fee)
    if reward.percent_off is not None:
        return reward.percent_off.of_cents(fee)
    return fee
