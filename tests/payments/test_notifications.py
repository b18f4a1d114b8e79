"""Gateway notifications: stored raw, verified, applied once, never un-paying an order."""

import json
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from inventory.models import Stock
from orders.models import Actor, Order, OrderEvent, OrderStatus
from orders.services import order_cancel
from payments.models import Notification, NotificationOutcome, Payment, PaymentStatus
from payments.providers import sandbox
from payments.providers.base import GatewayStatus
from payments.services import notification_receive
from tests.orders.helpers import place

from .helpers import deliver, signed, started

NOTIFY = "/payments/notify/sandbox/"
LOGGER = "payments.services"


def post(client, headers: dict[str, str], body: bytes):
    extra = {"HTTP_" + key.upper().replace("-", "_"): value for key, value in headers.items()}
    return client.generic("POST", NOTIFY, body, content_type="application/json", **extra)


def paid_events(order: Order) -> int:
    return OrderEvent.objects.filter(order=order, to_status=OrderStatus.PAID).count()


def test_a_valid_notification_pays_the_order_and_is_acknowledged(client, order):
    payment = started(order)

    response = post(client, *signed(payment))

    assert (response.status_code, response.text) == (200, "ok")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    row = Notification.objects.get()
    assert (row.outcome, row.payment_id) == (NotificationOutcome.HANDLED, payment.pk)
    assert json.loads(row.body)["trade_no"] == payment.trade_no
    assert row.headers[sandbox.SIGNATURE_HEADER]
    event = OrderEvent.objects.get(order=order, to_status=OrderStatus.PAID)
    assert (event.actor, event.note) == (Actor.GATEWAY, payment.trade_no)


def test_a_forged_signature_is_rejected_stored_and_logged(client, caplog, order):
    payment = started(order)
    headers, body = signed(payment)
    headers[sandbox.SIGNATURE_HEADER] = sandbox.sign(b"something else")

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        response = post(client, headers, body)

    assert response.status_code == 400
    row = Notification.objects.get()
    assert (row.outcome, row.reason, row.event_id) == (
        NotificationOutcome.REJECTED,
        "bad signature",
        "",
    )
    assert "bad signature" in caplog.text
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert Payment.objects.get().status == PaymentStatus.PENDING


def test_an_amount_tampered_with_after_signing_is_rejected(client, caplog, order):
    payment = started(order)
    headers, body = signed(payment)
    tampered = body.replace(f'"{payment.amount}"'.encode(), b'"0.01"')
    assert tampered != body

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        response = post(client, headers, tampered)

    assert response.status_code == 400
    assert Notification.objects.get().reason == "bad signature"
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT


def test_a_genuine_notification_for_another_amount_is_rejected(caplog, order):
    payment = started(order)

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        reply = deliver(payment, amount=Decimal("0.01"))

    assert reply.status == 400
    row = Notification.objects.get()
    assert row.outcome == NotificationOutcome.REJECTED
    assert "amount 0.01 differs" in row.reason
    assert "amount 0.01 differs" in caplog.text
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert payment.status == PaymentStatus.PENDING


def test_another_currency_is_rejected(order):
    payment = started(order)

    reply = deliver(payment, currency="USD")

    assert reply.status == 400
    assert "currency USD" in Notification.objects.get().reason


def test_a_replayed_notification_changes_nothing_and_is_acknowledged(client, caplog, order):
    payment = started(order)
    headers, body = signed(payment)
    post(client, headers, body)

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        response = post(client, headers, body)

    assert response.status_code == 200
    first, second = Notification.objects.order_by("id")
    assert first.outcome == NotificationOutcome.HANDLED
    assert second.outcome == NotificationOutcome.IGNORED
    assert second.reason == f"replay of event {first.event_id}"
    assert second.event_id == ""
    assert "replay" in caplog.text
    assert paid_events(order) == 1


def test_a_second_success_with_a_new_event_id_is_ignored(order):
    payment = started(order)
    deliver(payment)

    reply = deliver(payment)

    assert reply.status == 200
    assert Notification.objects.order_by("id").last().reason == "the payment already succeeded"
    assert paid_events(order) == 1


