"""The default sort's score (综合排序): pure numpy, weights from settings.

score = w_velocity · velocity + w_rating · rating + w_conversion · conversion
        + w_availability · available, each signal scaled to 0..1.
"""

from collections.abc import Mapping

import numpy as np

STARS = 5.0
# How many reviews' worth of the catalogue mean a product's own mean is shrunk towards.
PRIOR_WEIGHT = 5.0


def bayesian_rating(means: np.ndarray, counts: np.ndarray, *, prior_weight: float) -> np.ndarray:
    """Shrink each mean towards the mean of all reviews: (C·m + n·x̄) / (C + n)."""
    rated = counts > 0
    prior = float(np.average(means[rated], weights=counts[rated])) if rated.any() else 0.0
    return (prior_weight * prior + counts * np.where(rated, means, 0.0)) / (prior_weight + counts)


def scaled_velocity(velocity: np.ndarray) -> np.ndarray:
    """Scale decayed sales to 0..1 on a log scale, so one hit does not flatten the rest."""
    top = float(np.log1p(velocity.max())) if len(velocity) else 0.0
    return np.log1p(velocity) / top if top > 0 else np.zeros_like(velocity)


def ranking_scores(
    *,
    velocity: np.ndarray,
    rating_means: np.ndarray,
    rating_counts: np.ndarray,
    conversion: np.ndarray,
    available: np.ndarray,
    weights: Mapping[str, float],
) -> dict[str, np.ndarray]:
    """Return the score and each scaled signal, per product."""
    signals = {
        "velocity": scaled_velocity(velocity.astype(np.float64)),
        "rating": bayesian_rating(
            rating_means.astype(np.float64),
            rating_counts.astype(np.float64),
            prior_weight=PRIOR_WEIGHT,
        )
        / STARS,
        "conversion": np.clip(conversion.astype(np.float64), 0.0, 1.0),
        "availability": available.astype(np.float64),
    }
    score = sum(weights.get(name, 0.0) * values for name, values in signals.items())
    return {"score": np.asarray(score, dtype=np.float64), **signals}
