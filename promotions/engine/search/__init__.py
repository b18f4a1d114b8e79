"""Layers 2 to 5: the search for the lowest total, by branch and bound.

The candidates are split into independent components (see `plan.components`) and each is
searched on its own (`dfs.Search`); an exclusive promotion is tried in a scenario of its
own, with only the shipping promotions beside it. Past the node limit the best answer
found so far stands, marked not optimal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from promotions.engine.facts import Candidate
from promotions.engine.rules import SHIPPING
from promotions.engine.search.dfs import Search
from promotions.engine.search.model import (
    Applied,
    Counter,
    Outcome,
    Problem,
    reached_tier,
    shipping_reward,
    threshold_reward,
)
from promotions.engine.search.plan import Plan, components

__all__ = [
    "Applied",
    "Counter",
    "Outcome",
    "Problem",
    "reached_tier",
    "shipping_reward",
    "solve",
    "threshold_reward",
]


def solve(problem: Problem, candidates: Sequence[Candidate], counter: Counter) -> Outcome:
    """Return the best application of the candidates of layers 2 to 5."""
    exclusives = [c for c in candidates if c.promo.exclusive and c.layer < SHIPPING]
    shipping = [c for c in candidates if c.layer == SHIPPING]
    scenarios = [[c for c in candidates if not (c.promo.exclusive and c.layer < SHIPPING)]]
    scenarios += [[exclusive, *shipping] for exclusive in exclusives]
    cache: dict[frozenset[str], Outcome] = {}
    best = None
    proven = True
    for scenario in scenarios:
        outcome = solve_scenario(problem, scenario, counter, cache)
        # A scenario cut short may hide a better answer than the best one found.
        proven = proven and outcome.optimal
        if best is None or outcome.key() < best.key():
            best = outcome
    return replace(best, optimal=proven)


def solve_scenario(
    problem: Problem,
    candidates: Sequence[Candidate],
    counter: Counter,
    cache: dict[frozenset[str], Outcome],
) -> Outcome:
    """Solve each component of a scenario on its own (or reuse it) and add them up."""
    parts = []
    for component in components(candidates, problem.slots):
        ids = frozenset(c.id for c in component)
        if ids not in cache:
            cache[ids] = Search(Plan(problem, component, counter), counter).run()
        parts.append(cache[ids])
    return Outcome(
        saving=sum(part.saving for part in parts),
        gift_value=sum(part.gift_value for part in parts),
        coded=sum(part.coded for part in parts),
        applied=tuple(a for part in parts for a in part.applied),
        optimal=all(part.optimal for part in parts),
    )
