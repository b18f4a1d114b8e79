"""What a promotion would have given on real past orders: re-price them with and without it.

Each order of the range (cancelled ones left out) is re-priced from its frozen lines, at
the unit prices it was sold at, never today's. "Without" is the shop's other promotions
that are active now (or catalog prices alone); "with" adds the simulated one. Both are
judged at one moment, the simulation's, except that the simulated promotion's own window
is replaced by the range. Orders are replayed in the order they were placed, so limits
(orders, per customer, budget, units) run out as they would have, counted from zero in
each world. A coded promotion is simulated as if every shopper had given its code;
orders carry no channel, so a promotion limited to channels never applies.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Min, QuerySet

from catalog.models import SKU
from orders.models import Order, OrderLine, OrderStatus

from .cache import compile_usable
from .definitions import active_definitions, gift_skus, item_definitions
from .engine import (
    CartSnapshot,
    CaseError,
    Customer,
    Item,
    Line,
    PricingContext,
    PricingResult,
    PromotionSet,
    Usage,
    compile_promotions,
    price,
)
from .engine.money import to_cents, to_decimal
from .models import CustomerSegment

BATCH_SIZE = 1000
ITEM_LAYER = "item"


@dataclass
class SimulationSummary:
    """The figures a merchant reads; amounts in cents until to_dict()."""

    orders: int = 0
    orders_touched: int = 0
    promotion_discount: int = 0
    paid: int = 0
    total_without: int = 0
    total_with: int = 0
    not_optimal: int = 0

    def average(self, cents: int) -> Decimal:
        if not self.orders:
            return Decimal("0.00")
        return to_decimal((cents + self.orders // 2) // self.orders)

    def to_dict(self) -> dict[str, Any]:
        return {
            "orders": self.orders,
            "orders_touched": self.orders_touched,
            "discount": f"{to_decimal(self.promotion_discount):.2f}",
            "extra_discount": f"{to_decimal(self.total_without - self.total_with):.2f}",
            "total_paid": f"{to_decimal(self.paid):.2f}",
            "total_without": f"{to_decimal(self.total_without):.2f}",
            "total_with": f"{to_decimal(self.total_with):.2f}",
            "average_paid": f"{self.average(self.paid):.2f}",
            "average_without": f"{self.average(self.total_without):.2f}",
            "average_with": f"{self.average(self.total_with):.2f}",
            "not_optimal": self.not_optimal,
        }


@dataclass
class World:
    """One set of promotions and what its promotions have given so far in the replay."""

    promotions: PromotionSet
    usage: dict[str, Usage] = field(default_factory=dict)
    uses: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    units: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))

    def customer(self, order: HistoricalOrder) -> Customer | None:
        if order.user is None:
            return None
        return Customer(
            id=order.user,
            segments=order.segments,
            first_order=order.first_order,
            uses=self.uses[order.user],
            units_bought=self.units[order.user],
        )

    def record(self, order: HistoricalOrder, result: PricingResult) -> None:
        for entry in result.applied:
            units = entry.applications if entry.layer == ITEM_LAYER else 0
            before = self.usage.get(entry.promotion, Usage())
            self.usage[entry.promotion] = Usage(
                uses=before.uses + 1,
                discount_given=before.discount_given + entry.amount,
                units_sold=before.units_sold + units,
            )
            if order.user is not None:
                uses, bought = self.uses[order.user], self.units[order.user]
                uses[entry.promotion] = uses.get(entry.promotion, 0) + 1
                bought[entry.promotion] = bought.get(entry.promotion, 0) + units


@dataclass(frozen=True)
class HistoricalOrder:
    """A past order as the replay needs it: its cart at frozen prices and its customer."""

    cart: CartSnapshot
    shipping: Decimal
    paid: Decimal
    user: str | None
    segments: frozenset[str]
    first_order: bool


def without_window(definition: Mapping[str, Any]) -> dict[str, Any]:
    """Return a copy of a definition without starts_at and ends_at: the range replaces them."""
    simulated = copy.deepcopy(dict(definition))
    conditions = simulated.get("conditions")
    if isinstance(conditions, dict):
        conditions.pop("starts_at", None)
        conditions.pop("ends_at", None)
        if not conditions:
            del simulated["conditions"]
    return simulated


def given_codes(definition: Mapping[str, Any]) -> tuple[str, ...]:
    """Return the code every simulated shopper gives: the promotion's first, if it has any."""
    codes = definition.get("codes") or ([definition["code"]] if definition.get("code") else [])
    return tuple(codes[:1])


def check_definition(definition: Any) -> dict[str, Any]:
    """Return the definition to simulate, without its window; a bad one raises CaseError."""
    if not isinstance(definition, Mapping):
        raise CaseError("promotion", "not an object")
    simulated = without_window(definition)
    gifts = set(
        SKU.objects.filter(code__in=list(gift_skus(simulated))).values_list("code", flat=True)
    )
    compile_promotions([simulated], skus=gifts)
    return simulated


def worlds(
    definition: Mapping[str, Any], *, now: datetime, alone: bool
) -> tuple[World, World, tuple[str, ...]]:
    """Compile both worlds once; a bad definition raises CaseError."""
    simulated = check_definition(definition)
    others = [] if alone else [d for d in active_definitions(now) if d["id"] != simulated.get("id")]
    return (
        World(compile_usable(others)),
        World(compile_usable([*others, simulated])),
        given_codes(simulated),
    )


