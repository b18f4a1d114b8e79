"""Use cases that move money: start a payment, handle a notification, refund, reconcile."""

import logging
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.models import Order
from orders.services import OrderError, PaidOutcome, order_mark_paid

from .models import COLLECTED, OPEN, Notification, Payment, PaymentRefund, PaymentStatus
from .models import NotificationOutcome as Outcome
from .providers import provider
from .providers.base import (
    GatewayEvent,
    GatewayReply,
    GatewayStatus,
    InvalidNotification,
    PaymentError,
    PaymentRequest,
    Provider,
    StartResult,
)
from .reconcile import Difference, DifferenceKind, payments_reconcile
from .selectors import payment_blocker

__all__ = [
    "Difference",
    "DifferenceKind",
    "notification_receive",
    "payment_check",
    "payment_refund",
    "payment_refund_flagged",
    "payment_start",
    "payments_reconcile",
]

logger = logging.getLogger(__name__)


# --- starting a payment -------------------------------------------------------------------


@transaction.atomic
def _payment_open(*, order: Order, gateway: Provider) -> Payment:
    """Write a new attempt for an order that still waits for its money."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if blocker := payment_blocker(order):
        raise PaymentError(blocker)
    if order.payment_method != gateway.code:
        order.payment_method = gateway.code
        order.save(update_fields=["payment_method"])
    attempt = order.payments.count() + 1
    return Payment.objects.create(
        order=order,
        provider=gateway.code,
        trade_no=f"{order.number}P{attempt:02d}",
        amount=order.total,
        currency=order.currency,
        merchant_id=getattr(gateway, "merchant_id", ""),
    )


@transaction.atomic
def _payment_started(*, payment: Payment, result: StartResult) -> Payment:
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status == PaymentStatus.CREATED:
        payment.status = PaymentStatus.PENDING
    payment.gateway_reference = payment.gateway_reference or result.gateway_reference
    payment.qr_data = result.qr_data
    payment.save(update_fields=["status", "gateway_reference", "qr_data"])
    return payment


def payment_start(
    *, order: Order, provider_code: str, return_url: str, notify_url: str
) -> tuple[Payment, StartResult]:
    """Open a new payment attempt for an unpaid order and ask the gateway how it is paid."""
    gateway = provider(provider_code)
    payment = _payment_open(order=order, gateway=gateway)
    request = PaymentRequest(
        trade_no=payment.trade_no,
        amount=payment.amount,
        currency=payment.currency,
        subject=_("Order %(number)s") % {"number": order.number},
        return_url=return_url,
        notify_url=notify_url,
    )
    # The gateway is called outside the transaction so that no order lock is held over the
    # network; when it fails, the attempt stays `created`, its trade number never reused.
    try:
        result = gateway.start(request)
    except PaymentError as error:
        logger.warning("payment %s could not start: %s", payment.trade_no, error.reason)
        raise
    return _payment_started(payment=payment, result=result), result


# --- notifications ------------------------------------------------------------------------


def _locked_payment(provider_code: str, trade_no: str) -> Payment | None:
    """Lock the order, then its payment: the same order as checkout and refunds lock them."""
    found = (
        Payment.objects.filter(provider=provider_code, trade_no=trade_no)
        .values_list("pk", "order_id")
        .first()
    )
    if found is None:
        return None
    Order.objects.select_for_update().filter(pk=found[1]).first()
    return Payment.objects.select_for_update().select_related("order").get(pk=found[0])


def _mismatch(payment: Payment, event: GatewayEvent) -> str:
    if event.amount != payment.amount:
        return f"amount {event.amount} differs from the payment's {payment.amount}"
    if event.currency != payment.currency:
        return f"currency {event.currency} differs from the payment's {payment.currency}"
    if payment.merchant_id and event.merchant_id and event.merchant_id != payment.merchant_id:
        return f"merchant {event.merchant_id} is not the payment's {payment.merchant_id}"
    return ""


def _succeed(payment: Payment, event: GatewayEvent) -> tuple[str, str]:
    paid = order_mark_paid(order=payment.order, amount=event.amount, note=payment.trade_no)
    if paid == PaidOutcome.AMOUNT_MISMATCH:
        return Outcome.REJECTED, f"amount {event.amount} is not the order's total"
    payment.status, payment.paid_at = PaymentStatus.SUCCEEDED, timezone.now()
    payment.gateway_reference = event.gateway_reference or payment.gateway_reference
    reason = ""
    if paid == PaidOutcome.NOT_PAYABLE:
        reason = f"the order was {payment.order.status} when the money arrived"
    elif paid == PaidOutcome.ALREADY_PAID:
        reason = "the order was already paid by another payment"
    payment.needs_refund, payment.refund_reason = bool(reason), reason
    payment.save(
        update_fields=["status", "paid_at", "gateway_reference", "needs_refund", "refund_reason"]
    )
    if reason:
        logger.warning("payment %s needs a refund: %s", payment.trade_no, reason)
    return Outcome.HANDLED, reason


def _transition(payment: Payment, event: GatewayEvent) -> tuple[str, str]:
    """Apply a gateway status to a payment; collected money is never un-paid."""
    if event.status == GatewayStatus.SUCCEEDED:
        if payment.status in COLLECTED:
            return Outcome.IGNORED, "the payment already succeeded"
        return _succeed(payment, event)
    if payment.status in COLLECTED:
        return Outcome.IGNORED, f"{event.status} after the payment succeeded changes nothing"
    if event.status == GatewayStatus.PENDING:
        if payment.status == PaymentStatus.CREATED:
            payment.status = PaymentStatus.PENDING
            payment.save(update_fields=["status"])
        return Outcome.HANDLED, ""
    if event.status in (GatewayStatus.FAILED, GatewayStatus.CLOSED):
        closed = event.status == GatewayStatus.CLOSED
        payment.status = PaymentStatus.CANCELLED if closed else PaymentStatus.FAILED
        payment.save(update_fields=["status"])
        return Outcome.HANDLED, ""
    return Outcome.IGNORED, f"{event.status} for a payment that never succeeded"


def _replayed(provider_code: str, event: GatewayEvent) -> bool:
    return bool(event.event_id) and (
        Notification.objects.filter(provider=provider_code, event_id=event.event_id).exists()
    )


@transaction.atomic
def _apply(
    *, provider_code: str, event: GatewayEvent, row: Notification | None = None
) -> tuple[str, str]:
    """Apply a verified event to its payment under row locks; record it on the row."""
    payment = _locked_payment(provider_code, event.trade_no)
    if payment is None:
        outcome, reason = Outcome.IGNORED, f"unknown trade number {event.trade_no}"
    elif problem := _mismatch(payment, event):
        outcome, reason = Outcome.REJECTED, problem
    elif row is not None and _replayed(provider_code, event):
        outcome, reason = Outcome.IGNORED, f"replay of event {event.event_id}"
    else:
        outcome, reason = _transition(payment, event)
    if outcome != Outcome.HANDLED:
        logger.warning("%s event for %s %s: %s", provider_code, event.trade_no, outcome, reason)
    if row is not None:
        row.payment, row.outcome, row.reason = payment, outcome, reason[:255]
        if outcome == Outcome.HANDLED:
            row.event_id = event.event_id[:128]
        row.save(update_fields=["payment", "outcome", "reason", "event_id"])
    return outcome, reason


def notification_receive(
    *, provider_code: str, headers: dict[str, str], body: bytes
) -> GatewayReply:
    """Store a gateway's notification as it came, verify it, apply it once; answer the gateway.

    Not one transaction on purpose: the raw row is committed first, so that it is kept even
    when verifying or handling fails.
    """
    gateway = provider(provider_code)
    # PostgreSQL refuses NUL in text; the stored copy is for reading, verifying uses `body`.
    text = body.decode("utf-8", "replace").replace("\x00", "\ufffd")
    row = Notification.objects.create(provider=provider_code, headers=headers, body=text)
    try:
        event = gateway.verify(headers=headers, body=body)
    except InvalidNotification as error:
        logger.warning("%s notification %s rejected: %s", provider_code, row.pk, error.reason)
        row.outcome, row.reason = Outcome.REJECTED, error.reason[:255]
        row.save(update_fields=["outcome", "reason"])
        return gateway.reply(handled=False)
    try:
        outcome, _reason = _apply(provider_code=provider_code, event=event, row=row)
    except Exception:
        # Left `received`: the gateway retries, and the stored row says what came.
        logger.exception("%s notification %s could not be handled", provider_code, row.pk)
        return gateway.reply(handled=False)
    return gateway.reply(handled=outcome != Outcome.REJECTED)


def payment_check(*, payment: Payment) -> Payment:
    """Ask the gateway what became of an open payment and apply its answer."""
    if payment.status in OPEN:
        event = provider(payment.provider).query(trade_no=payment.trade_no)
        if event.trade_no == payment.trade_no:
            _apply(provider_code=payment.provider, event=event)
    return Payment.objects.select_related("order").get(pk=payment.pk)


# --- refunds ------------------------------------------------------------------------------


@transaction.atomic
def payment_refund(*, order: Order, amount: Decimal, refund_id: int) -> str:
    """Pay an amount of the order back through the gateway it was paid with; return its id.

    An order paid outside the shop has no payment here: "" says the refund is a manual one.
    """
    payment = (
        Payment.objects.select_for_update()
        .filter(order=order, status=PaymentStatus.SUCCEEDED, needs_refund=False)
        .order_by("-paid_at", "-id")
        .first()
    )
    if payment is None:
        return ""
    refund_no = f"{payment.trade_no}R{refund_id}"
    try:
        result = provider(payment.provider).refund(
            trade_no=payment.trade_no, refund_no=refund_no, amount=amount, total=payment.amount
        )
    except PaymentError as error:
        raise OrderError(error.reason, code="gateway_refused") from error
    PaymentRefund.objects.create(
        payment=payment,
        refund_no=result.refund_no or refund_no,
        amount=amount,
        gateway_reference=result.gateway_reference,
    )
    refunded = payment.refunds.aggregate(total=Sum("amount"))["total"]
    if refunded >= payment.amount:
        payment.status = PaymentStatus.REFUNDED
        payment.save(update_fields=["status"])
    return result.gateway_reference or result.refund_no


@transaction.atomic
def payment_refund_flagged(*, payment: Payment) -> PaymentRefund:
    """Pay back in full a payment that arrived for an order that could not take it."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if not payment.needs_refund or payment.status != PaymentStatus.SUCCEEDED:
        raise PaymentError(_("This payment is not waiting to be paid back."))
    refund_no = f"{payment.trade_no}RF"
    result = provider(payment.provider).refund(
        trade_no=payment.trade_no, refund_no=refund_no, amount=payment.amount, total=payment.amount
    )
    refund = PaymentRefund.objects.create(
        payment=payment,
        refund_no=result.refund_no or refund_no,
        amount=payment.amount,
        gateway_reference=result.gateway_reference,
    )
    payment.status, payment.needs_refund = PaymentStatus.REFUNDED, False
    payment.save(update_fields=["status", "needs_refund"])
    return refund
