import datetime
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

from orders.models import Order, OrderLine, OrderStatus
from tests.factories import UserFactory

NUMBERS = itertools.count(1)


def moment(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def make_order(*, day, status=OrderStatus.PAID, lines=(), refunded="0.00", hour=12) -> Order:
    """An order paid on a day (shop time), with (sku, quantity, line total) lines."""
    total = sum((Decimal(line_total) for _sku, _qty, line_total in lines), Decimal("0.00"))
    paid = status not in (OrderStatus.PENDING_PAYMENT, OrderStatus.CANCELLED)
    order = Order.objects.create(
        number=f"T{next(NUMBERS):06d}",
        status=status,
        placed_at=moment(day, hour),
        paid_at=moment(day, hour) if paid else None,
        subtotal=total,
        total=total,
        refunded=Decimal(refunded),
    )
    for sku, quantity, line_total in lines:
        OrderLine.objects.create(
            order=order,
            product=sku.product,
            sku=sku,
            product_name=sku.product.name,
            sku_code=sku.code,
            unit_price=sku.price,
            quantity=quantity,
            total=Decimal(line_total),
        )
    return order


@pytest.fixture
def staff(db, client):
    user = UserFactory(username="merchant", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user
