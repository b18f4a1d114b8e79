"""Recommendations through the API: buyable products only, for guests and shoppers."""

import pytest

from recommend.models import Neighbour, Source
from recommend.services import VIEWED_SESSION_KEY
from tests.factories import CategoryFactory, ProductFactory, SKUFactory


def product(category, *, stock=20):
    item = ProductFactory(category=category)
    SKUFactory(product=item, stock=stock)
    return item


@pytest.fixture
def shop(db):
    category = CategoryFactory()
    phone, case, gone = product(category), product(category), product(category, stock=0)
    for rank, (neighbour, score) in enumerate([(gone, 0.9), (case, 0.5)], start=1):
        Neighbour.objects.create(
            product=phone, neighbour=neighbour, score=score, rank=rank, source=Source.COPURCHASE
        )
    return {"phone": phone, "case": case, "gone": gone}


def slugs(response):
    assert response.status_code == 200
    return [row["slug"] for row in response.json()]


def test_also_bought_leaves_out_sold_out_products(api, shop):
    response = api.get(f"/api/v1/products/{shop['phone'].slug}/also-bought/")
    assert slugs(response) == [shop["case"].slug]
    assert response.json()[0]["stock_state"] == "in_stock"
    assert api.get("/api/v1/products/nothing/also-bought/").status_code == 404


def test_guest_picks_follow_the_sessions_views(api, shop):
    api.get(f"/api/v1/products/{shop['phone'].slug}/also-bought/")
    assert api.session[VIEWED_SESSION_KEY] == [shop["phone"].pk]
    picks = slugs(api.get("/api/v1/recommendations/"))
    assert picks[0] == shop["case"].slug
    assert shop["gone"].slug not in picks
    assert shop["phone"].slug not in picks


def test_shopper_without_orders_gets_popular_buyable_products(shopper_api, shop):
    picks = slugs(shopper_api.get("/api/v1/recommendations/"))
    assert set(picks) == {shop["phone"].slug, shop["case"].slug}


def test_queries_bounded(api, shop, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        api.get(f"/api/v1/products/{shop['phone'].slug}/also-bought/")
    with django_assert_max_num_queries(10):
        api.get("/api/v1/recommendations/")
