"""Payment pages: who may see them, what a paid or cancelled order says, QR-code payments."""

import pytest
from django.urls import reverse

from orders.models import Actor, OrderStatus
from orders.services import order_cancel
from payments.models import Payment, PaymentStatus
from payments.providers.base import GatewayStatus
from tests.factories import UserFactory

from .helpers import deliver, started


def pay_url(order) -> str:
    return reverse("payments:pay", kwargs={"number": order.number})


@pytest.mark.parametrize("name", ["pay", "sandbox", "scan", "qr"])
def test_anonymous_shoppers_are_sent_to_log_in(client, order, name):
    payment = started(order)
    kwargs = {"number": order.number} if name == "pay" else {"trade_no": payment.trade_no}

    response = client.get(reverse(f"payments:{name}", kwargs=kwargs))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ["pay", "sandbox", "scan", "qr"])
def test_another_shopper_s_order_is_not_found(client, order, name):
    payment = started(order)
    client.force_login(UserFactory())
    kwargs = {"number": order.number} if name == "pay" else {"trade_no": payment.trade_no}

    assert client.get(reverse(f"payments:{name}", kwargs=kwargs)).status_code == 404
    assert client.post(reverse(f"payments:{name}", kwargs=kwargs)).status_code == 404


def test_the_pay_page_shows_the_amount_and_the_chosen_method(client, english, shopper, order):
    client.force_login(shopper)

    page = client.get(pay_url(order))

    assert "Sandbox payment (demo)" in page.text
    assert "¥" in page.text
    assert 'value="sandbox"' in page.text
    assert "checked" in page.text


def test_a_paid_order_s_pay_page_says_so_and_starts_nothing(client, english, shopper, order):
    client.force_login(shopper)
    deliver(started(order))

    page = client.get(pay_url(order))
    posted = client.post(pay_url(order), {"method": "sandbox"})

    assert "This order is already paid." in page.text
    assert order.get_absolute_url() in page.text
    assert posted.status_code == 200
    assert Payment.objects.count() == 1


def test_a_cancelled_order_s_pay_page_says_so(client, english, shopper, order):
    client.force_login(shopper)
    order_cancel(order=order, actor=Actor.SHOPPER)

    page = client.get(pay_url(order))

    assert "This order was cancelled." in page.text
    assert '<form class="form"' not in page.text


def test_a_method_that_is_not_offered_is_a_form_error(client, english, shopper, order):
    client.force_login(shopper)

    page = client.post(pay_url(order), {"method": "wechat"})

    assert page.status_code == 200
    assert "Select a valid choice" in page.text
    assert not Payment.objects.exists()


def test_the_pay_page_speaks_chinese_by_default(client, shopper, order):
    client.force_login(shopper)

    page = client.get(pay_url(order))

    assert '<html lang="zh-hans">' in page.text
    assert order.number in page.text


def test_a_qr_payment_shows_a_code_made_by_the_shop_and_checks_its_status(
    client, english, shopper, order, qr_gateway
):
    client.force_login(shopper)

    response = client.post(pay_url(order), {"method": "wechat"})

    payment = Payment.objects.get()
    order.refresh_from_db()
    assert order.payment_method == "wechat"
    scan = reverse("payments:scan", kwargs={"trade_no": payment.trade_no})
    assert response.url == scan
    page = client.get(scan)
    qr = reverse("payments:qr", kwargs={"trade_no": payment.trade_no})
    assert f'src="{qr}"' in page.text
    image = client.get(qr)
    assert image["Content-Type"] == "image/svg+xml"
    assert b"<svg" in image.content

    check = reverse("payments:check", kwargs={"trade_no": payment.trade_no})
    qr_gateway.answers[payment.trade_no] = (GatewayStatus.PENDING, payment.amount)
    assert client.post(check).url == scan
    qr_gateway.answers[payment.trade_no] = (GatewayStatus.SUCCEEDED, payment.amount)
    assert client.post(check).url == order.get_absolute_url()

    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert payment.status == PaymentStatus.SUCCEEDED


def test_checking_a_payment_the_gateway_cannot_find_says_why(
    client, english, shopper, order, qr_gateway
):
    client.force_login(shopper)
    payment = started(order, code="wechat")
    scan = reverse("payments:scan", kwargs={"trade_no": payment.trade_no})

    response = client.post(
        reverse("payments:check", kwargs={"trade_no": payment.trade_no}), follow=True
    )

    assert response.redirect_chain[-1][0] == scan
    assert "no such trade at the fake gateway" in response.text


def test_a_failed_qr_payment_sends_the_shopper_back_to_choose(
    client, english, shopper, order, qr_gateway
):
    client.force_login(shopper)
    payment = started(order, code="wechat")
    qr_gateway.answers[payment.trade_no] = (GatewayStatus.CLOSED, payment.amount)

    response = client.post(reverse("payments:check", kwargs={"trade_no": payment.trade_no}))

    assert response.url == pay_url(order)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELLED


def test_a_shopper_can_switch_from_qr_to_the_sandbox(client, shopper, order, qr_gateway):
    client.force_login(shopper)
    first = started(order, code="wechat")

    response = client.post(pay_url(order), {"method": "sandbox"})

    second = Payment.objects.exclude(pk=first.pk).get()
    assert second.provider == "sandbox"
    assert response.url == reverse("payments:sandbox", kwargs={"trade_no": second.trade_no})
