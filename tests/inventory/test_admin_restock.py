import json

import pytest
from django.conf import settings
from django.urls import reverse

from inventory.models import (
    MovementReason,
    PurchaseOrder,
    PurchaseOrderStatus,
    Stock,
    StockMovement,
)
from inventory.services import purchase_order_draft_replace, purchase_order_send
from tests.factories import SKUFactory, UserFactory

from .factories import SupplierFactory, stocked

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_stock_page_charts_sales_forecast_and_reorder_point(admin_client, english):
    stock = stocked(8)
    Stock.objects.filter(pk=stock.pk).update(reorder_point=5)

    response = admin_client.get(reverse("admin:inventory_stock_change", args=[stock.pk]))

    assert response.status_code == 200
    chart = response.context["chart"]
    assert len(chart["labels"]) == len(chart["sales"]) == len(chart["forecast"])
    assert chart["reorder_point"] == 5
    assert 'id="stock-chart-data"' in response.text
    assert "vendor/chart.umd.min.js" in response.text
    assert "js/stock_chart.js" in response.text
    assert "cdn" not in response.text.lower()
    assert "Latest stock movements" in response.text
    assert "Receipt" in response.text
    stocked(4)
    listed = admin_client.get(response.context["movements_url"])
    assert [m.sku_id for m in listed.context["cl"].result_list] == [stock.sku_id]


def test_the_stock_list_warns_of_skus_at_their_reorder_point(admin_client, english):
    low, fine = stocked(3, code="LOW"), stocked(30, code="FINE")
    Stock.objects.filter(pk__in=[low.pk, fine.pk]).update(reorder_point=4)
    url = reverse("admin:inventory_stock_changelist")

    notice = admin_client.get(url)
    due = admin_client.get(url, {"restock": "due"})

    assert "1 SKU is at or below its reorder point." in notice.text
    assert list(due.context["cl"].result_list) == [low]


def test_a_count_from_the_stock_page_is_a_ledger_movement_by_that_merchant(admin_client):
    stock = stocked(10)

    admin_client.post(
        reverse("admin:inventory_stock_change", args=[stock.pk]),
        {"on_hand": "7", "low_threshold": "5"},
    )

    count = StockMovement.objects.get(reason=MovementReason.COUNT)
    assert (count.quantity, count.user.is_staff) == (-3, True)


def test_damage_is_recorded_and_movements_cannot_be_edited(admin_client):
    stock = stocked(10)
    add = reverse("admin:inventory_stockmovement_add")

    response = admin_client.post(
        add, {"sku": stock.sku_id, "reason": "damage", "quantity": "-2", "note": "dropped"}
    )

    assert response.status_code == 302
    stock.refresh_from_db()
    assert stock.on_hand == 8
    movement = StockMovement.objects.get(reason=MovementReason.DAMAGE)
    change = admin_client.get(reverse("admin:inventory_stockmovement_change", args=[movement.pk]))
    assert 'name="quantity"' not in change.text


@pytest.mark.parametrize(
    ("reason", "quantity", "message"),
    [
        ("damage", "-11", "Only 10 units are on hand"),
        ("damage", "3", "enter a negative quantity"),
        ("receipt", "3", "Select a valid choice"),
        ("count", "0", "needs a quantity"),
    ],
)
def test_bad_manual_movements_are_refused(admin_client, english, reason, quantity, message):
    stock = stocked(10)

    response = admin_client.post(
        reverse("admin:inventory_stockmovement_add"),
        {"sku": stock.sku_id, "reason": reason, "quantity": quantity},
    )

    assert response.status_code == 200
    assert message in response.text
    assert StockMovement.objects.count() == 1


@pytest.fixture
def sent():
    a = SKUFactory(code="A")
    order = purchase_order_draft_replace(supplier=SupplierFactory(), lines=[(a.pk, 10)])
    return purchase_order_send(order_id=order.pk)


def test_receiving_from_the_admin(admin_client, sent, english):
    url = reverse("admin:inventory_purchaseorder_receive", args=[sent.pk])
    line = sent.lines.get()

    page = admin_client.get(url)
    response = admin_client.post(url, {f"line_{line.pk}": "4"})

    assert page.status_code == 200
    assert response.status_code == 302
    assert PurchaseOrder.objects.get(pk=sent.pk).status == PurchaseOrderStatus.PARTLY_RECEIVED
    assert Stock.objects.get(sku__code="A").on_hand == 4


def test_receiving_more_than_ordered_is_refused_in_the_admin(admin_client, sent, english):
    url = reverse("admin:inventory_purchaseorder_receive", args=[sent.pk])
    line = sent.lines.get()

    response = admin_client.post(url, {f"line_{line.pk}": "11"})

    assert response.status_code == 200
    assert "less than or equal to 10" in response.text
    assert not Stock.objects.filter(sku__code="A").exists()


def test_send_and_cancel_actions(admin_client, english):
    sku = SKUFactory()
    first = purchase_order_draft_replace(supplier=SupplierFactory(), lines=[(sku.pk, 2)])
    second = purchase_order_draft_replace(supplier=SupplierFactory(), lines=[(sku.pk, 2)])
    url = reverse("admin:inventory_purchaseorder_changelist")

    admin_client.post(url, {"action": "send", "_selected_action": [first.pk, second.pk]})
    response = admin_client.post(
        url, {"action": "cancel", "_selected_action": [second.pk]}, follow=True
    )

    assert PurchaseOrder.objects.get(pk=first.pk).status == PurchaseOrderStatus.SENT
    assert PurchaseOrder.objects.get(pk=second.pk).status == PurchaseOrderStatus.CANCELLED
    assert "Cancelled 1 purchase orders." in response.text


def test_a_second_draft_for_a_supplier_is_refused(admin_client, english):
    supplier = SupplierFactory()
    purchase_order_draft_replace(supplier=supplier, lines=[(SKUFactory().pk, 2)])

    response = admin_client.post(
        reverse("admin:inventory_purchaseorder_add"),
        {
            "supplier": supplier.pk,
            "lines-TOTAL_FORMS": "0",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 200
    assert "already has a draft" in response.text
    assert PurchaseOrder.objects.count() == 1


def test_the_chart_data_is_json_the_script_can_read(admin_client):
    stock = stocked(1)

    response = admin_client.get(reverse("admin:inventory_stock_change", args=[stock.pk]))

    start = response.text.index('id="stock-chart-data"')
    payload = response.text[
        response.text.index(">", start) + 1 : response.text.index("</script>", start)
    ]
    assert json.loads(payload)["reorder_point"] is None
