"""Hostile posts against the cart: every refusal says why and changes nothing."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from cart.models import Cart, CartLine
from cart.selectors import cart_detail
from tests.factories import SKUFactory, UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    "0",
    "-1",
    "1.5",
    "abc",
    "1000000000",
    "1" + "0" * 100,
    "x" * 5000,
    "😀",
    "a\x00b",
    '"><script>alert(1)</script>',
    "' OR 1=1; --",
    "1e309",
    "NaN",
    "Infinity",
    "9223372036854775808",
    "-9223372036854775809",
]


@pytest.fixture
def sku():
    return SKUFactory(stock=5, price=Decimal("30.00"))


@pytest.fixture
def shopper(browser, sku):
    """A guest whose cart holds 2 units of sku, who has read the cart page since."""
    browser.post(reverse("cart:add"), {"sku": sku.pk, "quantity": "2"}, follow=True)
    return browser


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _lines() -> list[tuple[int, int, int]]:
    return list(CartLine.objects.values_list("cart_id", "sku_id", "quantity"))


FIELDS = [
    ("cart:add", "sku"),
    ("cart:add", "quantity"),
    ("cart:update", "sku"),
    ("cart:update", "quantity"),
    ("cart:remove", "sku"),
]
HOSTILE_POSTS = [(name, field, value) for name, field in FIELDS for value in HOSTILE]


@pytest.mark.parametrize(("name", "field", "value"), HOSTILE_POSTS)
def test_hostile_values_are_refused_with_a_reason_and_change_nothing(
    shopper, sku, name, field, value
):
    before = _lines()

    response = shopper.post(reverse(name), {"sku": sku.pk, "quantity": "1"} | {field: value})

    assert response.status_code == 302
    assert [message.level_tag for message in get_messages(response.wsgi_request)] == ["error"]
    assert _lines() == before


@pytest.mark.parametrize("name", ["cart:add", "cart:update", "cart:remove"])
def test_missing_fields_are_refused_and_change_nothing(shopper, name):
    before = _lines()

    response = shopper.post(reverse(name), {})

    assert _messages(response) == ["Choose an item."]
    assert _lines() == before


def test_extra_fields_cannot_set_the_price_or_the_cart(shopper, sku):
    other = Cart.objects.create(user=UserFactory())

    shopper.post(
        reverse("cart:add"),
        {"sku": sku.pk, "quantity": "1", "price": "0.01", "cart": other.pk, "user": "1"},
    )

    line = CartLine.objects.get(sku=sku)
    assert (line.quantity, line.cart.user) == (3, None)
    assert cart_detail(line.cart).subtotal == Decimal("90.00")
    assert not other.lines.exists()


def test_repeated_fields_take_one_value_only(shopper, sku):
    shopper.post(reverse("cart:add"), {"sku": ["abc", sku.pk], "quantity": ["50", "1"]})
    assert CartLine.objects.get(sku=sku).quantity == 3


class TestLastUnit:
    """Two shoppers after the last unit: a cart holds no more than the stock, ever."""

    def test_the_same_cart_cannot_take_the_last_unit_twice(self, browser):
        last = SKUFactory(stock=1)

        first = browser.post(reverse("cart:add"), {"sku": last.pk, "quantity": "1"})
        second = browser.post(reverse("cart:add"), {"sku": last.pk, "quantity": "1"})

        assert _messages(first)[0].startswith("Added 1")
        assert _messages(second)[-1] == "Only 1 available, and your cart already holds 1."
        assert CartLine.objects.get(sku=last).quantity == 1

    def test_two_carts_may_each_hold_it_until_checkout_reserves_it(self, browser):
        last = SKUFactory(stock=1)
        other = Client()

        browser.post(reverse("cart:add"), {"sku": last.pk, "quantity": "1"})
        other.post(reverse("cart:add"), {"sku": last.pk, "quantity": "1"})

        assert list(CartLine.objects.filter(sku=last).values_list("quantity", flat=True)) == [
            1,
            1,
        ]
        assert last.stock.reserved == 0


def test_a_line_that_stopped_selling_can_be_removed_but_not_raised(shopper, sku):
    sku.is_active = False
    sku.save()

    raised = shopper.post(reverse("cart:update"), {"sku": sku.pk, "quantity": "3"})
    removed = shopper.post(reverse("cart:remove"), {"sku": sku.pk})

    assert _messages(raised) == [f"{sku.product.name_en} is no longer sold."]
    assert _messages(removed)[-1] == "The item was removed from your cart."
    assert not CartLine.objects.exists()


def test_htmx_refusal_is_a_fragment_not_a_page(shopper):
    response = shopper.post(
        reverse("cart:add"), {"sku": "abc", "quantity": "1"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert "<html" not in response.text
    assert "This item does not exist." in response.text
