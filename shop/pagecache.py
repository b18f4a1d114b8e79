"""Catalog pages kept whole for guests: rendered once, served to every guest alike.

A guest (not signed in) sees the home, listing and product pages as every other guest with
the same address, language and display currency does; only three parts are theirs: the CSRF
token in forms, the cart's unit count and the messages. A kept page holds those as holes,
filled for each request.

A kept page is stale when anything it shows may have changed: catalog rows, reviews and rates
bump the page version (`pages_changed`), promotions their own version, and stock bumps the page
version when a SKU's "only N left" or "sold out" badge may change. It never outlives
PAGE_CACHE_SECONDS, nor the next moment a promotion starts, ends or turns into a flash sale.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import wraps
from hashlib import sha256
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language

from .versions import Version

PAGES = Version("pages:version")
HOLES_ATTRIBUTE = "page_holes"


def pages_changed() -> None:
    """Make every kept page stale: something guests see has changed."""
    PAGES.changed()


def hole(name: str) -> str:
    """Return the mark a hole leaves in a kept page; nobody can type it into a page's data."""
    return "hole-" + salted_hmac("shop.pagecache", name).hexdigest()[:24]


def in_holes_mode(request: HttpRequest | None) -> bool:
    """Say whether the page being rendered is to be kept, with holes for the guest's parts."""
    return getattr(request, HOLES_ATTRIBUTE, False)


def _cart_count(request: HttpRequest) -> str:
    from cart.selectors import cart_unit_count

    return render_to_string(
        "cart/partials/cart_count.html", {"cart_count": cart_unit_count(request)}
    )


def _messages(request: HttpRequest) -> str:
    return render_to_string("partials/messages.html", {"messages": get_messages(request)})


# The parts of a page that are each guest's own, by name; the CSRF token is the third.
FILLERS: dict[str, Callable[[HttpRequest], str]] = {
    "cart_count": _cart_count,
    "messages": _messages,
}


def fill(request: HttpRequest, name: str) -> str:
    """Render a hole's part for this request."""
    return FILLERS[name](request)


@dataclass(frozen=True)
class Kept:
    """A page as kept: its body with holes, and what the view wants done on every hit."""

    body: str
    content_type: str
    extra: Mapping[str, Any] = field(default_factory=dict)


def _key(request: HttpRequest, currency: str) -> str:
    from promotions.cache import VERSION as PROMOTIONS

    pages, promotions = Version.current_of(PAGES, PROMOTIONS)
    address = sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"page:{pages}:{promotions}:{get_language()}:{currency}:{address}"


def _seconds_to_keep() -> int:
    from promotions.pricing import display_changes_at

    seconds = settings.PAGE_CACHE_SECONDS
    now = timezone.now()
    until = display_changes_at(now)
    if until is not None:
        seconds = min(seconds, int((until - now).total_seconds()))
    return seconds


# A query value longer than any the pages offer: such an address is rendered, not kept.
LONGEST_VALUE = 40


def _keepable_query(request: HttpRequest, params: frozenset[str]) -> bool:
    """Say whether the query string holds only the page's own links: known names, one short
    value each, page numbers in digits. Made-up addresses must not fill the cache."""
    for name, values in request.GET.lists():
        if name not in params or len(values) != 1 or len(values[0]) > LONGEST_VALUE:
            return False
        if name.endswith("page") and not values[0].isdecimal():
            return False
    return True


def _servable(request: HttpRequest, params: frozenset[str]) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not getattr(request, "htmx", False)
        and _keepable_query(request, params)
        and not request.user.is_authenticated
    )


def _served(request: HttpRequest, kept: Kept) -> HttpResponse:
    body = kept.body.replace(hole("csrf_token"), get_token(request))
    for name in FILLERS:
        mark = hole(name)
        if mark in body:
            body = body.replace(mark, fill(request, name))
    return HttpResponse(body, content_type=kept.content_type)


def guest_page(
    params: Iterable[str] = (),
    on_hit: Callable[[HttpRequest, Mapping[str, Any]], None] | None = None,
) -> Callable:
    """Keep a view's page for guests; `on_hit` repeats the view's side effects when served kept.

    `params` names the query parameters of the page's own links (sorting, filters, pages);
    an address with any other is rendered for its request alone. The view gives `on_hit`
    what it needs by setting `response.kept_extra` (a dict).
    """
    params = frozenset(params)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _servable(request, params):
                return view(request, *args, **kwargs)
            from backoffice.currency import chosen_currency

            key = _key(request, chosen_currency(request))
            kept = cache.get(key)
            if kept is not None:
                if on_hit is not None:
                    on_hit(request, kept.extra)
                return _served(request, kept)
            messages_before = len(get_messages(request))
            setattr(request, HOLES_ATTRIBUTE, True)
            try:
                response = view(request, *args, **kwargs)
            finally:
                setattr(request, HOLES_ATTRIBUTE, False)
            if response.status_code != 200 or response.streaming:
                return response
            kept = Kept(
                body=response.content.decode(response.charset),
                content_type=response["Content-Type"],
                extra=getattr(response, "kept_extra", {}),
            )
            # A message the view gave this guest (a filter it ignored) is not every guest's.
            if len(get_messages(request)) != messages_before:
                return _served(request, kept)
            seconds = _seconds_to_keep()
            if seconds > 0:
                cache.set(key, kept, seconds)
            return _served(request, kept)

        return wrapper

    return decorator


def _model_changed(**kwargs: Any) -> None:
    pages_changed()


def watch(models: Iterable[type[Model]]) -> None:
    """Make kept pages stale whenever a row of these models (or their many-to-many) changes."""
    for model in models:
        uid = f"pagecache:{model._meta.label}"
        post_save.connect(_model_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_model_changed, sender=model, dispatch_uid=uid)
        for relation in model._meta.local_many_to_many:
            m2m_changed.connect(
                _model_changed, sender=relation.remote_field.through, dispatch_uid=uid
            )
