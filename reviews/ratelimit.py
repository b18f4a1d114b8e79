"""Per-user and per-IP counters in the cache, one fixed window per action."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


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
            # add() starts the window once; incr() is atomic in every shared cache backend.
            cache.add(key, 0, timeout=window)
            try:
                count = cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=window)
                count = 1
            allowed = allowed and count <= limit
        return allowed
