"""Turn a priced application into a PricingResult: lines, totals and every reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from promotions.engine.facts import Candidate, LineFacts
from promotions.engine.items import ItemLayer
from promotions.engine.money import format_cents
from promotions.engine.multiunit import best_options, too_few_units
from promotions.engine.result import (
    Adjustment,
    AppliedPromotion,
    GiftResult,
    Hint,
    LineResult,
    NotApplied,
    PricingResult,
)
from promotions.engine.rules import (
    COUPON,
    ITEM,
    LAYER_NAMES,
    MULTI_UNIT,
    ORDER,
    SHIPPING,
    PromotionSet,
    Tier,
)
from promotions.engine.search import (
    Applied,
    Outcome,
    Problem,
    reached_tier,
    shipping_reward,
    threshold_reward,
)
from promotions.engine.snapshot import PricingContext


@dataclass
class Explainer:
    """Assemble the result of one pricing and explain each promotion."""

    lines: Sequence[LineFacts]
    promotions: PromotionSet
    context: PricingContext
    given: dict[str, str]
    reasons: list[str | None]
    candidates: Sequence[Candidate]
    items: ItemLayer
    problem: Problem
    outcome: Outcome
    item_coded: int

    def __post_init__(self) -> None:
        self.applied = {a.candidate.id: a for a in self.outcome.applied}
        self.exclusive = next(
            (
                a.candidate.id
                for a in self.outcome.applied
                if a.candidate.promo.exclusive and a.candidate.layer < SHIPPING
            ),
            None,
        )

    @cached_property
    def by_layer(self) -> dict[int, list[int]]:
        """Return each line's amount after layers 2, 3 and 4 of the chosen application."""
        by_layer = {layer: list(self.items.amounts) for layer in (MULTI_UNIT, ORDER, COUPON)}
        for applied in self.outcome.applied:
            for layer, amounts in by_layer.items():
                if applied.candidate.layer <= layer:
                    for line, cents in applied.allocation:
                        amounts[line] -= cents
        return by_layer

    def result(self) -> PricingResult:
        # Each line's adjustments in layer then id order: its item promotions first.
        adjustments: list[list[tuple[str, int]]] = []
        for line, runs in zip(self.lines, self.items.runs, strict=True):
            shares: dict[str, int] = {}
            for unit_price, count, pid in runs:
                if pid is not None:
                    shares[pid] = shares.get(pid, 0) + (line.catalog - unit_price) * count
            adjustments.append(sorted(shares.items()) if len(shares) > 1 else list(shares.items()))
        for applied in sorted(
            self.outcome.applied, key=lambda a: (a.candidate.layer, a.candidate.id)
        ):
            pid = applied.candidate.id
            for line, cents in applied.allocation:
                adjustments[line].append((pid, cents))
        line_results = []
        discount = 0
        for line, shares in zip(self.lines, adjustments, strict=True):
            line_discount = sum(cents for _, cents in shares)
            discount += line_discount
            line_results.append(
                LineResult(
                    line.sku,
                    line.qty,
                    line.catalog,
                    line_discount,
                    tuple([Adjustment(pid, cents) for pid, cents in shares]),
                )
            )
        applied = self.applied_entries()
        return PricingResult(
            currency=self.context.currency,
            lines=tuple(line_results),
            gifts=tuple(self.gifts()),
            subtotal_cents=sum(line.catalog * line.qty for line in self.lines),
            discount_cents=discount,
            shipping_cents=self.problem.fee,
            shipping_discount_cents=sum(
                a.discount for a in self.outcome.applied if a.candidate.layer == SHIPPING
            ),
            applied=tuple(applied),
            not_applied=tuple(self.not_applied_entries({entry.promotion for entry in applied})),
            unknown_codes=tuple(
                typed
                for normalised, typed in self.given.items()
                if normalised not in self.promotions.codes
            ),
            optimal=self.outcome.optimal,
        )

    def applied_entries(self) -> list[AppliedPromotion]:
        entries = [
            AppliedPromotion(
                promotion=c.id,
                layer=LAYER_NAMES[ITEM],
                amount_cents=self.items.discounts[c.id],
                applications=self.items.units[c.id],
            )
            for c in self.candidates
            if c.layer == ITEM and self.items.units.get(c.id)
        ]
        for applied in self.outcome.applied:
            entries.append(
                AppliedPromotion(
                    promotion=applied.candidate.id,
                    layer=applied.candidate.promo.layer_name,
                    amount_cents=applied.discount,
                    applications=applied.applications,
                    hint=self.next_tier_hint(applied),
                )
            )
        layers = {c.id: c.layer for c in self.candidates}
        entries.sort(key=lambda entry: (layers[entry.promotion], entry.promotion))
        return entries

    def gifts(self) -> list[GiftResult]:
        found = []
        for applied in sorted(self.outcome.applied, key=lambda a: a.candidate.id):
            if applied.gift is not None:
                price = self.problem.gift_prices[applied.gift.sku]
                found.append(
                    GiftResult(
                        promotion=applied.candidate.id,
                        sku=applied.gift.sku,
                        qty=applied.gift.qty,
                        value_cents=price * applied.gift.qty,
                    )
                )
        return found

    def base(self, candidate: Candidate) -> tuple[int, int]:
        """Return the spend and units its threshold is judged on in this application."""
        amounts = self.by_layer[COUPON if candidate.layer == SHIPPING else MULTI_UNIT]
        return sum(amounts[line] for line in candidate.lines), candidate.qty

    def next_tier_hint(self, applied: Applied) -> Hint | None:
        """Return the hint for the tier above the one an applied threshold reached."""
        promo = applied.candidate.promo
        if promo.kind not in ("spend_threshold", "gift") or promo.repeat or len(promo.tiers) < 2:
            return None
        spend, qty = applied.spend, applied.candidate.qty
        for tier in promo.tiers:
            if not tier.reached(spend, qty):
                return tier_hint(tier, spend, qty)
        return None

    def not_applied_entries(self, applied: set[str]) -> list[NotApplied]:
        # Most promotions target nothing in the cart: start from that entry for every one.
        promotion_set = self.promotions
        entries: list[NotApplied | None] = list(promotion_set.unmatched)
        rank = promotion_set.explained_rank
        promotions = promotion_set.promotions
        for position in promotion_set.conditional:
            reason = self.reasons[position]
            if reason is not None:
                pid = promotions[position].id
                entries[rank[position]] = promotion_set.not_applied(pid, reason)
        for candidate in self.candidates:
            if candidate.id in applied:
                entry = None
            elif candidate.layer == ITEM:
                entry = self.explain_item(candidate)
            else:
                entry = self.explain(candidate)
            entries[rank[candidate.promo.position]] = entry
        return [entry for entry in entries if entry is not None]

    def explain_item(self, candidate: Candidate) -> NotApplied:
        pid = candidate.id
        if pid in self.items.coupon_refused:
            return NotApplied(pid, "coupon_limit")
        if pid in self.items.budget_refused:
            return NotApplied(pid, "budget_exhausted")
        if candidate.promo.kind == "tier_price" and pid not in self.items.offered:
            hint = self.tier_price_hint(candidate)
            if hint is not None:
                return NotApplied(pid, "min_not_met", hint=hint)
        return NotApplied(pid, "not_best")

    def tier_price_hint(self, candidate: Candidate) -> Hint | None:
        """Return how many more units of one SKU reach a tier price below the catalog's."""
        best = None
        seen = set()
        for index in candidate.lines:
            line = self.lines[index]
            if line.sku in seen:
                continue
            seen.add(line.sku)
            units = sum(other.qty for other in self.lines if other.sku == line.sku)
            for tier in candidate.promo.price_tiers:
                if tier.min_qty > units and tier.price < line.catalog:
                    if best is None or tier.min_qty - units < best[0]:
                        best = (tier.min_qty - units, tier.price)
                    break
        if best is None:
            return None
        return Hint(add_qty=best[0], reward={"price": format_cents(best[1])})

    def explain(self, candidate: Candidate) -> NotApplied:
        pid = candidate.id
        if self.exclusive is not None and candidate.layer < SHIPPING:
            return NotApplied(pid, "excluded", by=self.exclusive)
        coded_used = self.item_coded + self.outcome.coded
        if candidate.coded and coded_used >= self.context.max_coupons:
            return NotApplied(pid, "coupon_limit")
        if candidate.budget_left is not None and self.would_give(candidate) > candidate.budget_left:
            return NotApplied(pid, "budget_exhausted")
        if candidate.layer == MULTI_UNIT:
            if too_few_units(candidate, self.lines):
                return NotApplied(pid, "min_not_met")
            return NotApplied(pid, "not_best")
        spend, qty = self.base(candidate)
        if reached_tier(candidate.promo.tiers, spend, qty) is None:
            return NotApplied(
                pid, "min_not_met", hint=tier_hint(candidate.promo.tiers[0], spend, qty)
            )
        return NotApplied(pid, "not_best")

    def would_give(self, candidate: Candidate) -> int:
        """Return what a promotion would give added to this application, before capping."""
        if candidate.layer == MULTI_UNIT:
            options = best_options(candidate, self.lines, self.problem.pool)
            return max((option.discount for option in options), default=0)
        spend, qty = self.base(candidate)
        tier = reached_tier(candidate.promo.tiers, spend, qty)
        if tier is None or candidate.promo.kind == "gift":
            return 0
        if candidate.layer == SHIPPING:
            return shipping_reward(tier, self.problem.fee)
        start = self.by_layer[MULTI_UNIT if candidate.layer == ORDER else ORDER]
        return threshold_reward(
            candidate, tier, spend, qty, sum(start[line] for line in candidate.lines)
        )


def tier_hint(tier: Tier, spend: int, qty: int) -> Hint:
    reward = tier.reward.to_json()
    if tier.min_spend is not None:
        return Hint(spend_more_cents=tier.min_spend - spend, reward=reward)
    return Hint(add_qty=tier.min_qty - qty, reward=reward)
