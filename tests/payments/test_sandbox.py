"""The sandbox gateway end to end: pay page, gateway page, signed notification, order paid."""

import json
import time
from decimal import Decimal

import pytest
from django.urls import reverse

from inventory.models import Stock
from orders.models import OrderEvent, OrderStatus
from payments.models import Notification, NotificationOutcome, Payment, PaymentStatus
from payments.providers import provider, sandbox
from payments.providers.base import GatewayStatus, InvalidNotification, PaymentError

from .helpers import deliver, signed, started


def stock_of(sku) -> Stock:
    return Stock.objects.get(sku=sku)


def test_a_shopper_pays_an_order_through_the_sandbox(client, english, shopper, order, skus):
    client.force_login(shopper)
    before = stock_of(skus[0])

    page = client.get(reverse("payments:pay", kwargs={"number": order.number}))
    assert page.status_code == 200
    assert f"Pay order {order.number}" in page.text
    response = client.post(page.request["PATH_INFO"], {"method": "sandbox"})
    payment = Payment.objects.get(order=order)
    assert response.url == reverse("payments:sandbox", kwargs={"trade_no": payment.trade_no})
    assert payment.status == PaymentStatus.PENDING
    assert payment.trade_no == f"{order.number}P01"

    gateway_page = client.get(response.url)
    assert gateway_page.status_code == 200
    assert order.number in gateway_page.text
    done = client.post(response.url, {"action": "pay"})

    assert done.url == order.get_absolute_url()
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.paid_at is not None
    notification = Notification.objects.get()
    assert notification.outcome == NotificationOutcome.HANDLED
    assert notification.payment == payment
    assert notification.event_id
    after = stock_of(skus[0])
    assert (after.on_hand, after.reserved) == (before.on_hand - 1, before.reserved - 1)


def test_the_fail_button_leaves_the_order_waiting_and_a_new_attempt_is_a_new_payment(
    client, shopper, order
):
    client.force_login(shopper)
    first = started(order)

    response = client.post(
        reverse("payments:sandbox", kwargs={"trade_no": first.trade_no}), {"action": "fail"}
    )

    assert response.url == reverse("payments:pay", kwargs={"number": order.number})
    first.refresh_from_db()
    order.refresh_from_db()
    assert first.status == PaymentStatus.FAILED
    assert order.status == OrderStatus.PENDING_PAYMENT
    second = started(order)
    assert second.pk != first.pk
    assert second.trade_no == f"{order.number}P02"


def test_abandoning_closes_the_attempt(client, shopper, order):
    client.force_login(shopper)
    payment = started(order)

    client.post(
        reverse("payments:sandbox", kwargs={"trade_no": payment.trade_no}), {"action": "abandon"}
    )

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELLED
    assert OrderEvent.objects.filter(order=order, to_status=OrderStatus.PAID).count() == 0


def test_a_finished_payment_s_gateway_page_sends_the_shopper_to_the_order(client, shopper, order):
    client.force_login(shopper)
    payment = started(order)
    deliver(payment)

    response = client.get(reverse("payments:sandbox", kwargs={"trade_no": payment.trade_no}))

    assert response.url == order.get_absolute_url()


def test_the_sandbox_page_is_gone_when_the_sandbox_is_switched_off(
    client, settings, shopper, order
):
    client.force_login(shopper)
    payment = started(order)
    settings.PAYMENT_PROVIDERS = {**settings.PAYMENT_PROVIDERS, "sandbox": {"enabled": False}}

    response = client.get(reverse("payments:sandbox", kwargs={"trade_no": payment.trade_no}))

    assert response.status_code == 404


def test_a_payment_cannot_start_for_a_paid_order_or_an_unknown_method(order, english):
    with pytest.raises(PaymentError, match="not available"):
        started(order, code="bitcoin")
    deliver(started(order))
    with pytest.raises(PaymentError):
        started(order)
    assert Payment.objects.filter(order=order).count() == 1


def test_a_payment_cannot_start_once_the_time_to_pay_is_over(order):
    order.expires_at = order.placed_at
    order.save(update_fields=["expires_at"])

    with pytest.raises(PaymentError):
        started(order)
    assert not Payment.objects.exists()


@pytest.mark.parametrize(
    ("headers", "body", "reason"),
    [
        ({}, b"{}", "missing signature"),
        ({sandbox.SIGNATURE_HEADER: "0" * 64}, b"{}", "bad signature"),
        ({sandbox.SIGNATURE_HEADER: sandbox.sign(b"[1]")}, b"[1]", "missing fields"),
        ({sandbox.SIGNATURE_HEADER: sandbox.sign(b"{x")}, b"{x", "malformed body"),
    ],
)
def test_the_sandbox_refuses_what_it_did_not_sign_as_it_signs(headers, body, reason):
    with pytest.raises(InvalidNotification, match=reason):
        sandbox.SandboxProvider().verify(headers=headers, body=body)


def test_the_sandbox_refuses_a_stale_notification(db, monkeypatch, order):
    payment = started(order)
    headers, body = signed(payment)
    monkeypatch.setattr(time, "time", lambda: json.loads(body)["timestamp"] + 3600)

    with pytest.raises(InvalidNotification, match="stale"):
        sandbox.SandboxProvider().verify(headers=headers, body=body)


def test_the_sandbox_reads_headers_whatever_their_case(order):
    headers, body = signed(started(order))
    lower = {key.lower(): value for key, value in headers.items()}

    event = sandbox.SandboxProvider().verify(headers=lower, body=body)

    assert event.status == GatewayStatus.SUCCEEDED
    assert event.amount == order.total


def test_the_sandbox_answers_queries_and_refunds_from_the_shop_s_records(order):
    payment = started(order)
    gateway = provider("sandbox")
    assert gateway.query(trade_no=payment.trade_no).status == GatewayStatus.PENDING
    with pytest.raises(PaymentError):
        gateway.query(trade_no="nope")
    with pytest.raises(PaymentError):
        gateway.refund(
            trade_no=payment.trade_no, refund_no="R1", amount=Decimal(1), total=payment.amount
        )

    deliver(payment)

    assert gateway.query(trade_no=payment.trade_no).status == GatewayStatus.SUCCEEDED
    result = gateway.refund(
        trade_no=payment.trade_no, refund_no="R1", amount=Decimal(1), total=payment.amount
    )
    assert result.refund_no == "R1"
