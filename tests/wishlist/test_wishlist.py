from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import SKU
from catalog.services import product_refresh_prices
from tests.factories import PASSWORD, CategoryFactory, ProductFactory, SKUFactory
from wishlist.models import WishlistItem
from wishlist.services import wishlist_add

pytestmark = pytest.mark.django_db


def make_product(price="100.00"):
    product = ProductFactory()
    SKUFactory(product=product, price=Decimal(price), stock=5)
    product.refresh_from_db()
    return product


def log_in(client, user):
    client.login(username=user.username, password=PASSWORD)


def test_add_and_remove_from_the_product_page(client, shopper):
    product = make_product()
    log_in(client, shopper)
    url = reverse("wishlist:toggle", args=[product.pk])
    response = client.post(url, {"next": product.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == product.get_absolute_url()
    item = WishlistItem.objects.get(user=shopper)
    assert item.saved_price == Decimal("100.00")
    html = client.get(product.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in html
    client.post(url, {"action": "remove", "next": "https://evil.example/"})
    assert not WishlistItem.objects.exists()


def test_anonymous_visitor_is_asked_to_log_in(client):
    product = make_product()
    response = client.post(reverse("wishlist:toggle", args=[product.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert not WishlistItem.objects.exists()


def test_price_drop_note(client, shopper):
    product = make_product("100.00")
    wishlist_add(user=shopper, product=product)
    SKU.objects.filter(product=product).update(price=Decimal("80.00"))
    product_refresh_prices(product_ids=[product.pk])
    log_in(client, shopper)
    html = client.get(reverse("wishlist:list")).content.decode()
    assert product.name in html
    assert "¥20.00" in html
    assert "¥100.00" in html


def test_no_note_when_price_is_the_same(client, shopper):
    product = make_product("100.00")
    wishlist_add(user=shopper, product=product)
    log_in(client, shopper)
    html = client.get(reverse("wishlist:list")).content.decode()
    assert "badge-price-drop" not in html


def test_listing_hearts_cost_one_query(client, shopper, django_assert_max_num_queries):
    category = CategoryFactory()
    for _ in range(3):
        product = ProductFactory(category=category)
        SKUFactory(product=product, stock=5)
    wishlist_add(user=shopper, product=product)
    log_in(client, shopper)
    url = category.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(100) as few:
        client.get(url)
    for _ in range(10):
        SKUFactory(product=ProductFactory(category=category), stock=5)
    with django_assert_max_num_queries(100) as many:
        html = client.get(url).content.decode()
    assert len(many) == len(few)
    assert html.count('class="wishlist-form is-compact"') == 13
    assert html.count('aria-pressed="true"') == 1
