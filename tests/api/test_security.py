"""Other shoppers' rows stay out of reach; client-sent prices and owners change nothing;
an Idempotency-Key places one order."""

from cart.models import Cart, CartLine
from orders.models import Order
from tests.factories import AddressFactory

ORDER = {"shipping_method": "standard", "payment_method": "sandbox"}


def place(client, address, key="k1", **changes):
    return client.post(
        "/api/v1/orders/",
        {"address": address.pk, **ORDER, **changes},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_same_key_same_order_and_other_body_refused(shopper, shopper_api, address, sku):
    Cart.objects.create(user=shopper).lines.create(sku=sku, quantity=1)
    first = place(shopper_api, address)
    again = place(shopper_api, address)
    other = place(shopper_api, address, shipping_method="express")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_key_reused"
    assert Order.objects.count() == 1


def test_missing_key_refused(shopper_api, address):
    response = shopper_api.post("/api/v1/orders/", {"address": address.pk, **ORDER}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_missing"


def test_client_total_status_and_owner_ignored(shopper, shopper_api, other_api, address, sku):
    Cart.objects.create(user=shopper).lines.create(sku=sku, quantity=1)
    response = place(shopper_api, address, total="0.01", status="paid", user=999, price="1.00")
    assert response.status_code == 201
    order = Order.objects.get()
    assert (order.total, order.status, order.user) == (sku.price + 10, "pending_payment", shopper)


def test_other_users_rows_are_not_found(shopper, shopper_api, other_api, address, sku):
    Cart.objects.create(user=shopper).lines.create(sku=sku, quantity=1)
    number = place(shopper_api, address).json()["number"]
    assert other_api.get(f"/api/v1/orders/{number}/").status_code == 404
    assert other_api.post(f"/api/v1/orders/{number}/cancel/").status_code == 404
    assert other_api.get(f"/api/v1/addresses/{address.pk}/").status_code == 404
    assert other_api.delete(f"/api/v1/addresses/{address.pk}/").status_code == 404
    assert other_api.get("/api/v1/cart/").json()["lines"] == []
    assert other_api.delete(f"/api/v1/cart/lines/{sku.pk}/").status_code == 400
    foreign = AddressFactory()
    assert place(shopper_api, foreign, key="k2").status_code == 400
    assert CartLine.objects.filter(cart__user=shopper).count() == 0


def test_list_queries_bounded(shopper_api, django_assert_max_num_queries, sku):
    with django_assert_max_num_queries(12):
        assert shopper_api.get("/api/v1/products/", {"page_size": 100}).status_code == 200
    with django_assert_max_num_queries(12):
        assert shopper_api.get("/api/v1/orders/", {"page_size": 100}).status_code == 200
