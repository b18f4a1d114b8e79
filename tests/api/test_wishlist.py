"""The wishlist through the API: the shopper's own items only, saved price from the server."""

from decimal import Decimal

import pytest

from tests.factories import ProductFactory, SKUFactory
from wishlist.models import WishlistItem

URL = "/api/v1/wishlist/"


@pytest.fixture
def product(db):
    product = SKUFactory(price=Decimal("50.00"), stock=3).product
    product.refresh_from_db()
    return product


def test_add_list_and_remove(shopper, shopper_api, product):
    added = shopper_api.post(
        URL, {"product": product.pk, "saved_price": "0.01", "user": 999}, format="json"
    )
    assert added.status_code == 201, added.json()
    item = WishlistItem.objects.get()
    assert (item.user, item.saved_price) == (shopper, Decimal("50.00"))
    assert shopper_api.post(URL, {"product": product.pk}, format="json").status_code == 201
    listing = shopper_api.get(URL).json()
    assert [row["product"]["slug"] for row in listing["results"]] == [product.slug]
    assert listing["results"][0]["available"] is True
    assert shopper_api.delete(f"{URL}{product.pk}/").status_code == 204
    assert shopper_api.delete(f"{URL}{product.pk}/").status_code == 404
    assert shopper_api.delete(f"{URL}{2**90}/").status_code == 404
    assert not WishlistItem.objects.exists()


def test_unknown_or_unsold_product_refused(shopper_api, product):
    assert shopper_api.post(URL, {"product": 10**9}, format="json").status_code == 404
    gone = ProductFactory(is_active=False)
    refused = shopper_api.post(URL, {"product": gone.pk}, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "not_sold"
    assert not WishlistItem.objects.exists()


def test_other_users_items_out_of_reach(shopper, other_api, product):
    WishlistItem.objects.create(user=shopper, product=product, saved_price=product.min_price)
    assert other_api.get(URL).json()["results"] == []
    assert other_api.delete(f"{URL}{product.pk}/").status_code == 404
    assert WishlistItem.objects.count() == 1


def test_anonymous_refused(api, product):
    assert api.get(URL).status_code in {401, 403}
    assert api.post(URL, {"product": product.pk}, format="json").status_code in {401, 403}


def test_rate_limited_like_the_page(settings, shopper_api, product):
    settings.REVIEW_RATE_LIMITS = {**settings.REVIEW_RATE_LIMITS, "wishlist": (1, 60)}
    assert shopper_api.post(URL, {"product": product.pk}, format="json").status_code == 201
    limited = shopper_api.delete(f"{URL}{product.pk}/")
    assert limited.status_code == 429
    assert limited.json()["detail"]
    assert WishlistItem.objects.count() == 1


def test_list_queries_bounded(shopper, shopper_api, django_assert_max_num_queries):
    for _ in range(5):
        product = SKUFactory().product
        WishlistItem.objects.create(user=shopper, product=product, saved_price=product.min_price)
    for size in (1, 50):
        with django_assert_max_num_queries(5):
            response = shopper_api.get(URL, {"page_size": size})
        assert len(response.json()["results"]) == min(size, 5)
