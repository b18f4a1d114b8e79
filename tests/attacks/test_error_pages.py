"""The error pages a shopper sees when something breaks."""

import pytest
from django.db import DatabaseError
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    """Fail every page's first query, as a locked or unreachable database does."""

    def fail(request):
        raise DatabaseError("database is locked")

    monkeypatch.setattr("cart.selectors.cart_unit_count", fail)


@pytest.mark.parametrize("path", ["/", "/en/", "/en/p/no-such-product/"])
def test_the_500_page_needs_no_database(browser, database_down, path):
    response = browser.get(path)

    assert response.status_code == 500
    assert 'class="error-page"' in response.text
    assert "database is locked" not in response.text
    assert "Traceback" not in response.text


def test_the_500_page_needs_no_static_manifest(browser, database_down, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }

    response = browser.get("/")

    assert response.status_code == 500
    assert 'href="/static/css/shop.css"' in response.text


def test_the_404_page_is_in_the_pages_language(browser):
    assert '<html lang="en">' in browser.get("/en/p/no-such-product/").text
    assert '<html lang="zh-hans">' in browser.get("/p/no-such-product/").text


def test_a_form_without_its_csrf_token_gets_a_page_that_says_what_to_do(db):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post("/en/cart/add/", {"sku": "1", "quantity": "1"})

    assert response.status_code == 403
    assert "reload the page and send the form again" in response.text
    assert "DEBUG" not in response.text
    assert '<html lang="en">' in response.text


def test_a_request_with_too_many_fields_gets_the_shops_400_page(browser):
    query = "&".join(f"attr={number}" for number in range(2000))

    response = browser.get(f"/en/search/?{query}")

    assert response.status_code == 400
    assert 'class="error-page"' in response.text


def test_a_page_number_too_long_for_a_number_is_a_normal_page(client):
    response = client.get("/?page=" + "1" * 5000)

    assert response.status_code == 200
