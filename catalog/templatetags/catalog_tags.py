"""Template helpers for catalog pages: money, media links, stock badges, the menu."""

from decimal import Decimal

from django import template
from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import QuerySet

from catalog.models import Category
from catalog.selectors import category_menu
from inventory.models import StockState, stock_state

register = template.Library()

CURRENCY_SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "HKD": "HK$"}


@register.filter
def money(amount: Decimal | None) -> str:
    """Format an amount in the shop's currency, e.g. ¥1,299.00."""
    if amount is None or amount == "":
        return ""
    symbol = CURRENCY_SYMBOLS.get(settings.SHOP_CURRENCY, settings.SHOP_CURRENCY + " ")
    return f"{symbol}{Decimal(amount):,.2f}"


@register.filter
def media_url(name: str) -> str:
    """Return the public URL of a stored file name."""
    return default_storage.url(name) if name else ""


@register.filter(name="stock_state")
def stock_state_filter(available: int | None, low_threshold: int | None = None) -> str:
    threshold = settings.LOW_STOCK_THRESHOLD if low_threshold is None else low_threshold
    return stock_state(available or 0, threshold)


@register.inclusion_tag("catalog/partials/stock_badge.html")
def stock_badge(available: int | None, low_threshold: int | None = None) -> dict:
    """Show in stock, only N left, or sold out."""
    return {
        "state": stock_state_filter(available, low_threshold),
        "available": available or 0,
        "states": StockState,
    }


@register.simple_tag
def menu_categories() -> QuerySet[Category]:
    return category_menu()