def test_a_notification_about_an_unknown_trade_is_ignored_and_logged(caplog, order):
    payment = started(order)

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        deliver(payment, trade_no="20990101NOPE")

    row = Notification.objects.get()
    assert row.outcome == NotificationOutcome.IGNORED
    assert row.reason == "unknown trade number 20990101NOPE"
    assert row.payment is None
    assert "unknown trade number" in caplog.text
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT


def test_money_for_a_cancelled_order_is_flagged_for_refund(caplog, order):
    payment = started(order)
    order_cancel(order=order, actor=Actor.SYSTEM)

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        reply = deliver(payment)

    assert reply.status == 200
    payment.refresh_from_db()
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.needs_refund
    assert payment.refund_reason == "the order was cancelled when the money arrived"
    assert "needs a refund" in caplog.text


def test_money_from_a_second_attempt_for_a_paid_order_is_flagged_for_refund(order):
    first, second = started(order), started(order)
    deliver(first)

    deliver(second)

    second.refresh_from_db()
    assert second.needs_refund
    assert "already paid" in second.refund_reason
    assert paid_events(order) == 1


@pytest.mark.parametrize("late", [GatewayStatus.FAILED, GatewayStatus.CLOSED])
def test_a_late_failure_after_success_does_not_un_pay(order, late):
    payment = started(order)
    deliver(payment)

    reply = deliver(payment, late)

    assert reply.status == 200
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert order.status == OrderStatus.PAID
    row = Notification.objects.order_by("id").last()
    assert row.outcome == NotificationOutcome.IGNORED
    assert "after the payment succeeded" in row.reason


def test_a_pending_notification_after_a_failure_does_not_reopen_the_attempt(order):
    payment = started(order)
    deliver(payment, GatewayStatus.FAILED)

    deliver(payment, GatewayStatus.PENDING)

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED


def test_the_raw_notification_is_kept_when_handling_fails(caplog, monkeypatch, order):
    payment = started(order)

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("payments.services.order_mark_paid", broken)
    with caplog.at_level(logging.ERROR, logger=LOGGER):
        reply = deliver(payment)

    assert reply.status == 400
    row = Notification.objects.get()
    assert row.outcome == NotificationOutcome.RECEIVED
    assert row.event_id == ""
    assert "could not be handled" in caplog.text
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


def test_an_unknown_provider_is_not_found_and_stores_nothing(db, client):
    response = client.post("/payments/notify/bitcoin/", b"{}", content_type="application/json")

    assert response.status_code == 404
    assert not Notification.objects.exists()


def test_the_notification_endpoint_takes_only_post(db, client):
    assert client.get(NOTIFY).status_code == 405
    assert reverse("payments_notify:receive", kwargs={"provider": "sandbox"}) == NOTIFY


# --- a real race on PostgreSQL --------------------------------------------------------------

WORKERS = 20


def race(attempt):
    """Run one attempt on each of WORKERS threads, each with its own connection, together."""
    barrier = threading.Barrier(WORKERS, timeout=60)

    def run(index: int):
        barrier.wait()
        try:
            return attempt(index)
        finally:
            connection.close()

    with ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(run, range(WORKERS)))


@pytest.mark.postgres
def test_twenty_deliveries_of_one_notification_at_once_pay_the_order_once(
    transactional_db, skus, address, shopper, fill_cart
):
    order = place(user=shopper, cart=fill_cart((skus[0], 2)), address=address)
    payment = started(order)
    before = Stock.objects.get(sku=skus[0])
    headers, body = signed(payment)

    replies = race(
        lambda _i: notification_receive(provider_code="sandbox", headers=headers, body=body)
    )

    assert {reply.status for reply in replies} == {200}
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert paid_events(order) == 1
    outcomes = list(Notification.objects.values_list("outcome", flat=True))
    assert outcomes.count(NotificationOutcome.HANDLED) == 1
    assert outcomes.count(NotificationOutcome.IGNORED) == WORKERS - 1
    after = Stock.objects.get(sku=skus[0])
    assert (after.on_hand, after.reserved) == (before.on_hand - 2, before.reserved - 2)
