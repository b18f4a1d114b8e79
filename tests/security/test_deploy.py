"""Production settings: the deploy check is clean; cookies are secure and HSTS is on."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "q9!v3-a-long-random-production-secret-key-for-the-deploy-check-71c",
    "ALLOWED_HOSTS": "shop.example.com",
    "PAYMENT_SANDBOX": "0",
}
SHOW = (
    "from django.conf import settings as s; import json; print(json.dumps({k: getattr(s, k) "
    "for k in ('SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', "
    "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SESSION_COOKIE_HTTPONLY')}))"
)


def _manage(*args: str) -> subprocess.CompletedProcess:
    unset = {"DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"}
    environ = {key: value for key, value in os.environ.items() if key not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**environ, **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_the_deploy_check_is_clean_in_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_production_cookies_are_secure_and_hsts_lasts_a_year():
    result = _manage("shell", "-c", SHOW)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_HTTPONLY": True,
    }


@pytest.mark.slow
def test_the_deploy_check_warns_when_the_sandbox_gateway_is_on():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**os.environ, **PRODUCTION, "PAYMENT_SANDBOX": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "shop.W002" in result.stderr + result.stdout
