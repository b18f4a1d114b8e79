"""The flash-sale page: running and upcoming capped item promotions with their products."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.templatetags.catalog_tags import money
from promotions.models import PromotionKind
from tests.factories import CategoryFactory, ProductFactory, SKUFactory
from tests.promotions.factories import PromotionUsageFactory
from tests.promotions.test_shop_pricing import (  # noqa: F401
    _english_and_cold_cache,
    make_shop,
    promote,
)

pytestmark = pytest.mark.django_db


def test_running_and_upcoming_sales_with_prices_and_units_left(client):
    skus = make_shop()
    now = timezone.now()
    running = promote(
        PromotionKind.SPECIAL_PRICE,
        {"price": "59.00"},
        targets={"sku": skus["A"]},
        stock_cap=10,
        ends_at=now + timedelta(hours=2),
    )
    PromotionUsageFactory(promotion=running, units=3)
    upcoming = promote(
        PromotionKind.PERCENT_OFF,
        {"percent": 50},
        targets={"category": skus["C"].product.category},
        stock_cap=5,
        starts_at=now + timedelta(days=1),
    )
    promote(PromotionKind.PERCENT_OFF, {"percent": 10}, targets={"sku": skus["B"]})
    promote(
        PromotionKind.SPECIAL_PRICE,
        {"price": "1.00"},
        targets={"sku": skus["D"]},
        stock_cap=5,
        ends_at=now - timedelta(hours=1),
        starts_at=now - timedelta(hours=2),
    )

    response = client.get(reverse("promotions:flash_sale"))

    assert response.status_code == 200
    sales = response.context["sales"]
    assert [sale.promotion.id for sale in sales] == [running.key, upcoming.key]
    assert [sale.running for sale in sales] == [True, False]
    assert [sale.remaining for sale in sales] == [7, 5]
    assert [[item.sku.code for item in sale.items] for sale in sales] == [["A"], ["C"]]
    content = response.content.decode()
    assert "7 units left at this price" in content
    assert money(sales[0].items[0].flash_price) == "¥59.00"
    assert "¥59.00" in content
    assert "¥100.00" in content
    assert "¥15.00" in content
    assert "¥30.00" in content
    assert f'data-countdown="{timezone.localtime(running.ends_at).isoformat()}"' in content


def test_category_targets_include_subcategories(client):
    root = CategoryFactory(slug="drinks")
    child = CategoryFactory(parent=root, slug="tea")
    sku = SKUFactory(product=ProductFactory(category=child), code="TEA")
    root.refresh_from_db()
    promote(PromotionKind.AMOUNT_OFF, {"amount": "5.00"}, targets={"category": root}, stock_cap=3)

    response = client.get(reverse("promotions:flash_sale"))

    [sale] = response.context["sales"]
    assert [item.sku for item in sale.items] == [sku]


def test_no_sale(client):
    response = client.get(reverse("promotions:flash_sale"))
    assert "No flash sale right now." in response.content.decode()


def test_the_home_page_links_to_it(client):
    assert reverse("promotions:flash_sale") in client.get(reverse("catalog:home")).content.decode()


@pytest.mark.parametrize("count", [1, 12])
def test_queries_do_not_grow_with_sales(client, count, django_assert_max_num_queries):
    skus = make_shop()
    for index in range(count):
        sku = SKUFactory(product=ProductFactory(category=skus["C"].product.category))
        target = {"sku": sku} if index % 2 else {"category": skus["C"].product.category}
        promote(PromotionKind.AMOUNT_OFF, {"amount": "1.00"}, targets=target, stock_cap=9)
    client.get(reverse("promotions:flash_sale"))

    # Session, the SKUs, their items (SKUs, tags, category paths), usage, names, categories.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("promotions:flash_sale"))

    assert len(response.context["sales"]) == count
