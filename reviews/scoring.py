"""Rating arithmetic with no database: helpfulness and Bayesian averages."""

import math
from decimal import ROUND_HALF_UP, Decimal

# z for a 95% confidence interval: the usual choice for ranking by the Wilson lower bound.
Z_95 = 1.959963984540054
TWO_PLACES = Decimal("0.01")


def wilson_lower_bound(positive: int, total: int, *, z: float = Z_95) -> float:
    """Return the lower bound of the Wilson score interval for positive out of total votes."""
    if total <= 0:
        return 0.0
    phat = positive / total
    z2 = z * z
    centre = phat + z2 / (2 * total)
    spread = z * math.sqrt((phat * (1 - phat) + z2 / (4 * total)) / total)
    return (centre - spread) / (1 + z2 / total)


def mean_rating(distribution: dict[int, int]) -> Decimal:
    """Return the plain mean of a {stars: count} distribution, to two places (0 if empty)."""
    count = sum(distribution.values())
    if not count:
        return Decimal("0.00")
    total = sum(stars * number for stars, number in distribution.items())
    return (Decimal(total) / count).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def bayesian_average(*, total: int, count: int, prior_mean: Decimal, prior_weight: int) -> Decimal:
    """Shrink a product's mean towards its category's: (C·m + Σ ratings) / (C + n)."""
    if count <= 0:
        return prior_mean.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    value = (prior_weight * prior_mean + total) / (prior_weight + count)
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
