"""Read-side queries for the storefront's catalog pages.

Every listing goes through product_cards(): one query returns everything a product card
shows (price, compare-at price, stock, thumbnail), so a page costs the same number of
queries whatever the number of products on it.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.db.models import (
    Case,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from inventory.models import Stock

from .models import SKU, Attribute, AttributeValue, Brand, Category, Product, ProductImage

HOME_SECTION_SIZE = 8
SEARCH_MAX_TERMS = 8


class ProductSort:
    """The listing sorts: the query-string value and the label shoppers see."""

    DEFAULT = ""
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"
    NEWEST = "newest"
    BEST_SELLING = "best_selling"
    RATING = "rating"

    choices = [
        (DEFAULT, _("Featured")),
        (PRICE_ASC, _("Price: low to high")),
        (PRICE_DESC, _("Price: high to low")),
        (NEWEST, _("Newest")),
        (BEST_SELLING, _("Best selling")),
        (RATING, _("Top rated")),
    ]


_ORDERINGS = {
    # Featured (综合排序) keeps what can be bought first, then the nightly ranking score
    # (sales velocity, Bayesian rating, conversion, availability), then what sells.
    ProductSort.DEFAULT: (
        Case(When(stock_available__gt=0, then=Value(0)), default=Value(1)),
        F("ranking__score").desc(nulls_last=True),
        "-sales_count",
        "-created_at",
        "-id",
    ),
    ProductSort.PRICE_ASC: ("min_price", "id"),
    ProductSort.PRICE_DESC: ("-min_price", "id"),
    ProductSort.NEWEST: ("-created_at", "-id"),
    ProductSort.BEST_SELLING: ("-sales_count", "-id"),
    ProductSort.RATING: (F("rating").desc(nulls_last=True), "-sales_count", "-id"),
}


@dataclass
class Facets:
    """What a category listing can be narrowed by."""

    brands: list[Brand]
    attributes: list[tuple[Attribute, list[AttributeValue]]] = field(default_factory=list)


def category_menu() -> QuerySet[Category]:
    """Return the active top-level categories, for the header menu and home tiles."""
    return Category.get_root_nodes().filter(is_active=True)


def category_active() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True)


def category_children(*, category: Category) -> QuerySet[Category]:
    return category.get_children().filter(is_active=True)


def category_trail(*, category: Category) -> list[Category]:
    """Return the category's ancestors from the root, then the category itself."""
    return [*category.get_ancestors(), category]


def product_first_image() -> Subquery:
    """Return the stored file name of the product's first picture, its thumbnail if made."""
    first_image = (
        ProductImage.objects.filter(product=OuterRef("pk"))
        .order_by("position", "id")
        .values(
            name=Coalesce(NullIf("thumbnail", Value("")), "image", output_field=models.CharField())
        )
    )
    return Subquery(first_image[:1])


def product_cards() -> QuerySet[Product]:
    """Return the shoppable products, annotated with what a product card shows."""
    active_skus = SKU.objects.filter(product=OuterRef("pk"), is_active=True)
    cheapest = active_skus.order_by("price", "id").values(
        compare=Case(When(list_price__gt=F("price"), then=F("list_price")))
    )
    available = (
        Stock.objects.filter(sku__product=OuterRef("pk"), sku__is_active=True)
        .values("sku__product")
        .annotate(total=Sum(F("on_hand") - F("reserved")))
        .values("total")
    )
    return (
        Product.objects.filter(is_active=True, category__is_active=True)
        .filter(Exists(active_skus))
        .select_related("brand")
        .annotate(
            compare_at_price=Subquery(cheapest[:1]),
            stock_available=Coalesce(Subquery(available), 0),
            card_image=product_first_image(),
        )
    )


def product_sorted(queryset: QuerySet[Product], *, sort: str) -> QuerySet[Product]:
    """Order a product_cards() queryset by one of ProductSort; unknown sorts fall back."""
    return queryset.order_by(*_ORDERINGS.get(sort, _ORDERINGS[ProductSort.DEFAULT]))


