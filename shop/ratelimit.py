"""Counting hits in fixed windows with atomic cache counters (Redis in production)."""

from django.core.cache import cache


def count_hit(key: str, window: int) -> int:
    """Count one more hit in the key's current window and return the count."""
    # add() opens the window once; incr() is atomic in every shared cache backend.
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:
        # The window closed between add() and incr(): this hit opens the next one.
        cache.set(key, 1, timeout=window)
        return 1
