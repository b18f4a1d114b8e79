"""Use cases that move money: start a payment, handle a notification, refund, reconcile."""

from decimal import Decimal

from orders.models import Order


def payment_refund(*, order: Order, amount: Decimal, refund_id: int) -> str:
    """Pay an amount of the order back through the gateway it was paid with; return its id."""
    return ""
