"""Per-user and per-IP counters in the cache, one fixed window per action."""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from shop.ratelimit import count_hit


@dataclass(frozen=True)
class RateLimit:
    """The counters one request adds to for an action (post a review, vote, report, ...)."""

    action: str
    keys: tuple[str, ...]

    @classmethod
    def for_request(cls, request: HttpRequest, *, action: str) -> "RateLimit":
        keys = []
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            keys.append(f"ratelimit:{action}:user:{user.pk}")
        ip = request.META.get("REMOTE_ADDR")
        if ip:
            keys.append(f"ratelimit:{action}:ip:{ip}")
        return cls(action=action, keys=tuple(keys))

    def hit(self) -> bool:
        """Count one attempt; return False when a counter has gone past the limit."""
        limit, window = settings.REVIEW_RATE_LIMITS[self.action]
        allowed = True
        for key in self.keys:
            allowed = count_hit(key, window) <= limit and allowed
        return allowed
