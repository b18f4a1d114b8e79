"""Price, barcode and allocation arithmetic in integer cents."""

import math
import random
from decimal import Decimal


def to_decimal(cents: int) -> Decimal:
    """Turn integer cents into a two-place Decimal."""
    return Decimal(cents).scaleb(-2)


def nice_price(yuan: float, *, charm: bool) -> int:
    """Round a raw price to one a shop would print, in cents.

    Under 100 yuan `charm` picks 39.90 over 39.00; above, prices end in 9 (129.00, 1299.00).
    """
    if yuan < 20:
        return max(9, math.floor(yuan)) * 100 + 90
    if yuan < 100:
        return max(2, round(yuan / 10)) * 1000 - (10 if charm else 100)
    if yuan < 1000:
        return round(yuan / 10) * 1000 - 100
    return round(yuan / 100) * 10000 - 100


def log_uniform(low: float, high: float, rng: random.Random) -> float:
    """Draw between low and high so that cheap and dear ends are equally likely in ratio."""
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def ean13(first_twelve: str) -> str:
    """Append the EAN-13 check digit to twelve digits."""
    if len(first_twelve) != 12 or not first_twelve.isdigit():
        raise ValueError(f"an EAN-13 needs twelve digits, got {first_twelve!r}")
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(first_twelve))
    return first_twelve + str((10 - total % 10) % 10)


def allocate(amount: int, weights: list[int]) -> list[int]:
    """Split amount over weights by the largest-remainder method so the parts add up exactly."""
    whole = sum(weights)
    if not whole:
        return [0] * len(weights)
    shares = [amount * weight // whole for weight in weights]
    remainders = [amount * weight % whole for weight in weights]
    for index in sorted(range(len(weights)), key=lambda i: (-remainders[i], i))[
        : amount - sum(shares)
    ]:
        shares[index] += 1
    return shares


def apportion(total: int, weights: list[float]) -> list[int]:
    """Turn float weights into whole counts that add up to total (largest remainder)."""
    whole = sum(weights)
    exact = [total * weight / whole for weight in weights]
    counts = [math.floor(value) for value in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts
