"""Read-side queries for checkout and the shopper's order pages, each a fixed number of queries."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Address, User
from accounts.services import ADDRESS_FIELDS

from .models import (
    Order,
    OrderAdjustment,
    OrderEvent,
    OrderLine,
    OrderStatus,
    Refund,
    RefundLine,
    RefundStatus,
)
from .states import REFUNDABLE

S = OrderStatus


@dataclass(frozen=True)
class StatusGroup:
    """A tab of the order list: a name for the URL, a label, and the states it shows."""

    key: str
    label: str | Promise
    statuses: frozenset[str]


STATUS_GROUPS = (
    StatusGroup("all", _("All"), frozenset()),
    StatusGroup("to_pay", _("To pay"), frozenset({S.PENDING_PAYMENT})),
    StatusGroup("to_ship", _("To ship"), frozenset({S.PAID})),
    StatusGroup("shipped", _("Shipped"), frozenset({S.SHIPPED, S.DELIVERED})),
    StatusGroup("completed", _("Completed"), frozenset({S.COMPLETED})),
    StatusGroup("closed", _("Cancelled / refunded"), frozenset({S.CANCELLED, S.REFUNDED})),
)


def status_group(key: str | None) -> StatusGroup:
    """Return the tab a key names; an unknown key means all orders."""
    return next((group for group in STATUS_GROUPS if group.key == key), STATUS_GROUPS[0])


def order_list(*, user: User, group: StatusGroup) -> QuerySet[Order]:
    """Return the user's orders in a tab, newest first, with their lines in one more query."""
    orders = Order.objects.filter(user=user).prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.order_by("is_gift", "id"))
    )
    if group.statuses:
        orders = orders.filter(status__in=group.statuses)
    return orders.order_by("-placed_at", "-id")


def order_detail(*, user: User) -> QuerySet[Order]:
    """Return the user's orders with everything the order page shows, prefetched."""
    return Order.objects.filter(user=user).prefetch_related(
        Prefetch(
            "lines",
            queryset=OrderLine.objects.prefetch_related(
                Prefetch("adjustments", queryset=OrderAdjustment.objects.order_by("id"))
            ).order_by("id"),
        ),
        Prefetch(
            "adjustments",
            queryset=OrderAdjustment.objects.filter(line__isnull=True).order_by("id"),
            to_attr="shipping_adjustments",
        ),
        Prefetch("events", queryset=OrderEvent.objects.order_by("created_at", "id")),
        Prefetch(
            "refunds",
            queryset=Refund.objects.prefetch_related(
                Prefetch("lines", queryset=RefundLine.objects.select_related("line"))
            ).order_by("created_at", "id"),
        ),
    )


def order_for_action(*, user: User) -> QuerySet[Order]:
    """Return the user's orders, for an action that only needs the row."""
    return Order.objects.filter(user=user)


@dataclass(frozen=True)
class TimelineEntry:
    """One moment of an order's history: a state change, a refund asked or decided."""

    at: datetime
    kind: str
    event: OrderEvent | None = None
    refund: Refund | None = None


def order_timeline(order: Order) -> list[TimelineEntry]:
    """Merge the prefetched events and refunds of an order into one list, oldest first."""
    entries = [
        TimelineEntry(event.created_at, "event", event=event) for event in order.events.all()
    ]
    for refund in order.refunds.all():
        entries.append(TimelineEntry(refund.created_at, "refund_requested", refund=refund))
        if refund.decided_at is not None:
            entries.append(TimelineEntry(refund.decided_at, "refund_decided", refund=refund))
    return sorted(entries, key=lambda entry: entry.at)


@dataclass(frozen=True)
class OrderActions:
    """What the shopper may do with an order now."""

    pay: bool
    cancel: bool
    confirm: bool
    refund: bool
    refund_waiting: bool
    review: bool


def order_actions(order: Order) -> OrderActions:
    """Say which actions an order offers, from its state and its prefetched refunds."""
    waiting = any(refund.status == RefundStatus.REQUESTED for refund in order.refunds.all())
    refundable = order.status in REFUNDABLE
    return OrderActions(
        pay=order.status == S.PENDING_PAYMENT,
        cancel=order.status == S.PENDING_PAYMENT,
        confirm=order.status in (S.SHIPPED, S.DELIVERED),
        refund=refundable and not waiting,
        refund_waiting=refundable and waiting,
        review=order.status in (S.DELIVERED, S.COMPLETED),
    )


def address_matching(*, user: User, data: Mapping[str, Any]) -> Address | None:
    """Return the user's address with exactly these fields, so that a resubmit adds none."""
    fields = {field: data[field] for field in ADDRESS_FIELDS if field in data}
    return Address.objects.filter(user=user, **fields).order_by("id").first()
