import pytest

from tests.factories import UserFactory
from tests.reviews.factories import DeliveredLineFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Write uploaded photos to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def buyer(db):
    return UserFactory()


@pytest.fixture
def line(buyer):
    return DeliveredLineFactory(order__user=buyer)


@pytest.fixture
def product(line):
    return line.product
