"""Hostile posts against checkout and the order pages: refused with a reason, nothing written."""

import uuid
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import Address
from cart.models import Cart, CartLine
from orders.models import Order, OrderStatus, Refund
from orders.services import PaidOutcome, order_mark_paid
from tests.factories import AddressFactory, SKUFactory, UserFactory
from tests.orders.helpers import place

pytestmark = pytest.mark.django_db


def _url(name: str, **kwargs: str) -> str:
    """Reverse a URL with any value in it, even one its pattern would never produce."""
    ((key, value),) = kwargs.items()
    return reverse(name, kwargs={key: "PLACEHOLDER"}).replace("PLACEHOLDER", quote(value))


HOSTILE = [
    "",
    "0",
    "-1",
    "1.5",
    "abc",
    "1" + "0" * 100,
    "x" * 5000,
    "😀",
    "a\x00b",
    '"><script>alert(1)</script>',
    "' OR 1=1; --",
    "1e309",
    "NaN",
    "Infinity",
    "-Infinity",
    "9223372036854775808",
    "-9223372036854775809",
]


@pytest.fixture
def shopper():
    return UserFactory()


@pytest.fixture
def address(shopper):
    return AddressFactory(user=shopper, is_default=True)


@pytest.fixture
def sku():
    return SKUFactory(price=Decimal("100.00"), stock=10)


@pytest.fixture
def signed_in(browser, shopper):
    browser.force_login(shopper)
    return browser


@pytest.fixture
def cart_with_sku(signed_in, sku):
    signed_in.post(reverse("cart:add"), {"sku": sku.pk, "quantity": "2"})
    return signed_in


def _checkout_post(address: Address) -> dict[str, str]:
    return {
        "address": str(address.pk),
        "shipping_method": "standard",
        "payment_method": "sandbox",
        "checkout_key": uuid.uuid4().hex,
        "expected_total": "200.00",
    }


CHECKOUT_FIELDS = ["address", "shipping_method", "payment_method", "checkout_key", "expected_total"]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("field", CHECKOUT_FIELDS)
def test_hostile_checkout_values_place_nothing(cart_with_sku, address, field, value):
    response = cart_with_sku.post(
        reverse("orders:checkout"), _checkout_post(address) | {field: value}
    )

    assert response.status_code == 200
    assert response.context["form"].errors or response.context["error"]
    assert not Order.objects.exists()


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("field", ["new-line1", "new-recipient", "new-phone", "new-postcode"])
def test_hostile_new_address_places_nothing(cart_with_sku, address, field, value):
    data = _checkout_post(address) | {"address": "new", field: value}

    response = cart_with_sku.post(reverse("orders:checkout"), data)

    assert response.status_code in (200, 302)
    assert not Order.objects.exists()


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_reprice_values_show_the_page(cart_with_sku, address, value):
    data = _checkout_post(address) | {"action": "reprice", "shipping_method": value}

    response = cart_with_sku.post(reverse("orders:checkout"), data)

    assert response.status_code == 200
    assert not Order.objects.exists()


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_checkout_query_shows_the_page(cart_with_sku, value):
    response = cart_with_sku.get(reverse("orders:checkout"), {"shipping_method": value})

    assert response.status_code == 200


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_order_list_query_shows_a_page(signed_in, value):
    response = signed_in.get(reverse("orders:list"), {"status": value, "page": value})

    assert response.status_code == 200


@pytest.fixture
def order(shopper, address, sku):
    return place(user=shopper, cart=_cart_of(shopper, sku, 2), address=address)


@pytest.fixture
def paid_order(order):
    assert order_mark_paid(order=order, amount=order.total) == PaidOutcome.PAID
    return Order.objects.get(pk=order.pk)


NUMBERS = ["x" * 300, "😀", "a b", "..", "a\x00b", "' OR 1=1; --", "0", "-1"]


@pytest.mark.parametrize("number", NUMBERS)
@pytest.mark.parametrize("name", ["orders:detail", "payments:pay"])
def test_unknown_order_numbers_are_not_found(signed_in, name, number):
    response = signed_in.get(_url(name, number=number))

    assert response.status_code == 404


@pytest.mark.parametrize("number", NUMBERS)
@pytest.mark.parametrize("name", ["orders:cancel", "orders:confirm", "orders:refund"])
def test_actions_on_unknown_orders_are_not_found(signed_in, name, number):
    response = signed_in.post(_url(name, number=number))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["orders:cancel", "orders:confirm", "orders:refund"])
def test_actions_on_another_shoppers_order_are_not_found(browser, order, name):
    browser.force_login(UserFactory())

    response = browser.post(reverse(name, kwargs={"number": order.number}))

    assert response.status_code == 404
    assert Order.objects.get(pk=order.pk).status == order.status


@pytest.mark.parametrize("name", ["orders:cancel", "orders:confirm", "orders:refund"])
def test_actions_refuse_get(signed_in, order, name):
    response = signed_in.get(reverse(name, kwargs={"number": order.number}))

    assert response.status_code == 405


