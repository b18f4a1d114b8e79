"""A worker killed in the middle of the restock job: the next worker finishes it, and the
draft purchase orders are exactly those of a clean run, none twice, none half-filled."""

import os
import signal
import time

import pytest
from celery import Celery
from django.db import connection, transaction
from django.db.models import Sum

from inventory.models import PurchaseOrder, PurchaseOrderStatus
from inventory.services.restock import restock_run
from inventory.tasks import restock
from shop.demo.seed import demo_seed

from .conftest import database_url, declare, wait_for

# A message whose worker vanished is delivered again after this many seconds.
VISIBILITY_SECONDS = 2

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]


def _drafts() -> dict[int, tuple[int, int]]:
    """Each supplier's open draft as (lines, units)."""
    return {
        order.supplier_id: (order.lines.count(), order.lines.aggregate(n=Sum("quantity"))["n"])
        for order in PurchaseOrder.objects.filter(status=PurchaseOrderStatus.DRAFT)
    }


def _blocked_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        # Inside a transaction the activity view is a snapshot unless cleared.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def test_a_restock_killed_half_way_is_finished_once_by_the_next_worker(
    transactional_db, settings, tmp_path, start_worker
):
    settings.MEDIA_ROOT = tmp_path
    demo_seed(scale=0.05, seed=11, progress=False)
    clean = {
        line.supplier.pk: (line.skus, line.units)
        for line in restock_run(dry_run=True).suppliers
        if line.skus
    }
    assert len(clean) >= 3
    # The job takes suppliers in id order; one in the middle already has a draft, which
    # this test keeps locked so that the worker is stopped there, half-way.
    held = sorted(clean)[len(clean) // 2]
    PurchaseOrder.objects.create(supplier_id=held)
    redis_url = os.environ["TEST_REDIS_URL"]
    queue = f"faults-restock-{os.getpid()}"
    env = {
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_SECONDS),
    }
    sender = Celery("faults-sender", broker=redis_url, backend=redis_url)
    declare(sender, queue)
    first = start_worker(queue, **env)
    try:
        with transaction.atomic():
            PurchaseOrder.objects.select_for_update().get(supplier_id=held)
            result = sender.send_task(restock.name, queue=queue)
            wait_for(_blocked_on_a_lock, seconds=40, message="the job never reached the lock")
            half_way = _drafts()
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        killed_at = time.monotonic()
        done = [supplier for supplier in sorted(clean) if supplier < held]
        assert done
        assert {supplier: half_way.get(supplier) for supplier in done} == {
            supplier: clean[supplier] for supplier in done
        }
        assert half_way[held] == (0, None)  # the rest not written yet

        # Restored to the queue once the visibility timeout has passed.
        time.sleep(max(0.0, VISIBILITY_SECONDS + 0.5 - (time.monotonic() - killed_at)))
        start_worker(queue, **env)
        assert result.get(timeout=60) == sum(skus for skus, _units in clean.values())
    finally:
        sender.close()

    assert _drafts() == clean
