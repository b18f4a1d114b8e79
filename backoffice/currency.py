"""Approximate prices in a shopper's chosen currency; orders stay in the shop's currency."""

import csv
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from shop.pagecache import pages_changed

from .models import ExchangeRate

SESSION_KEY = "display_currency"
RATES_CACHE_KEY = "backoffice:exchange-rates"
SYMBOLS = {"USD": "US$", "EUR": "€", "GBP": "£", "JPY": "JP¥", "HKD": "HK$"}
CENT = Decimal("0.01")


class RatesRefused(ValueError):
    """A rates file with a bad row: nothing was changed."""


@dataclass(frozen=True)
class RateRow:
    currency: str
    rate: Decimal


def rates() -> dict[str, Decimal]:
    """Return every display rate by currency code, from the cache when it has them."""
    known = cache.get(RATES_CACHE_KEY)
    if known is None:
        known = dict(ExchangeRate.objects.values_list("currency", "rate"))
        cache.set(RATES_CACHE_KEY, known, None)
    return known


def rates_changed() -> None:
    cache.delete(RATES_CACHE_KEY)
    pages_changed()


def display_rate(request: HttpRequest) -> tuple[str, Decimal | None]:
    """Return the currency the shopper chose to see and its rate (None for the shop's own),
    looked up once per request: every price on a page asks."""
    found = getattr(request, "display_rate", None)
    if found is None:
        session = getattr(request, "session", None)
        chosen = session.get(SESSION_KEY) if session is not None else None
        # Only a shopper who chose another currency costs a look at the rates.
        rate = rates().get(chosen) if chosen else None
        found = (chosen, rate) if rate is not None else (settings.SHOP_CURRENCY, None)
        request.display_rate = found  # type: ignore[attr-defined]
    return found


def chosen_currency(request: HttpRequest) -> str:
    """Return the currency the shopper chose to see, or the shop's own."""
    return display_rate(request)[0]


def currency_choose(*, request: HttpRequest, currency: str) -> bool:
    """Keep the shopper's display currency in the session; False for an unknown one."""
    if currency == settings.SHOP_CURRENCY:
        request.session.pop(SESSION_KEY, None)
    elif currency not in settings.SHOP_DISPLAY_CURRENCIES or currency not in rates():
        return False
    else:
        request.session[SESSION_KEY] = currency
    request.__dict__.pop("display_rate", None)
    return True


def convert(amount: Decimal, rate: Decimal) -> Decimal:
    return (Decimal(amount) * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def format_approx(amount: Decimal, currency: str) -> str:
    """Say an approximate amount, e.g. ≈ US$12.34."""
    symbol = SYMBOLS.get(currency, f"{currency} ")
    return f"≈ {symbol}{amount:,.2f}"


def parse_rates(text: str) -> list[RateRow]:
    """Read `currency,rate` rows (a header line first); a bad row raises RatesRefused."""
    reader = csv.DictReader(io.StringIO(text))
    missing = {"currency", "rate"} - set(reader.fieldnames or ())
    if missing:
        raise RatesRefused(_("missing columns: %(names)s") % {"names": ", ".join(sorted(missing))})
    parsed: list[RateRow] = []
    for number, row in enumerate(reader, start=2):
        parsed.append(_rate_row(number, row))
    if not parsed:
        raise RatesRefused(_("the file has no rates"))
    return parsed


def _rate_row(number: int, row: dict[str, str]) -> RateRow:
    code = (row.get("currency") or "").strip().upper()
    if len(code) != 3 or not code.isalpha() or code == settings.SHOP_CURRENCY:
        raise RatesRefused(
            _("row %(row)d, column currency: not a foreign three-letter code") % {"row": number}
        )
    try:
        rate = Decimal((row.get("rate") or "").strip())
    except InvalidOperation:
        rate = Decimal(0)
    if not rate.is_finite() or rate <= 0 or rate >= Decimal("1e8"):
        raise RatesRefused(_("row %(row)d, column rate: not a positive number") % {"row": number})
    return RateRow(code, rate.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP))


@transaction.atomic
def exchange_rates_update(*, rows: list[RateRow]) -> tuple[int, int]:
    """Create or update the rates; return (created, updated)."""
    existing = set(
        ExchangeRate.objects.select_for_update()
        .filter(currency__in=[row.currency for row in rows])
        .values_list("currency", flat=True)
    )
    for row in rows:
        ExchangeRate.objects.update_or_create(currency=row.currency, defaults={"rate": row.rate})
    # Now and after commit: a reader between the two would cache the old rates again.
    rates_changed()
    transaction.on_commit(rates_changed)
    created = len({row.currency for row in rows} - existing)
    return created, len({row.currency for row in rows}) - created
