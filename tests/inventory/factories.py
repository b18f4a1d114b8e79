"""Inventory factories that write stock the way the shop does: through the ledger."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from inventory.models import Stock, Supplier, SupplierItem
from inventory.services import stock_open
from orders.models import Order, OrderLine, OrderStatus
from tests.factories import SKUFactory, UserFactory


def stocked(units: int, **sku_fields) -> Stock:
    """A new SKU with `units` on hand, recorded as an opening receipt."""
    sku = SKUFactory(**sku_fields)
    stock_open(units=[(sku.pk, units)], reference="test")
    return Stock.objects.get(sku=sku)


class SupplierFactory(DjangoModelFactory):
    class Meta:
        model = Supplier

    name = factory.Sequence(lambda n: f"Supplier {n}")
    code = factory.Sequence(lambda n: f"supplier-{n}")
    lead_time_days = 5
    lead_time_spread_days = Decimal("1.0")


class SupplierItemFactory(DjangoModelFactory):
    class Meta:
        model = SupplierItem

    sku = factory.SubFactory(SKUFactory)
    supplier = factory.SubFactory(SupplierFactory)
    pack_size = 1
    min_order_quantity = 1


def sell(sku, units_per_day: list[int], *, today: date, status: str = OrderStatus.COMPLETED):
    """Write one paid order a day for `sku`, the last entry being yesterday's sales."""
    zone = timezone.get_current_timezone()
    user = UserFactory()
    first = today - timedelta(days=len(units_per_day))
    sold = [(first + timedelta(days=i), units) for i, units in enumerate(units_per_day) if units]
    orders = Order.objects.bulk_create(
        Order(
            number=f"S{sku.pk}-{day:%Y%m%d}",
            user=user,
            status=status,
            placed_at=datetime.combine(day, time(12), tzinfo=zone),
            paid_at=datetime.combine(day, time(12, 5), tzinfo=zone),
            recipient="张三",
            street="世纪大道 100 号",
        )
        for day, _units in sold
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            sku=sku,
            product=sku.product,
            product_name=sku.product.name,
            sku_code=sku.code,
            unit_price=sku.price,
            quantity=units,
            total=sku.price * units,
        )
        for order, (_day, units) in zip(orders, sold, strict=True)
    )
