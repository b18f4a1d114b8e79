"""Card payments through Stripe: Checkout Sessions, signed webhooks, query/refund over HTTP."""

import hashlib
import hmac
import json
import secrets
import time
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured

from payments.providers import card
from payments.providers.base import (
    GatewayStatus,
    InvalidNotification,
    PaymentError,
    PaymentRequest,
)
from tests.payments.gateway_keys import Answer, Received, closed_port_url, fake_gateway

SECRET_KEY = "sk_test_" + secrets.token_hex(12)
WEBHOOK_SECRET = "whsec_" + secrets.token_hex(16)


def make_provider(api_url="https://api.stripe.example"):
    return card.CardProvider(secret_key=SECRET_KEY, webhook_secret=WEBHOOK_SECRET, api_url=api_url)


def stripe_headers(payload: bytes, *, secret=WEBHOOK_SECRET, timestamp=None):
    """Sign a webhook as Stripe does: HMAC-SHA256 of "{t}.{payload}" with the endpoint secret."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + payload
    v1 = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return {"Stripe-Signature": f"t={timestamp},v1={v1}"}


def intent(**changes):
    data = {
        "id": "pi_3PtestA",
        "object": "payment_intent",
        "amount": 8888,
        "amount_received": 8888,
        "currency": "cny",
        "status": "succeeded",
        "created": 1746072000,
        "livemode": False,
        "metadata": {"trade_no": "P20250501000001"},
    }
    data.update(changes)
    return data


def event_body(kind="payment_intent.succeeded", obj=None, **changes) -> bytes:
    event = {
        "id": "evt_1PtestA",
        "object": "event",
        "api_version": "2025-03-31.basil",
        "created": 1746072001,
        "livemode": False,
        "type": kind,
        "data": {"object": intent() if obj is None else obj},
    }
    event.update(changes)
    return json.dumps(event).encode()


def stripe_answer(data: dict, status: int = 200) -> Answer:
    return Answer(status, json.dumps(data).encode(), {"Content-Type": "application/json"})


def form(received: Received) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(received.body.decode()).items()}


def test_start_creates_a_checkout_session_for_the_exact_amount():
    session = {
        "id": "cs_test_a1",
        "object": "checkout.session",
        "url": "https://checkout.stripe.com/c/pay/cs_test_a1",
    }
    with fake_gateway(lambda _: stripe_answer(session)) as gateway:
        result = make_provider(gateway.url).start(
            PaymentRequest(
                trade_no="P1",
                amount=Decimal("12.34"),
                currency="CNY",
                subject="Order P1",
                return_url="https://shop.example/orders/P1/",
                notify_url="https://shop.example/payments/notify/card/",
            )
        )

    assert result.redirect_url == "https://checkout.stripe.com/c/pay/cs_test_a1"
    assert result.gateway_reference == "cs_test_a1"
    sent = gateway.received[0]
    assert (sent.method, sent.path) == ("POST", "/v1/checkout/sessions")
    assert sent.headers["Authorization"] == f"Bearer {SECRET_KEY}"
    assert sent.headers["Idempotency-Key"] == "checkout-P1"
    params = form(sent)
    assert params["line_items[0][price_data][unit_amount]"] == "1234"
    assert params["line_items[0][price_data][currency]"] == "cny"
    assert params["client_reference_id"] == "P1"
    assert params["payment_intent_data[metadata][trade_no]"] == "P1"
    assert params["mode"] == "payment"


def test_a_zero_decimal_currency_is_sent_in_whole_units():
    session = {"id": "cs_test_a1", "object": "checkout.session", "url": "https://c/"}
    with fake_gateway(lambda _: stripe_answer(session)) as gateway:
        make_provider(gateway.url).start(
            PaymentRequest("P1", Decimal("1500"), "JPY", "x", "https://a/", "https://b/")
        )

    assert form(gateway.received[0])["line_items[0][price_data][unit_amount]"] == "1500"


@pytest.mark.parametrize(
    ("amount", "currency"),
    [(Decimal("1.005"), "USD"), (Decimal("15.5"), "JPY"), (Decimal(0), "EUR")],
)
def test_start_refuses_a_fraction_of_a_minor_unit(amount, currency):
    request = PaymentRequest("P1", amount, currency, "x", "https://a/", "https://b/")

    with pytest.raises(PaymentError):
        make_provider().start(request)


def test_a_signed_payment_intent_event_verifies_to_the_payment_event():
    body = event_body()

    event = make_provider().verify(headers=stripe_headers(body), body=body)

    assert event.trade_no == "P20250501000001"
    assert event.status is GatewayStatus.SUCCEEDED
    assert event.amount == Decimal("88.88")
    assert str(event.amount) == "88.88"
    assert event.currency == "CNY"
    assert event.event_id == "evt_1PtestA"
    assert event.gateway_reference == "pi_3PtestA"


@pytest.mark.parametrize(
    ("payment_status", "status"),
    [("paid", GatewayStatus.SUCCEEDED), ("unpaid", GatewayStatus.PENDING)],
)
def test_a_completed_checkout_session_names_the_trade_by_client_reference(payment_status, status):
    session = {
        "id": "cs_test_a1",
        "object": "checkout.session",
        "client_reference_id": "P7",
        "amount_total": 1999,
        "currency": "usd",
        "payment_status": payment_status,
        "payment_intent": "pi_3PtestB",
        "metadata": {},
    }
    body = event_body("checkout.session.completed", session)

    event = make_provider().verify(headers=stripe_headers(body), body=body)

    assert (event.trade_no, event.status) == ("P7", status)
    assert (event.amount, event.currency) == (Decimal("19.99"), "USD")
    assert event.gateway_reference == "pi_3PtestB"


def test_a_failed_payment_is_reported_as_failed():
    body = event_body("payment_intent.payment_failed", intent(status="requires_payment_method"))

    event = make_provider().verify(headers=stripe_headers(body), body=body)

    assert event.status is GatewayStatus.FAILED
    assert event.amount == Decimal("88.88")


def test_an_event_signed_with_another_secret_is_refused():
    body = event_body()
    headers = stripe_headers(body, secret="whsec_" + secrets.token_hex(16))

    with pytest.raises(InvalidNotification, match="No signatures found matching"):
        make_provider().verify(headers=headers, body=body)


def test_an_amount_changed_after_signing_is_refused():
    headers = stripe_headers(event_body())
    tampered = event_body(obj=intent(amount=1, amount_received=1))

    with pytest.raises(InvalidNotification, match="No signatures found matching"):
        make_provider().verify(headers=headers, body=tampered)


def test_an_event_signed_more_than_five_minutes_ago_is_refused():
    body = event_body()
    headers = stripe_headers(body, timestamp=int(time.time()) - 310)

    with pytest.raises(InvalidNotification, match="Timestamp outside the tolerance zone"):
        make_provider().verify(headers=headers, body=body)


def test_a_live_mode_event_is_refused_by_a_test_mode_shop():
    body = event_body(livemode=True)

    with pytest.raises(InvalidNotification, match="live-mode event"):
        make_provider().verify(headers=stripe_headers(body), body=body)


def test_an_event_type_the_shop_does_not_use_is_refused():
    body = event_body("customer.created", {"id": "cus_1", "object": "customer"})

    with pytest.raises(InvalidNotification, match="'customer.created' is not one"):
        make_provider().verify(headers=stripe_headers(body), body=body)


def test_an_unsigned_event_is_refused():
    with pytest.raises(InvalidNotification, match="Stripe-Signature header is missing"):
        make_provider().verify(headers={}, body=event_body())


def test_header_names_are_matched_whatever_their_case():
    body = event_body()
    headers = {"stripe-signature": stripe_headers(body)["Stripe-Signature"]}

    assert make_provider().verify(headers=headers, body=body).trade_no == "P20250501000001"


def test_reply_acknowledges_only_a_handled_event():
    provider = make_provider()

    assert provider.reply(handled=True).status == 200
    assert provider.reply(handled=False).status == 400


def search_result(*intents):
    return {"object": "search_result", "url": "/v1/payment_intents/search", "data": list(intents)}


def test_query_finds_the_payment_intent_by_trade_number():
    older = intent(id="pi_old", status="canceled", created=1746000000)
    answer = stripe_answer(search_result(older, intent(metadata={"trade_no": "P1"})))
    with fake_gateway(lambda _: answer) as gateway:
        event = make_provider(gateway.url).query(trade_no="P1")

    sent = urlsplit(gateway.received[0].path)
    assert sent.path == "/v1/payment_intents/search"
    assert parse_qs(sent.query)["query"] == ["metadata['trade_no']:'P1'"]
    assert (event.status, event.amount, event.currency) == (
        GatewayStatus.SUCCEEDED,
        Decimal("88.88"),
        "CNY",
    )
    assert event.gateway_reference == "pi_3PtestA"


def test_query_of_a_payment_stripe_has_not_seen_is_a_payment_error(english):
    with fake_gateway(lambda _: stripe_answer(search_result())) as gateway:
        provider = make_provider(gateway.url)

        with pytest.raises(PaymentError, match="no payment for P1"):
            provider.query(trade_no="P1")


def test_refund_pays_back_part_of_the_payment_intent():
    def answer(received: Received) -> Answer:
        if received.path.startswith("/v1/payment_intents/search"):
            return stripe_answer(search_result(intent()))
        return stripe_answer({"id": "re_1", "object": "refund", "status": "pending"})

    with fake_gateway(answer) as gateway:
        result = make_provider(gateway.url).refund(
            trade_no="P1", refund_no="R1", amount=Decimal("10.05"), total=Decimal("88.88")
        )

    sent = gateway.received[1]
    assert (sent.method, sent.path) == ("POST", "/v1/refunds")
    assert sent.headers["Idempotency-Key"] == "refund-R1"
    params = form(sent)
    assert (params["payment_intent"], params["amount"]) == ("pi_3PtestA", "1005")
    assert (result.refund_no, result.gateway_reference) == ("R1", "re_1")


def test_a_refused_refund_carries_stripes_reason():
    def answer(received: Received) -> Answer:
        if received.path.startswith("/v1/payment_intents/search"):
            return stripe_answer(search_result(intent()))
        error = {"type": "invalid_request_error", "message": "Refund amount is greater."}
        return stripe_answer({"error": error}, status=400)

    with fake_gateway(answer) as gateway:
        provider = make_provider(gateway.url)

        with pytest.raises(PaymentError, match="Refund amount is greater"):
            provider.refund(trade_no="P1", refund_no="R1", amount=Decimal(1), total=Decimal(2))


def test_from_settings_builds_the_provider(settings):
    settings.PAYMENT_PROVIDERS = {
        "card": {
            "enabled": True,
            "secret_key": SECRET_KEY,
            "webhook_secret": WEBHOOK_SECRET,
            "api_url": "https://api.stripe.example",
        }
    }

    provider = card.from_settings()

    assert (provider.code, provider.api_url, provider.livemode) == (
        "card",
        "https://api.stripe.example",
        False,
    )


def test_from_settings_refuses_unconfigured_card_payments(settings):
    settings.PAYMENT_PROVIDERS = {"card": {"enabled": False}}

    with pytest.raises(ImproperlyConfigured, match="STRIPE_SECRET_KEY"):
        card.from_settings()


def test_an_unreachable_stripe_is_a_payment_error(english):
    with pytest.raises(PaymentError, match="could not be reached"):
        make_provider(closed_port_url()).query(trade_no="P1")
