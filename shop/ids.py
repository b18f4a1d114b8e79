"""Database ids as they arrive from outside: numbers no row could have are refused early."""

from typing import Any

# The largest value of a BigAutoField: PostgreSQL and SQLite both refuse more.
MAX_ID = 2**63 - 1


def as_id(value: Any) -> int | None:
    """Read a posted id; None for anything no row could have (isdigit() takes "²", and
    int() refuses thousands of digits)."""
    text = str(value)
    number = int(text) if text.isdecimal() and len(text) <= len(str(MAX_ID)) else None
    return number if number is not None and number <= MAX_ID else None
