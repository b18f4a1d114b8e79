"""Compiled promotions: plain frozen objects, indexed by what they target."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from promotions.engine.money import Percent, format_cents
from promotions.engine.result import NotApplied

ITEM, MULTI_UNIT, ORDER, COUPON, SHIPPING = 1, 2, 3, 4, 5
LAYER_NAMES = {
    ITEM: "item",
    MULTI_UNIT: "multi_unit",
    ORDER: "order",
    COUPON: "coupon",
    SHIPPING: "shipping",
}
ITEM_KINDS = frozenset({"special_price", "percent_off", "amount_off", "tier_price"})
MULTI_UNIT_KINDS = frozenset({"buy_x_get_y", "nth_item", "bundle_price"})
THRESHOLD_KINDS = frozenset({"spend_threshold", "gift", "free_shipping"})


def normalise_code(code: str) -> str:
    """Return a code as it is matched: without surrounding spaces, case folded."""
    return code.strip().casefold()


class ItemFacts(NamedTuple):
    """An item as targets test it: its categories include every ancestor path."""

    sku: str
    price: int
    product: str | None
    categories: frozenset[str]
    brand: str | None
    tags: frozenset[str]


def category_closure(paths: Iterable[str]) -> frozenset[str]:
    """Return the paths and all their ancestors: "apparel/tops" gives "apparel" too."""
    closure = set()
    for path in paths:
        parts = path.split("/")
        for end in range(1, len(parts) + 1):
            closure.add("/".join(parts[:end]))
    return frozenset(closure)


@dataclass(frozen=True, slots=True)
class Selector:
    """One set of targets keys: an item matches when it matches any listed value."""

    skus: frozenset[str] = frozenset()
    products: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    brands: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.skus or self.products or self.categories or self.brands or self.tags)

    def matches(self, item: ItemFacts) -> bool:
        return (
            item.sku in self.skus
            or item.product in self.products
            or not self.categories.isdisjoint(item.categories)
            or item.brand in self.brands
            or not self.tags.isdisjoint(item.tags)
        )

    def index_keys(self) -> Iterable[tuple[str, str]]:
        yield from (("sku", value) for value in self.skus)
        yield from (("product", value) for value in self.products)
        yield from (("category", value) for value in self.categories)
        yield from (("brand", value) for value in self.brands)
        yield from (("tag", value) for value in self.tags)


@dataclass(frozen=True, slots=True)
class Targets:
    """Eligible units: those matching `include` (every item when empty) and not `exclude`."""

    include: Selector = Selector()
    exclude: Selector = Selector()


def item_index_keys(item: ItemFacts) -> Iterable[tuple[str, str]]:
    """Yield the index keys under which promotions targeting this item are filed."""
    yield ("sku", item.sku)
    if item.product is not None:
        yield ("product", item.product)
    yield from (("category", path) for path in item.categories)
    if item.brand is not None:
        yield ("brand", item.brand)
    yield from (("tag", tag) for tag in item.tags)


@dataclass(frozen=True, slots=True)
class Reward:
    """What a tier gives: an amount off, a percentage off, free units, or (neither) a whole fee."""

    amount_off: int | None = None
    percent_off: Percent | None = None
    sku: str | None = None
    qty: int = 0

    def to_json(self) -> dict:
        """Return the reward's fields as a hint shows them."""
        if self.amount_off is not None:
            return {"amount_off": format_cents(self.amount_off)}
        if self.percent_off is not None:
            return {"percent_off": self.percent_off.to_json()}
        if self.sku is not None:
            return {"sku": self.sku, "qty": self.qty}
        return {}


@dataclass(frozen=True, slots=True)
class Tier:
    """A threshold (`min_spend` in cents or `min_qty` units; neither: always met) and its reward."""

    min_spend: int | None
    min_qty: int | None
    reward: Reward

    def reached(self, spend: int, qty: int) -> bool:
        if self.min_spend is not None:
            return spend >= self.min_spend
        if self.min_qty is not None:
            return qty >= self.min_qty
        return True


@dataclass(frozen=True, slots=True)
class PriceTier:
    """A `tier_price` step: from `min_qty` units of a SKU, each costs `price` cents."""

    min_qty: int
    price: int


