import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from catalog.models import Category, Product
from inventory.models import Stock
from tests.factories import (
    AttributeValueFactory,
    CategoryFactory,
    ProductImageFactory,
    SKUFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def admin_client(client):
    """A superuser reading the admin in English (the admin has no language prefix)."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def sku(tree):
    value = AttributeValueFactory()
    sku = SKUFactory(
        product__category=tree["smartphones"],
        product__tags=[TagFactory()],
        product__attributes=[AttributeValueFactory()],
        options=[value],
        price=Decimal("30.00"),
        stock=4,
    )
    ProductImageFactory(product=sku.product)
    return sku


def _objects(sku):
    product = sku.product
    return {
        "catalog_category": product.category,
        "catalog_brand": product.brand,
        "catalog_tag": product.tags.get(),
        "catalog_attribute": sku.options.get().attribute,
        "catalog_attributevalue": sku.options.get(),
        "catalog_product": product,
        "catalog_sku": sku,
        "inventory_stock": sku.stock,
    }


def test_every_admin_page_loads(admin_client, sku):
    assert admin_client.get(reverse("admin:index")).status_code == 200
    for name, obj in _objects(sku).items():
        for url in (
            reverse(f"admin:{name}_changelist"),
            reverse(f"admin:{name}_add"),
            reverse(f"admin:{name}_change", args=[obj.pk]),
        ):
            assert admin_client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "query",
    [
        "q=SKU",
        "q=69",
        "is_active__exact=1",
        "tags__id__exact=1",
        "brand__id__exact=1",
        "category__id__exact=1",
        "o=6",
    ],
)
def test_product_changelist_search_and_filters(admin_client, sku, query):
    response = admin_client.get(reverse("admin:catalog_product_changelist") + "?" + query)
    assert response.status_code == 200


def test_product_changelist_shows_thumbnail_price_and_stock(admin_client, sku):
    response = admin_client.get(reverse("admin:catalog_product_changelist"))
    product = response.context["cl"].result_list[0]
    assert product.total_on_hand == 4
    assert "<img src=" in response.text
    assert "30.00" in response.text


def test_product_search_finds_sku_code_and_both_names(admin_client, sku):
    url = reverse("admin:catalog_product_changelist")
    product = sku.product
    for query in (sku.code, sku.barcode, product.name_zh_hans, product.name_en):
        response = admin_client.get(url, {"q": query})
        assert list(response.context["cl"].result_list) == [product], query


def _product_form(product, sku, **changes):
    data = {
        "name_zh_hans": product.name_zh_hans,
        "name_en": product.name_en,
        "slug": product.slug,
        "category": product.category_id,
        "brand": product.brand_id,
        "is_active": "on",
        "description_zh_hans": "",
        "description_en": "",
        "skus-TOTAL_FORMS": "2",
        "skus-INITIAL_FORMS": "1",
        "skus-MIN_NUM_FORMS": "0",
        "skus-MAX_NUM_FORMS": "1000",
        "skus-0-id": sku.pk,
        "skus-0-product": product.pk,
        "skus-0-code": sku.code,
        "skus-0-barcode": sku.barcode,
        "skus-0-price": "30.00",
        "skus-0-list_price": "",
        "skus-0-on_hand": "4",
        "skus-0-is_active": "on",
        "skus-0-position": "0",
        "skus-1-product": product.pk,
        "skus-1-position": "0",
        "skus-1-is_active": "on",
        "images-TOTAL_FORMS": "1",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
        "images-0-product": product.pk,
        "images-0-position": "0",
    }
    data.update(changes)
    return data


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (600, 400), "teal").save(buffer, "PNG")
    return SimpleUploadedFile("pic.png", buffer.getvalue(), content_type="image/png")


def test_saving_a_product_sets_stock_and_recomputes_the_lowest_price(admin_client, sku):
    product = sku.product
    url = reverse("admin:catalog_product_change", args=[product.pk])
    data = _product_form(
        product,
        sku,
        **{
            "skus-0-on_hand": "12",
            "skus-1-code": "NEW-1",
            "skus-1-price": "19.90",
            "skus-1-on_hand": "7",
            "images-0-image": _png(),
        },
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    product.refresh_from_db()
    assert product.min_price == Decimal("19.90")
    assert Stock.objects.get(sku=sku).on_hand == 12
    assert Stock.objects.get(sku__code="NEW-1").on_hand == 7
    new_image = product.images.order_by("-id").first()
    assert new_image.thumbnail.name
    assert new_image.large.name


def test_on_hand_below_reserved_is_a_form_error(admin_client, sku, english):
    Stock.objects.filter(sku=sku).update(reserved=3)
    url = reverse("admin:catalog_product_change", args=[sku.product.pk])

    response = admin_client.post(url, _product_form(sku.product, sku, **{"skus-0-on_hand": "2"}))

    assert response.status_code == 200
    assert "3 units reserved" in response.text
    assert Stock.objects.get(sku=sku).on_hand == 4


def test_adding_a_child_category_through_the_tree_form(admin_client, tree):
    response = admin_client.post(
        reverse("admin:catalog_category_add"),
        {
            "name_zh_hans": "平板",
            "name_en": "Tablets",
            "slug": "tablets",
            "description_zh_hans": "",
            "description_en": "",
            "is_active": "on",
            "_position": "sorted-child",
            "_ref_node_id": tree["phones"].pk,
        },
    )

    assert response.status_code == 302
    tablets = Category.objects.get(slug="tablets")
    assert tablets.get_parent() == tree["phones"]
    assert tablets.name_en == "Tablets"


def test_moving_a_sku_to_another_product_refreshes_both_prices(admin_client, sku):
    other = SKUFactory(price=Decimal("50.00")).product
    cheap = SKUFactory(product=sku.product, price=Decimal("10.00"))
    response = admin_client.post(
        reverse("admin:catalog_sku_change", args=[cheap.pk]),
        {
            "product": other.pk,
            "code": cheap.code,
            "barcode": cheap.barcode,
            "price": "10.00",
            "list_price": "",
            "is_active": "on",
            "position": "0",
        },
    )

    assert response.status_code == 302
    assert Product.objects.get(pk=sku.product.pk).min_price == Decimal("30.00")
    assert Product.objects.get(pk=other.pk).min_price == Decimal("10.00")


def test_category_changelist_is_a_tree(admin_client, tree):
    CategoryFactory(parent=Category.objects.get(slug="smartphones"))
    response = admin_client.get(reverse("admin:catalog_category_changelist"))
    assert response.status_code == 200
    assert "tree" in response.text
