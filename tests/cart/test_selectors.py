from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from cart.models import Cart, CartLine
from cart.selectors import (
    CART_SESSION_KEY,
    LineStatus,
    cart_detail,
    cart_get,
    cart_unit_count,
)
from tests.factories import (
    AttributeValueFactory,
    ProductFactory,
    ProductImageFactory,
    SKUFactory,
    StockFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _request(*, user=None, cart_id=None):
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    if cart_id is not None:
        request.session[CART_SESSION_KEY] = cart_id
    return request


def _fill(cart: Cart, count: int) -> None:
    for _ in range(count):
        CartLine.objects.create(cart=cart, sku=SKUFactory(stock=5), quantity=2)


class TestUnitCount:
    def test_no_query_for_a_guest_without_cart(self, django_assert_num_queries):
        request = _request()
        with django_assert_num_queries(0):
            assert cart_unit_count(request) == 0

    def test_no_query_without_session_or_user(self, django_assert_num_queries):
        with django_assert_num_queries(0):
            assert cart_unit_count(RequestFactory().get("/")) == 0

    def test_a_malformed_session_value_counts_as_no_cart(self, django_assert_num_queries):
        request = _request(cart_id="12; drop table")
        with django_assert_num_queries(0):
            assert cart_unit_count(request) == 0

    def test_one_query_sums_a_guest_cart(self, django_assert_num_queries):
        cart = Cart.objects.create()
        _fill(cart, 3)
        request = _request(cart_id=cart.pk)
        with django_assert_num_queries(1):
            assert cart_unit_count(request) == 6

    def test_one_query_sums_a_user_cart(self, django_assert_num_queries):
        user = UserFactory()
        _fill(Cart.objects.create(user=user), 2)
        request = _request(user=user)
        with django_assert_num_queries(1):
            assert cart_unit_count(request) == 4

    def test_a_guest_session_never_reads_a_user_cart(self):
        cart = Cart.objects.create(user=UserFactory())
        _fill(cart, 1)
        assert cart_unit_count(_request(cart_id=cart.pk)) == 0


class TestCartGet:
    def test_finds_the_guest_cart_of_the_session(self):
        cart = Cart.objects.create()
        assert cart_get(user=AnonymousUser(), session=_request(cart_id=cart.pk).session) == cart

    def test_forgets_a_deleted_guest_cart(self):
        cart = Cart.objects.create()
        session = _request(cart_id=cart.pk).session
        cart.delete()
        assert cart_get(user=AnonymousUser(), session=session) is None

    def test_finds_the_users_cart(self):
        user = UserFactory()
        cart = Cart.objects.create(user=user)
        assert cart_get(user=user, session=None) == cart


class TestDetail:
    def test_lines_prices_stock_and_subtotals(self):
        cart = Cart.objects.create()
        colour = AttributeValueFactory(value_en="Red")
        shirt = SKUFactory(price=Decimal("19.90"), stock=10, options=[colour])
        image = ProductImageFactory(product=shirt.product)
        mug = SKUFactory(price=Decimal("5.05"), stock=10)
        CartLine.objects.create(cart=cart, sku=shirt, quantity=3)
        CartLine.objects.create(cart=cart, sku=mug, quantity=1)

        detail = cart_detail(cart)

        first, second = detail.lines
        assert (first.sku, first.product, first.quantity) == (shirt, shirt.product, 3)
        assert first.unit_price == Decimal("19.90")
        assert first.subtotal == Decimal("59.70")
        assert first.options == [colour]
        assert first.image == image.image.name
        assert first.available == 10
        assert second.image == ""
        assert detail.subtotal == Decimal("64.75")
        assert isinstance(detail.subtotal, Decimal)
        assert detail.unit_count == 4
        assert not detail.has_problems

    def test_flags_lines_that_cannot_be_bought_as_they_are(self):
        cart = Cart.objects.create()
        ok = SKUFactory(stock=5)
        no_stock_row = SKUFactory()
        reserved = StockFactory(on_hand=2, reserved=2).sku
        too_many = SKUFactory(stock=2)
        inactive = SKUFactory(stock=5, product=ProductFactory(is_active=False))
        for sku in (ok, no_stock_row, reserved, too_many, inactive):
            CartLine.objects.create(cart=cart, sku=sku, quantity=3)

        statuses = [line.status for line in cart_detail(cart).lines]

        assert statuses == [
            LineStatus.OK,
            LineStatus.SOLD_OUT,
            LineStatus.SOLD_OUT,
            LineStatus.EXCEEDS_STOCK,
            LineStatus.UNAVAILABLE,
        ]
        assert cart_detail(cart).has_problems

    def test_an_unsaved_cart_is_empty_without_a_query(self, django_assert_num_queries):
        with django_assert_num_queries(0):
            detail = cart_detail(Cart())
        assert detail.lines == []
        assert detail.subtotal == Decimal("0.00")

    @pytest.mark.parametrize("count", [2, 30])
    def test_a_fixed_number_of_queries(self, count, django_assert_num_queries):
        cart = Cart.objects.create()
        for _ in range(count):
            sku = SKUFactory(stock=5, options=[AttributeValueFactory(), AttributeValueFactory()])
            ProductImageFactory(product=sku.product)
            CartLine.objects.create(cart=cart, sku=sku, quantity=1)
        with django_assert_num_queries(2):
            detail = cart_detail(cart)
            shown = [
                (line.product.name, [(o.attribute.name, o.value) for o in line.options])
                for line in detail.lines
            ]
        assert len(shown) == count
