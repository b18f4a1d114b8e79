"""orders.services.order_place: one transaction that reserves, re-prices and freezes."""

from decimal import Decimal

import pytest

from cart.models import Cart
from inventory.models import Stock
from orders.models import Order, OrderEvent, OrderStatus, ShippingMethod
from orders.services import CheckoutError, PriceChanged, order_place
from promotions.models import PromotionUsage
from tests.factories import AddressFactory
from tests.promotions.factories import CouponCodeFactory, PromotionFactory

from .helpers import place

pytestmark = pytest.mark.django_db


def stock(sku) -> Stock:
    return Stock.objects.get(sku=sku)


def test_an_order_freezes_what_was_sold_and_reserves_stock(shopper, address, skus, fill_cart):
    a, b = skus
    PromotionFactory(key="M200", name="满200减30")
    cart = fill_cart((a, 2), (b, 1))

    order = place(user=shopper, cart=cart, address=address)

    assert order.status == OrderStatus.PENDING_PAYMENT
    assert (order.subtotal, order.discount, order.shipping) == (
        Decimal("260.00"),
        Decimal("30.00"),
        Decimal("10.00"),
    )
    assert order.total == Decimal("240.00")
    lines = {line.sku_code: line for line in order.lines.all()}
    assert lines["A"].product_name == a.product.name
    assert lines["A"].unit_price == Decimal("100.00")
    assert sum(line.discount for line in lines.values()) == Decimal("30.00")
    assert sum(line.total for line in lines.values()) == order.subtotal - order.discount
    adjustments = list(order.adjustments.all())
    assert {adj.promotion_name for adj in adjustments} == {"满200减30"}
    assert sum(adj.amount for adj in adjustments) == Decimal("30.00")
    assert (order.recipient, order.street) == (address.recipient, address.street)
    assert (stock(a).reserved, stock(a).on_hand, stock(b).reserved) == (2, 10, 1)
    assert PromotionUsage.objects.filter(order=order).count() == 1
    assert not cart.lines.exists()
    assert OrderEvent.objects.get(order=order).to_status == OrderStatus.PENDING_PAYMENT


def test_express_shipping_costs_more(shopper, address, skus, fill_cart):
    cart = fill_cart((skus[0], 1))
    order = place(user=shopper, cart=cart, address=address, shipping_method=ShippingMethod.EXPRESS)
    assert order.shipping == Decimal("22.00")
    assert order.total == Decimal("122.00")


def test_the_same_checkout_key_makes_one_order(shopper, address, skus, fill_cart):
    cart = fill_cart((skus[0], 1))
    first = place(user=shopper, cart=cart, address=address, key="k1")
    fill_cart((skus[0], 1))
    again = place(user=shopper, cart=cart, address=address, key="k1")
    assert again.pk == first.pk
    assert Order.objects.count() == 1
    assert stock(skus[0]).reserved == 1


def test_sold_out_writes_nothing(shopper, address, skus, fill_cart, english):
    a, b = skus
    cart = fill_cart((a, 1), (b, 6))
    with pytest.raises(CheckoutError, match="Only 5"):
        place(user=shopper, cart=cart, address=address)
    assert not Order.objects.exists()
    assert (stock(a).reserved, stock(b).reserved) == (0, 0)
    assert cart.lines.count() == 2


def test_a_changed_price_refuses_with_the_new_total(shopper, address, skus, fill_cart, english):
    cart = fill_cart((skus[0], 1))
    with pytest.raises(PriceChanged) as refused:
        place(user=shopper, cart=cart, address=address, expected_total=Decimal("1.00"))
    assert refused.value.total == Decimal("110.00")
    assert "¥110.00" in refused.value.messages[0]
    assert not Order.objects.exists()


def test_a_used_up_coupon_refuses_and_writes_nothing(shopper, address, skus, fill_cart, english):
    promotion = PromotionFactory(key="C1", usage_limit=1)
    CouponCodeFactory(promotion=promotion, code="ONCE")
    PromotionUsage.objects.create(promotion=promotion, discount=Decimal("30.00"))
    cart = fill_cart((skus[0], 3))
    with pytest.raises(CheckoutError):
        place(user=shopper, cart=cart, address=address, codes=["ONCE"])
    assert not Order.objects.exists()
    assert stock(skus[0]).reserved == 0


def test_someone_elses_address_is_refused(shopper, skus, fill_cart):
    cart = fill_cart((skus[0], 1))
    with pytest.raises(CheckoutError):
        place(user=shopper, cart=cart, address=AddressFactory())


def test_an_empty_cart_is_refused(shopper, address, fill_cart):
    with pytest.raises(CheckoutError):
        place(user=shopper, cart=fill_cart(), address=address)


def test_a_shopper_without_an_email_address_can_order(address, skus, fill_cart, shopper):
    type(shopper).objects.filter(pk=shopper.pk).update(email=None)
    shopper.refresh_from_db()
    order = place(user=shopper, cart=fill_cart((skus[0], 1)), address=address)
    assert order.email == ""


def test_two_long_checkout_keys_that_share_a_beginning_make_two_orders(
    shopper, address, skus, fill_cart
):
    first = place(user=shopper, cart=fill_cart((skus[0], 1)), address=address, key="x" * 62 + "01")
    second = place(user=shopper, cart=fill_cart((skus[0], 1)), address=address, key="x" * 62 + "02")
    assert first.pk != second.pk


def test_a_shopper_without_a_saved_cart_is_told_it_is_empty(shopper, address, english):
    with pytest.raises(CheckoutError, match="empty"):
        place(user=shopper, cart=Cart(user=shopper), address=address)


def test_a_payment_method_the_shop_does_not_offer_is_refused(
    shopper, address, skus, fill_cart, english
):
    cart = fill_cart((skus[0], 1))
    with pytest.raises(CheckoutError, match="payment method"):
        order_place(
            user=shopper,
            cart=cart,
            address=address,
            shipping_method=ShippingMethod.STANDARD,
            payment_method="card",
            codes=(),
            checkout_key="k",
        )
    assert not Order.objects.exists()
