"""Use cases that change orders: place, pay, ship, deliver, complete, cancel, refund."""

from .errors import CheckoutError, IllegalTransition, OrderError, PriceChanged
from .lifecycle import (
    PaidOutcome,
    order_cancel,
    order_confirm_receipt,
    order_deliver,
    order_expire,
    order_mark_paid,
    order_ship,
    orders_expire_unpaid,
    unpaid_overdue,
)
from .placing import order_place, shipping_fee, shipping_fees
from .refunds import refund_approve, refund_full, refund_refuse, refund_request

__all__ = [
    "CheckoutError",
    "IllegalTransition",
    "OrderError",
    "PaidOutcome",
    "PriceChanged",
    "order_cancel",
    "order_confirm_receipt",
    "order_deliver",
    "order_expire",
    "order_mark_paid",
    "order_place",
    "order_ship",
    "orders_expire_unpaid",
    "refund_approve",
    "refund_full",
    "refund_refuse",
    "refund_request",
    "shipping_fee",
    "shipping_fees",
    "unpaid_overdue",
]
