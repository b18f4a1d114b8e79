"""Version numbers in Django's cache that say which copy of something is current.

Every process keeps or reads copies (the compiled promotions, the pages kept for guests);
a change bumps the version and every copy of another version is stale.
"""

import secrets

from django.core.cache import cache
from django.db import transaction


class Version:
    """One cache key holding a number that only ever moves on."""

    def __init__(self, key: str) -> None:
        self.key = key

    def current(self) -> int | None:
        """Return the current version, starting a new one if the cache has none (None when
        the cache is down)."""
        version = cache.get(self.key)
        if version is None:
            # A random start: after a cache flush, a process must not mistake its old copy
            # for the current one because both happen to be "version 1".
            cache.add(self.key, secrets.randbits(48), timeout=None)
            version = cache.get(self.key)
        return version

    @staticmethod
    def current_of(*versions: "Version") -> list[int | None]:
        """Return the current number of each version, reading the cache once.

        None for a version the cache cannot tell (it is down): no copy can be trusted then.
        """
        known = cache.get_many([version.key for version in versions])
        return [known.get(version.key) or version.current() for version in versions]

    def bump(self) -> None:
        try:
            cache.incr(self.key)
        except ValueError:
            cache.set(self.key, secrets.randbits(48), timeout=None)

    def changed(self) -> None:
        """Make every copy stale: now, and again once the change is committed.

        Bumping only now would let another process copy the old rows before the commit
        and keep them under the new version.
        """
        self.bump()
        transaction.on_commit(self.bump)
