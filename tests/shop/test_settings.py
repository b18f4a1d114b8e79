import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from shop import settings as shop_settings

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        # Browser tests set this flag for their whole session; a deploy check must not see it.
        env={**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_deploy_check_passes_with_production_environment():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x7#kq!v2-production-grade-secret-key-with-enough-entropy-9f3a",
        ALLOWED_HOSTS="shop.example.com",
        PAYMENT_SANDBOX="0",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_embedded_defaults_need_no_services():
    assert settings.CELERY_TASK_ALWAYS_EAGER is bool(not os.environ.get("REDIS_URL"))
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.AUTH_USER_MODEL == "accounts.User"
    assert shop_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_chinese_is_served_at_the_root_and_english_under_en(client, db):
    assert client.get("/").headers["Content-Language"] == "zh-hans"
    assert client.get("/en/").headers["Content-Language"] == "en"


def test_without_secret_key_a_command_prints_only_its_own_error(tmp_path):
    case = tmp_path / "case.json"
    case.write_text("{not json")
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    result = subprocess.run(
        [sys.executable, "manage.py", "price_cart", str(case)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_the_development_key_outside_debug_is_a_system_warning():
    result = _manage("check", DEBUG="0", SECRET_KEY=settings.DEVELOPMENT_SECRET_KEY)
    assert "shop.W001" in result.stderr + result.stdout