def product_new_arrivals(*, limit: int = HOME_SECTION_SIZE) -> list[Product]:
    return list(product_sorted(product_cards(), sort=ProductSort.NEWEST)[:limit])


def product_best_sellers(*, limit: int = HOME_SECTION_SIZE) -> list[Product]:
    return list(product_sorted(product_cards(), sort=ProductSort.BEST_SELLING)[:limit])


def category_products(*, category: Category) -> QuerySet[Product]:
    """Return the cards of a category and of all its descendants (a path-prefix match)."""
    return product_cards().filter(category__path__startswith=category.path)


def category_facets(*, category: Category) -> Facets:
    """Return the brands and attribute values found among a category's products."""
    products = Product.objects.filter(is_active=True, category__path__startswith=category.path)
    brands = list(Brand.objects.filter(id__in=products.values("brand_id")))
    product_values = Product.attributes.through.objects.filter(product__in=products).values(
        "attributevalue_id"
    )
    sku_values = SKU.options.through.objects.filter(
        sku__product__in=products, sku__is_active=True
    ).values("attributevalue_id")
    values = AttributeValue.objects.filter(
        Q(id__in=product_values) | Q(id__in=sku_values)
    ).select_related("attribute")
    groups: dict[int, tuple[Attribute, list[AttributeValue]]] = {}
    for value in values:
        groups.setdefault(value.attribute_id, (value.attribute, []))[1].append(value)
    return Facets(brands=brands, attributes=list(groups.values()))


def product_with_values(
    queryset: QuerySet[Product], *, values: list[AttributeValue]
) -> QuerySet[Product]:
    """Keep products that have, on themselves or an active SKU, one value of each attribute."""
    by_attribute: dict[int, list[int]] = {}
    for value in values:
        by_attribute.setdefault(value.attribute_id, []).append(value.id)
    for ids in by_attribute.values():
        on_product = Product.attributes.through.objects.filter(attributevalue_id__in=ids)
        on_sku = SKU.objects.filter(is_active=True, options__in=ids)
        queryset = queryset.filter(
            Q(id__in=on_product.values("product_id")) | Q(id__in=on_sku.values("product_id"))
        )
    return queryset


def product_search(*, query: str) -> QuerySet[Product]:
    """Return the cards whose name, brand, category or SKU code contain every word of query."""
    queryset = product_cards()
    for term in query.split()[:SEARCH_MAX_TERMS]:
        sku_match = SKU.objects.filter(is_active=True, code__icontains=term)
        queryset = queryset.filter(
            Q(name_zh_hans__icontains=term)
            | Q(name_en__icontains=term)
            | Q(brand__name_zh_hans__icontains=term)
            | Q(brand__name_en__icontains=term)
            | Q(category__name_zh_hans__icontains=term)
            | Q(category__name_en__icontains=term)
            | Q(id__in=sku_match.values("product_id"))
        )
    return queryset


def product_detail() -> QuerySet[Product]:
    """Return the shoppable products with everything the product page shows prefetched."""
    options = AttributeValue.objects.select_related("attribute")
    skus = (
        SKU.objects.filter(is_active=True)
        .annotate(
            available=Coalesce(F("stock__on_hand") - F("stock__reserved"), 0),
            low_threshold=Coalesce(F("stock__low_threshold"), settings.LOW_STOCK_THRESHOLD),
            compare_at_price=Case(When(list_price__gt=F("price"), then=F("list_price"))),
        )
        .prefetch_related(Prefetch("options", queryset=options))
    )
    return (
        Product.objects.filter(is_active=True, category__is_active=True)
        .select_related("brand", "category")
        .prefetch_related(
            "images",
            Prefetch("attributes", queryset=options),
            Prefetch("skus", queryset=skus, to_attr="active_skus"),
        )
    )


def sku_default(*, skus: list[SKU]) -> SKU | None:
    """Return the SKU to preselect: the first one that can be bought."""
    return next((sku for sku in skus if sku.available > 0), None)  # type: ignore[attr-defined]
