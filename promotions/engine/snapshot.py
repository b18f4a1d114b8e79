"""What the engine prices: a plain cart snapshot and the context of one pricing.

The shop builds these from its database; `price_case` builds them from a JSON case.
Amounts are Decimals with at most two places, quantities ints, times aware datetimes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from types import MappingProxyType

EMPTY: Mapping = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Item:
    """A sellable SKU as promotions see it; `categories` are paths such as "apparel/tops"."""

    sku: str
    price: Decimal
    product: str | None = None
    categories: tuple[str, ...] = ()
    brand: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Line:
    """One cart line: a SKU and how many units of it."""

    sku: str
    qty: int


@dataclass(frozen=True, slots=True)
class CartSnapshot:
    """The cart's lines in cart order, and every item they or a gift promotion name."""

    items: Mapping[str, Item]
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Customer:
    """What is known of the shopper: segments, first order, past uses and units per promotion."""

    id: str | None = None
    segments: frozenset[str] = frozenset()
    first_order: bool = False
    uses: Mapping[str, int] = field(default_factory=lambda: EMPTY)
    units_bought: Mapping[str, int] = field(default_factory=lambda: EMPTY)


@dataclass(frozen=True, slots=True)
class Usage:
    """What a promotion has given so far, over all customers."""

    uses: int = 0
    discount_given: Decimal = Decimal("0.00")
    units_sold: int = 0


@dataclass(frozen=True, slots=True)
class PricingContext:
    """Everything but the cart that a pricing depends on."""

    # `customer` None means no customer facts (a guest: never a first order). `codes` are the
    # codes as the shopper typed them; `usage` is keyed by promotion id.

    now: datetime
    customer: Customer | None = None
    usage: Mapping[str, Usage] = field(default_factory=lambda: EMPTY)
    codes: tuple[str, ...] = ()
    max_coupons: int = 1
    channel: str | None = None
    shipping: Decimal = Decimal("0.00")
    currency: str = "CNY"
