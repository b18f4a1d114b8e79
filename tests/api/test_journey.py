"""The whole shopping journey through the API alone, from browsing to a paid order."""

from decimal import Decimal
from urllib.parse import urlparse

from orders.models import OrderStatus
from payments.models import Payment
from payments.providers import sandbox
from payments.providers.base import GatewayStatus
from tests.promotions.factories import CouponCodeFactory, PromotionFactory


def pay_in_sandbox(client, redirect_url: str) -> None:
    """Do what the sandbox page does when the shopper pays: notify the shop, signed."""
    trade_no = urlparse(redirect_url).path.rstrip("/").rsplit("/", 1)[-1]
    payment = Payment.objects.get(trade_no=trade_no)
    headers, body = sandbox.notification(
        trade_no=payment.trade_no,
        status=GatewayStatus.SUCCEEDED,
        amount=payment.amount,
        currency=payment.currency,
        reference=payment.gateway_reference,
    )
    response = client.generic(
        "POST",
        "/payments/notify/sandbox/",
        body,
        content_type="application/json",
        HTTP_X_SANDBOX_SIGNATURE=headers[sandbox.SIGNATURE_HEADER],
    )
    assert response.status_code == 200


def test_browse_to_paid_order(shopper_api, api, sku):
    coupon = PromotionFactory(
        key="SAVE20", params={"tiers": [{"min_spend": "100.00", "amount_off": "20.00"}]}
    )
    CouponCodeFactory(promotion=coupon, code="SAVE20")

    categories = api.get("/api/v1/categories/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert [category["slug"] for category in categories] == ["phones"]
    listing = api.get("/api/v1/products/", {"category": "phones"}).json()
    assert [product["slug"] for product in listing["results"]] == ["phone"]
    product = api.get("/api/v1/products/phone/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert product["name"] == "Phone"
    sku_id = product["skus"][0]["id"]
    assert product["skus"][0]["stock_state"] == "in_stock"

    cart = shopper_api.post("/api/v1/cart/lines/", {"sku": sku_id, "quantity": 2}, format="json")
    assert cart.status_code == 200
    assert cart.json()["pricing"]["total"] == "210.00"  # 200 + 10 shipping
    applied = shopper_api.post("/api/v1/cart/coupons/", {"code": "save20"}, format="json")
    assert applied.status_code == 200, applied.json()
    assert applied.json()["cart"]["pricing"]["discount"] == "20.00"
    assert shopper_api.get("/api/v1/cart/").json()["pricing"]["codes"][0]["reason"] == "applied"

    assert shopper_api.get("/api/v1/addresses/").json()["results"] == []
    address = shopper_api.post(
        "/api/v1/addresses/",
        {
            "recipient": "Li Lei",
            "phone": "13800000000",
            "province": "Shanghai",
            "city": "Shanghai",
            "district": "Pudong",
            "street": "1 Century Avenue",
        },
        format="json",
    )
    assert address.status_code == 201, address.json()
    methods = shopper_api.get("/api/v1/shipping-methods/").json()
    assert "standard" in [method["code"] for method in methods]

    placed = shopper_api.post(
        "/api/v1/orders/",
        {
            "address": address.json()["id"],
            "shipping_method": "standard",
            "payment_method": "sandbox",
            "expected_total": "190.00",
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY="journey-1",
    )
    assert placed.status_code == 201, placed.json()
    order = placed.json()
    assert (order["status"], order["total"], order["codes"]) == (
        OrderStatus.PENDING_PAYMENT,
        "190.00",
        ["SAVE20"],
    )
    assert shopper_api.get("/api/v1/cart/").json()["lines"] == []

    started = shopper_api.post(
        f"/api/v1/orders/{order['number']}/payments/", {"method": "sandbox"}, format="json"
    )
    assert started.status_code == 201, started.json()
    assert started.json()["amount"] == "190.00"
    pay_in_sandbox(api, started.json()["redirect_url"])

    paid = shopper_api.get(f"/api/v1/orders/{order['number']}/").json()
    assert paid["status"] == OrderStatus.PAID
    assert Decimal(paid["total"]) == Decimal("190.00")
