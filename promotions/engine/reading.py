"""Read JSON values with their path, raising CaseError at the first malformed one."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from promotions.engine.errors import CaseError
from promotions.engine.money import Percent

DECIMAL_TEXT = re.compile(r"-?\d+(\.\d+)?")
MAX_AMOUNT = Decimal("9999999999.99")


def at(path: str, key: str | int) -> str:
    """Return the path of a key (`a.b`) or list index (`a[0]`) under path."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def mapping(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise CaseError(path, "not an object")
    return value


def known_keys(value: Mapping[str, Any], allowed: Collection[str], path: str) -> None:
    """Refuse a key that is not allowed here: a typo must not silently change a promotion."""
    for key in value:
        if key not in allowed:
            raise CaseError(at(path, str(key)), "unknown key")


def listing(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise CaseError(path, "not a list")
    return list(value)


def present(value: Mapping[str, Any], key: str) -> bool:
    """Say whether an optional key is given; null counts as left out."""
    return value.get(key) is not None


def required(value: Mapping[str, Any], key: str, path: str) -> Any:
    if not present(value, key):
        raise CaseError(at(path, key), "required")
    return value[key]


def decimal(value: Any, path: str) -> Decimal:
    """Read a decimal number given as a string, an int or a Decimal (a float via its repr)."""
    if isinstance(value, bool):
        raise CaseError(path, "not a decimal")
    if isinstance(value, float):
        value = Decimal(repr(value))
    elif isinstance(value, str):
        if not DECIMAL_TEXT.fullmatch(value.strip()):
            raise CaseError(path, "not a decimal")
        value = Decimal(value.strip())
    elif isinstance(value, int):
        value = Decimal(value)
    elif not isinstance(value, Decimal):
        raise CaseError(path, "not a decimal")
    if not value.is_finite():
        raise CaseError(path, "not a decimal")
    return value


def cents(value: Any, path: str) -> int:
    """Read a non-negative amount with at most two decimal places, as integer cents."""
    amount = decimal(value, path)
    if amount < 0:
        raise CaseError(path, "must not be negative")
    if amount > MAX_AMOUNT:
        raise CaseError(path, "too large")
    try:
        scaled = amount.scaleb(2)
        if scaled != scaled.to_integral_value():
            raise CaseError(path, "more than two decimal places")
    except InvalidOperation as error:
        raise CaseError(path, "not a decimal") from error
    return int(scaled)


def percent(value: Any, path: str) -> Percent:
    number = decimal(value, path)
    if not 0 <= number <= 100:
        raise CaseError(path, "must be between 0 and 100")
    return Percent.of(number)


def integer(value: Any, path: str, minimum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise CaseError(path, "not an integer")
    if minimum is not None and value < minimum:
        raise CaseError(
            path, "must not be negative" if minimum == 0 else f"must be at least {minimum}"
        )
    return value


def boolean(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise CaseError(path, "not true or false")
    return value


def text(value: Any, path: str, *, blank: bool = False) -> str:
    if not isinstance(value, str):
        raise CaseError(path, "not a string")
    if not blank and not value.strip():
        raise CaseError(path, "must not be empty")
    return value


def texts(value: Any, path: str, *, empty: bool = False) -> tuple[str, ...]:
    """Read a list of non-empty strings (a non-empty list unless empty is allowed)."""
    values = listing(value, path)
    if not values and not empty:
        raise CaseError(path, "must not be empty")
    return tuple(text(entry, at(path, i)) for i, entry in enumerate(values))


def instant(value: Any, path: str) -> datetime:
    """Read an ISO 8601 date and time with its UTC offset."""
    if not isinstance(value, str):
        raise CaseError(path, "not a date and time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise CaseError(path, "not an ISO 8601 date and time") from error
    if moment.utcoffset() is None:
        raise CaseError(path, "needs a UTC offset")
    return moment
