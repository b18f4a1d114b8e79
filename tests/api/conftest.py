from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import AddressFactory, CategoryFactory, ProductFactory, SKUFactory, UserFactory


@pytest.fixture
def shopper(db):
    return UserFactory()


@pytest.fixture
def api():
    """An API client with no credentials, as a guest app would be."""
    return APIClient()


def token_client(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def shopper_api(shopper):
    """An API client signed in with the shopper's token."""
    return token_client(shopper)


@pytest.fixture
def other_api(db):
    return token_client(UserFactory())


@pytest.fixture
def address(shopper):
    return AddressFactory(user=shopper, is_default=True)


@pytest.fixture
def sku(db):
    category = CategoryFactory(slug="phones")
    product = ProductFactory(category=category, slug="phone", name_en="Phone")
    return SKUFactory(product=product, code="PHONE-1", price=Decimal("100.00"), stock=10)
