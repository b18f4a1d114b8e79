"""Hostile input against the payment pages and the gateways' notification endpoint."""

import json
from urllib.parse import quote

import pytest
from django.urls import reverse

from orders.models import OrderStatus
from payments.models import Notification, NotificationOutcome, Payment, PaymentStatus
from tests.orders.conftest import address, fill_cart, shopper, skus  # noqa: F401
from tests.payments.conftest import order  # noqa: F401
from tests.payments.helpers import signed, started

pytestmark = pytest.mark.django_db


def _url(name: str, **kwargs: str) -> str:
    """Reverse a URL with any value in it, even one its pattern would never produce."""
    ((key, value),) = kwargs.items()
    return reverse(name, kwargs={key: "PLACEHOLDER"}).replace("PLACEHOLDER", quote(value))


HOSTILE = [
    "",
    "abc",
    "x" * 5000,
    "😀",
    "a\x00b",
    '"><script>alert(1)</script>',
    "' OR 1=1; --",
    "1e309",
    "NaN",
]


@pytest.fixture
def signed_in(browser, shopper):  # noqa: F811
    browser.force_login(shopper)
    return browser


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_pay_methods_start_nothing(signed_in, order, value):  # noqa: F811
    response = signed_in.post(
        reverse("payments:pay", kwargs={"number": order.number}), {"method": value}
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Payment.objects.exists()


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_sandbox_actions_change_nothing(signed_in, order, value):  # noqa: F811
    payment = started(order)

    response = signed_in.post(
        reverse("payments:sandbox", kwargs={"trade_no": payment.trade_no}), {"action": value}
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert Payment.objects.get().status == payment.status
    assert not Notification.objects.exists()


TRADE_NOS = ["x" * 300, "😀", "a b", "..", "a\x00b", "' OR 1=1; --", "0"]


@pytest.mark.parametrize("trade_no", TRADE_NOS)
@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("payments:sandbox", "get"),
        ("payments:scan", "get"),
        ("payments:qr", "get"),
        ("payments:check", "post"),
    ],
)
def test_unknown_trade_numbers_are_not_found(signed_in, name, method, trade_no):
    response = getattr(signed_in, method)(_url(name, trade_no=trade_no))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("payments:sandbox", "post"),
        ("payments:scan", "get"),
        ("payments:qr", "get"),
        ("payments:check", "post"),
    ],
)
def test_another_shoppers_payment_is_not_found(browser, order, name, method):  # noqa: F811
    from tests.factories import UserFactory

    payment = started(order)
    browser.force_login(UserFactory())

    response = getattr(browser, method)(
        reverse(name, kwargs={"trade_no": payment.trade_no}), {"action": "pay"}
    )

    assert response.status_code == 404
    assert Payment.objects.get().status == payment.status


def test_the_check_button_refuses_get(signed_in, order):  # noqa: F811
    payment = started(order)

    response = signed_in.get(reverse("payments:check", kwargs={"trade_no": payment.trade_no}))

    assert response.status_code == 405


def _notify(browser, provider: str, body: bytes, **headers):
    url = _url("payments_notify:receive", provider=provider)
    content_type = headers.pop("content_type", "application/json")
    return browser.post(url, body, content_type=content_type, headers=headers)


BODIES = [
    b"",
    b"{",
    b"[]",
    b"null",
    b'"text"',
    b"\xff\xfe\x00garbage",
    b"a=1&b=2",
    json.dumps({"amount": "1e309", "timestamp": 1e308}).encode(),
    b"{}" * 100_000,
]


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("provider", ["sandbox", "alipay", "wechat", "card"])
def test_garbage_notifications_are_refused_and_kept(browser, order, provider, body):  # noqa: F811
    payment = started(order)

    response = _notify(browser, provider, body)

    assert response.status_code in (400, 404)
    assert Payment.objects.get().status == payment.status
    assert order.__class__.objects.get(pk=order.pk).status == OrderStatus.PENDING_PAYMENT


@pytest.mark.parametrize("provider", ["nope", "x" * 300, "😀", "SANDBOX"])
def test_notifications_for_unknown_providers_are_not_found(browser, provider):
    response = _notify(browser, provider, b"{}")

    assert response.status_code == 404
    assert not Notification.objects.exists()


def test_notifications_refuse_get(browser):
    response = browser.get(reverse("payments_notify:receive", kwargs={"provider": "sandbox"}))

    assert response.status_code == 405


def test_a_tampered_notification_is_refused(browser, order):  # noqa: F811
    payment = started(order)
    headers, body = signed(payment)
    tampered = body.replace(str(payment.amount).encode(), b"0.01")

    response = _notify(
        browser, "sandbox", tampered, **{"X-Sandbox-Signature": headers["X-Sandbox-Signature"]}
    )

    assert response.status_code == 400
    assert Payment.objects.get().status == payment.status
    assert Notification.objects.get().outcome == NotificationOutcome.REJECTED


def test_a_replayed_notification_pays_once(browser, order):  # noqa: F811
    payment = started(order)
    headers, body = signed(payment)
    signature = {"X-Sandbox-Signature": headers["X-Sandbox-Signature"]}

    first = _notify(browser, "sandbox", body, **signature)
    second = _notify(browser, "sandbox", body, **signature)

    assert (first.status_code, second.status_code) == (200, 200)
    assert Payment.objects.get().status == PaymentStatus.SUCCEEDED
    assert Payment.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.parametrize("body", [b"\x00", b'{"trade_no": "a\\u0000b"}', b"a=\x00"])
def test_nul_bytes_in_a_notification_are_refused(browser, body):
    response = _notify(browser, "sandbox", body, **{"X-Sandbox-Signature": "0" * 64})

    assert response.status_code == 400


@pytest.mark.postgres
@pytest.mark.parametrize("name", ["payments:sandbox", "payments:scan", "payments:qr"])
def test_nul_bytes_in_a_trade_number_are_not_found(signed_in, name):
    response = signed_in.get(_url(name, trade_no="a\x00b"))

    assert response.status_code == 404
