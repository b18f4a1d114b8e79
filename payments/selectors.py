"""Read-side questions the payment pages and services share."""

from django.utils import timezone
from django.utils.translation import gettext as _

from orders.models import Order, OrderStatus
from orders.states import PAID_STATES

from .models import Payment


def payment_blocker(order: Order) -> str:
    """Say why an order cannot be paid now, or return "" when it can."""
    if order.status in PAID_STATES:
        return _("This order is already paid.")
    if order.status == OrderStatus.CANCELLED:
        return _("This order was cancelled.")
    if order.status != OrderStatus.PENDING_PAYMENT:
        return _("This order is not waiting for payment.")
    if order.expires_at and order.expires_at <= timezone.now():
        return _("The time to pay this order is over.")
    return ""


def shopper_payment(*, trade_no: str, user) -> Payment | None:
    """Return a payment of one of the shopper's own orders, or None."""
    return (
        Payment.objects.select_related("order").filter(trade_no=trade_no, order__user=user).first()
    )
