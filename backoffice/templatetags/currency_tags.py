"""Show prices also in the shopper's chosen currency, as an approximation."""

from decimal import Decimal
from typing import Any

from django import template
from django.conf import settings
from django.utils.html import format_html

from backoffice.currency import chosen_currency, convert, display_rate, format_approx

register = template.Library()


@register.simple_tag(takes_context=True)
def approx_price(context: template.Context, amount: Decimal | None) -> str:
    """Render ≈ US$12.34 beside a price when the shopper chose another currency."""
    request = context.get("request")
    if amount in (None, "") or request is None:
        return ""
    currency, rate = display_rate(request)
    if rate is None:
        return ""
    converted = convert(Decimal(amount), rate)
    return format_html(' <span class="approx-price">{}</span>', format_approx(converted, currency))


@register.inclusion_tag("backoffice/currency_switch.html", takes_context=True)
def currency_switch(context: template.Context) -> dict[str, Any]:
    """Offer the display currencies the settings name (no query: it is on every page)."""
    request = context.get("request")
    offered = settings.SHOP_DISPLAY_CURRENCIES
    return {
        "currencies": [settings.SHOP_CURRENCY, *offered] if offered else [],
        "current": chosen_currency(request) if request is not None else settings.SHOP_CURRENCY,
        "next": request.get_full_path() if request is not None else "/",
    }
