"""Layer 1: the item price of every unit, from the single best item promotion."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from promotions.engine.facts import Candidate, LineFacts


class Offer(NamedTuple):
    """An item promotion's unit price for one line, ranked by price, priority, then id."""

    price: int
    rank: tuple[int, int, str]
    candidate: Candidate


@dataclass(slots=True)
class ItemLayer:
    """Layer 1 priced: per line, runs of (unit price, units, promotion id or None)."""

    runs: list[list[tuple[int, int, str | None]]]
    amounts: list[int]
    discounts: dict[str, int]
    units: dict[str, int]
    offered: set[str]
    budget_refused: set[str] = field(default_factory=set)
    coupon_refused: set[str] = field(default_factory=set)

    def coded_used(self, candidates: Sequence[Candidate]) -> int:
        return sum(1 for c in candidates if c.coded and self.units.get(c.id))


def unit_price(candidate: Candidate, line: LineFacts, sku_units: int) -> int | None:
    """Return the unit price a promotion gives a line's units, when lower than the catalog's."""
    promo = candidate.promo
    catalog = line.catalog
    if promo.kind == "special_price":
        price = promo.price
    elif promo.kind == "percent_off":
        price = catalog - promo.percent.of_cents(catalog)
    elif promo.kind == "amount_off":
        price = max(0, catalog - promo.amount)
    else:
        price = None
        for tier in promo.price_tiers:
            if sku_units >= tier.min_qty:
                price = tier.price
    if price is None or price >= catalog:
        return None
    return price


def price_items(
    lines: Sequence[LineFacts],
    candidates: Sequence[Candidate],
    caps: dict[str, int],
    max_coupons: int,
) -> ItemLayer:
    """Price layer 1; coded item promotions take coupon slots, those that save most first."""
    sku_units: dict[str, int] = {}
    for line in lines:
        sku_units[line.sku] = sku_units.get(line.sku, 0) + line.qty
    offers: list[list[Offer]] = [[] for _ in lines]
    for candidate in candidates:
        promo = candidate.promo
        for i in candidate.lines:
            price = unit_price(candidate, lines[i], sku_units[lines[i].sku])
            if price is not None:
                offers[i].append(Offer(price, (price, -promo.priority, promo.id), candidate))
    for line_offers in offers:
        line_offers.sort(key=lambda offer: offer.rank)
    offered = {offer.candidate.id for line_offers in offers for offer in line_offers}
    plain = [c for c in candidates if not c.coded]
    coded = [c for c in candidates if c.coded]
    if len(coded) <= max_coupons:
        layer = run_layer(lines, offers, plain + coded, caps)
    else:
        layer = choose_coupons(lines, offers, plain, coded, caps, max_coupons)
    layer.offered = offered
    return layer


def choose_coupons(
    lines: Sequence[LineFacts],
    offers: list[list[Offer]],
    plain: list[Candidate],
    coded: list[Candidate],
    caps: dict[str, int],
    max_coupons: int,
) -> ItemLayer:
    """Give the coupon slots to the coded item promotions that save the most on their own."""
    alone = {c.id: run_layer(lines, offers, [c], caps).discounts.get(c.id, 0) for c in coded}
    chosen: list[Candidate] = []
    refused = set()
    layer = run_layer(lines, offers, plain, caps)
    for candidate in sorted(coded, key=lambda c: (-alone[c.id], c.id)):
        if layer.coded_used(chosen) >= max_coupons:
            refused.add(candidate.id)
            continue
        trial = run_layer(lines, offers, [*plain, *chosen, candidate], caps)
        if trial.units.get(candidate.id):
            chosen.append(candidate)
            layer = trial
    layer.coupon_refused = refused
    return layer


def run_layer(
    lines: Sequence[LineFacts],
    offers: list[list[Offer]],
    active: Sequence[Candidate],
    caps: dict[str, int],
) -> ItemLayer:
    """Give each unit its best active offer; a promotion over its budget gives nothing."""
    allowed = {c.id for c in active}
    budgets = {c.id: c.budget_left for c in active if c.budget_left is not None}
    refused: set[str] = set()
    everyone = all(o.candidate.id in allowed for line_offers in offers for o in line_offers)
    while True:
        if everyone and not refused:
            ranked = offers
        else:
            ranked = [
                [
                    o
                    for o in line_offers
                    if o.candidate.id in allowed and o.candidate.id not in refused
                ]
                for line_offers in offers
            ]
        segments = assign_units(lines, ranked, {k: v for k, v in caps.items() if k in allowed})
        layer = build_layer(lines, ranked, segments)
        over = {pid for pid, left in budgets.items() if layer.discounts.get(pid, 0) > left}
        if not over:
            layer.budget_refused = refused
            return layer
        refused |= over


def assign_units(
    lines: Sequence[LineFacts], ranked: list[list[Offer]], caps: dict[str, int]
) -> list[list[list[int]]]:
    """Return per line [offer position, units] segments, capped promotions kept to their cap."""
    # Over a cap, the units that save the most keep the capped price (ties: the earlier line); the
    # others move on to their next best offer.
    segments = [[[0, line.qty]] for line in lines]
    offered: dict[str, list[int]] = {}
    for i, line_ranked in enumerate(ranked):
        for offer in line_ranked:
            if offer.candidate.id in caps:
                offered.setdefault(offer.candidate.id, []).append(i)
    moved = True
    while moved:
        moved = False
        for pid in sorted(offered):
            holders = []
            for i in offered[pid]:
                for segment in segments[i]:
                    position = segment[0]
                    if position < len(ranked[i]) and ranked[i][position].candidate.id == pid:
                        saving = lines[i].catalog - ranked[i][position].price
                        holders.append((saving, i, segment))
            left = caps[pid]
            if sum(segment[1] for _, _, segment in holders) <= left:
                continue
            moved = True
            holders.sort(key=lambda holder: (-holder[0], holder[1]))
            for _, i, segment in holders:
                keep = min(segment[1], left)
                left -= keep
                if segment[1] > keep:
                    add_units(segments[i], segment[0] + 1, segment[1] - keep)
                    segment[1] = keep
    return segments


def add_units(line_segments: list[list[int]], position: int, units: int) -> None:
    for segment in line_segments:
        if segment[0] == position:
            segment[1] += units
            return
    line_segments.append([position, units])


def build_layer(
    lines: Sequence[LineFacts], ranked: list[list[Offer]], segments: list[list[list[int]]]
) -> ItemLayer:
    runs: list[list[tuple[int, int, str | None]]] = []
    amounts = []
    discounts: dict[str, int] = {}
    units: dict[str, int] = {}
    for line, line_ranked, line_segments in zip(lines, ranked, segments, strict=True):
        line_runs: list[tuple[int, int, str | None]] = []
        for position, count in sorted(line_segments):
            if not count:
                continue
            if position < len(line_ranked):
                offer = line_ranked[position]
                pid = offer.candidate.id
                line_runs.append((offer.price, count, pid))
                discounts[pid] = discounts.get(pid, 0) + (line.catalog - offer.price) * count
                units[pid] = units.get(pid, 0) + count
            else:
                line_runs.append((line.catalog, count, None))
        runs.append(line_runs)
        amounts.append(sum(price * count for price, count, _ in line_runs))
    return ItemLayer(runs=runs, amounts=amounts, discounts=discounts, units=units, offered=set())
