import json
import os
import socket

import pytest
from django.db.backends.sqlite3.base import DatabaseWrapper

from backoffice import health


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthz_answers_without_the_database(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_ready_without_a_broker_in_eager_mode(client, settings):
    settings.CELERY_BROKER_URL = "memory://"
    settings.CELERY_TASK_ALWAYS_EAGER = True

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"] == {
        "database": "ok",
        "cache": "ok",
        "broker": "not configured",
    }


@pytest.mark.django_db
def test_readyz_names_an_unreachable_broker(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["broker"]


@pytest.mark.django_db
def test_readyz_names_an_unreachable_cache(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }

    response = client.get("/readyz")

    assert response.status_code == 503
    assert "cache" in json.loads(response.content)["failing"]


@pytest.mark.django_db
def test_an_unreachable_database_is_named(tmp_path):
    missing = DatabaseWrapper(_sqlite_settings(tmp_path / "gone" / "db.sqlite3"), alias="gone")

    checks = {check.name: check for check in health.readiness(missing)}

    assert not checks["database"].ok
    assert "unable to open database" in checks["database"].error


def _sqlite_settings(path) -> dict:
    from django.db import connections

    return {**connections["default"].settings_dict, "NAME": str(path), "OPTIONS": {}}


@pytest.mark.django_db
def test_readyz_answers_503_when_the_database_is_unreachable(client, monkeypatch, tmp_path):
    missing = DatabaseWrapper(_sqlite_settings(tmp_path / "gone" / "db.sqlite3"), alias="gone")
    monkeypatch.setattr(health, "connections", {"default": missing})

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]


@pytest.mark.redis
@pytest.mark.django_db
def test_readyz_ready_with_a_real_redis(client, settings):
    url = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("set TEST_REDIS_URL to a running Redis")
    settings.CELERY_BROKER_URL = url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "ok"
