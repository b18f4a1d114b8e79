"""Refunds through the gateway an order was paid with, or recorded as manual ones."""

from decimal import Decimal

import pytest
from django.urls import reverse

from orders.models import Actor, OrderStatus
from orders.services import (
    OrderError,
    order_cancel,
    order_mark_paid,
    refund_approve,
    refund_request,
)
from payments.models import PaymentRefund, PaymentStatus
from payments.providers.base import GatewayStatus, PaymentError
from payments.services import payment_check, payment_refund, payment_refund_flagged

from .helpers import deliver, started


def request_everything(order):
    quantities = {line.pk: line.quantity for line in order.lines.all()}
    return refund_request(order=order, quantities=quantities, reason="", actor=Actor.SHOPPER)


def test_a_sandbox_paid_order_is_refunded_through_the_sandbox(order):
    payment = started(order)
    deliver(payment)
    order.refresh_from_db()

    refund = refund_approve(refund=request_everything(order), user=None)

    row = PaymentRefund.objects.get()
    assert row.payment == payment
    assert row.refund_no == f"{payment.trade_no}R{refund.pk}"
    assert row.amount == refund.amount == order.total
    assert refund.reference == "SBXR" + row.refund_no
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert order.status == OrderStatus.REFUNDED


def test_a_partial_refund_leaves_the_payment_succeeded(order, qr_gateway):
    payment = started(order, code="wechat")
    qr_gateway.answers[payment.trade_no] = (GatewayStatus.SUCCEEDED, payment.amount)
    payment_check(payment=payment)
    order.refresh_from_db()

    reference = payment_refund(order=order, amount=Decimal("10.00"), refund_id=7)

    assert reference == f"WR-{payment.trade_no}R7"
    assert qr_gateway.refunds == [(f"{payment.trade_no}R7", Decimal("10.00"))]
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED


def test_an_order_paid_outside_the_shop_is_refunded_by_hand(order):
    order_mark_paid(order=order, amount=order.total)

    assert payment_refund(order=order, amount=order.total, refund_id=1) == ""
    assert not PaymentRefund.objects.exists()


def test_a_gateway_refusal_stops_the_refund_and_writes_nothing(order, qr_gateway):
    payment = started(order, code="wechat")
    qr_gateway.answers[payment.trade_no] = (GatewayStatus.SUCCEEDED, payment.amount)
    payment_check(payment=payment)
    order.refresh_from_db()
    refund = request_everything(order)
    qr_gateway.refusal = "insufficient merchant balance"

    with pytest.raises(OrderError, match="insufficient merchant balance"):
        refund_approve(refund=refund, user=None)

    assert not PaymentRefund.objects.exists()
    order.refresh_from_db()
    refund.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.refunded == Decimal("0.00")
    assert refund.status == "requested"


def test_money_flagged_for_refund_is_paid_back_in_full(order):
    payment = started(order)
    order_cancel(order=order, actor=Actor.SYSTEM)
    deliver(payment)
    payment.refresh_from_db()
    assert payment.needs_refund

    refund = payment_refund_flagged(payment=payment)

    payment.refresh_from_db()
    assert (refund.amount, payment.status, payment.needs_refund) == (
        order.total,
        PaymentStatus.REFUNDED,
        False,
    )
    with pytest.raises(PaymentError):
        payment_refund_flagged(payment=payment)
    assert PaymentRefund.objects.count() == 1


def test_a_payment_not_flagged_is_not_paid_back_from_admin(order, admin_client, english):
    payment = started(order)
    deliver(payment)

    response = admin_client.post(
        reverse("admin:payments_payment_changelist"),
        {"action": "refund_flagged", "_selected_action": [payment.pk]},
        follow=True,
    )

    assert "not waiting to be paid back" in response.content.decode()
    assert not PaymentRefund.objects.exists()
