"""The wishlist page and the add/remove buttons."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from catalog.models import Product
from reviews.ratelimit import RateLimit
from shop.navigation import safe_next

from . import selectors, services


@login_required
@require_safe
def wishlist(request: HttpRequest) -> HttpResponse:
    items = selectors.wishlist_items(user=request.user)  # type: ignore[arg-type]
    return render(request, "wishlist/list.html", {"items": items})


@require_POST
def toggle(request: HttpRequest, product_id: int) -> HttpResponse:
    """Add a product to the wishlist, or remove it when the form says so."""
    product = get_object_or_404(Product, pk=product_id)
    target = safe_next(request, request.POST.get("next", ""), product.get_absolute_url())
    if not request.user.is_authenticated:
        return redirect_to_login(target)
    if not RateLimit.for_request(request, action="wishlist").hit():
        messages.error(
            request, _("You have done that too often. Please wait a while and try again.")
        )
    elif request.POST.get("action") == "remove":
        services.wishlist_remove(user=request.user, product_id=product.pk)  # type: ignore[arg-type]
        messages.success(request, _("Removed from your wishlist."))
    elif product.is_active:
        services.wishlist_add(user=request.user, product=product)  # type: ignore[arg-type]
        messages.success(request, _("Saved to your wishlist."))
    else:
        messages.error(request, _("This product is no longer sold."))
    return redirect(target)
