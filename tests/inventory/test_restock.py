from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command

from inventory.models import PurchaseOrder, PurchaseOrderStatus, Stock
from inventory.services import purchase_order_send
from inventory.services.restock import restock_run

from .factories import SupplierFactory, SupplierItemFactory, sell, stocked

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)
WEEK = [4, 4, 4, 4, 6, 10, 10]


@pytest.fixture
def shop():
    """Two suppliers: a steady seller running low, a slow one well stocked, one idle SKU."""
    fast_supplier = SupplierFactory(name="Fast", lead_time_days=3)
    slow_supplier = SupplierFactory(name="Slow", lead_time_days=10)
    fast = stocked(5, code="FAST").sku
    slow = stocked(40, code="SLOW").sku
    idle = stocked(0, code="IDLE").sku
    for sku in (fast, slow, idle):
        sku.product.created_at = sku.product.created_at - timedelta(days=400)
        sku.product.save(update_fields=["created_at"])
    SupplierItemFactory(sku=fast, supplier=fast_supplier, pack_size=6, min_order_quantity=12)
    SupplierItemFactory(sku=slow, supplier=slow_supplier)
    SupplierItemFactory(sku=idle, supplier=slow_supplier)
    sell(fast, WEEK * 16, today=TODAY)
    sell(slow, [1, 0, 0, 0, 0, 0, 0] * 16, today=TODAY)
    return {"fast": fast, "slow": slow, "idle": idle}


def drafts() -> list[tuple[str, list[tuple[str, int]]]]:
    return [
        (order.supplier.name, [(line.sku.code, line.quantity) for line in order.lines.all()])
        for order in PurchaseOrder.objects.filter(status=PurchaseOrderStatus.DRAFT).order_by("pk")
    ]


def test_a_low_steady_seller_is_ordered_in_packs_from_its_supplier(shop):
    summary = restock_run(today=TODAY)

    assert summary.skus == 3
    [(supplier, lines)] = drafts()
    assert supplier == "Fast"
    [(code, units)] = lines
    assert code == "FAST"
    # About a day's sales a week for 3 + 1 days plus safety, and a fortnight's on top.
    assert units % 6 == 0
    assert 84 <= units <= 180
    stock = Stock.objects.get(sku=shop["fast"])
    # Four days of about six units; a fortnight-sized order lets the safety stock stay small.
    assert 18 <= stock.reorder_point < stock.order_up_to
    assert stock.daily_forecast == pytest.approx(6, abs=1.5)
    assert stock.planned_at is not None


def test_running_twice_or_after_a_stale_draft_makes_the_same_orders(shop):
    restock_run(today=TODAY)
    first = drafts()
    draft = PurchaseOrder.objects.get()
    draft.lines.update(quantity=1)

    restock_run(today=TODAY)

    assert drafts() == first
    assert PurchaseOrder.objects.get().pk == draft.pk


def test_units_already_on_order_are_counted(shop):
    restock_run(today=TODAY)
    purchase_order_send(order_id=PurchaseOrder.objects.get().pk)

    summary = restock_run(today=TODAY)

    assert summary.due == 0
    assert drafts() == []


def test_a_dry_run_writes_nothing(shop):
    summary = restock_run(today=TODAY, dry_run=True)

    assert summary.due == 1
    assert not PurchaseOrder.objects.exists()
    assert not Stock.objects.filter(reorder_point__isnull=False).exists()


def test_a_supplier_without_lead_time_stops_the_run_before_anything_is_written(english, shop):
    SupplierItemFactory(supplier=SupplierFactory(name="Unknown", lead_time_days=None))

    with pytest.raises(CommandError, match="Set a lead time for these suppliers first: Unknown"):
        call_command("restock", today=TODAY)

    assert not PurchaseOrder.objects.exists()
    assert not Stock.objects.filter(reorder_point__isnull=False).exists()


def test_the_command_prints_a_table_and_a_summary(shop, capsys):
    call_command("restock", today=TODAY)

    out = capsys.readouterr().out
    assert "Fast" in out
    assert "PO-" in out
    assert "Planned 3 SKUs; 1 ordered." in out


def test_the_command_dry_run_says_nothing_was_written(shop, capsys):
    call_command("restock", today=TODAY, dry_run=True)

    assert "nothing was written" in capsys.readouterr().out
    assert not PurchaseOrder.objects.exists()


def test_the_nightly_task_calls_the_run(shop, settings):
    from inventory.tasks import restock

    assert restock.delay().get() >= 0
    assert "restock" in settings.CELERY_BEAT_SCHEDULE


def test_the_backtest_reports_both_policies(shop, capsys):
    call_command("restock_backtest", days=28, today=TODAY)

    out = capsys.readouterr().out
    assert "forecast" in out
    assert "naive" in out
    assert "fill rate" in out


def test_the_backtest_refuses_a_bad_window(shop):
    with pytest.raises(CommandError, match="days must be between"):
        call_command("restock_backtest", days=2, today=TODAY)
