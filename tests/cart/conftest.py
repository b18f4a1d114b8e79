import pytest
from django.utils import translation

from tests.factories import SKUFactory


@pytest.fixture(autouse=True)
def _plain_http_and_media(settings, tmp_path):
    """Serve plain HTTP to the test client and write thumbnails to a throwaway folder."""
    settings.SECURE_SSL_REDIRECT = False
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english():
    """Compare messages in English: the source language of the strings."""
    with translation.override("en"):
        yield


@pytest.fixture
def sku(db):
    """A SKU with 5 units available."""
    return SKUFactory(stock=5)
