from decimal import Decimal

import pytest

from catalog import selectors
from catalog.selectors import ProductSort
from catalog.services import product_image_make_renditions
from inventory.models import Stock
from tests.factories import (
    AttributeFactory,
    AttributeValueFactory,
    BrandFactory,
    ProductFactory,
    ProductImageFactory,
    SKUFactory,
    StockFactory,
)

from .conftest import make_product

pytestmark = pytest.mark.django_db


def _names(queryset):
    return [product.name_en for product in queryset]


def test_cards_show_compare_at_price_of_the_cheapest_sku(tree):
    product = ProductFactory(category=tree["phones"])
    SKUFactory(product=product, price=Decimal("80.00"), list_price=Decimal("100.00"))
    SKUFactory(product=product, price=Decimal("90.00"), list_price=Decimal("200.00"))

    card = selectors.product_cards().get()

    assert card.min_price == Decimal("80.00")
    assert card.compare_at_price == Decimal("100.00")


def test_cards_hide_a_list_price_that_is_not_higher(tree):
    product = ProductFactory(category=tree["phones"])
    SKUFactory(product=product, price=Decimal("80.00"), list_price=Decimal("80.00"))

    assert selectors.product_cards().get().compare_at_price is None


def test_cards_add_up_available_units_of_active_skus(tree):
    product = ProductFactory(category=tree["phones"])
    StockFactory(sku=SKUFactory(product=product), on_hand=10, reserved=4)
    SKUFactory(product=product, stock=3)
    SKUFactory(product=product, stock=50, is_active=False)
    SKUFactory(product=product)  # no stock row at all

    assert selectors.product_cards().get().stock_available == 9


def test_cards_without_any_stock_row_show_zero(tree):
    product = ProductFactory(category=tree["phones"])
    SKUFactory(product=product)

    assert selectors.product_cards().get().stock_available == 0


def test_cards_use_the_first_picture_and_its_thumbnail_once_made(tree):
    product = make_product(category=tree["phones"])
    second = ProductImageFactory(product=product, position=2)
    first = ProductImageFactory(product=product, position=1)

    assert selectors.product_cards().get().card_image == first.image.name

    product_image_make_renditions(image_ids=[first.pk, second.pk])
    first.refresh_from_db()
    assert selectors.product_cards().get().card_image == first.thumbnail.name


def test_cards_leave_out_what_cannot_be_bought(tree):
    make_product(category=tree["phones"], name_en="Shown")
    make_product(category=tree["phones"], name_en="Inactive", is_active=False)
    ProductFactory(category=tree["phones"], name_en="No SKU")
    SKUFactory(product__category=tree["phones"], product__name_en="Inactive SKU", is_active=False)
    tree["books"].is_active = False
    tree["books"].save()
    make_product(category=tree["books"], name_en="Hidden category")

    assert _names(selectors.product_cards()) == ["Shown"]


def test_category_products_include_descendants_only(tree):
    make_product(category=tree["phones"], name_en="Phone")
    make_product(category=tree["smartphones"], name_en="Smartphone")
    make_product(category=tree["books"], name_en="Book")

    phones = selectors.category_products(category=tree["phones"])
    smartphones = selectors.category_products(category=tree["smartphones"])

    assert sorted(_names(phones)) == ["Phone", "Smartphone"]
    assert _names(smartphones) == ["Smartphone"]


def test_category_trail_and_children(tree):
    assert selectors.category_trail(category=tree["smartphones"]) == [
        tree["phones"],
        tree["smartphones"],
    ]
    assert list(selectors.category_children(category=tree["phones"])) == [tree["smartphones"]]
    assert list(selectors.category_menu()) == [tree["books"], tree["phones"]]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (ProductSort.PRICE_ASC, ["Cheap", "Middle", "Dear"]),
        (ProductSort.PRICE_DESC, ["Dear", "Middle", "Cheap"]),
        (ProductSort.NEWEST, ["Dear", "Middle", "Cheap"]),
        (ProductSort.BEST_SELLING, ["Middle", "Cheap", "Dear"]),
        (ProductSort.RATING, ["Cheap", "Dear", "Middle"]),
        (ProductSort.DEFAULT, ["Middle", "Cheap", "Dear"]),
        ("no-such-sort", ["Middle", "Cheap", "Dear"]),
    ],
)
def test_sorts(tree, sort, expected):
    make_product(
        category=tree["phones"], name_en="Cheap", price="1.00", sales_count=5, rating=Decimal("4.5")
    )
    make_product(category=tree["phones"], name_en="Middle", price="2.00", sales_count=9)
    make_product(
        category=tree["phones"], name_en="Dear", price="3.00", sales_count=1, rating=Decimal("3")
    )

    assert _names(selectors.product_sorted(selectors.product_cards(), sort=sort)) == expected


