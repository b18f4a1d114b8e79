"""Rate limits counted in the cache with atomic increments, per user and per IP address.

DRF's own throttles read a list of timestamps, change it and write it back: two parallel
requests both pass. Here `cache.add` opens a fixed window once and `cache.incr` counts in
one atomic step in every shared cache backend (Redis in production).
"""

from typing import TYPE_CHECKING, Any

from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from shop.ratelimit import count_hit

if TYPE_CHECKING:
    from rest_framework.request import Request

DEFAULT_SCOPE = "api"
PERIODS = {"s": 1, "sec": 1, "min": 60, "hour": 3600, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """Turn "10/min" into (10, 60)."""
    count, period = rate.split("/")
    return int(count), PERIODS[period]


class CounterThrottle(BaseThrottle):
    """Refuse a request once its user, or its IP address, used up the view's scope."""

    def allow_request(self, request: "Request", view: Any) -> bool:
        scope = getattr(view, "throttle_scope", DEFAULT_SCOPE)
        rates = api_settings.DEFAULT_THROTTLE_RATES
        self.wait_seconds: int | None = None
        identities = [(f"{scope}_ip", f"ip:{self.get_ident(request)}")]
        if request.user and request.user.is_authenticated:
            identities.append((scope, f"user:{request.user.pk}"))
        for rate_name, ident in identities:
            rate = rates.get(rate_name) or rates.get(scope)
            if not rate:
                continue
            limit, window = parse_rate(rate)
            if count_hit(f"throttle:{scope}:{ident}", window) > limit:
                self.wait_seconds = window
                return False
        return True

    def wait(self) -> float | None:
        return self.wait_seconds
