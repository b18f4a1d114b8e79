"""Catalog pages kept for guests: served alike, each guest's own parts filled, never stale."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inventory.services import stock_move
from promotions.models import PromotionKind
from recommend.services import VIEWED_SESSION_KEY
from shop.pagecache import PAGES, _seconds_to_keep, hole
from tests.factories import CategoryFactory, ProductFactory, SKUFactory, UserFactory
from tests.promotions.test_shop_pricing import promote

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pages_kept(settings):
    settings.PAGE_CACHE_SECONDS = 60


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def sku():
    category = CategoryFactory(slug="tea")
    product = ProductFactory(category=category, slug="green-tea", name_en="Green tea")
    return SKUFactory(product=product, code="TEA-1", price=Decimal("99.00"), stock=50)


def page(sku) -> str:
    return reverse("catalog:product", kwargs={"slug": sku.product.slug})


def listing() -> str:
    return reverse("catalog:category", kwargs={"slug": "tea"})


def test_a_second_guest_is_served_the_kept_page_without_rendering_it(
    sku, django_assert_max_num_queries
):
    first = Client().get(listing())

    with django_assert_max_num_queries(0):
        second = Client().get(listing())

    assert second.status_code == 200
    assert "Green tea" in second.text or "商品" in second.text
    assert TOKEN.sub("", first.text) == TOKEN.sub("", second.text)


def test_no_hole_mark_reaches_the_guest(sku):
    for _ in range(2):
        body = Client().get(page(sku)).text
        for name in ("csrf_token", "cart_count", "messages"):
            assert hole(name) not in body


def test_each_guest_gets_a_csrf_token_of_their_own_that_adds_to_the_cart(sku):
    Client().get(page(sku))
    guest = Client(enforce_csrf_checks=True)
    kept = guest.get(page(sku))
    token = TOKEN.search(kept.text).group(1)

    added = guest.post(
        reverse("cart:add"), {"sku": sku.pk, "quantity": 2, "csrfmiddlewaretoken": token}
    )

    assert added.status_code == 302
    assert 'id="cart-count" class="cart-count">2<' in guest.get(page(sku)).text
    assert 'id="cart-count" class="cart-count">0<' in Client().get(page(sku)).text


def test_a_message_for_one_guest_shows_on_the_kept_page_and_only_for_them(sku, english):
    Client().get(page(sku))
    guest = Client()

    back = guest.post(
        reverse("cart:add"), {"sku": sku.pk, "quantity": 1, "next": page(sku)}, follow=True
    )

    assert back.redirect_chain[-1][0] == page(sku)
    assert "message-success" in back.text
    assert 'id="cart-count" class="cart-count">1<' in back.text
    assert "message-success" not in guest.get(page(sku)).text
    assert "message-success" not in Client().get(page(sku)).text


def test_a_filter_warning_is_not_kept_for_other_guests(sku):
    warned = Client().get(listing() + "?sort=nonsense&min_price=abc")
    again = Client().get(listing() + "?sort=nonsense&min_price=abc")

    assert warned.status_code == again.status_code == 200
    assert "message-warning" in warned.text
    assert "message-warning" in again.text


def test_a_signed_in_shopper_is_never_served_a_kept_page(client, sku):
    Client().get(page(sku))
    client.force_login(UserFactory(username="lihua"))

    response = client.get(page(sku))

    assert hole("csrf_token") not in response.text
    assert "lihua" in response.text or reverse("accounts:profile") in response.text


def test_a_kept_product_page_still_records_the_guest_view(sku):
    Client().get(page(sku))
    guest = Client()

    guest.get(page(sku))

    assert guest.session[VIEWED_SESSION_KEY] == [sku.product.pk]


def test_each_language_is_kept_apart(sku, english):
    chinese = Client().get(f"/p/{sku.product.slug}/")
    in_english = Client().get(f"/en/p/{sku.product.slug}/")

    assert '<html lang="zh-hans">' in chinese.text
    assert '<html lang="en">' in in_english.text


def test_a_price_change_shows_at_once(sku):
    Client().get(page(sku))
    sku.price = Decimal("79.00")
    sku.save()

    assert "¥79.00" in Client().get(page(sku)).text


def test_a_new_promotion_shows_at_once(sku, english):
    Client().get(page(sku))
    promote(PromotionKind.PERCENT_OFF, {"percent": 20}, targets={"sku": sku})

    assert "¥79.20" in Client().get(page(sku)).text


def test_stock_falling_to_few_then_none_shows_at_once(sku, english):
    Client().get(page(sku))
    version = PAGES.current()

    stock_move(sku_id=sku.pk, quantity=-10, reason="damage")
    assert PAGES.current() == version  # 40 left: still simply "in stock"
    stock_move(sku_id=sku.pk, quantity=-37, reason="damage")
    assert "Only 3 left" in Client().get(page(sku)).text
    stock_move(sku_id=sku.pk, quantity=-3, reason="damage")
    assert "Sold out" in Client().get(page(sku)).text


def test_a_page_is_not_kept_past_the_start_of_a_promotion(sku, english, settings):
    settings.PAGE_CACHE_SECONDS = 3600
    now = timezone.now()
    starts = now + timedelta(seconds=2)
    promote(PromotionKind.PERCENT_OFF, {"percent": 50}, targets={"sku": sku}, starts_at=starts)

    assert 0 <= _seconds_to_keep(now) <= 2


def test_a_page_rendered_across_a_promotion_start_is_not_kept(sku, english, monkeypatch):
    starts = timezone.now() + timedelta(hours=1)
    promote(PromotionKind.PERCENT_OFF, {"percent": 50}, targets={"sku": sku}, starts_at=starts)
    # The page is priced just before the start; by the time it is done, the sale is on.
    clock = iter([starts - timedelta(milliseconds=5)])
    monkeypatch.setattr(
        "shop.pagecache.timezone.now", lambda: next(clock, starts + timedelta(milliseconds=5))
    )

    Client().get(page(sku))

    with CaptureQueriesContext(connection) as rendered:
        Client().get(page(sku))
    assert len(rendered) > 0


@pytest.mark.parametrize("host", ["testserver:1", "TESTSERVER", "testserver."])
def test_a_host_written_otherwise_is_not_kept(sku, settings, host):
    settings.ALLOWED_HOSTS = ["testserver", "testserver."]
    for _ in range(2):
        with CaptureQueriesContext(connection) as rendered:
            Client().get(listing(), headers={"host": host})
        assert len(rendered) > 0


def test_nothing_is_kept_or_served_while_the_cache_cannot_tell_the_versions(sku, monkeypatch):
    Client().get(listing())
    monkeypatch.setattr("shop.versions.cache.get_many", lambda keys: {})
    monkeypatch.setattr("shop.versions.cache.get", lambda key, default=None: None)

    with CaptureQueriesContext(connection) as rendered:
        assert Client().get(listing()).status_code == 200
    assert len(rendered) > 0


def test_a_page_is_not_kept_when_keeping_is_off(sku, settings):
    settings.PAGE_CACHE_SECONDS = 0
    Client().get(listing())

    response = Client().get(listing())

    assert response.status_code == 200
    assert hole("csrf_token") not in response.text


@pytest.mark.parametrize(
    "query",
    [
        "?junk=1",
        "?utm_source=ad",
        "?page=1&page=2",
        "?page=abc",
        "?page=12345",
        "?page=0002",
        "?page=\u0661",
        "?page=%31",
        "?page=2&&",
        "?&",
        "?sort=nonsense",
        "?brand=a",
    ],
)
def test_a_made_up_address_is_rendered_not_kept(sku, query):
    Client().get(listing() + query)

    with CaptureQueriesContext(connection) as rendered:
        assert Client().get(listing() + query).status_code == 200

    assert len(rendered) > 0


def test_the_pages_own_links_are_kept(sku, django_assert_max_num_queries):
    for query in ("?page=1", "?sort=price_asc", "?page=2&sort=newest"):
        Client().get(listing() + query)
        with django_assert_max_num_queries(0):
            assert Client().get(listing() + query).status_code == 200