@dataclass(frozen=True, slots=True)
class Promotion:
    """One compiled promotion; fields that its kind does not use keep their defaults."""

    id: str
    name: str
    kind: str
    layer: int
    position: int
    targets: Targets
    codes: frozenset[str] = frozenset()
    priority: int = 0
    exclusive_group: str | None = None
    exclusive: bool = False
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    segments: frozenset[str] | None = None
    first_order: bool = False
    channels: frozenset[str] | None = None
    max_applications: int | None = None
    usage_limit: int | None = None
    per_customer: int | None = None
    budget: int | None = None
    stock_cap: int | None = None
    per_customer_qty: int | None = None
    price: int | None = None
    amount: int | None = None
    percent: Percent | None = None
    price_tiers: tuple[PriceTier, ...] = ()
    buy: int = 0
    get: int = 0
    get_targets: Targets | None = None
    n: int = 0
    size: int = 0
    tiers: tuple[Tier, ...] = ()
    repeat: bool = False
    max_discount: int | None = None

    @property
    def layer_name(self) -> str:
        return LAYER_NAMES[self.layer]

    @property
    def coded(self) -> bool:
        return bool(self.codes)

    @property
    def conditional(self) -> bool:
        """Say whether a precheck can refuse it: it has a condition, a code or a limit."""
        return bool(
            self.starts_at is not None
            or self.ends_at is not None
            or self.segments is not None
            or self.first_order
            or self.channels is not None
            or self.codes
            or self.usage_limit is not None
            or self.per_customer is not None
            or self.budget is not None
            or self.stock_cap is not None
            or self.per_customer_qty is not None
        )


@dataclass(frozen=True)
class PromotionSet:
    """Compiled promotions in input order, indexed by target for quick look-up."""

    # The index maps a target key (`("category", "apparel")`) to the (position, selector) pairs
    # that list it; selector 0 is `targets`, 1 is `get_targets`. Selectors without included keys
    # (every item) are in `everything`.

    promotions: tuple[Promotion, ...]
    index: Mapping[tuple[str, str], tuple[tuple[int, int], ...]]
    everything: tuple[tuple[int, int], ...]
    codes: frozenset[str]
    explained_order: tuple[int, ...]
    explained_rank: tuple[int, ...]
    unmatched: tuple[NotApplied, ...]
    conditional: tuple[int, ...]
    explained: dict[tuple[str, str], NotApplied] = field(default_factory=dict, compare=False)

    def not_applied(self, pid: str, reason: str) -> NotApplied:
        """Return the (shared, immutable) entry for a reason that needs no by or hint."""
        entry = self.explained.get((pid, reason))
        if entry is None:
            entry = self.explained[(pid, reason)] = NotApplied(pid, reason)
        return entry

    @classmethod
    def build(cls, promotions: Iterable[Promotion]) -> PromotionSet:
        promotions = tuple(promotions)
        index: dict[tuple[str, str], list[tuple[int, int]]] = {}
        everything = []
        codes: set[str] = set()
        for position, promotion in enumerate(promotions):
            codes |= promotion.codes
            selectors = [promotion.targets]
            if promotion.get_targets is not None:
                selectors.append(promotion.get_targets)
            for which, targets in enumerate(selectors):
                if targets.include.empty:
                    everything.append((position, which))
                    continue
                for key in set(targets.include.index_keys()):
                    index.setdefault(key, []).append((position, which))
        order = tuple(
            sorted(range(len(promotions)), key=lambda k: (promotions[k].layer, promotions[k].id))
        )
        return cls(
            promotions=promotions,
            index={key: tuple(entries) for key, entries in index.items()},
            everything=tuple(everything),
            codes=frozenset(codes),
            explained_order=order,
            explained_rank=tuple(rank for rank, _ in sorted(enumerate(order), key=lambda e: e[1])),
            unmatched=tuple(NotApplied(promotions[k].id, "no_eligible_items") for k in order),
            conditional=tuple(
                position for position, promotion in enumerate(promotions) if promotion.conditional
            ),
        )

    def matching(self, items: Iterable[ItemFacts]) -> dict[tuple[int, int], set[str]]:
        """Return, per (position, selector), the SKUs among items that the selector targets."""
        by_sku = {item.sku: item for item in items}
        found: dict[tuple[int, int], set[str]] = {}
        if by_sku:
            for entry in self.everything:
                found[entry] = set(by_sku)
        index = self.index
        for item in by_sku.values():
            sku = item.sku
            for key in item_index_keys(item):
                for entry in index.get(key, ()):
                    skus = found.get(entry)
                    if skus is None:
                        found[entry] = {sku}
                    else:
                        skus.add(sku)
        promotions = self.promotions
        emptied = []
        for entry, skus in found.items():
            promotion = promotions[entry[0]]
            targets = promotion.targets if entry[1] == 0 else promotion.get_targets
            if not targets.exclude.empty:
                skus.difference_update(
                    [sku for sku in skus if targets.exclude.matches(by_sku[sku])]
                )
                if not skus:
                    emptied.append(entry)
        for entry in emptied:
            del found[entry]
        return found
