"""Checkouts racing for the last units on PostgreSQL: row locks sell exactly what is there."""

import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from cart.models import Cart, CartLine
from inventory.models import Stock
from orders.models import Order
from orders.services import CheckoutError, order_place
from tests.factories import AddressFactory, SKUFactory, UserFactory

pytestmark = pytest.mark.postgres

WORKERS = 20


def race(attempts: int, attempt: Callable[[int], Any]) -> list[Any]:
    """Run attempts on WORKERS threads, each with its own connection, started together."""
    barrier = threading.Barrier(WORKERS, timeout=60)

    def run(index: int) -> Any:
        try:
            return attempt(index)
        except CheckoutError as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(WORKERS, initializer=barrier.wait) as pool:
        return list(pool.map(run, range(attempts)))


def checkout(shopper: tuple[Any, Any, Cart], key: str | None = None) -> Order:
    user, address, cart = shopper
    return order_place(
        user=user,
        cart=cart,
        address=address,
        shipping_method="standard",
        payment_method="sandbox",
        codes=(),
        checkout_key=key or uuid.uuid4().hex,
    )


@pytest.fixture
def last_ten(transactional_db):
    return SKUFactory(code="LAST", price=Decimal("99.00"), stock=10)


def shopper_with(sku) -> tuple[Any, Any, Cart]:
    user = UserFactory()
    cart = Cart.objects.create(user=user)
    CartLine.objects.create(cart=cart, sku=sku, quantity=1)
    return user, AddressFactory(user=user), cart


def test_200_checkouts_for_the_last_10_units_make_exactly_10_orders(last_ten):
    shoppers = [shopper_with(last_ten) for _ in range(200)]

    results = race(200, lambda i: checkout(shoppers[i]))

    orders = [result for result in results if isinstance(result, Order)]
    refused = [result for result in results if isinstance(result, CheckoutError)]
    assert len(orders) == 10
    assert len(refused) == 190
    assert {error.code for error in refused} == {"sold_out"}
    assert Order.objects.count() == 10
    assert len({order.user_id for order in orders}) == 10
    stock = Stock.objects.get(sku=last_ten)
    assert (stock.on_hand, stock.reserved, stock.available) == (10, 10, 0)


def test_the_same_checkout_submitted_at_once_makes_one_order(last_ten):
    shopper = shopper_with(last_ten)

    results = race(WORKERS, lambda _i: checkout(shopper, key="double-click"))

    assert all(isinstance(result, Order) for result in results), results
    assert len({order.pk for order in results}) == 1
    assert Order.objects.count() == 1
    assert Stock.objects.get(sku=last_ten).reserved == 1
