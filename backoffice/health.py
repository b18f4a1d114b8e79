"""Readiness checks: can this process reach its database, its cache and its broker?"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from kombu import Connection

OK = "ok"
NOT_CONFIGURED = "not configured"
BROKER_TIMEOUT = 2.0


@dataclass(frozen=True)
class Check:
    name: str
    status: str
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status != "unreachable"


def _run(name: str, probe: Callable[[], str]) -> Check:
    try:
        return Check(name, probe())
    except Exception as error:  # any failure means "not ready", with its reason
        return Check(name, "unreachable", f"{type(error).__name__}: {error}"[:300])


def database_ping(connection: BaseDatabaseWrapper) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return OK


def cache_ping() -> str:
    cache.set("backoffice:readyz", "1", 10)
    if cache.get("backoffice:readyz") != "1":
        raise RuntimeError("the cache did not keep a value")
    return OK


def broker_ping() -> str:
    url = settings.CELERY_BROKER_URL
    if settings.CELERY_TASK_ALWAYS_EAGER and url.startswith("memory://"):
        # No broker: tasks run in the web process, so there is nothing to reach.
        return NOT_CONFIGURED
    with Connection(url, connect_timeout=BROKER_TIMEOUT) as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT)
    return OK


def readiness(connection: BaseDatabaseWrapper | None = None) -> list[Check]:
    """Probe each dependency once; none of the probes raises."""
    database = connection or connections["default"]
    return [
        _run("database", lambda: database_ping(database)),
        _run("cache", cache_ping),
        _run("broker", broker_ping),
    ]
