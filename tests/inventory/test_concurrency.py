"""Receipts, sales and counts racing on PostgreSQL: on hand stays the sum of movements."""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum

from cart.models import Cart, CartLine
from inventory.models import MovementReason, Stock, StockMovement
from inventory.services import (
    purchase_order_draft_replace,
    purchase_order_receive,
    purchase_order_send,
)
from orders.services import CheckoutError, order_mark_paid
from tests.factories import AddressFactory, UserFactory
from tests.orders.helpers import place

from .factories import SupplierFactory, stocked

pytestmark = pytest.mark.postgres

WORKERS = 12


def race(jobs: list) -> list:
    barrier = threading.Barrier(WORKERS, timeout=60)

    def run(job):
        try:
            return job()
        except (CheckoutError, ValidationError) as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(WORKERS, initializer=barrier.wait) as pool:
        return list(pool.map(run, jobs))


def test_concurrent_receipts_sales_and_damage_keep_the_ledger_exact(transactional_db):
    sku = stocked(20, code="HOT", price=Decimal("10.00")).sku
    lines = [(sku.pk, 5)]
    orders = []
    for _ in range(4):
        draft = purchase_order_draft_replace(supplier=SupplierFactory(), lines=lines)
        orders.append(purchase_order_send(order_id=draft.pk))
    buyers = []
    for _ in range(24):
        user = UserFactory()
        cart = Cart.objects.create(user=user)
        CartLine.objects.create(cart=cart, sku=sku, quantity=1)
        buyers.append((user, cart, AddressFactory(user=user)))

    def buy(user, cart, address):
        order = place(user=user, cart=cart, address=address)
        order_mark_paid(order=order, amount=order.total)
        return order

    def receive(order):
        return purchase_order_receive(order_id=order.pk, quantities={order.lines.get().pk: 5})

    def damage():
        from inventory.services import stock_move

        return stock_move(sku_id=sku.pk, quantity=-1, reason=MovementReason.DAMAGE)

    jobs = [lambda b=b: buy(*b) for b in buyers]
    jobs += [lambda o=o: receive(o) for o in orders]
    jobs += [damage] * 4
    race(jobs)

    stock = Stock.objects.get(sku=sku)
    total = StockMovement.objects.filter(sku=sku).aggregate(t=Sum("quantity"))["t"]
    assert stock.on_hand == total
    assert stock.reserved == 0
    sold = -StockMovement.objects.filter(sku=sku, reason=MovementReason.SALE).aggregate(
        t=Sum("quantity")
    )["t"]
    damaged = StockMovement.objects.filter(sku=sku, reason=MovementReason.DAMAGE).count()
    assert stock.on_hand == 20 + 4 * 5 - sold - damaged >= 0
