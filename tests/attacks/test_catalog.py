"""Hostile query strings, slugs and methods against the catalog pages."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import AttributeValueFactory, CategoryFactory, ProductFactory, SKUFactory

pytestmark = pytest.mark.django_db

MARKUP = '"><script>alert(1)</script>'
HOSTILE_VALUES = [
    "",
    "-1",
    "0",
    "1.5",
    "abc",
    "1000000000",
    "1" + "0" * 100,
    "x" * 5000,
    "😀中文",
    "a\x00b",
    MARKUP,
    "' OR 1=1; --",
    "1e309",
    "NaN",
    "Infinity",
    "-0",
    "%",
    "9223372036854775808",
    "-9223372036854775809",
    "{{ 7*7 }}",
]
PARAMS = ["page", "sort", "q", "price_min", "price_max", "brand", "attr"]


@pytest.fixture
def product():
    category = CategoryFactory(slug="phones", name_en="Phones")
    value = AttributeValueFactory()
    product = ProductFactory(category=category, slug="phone", name_en="Phone")
    SKUFactory(product=product, price=Decimal("10.00"), stock=3, options=[value])
    return product


@pytest.fixture
def pages(product):
    return [
        reverse("catalog:home"),
        reverse("catalog:category", args=["phones"]),
        reverse("catalog:search"),
        product.get_absolute_url(),
    ]


def _listed(response):
    return [product.slug for product in response.context["page"].object_list]


@pytest.mark.parametrize(
    "attr", ["9223372036854775808", "1" + "0" * 40, "-9223372036854775809", str(2**64)]
)
def test_an_attribute_id_too_large_for_the_database_is_ignored(browser, product, attr):
    response = browser.get(reverse("catalog:category", args=["phones"]), {"attr": attr})

    assert response.status_code == 200
    assert _listed(response) == ["phone"]
    assert "have been ignored" in response.text


def test_an_attribute_id_too_large_drops_the_whole_attribute_filter(browser, product):
    value = product.skus.get().options.get()
    other = AttributeValueFactory(attribute=value.attribute)

    response = browser.get(
        reverse("catalog:category", args=["phones"]), {"attr": [str(other.pk), str(2**64)]}
    )

    assert response.status_code == 200
    assert _listed(response) == ["phone"]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_query_strings_never_break_a_page(browser, pages, value):
    for page in pages:
        response = browser.get(page, dict.fromkeys(PARAMS, value))

        assert response.status_code == 200, page
        assert MARKUP not in response.text


def test_repeated_parameters_are_harmless(browser, pages):
    params = [(name, value) for name in PARAMS for value in ("a", "price_asc", "2")]
    for page in pages:
        assert browser.get(page, params).status_code == 200


@pytest.mark.parametrize(
    "slug", ["does-not-exist", "a" * 300, "%2e%2e", "..%2f..%2fshop%2fsettings.py"]
)
@pytest.mark.parametrize("language", ["", "/en"])
@pytest.mark.parametrize("kind", ["c", "p"])
def test_unknown_slugs_get_the_shops_404_page(browser, product, slug, language, kind):
    response = browser.get(f"{language}/{kind}/{slug}/")

    assert response.status_code == 404
    assert 'class="error-page"' in response.text


@pytest.mark.parametrize("path", ["/en/en/", "/zh-hans/", "/en/zh-hans/cart/", "/fr/"])
def test_language_prefix_oddities_are_404(browser, path):
    assert browser.get(path).status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch", "trace"])
def test_the_read_only_pages_refuse_other_methods(browser, pages, method):
    for page in pages:
        assert getattr(browser, method)(page).status_code == 405, page


def test_head_is_served(browser, pages):
    for page in pages:
        response = browser.head(page)
        assert response.status_code == 200, page
        assert response.content == b""


@pytest.mark.parametrize(
    "path", ["/media/../shop/settings.py", "/media/..%2fshop%2fsettings.py", "/media/%00"]
)
def test_media_paths_cannot_leave_the_media_folder(browser, path):
    response = browser.get(path)

    assert response.status_code in (400, 404)
    assert b"SECRET_KEY" not in b"".join(getattr(response, "streaming_content", [b""]))
    assert b"SECRET_KEY" not in getattr(response, "content", b"")
