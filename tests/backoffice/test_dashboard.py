import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backoffice.selectors import DateRange, dashboard
from cart.models import Cart
from orders.models import OrderStatus
from promotions.models import (
    Promotion,
    PromotionKind,
    PromotionSimulation,
    PromotionUsage,
    SimulationStatus,
)
from tests.factories import CategoryFactory, ProductFactory, SKUFactory

from .conftest import make_order

pytestmark = pytest.mark.django_db
DAY1 = datetime.date(2025, 3, 1)
DAY2 = datetime.date(2025, 3, 2)
RANGE = DateRange(DAY1, datetime.date(2025, 3, 3))


@pytest.fixture
def shop_sales():
    """Three paid orders over two days, one refunded in part, and orders that do not count."""
    shoes, books = CategoryFactory(name_en="Shoes"), CategoryFactory(name_en="Books")
    boot = SKUFactory(product=ProductFactory(category=shoes, name="靴子"), price=Decimal("100"))
    novel = SKUFactory(product=ProductFactory(category=books, name="小说"), price=Decimal("30"))
    first = make_order(day=DAY1, lines=[(boot, 2, "180.00")])
    make_order(day=DAY1, status=OrderStatus.SHIPPED, lines=[(novel, 1, "30.00")], refunded="10.00")
    make_order(day=DAY2, status=OrderStatus.COMPLETED, lines=[(boot, 1, "100.00")])
    make_order(day=DAY2, status=OrderStatus.CANCELLED, lines=[(boot, 5, "500.00")])
    make_order(day=DAY2, status=OrderStatus.PENDING_PAYMENT, lines=[(novel, 5, "150.00")])
    make_order(day=DAY1 - datetime.timedelta(days=1), lines=[(boot, 1, "100.00")])
    promotion = Promotion.objects.create(
        key="P1", name="满减", kind=PromotionKind.AMOUNT_OFF, budget=Decimal("50.00")
    )
    PromotionUsage.objects.create(promotion=promotion, order=first, discount=Decimal("20.00"))
    PromotionSimulation.objects.create(
        promotion=promotion,
        definition={"id": "P1"},
        starts_at=first.placed_at,
        ends_at=first.placed_at + datetime.timedelta(days=1),
        status=SimulationStatus.DONE,
        result={"orders_touched": 4, "discount": "70.00", "total_with": "900.00"},
    )
    for _ in range(6):
        Cart.objects.create()
    return {"boot": boot, "novel": novel}


def test_sales_per_day_count_paid_orders_net_of_refunds(shop_sales):
    data = dashboard(RANGE)

    assert [(d["day"], d["orders"], d["revenue"], d["average"]) for d in data["days"]] == [
        (DAY1, 2, Decimal("200.00"), Decimal("100.00")),
        (DAY2, 1, Decimal("100.00"), Decimal("100.00")),
        (datetime.date(2025, 3, 3), 0, Decimal("0.00"), Decimal("0.00")),
    ]
    assert data["totals"] == {
        "orders": 3,
        "revenue": Decimal("300.00"),
        "average": Decimal("100.00"),
    }


def test_top_products_and_categories(shop_sales):
    data = dashboard(RANGE)

    assert [(r["name"], r["units"], r["revenue"]) for r in data["products"]] == [
        ("靴子", 3, Decimal("280.00")),
        ("小说", 1, Decimal("30.00")),
    ]
    assert [(r["units"], r["revenue"]) for r in data["categories"]] == [
        (3, Decimal("280.00")),
        (1, Decimal("30.00")),
    ]


def test_conversion_and_promotions(shop_sales):
    data = dashboard(RANGE)

    # The carts were made today, outside the range: none started in it.
    assert data["conversion"] == {"carts": 0, "paid_orders": 3, "rate": None}
    (promotion,) = data["promotions"]
    assert promotion["orders"] == 1
    assert promotion["discount"] == Decimal("20.00")
    assert promotion["budget_left"] == Decimal("30.00")
    assert promotion["revenue"] == Decimal("180.00")
    assert promotion["estimated_orders"] == 4
    assert promotion["estimated_discount"] == Decimal("70.00")
    assert promotion["estimated_revenue"] == Decimal("900.00")


def test_conversion_rate_of_carts_started_in_the_range(db):
    today = timezone.localdate()
    for _ in range(4):
        Cart.objects.create()
    sku = SKUFactory()
    make_order(day=today, lines=[(sku, 1, "10.00")])

    assert dashboard(DateRange(today, today))["conversion"]["rate"] == Decimal("25.0")


def test_page_shows_figures_and_chart_data(
    shop_sales, client, staff, django_assert_max_num_queries
):
    url = reverse("backoffice_dashboard") + "?first=2025-03-01&last=2025-03-03"

    with django_assert_max_num_queries(15):
        response = client.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="dashboard-data"' in page
    assert "vendor/chart.umd.min.js" in page
    assert ">300.00<" in page
    assert "<script>" not in page.replace('<script src="', "")


def test_query_count_does_not_grow_with_orders(shop_sales, client, staff):
    url = reverse("backoffice_dashboard") + "?first=2025-03-01&last=2025-03-03"
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for _ in range(5):
        make_order(day=DAY2, lines=[(SKUFactory(), 1, "30.00")])
    with CaptureQueriesContext(connection) as after:
        client.get(url)

    assert len(after) == len(before)


@pytest.mark.parametrize("figure", ["sales", "products", "categories", "conversion", "promotions"])
def test_every_figure_downloads_as_csv(shop_sales, client, staff, figure):
    url = reverse("backoffice_dashboard_csv", args=[figure]) + "?first=2025-03-01&last=2025-03-03"

    response = client.get(url)

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) >= 2


def test_sales_csv_matches_the_page(shop_sales, client, staff):
    url = reverse("backoffice_dashboard_csv", args=["sales"]) + "?first=2025-03-01&last=2025-03-02"

    content = b"".join(client.get(url).streaming_content).decode("utf-8-sig")

    assert list(csv.reader(io.StringIO(content)))[1:] == [
        ["2025-03-01", "2", "200.00", "100.00"],
        ["2025-03-02", "1", "100.00", "100.00"],
    ]


def test_unknown_figure_is_404_and_bad_range_falls_back(shop_sales, client, staff):
    assert client.get(reverse("backoffice_dashboard_csv", args=["nope"])).status_code == 404
    response = client.get(reverse("backoffice_dashboard") + "?first=2025-03-05&last=2025-03-01")
    assert response.status_code == 200
    assert response.context["dates"] == DateRange(
        timezone.localdate() - datetime.timedelta(days=29), timezone.localdate()
    )


def test_dashboard_needs_staff_and_permission(db, client):
    from tests.factories import UserFactory

    url = reverse("backoffice_dashboard")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url).status_code == 403


def test_admin_index_links_to_the_dashboard(client, staff):
    response = client.get(reverse("admin:index"))

    assert reverse("backoffice_dashboard") in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["?first=9999-12-31&last=9999-12-31", "?first=0001-01-01&last=0001-01-01", "?last=0001-01-05"],
)
@pytest.mark.parametrize("view", ["backoffice_dashboard", "sales"])
def test_days_no_shop_has_get_the_default_range_not_an_error(admin_client, query, view):
    url = reverse(view) if view != "sales" else reverse("backoffice_dashboard_csv", args=[view])

    assert admin_client.get(url + query, secure=True).status_code == 200
