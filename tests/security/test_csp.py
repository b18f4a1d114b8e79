"""Every main page sends the Content Security Policy and carries no inline script."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from catalog.models import SKU
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class InlineCode(HTMLParser):
    """Collect inline <script> elements that would run, and on*= handler attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        self.found += [f"<{tag} {name}=>" for name, _value in attrs if name.startswith("on")]
        if tag == "script" and "src" not in named and named.get("type") not in DATA_SCRIPT_TYPES:
            self.found.append("<script> without src")


def _inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def _pages(world) -> list[str]:
    return [
        reverse("catalog:home"),
        reverse("catalog:search") + "?q=test",
        reverse("catalog:product", kwargs={"slug": world.line.product.slug}),
        reverse("catalog:category", kwargs={"slug": world.line.product.category.slug}),
        reverse("cart:detail"),
        reverse("orders:checkout"),
        reverse("orders:list"),
        reverse("orders:detail", kwargs={"number": world.order.number}),
        reverse("payments:pay", kwargs={"number": world.order.number}),
        reverse("accounts:profile"),
        reverse("accounts:addresses"),
        reverse("accounts:privacy"),
        reverse("reviews:mine"),
        reverse("wishlist:list"),
    ]


STAFF_PAGES = ["admin:index", "backoffice_dashboard", "admin:orders_order_changelist"]


def _check(response) -> None:
    assert response.status_code == 200, response.request["PATH_INFO"]
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-eval" not in policy
    assert not re.search(r"script-src[^;]*unsafe-inline", policy)
    assert "frame-ancestors 'none'" in policy
    assert _inline_code(response.content.decode()) == [], response.request["PATH_INFO"]


def test_shop_pages_have_the_policy_and_no_inline_script(client, world, fill_cart):
    fill_cart((SKU.objects.get(pk=world.sku_id), 1))
    client.force_login(world.owner)
    for url in _pages(world):
        _check(client.get(url))


def test_admin_pages_and_dashboard_have_the_policy_and_no_inline_script(client, world):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for name in STAFF_PAGES:
        _check(client.get(reverse(name)))


def test_api_docs_load_their_script_from_a_file(client, world):
    client.force_login(world.owner)
    response = client.get(reverse("api:docs"))
    _check(response)
    script = client.get(reverse("api:docs") + "?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


def test_the_shop_policy_allows_no_inline_style_outside_admin_and_docs(client, world):
    policy = client.get(reverse("catalog:home"))["Content-Security-Policy"]
    assert "style-src 'self';" in policy + ";"
    assert "img-src 'self' data:" in policy
    assert "form-action 'self'" in policy


def test_payment_gateways_join_form_action_when_configured(monkeypatch):
    import importlib
    import os

    from shop import settings as shop_settings

    monkeypatch.setitem(os.environ, "STRIPE_SECRET_KEY", "sk")
    monkeypatch.setitem(os.environ, "STRIPE_WEBHOOK_SECRET", "wh")
    reloaded = importlib.reload(shop_settings)
    try:
        form_action = reloaded.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"]
        assert "https://checkout.stripe.com" in form_action
    finally:
        monkeypatch.undo()
        importlib.reload(shop_settings)