def orders_in_range(start: datetime, end: datetime) -> QuerySet[Order]:
    """Return the orders placed in [start, end) that were not cancelled."""
    return Order.objects.filter(placed_at__gte=start, placed_at__lt=end).exclude(
        status=OrderStatus.CANCELLED
    )


def batches(start: datetime, end: datetime, size: int) -> Iterator[list[dict[str, Any]]]:
    """Yield the range's orders in the order they were placed, a batch at a time."""
    rows = orders_in_range(start, end).order_by("placed_at", "id")
    fields = ("id", "placed_at", "user_id", "shipping", "total")
    after: tuple[datetime, int] | None = None
    while True:
        page = rows
        if after is not None:
            page = page.filter(placed_at__gte=after[0]).exclude(
                placed_at=after[0], id__lte=after[1]
            )
        batch = list(page.values(*fields)[:size])
        if not batch:
            return
        yield batch
        after = (batch[-1]["placed_at"], batch[-1]["id"])


class Catalog:
    """What promotions see of each SKU (product, categories, brand, tags), fetched once."""

    def __init__(self, gifts: Sequence[str]) -> None:
        self.known: dict[str, dict[str, Any]] = {}
        self.gift_items = {
            code: self.item(code, Decimal(facts["price"]), facts)
            for code, facts in item_definitions(gifts).items()
        }

    def load(self, codes: set[str]) -> None:
        missing = codes - self.known.keys()
        if missing:
            found = item_definitions(missing)
            self.known.update({code: found.get(code, {}) for code in missing})

    def item(self, code: str, unit_price: Decimal, facts: Mapping[str, Any] | None = None) -> Item:
        facts = self.known.get(code, {}) if facts is None else facts
        return Item(
            sku=code,
            price=unit_price,
            product=facts.get("product"),
            categories=tuple(facts.get("categories", ())),
            brand=facts.get("brand"),
            tags=tuple(facts.get("tags", ())),
        )


def historical(batch: list[dict[str, Any]], catalog: Catalog) -> list[HistoricalOrder]:
    """Turn a batch of order rows into carts at their frozen prices, with customer facts."""
    ids = [row["id"] for row in batch]
    lines: dict[int, list[tuple[str, Decimal, int]]] = defaultdict(list)
    for order_id, code, unit_price, qty in (
        OrderLine.objects.filter(order_id__in=ids)
        .order_by("order_id", "id")
        .values_list("order_id", "sku_code", "unit_price", "quantity")
    ):
        lines[order_id].append((code, unit_price, qty))
    catalog.load({code for entries in lines.values() for code, _price, _qty in entries})
    users = {row["user_id"] for row in batch if row["user_id"] is not None}
    segments: dict[int, set[str]] = defaultdict(set)
    for user_id, slug in CustomerSegment.members.through.objects.filter(
        user_id__in=users
    ).values_list("user_id", "customersegment__slug"):
        segments[user_id].add(slug)
    firsts = dict(
        Order.objects.filter(user_id__in=users)
        .order_by()
        .values("user_id")
        .annotate(first=Min("placed_at"))
        .values_list("user_id", "first")
    )
    return [
        HistoricalOrder(
            cart=snapshot(lines[row["id"]], catalog),
            shipping=row["shipping"],
            paid=row["total"],
            user=None if row["user_id"] is None else str(row["user_id"]),
            segments=frozenset(segments[row["user_id"]]),
            first_order=row["user_id"] is not None and firsts[row["user_id"]] == row["placed_at"],
        )
        for row in batch
        if lines[row["id"]]
    ]


def snapshot(entries: list[tuple[str, Decimal, int]], catalog: Catalog) -> CartSnapshot:
    """Return an order's cart; a SKU sold at two prices in one order gets a key per price."""
    items: dict[str, Item] = dict(catalog.gift_items)
    prices: dict[str, Decimal] = {}
    cart = []
    for code, unit_price, qty in entries:
        key = code if prices.setdefault(code, unit_price) == unit_price else f"{code}@{unit_price}"
        items[key] = catalog.item(code, unit_price)
        cart.append(Line(sku=key, qty=qty))
    return CartSnapshot(items=items, lines=tuple(cart))


def simulate(
    *,
    definition: Mapping[str, Any],
    start: datetime,
    end: datetime,
    now: datetime,
    alone: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> SimulationSummary:
    """Re-price the range's orders with and without a promotion; sum up what changes."""
    without, with_it, codes = worlds(definition, now=now, alone=alone)
    key = definition["id"]
    catalog = Catalog(sorted(set(gift_skus(definition))))
    summary = SimulationSummary()
    currency = settings.SHOP_CURRENCY
    for batch in batches(start, end, batch_size):
        for order in historical(batch, catalog):
            results = []
            for world in (without, with_it):
                context = PricingContext(
                    now=now,
                    customer=world.customer(order),
                    usage=world.usage,
                    codes=codes,
                    shipping=order.shipping,
                    currency=currency,
                )
                result = price(order.cart, world.promotions, context)
                world.record(order, result)
                results.append(result)
            add(summary, order, key, *results)
        if progress is not None:
            progress(len(batch))
    return summary


def add(
    summary: SimulationSummary,
    order: HistoricalOrder,
    key: str,
    without: PricingResult,
    with_it: PricingResult,
) -> None:
    summary.orders += 1
    summary.paid += to_cents(order.paid)
    summary.total_without += without.total_cents
    summary.total_with += with_it.total_cents
    summary.not_optimal += not (without.optimal and with_it.optimal)
    entry = next((entry for entry in with_it.applied if entry.promotion == key), None)
    if entry is not None:
        summary.orders_touched += 1
        summary.promotion_discount += entry.amount_cents
