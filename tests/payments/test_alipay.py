"""Alipay: signed page-pay URLs, RSA2 notifications, and query/refund over real HTTP."""

import json
from decimal import Decimal
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured

from payments.providers import alipay
from payments.providers.base import (
    GatewayStatus,
    InvalidNotification,
    PaymentError,
    PaymentRequest,
)
from tests.payments.gateway_keys import (
    Answer,
    Received,
    closed_port_url,
    fake_gateway,
    private_pem,
    public_pem,
    rsa_key,
    sign_sha256_rsa,
    signed_by,
)

APP_ID = "2021000000000001"
SELLER_ID = "2088000000000001"
APP_KEY = rsa_key("alipay-app")
ALIPAY_KEY = rsa_key("alipay-gateway")


def make_provider(gateway_url="https://openapi.example/gateway.do", seller_id=SELLER_ID):
    return alipay.AlipayProvider(
        app_id=APP_ID,
        seller_id=seller_id,
        private_key=private_pem(APP_KEY),
        alipay_public_key=public_pem(ALIPAY_KEY),
        gateway_url=gateway_url,
    )


def signing_string(fields, exclude):
    return "&".join(f"{k}={v}" for k, v in sorted(fields.items()) if k not in exclude)


def notification(key=ALIPAY_KEY, **changes):
    """Return the form fields Alipay posts when a trade is paid, signed with `key`."""
    fields = {
        "notify_time": "2025-05-01 12:00:00",
        "notify_type": "trade_status_sync",
        "notify_id": "ac05099524730693a8b330c5ecf72da9786",
        "charset": "utf-8",
        "version": "1.0",
        "app_id": APP_ID,
        "seller_id": SELLER_ID,
        "trade_no": "2025050122001400000000000001",
        "out_trade_no": "P20250501000001",
        "trade_status": "TRADE_SUCCESS",
        "total_amount": "88.88",
        "receipt_amount": "88.88",
        "subject": "订单 P20250501000001",
        "gmt_payment": "2025-05-01 11:59:58",
    }
    fields.update(changes)
    fields["sign"] = sign_sha256_rsa(key, signing_string(fields, {"sign", "sign_type"}))
    fields["sign_type"] = "RSA2"
    return fields


def body(fields):
    return urlencode(fields).encode()


def alipay_answer(response_type, content, key=ALIPAY_KEY):
    """Answer as the Alipay gateway does: the response object's exact text, signed."""
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    raw = f'{{"{response_type}":{text},"sign":"{sign_sha256_rsa(key, text)}"}}'
    return Answer(200, raw.encode(), {"Content-Type": "application/json;charset=utf-8"})


def request_params(received: Received) -> dict[str, str]:
    params = dict(parse_qsl(urlsplit(received.path).query, keep_blank_values=True))
    assert signed_by(APP_KEY, signing_string(params, {"sign"}), params["sign"])
    return params


def test_start_returns_a_gateway_url_signed_with_the_app_key():
    result = make_provider().start(
        PaymentRequest(
            trade_no="P1",
            amount=Decimal("12.30"),
            currency="CNY",
            subject="订单 P1",
            return_url="https://shop.example/orders/P1/",
            notify_url="https://shop.example/payments/notify/alipay/",
        )
    )

    url = urlsplit(result.redirect_url)
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://openapi.example/gateway.do"
    params = dict(parse_qsl(url.query))
    # Alipay signs every request parameter but `sign`, sorted, as k=v joined by &.
    assert signed_by(APP_KEY, signing_string(params, {"sign"}), params["sign"])
    assert params["method"] == "alipay.trade.page.pay"
    assert params["app_id"] == APP_ID
    assert params["sign_type"] == "RSA2"
    assert params["notify_url"] == "https://shop.example/payments/notify/alipay/"
    biz = json.loads(params["biz_content"])
    assert biz["out_trade_no"] == "P1"
    assert biz["total_amount"] == "12.30"
    assert biz["product_code"] == "FAST_INSTANT_TRADE_PAY"


