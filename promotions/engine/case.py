"""`price_case`: price one JSON case of the spec (the pricing command's input)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from promotions.engine.compiler import compile_promotions
from promotions.engine.errors import CaseError
from promotions.engine.money import to_decimal
from promotions.engine.pricing import price
from promotions.engine.reading import (
    at,
    boolean,
    cents,
    instant,
    integer,
    known_keys,
    listing,
    mapping,
    present,
    required,
    text,
    texts,
)
from promotions.engine.snapshot import CartSnapshot, Customer, Item, Line, PricingContext, Usage

CASE_KEYS = (
    "currency",
    "now",
    "items",
    "cart",
    "customer",
    "usage",
    "codes",
    "max_coupons",
    "channel",
    "shipping",
    "promotions",
)
ITEM_KEYS = ("name", "price", "product", "categories", "brand", "tags")
CUSTOMER_KEYS = ("id", "segments", "first_order", "uses", "units_bought")
USAGE_KEYS = ("uses", "discount_given", "units_sold")


def price_case(case: Mapping[str, Any], *, max_nodes: int | None = None) -> dict[str, Any]:
    """Validate, compile and price one case; return the result as the spec's JSON output."""
    # Amounts may be strings, ints or Decimals. A malformed case raises CaseError naming the first
    # bad field in input order.
    cart, context, definitions = read_case(case)
    promotions = compile_promotions(definitions, skus=cart.items.keys())
    return price(cart, promotions, context, max_nodes=max_nodes).to_dict()


def read_case(case: Any) -> tuple[CartSnapshot, PricingContext, list[Any]]:
    raw = mapping(case, "case")
    known_keys(raw, CASE_KEYS, "")
    currency = text(raw["currency"], "currency") if present(raw, "currency") else "CNY"
    now = instant(raw["now"], "now") if present(raw, "now") else datetime.now(UTC)
    items = read_items(required(raw, "items", ""))
    lines = read_cart(required(raw, "cart", ""), items)
    customer = read_customer(raw["customer"]) if present(raw, "customer") else None
    usage = read_usage(raw["usage"]) if present(raw, "usage") else {}
    codes = texts(raw["codes"], "codes", empty=True) if present(raw, "codes") else ()
    max_coupons = (
        integer(raw["max_coupons"], "max_coupons", 0) if present(raw, "max_coupons") else 1
    )
    channel = text(raw["channel"], "channel") if present(raw, "channel") else None
    shipping = cents(raw["shipping"], "shipping") if present(raw, "shipping") else 0
    definitions = listing(required(raw, "promotions", ""), "promotions")
    context = PricingContext(
        now=now,
        customer=customer,
        usage=usage,
        codes=codes,
        max_coupons=max_coupons,
        channel=channel,
        shipping=to_decimal(shipping),
        currency=currency,
    )
    return CartSnapshot(items=items, lines=lines), context, definitions


def read_items(value: Any) -> dict[str, Item]:
    items = {}
    for sku, raw_item in mapping(value, "items").items():
        path = at("items", str(sku))
        raw = mapping(raw_item, path)
        known_keys(raw, ITEM_KEYS, path)
        items[sku] = Item(
            sku=sku,
            price=to_decimal(cents(required(raw, "price", path), at(path, "price"))),
            product=text(raw["product"], at(path, "product")) if present(raw, "product") else None,
            categories=texts(raw["categories"], at(path, "categories"), empty=True)
            if present(raw, "categories")
            else (),
            brand=text(raw["brand"], at(path, "brand")) if present(raw, "brand") else None,
            tags=texts(raw["tags"], at(path, "tags"), empty=True) if present(raw, "tags") else (),
        )
    return items


# Layer 2 works unit by unit: the bound keeps one case's time and memory within reason.
MAX_CART_UNITS = 100_000


def read_cart(value: Any, items: Mapping[str, Item]) -> tuple[Line, ...]:
    lines = []
    units = 0
    for index, raw_line in enumerate(listing(value, "cart")):
        path = at("cart", index)
        raw = mapping(raw_line, path)
        known_keys(raw, ("sku", "qty"), path)
        sku = text(required(raw, "sku", path), at(path, "sku"))
        if sku not in items:
            raise CaseError(at(path, "sku"), "unknown SKU")
        qty = integer(required(raw, "qty", path), at(path, "qty"), 1)
        units += qty
        if units > MAX_CART_UNITS:
            raise CaseError(at(path, "qty"), f"a cart holds at most {MAX_CART_UNITS} units")
        lines.append(Line(sku=sku, qty=qty))
    return tuple(lines)


def read_counts(value: Any, path: str) -> dict[str, int]:
    return {
        str(key): integer(count, at(path, str(key)), 0)
        for key, count in mapping(value, path).items()
    }


def read_customer(value: Any) -> Customer:
    raw = mapping(value, "customer")
    known_keys(raw, CUSTOMER_KEYS, "customer")
    customer_id = None
    if present(raw, "id"):
        if isinstance(raw["id"], bool) or not isinstance(raw["id"], str | int):
            raise CaseError("customer.id", "not a string")
        customer_id = str(raw["id"])
    return Customer(
        id=customer_id,
        segments=frozenset(texts(raw["segments"], "customer.segments", empty=True))
        if present(raw, "segments")
        else frozenset(),
        first_order=boolean(raw["first_order"], "customer.first_order")
        if present(raw, "first_order")
        else False,
        uses=read_counts(raw["uses"], "customer.uses") if present(raw, "uses") else {},
        units_bought=read_counts(raw["units_bought"], "customer.units_bought")
        if present(raw, "units_bought")
        else {},
    )


def read_usage(value: Any) -> dict[str, Usage]:
    usage = {}
    for pid, raw_usage in mapping(value, "usage").items():
        path = at("usage", str(pid))
        raw = mapping(raw_usage, path)
        known_keys(raw, USAGE_KEYS, path)
        usage[str(pid)] = Usage(
            uses=integer(raw["uses"], at(path, "uses"), 0) if present(raw, "uses") else 0,
            discount_given=to_decimal(cents(raw["discount_given"], at(path, "discount_given")))
            if present(raw, "discount_given")
            else to_decimal(0),
            units_sold=integer(raw["units_sold"], at(path, "units_sold"), 0)
            if present(raw, "units_sold")
            else 0,
        )
    return usage
