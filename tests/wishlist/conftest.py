import pytest

from tests.factories import UserFactory


@pytest.fixture
def shopper(db):
    return UserFactory()
