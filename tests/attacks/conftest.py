import pytest
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Write uploaded pictures and their copies to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english():
    """Compare messages in English: the source language of the strings."""
    with translation.override("en"):
        yield


@pytest.fixture
def browser(db):
    """A client that gets the error page a shopper would see instead of the exception."""
    return Client(raise_request_exception=False)