@pytest.mark.parametrize(
    ("amount", "currency"), [(Decimal("1.005"), "CNY"), (Decimal("0"), "CNY"), (Decimal(1), "USD")]
)
def test_start_refuses_what_alipay_cannot_collect(amount, currency):
    request = PaymentRequest("P1", amount, currency, "x", "https://a/", "https://b/")

    with pytest.raises(PaymentError):
        make_provider().start(request)


def test_a_signed_notification_verifies_to_the_payment_event():
    event = make_provider().verify(headers={}, body=body(notification()))

    assert event.trade_no == "P20250501000001"
    assert event.status is GatewayStatus.SUCCEEDED
    assert event.amount == Decimal("88.88")
    assert str(event.amount) == "88.88"
    assert event.currency == "CNY"
    assert event.event_id == "ac05099524730693a8b330c5ecf72da9786"
    assert event.gateway_reference == "2025050122001400000000000001"
    assert event.merchant_id == SELLER_ID


def test_the_event_names_the_merchant_the_provider_records_on_payments():
    without_seller = make_provider(seller_id="")

    event = without_seller.verify(headers={}, body=body(notification()))

    assert event.merchant_id == without_seller.merchant_id == APP_ID
    assert make_provider().merchant_id == SELLER_ID


@pytest.mark.parametrize(
    ("trade_status", "extra", "status"),
    [
        ("TRADE_FINISHED", {}, GatewayStatus.SUCCEEDED),
        ("WAIT_BUYER_PAY", {}, GatewayStatus.PENDING),
        ("TRADE_CLOSED", {}, GatewayStatus.CLOSED),
        ("TRADE_CLOSED", {"refund_fee": "88.88"}, GatewayStatus.REFUNDED),
    ],
)
def test_trade_statuses_map_to_the_shops(trade_status, extra, status):
    fields = notification(trade_status=trade_status, **extra)

    assert make_provider().verify(headers={}, body=body(fields)).status is status


def test_a_notification_signed_with_another_key_is_refused():
    fields = notification(key=rsa_key("someone-else"))

    with pytest.raises(InvalidNotification, match="signature does not match"):
        make_provider().verify(headers={}, body=body(fields))


def test_an_amount_changed_after_signing_is_refused():
    fields = notification()
    fields["total_amount"] = "0.01"

    with pytest.raises(InvalidNotification, match="signature does not match"):
        make_provider().verify(headers={}, body=body(fields))


def test_a_notification_for_another_app_is_refused_even_when_genuine():
    fields = notification(app_id="2021999999999999")

    with pytest.raises(InvalidNotification, match="app_id '2021999999999999' is not ours"):
        make_provider().verify(headers={}, body=body(fields))


def test_a_notification_for_another_seller_is_refused():
    fields = notification(seller_id="2088999999999999")

    with pytest.raises(InvalidNotification, match="seller_id"):
        make_provider().verify(headers={}, body=body(fields))


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"app_id=1&total_amount=1", "no sign field"),
        (b"\xff\xfe", "not a UTF-8 form"),
        (b"sign=abc&sign_type=RSA", "is not RSA2"),
        (b"sign=abc&sign_type=RSA2", "not a valid signature"),
    ],
)
def test_malformed_notifications_are_refused_with_a_reason(raw, reason):
    with pytest.raises(InvalidNotification, match=reason):
        make_provider().verify(headers={}, body=raw)


def test_a_repeated_field_is_refused():
    raw = body(notification()) + b"&total_amount=0.01"

    with pytest.raises(InvalidNotification, match="repeats a field"):
        make_provider().verify(headers={}, body=raw)


def test_reply_says_success_only_when_handled():
    provider = make_provider()

    assert provider.reply(handled=True).body == "success"
    assert provider.reply(handled=False).body == "failure"