def _messages(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("field", ["line", "quantity", "reason"])
def test_hostile_refund_requests_write_nothing(signed_in, paid_order, field, value):
    line = paid_order.lines.get()
    data = {"line": str(line.pk), "quantity": "1", "reason": "broken"} | {field: value}

    response = signed_in.post(reverse("orders:refund", kwargs={"number": paid_order.number}), data)

    assert response.status_code == 302
    levels = [level for level, _text in _messages(response)]
    if levels == ["success"]:
        # Only a reason can be any text at all; it is kept cut to its column.
        assert field == "reason"
        assert len(Refund.objects.get().reason) <= 255
    else:
        assert levels == ["error"]
        assert not Refund.objects.exists()


def test_a_refund_for_another_orders_line_is_refused(signed_in, paid_order, sku):
    stranger = UserFactory()
    other = place(
        user=stranger, cart=_cart_of(stranger, sku), address=AddressFactory(user=stranger)
    )
    data = {"line": str(other.lines.get().pk), "quantity": "1", "reason": "broken"}

    response = signed_in.post(reverse("orders:refund", kwargs={"number": paid_order.number}), data)

    assert _messages(response)[0][0] == "error"
    assert not Refund.objects.exists()


def _cart_of(user, sku, quantity: int = 1) -> Cart:
    cart = Cart.objects.create(user=user)
    CartLine.objects.create(cart=cart, sku=sku, quantity=quantity)
    return cart


def test_cancelling_twice_says_why_the_second_time(signed_in, order):
    url = reverse("orders:cancel", kwargs={"number": order.number})
    signed_in.post(url)

    response = signed_in.post(url)

    assert _messages(response)[-1][0] == "error"
    assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED


def test_confirming_an_unshipped_order_is_refused(signed_in, paid_order):
    response = signed_in.post(reverse("orders:confirm", kwargs={"number": paid_order.number}))

    assert _messages(response)[-1][0] == "error"
    assert Order.objects.get(pk=paid_order.pk).status == OrderStatus.PAID


@pytest.mark.postgres
@pytest.mark.parametrize("name", ["orders:detail", "payments:pay"])
def test_nul_bytes_in_an_order_number_are_not_found(signed_in, name):
    response = signed_in.get(_url(name, number="a\x00b"))

    assert response.status_code == 404


@pytest.mark.postgres
@pytest.mark.parametrize("field", ["reason", "line"])
def test_nul_bytes_in_a_refund_request_write_nothing(signed_in, paid_order, field):
    data = {"line": str(paid_order.lines.get().pk), "quantity": "1", "reason": "broken"}

    url = reverse("orders:refund", kwargs={"number": paid_order.number})
    response = signed_in.post(url, data | {field: "a\x00b"})

    assert response.status_code == 302
    assert not Refund.objects.exists()


@pytest.fixture
def merchant(browser):
    browser.force_login(UserFactory(is_staff=True, is_superuser=True))
    return browser


def _ship_post(order_id: str, carrier: str = "SF", tracking: str = "SF1", **extra) -> dict:
    return {
        "action": "ship",
        "_selected_action": [order_id],
        "apply": "1",
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-order": order_id,
        "form-0-carrier": carrier,
        "form-0-tracking_number": tracking,
        **extra,
    }


TAMPERED_IDS = ["", "abc", "-1", "²", "1.5", HUGE := "9" * 30, "a\x00b", "😀"]


@pytest.mark.parametrize("hidden", TAMPERED_IDS)
def test_a_tampered_ship_form_ships_nothing(merchant, paid_order, hidden):
    data = _ship_post(str(paid_order.pk)) | {"form-0-order": hidden, "form-0-carrier": ""}

    response = merchant.post(reverse("admin:orders_order_changelist"), data)

    assert response.status_code == 200
    assert Order.objects.get(pk=paid_order.pk).status == OrderStatus.PAID


def test_a_ship_form_naming_an_unselected_order_ships_nothing(merchant, paid_order):
    data = _ship_post("0") | {"_selected_action": [str(paid_order.pk)]}
    data["form-0-order"] = str(paid_order.pk + 1000)

    response = merchant.post(reverse("admin:orders_order_changelist"), data)

    assert response.status_code in (200, 302)
    assert Order.objects.get(pk=paid_order.pk).status == OrderStatus.PAID


@pytest.mark.parametrize("count", ["", "-1", "abc", "100000", HUGE])
def test_a_tampered_ship_management_form_ships_nothing(merchant, paid_order, count):
    data = _ship_post(str(paid_order.pk)) | {"form-TOTAL_FORMS": count}

    response = merchant.post(reverse("admin:orders_order_changelist"), data)

    assert response.status_code in (200, 302)
    assert Order.objects.get(pk=paid_order.pk).status == OrderStatus.PAID


@pytest.mark.parametrize("selected", TAMPERED_IDS)
@pytest.mark.parametrize(
    ("changelist", "action"),
    [
        ("admin:orders_order_changelist", "ship"),
        ("admin:orders_order_changelist", "mark_delivered"),
        ("admin:orders_order_changelist", "cancel_unpaid"),
        ("admin:orders_order_changelist", "refund_everything"),
        ("admin:orders_refund_changelist", "approve"),
        ("admin:orders_refund_changelist", "refuse"),
        ("admin:payments_payment_changelist", "refund_flagged"),
    ],
)
def test_tampered_selections_change_nothing(merchant, paid_order, changelist, action, selected):
    data = {"action": action, "_selected_action": [selected], "apply": "1", "note": "no"}

    response = merchant.post(reverse(changelist), data)

    assert response.status_code in (200, 302)
    assert Order.objects.get(pk=paid_order.pk).status == OrderStatus.PAID
    assert not Refund.objects.exists()
