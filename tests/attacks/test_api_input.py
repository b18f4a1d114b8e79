"""What the schema fuzz never sends: broken JSON, wrong types, NUL bytes, huge values."""

import json
from urllib.parse import quote

import pytest

from cart.models import Cart, CartLine
from orders.models import Order, Refund
from reviews.models import Review
from tests.api.conftest import address, shopper, shopper_api, sku, token_client  # noqa: F401
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RAW_BODIES = [
    b"",
    b"{",
    b"[]",
    b"[{}]",
    b"null",
    b"1e309",
    b'"text"',
    b"\xff\xfe",
    b'{"a": NaN}',
    b'{"a": Infinity}',
    b"{" * 5000,
    b'{"sku": "a\\u0000b", "quantity": "a\\u0000b"}',
]

HOSTILE_VALUES = [
    None,
    True,
    [],
    [1],
    {},
    {"a": 1},
    -1,
    0,
    2**64,
    -(2**64),
    10**400,
    1.5,
    1e308,
    "",
    "x" * 100_000,
    "😀",
    "a\x00b",
    "1e309",
    "NaN",
]

WRITES = [
    ("post", "/api/v1/cart/lines/"),
    ("post", "/api/v1/cart/coupons/"),
    ("post", "/api/v1/addresses/"),
    ("post", "/api/v1/orders/"),
    ("post", "/api/v1/reviews/"),
    ("post", "/api/v1/wishlist/"),
    ("post", "/api/v1/auth/token/"),
]

FIELDS = {
    "/api/v1/cart/lines/": ["sku", "quantity"],
    "/api/v1/cart/coupons/": ["code"],
    "/api/v1/addresses/": ["recipient", "phone", "line1", "postcode", "is_default"],
    "/api/v1/orders/": ["address", "shipping_method", "payment_method", "expected_total"],
    "/api/v1/reviews/": ["line", "rating", "title", "body", "anonymous"],
    "/api/v1/wishlist/": ["product"],
    "/api/v1/auth/token/": ["username", "password"],
}


def _state() -> tuple:
    return (
        list(CartLine.objects.values_list("sku_id", "quantity")),
        Order.objects.count(),
        Review.objects.count(),
        Refund.objects.count(),
    )


def _refused(response) -> None:
    assert 400 <= response.status_code < 500, response.content[:300]
    if response.status_code != 404:
        assert response.json()["detail"]


@pytest.fixture
def cart(shopper, sku):  # noqa: F811
    cart = Cart.objects.create(user=shopper)
    cart.lines.create(sku=sku, quantity=1)
    return cart


@pytest.mark.parametrize("body", RAW_BODIES)
@pytest.mark.parametrize(("method", "path"), WRITES)
def test_broken_json_is_refused(shopper_api, cart, address, method, path, body):  # noqa: F811
    before = _state()

    response = getattr(shopper_api, method)(
        path, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1"
    )

    _refused(response)
    assert _state() == before


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/xml", "multipart/form-data; boundary=x", "x/y"]
)
@pytest.mark.parametrize(("method", "path"), WRITES)
def test_wrong_content_types_are_refused(shopper_api, cart, method, path, content_type):  # noqa: F811
    before = _state()

    response = getattr(shopper_api, method)(
        path, b"--x\r\n\x00", content_type=content_type, HTTP_IDEMPOTENCY_KEY="k1"
    )

    _refused(response)
    assert _state() == before


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=repr)
@pytest.mark.parametrize(
    ("path", "field"), [(path, field) for path, fields in FIELDS.items() for field in fields]
)
def test_hostile_field_values_never_fail(shopper_api, cart, address, sku, path, field, value):  # noqa: F811
    valid = {
        "/api/v1/cart/lines/": {"sku": sku.pk, "quantity": 1},
        "/api/v1/orders/": {
            "address": address.pk,
            "shipping_method": "standard",
            "payment_method": "sandbox",
        },
    }.get(path, {})

    response = shopper_api.post(
        path,
        json.dumps(valid | {field: value}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-" + field,
    )

    assert response.status_code < 500, response.content[:300]


@pytest.mark.parametrize("quantity", [-1, 0, 10**6 + 1, 2**63, "1.5", None])
def test_hostile_cart_quantities_change_nothing(shopper_api, cart, sku, quantity):  # noqa: F811
    before = _state()

    response = shopper_api.post(
        "/api/v1/cart/lines/", {"sku": sku.pk, "quantity": quantity}, format="json"
    )

    _refused(response)
    assert _state() == before


@pytest.mark.parametrize(
    "value", ["x" * 300, "😀", "a b", "a\x00b", "' OR 1=1; --", "0", "%", "9" * 40]
)
@pytest.mark.parametrize(
    ("method", "template"),
    [
        ("get", "/api/v1/orders/{}/"),
        ("post", "/api/v1/orders/{}/cancel/"),
        ("post", "/api/v1/orders/{}/confirm-receipt/"),
        ("post", "/api/v1/orders/{}/refunds/"),
        ("post", "/api/v1/orders/{}/payments/"),
        ("delete", "/api/v1/cart/coupons/{}/"),
        ("get", "/api/v1/products/{}/"),
    ],
)
def test_hostile_path_values_are_not_found(shopper_api, method, template, value):  # noqa: F811
    response = getattr(shopper_api, method)(template.format(quote(value)))

    assert response.status_code in (400, 404, 405), response.content[:300]


@pytest.mark.parametrize("value", ["99999999999999999999999", "-1", "0"])
@pytest.mark.parametrize(
    ("method", "template"),
    [
        ("delete", "/api/v1/cart/lines/{}/"),
        ("get", "/api/v1/addresses/{}/"),
        ("get", "/api/v1/reviews/{}/"),
        ("post", "/api/v1/reviews/{}/vote/"),
        ("post", "/api/v1/reviews/{}/report/"),
        ("delete", "/api/v1/wishlist/{}/"),
    ],
)
def test_huge_ids_in_the_path_are_not_found(shopper_api, method, template, value):  # noqa: F811
    response = getattr(shopper_api, method)(template.format(value))

    assert response.status_code in (400, 404, 405), response.content[:300]


@pytest.mark.parametrize("key", ["", " ", "x" * 10_000, "a\x00b", "😀"])
def test_hostile_idempotency_keys_place_nothing_or_one(shopper_api, cart, address, key):  # noqa: F811
    data = {"address": address.pk, "shipping_method": "standard", "payment_method": "sandbox"}

    response = shopper_api.post("/api/v1/orders/", data, format="json", HTTP_IDEMPOTENCY_KEY=key)

    assert response.status_code in (201, 400), response.content[:300]
    assert Order.objects.count() == (1 if response.status_code == 201 else 0)


def test_a_key_reused_by_another_shopper_places_their_own_order(shopper_api, cart, address, sku):  # noqa: F811
    data = {"address": address.pk, "shipping_method": "standard", "payment_method": "sandbox"}
    first = shopper_api.post("/api/v1/orders/", data, format="json", HTTP_IDEMPOTENCY_KEY="same")
    other = UserFactory()
    Cart.objects.create(user=other).lines.create(sku=sku, quantity=1)
    theirs = address.__class__.objects.create(
        **{
            f.name: getattr(address, f.name)
            for f in address._meta.concrete_fields
            if f.name not in ("id", "user")
        },
        user=other,
    )
    data["address"] = theirs.pk

    second = token_client(other).post(
        "/api/v1/orders/", data, format="json", HTTP_IDEMPOTENCY_KEY="same"
    )

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["number"] != second.json()["number"]
