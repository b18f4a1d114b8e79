from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from inventory.models import Stock
from tests.factories import (
    AttributeFactory,
    AttributeValueFactory,
    BrandFactory,
    ProductFactory,
    ProductImageFactory,
    SKUFactory,
)

from .conftest import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Read pages in English, the language of the source strings."""
    with translation.override("en"):
        yield


def _names(response):
    return [product.name_en for product in response.context["page"].object_list]


def _category(client, slug, **params):
    return client.get(reverse("catalog:category", args=[slug]), params)


class TestHome:
    def test_shows_tiles_new_arrivals_and_best_sellers(self, client, tree):
        make_product(category=tree["phones"], name_en="Hit", sales_count=40)
        make_product(category=tree["smartphones"], name_en="Fresh")

        response = client.get("/en/")

        assert response.status_code == 200
        assert [p.name_en for p in response.context["new_arrivals"]] == ["Fresh", "Hit"]
        assert [p.name_en for p in response.context["best_sellers"]] == ["Hit", "Fresh"]
        assert list(response.context["categories"]) == [tree["books"], tree["phones"]]
        assert 'href="/en/c/phones/"' in response.text

    def test_empty_shop(self, client, db):
        response = client.get("/en/")
        assert response.status_code == 200
        assert "No products yet" in response.text

    def test_card_shows_price_list_price_stock_and_picture(self, client, tree):
        product = ProductFactory(category=tree["phones"], name_en="Phone")
        SKUFactory(
            product=product, price=Decimal("1299.00"), list_price=Decimal("1599.00"), stock=2
        )
        image = ProductImageFactory(product=product)

        response = client.get("/en/")

        assert "¥1,299.00" in response.text
        assert '<s class="list-price">' in response.text
        assert "¥1,599.00" in response.text
        assert "Only 2 left" in response.text
        assert image.image.url in response.text

    def test_card_placeholder_and_sold_out_badge(self, client, tree):
        make_product(category=tree["phones"], stock=0)

        response = client.get("/en/")

        assert "img-placeholder" in response.text
        assert "badge-sold-out" in response.text


class TestCategory:
    def test_lists_descendants_with_breadcrumbs_and_subcategories(self, client, tree):
        make_product(category=tree["phones"], name_en="Phone")
        make_product(category=tree["smartphones"], name_en="Smartphone")
        make_product(category=tree["books"], name_en="Book")

        response = _category(client, "phones")

        assert response.status_code == 200
        assert sorted(_names(response)) == ["Phone", "Smartphone"]
        assert list(response.context["children"]) == [tree["smartphones"]]
        sub = _category(client, "smartphones")
        assert [c.slug for c in sub.context["trail"]] == ["phones", "smartphones"]
        assert '<span aria-current="page">Smartphones</span>' in sub.text

    @pytest.mark.parametrize("slug", ["nope", "books"])
    def test_unknown_or_inactive_category_is_404(self, client, tree, slug):
        tree["books"].is_active = False
        tree["books"].save()
        response = _category(client, slug)
        assert response.status_code == 404
        assert "Page not found" in response.text

    def test_filters_by_brand_and_price(self, client, tree):
        acme, other = BrandFactory(slug="acme"), BrandFactory(slug="other")
        make_product(category=tree["phones"], name_en="Cheap Acme", brand=acme, price="5")
        make_product(category=tree["phones"], name_en="Dear Acme", brand=acme, price="500")
        make_product(category=tree["phones"], name_en="Other", brand=other, price="50")

        assert sorted(_names(_category(client, "phones", brand="acme"))) == [
            "Cheap Acme",
            "Dear Acme",
        ]
        response = _category(client, "phones", price_min="10", price_max="100")
        assert _names(response) == ["Other"]
        response = _category(client, "phones", brand=["acme", "other"], price_max="100")
        assert sorted(_names(response)) == ["Cheap Acme", "Other"]
        assert response.context["selected"]["brands"] == {"acme", "other"}

    def test_filters_by_attribute_values(self, client, tree):
        colour = AttributeFactory(name_en="Colour")
        red, blue = AttributeValueFactory(attribute=colour), AttributeValueFactory(attribute=colour)
        SKUFactory(product__category=tree["phones"], product__name_en="Red", options=[red])
        SKUFactory(product__category=tree["phones"], product__name_en="Blue", options=[blue])

        response = _category(client, "phones", attr=red.pk)

        assert _names(response) == ["Red"]
        assert f'name="attr" value="{red.pk}" checked' in response.text
        assert "Colour" in response.text

    def test_sorts(self, client, tree):
        make_product(category=tree["phones"], name_en="B", price="2")
        make_product(category=tree["phones"], name_en="A", price="1")

        assert _names(_category(client, "phones", sort="price_asc")) == ["A", "B"]
        assert _names(_category(client, "phones", sort="price_desc")) == ["B", "A"]

    @pytest.mark.parametrize(
        "params",
        [
            {"price_min": "abc"},
            {"price_max": "1e999"},
            {"price_min": "NaN"},
            {"price_min": "-5"},
            {"sort": "drop table"},
            {"brand": "no-such-brand"},
            {"brand": "nul\x00"},
            {"q": "nul\x00", "attr": "\x00"},
            {"attr": "x"},
            {"attr": "999999"},
            {"page": "x"},
            {"page": "999"},
            {"page": "-1"},
        ],
    )
    def test_bad_parameters_fall_back(self, client, tree, params):
        make_product(category=tree["phones"], name_en="Phone")

        response = _category(client, "phones", **params)

        assert response.status_code == 200
        assert _names(response) == ["Phone"]

    def test_bad_filter_is_reported(self, client, tree):
        response = _category(client, "phones", price_min="abc")
        assert "have been ignored" in response.text

    def test_paginates(self, client, tree, settings):
        settings.PAGE_SIZE = 2
        for index in range(5):
            make_product(category=tree["phones"], name_en=f"P{index}", price=str(index + 1))

        first = _category(client, "phones", sort="price_asc")
        last = _category(client, "phones", sort="price_asc", page="3")
        beyond = _category(client, "phones", sort="price_asc", page="99")

        assert _names(first) == ["P0", "P1"]
        assert "page=2" in first.text
        assert "sort=price_asc" in first.text
        assert _names(last) == ["P4"]
        assert _names(beyond) == ["P4"]

    def test_no_match(self, client, tree):
        make_product(category=tree["phones"], price="5")
        response = _category(client, "phones", price_min="100")
        assert "No products match these filters." in response.text


class TestProduct:
    def _get(self, client, product):
        return client.get(reverse("catalog:product", args=[product.slug]))

    def test_page(self, client, tree):
        colour = AttributeFactory(name="颜色", name_en="Colour")
        size = AttributeFactory(name="尺码", name_en="Size")
        red = AttributeValueFactory(attribute=colour, value="红", value_en="Red")
        medium = AttributeValueFactory(attribute=size, value="中", value_en="M")
        material = AttributeValueFactory(value_en="Cotton")
        product = ProductFactory(
            category=tree["smartphones"],
            name_en="T-shirt",
            description_en="Soft.",
            attributes=[material],
            brand=BrandFactory(name_en="Acme"),
        )
        in_stock = SKUFactory(product=product, options=[red, medium], price=Decimal("59.00"))
        Stock.objects.create(sku=in_stock, on_hand=50)
        sold_out = SKUFactory(product=product, price=Decimal("49.00"), stock=0)
        ProductImageFactory.create_batch(2, product=product)

        response = self._get(client, product)
        html = response.text

        assert response.status_code == 200
        for text in ("T-shirt", "Acme", "Soft.", "Cotton", "In stock", "Sold out"):
            assert text in html
        assert "Colour: Red / Size: M" in html
        assert 'action="/en/cart/add/"' in html
        assert f'name="sku" value="{in_stock.pk}" required checked' in html
        assert f'name="sku" value="{sold_out.pk}" required disabled' in html
        assert 'name="quantity" value="1" min="1"' in html
        assert 'name="next" value="/en/p/' in html
        assert "data-gallery-thumb" in html
        assert [c.slug for c in response.context["trail"]] == ["phones", "smartphones"]

    def test_everything_sold_out_disables_the_button(self, client, tree):
        product = make_product(category=tree["phones"], stock=0)

        html = self._get(client, product).text

        assert 'type="submit" disabled>Sold out' in html
        assert "img-placeholder" in html

    def test_chinese_page(self, client, tree):
        product = make_product(category=tree["phones"], name="绿茶", name_en="Green tea")
        with translation.override("zh-hans"):
            response = self._get(client, product)
        assert '<h1 class="product-name">绿茶</h1>' in response.text

    def test_unknown_and_inactive_products_are_404(self, client, tree):
        inactive = make_product(category=tree["phones"], is_active=False)

        assert client.get("/en/p/no-such-product/").status_code == 404
        response = self._get(client, inactive)
        assert response.status_code == 404
        assert "Page not found" in response.text


class TestSearch:
    def _search(self, client, **params):
        return client.get(reverse("catalog:search"), params)

    def test_finds_products(self, client, tree):
        make_product(category=tree["phones"], name_en="Green tea")
        make_product(category=tree["phones"], name_en="Black tea", price="1")
        make_product(category=tree["phones"], name_en="Coffee")

        response = self._search(client, q="  tea ", sort="price_asc")

        assert response.status_code == 200
        assert _names(response) == ["Black tea", "Green tea"]
        assert "Results for “tea”" in response.text
        assert 'value="tea"' in response.text

    @pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}])
    def test_empty_query_asks_for_words(self, client, tree, params):
        make_product(category=tree["phones"])

        response = self._search(client, **params)

        assert response.status_code == 200
        assert _names(response) == []
        assert "Type a product name" in response.text

    def test_too_long_query_is_refused_politely(self, client, tree):
        make_product(category=tree["phones"], name_en="a" * 10)

        response = self._search(client, q="a" * 500)

        assert response.status_code == 200
        assert _names(response) == []
        assert "at most 100 characters" in response.text

    def test_nul_character_is_refused_politely(self, client, tree):
        response = self._search(client, q="tea\x00")
        assert response.status_code == 200
        assert _names(response) == []

    def test_no_result_and_bad_page(self, client, tree):
        response = self._search(client, q="zzz", page="x", sort="bogus")
        assert response.status_code == 200
        assert "Nothing matched your search." in response.text


def test_header_menu_and_language_switch(client, tree):
    response = client.get("/en/")
    html = response.text
    assert 'class="category-nav"' in html
    assert ">Phones</a>" in html
    assert "Smartphones" not in html
    assert '<a href="/" hreflang="zh-hans" lang="zh-hans">简体中文</a>' in html
    assert 'hreflang="zh-hans" href="http://testserver/"' in html
    assert 'action="/en/search/"' in html


def test_language_switch_keeps_the_page(client, tree):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/c/phones/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/c/phones/"
