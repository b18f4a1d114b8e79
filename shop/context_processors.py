"""Template context every page needs."""

from django.conf import settings
from django.http import HttpRequest

from cart.selectors import cart_unit_count


def shop(request: HttpRequest) -> dict:
    """Expose the currency and the cart's unit count to templates."""
    return {"SHOP_CURRENCY": settings.SHOP_CURRENCY, "cart_count": cart_unit_count(request)}
