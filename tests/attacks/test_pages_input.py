"""Hostile input against the small pages: wishlist, fragments, currency, privacy, sitemap."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import ProductFactory, SKUFactory, UserFactory
from wishlist.models import WishlistItem

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    "0",
    "-1",
    "abc",
    "1" + "0" * 30,
    "x" * 5000,
    "😀",
    "a\x00b",
    "1e309",
    "NaN",
    "https://evil.example/",
    "//evil.example",
    "javascript:alert(1)",
]
HUGE_ID = "99999999999999999999999"


@pytest.fixture
def shopper():
    return UserFactory()


@pytest.fixture
def signed_in(browser, shopper):
    browser.force_login(shopper)
    return browser


@pytest.mark.parametrize("next_url", HOSTILE)
def test_the_wishlist_button_stays_on_the_site_whatever_next_says(signed_in, next_url):
    product = ProductFactory()

    response = signed_in.post(reverse("wishlist:toggle", args=[product.pk]), {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == product.get_absolute_url()
    assert WishlistItem.objects.count() == 1


def test_the_wishlist_button_refuses_a_huge_id(signed_in):
    response = signed_in.post(f"/wishlist/{HUGE_ID}/")

    assert response.status_code == 404
    assert not WishlistItem.objects.exists()


def test_the_also_bought_fragment_refuses_a_huge_id(browser):
    response = browser.get(f"/recommend/p/{HUGE_ID}/")

    assert response.status_code == 404


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    ("method", "name", "field"),
    [
        ("get", "recommend:suggest", "q"),
        ("get", "recommend:you_may_like", "n"),
        ("get", "recommend:complete_your_order", "n"),
        ("get", "wishlist:list", "page"),
        ("post", "backoffice:currency", "currency"),
        ("post", "backoffice:currency", "next"),
        ("get", "healthz", "x"),
        ("get", "readyz", "x"),
    ],
)
def test_hostile_values_on_small_pages_never_fail(signed_in, method, name, field, value):
    response = getattr(signed_in, method)(reverse(name), {field: value})

    assert response.status_code < 500
    if response.status_code == 302:
        assert response["Location"].startswith("/")
        assert not response["Location"].startswith("//")


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-products.xml"])
def test_odd_sitemap_pages_are_not_found_or_shown(browser, path, value):
    ProductFactory()

    response = browser.get(path, {"p": value})

    assert response.status_code in (200, 404)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_password_deletes_no_account(signed_in, shopper, value):
    response = signed_in.post(
        reverse("accounts:privacy_delete"), {"password": value, "confirm": value}
    )

    assert response.status_code in (200, 302, 400)
    assert User.objects.filter(pk=shopper.pk, is_active=True).exists()


def test_the_export_refuses_a_guest(browser):
    response = browser.get(reverse("accounts:privacy_export"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("page", ["²", "٣", "-1", "9" * 40])
def test_an_odd_page_number_never_breaks_the_canonical_link(browser, page):
    response = browser.get("/en/", {"page": page})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "next_url", ["foo", "cart:detail", "//evil.example/", "https://evil.example/"]
)
def test_the_cart_sends_a_foreign_or_bare_next_back_to_the_cart(browser, next_url):
    sku = SKUFactory(stock=5)
    response = browser.post(reverse("cart:add"), {"sku": sku.pk, "quantity": 1, "next": next_url})
    assert response.status_code == 302
    assert response.url == reverse("cart:detail")
