"""Every URL pattern of the project, found by walking the resolver, with its access class."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # namespaced name, or the route itself for an unnamed pattern
    route: str
    callback: Any


def routes(patterns: list | None = None, prefix: str = "", ns: tuple = ()) -> Iterator[Route]:
    """Yield every URL pattern under the root URLconf."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = (*ns, pattern.namespace) if pattern.namespace else ns
            yield from routes(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join((*ns, pattern.name)) if pattern.name else route
            yield Route(name=name, route=route, callback=pattern.callback)


# Anyone may open these.
PUBLIC = {
    "set_language", "media/<path:path>", "backoffice:currency", "healthz", "readyz",
    "seo:robots", "seo:sitemap", "seo:sitemap_section", "share:product_qr",
    "accounts:signup", "accounts:login", "accounts:logout", "accounts:password_reset",
    "accounts:password_reset_done", "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    # A guest's cart lives in the session: it is the visitor's own by construction.
    "cart:detail", "cart:add", "cart:update", "cart:remove",
    "promotions:flash_sale", "promotions:coupon_apply", "promotions:coupon_remove",
    "recommend:suggest", "recommend:also_bought", "recommend:you_may_like",
    "recommend:complete_your_order", "reviews:feedback",
    "catalog:home", "catalog:search", "catalog:category", "catalog:product",
}  # fmt: skip
# The signed-in user's own pages: no object of anyone else's in the URL.
OWN = {
    "accounts:profile", "accounts:addresses", "accounts:address_add",
    "accounts:password_change", "accounts:password_change_done", "accounts:privacy",
    "accounts:privacy_export", "accounts:privacy_delete", "orders:checkout", "orders:list",
    "reviews:mine", "wishlist:list", "wishlist:toggle", "reviews:vote", "reviews:report",
}  # fmt: skip
# Pages about one object that belongs to one user: anyone else gets a 404.
PERSONAL = {
    "accounts:address_edit", "accounts:address_delete", "accounts:address_default",
    "orders:detail", "orders:cancel", "orders:confirm", "orders:refund",
    "payments:pay", "payments:sandbox", "payments:scan", "payments:qr", "payments:check",
    "reviews:write", "reviews:follow_up",
}  # fmt: skip
# Gateways post their notifications here: verified by signature, not by session or CSRF.
GATEWAY = {"payments_notify:receive"}


def kind(route: Route) -> str | None:
    """Return the access class of a route, or None for one nobody has classified yet."""
    if route.name.startswith(("admin:", "admin/", "backoffice_dashboard")):
        return "admin"
    if route.name.startswith("api:"):
        return "api"
    for label, names in (
        ("public", PUBLIC),
        ("own", OWN),
        ("personal", PERSONAL),
        ("gateway", GATEWAY),
    ):
        if route.name in names:
            return label
    return None
