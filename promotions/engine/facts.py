"""The per-pricing facts every layer reads: lines, eligibility and what limits leave."""

from __future__ import annotations

from typing import NamedTuple

from promotions.engine.rules import ItemFacts, Promotion


class LineFacts(NamedTuple):
    """One cart line with its item and catalog unit price in cents."""

    position: int
    sku: str
    qty: int
    item: ItemFacts
    catalog: int


class Candidate(NamedTuple):
    """A promotion that passed the prechecks, with the cart lines it can use."""

    # `lines` match its targets; `get_lines` its get_targets (buy_x_get_y only); `touched` is
    # every line it can use; `qty` counts the units of `lines`.

    promo: Promotion
    id: str
    layer: int
    coded: bool
    lines: tuple[int, ...]
    get_lines: tuple[int, ...]
    touched: tuple[int, ...]
    qty: int
    budget_left: int | None

    def fits_budget(self, discount: int) -> bool:
        return self.budget_left is None or discount <= self.budget_left
