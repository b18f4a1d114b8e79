"""Template context every page needs."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from cart.selectors import cart_unit_count

from .pagecache import hole, in_holes_mode


def shop(request: HttpRequest) -> dict:
    """Expose the currency and the cart's unit count (counted only if shown) to templates.

    A page rendered to be kept for every guest gets a hole in place of the CSRF token.
    """
    context = {
        "SHOP_CURRENCY": settings.SHOP_CURRENCY,
        "cart_count": SimpleLazyObject(lambda: cart_unit_count(request)),
    }
    if in_holes_mode(request):
        context["csrf_token"] = hole("csrf_token")
    return context
