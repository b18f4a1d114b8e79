"""`price()`: a cart snapshot, compiled promotions and a context in, a PricingResult out."""

from __future__ import annotations

from collections.abc import Sequence

from promotions.engine.explain import Explainer
from promotions.engine.facts import Candidate, LineFacts
from promotions.engine.items import price_items
from promotions.engine.money import to_cents
from promotions.engine.multiunit import too_few_units
from promotions.engine.result import PricingResult
from promotions.engine.rules import (
    ITEM,
    MULTI_UNIT,
    SHIPPING,
    ItemFacts,
    Promotion,
    PromotionSet,
    category_closure,
    normalise_code,
)
from promotions.engine.search import Counter, Problem, reached_tier, solve
from promotions.engine.snapshot import CartSnapshot, Item, PricingContext

DEFAULT_MAX_NODES = 2_000


def price(
    cart: CartSnapshot,
    promotions: PromotionSet,
    context: PricingContext,
    *,
    max_nodes: int | None = None,
) -> PricingResult:
    """Price a cart: layer 1 as the rules say, layers 2 to 5 for the lowest total."""
    facts: dict[str, ItemFacts] = {}
    lines = [
        LineFacts(index, line.sku, line.qty, item, item.price)
        for index, line in enumerate(cart.lines)
        for item in (item_facts(cart.items, line.sku, facts),)
    ]
    given = given_codes(context.codes)
    matching = promotions.matching(facts.values())
    lines_of: dict[str, list[int]] = {}
    for line in lines:
        lines_of.setdefault(line.sku, []).append(line.position)
    every_line = tuple(range(len(lines)))
    # A reason per position; a promotion with none is a candidate if it targets the cart.
    reasons: list[str | None] = [None] * len(promotions.promotions)
    for position in promotions.conditional:
        reasons[position] = precheck(promotions.promotions[position], context, given)
    candidates: list[Candidate] = []
    for position in sorted({position for position, _ in matching}):
        if reasons[position] is None:
            candidates.append(
                make_candidate(
                    promotions.promotions[position],
                    lines,
                    context,
                    eligible_lines(matching.get((position, 0)), lines_of, every_line),
                    eligible_lines(matching.get((position, 1)), lines_of, every_line),
                )
            )

    item_candidates = [c for c in candidates if c.layer == ITEM]
    caps = {c.id: cap for c in item_candidates if (cap := cap_left(c.promo, context)) is not None}
    items = price_items(lines, item_candidates, caps, context.max_coupons)
    item_coded = items.coded_used(item_candidates)

    pool: dict[int, dict[int, int]] = {}
    for index, runs in enumerate(items.runs):
        prices = pool.setdefault(index, {})
        for unit_price, count, _ in runs:
            prices[unit_price] = prices.get(unit_price, 0) + count
    gift_prices = {
        reward.sku: item_facts(cart.items, reward.sku, facts).price
        for c in candidates
        if c.promo.kind == "gift"
        for reward in (tier.reward for tier in c.promo.tiers)
    }
    problem = Problem(
        lines=lines,
        amounts=items.amounts,
        pool=pool,
        fee=to_cents(context.shipping),
        slots=max(0, context.max_coupons - item_coded),
        gift_prices=gift_prices,
    )
    searched = [c for c in candidates if c.layer > ITEM and may_apply(c, problem)]
    outcome = solve(
        problem, searched, Counter(DEFAULT_MAX_NODES if max_nodes is None else max_nodes)
    )
    return Explainer(
        lines=lines,
        promotions=promotions,
        context=context,
        given=given,
        reasons=reasons,
        candidates=candidates,
        items=items,
        problem=problem,
        outcome=outcome,
        item_coded=item_coded,
    ).result()


def item_facts(items: dict[str, Item], sku: str, cache: dict[str, ItemFacts]) -> ItemFacts:
    if sku not in cache:
        if sku not in items:
            raise ValueError(f"the cart snapshot has no item {sku!r}")
        item = items[sku]
        cache[sku] = ItemFacts(
            sku=sku,
            price=to_cents(item.price),
            product=item.product,
            categories=category_closure(item.categories),
            brand=item.brand,
            tags=frozenset(item.tags),
        )
    return cache[sku]


