"""Rebuild, the stored lists and the fragments the pages load, with bounded queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from orders.models import Order, OrderLine, OrderStatus
from recommend.models import Neighbour, ProductRank, SearchDocument
from recommend.services import VIEWED_MAX, VIEWED_SESSION_KEY, recommendations_rebuild
from tests.catalog.conftest import make_product
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _order(user, products, *, days_ago=1, number):
    order = Order.objects.create(
        number=number,
        user=user,
        status=OrderStatus.COMPLETED,
        placed_at=timezone.now() - timedelta(days=days_ago),
    )
    for product in products:
        OrderLine.objects.create(
            order=order, product=product, product_name=product.name, sku_code="x", quantity=1
        )


@pytest.fixture
def shop(tree):
    phone, case, charger, tea, sold_out = (
        make_product(category=tree["phones"], name_en=name, stock=0 if name == "Gone" else 5)
        for name in ("Phone", "Case", "Charger", "Tea", "Gone")
    )
    buyers = UserFactory.create_batch(4)
    for index, buyer in enumerate(buyers):
        _order(buyer, [phone, case, sold_out], number=f"A{index}")
        _order(buyer, [tea], number=f"B{index}", days_ago=200)
    _order(buyers[0], [phone, charger], number="C0")
    recommendations_rebuild(now=timezone.now())
    return {"phone": phone, "case": case, "charger": charger, "tea": tea, "gone": sold_out}


def _names(response):
    return [product.name_en for product in response.context["products"]]


def test_rebuild_stores_lists_rankings_and_search_words(shop):
    first = Neighbour.objects.filter(product=shop["phone"]).order_by("rank").first()
    assert first.neighbour == shop["case"]
    assert (
        ProductRank.objects.get(product=shop["phone"]).score
        > ProductRank.objects.get(product=shop["tea"]).score
    )
    assert " phone " in SearchDocument.objects.get(product=shop["phone"]).text
    recommendations_rebuild(now=timezone.now())  # idempotent
    assert Neighbour.objects.filter(product=shop["phone"], rank=1).count() == 1


def test_also_bought_leaves_out_sold_out(english, client, shop):
    response = client.get(reverse("recommend:also_bought", args=[shop["phone"].pk]))

    assert _names(response)[0] == "Case"
    assert "Gone" not in _names(response)
    assert "Customers who bought this also bought" in response.text


def test_the_product_page_remembers_the_view_and_its_fragment_does_not(client, shop):
    # A fragment that wrote the session could race the shopper's next click and lose it.
    client.get(reverse("recommend:also_bought", args=[shop["case"].pk]))
    assert VIEWED_SESSION_KEY not in client.session
    client.get(shop["phone"].get_absolute_url())
    assert client.session[VIEWED_SESSION_KEY] == [shop["phone"].pk]


def test_viewed_list_is_capped(client, tree):
    products = [make_product(category=tree["phones"]) for _ in range(VIEWED_MAX + 2)]
    for product in products:
        client.get(product.get_absolute_url())
    assert len(client.session[VIEWED_SESSION_KEY]) == VIEWED_MAX
    assert client.session[VIEWED_SESSION_KEY][0] == products[-1].pk


def test_guest_gets_picks_from_viewed_products(client, shop):
    client.get(shop["case"].get_absolute_url())
    response = client.get(reverse("recommend:you_may_like"))
    assert _names(response)[0] == "Phone"


def test_pages_load_the_lists_after_rendering(client, shop):
    assert (
        reverse("recommend:also_bought", args=[shop["phone"].pk])
        in client.get(shop["phone"].get_absolute_url()).text
    )
    assert reverse("recommend:you_may_like") in client.get("/").text


@pytest.mark.parametrize("history", [1, 15])
def test_you_may_like_queries_do_not_grow_with_history(
    client, tree, django_assert_max_num_queries, history
):
    user = UserFactory()
    products = [make_product(category=tree["phones"]) for _ in range(history + 1)]
    for index, product in enumerate(products[:-1]):
        _order(user, [product, products[-1]], number=f"H{index}")
    recommendations_rebuild(now=timezone.now())
    client.force_login(user)
    # session, user, purchases, picks, popular fill
    with django_assert_max_num_queries(6):
        response = client.get(reverse("recommend:you_may_like"))
    assert response.status_code == 200


@pytest.mark.parametrize("lines", [1, 12])
def test_cart_list_queries_do_not_grow_with_lines(
    client, tree, django_assert_max_num_queries, lines
):
    products = [make_product(category=tree["phones"]) for _ in range(lines)]
    for product in products:
        client.post(reverse("cart:add"), {"sku": product.skus.first().pk, "quantity": 1})
    recommendations_rebuild(now=timezone.now())
    # session, cart lines, picks
    with django_assert_max_num_queries(4):
        response = client.get(reverse("recommend:complete_your_order"))
    assert response.status_code == 200


def test_unknown_product_gets_an_empty_list(client, db):
    response = client.get(reverse("recommend:also_bought", args=[999999]))
    assert response.status_code == 200
    assert _names(response) == []
