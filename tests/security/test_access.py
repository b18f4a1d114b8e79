"""Personal pages refuse anonymous visitors (log in first) and other users (404)."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from .urls import OWN, PERSONAL, kind, routes

pytestmark = pytest.mark.django_db

# Views that only take POST are asked by POST; the others by GET.
POST_ONLY = {
    "accounts:address_default",
    "orders:cancel",
    "orders:confirm",
    "orders:refund",
    "payments:check",
    "wishlist:toggle",
    "reviews:vote",
    "reviews:report",
}


def _kwargs(world) -> dict[str, dict]:
    number = {"number": world.order.number}
    trade_no = {"trade_no": world.payment.trade_no}
    return {
        "accounts:address_edit": {"pk": world.address.pk},
        "accounts:address_delete": {"pk": world.address.pk},
        "accounts:address_default": {"pk": world.address.pk},
        "orders:detail": number,
        "orders:cancel": number,
        "orders:confirm": number,
        "orders:refund": {"number": world.delivered.number},
        "payments:pay": number,
        "payments:sandbox": trade_no,
        "payments:scan": trade_no,
        "payments:qr": trade_no,
        "payments:check": trade_no,
        "reviews:write": {"line_id": world.line.pk},
        "reviews:follow_up": {"review_id": world.review.pk},
        "wishlist:toggle": {"product_id": world.product_id},
        "reviews:vote": {"review_id": world.review.pk},
        "reviews:report": {"review_id": world.review.pk},
    }


def _request(client, name: str, world):
    url = reverse(name, kwargs=_kwargs(world).get(name))
    return client.post(url) if name in POST_ONLY else client.get(url)


def test_every_url_pattern_is_classified():
    unclassified = [route.route for route in routes() if kind(route) is None]
    assert unclassified == [], "classify these in tests/security/urls.py"


def test_the_classified_names_all_exist():
    names = {route.name for route in routes()}
    assert names >= (OWN | PERSONAL)


@pytest.mark.parametrize("name", sorted(OWN | PERSONAL))
def test_anonymous_visitors_are_sent_to_log_in(client, world, name):
    response = _request(client, name, world)
    assert response.status_code == 302, name
    assert urlsplit(response["Location"]).path == reverse(settings.LOGIN_URL)


# The review pages answer "not yours" and "no such line or review" with the same refusal
# page (403 and one message), so they tell no one which lines or reviews exist either.
SAME_REFUSAL = {"reviews:write", "reviews:follow_up"}


@pytest.mark.parametrize("name", sorted(PERSONAL - SAME_REFUSAL))
def test_another_user_gets_not_found(client, world, stranger, name):
    client.force_login(stranger)
    assert _request(client, name, world).status_code == 404, name


@pytest.mark.parametrize("name", sorted(SAME_REFUSAL))
def test_another_user_s_review_pages_are_refused_like_missing_ones(client, world, stranger, name):
    client.force_login(stranger)
    response = _request(client, name, world)
    missing = client.get(reverse(name, args=[999999]))
    assert response.status_code == missing.status_code == 403
    assert world.review.body not in response.content.decode()


@pytest.mark.parametrize("name", sorted(OWN - POST_ONLY - {"orders:checkout"}))
def test_another_user_s_own_pages_show_none_of_the_owner_s_data(client, world, stranger, name):
    client.force_login(stranger)
    response = _request(client, name, world)
    assert response.status_code == 200, name
    page = response.content.decode()
    for private in ("owner@example.com", world.order.number, world.address.street, "请尽快发货"):
        assert private not in page, (name, private)


def test_the_admin_and_dashboard_send_shoppers_to_the_admin_log_in(client, world):
    client.force_login(world.owner)
    for url in (
        reverse("admin:index"),
        reverse("admin:orders_order_changelist"),
        reverse("backoffice_dashboard"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert urlsplit(response["Location"]).path == reverse("admin:login")


# The API's cart is a guest's too (its session's), like the shop's.
API_PERSONAL = [
    "api:v1:addresses",
    "api:v1:orders",
    "api:v1:wishlist",
    "api:v1:reviews",
]


@pytest.mark.parametrize("name", API_PERSONAL)
def test_the_api_refuses_anonymous_clients(client, world, name):
    assert client.get(reverse(name)).status_code in (401, 403)


@pytest.mark.parametrize(
    ("name", "attribute"),
    [
        ("api:v1:address", "address"),
        ("api:v1:order", "order"),
        ("api:v1:review", "review"),
    ],
)
def test_the_api_hides_another_user_s_objects(client, world, stranger, name, attribute):
    target = getattr(world, attribute)
    kwargs = {"number": target.number} if attribute == "order" else {"pk": target.pk}
    client.force_login(stranger)
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 404
