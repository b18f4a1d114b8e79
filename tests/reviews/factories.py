"""Delivered orders and reviews, made directly with the order models."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from orders.models import Order, OrderLine, OrderStatus
from reviews.models import Review, ReviewStatus
from tests.factories import SKUFactory, UserFactory


class OrderFactory(DjangoModelFactory):
    class Meta:
        model = Order

    number = factory.Sequence(lambda n: f"T{n:08d}")
    user = factory.SubFactory(UserFactory)
    status = OrderStatus.DELIVERED
    placed_at = factory.LazyFunction(timezone.now)
    delivered_at = factory.LazyFunction(timezone.now)
    recipient = "张三"
    street = "世纪大道 100 号"


class DeliveredLineFactory(DjangoModelFactory):
    """A line of a delivered order; pass order__user=... for its buyer."""

    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory)
    sku = factory.SubFactory(SKUFactory)
    product = factory.LazyAttribute(lambda o: o.sku.product)
    product_name = factory.LazyAttribute(lambda o: o.sku.product.name)
    sku_code = factory.LazyAttribute(lambda o: o.sku.code)
    options = "颜色: 红色"
    unit_price = factory.LazyAttribute(lambda o: o.sku.price)
    quantity = 1
    total = factory.LazyAttribute(lambda o: o.sku.price)


class ReviewFactory(DjangoModelFactory):
    """A published review of a delivered line (its product, by its buyer)."""

    class Meta:
        model = Review

    line = factory.SubFactory(DeliveredLineFactory)
    product = factory.LazyAttribute(lambda o: o.line.product)
    user = factory.LazyAttribute(lambda o: o.line.order.user)
    rating = 5
    title = "很好"
    body = "质量很好，推荐。"
    status = ReviewStatus.PUBLISHED