def test_query_asks_the_gateway_and_checks_its_signature():
    answer = {
        "code": "10000",
        "msg": "Success",
        "trade_no": "2025050122001400000000000001",
        "out_trade_no": "P1",
        "trade_status": "TRADE_SUCCESS",
        "total_amount": "88.88",
    }
    with fake_gateway(lambda _: alipay_answer("alipay_trade_query_response", answer)) as gateway:
        event = make_provider(gateway_url=f"{gateway.url}/gateway.do").query(trade_no="P1")

    params = request_params(gateway.received[0])
    assert params["method"] == "alipay.trade.query"
    assert json.loads(params["biz_content"]) == {"out_trade_no": "P1"}
    assert event.status is GatewayStatus.SUCCEEDED
    assert event.amount == Decimal("88.88")
    assert event.trade_no == "P1"


def test_a_query_answer_signed_with_another_key_is_refused(english):
    answer = {"code": "10000", "out_trade_no": "P1", "trade_status": "TRADE_SUCCESS"}
    forged = alipay_answer("alipay_trade_query_response", answer, key=rsa_key("someone-else"))
    with fake_gateway(lambda _: forged) as gateway:
        provider = make_provider(gateway_url=f"{gateway.url}/gateway.do")

        with pytest.raises(PaymentError, match="signature"):
            provider.query(trade_no="P1")


def test_refund_sends_the_refund_number_and_amount():
    answer = {
        "code": "10000",
        "msg": "Success",
        "trade_no": "2025050122001400000000000001",
        "out_trade_no": "P1",
        "fund_change": "Y",
        "refund_fee": "10.50",
    }
    with fake_gateway(lambda _: alipay_answer("alipay_trade_refund_response", answer)) as gateway:
        result = make_provider(gateway_url=f"{gateway.url}/gateway.do").refund(
            trade_no="P1", refund_no="R1", amount=Decimal("10.50"), total=Decimal("88.88")
        )

    params = request_params(gateway.received[0])
    assert params["method"] == "alipay.trade.refund"
    assert json.loads(params["biz_content"]) == {
        "refund_amount": "10.50",
        "out_trade_no": "P1",
        "out_request_no": "R1",
    }
    assert result.refund_no == "R1"
    assert result.gateway_reference == "2025050122001400000000000001"


def test_a_refused_refund_raises_payment_error_with_alipays_reason():
    answer = {"code": "40004", "msg": "Business Failed", "sub_msg": "交易不存在"}
    with fake_gateway(lambda _: alipay_answer("alipay_trade_refund_response", answer)) as gateway:
        provider = make_provider(gateway_url=f"{gateway.url}/gateway.do")

        with pytest.raises(PaymentError, match="交易不存在"):
            provider.refund(trade_no="P1", refund_no="R1", amount=Decimal(1), total=Decimal(2))


def test_a_refund_above_the_total_is_refused_before_asking_alipay():
    with pytest.raises(PaymentError):
        make_provider().refund(
            trade_no="P1", refund_no="R1", amount=Decimal("3.00"), total=Decimal("2.00")
        )


def test_an_unreachable_gateway_is_a_payment_error(english):
    with pytest.raises(PaymentError, match="could not be reached"):
        make_provider(gateway_url=closed_port_url()).query(trade_no="P1")


def test_from_settings_builds_the_provider(settings):
    settings.PAYMENT_PROVIDERS = {
        "alipay": {
            "enabled": True,
            "app_id": APP_ID,
            "seller_id": "",
            "private_key": private_pem(APP_KEY),
            "public_key": public_pem(ALIPAY_KEY),
            "gateway_url": "https://openapi.example/gateway.do",
        }
    }

    provider = alipay.from_settings()

    assert provider.code == "alipay"
    assert provider.app_id == APP_ID


def test_from_settings_refuses_an_unconfigured_alipay(settings):
    settings.PAYMENT_PROVIDERS = {"alipay": {"enabled": False}}

    with pytest.raises(ImproperlyConfigured, match="ALIPAY_APP_ID"):
        alipay.from_settings()


def test_keys_that_are_not_pem_are_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        alipay.AlipayProvider(
            app_id=APP_ID, private_key="nonsense", alipay_public_key="x", gateway_url="https://a/"
        )
