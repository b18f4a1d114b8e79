"""A shop with one shopper's personal data in every place that can hold it."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Address, User
from orders.models import Order, OrderLine
from payments.models import Payment
from promotions.models import CouponCode, Promotion
from reviews.models import Feedback, Review
from tests.factories import AddressFactory, SKUFactory, UserFactory
from tests.orders.conftest import fill_cart  # noqa: F401
from tests.orders.helpers import place
from tests.reviews.factories import DeliveredLineFactory, ReviewFactory
from wishlist.models import WishlistItem


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class World:
    owner: User
    address: Address
    order: Order
    delivered: Order
    line: OrderLine
    review: Review
    payment: Payment
    sku_id: int
    product_id: int


@pytest.fixture
def shopper(db):
    return UserFactory(username="owner", email="owner@example.com", phone="13900139000")


@pytest.fixture
def world(shopper, fill_cart) -> World:  # noqa: F811
    sku = SKUFactory(code="SEC-1", price=Decimal("80.00"), stock=10)
    address = AddressFactory(user=shopper, is_default=True)
    order = place(user=shopper, cart=fill_cart((sku, 1)), address=address)
    line = DeliveredLineFactory(order__user=shopper, order__email="owner@example.com")
    review = ReviewFactory(line=line)
    payment = Payment.objects.create(
        order=order,
        provider="sandbox",
        trade_no="SEC" + order.number,
        amount=order.total,
        currency=order.currency,
        merchant_id="merchant-secret-id",
        qr_data="weixin://secret-qr",
    )
    WishlistItem.objects.create(user=shopper, product=sku.product, saved_price=sku.price)
    Feedback.objects.create(user=shopper, category="other", message="请尽快发货", contact="qq 123")
    promotion = Promotion.objects.create(
        key="welcome", name="Welcome", kind="percent_off", status="paused", starts_at=timezone.now()
    )
    CouponCode.objects.create(promotion=promotion, code="OWNER10", user=shopper)
    return World(
        owner=shopper,
        address=address,
        order=order,
        delivered=line.order,
        line=line,
        review=review,
        payment=payment,
        sku_id=sku.pk,
        product_id=sku.product_id,
    )


@pytest.fixture
def stranger(db):
    return UserFactory(username="stranger", email="stranger@example.com")
