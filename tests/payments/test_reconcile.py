"""Reconciliation: where the shop's books and the gateways disagree about a day."""

import logging
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from orders.models import Actor
from orders.services import order_cancel, order_mark_paid
from payments.models import Payment
from payments.providers.base import GatewayStatus
from payments.services import DifferenceKind, payment_check, payments_reconcile
from payments.tasks import reconcile_payments

from .helpers import deliver, started

TODAY = timezone.localdate


def paid_in_shop(order, gateway) -> Payment:
    payment = started(order, code="wechat")
    gateway.answers[payment.trade_no] = (GatewayStatus.SUCCEEDED, payment.amount)
    payment_check(payment=payment)
    return payment


def kinds(differences) -> list[DifferenceKind]:
    return [difference.kind for difference in differences]


def test_a_day_where_everything_agrees_has_no_differences(order):
    deliver(started(order))

    assert payments_reconcile(day=TODAY()) == []


def test_paid_in_the_shop_but_not_at_the_gateway(order, qr_gateway):
    payment = paid_in_shop(order, qr_gateway)
    qr_gateway.answers[payment.trade_no] = (GatewayStatus.PENDING, payment.amount)

    [difference] = payments_reconcile(day=TODAY())

    assert difference.kind == DifferenceKind.SHOP_ONLY
    assert (difference.order_number, difference.trade_no) == (order.number, payment.trade_no)


def test_paid_at_the_gateway_but_not_in_the_shop(order, qr_gateway):
    payment = started(order, code="wechat")
    qr_gateway.answers[payment.trade_no] = (GatewayStatus.SUCCEEDED, payment.amount)

    [difference] = payments_reconcile(day=TODAY())

    assert difference.kind == DifferenceKind.GATEWAY_ONLY
    assert difference.gateway_amount == payment.amount


def test_amounts_that_differ(order, qr_gateway):
    payment = paid_in_shop(order, qr_gateway)
    qr_gateway.answers[payment.trade_no] = (GatewayStatus.SUCCEEDED, Decimal("1.00"))

    [difference] = payments_reconcile(day=TODAY())

    assert difference.kind == DifferenceKind.AMOUNT
    assert (difference.shop_amount, difference.gateway_amount) == (payment.amount, Decimal("1.00"))


def test_money_flagged_for_refund_is_listed(order):
    payment = started(order)
    order_cancel(order=order, actor=Actor.SYSTEM)
    deliver(payment)

    [difference] = payments_reconcile(day=TODAY())

    assert difference.kind == DifferenceKind.NEEDS_REFUND
    assert "cancelled" in difference.detail


def test_an_order_paid_without_any_payment_is_listed(order):
    order_mark_paid(order=order, amount=order.total)

    assert kinds(payments_reconcile(day=TODAY())) == [DifferenceKind.SHOP_ONLY]


def test_a_gateway_that_cannot_answer_is_listed(order, qr_gateway):
    started(order, code="wechat")

    [difference] = payments_reconcile(day=TODAY())

    assert difference.kind == DifferenceKind.UNCHECKED
    assert difference.detail == "no such trade at the fake gateway"


def test_other_days_are_left_alone(order, qr_gateway):
    started(order, code="wechat")

    assert payments_reconcile(day=TODAY() - timedelta(days=1)) == []


def test_the_command_prints_the_differences_and_a_summary(capsys, order):
    order_mark_paid(order=order, amount=order.total)

    call_command("reconcile_payments", "--date", TODAY().isoformat())

    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"paid in the shop, not at the gateway: order {order.number}")
    assert out[-1] == (
        f"{TODAY().isoformat()}: 1 difference(s): 1 paid in the shop, not at the gateway"
    )


def test_the_command_checks_yesterday_by_default(capsys, db):
    call_command("reconcile_payments")

    yesterday = TODAY() - timedelta(days=1)
    assert capsys.readouterr().out == f"{yesterday.isoformat()}: 0 difference(s).\n"


def test_the_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("reconcile_payments", "--date", "2024-13-45")


def test_the_nightly_job_logs_each_difference(order, caplog):
    order_mark_paid(order=order, amount=order.total)
    day = timezone.localdate(order.placed_at)

    with caplog.at_level(logging.WARNING, logger="payments.tasks"):
        found = reconcile_payments.delay(day.isoformat()).get()

    assert found == 1
    assert order.number in caplog.text
