"""The merchant's admin and its log-in page under hostile input."""

from decimal import Decimal

import pytest
from django.urls import reverse

from inventory.models import Stock
from tests.factories import AddressFactory, SKUFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def merchant(browser):
    browser.force_login(UserFactory(is_staff=True, is_superuser=True))
    return browser


@pytest.fixture
def sku():
    return SKUFactory(stock=4, price=Decimal("30.00"))


def _product_form(sku, on_hand):
    product = sku.product
    return {
        "name_zh_hans": product.name_zh_hans,
        "name_en": product.name_en,
        "slug": product.slug,
        "category": product.category_id,
        "brand": product.brand_id,
        "is_active": "on",
        "skus-TOTAL_FORMS": "1",
        "skus-INITIAL_FORMS": "1",
        "skus-MIN_NUM_FORMS": "0",
        "skus-MAX_NUM_FORMS": "1000",
        "skus-0-id": sku.pk,
        "skus-0-product": product.pk,
        "skus-0-code": sku.code,
        "skus-0-barcode": sku.barcode,
        "skus-0-price": "30.00",
        "skus-0-on_hand": on_hand,
        "skus-0-is_active": "on",
        "skus-0-position": "0",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
    }


@pytest.mark.parametrize("on_hand", [str(10**20), "9223372036854775808"])
def test_units_on_hand_too_large_for_the_database_are_a_form_error(merchant, sku, on_hand):
    url = reverse("admin:catalog_product_change", args=[sku.product.pk])

    response = merchant.post(url, _product_form(sku, on_hand))

    assert response.status_code == 200
    assert response.context["errors"]
    assert Stock.objects.get(sku=sku).on_hand == 4


def test_the_saved_units_on_hand_still_work(merchant, sku):
    url = reverse("admin:catalog_product_change", args=[sku.product.pk])

    response = merchant.post(url, _product_form(sku, "12"))

    assert response.status_code == 302
    assert Stock.objects.get(sku=sku).on_hand == 12


def test_anonymous_admin_is_sent_to_log_in(browser):
    response = browser.get(reverse("admin:index"))

    assert response.status_code == 302
    assert reverse("admin:login") in response.url


@pytest.mark.parametrize("next_url", ["//evil.example", "https://evil.example"])
def test_admin_log_in_refuses_shoppers_and_never_leaves_the_shop(browser, next_url):
    UserFactory(username="shopper")
    staff = UserFactory(username="staff", is_staff=True)
    url = reverse("admin:login")

    shopper = browser.post(
        url, {"username": "shopper", "password": "correct-horse-battery", "next": next_url}
    )
    merchant = browser.post(
        url, {"username": staff.username, "password": "correct-horse-battery", "next": next_url}
    )

    assert shopper.status_code == 200
    assert merchant.status_code == 302
    assert merchant.url.startswith("/")
    assert "evil" not in merchant.url


def test_an_address_stays_with_its_owner_when_the_admin_edits_it(merchant):
    address = AddressFactory(is_default=True)
    owner, other = address.user, UserFactory()
    url = reverse("admin:accounts_address_change", args=[address.pk])
    data = {
        "user": other.pk,
        "recipient": "李四",
        "phone": "13800138000",
        "country": "CN",
        "province": "上海市",
        "city": "上海市",
        "district": "浦东新区",
        "street": "世纪大道 1 号",
        "postcode": "200120",
    }

    form = merchant.get(url).context["adminform"].form
    response = merchant.post(url, data)

    assert "user" not in form.fields
    assert response.status_code == 302
    address.refresh_from_db()
    assert (address.user, address.recipient, address.is_default) == (owner, "李四", True)
