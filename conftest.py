"""Test-wide settings: plain HTTP for the test client, static files without a manifest,
and a fast password hasher (production's Argon2 is deliberately slow)."""

import pytest
from django.conf import settings


def pytest_configure(config: pytest.Config) -> None:
    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _default_language():
    """Start every test in the shop's default language, whatever the last request chose."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Start every test with an empty cache: a rolled-back test must not leave its compiled
    promotions, counters or cached pages behind for the next one."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def english():
    """Run a test in English: reverse() gives /en/ URLs and pages answer in English."""
    from django.utils import translation

    translation.activate("en")
