"""Keep serving when the database or Redis goes away for a while.

- The database: a request that meets a lost connection answers 503 with the shop's page
  (JSON under /api/), never a 500, and the next request after the database is back
  reconnects by itself (CONN_HEALTH_CHECKS).
- The cache: a Redis that does not answer reads as an empty cache that keeps nothing.
- The broker: a job published while Redis is down is handed to a background thread that
  publishes it once Redis answers again; the request that asked for it does not fail.
"""

import functools
import logging
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from celery import Task
from celery.utils import uuid
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
REDIS_ERRORS = (RedisConnectionError, RedisTimeoutError)
RETRY_AFTER_SECONDS = 30
UNAVAILABLE = "_shop_database_unavailable"


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 answer: JSON for the API, the shop's page (in the request's language) else."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {
                "detail": _("The shop is briefly unavailable. Try again shortly."),
                "code": "unavailable",
            },
            status=503,
        )
    else:
        language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language()
        with translation.override(language):
            # Rendered without the request: its context processors would query the database.
            response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@receiver(got_request_exception)
def _mark_database_failure(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Remember that a request failed on the database outside a view (a session save, say),
    so that DatabaseUnavailableMiddleware can turn Django's 500 into a 503."""
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        setattr(request, UNAVAILABLE, True)


class DatabaseUnavailableMiddleware:
    """Answer 503 instead of 500 when the database connection is lost or refused.

    Listed first in MIDDLEWARE so that it also sees failures in the other middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, UNAVAILABLE, False):
            return unavailable_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.warning("database unavailable: %s", exception, extra={"path": request.path})
        return unavailable_response(request)


def _degrade(default: Any) -> Callable[[Callable], Callable]:
    """Run a cache method; on a Redis connection error log it and return `default`."""

    def decorator(method: Callable) -> Callable:
        @functools.wraps(method)
        def wrapper(self: RedisCache, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except REDIS_ERRORS as error:
                logger.warning("cache unavailable, %s skipped: %s", method.__name__, error)
                return default(*args, **kwargs) if callable(default) else default

        return wrapper

    return decorator


def _argument(name: str, position: int, fallback: Any = None) -> Callable[..., Any]:
    """The value the caller passed for a parameter, to answer with when Redis is down."""

    def pick(*args: Any, **kwargs: Any) -> Any:
        if name in kwargs:
            return kwargs[name]
        return args[position] if len(args) > position else fallback

    return pick


class ReusedRedisClient(RedisCacheClient):
    """Django's Redis cache client, keeping one client per connection pool.

    Django builds a new redis.Redis for every cache call, and each one sets up its table of
    response callbacks: a cost that outweighs the call itself on loopback. A client is safe
    to share between threads; its pool hands out the connections.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, read as a miss and written as a no-op while Redis is down.

    Counters (`incr`) answer as a fresh counter, so rate limits let requests through rather
    than refuse every shopper while the cache is away.
    """

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedRedisClient

    get = _degrade(_argument("default", 1))(RedisCache.get)
    get_many = _degrade({})(RedisCache.get_many)
    has_key = _degrade(False)(RedisCache.has_key)
    set = _degrade(None)(RedisCache.set)
    set_many = _degrade(list)(RedisCache.set_many)
    add = _degrade(True)(RedisCache.add)
    touch = _degrade(False)(RedisCache.touch)
    delete = _degrade(False)(RedisCache.delete)
    delete_many = _degrade(None)(RedisCache.delete_many)
    incr = _degrade(_argument("delta", 1, 1))(RedisCache.incr)
    clear = _degrade(False)(RedisCache.clear)

    def get_or_set(self, key: str, default: Any, timeout: Any = None, version: Any = None) -> Any:
        # Django's own get_or_set calls add() and get() again: with both degraded, the
        # second get() would be a miss and the computed value lost.
        value = self.get(key, version=version)
        if value is None:
            value = default() if callable(default) else default
            if value is not None:
                self.set(key, value, timeout=timeout, version=version)
        return value


# The first try, in the request: one quick retry, so a cut broker costs well under a second.
PUBLISH_NOW = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# The background try: until the broker answers, every few seconds.
PUBLISH_LATER = {"max_retries": None, "interval_start": 1, "interval_step": 1, "interval_max": 5}
PUBLISH_ERRORS = (BrokerError, *REDIS_ERRORS, OSError)


class ResilientTask(Task):
    """A task whose publishing survives a broker outage: when Redis refuses, the message is
    published from a background thread as soon as Redis is back, under the same task id.

    The message lives in this process's memory meanwhile: a web process stopped during the
    outage loses it (docs/operations.md, "Faults").
    """

    abstract = True

    def apply_async(self, args: Any = None, kwargs: Any = None, **options: Any) -> Any:
        if self.app.conf.task_always_eager:
            return super().apply_async(args, kwargs, **options)
        options.setdefault("task_id", uuid())
        # The shop reads a job's outcome from its own rows, never from the result backend;
        # asking for a result would also make publishing wait for Redis (20 retries).
        options.setdefault("ignore_result", True)
        send = functools.partial(super().apply_async, args, kwargs, **options)
        try:
            return send(retry=True, retry_policy=PUBLISH_NOW)
        except PUBLISH_ERRORS as error:
            logger.warning("broker unavailable, %s queued to publish later: %s", self.name, error)
            threading.Thread(
                target=_publish_later, args=(send, self.name), name="publish-later", daemon=True
            ).start()
            return self.AsyncResult(options["task_id"])


def _publish_later(send: Callable[..., Any], name: str) -> None:
    while True:
        try:
            send(retry=True, retry_policy=PUBLISH_LATER)
        except PUBLISH_ERRORS as error:
            # Errors kombu does not retry itself (the result backend's own connection).
            logger.warning("broker still unavailable for %s: %s", name, error)
            time.sleep(PUBLISH_LATER["interval_max"])
            continue
        logger.info("published %s after the broker came back", name)
        return
