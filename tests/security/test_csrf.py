"""Every state-changing form refuses a POST without its CSRF token."""

import pytest
from django.test import Client
from django.urls import reverse

from .urls import GATEWAY, kind, routes

pytestmark = pytest.mark.django_db


def _forms(world) -> list[str]:
    number = {"number": world.order.number}
    review = {"review_id": world.review.pk}
    return [
        reverse("cart:add"),
        reverse("cart:update"),
        reverse("cart:remove"),
        reverse("promotions:coupon_apply"),
        reverse("promotions:coupon_remove"),
        reverse("orders:checkout"),
        reverse("orders:cancel", kwargs=number),
        reverse("orders:confirm", kwargs=number),
        reverse("orders:refund", kwargs={"number": world.delivered.number}),
        reverse("payments:pay", kwargs=number),
        reverse("accounts:profile"),
        reverse("accounts:address_add"),
        reverse("accounts:address_edit", kwargs={"pk": world.address.pk}),
        reverse("accounts:address_delete", kwargs={"pk": world.address.pk}),
        reverse("accounts:address_default", kwargs={"pk": world.address.pk}),
        reverse("accounts:password_change"),
        reverse("accounts:privacy_delete"),
        reverse("accounts:logout"),
        reverse("accounts:login"),
        reverse("reviews:write", kwargs={"line_id": world.line.pk}),
        reverse("reviews:follow_up", kwargs=review),
        reverse("reviews:vote", kwargs=review),
        reverse("reviews:report", kwargs=review),
        reverse("reviews:feedback"),
        reverse("wishlist:toggle", kwargs={"product_id": world.product_id}),
        reverse("backoffice:currency"),
        reverse("set_language"),
    ]


def test_forms_refuse_a_post_without_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    refused = {url: client.post(url, {"password": "x"}).status_code for url in _forms(world)}
    assert refused == dict.fromkeys(refused, 403)


def test_the_gateway_notifications_are_the_only_csrf_exempt_pages():
    exempt = {
        route.name
        for route in routes()
        if getattr(route.callback, "csrf_exempt", False) and kind(route) != "api"
    }
    assert exempt == GATEWAY


def test_the_api_checks_csrf_for_session_clients(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    response = client.post(
        reverse("api:v1:cart-lines"), {"sku": world.sku_id, "quantity": 1}, "application/json"
    )
    assert response.status_code == 403
