"""Skip tests whose service is absent, each with the reason and how to provide it."""

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from django.db import connection


def _reachable(url: str) -> bool:
    parts = urlparse(url)
    try:
        socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), 1).close()
    except OSError:
        return False
    return True


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    on_postgres = connection.vendor == "postgresql"
    redis_url = os.environ.get("TEST_REDIS_URL", "")
    redis_ok = bool(redis_url) and _reachable(redis_url)
    chromium_ok = shutil.which("chromium") is not None
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(
                pytest.mark.skip(
                    reason="needs PostgreSQL: run with DATABASE_URL=postgres://... (CI does)"
                )
            )
        if "redis" in item.keywords and not redis_ok:
            item.add_marker(
                pytest.mark.skip(
                    reason="needs Redis and a Celery worker: set TEST_REDIS_URL (CI does)"
                )
            )
        if "browser" in item.keywords and not chromium_ok:
            item.add_marker(
                pytest.mark.skip(
                    reason="needs Debian's chromium at /usr/bin/chromium (CI installs it)"
                )
            )
