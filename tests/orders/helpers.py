"""Placing orders in tests the way checkout does."""

import uuid
from collections.abc import Sequence
from decimal import Decimal

from orders.models import Order, ShippingMethod
from orders.services import order_place


def place(
    *,
    user,
    cart,
    address,
    codes: Sequence[str] = (),
    shipping_method: str = ShippingMethod.STANDARD,
    key: str | None = None,
    expected_total: Decimal | None = None,
) -> Order:
    return order_place(
        user=user,
        cart=cart,
        address=address,
        shipping_method=shipping_method,
        payment_method="sandbox",
        codes=codes,
        checkout_key=key or uuid.uuid4().hex,
        expected_total=expected_total,
    )
