"""Unpaid orders expire after their payment window: the job, its schedule and its command."""

import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from inventory.models import Stock
from orders.models import Actor, Order, OrderEvent, OrderStatus
from orders.services import order_mark_paid, order_place
from orders.tasks import expire_unpaid_orders
from promotions.models import PromotionUsage
from tests.promotions.factories import PromotionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def order_placed(shopper, address, skus, fill_cart):
    def placed(*, minutes_ago: int) -> Order:
        return order_place(
            user=shopper,
            cart=fill_cart((skus[0], 2), (skus[1], 1)),
            address=address,
            shipping_method="standard",
            payment_method="sandbox",
            codes=(),
            checkout_key=uuid.uuid4().hex,
            now=timezone.now() - timedelta(minutes=minutes_ago),
        )

    return placed


def reserved() -> list[int]:
    return list(Stock.objects.order_by("sku_id").values_list("reserved", flat=True))


def live_usages() -> int:
    return PromotionUsage.objects.filter(released_at__isnull=True).count()


def test_an_order_past_30_minutes_is_cancelled_by_the_system_and_gives_back(order_placed):
    PromotionFactory(key="M200")
    old = order_placed(minutes_ago=31)
    assert (reserved(), live_usages()) == ([2, 1], 1)

    assert expire_unpaid_orders.delay().get() == 1

    old.refresh_from_db()
    assert (old.status, old.cancelled_at is not None) == (OrderStatus.CANCELLED, True)
    event = old.events.last()
    assert (event.from_status, event.to_status) == (OrderStatus.PENDING_PAYMENT, "cancelled")
    assert (event.actor, event.user) == (Actor.SYSTEM, None)
    assert (reserved(), live_usages()) == ([0, 0], 0)


def test_a_younger_order_waits_for_its_money(order_placed):
    young = order_placed(minutes_ago=29)
    assert expire_unpaid_orders.delay().get() == 0
    young.refresh_from_db()
    assert young.status == OrderStatus.PENDING_PAYMENT
    assert reserved() == [2, 1]


def test_running_twice_changes_nothing_more(order_placed):
    order_placed(minutes_ago=45)
    order_placed(minutes_ago=5)
    assert expire_unpaid_orders.delay().get() == 1
    events = OrderEvent.objects.count()

    assert expire_unpaid_orders.delay().get() == 0

    assert OrderEvent.objects.count() == events
    assert sorted(Order.objects.values_list("status", flat=True)) == [
        OrderStatus.CANCELLED,
        OrderStatus.PENDING_PAYMENT,
    ]
    assert reserved() == [2, 1]


def test_a_paid_order_never_expires(order_placed):
    order = order_placed(minutes_ago=31)
    order_mark_paid(order=order, amount=order.total)
    assert expire_unpaid_orders.delay().get() == 0
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID


def test_the_job_runs_every_minute():
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "orders.tasks.expire_unpaid_orders"
    ]
    assert [entry["schedule"] for entry in entries] == [60.0]


def test_the_command_expires_and_says_how_many(order_placed, capsys):
    old = order_placed(minutes_ago=31)
    order_placed(minutes_ago=1)

    call_command("expire_unpaid_orders")

    assert capsys.readouterr().out.strip() == "Expired 1 unpaid orders."
    assert Order.objects.get(pk=old.pk).status == OrderStatus.CANCELLED


def test_the_dry_run_lists_what_would_expire_and_writes_nothing(order_placed, capsys):
    old = order_placed(minutes_ago=31)
    young = order_placed(minutes_ago=1)
    events = OrderEvent.objects.count()

    call_command("expire_unpaid_orders", "--dry-run")

    out = capsys.readouterr().out
    assert old.number in out
    assert young.number not in out
    assert out.strip().endswith("Dry run: 1 unpaid orders would expire; nothing was changed.")
    assert set(Order.objects.values_list("status", flat=True)) == {OrderStatus.PENDING_PAYMENT}
    assert OrderEvent.objects.count() == events
    assert reserved() == [4, 2]


def test_the_command_explains_itself(capsys):
    with pytest.raises(SystemExit):
        call_command("expire_unpaid_orders", "--help")
    out = capsys.readouterr().out
    assert "--dry-run" in out
    assert "unpaid" in out