def given_codes(codes: Sequence[str]) -> dict[str, str]:
    """Return the codes given, normalised, each with its first spelling (stripped)."""
    given: dict[str, str] = {}
    for code in codes:
        normalised = normalise_code(code)
        if normalised:
            given.setdefault(normalised, code.strip())
    return given


def precheck(promo: Promotion, context: PricingContext, given: dict[str, str]) -> str | None:
    """Return the first reason, independent of the cart's choices, that a promotion cannot apply."""
    now = context.now
    if promo.starts_at is not None and now < promo.starts_at:
        return "not_started"
    if promo.ends_at is not None and now >= promo.ends_at:
        return "ended"
    customer = context.customer
    if promo.segments is not None and (
        customer is None or promo.segments.isdisjoint(customer.segments)
    ):
        return "not_eligible_customer"
    if promo.first_order and (customer is None or not customer.first_order):
        return "not_eligible_customer"
    if promo.channels is not None and context.channel not in promo.channels:
        return "not_eligible_customer"
    if promo.codes and promo.codes.isdisjoint(given):
        return "code_not_given"
    usage = context.usage.get(promo.id)
    if promo.usage_limit is not None and (usage.uses if usage else 0) >= promo.usage_limit:
        return "usage_limit_reached"
    if promo.per_customer is not None:
        uses = customer.uses.get(promo.id, 0) if customer is not None else 0
        if uses >= promo.per_customer:
            return "customer_limit_reached"
    left = budget_left(promo, context)
    if left is not None and left <= 0:
        return "budget_exhausted"
    cap = cap_left(promo, context)
    if promo.layer == ITEM and cap is not None and cap <= 0:
        return "stock_cap_reached"
    return None


def budget_left(promo: Promotion, context: PricingContext) -> int | None:
    if promo.budget is None:
        return None
    usage = context.usage.get(promo.id)
    return promo.budget - (to_cents(usage.discount_given) if usage else 0)


def cap_left(promo: Promotion, context: PricingContext) -> int | None:
    """Return how many units may still get an item promotion's price, None when unlimited."""
    left = []
    if promo.stock_cap is not None:
        usage = context.usage.get(promo.id)
        left.append(promo.stock_cap - (usage.units_sold if usage else 0))
    if promo.per_customer_qty is not None:
        customer = context.customer
        bought = customer.units_bought.get(promo.id, 0) if customer is not None else 0
        left.append(promo.per_customer_qty - bought)
    return min(left) if left else None


def eligible_lines(
    skus: set[str] | None, lines_of: dict[str, list[int]], every_line: tuple[int, ...]
) -> tuple[int, ...]:
    if not skus:
        return ()
    if len(skus) == len(lines_of):
        return every_line
    return tuple(sorted(index for sku in skus for index in lines_of[sku]))


def make_candidate(
    promo: Promotion,
    lines: Sequence[LineFacts],
    context: PricingContext,
    eligible: tuple[int, ...],
    get_lines: tuple[int, ...],
) -> Candidate:
    """Return the promotion with the lines it can use."""
    touched = tuple(sorted(set(eligible) | set(get_lines))) if get_lines else eligible
    return Candidate(
        promo=promo,
        id=promo.id,
        layer=promo.layer,
        coded=bool(promo.codes),
        lines=eligible,
        get_lines=get_lines,
        touched=touched,
        qty=sum(lines[i].qty for i in eligible),
        budget_left=budget_left(promo, context),
    )


def may_apply(candidate: Candidate, problem: Problem) -> bool:
    """Say whether a promotion of layers 2 to 5 could give anything in some application."""
    if candidate.layer == MULTI_UNIT:
        return not too_few_units(candidate, problem.lines)
    spend = sum(problem.amounts[line] for line in candidate.lines)
    if reached_tier(candidate.promo.tiers, spend, candidate.qty) is None:
        return False
    return candidate.layer != SHIPPING or problem.fee > 0
