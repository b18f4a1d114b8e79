"""Exact money in integer cents: conversion, half-up percentages, allocation and refunds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

CENT = Decimal("0.01")


def to_cents(amount: Decimal) -> int:
    """Return an amount with at most two decimal places as integer cents."""
    scaled = amount.scaleb(2)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{amount} has more than two decimal places")
    return int(scaled)


def to_decimal(cents: int) -> Decimal:
    """Return integer cents as a Decimal with two places."""
    return Decimal(cents).scaleb(-2)


def format_cents(cents: int) -> str:
    """Return integer cents as a two-decimal string such as "30.00"."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def half_up_div(numerator: int, denominator: int) -> int:
    """Return numerator / denominator rounded half up, for a non-negative numerator."""
    return (2 * numerator + denominator) // (2 * denominator)


@dataclass(frozen=True, slots=True)
class Percent:
    """A percentage from 0 to 100, kept as an exact ratio."""

    value: Decimal
    numerator: int
    denominator: int

    @classmethod
    def of(cls, value: Decimal) -> Percent:
        numerator, denominator = value.as_integer_ratio()
        return cls(value, numerator, denominator)

    def of_cents(self, cents: int) -> int:
        """Return round-half-up(this percentage of cents)."""
        return half_up_div(cents * self.numerator, 100 * self.denominator)

    def to_json(self) -> int | float:
        """Return the percentage as a JSON number: an int when it is whole."""
        if self.value == self.value.to_integral_value():
            return int(self.value)
        return float(self.value)


def allocate(amount_cents: int, weights: Sequence[int]) -> list[int]:
    """Split amount_cents in proportion to weights by the largest-remainder method."""
    # Ties go to the larger remainder, then the larger weight, then the earlier position.
    if amount_cents < 0 or any(weight < 0 for weight in weights):
        raise ValueError("allocate takes a non-negative amount and non-negative weights")
    total = sum(weights)
    if total == 0:
        if amount_cents:
            raise ValueError("cannot allocate an amount on weights that add up to zero")
        return [0] * len(weights)
    shares = [amount_cents * weight // total for weight in weights]
    left = amount_cents - sum(shares)
    if left:
        # One integer per position orders by remainder, then weight, then earlier position.
        size = len(weights)
        span = size + 1
        scale = (max(weights) + 1) * span
        keys = [
            (amount_cents * weight - share * total) * scale + weight * span + size - i
            for i, (weight, share) in enumerate(zip(weights, shares, strict=True))
        ]
        for i in sorted(range(size), key=keys.__getitem__, reverse=True)[:left]:
            shares[i] += 1
    return shares


def refund_amount(*, line_total: Decimal, quantity: int, refunded_qty: int, qty: int) -> Decimal:
    """Return what refunding qty more units of a line refunds, cumulatively exact."""
    # The refunds of all a line's units add up to its total: a line of 3 paid 200.00 refunds
    # 66.67, 66.66 and 66.67.
    if quantity < 1 or refunded_qty < 0 or qty < 1 or refunded_qty + qty > quantity:
        raise ValueError(
            f"cannot refund {qty} more of {quantity} units when {refunded_qty} are refunded"
        )
    total = to_cents(line_total)
    if total < 0:
        raise ValueError("a line total is never negative")
    after = half_up_div(total * (refunded_qty + qty), quantity)
    before = half_up_div(total * refunded_qty, quantity)
    return to_decimal(after - before)
