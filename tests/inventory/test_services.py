import pytest
from django.core.exceptions import ValidationError

from inventory.models import Stock
from inventory.services import stock_set_on_hand
from tests.factories import SKUFactory, StockFactory

pytestmark = pytest.mark.django_db


def test_creates_the_stock_row_when_missing():
    sku = SKUFactory()

    stock = stock_set_on_hand(sku_id=sku.pk, on_hand=8, low_threshold=2)

    assert (stock.on_hand, stock.reserved, stock.low_threshold) == (8, 0, 2)
    assert Stock.objects.get(sku=sku).on_hand == 8


def test_updates_on_hand_and_keeps_the_threshold():
    stock = StockFactory(on_hand=5, reserved=2, low_threshold=3)

    stock_set_on_hand(sku_id=stock.sku_id, on_hand=9)

    stock.refresh_from_db()
    assert (stock.on_hand, stock.reserved, stock.low_threshold) == (9, 2, 3)


def test_refuses_less_than_reserved():
    stock = StockFactory(on_hand=5, reserved=4)

    with pytest.raises(ValidationError) as error:
        stock_set_on_hand(sku_id=stock.sku_id, on_hand=3)

    assert error.value.code == "below_reserved"
    stock.refresh_from_db()
    assert stock.on_hand == 5
