"""A day's payments in the shop's books held against what each gateway says of them."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum

from django.utils import timezone

from orders.models import Order

from .models import COLLECTED, Payment
from .providers import provider
from .providers.base import GatewayEvent, GatewayStatus, PaymentError

GATEWAY_COLLECTED = (GatewayStatus.SUCCEEDED, GatewayStatus.REFUNDED)


class DifferenceKind(StrEnum):
    SHOP_ONLY = "paid in the shop, not at the gateway"
    GATEWAY_ONLY = "paid at the gateway, not in the shop"
    AMOUNT = "amounts differ"
    NEEDS_REFUND = "flagged for refund"
    UNCHECKED = "the gateway could not be asked"


@dataclass(frozen=True)
class Difference:
    kind: DifferenceKind
    order_number: str
    trade_no: str = ""
    shop_amount: Decimal | None = None
    gateway_amount: Decimal | None = None
    detail: str = ""


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _ask(payment: Payment) -> GatewayEvent | Difference:
    try:
        return provider(payment.provider).query(trade_no=payment.trade_no)
    except PaymentError as error:
        return Difference(
            DifferenceKind.UNCHECKED, payment.order.number, payment.trade_no, detail=error.reason
        )


def _check_collected(payment: Payment) -> list[Difference]:
    found: list[Difference] = []
    number, trade_no = payment.order.number, payment.trade_no
    if payment.needs_refund:
        found.append(
            Difference(
                DifferenceKind.NEEDS_REFUND,
                number,
                trade_no,
                payment.amount,
                detail=payment.refund_reason,
            )
        )
    answer = _ask(payment)
    if isinstance(answer, Difference):
        return [*found, answer]
    if answer.status not in GATEWAY_COLLECTED:
        found.append(
            Difference(DifferenceKind.SHOP_ONLY, number, trade_no, payment.amount, answer.amount)
        )
    elif answer.amount != payment.amount:
        found.append(
            Difference(DifferenceKind.AMOUNT, number, trade_no, payment.amount, answer.amount)
        )
    return found


def _check_open(payment: Payment) -> list[Difference]:
    answer = _ask(payment)
    if isinstance(answer, Difference):
        return [answer]
    if answer.status in GATEWAY_COLLECTED:
        kind = DifferenceKind.GATEWAY_ONLY
        return [Difference(kind, payment.order.number, payment.trade_no, None, answer.amount)]
    return []


def payments_reconcile(*, day: date) -> list[Difference]:
    """List where the shop and its gateways disagree about the payments of a (local) day."""
    start, end = _day_bounds(day)
    payments = Payment.objects.select_related("order").order_by("created_at", "id")
    differences: list[Difference] = []
    for payment in payments.filter(status__in=COLLECTED, paid_at__gte=start, paid_at__lt=end):
        differences += _check_collected(payment)
    # Attempts the shop still sees unpaid: a lost notification shows up here.
    for payment in payments.exclude(status__in=COLLECTED).filter(
        created_at__gte=start, created_at__lt=end
    ):
        differences += _check_open(payment)
    unbacked = (
        Order.objects.filter(paid_at__gte=start, paid_at__lt=end)
        .exclude(payments__status__in=COLLECTED)
        .order_by("paid_at", "id")
    )
    differences += [
        Difference(DifferenceKind.SHOP_ONLY, order.number, "", order.total, detail="no payment")
        for order in unbacked
    ]
    return differences
