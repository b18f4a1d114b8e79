"""Real processes for the fault tests: gunicorn and Celery workers on the test database."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from celery import Celery
from django.conf import settings
from kombu import Exchange, Queue

from .proxy import Proxy

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 30


class Response:
    def __init__(self, status: int, headers: dict[str, str], body: str) -> None:
        self.status = status
        self.headers = headers
        self.body = body


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, *, data: bytes | None = None, headers: dict | None = None) -> Response:
    """One HTTP request; any status is an answer, a redirect is not followed."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with _opener.open(request, timeout=15) as answer:
            return Response(answer.status, dict(answer.headers), answer.read().decode())
    except urllib.error.HTTPError as error:
        return Response(error.code, dict(error.headers), error.read().decode())


def database_url(address: str | None = None) -> str:
    """The test database's URL, directly or through `address` (a proxy's host:port)."""
    db = settings.DATABASES["default"]
    address = address or f"{db['HOST']}:{db['PORT']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{address}/{db['NAME']}"


def redis_target() -> tuple[str, int]:
    parts = urlparse(os.environ["TEST_REDIS_URL"])
    return parts.hostname or "127.0.0.1", parts.port or 6379


def _environment(**overrides: str | None) -> dict[str, str]:
    env = {**os.environ, "DEBUG": "1", "SECURE_SSL_REDIRECT": "0", "LOG_LEVEL": "ERROR"}
    env.pop("REDIS_URL", None)
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def start_web() -> Iterator:
    """Start gunicorn (one sync worker) with the given environment; yield its base URL."""
    started: list[subprocess.Popen] = []

    def start(**env: str | None) -> tuple[subprocess.Popen, str]:
        port = Proxy(("127.0.0.1", 0)).port
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "shop.wsgi:application",
                "--workers=1",
                f"--bind=127.0.0.1:{port}",
                "--timeout=60",
                "--graceful-timeout=2",
            ],
            cwd=ROOT,
            env=_environment(**env),
        )
        started.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            try:
                if fetch(f"{base}/healthz").status == 200:
                    return process, base
            except OSError:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not start")

    yield start
    for process in started:
        _stop(process)


@pytest.fixture
def start_worker() -> Iterator:
    """Start real Celery workers (solo pool) with the given environment and queue."""
    started: list[subprocess.Popen] = []

    def start(queue: str, **env: str | None) -> subprocess.Popen:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "shop",
                "worker",
                "-Q",
                queue,
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=warning",
            ],
            cwd=ROOT,
            env=_environment(**env),
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            _stop(process)


@pytest.fixture
def proxy() -> Iterator:
    """A cuttable proxy to a target; cut on the way out so no thread is left pumping."""
    made: list[Proxy] = []

    def make(target: tuple[str, int]) -> Proxy:
        made.append(Proxy(target))
        made[-1].start()
        return made[-1]

    yield make
    for each in made:
        each.cut()


def declare(sender: Celery, queue: str) -> None:
    """Declare the worker's queue first: on Redis, a message sent before any consumer bound
    its queue is dropped."""
    with sender.connection_for_write() as conn:
        Queue(queue, Exchange(queue, "direct"), routing_key=queue)(conn.default_channel).declare()


def wait_for(check, *, seconds: float, message: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.25)
    raise AssertionError(message)
