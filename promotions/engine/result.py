"""What a pricing returns, and its JSON form.

Records keep integer cents (`*_cents`); the Decimal properties are what callers read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from promotions.engine.money import format_cents, to_decimal


class Hint(NamedTuple):
    """What reaches a promotion's next tier: spend more (cents) or add units, for its reward."""

    spend_more_cents: int | None = None
    add_qty: int | None = None
    reward: Mapping[str, Any] = {}

    @property
    def spend_more(self) -> Decimal | None:
        return None if self.spend_more_cents is None else to_decimal(self.spend_more_cents)

    def to_dict(self) -> dict[str, Any]:
        if self.spend_more_cents is not None:
            return {"spend_more": format_cents(self.spend_more_cents), "reward": dict(self.reward)}
        return {"add_qty": self.add_qty, "reward": dict(self.reward)}


class Adjustment(NamedTuple):
    """One promotion's share of one line's discount."""

    promotion: str
    amount_cents: int

    @property
    def amount(self) -> Decimal:
        return to_decimal(self.amount_cents)

    def to_dict(self) -> dict[str, Any]:
        return {"promotion": self.promotion, "amount": format_cents(self.amount_cents)}


class LineResult(NamedTuple):
    """A priced cart line: `unit_price` is the catalog price, `adjustments` every share."""

    sku: str
    qty: int
    unit_price_cents: int
    discount_cents: int
    adjustments: tuple[Adjustment, ...]

    @property
    def unit_price(self) -> Decimal:
        return to_decimal(self.unit_price_cents)

    @property
    def subtotal(self) -> Decimal:
        return to_decimal(self.unit_price_cents * self.qty)

    @property
    def discount(self) -> Decimal:
        return to_decimal(self.discount_cents)

    @property
    def total(self) -> Decimal:
        return to_decimal(self.unit_price_cents * self.qty - self.discount_cents)

    def to_dict(self) -> dict[str, Any]:
        subtotal = self.unit_price_cents * self.qty
        return {
            "sku": self.sku,
            "qty": self.qty,
            "unit_price": format_cents(self.unit_price_cents),
            "subtotal": format_cents(subtotal),
            "discount": format_cents(self.discount_cents),
            "total": format_cents(subtotal - self.discount_cents),
            "adjustments": [adjustment.to_dict() for adjustment in self.adjustments],
        }


class GiftResult(NamedTuple):
    """Free units a gift promotion adds, valued at their catalog price."""

    promotion: str
    sku: str
    qty: int
    value_cents: int

    @property
    def value(self) -> Decimal:
        return to_decimal(self.value_cents)

    def to_dict(self) -> dict[str, Any]:
        return {
            "promotion": self.promotion,
            "sku": self.sku,
            "qty": self.qty,
            "value": format_cents(self.value_cents),
        }


class AppliedPromotion(NamedTuple):
    """An applied promotion: its layer's name, amount, applications and next-tier hint."""

    promotion: str
    layer: str
    amount_cents: int
    applications: int
    hint: Hint | None = None

    @property
    def amount(self) -> Decimal:
        return to_decimal(self.amount_cents)

    def to_dict(self) -> dict[str, Any]:
        entry = {
            "promotion": self.promotion,
            "layer": self.layer,
            "amount": format_cents(self.amount_cents),
            "applications": self.applications,
        }
        if self.hint is not None:
            entry["hint"] = self.hint.to_dict()
        return entry


class NotApplied(NamedTuple):
    """Why a promotion was not applied; `by` names the exclusive promotion that excluded it."""

    promotion: str
    reason: str
    by: str | None = None
    hint: Hint | None = None

    def to_dict(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"promotion": self.promotion, "reason": self.reason}
        if self.by is not None:
            entry["by"] = self.by
        if self.hint is not None:
            entry["hint"] = self.hint.to_dict()
        return entry


@dataclass(frozen=True)
class PricingResult:
    """A priced cart. `total = subtotal - discount + shipping - shipping_discount`."""

    # `optimal` is False when the search stopped before proving its answer the cheapest; the
    # answer is a valid application either way.

    currency: str
    lines: tuple[LineResult, ...]
    gifts: tuple[GiftResult, ...]
    subtotal_cents: int
    discount_cents: int
    shipping_cents: int
    shipping_discount_cents: int
    applied: tuple[AppliedPromotion, ...]
    not_applied: tuple[NotApplied, ...]
    unknown_codes: tuple[str, ...]
    optimal: bool

    @property
    def subtotal(self) -> Decimal:
        return to_decimal(self.subtotal_cents)

    @property
    def discount(self) -> Decimal:
        return to_decimal(self.discount_cents)

    @property
    def shipping(self) -> Decimal:
        return to_decimal(self.shipping_cents)

    @property
    def shipping_discount(self) -> Decimal:
        return to_decimal(self.shipping_discount_cents)

    @property
    def total_cents(self) -> int:
        return (
            self.subtotal_cents
            - self.discount_cents
            + self.shipping_cents
            - self.shipping_discount_cents
        )

    @property
    def total(self) -> Decimal:
        return to_decimal(self.total_cents)

    def to_dict(self) -> dict[str, Any]:
        """Return the result as the pricing command prints it."""
        return {
            "currency": self.currency,
            "lines": [line.to_dict() for line in self.lines],
            "gifts": [gift.to_dict() for gift in self.gifts],
            "subtotal": format_cents(self.subtotal_cents),
            "discount": format_cents(self.discount_cents),
            "shipping": format_cents(self.shipping_cents),
            "shipping_discount": format_cents(self.shipping_discount_cents),
            "total": format_cents(self.total_cents),
            "applied": [entry.to_dict() for entry in self.applied],
            "not_applied": [entry.to_dict() for entry in self.not_applied]
            + [{"code": code, "reason": "unknown_code"} for code in self.unknown_codes],
            "optimal": self.optimal,
        }