def test_featured_puts_sold_out_products_last(tree):
    make_product(category=tree["phones"], name_en="Sold out", sales_count=100, stock=0)
    make_product(category=tree["phones"], name_en="Available", sales_count=1, stock=2)

    cards = selectors.product_sorted(selectors.product_cards(), sort=ProductSort.DEFAULT)

    assert _names(cards) == ["Available", "Sold out"]


def test_home_sections(tree):
    make_product(category=tree["phones"], name_en="Old hit", sales_count=50)
    make_product(category=tree["phones"], name_en="New", sales_count=0)

    assert _names(selectors.product_new_arrivals(limit=1)) == ["New"]
    assert _names(selectors.product_best_sellers(limit=1)) == ["Old hit"]


def test_facets_list_brands_and_values_used_in_the_subtree(tree):
    colour = AttributeFactory(name_en="Colour", position=1)
    material = AttributeFactory(name_en="Material", position=2)
    red = AttributeValueFactory(attribute=colour, value_en="Red")
    glass = AttributeValueFactory(attribute=material, value_en="Glass")
    AttributeValueFactory(attribute=colour, value_en="Unused")
    brand = BrandFactory(name_en="Acme")
    phone = ProductFactory(category=tree["smartphones"], brand=brand, attributes=[glass])
    SKUFactory(product=phone, options=[red])
    make_product(category=tree["books"])

    facets = selectors.category_facets(category=tree["phones"])

    assert facets.brands == [brand]
    assert facets.attributes == [(colour, [red]), (material, [glass])]


def test_values_filter_ors_within_an_attribute_and_ands_across(tree):
    colour, size = AttributeFactory(), AttributeFactory()
    red, blue = AttributeValueFactory(attribute=colour), AttributeValueFactory(attribute=colour)
    small = AttributeValueFactory(attribute=size)
    red_small = ProductFactory(category=tree["phones"], name_en="Red small", attributes=[small])
    SKUFactory(product=red_small, options=[red])
    SKUFactory(product__category=tree["phones"], product__name_en="Blue", options=[blue])
    SKUFactory(product__category=tree["phones"], product__name_en="Red", options=[red])

    cards = selectors.product_cards().order_by("id")

    assert _names(selectors.product_with_values(cards, values=[red, blue])) == [
        "Red small",
        "Blue",
        "Red",
    ]
    assert _names(selectors.product_with_values(cards, values=[red, small])) == ["Red small"]


@pytest.mark.parametrize(
    "query", ["绿茶", "green", "GREEN TEA", "茶叶", "Leaf", "Drinks", "饮品", "gt-001", "tea green"]
)
def test_search_matches_names_brand_category_and_sku_code(tree, query):
    drinks = tree["books"]
    drinks.name_zh_hans, drinks.name_en = "饮品", "Drinks"
    drinks.save()
    product = ProductFactory(
        category=drinks,
        name="绿茶",
        name_en="Green tea",
        brand=BrandFactory(name="茶叶", name_en="Leaf Co"),
    )
    SKUFactory(product=product, code="GT-001")
    make_product(category=tree["phones"], name_en="Phone")

    assert _names(selectors.product_search(query=query)) == ["Green tea"]


def test_search_needs_every_word(tree):
    make_product(category=tree["phones"], name_en="Green tea")

    assert _names(selectors.product_search(query="green coffee")) == []


def test_detail_annotates_each_active_sku(tree):
    product = ProductFactory(category=tree["phones"])
    SKUFactory(product=product, stock=0, position=1)
    low = SKUFactory(product=product, position=2)
    Stock.objects.create(sku=low, on_hand=3, reserved=1, low_threshold=4)
    SKUFactory(product=product, is_active=False)

    detail = selectors.product_detail().get(pk=product.pk)

    assert [(sku.available, sku.low_threshold) for sku in detail.active_skus] == [(0, 5), (2, 4)]
    assert selectors.sku_default(skus=detail.active_skus) == low
    assert selectors.sku_default(skus=detail.active_skus[:1]) is None
