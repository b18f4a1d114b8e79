"""Storefront pages: home, category listing, product detail and search."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from promotions.pricing import item_prices, product_prices, promotion_details
from recommend.selectors import popular
from recommend.services import viewed_remember
from reviews.selectors import ReviewSort
from shop.pagecache import guest_page, one_of, page_number

from . import search as product_search
from . import selectors
from .filters import ProductFilter
from .forms import SearchForm
from .models import Product

# The query parameters of the pages' own links, with their values: pages kept for guests.
LISTING_LINKS = {
    "page": page_number,
    "sort": one_of(*(value for value, _label in selectors.ProductSort.choices)),
}
PRODUCT_LINKS = {
    "stars": one_of("1", "2", "3", "4", "5"),
    "photos": one_of("1"),
    "sort_reviews": one_of(*ReviewSort.orderings),
    "reviews_page": page_number,
}


def _paginate(request: HttpRequest, queryset: QuerySet[Product]) -> tuple[Page, list]:
    """Return the requested page; a bad or out-of-range number falls back to a valid page."""
    paginator = Paginator(queryset, settings.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    page_range = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page, page_range


def _warn_ignored(request: HttpRequest, form_errors: dict) -> None:
    if form_errors:
        messages.warning(request, _("Some filters were not understood and have been ignored."))


def _priced(request: HttpRequest, *product_lists: list[Product]) -> None:
    """Give every card its price from the promotions engine, all lists at once."""
    product_prices(
        [product for products in product_lists for product in products],
        user=request.user,
        now=timezone.now(),
    )


@require_safe
@guest_page()
def home(request: HttpRequest) -> HttpResponse:
    new_arrivals = selectors.product_new_arrivals()
    best_sellers = selectors.product_best_sellers()
    _priced(request, new_arrivals, best_sellers)
    return render(
        request,
        "catalog/home.html",
        {
            "categories": selectors.category_menu(),
            "new_arrivals": new_arrivals,
            "best_sellers": best_sellers,
        },
    )


@require_safe
@guest_page(params=LISTING_LINKS)
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(selectors.category_active(), slug=slug)
    products = selectors.product_sorted(
        selectors.category_products(category=category), sort=selectors.ProductSort.DEFAULT
    )
    product_filter = ProductFilter(request.GET, queryset=products)
    page, page_range = _paginate(request, product_filter.qs)
    page.object_list = list(page.object_list)
    _priced(request, page.object_list)
    _warn_ignored(request, product_filter.form.errors)
    return render(
        request,
        "catalog/category.html",
        {
            "category": category,
            "trail": selectors.category_trail(category=category),
            "children": selectors.category_children(category=category),
            "facets": selectors.category_facets(category=category),
            "form": product_filter.form,
            "selected": product_filter.selected(),
            "page": page,
            "page_range": page_range,
        },
    )


def _remember_viewed(request: HttpRequest, kept: Mapping[str, Any]) -> None:
    viewed_remember(session=request.session, product_id=kept["product"])


@require_safe
@guest_page(params=PRODUCT_LINKS, on_hit=_remember_viewed)
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    product = get_object_or_404(selectors.product_detail(), slug=slug)
    # Remembered here, not by the page's fragments: a fragment's session write could race
    # the shopper's next click (adding to the cart) and overwrite it.
    viewed_remember(session=request.session, product_id=product.pk)
    prices = item_prices(product.active_skus, user=request.user, now=timezone.now())  # type: ignore[attr-defined]
    for sku in product.active_skus:  # type: ignore[attr-defined]
        sku.promo_price = prices.get(sku.pk)
    response = render(
        request,
        "catalog/product.html",
        {
            "product": product,
            "promotions": promotion_details(prices.values()),
            "trail": selectors.category_trail(category=product.category),
            "default_sku": selectors.sku_default(skus=product.active_skus),  # type: ignore[attr-defined]
            "max_quantity": settings.CART_MAX_LINE_QTY,
        },
    )
    response.kept_extra = {"product": product.pk}
    return response


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    # An invalid sort must not cost the shopper the search: keep the fields that validated.
    form.is_valid()
    query = form.cleaned_data.get("q", "")
    products: QuerySet[Product] = Product.objects.none()
    if query:
        products = product_search.product_search(
            query=query, sort=form.cleaned_data.get("sort", "")
        )
    page, page_range = _paginate(request, products)
    page.object_list = list(page.object_list)
    # Nothing found: offer what sells instead of an empty page.
    alternatives = popular() if query and not page.object_list else []
    _priced(request, page.object_list, alternatives)
    return render(
        request,
        "catalog/search.html",
        {
            "form": form,
            "query": query,
            "page": page,
            "page_range": page_range,
            "alternatives": alternatives,
            "categories": selectors.category_menu() if alternatives else [],
        },
    )
