"""Recommendation fragments and search suggestions, loaded by htmx after the page.

The pages themselves cost no query for recommendations: each list arrives as a fragment
with its own fixed number of queries, so a slow list never holds up the page.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from catalog.search import search_suggestions
from promotions.pricing import product_prices
from shop.ids import MAX_ID

from . import selectors


def _list(request: HttpRequest, products: list, *, title: str) -> HttpResponse:
    product_prices(products, user=request.user, now=timezone.now())
    return render(request, f"recommend/{title}.html", {"products": products})


@require_safe
def also_bought(request: HttpRequest, product_id: int) -> HttpResponse:
    if product_id > MAX_ID:
        raise Http404
    return _list(request, selectors.also_bought(product_id=product_id), title="also_bought")


@require_safe
def you_may_like(request: HttpRequest) -> HttpResponse:
    products = selectors.you_may_like(user=request.user, session=request.session)
    return _list(request, products, title="you_may_like")


@require_safe
def complete_your_order(request: HttpRequest) -> HttpResponse:
    products = selectors.complete_your_order(user=request.user, session=request.session)
    return _list(request, products, title="complete_your_order")


@require_safe
def suggest(request: HttpRequest) -> HttpResponse:
    products = search_suggestions(query=request.GET.get("q", ""))
    return render(request, "recommend/suggestions.html", {"products": products})
