from decimal import Decimal

import pytest

from tests.factories import (
    AddressFactory,
    CategoryFactory,
    ProductImageFactory,
    SKUFactory,
    StockFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_factories_build_a_consistent_catalog():
    root = CategoryFactory()
    child = CategoryFactory(parent=root)
    sku = SKUFactory(product__category=child, price=Decimal("12.50"), stock=3)
    StockFactory(sku=SKUFactory(product=sku.product, price=Decimal("20.00")))
    ProductImageFactory(product=sku.product)

    sku.product.refresh_from_db()
    assert child.is_descendant_of(root)
    assert sku.product.min_price == Decimal("12.50")
    assert sku.stock.on_hand == 3
    assert sku.product.images.count() == 1


def test_user_and_address_factories():
    address = AddressFactory(user=UserFactory(username="li"))
    assert address.user.check_password("correct-horse-battery")
