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
from datetime import datetime
from functools import cache as cache_for_process
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


@cache_for_process
def _release() -> str:
    """Name the static files this process serves: a page kept by an older release links to
    files a newer one may no longer have."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    hashed = sorted(getattr(staticfiles_storage, "hashed_files", {}).items())
    return sha256(repr(hashed).encode()).hexdigest()[:12]


def _key(request: HttpRequest, currency: str) -> str | None:
    """Return the page's key, or None when the cache cannot say which versions are current."""
    from promotions.cache import VERSION as PROMOTIONS

    pages, promotions = Version.current_of(PAGES, PROMOTIONS)
    if pages is None or promotions is None:
        return None
    address = sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"page:{_release()}:{pages}:{promotions}:{get_language()}:{currency}:{address}"


def _seconds_to_keep(rendered_from: datetime) -> int:
    """How long a page rendered from that moment on may be kept: not past the next moment
    a promotion starts, ends or turns into a flash sale, even one that passed meanwhile."""
    from promotions.pricing import display_changes_at

    seconds = settings.PAGE_CACHE_SECONDS
    until = display_changes_at(rendered_from)
    if until is not None:
        seconds = min(seconds, int((until - timezone.now()).total_seconds()))
    return seconds


def page_number(value: str) -> bool:
    """A page number as the pages write it: ASCII digits without leading zeros."""
    return value.isascii() and value.isdigit() and value[0] != "0" and len(value) <= 4


def one_of(*choices: str) -> Callable[[str], bool]:
    allowed = frozenset(choices)
    return allowed.__contains__


def _keepable_query(request: HttpRequest, params: Mapping[str, Callable[[str], bool]]) -> bool:
    """Say whether the query string holds only values of the page's own links, each once.

    Any other address is rendered for its request alone: made-up addresses must not fill
    the cache.
    """
    for name, values in request.GET.lists():
        valid = params.get(name)
        if valid is None or len(values) != 1 or not valid(values[0]):
            return False
    # Written as the pages write it: no empty "&&" or needless percent-encoding, which would
    # spell one page many ways.
    return request.META.get("QUERY_STRING", "") == request.GET.urlencode()


def _keepable_host(request: HttpRequest) -> bool:
    """Refuse a Host header written otherwise than plainly (capitals, a trailing dot, a port
    the server does not listen on): kept pages carry absolute links, and each spelling of
    one host would be kept apart."""
    host = request.get_host()
    name, colon, port = host.rpartition(":")
    if not colon or not port.isdecimal():
        name, port = host, ""
    return (
        host == host.lower()
        and not name.endswith(".")
        and (not port or port == request.META.get("SERVER_PORT"))
    )


def _servable(request: HttpRequest, params: Mapping[str, Callable[[str], bool]]) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not getattr(request, "htmx", False)
        and _keepable_query(request, params)
        and _keepable_host(request)
        and not request.user.is_authenticated
    )


def _filled(request: HttpRequest, body: str) -> str:
    body = body.replace(hole("csrf_token"), get_token(request))
    for name in FILLERS:
        mark = hole(name)
        if mark in body:
            body = body.replace(mark, fill(request, name))
    return body


def guest_page(
    params: Mapping[str, Callable[[str], bool]] | None = None,
    on_hit: Callable[[HttpRequest, Mapping[str, Any]], None] | None = None,
) -> Callable:
    """Keep a view's page for guests; `on_hit` repeats the view's side effects when served kept.

    `params` gives the query parameters of the page's own links (sorting, pages) with a
    check of their values. The view gives `on_hit` what it needs by setting
    `response.kept_extra` (a dict).
    """
    params = params or {}

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _servable(request, params):
                return view(request, *args, **kwargs)
            from backoffice.currency import chosen_currency

            key = _key(request, chosen_currency(request))
            # Kept as a plain tuple: a class renamed by a newer release could not be read.
            kept = cache.get(key) if key is not None else None
            if kept is not None:
                body, content_type, extra = kept
                if on_hit is not None:
                    on_hit(request, extra)
                return HttpResponse(_filled(request, body), content_type=content_type)
            messages_before = len(get_messages(request))
            rendered_from = timezone.now()
            setattr(request, HOLES_ATTRIBUTE, True)
            try:
                response = view(request, *args, **kwargs)
            finally:
                setattr(request, HOLES_ATTRIBUTE, False)
            if response.status_code != 200 or response.streaming:
                return response
            body = response.content.decode(response.charset)
            response.content = _filled(request, body)
            # A message the view gave this guest (a filter it ignored) is not every guest's.
            if key is None or len(get_messages(request)) != messages_before:
                return response
            seconds = _seconds_to_keep(rendered_from)
            if seconds > 0:
                kept = (body, response["Content-Type"], getattr(response, "kept_extra", {}))
                cache.set(key, kept, seconds)
            return response

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
