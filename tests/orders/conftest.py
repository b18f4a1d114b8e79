from decimal import Decimal

import pytest

from cart.models import Cart, CartLine
from tests.factories import AddressFactory, SKUFactory, UserFactory


@pytest.fixture
def shopper(db):
    return UserFactory()


@pytest.fixture
def address(shopper):
    return AddressFactory(user=shopper, is_default=True)


@pytest.fixture
def skus(db):
    return [
        SKUFactory(code="A", price=Decimal("100.00"), stock=10),
        SKUFactory(code="B", price=Decimal("60.00"), stock=5),
    ]


@pytest.fixture
def shopper_client(client, shopper):
    """A test client logged in as the shopper."""
    client.force_login(shopper)
    return client


@pytest.fixture
def fill_cart(shopper):
    def fill(*lines):
        cart, _created = Cart.objects.get_or_create(user=shopper)
        for sku, quantity in lines:
            CartLine.objects.update_or_create(cart=cart, sku=sku, defaults={"quantity": quantity})
        return cart

    return fill
