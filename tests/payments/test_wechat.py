"""WeChat Pay API v3: signed requests, verified and decrypted notifications, real HTTP."""

import base64
import json
import secrets
import time
from decimal import Decimal
from urllib.parse import unquote

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.exceptions import ImproperlyConfigured

from payments.providers import wechat
from payments.providers.base import (
    GatewayStatus,
    InvalidNotification,
    PaymentError,
    PaymentRequest,
)
from tests.payments.gateway_keys import (
    Answer,
    Received,
    certificate_pem,
    closed_port_url,
    fake_gateway,
    private_pem,
    rsa_key,
    sign_sha256_rsa,
    signed_by,
)

MCHID = "1900000001"
APPID = "wx0000000000000001"
MERCHANT_SERIAL = "3775B6A45ACD588826D15E583A95F5DD00000001"
MERCHANT_KEY = rsa_key("wechat-merchant")
PLATFORM_KEY = rsa_key("wechat-platform")
PLATFORM_SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
APIV3_KEY = secrets.token_hex(16)


def make_provider(api_url="https://api.mch.example"):
    return wechat.WechatPayProvider(
        mchid=MCHID,
        appid=APPID,
        apiv3_key=APIV3_KEY,
        cert_serial=MERCHANT_SERIAL,
        private_key=private_pem(MERCHANT_KEY),
        platform_certs=certificate_pem(PLATFORM_KEY, int(PLATFORM_SERIAL, 16)),
        api_url=api_url,
    )


def platform_headers(body: bytes, *, key=PLATFORM_KEY, timestamp=None, serial=PLATFORM_SERIAL):
    """Sign a body as the WeChat Pay platform signs its notifications and answers."""
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    nonce = secrets.token_hex(16)
    return {
        "Wechatpay-Timestamp": timestamp,
        "Wechatpay-Nonce": nonce,
        "Wechatpay-Signature": sign_sha256_rsa(key, f"{timestamp}\n{nonce}\n{body.decode()}\n"),
        "Wechatpay-Serial": serial,
        "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
    }


def transaction(**changes):
    data = {
        "mchid": MCHID,
        "appid": APPID,
        "out_trade_no": "P20250501000001",
        "transaction_id": "4200000000202505010000000001",
        "trade_type": "NATIVE",
        "trade_state": "SUCCESS",
        "trade_state_desc": "支付成功",
        "success_time": "2025-05-01T12:00:00+08:00",
        "payer": {"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},
        "amount": {"total": 8888, "payer_total": 8888, "currency": "CNY", "payer_currency": "CNY"},
    }
    data.update(changes)
    return data


def notification_body(data: dict, apiv3_key: str = APIV3_KEY) -> bytes:
    """Wrap a transaction as WeChat Pay does: AEAD_AES_256_GCM with the APIv3 key."""
    nonce = secrets.token_hex(6)
    ciphertext = AESGCM(apiv3_key.encode()).encrypt(
        nonce.encode(), json.dumps(data, ensure_ascii=False).encode(), b"transaction"
    )
    notice = {
        "id": "EV-2018022511223320873",
        "create_time": "2025-05-01T12:00:01+08:00",
        "resource_type": "encrypt-resource",
        "event_type": "TRANSACTION.SUCCESS",
        "summary": "支付成功",
        "resource": {
            "original_type": "transaction",
            "algorithm": "AEAD_AES_256_GCM",
            "ciphertext": base64.b64encode(ciphertext).decode(),
            "associated_data": "transaction",
            "nonce": nonce,
        },
    }
    return json.dumps(notice, ensure_ascii=False).encode()


def platform_answer(data: dict, status: int = 200, **signing) -> Answer:
    body = json.dumps(data, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json", **platform_headers(body, **signing)}
    return Answer(status, body, headers)


def merchant_signed(received: Received) -> bool:
    """Check the Authorization header exactly as WeChat Pay checks a merchant's request."""
    scheme, _, params = received.headers["Authorization"].partition(" ")
    fields = dict(part.split("=", 1) for part in params.split(","))
    fields = {name: value.strip('"') for name, value in fields.items()}
    message = (
        f"{received.method}\n{received.path}\n{fields['timestamp']}\n{fields['nonce_str']}\n"
        f"{received.body.decode()}\n"
    )
    return (
        scheme == "WECHATPAY2-SHA256-RSA2048"
        and fields["mchid"] == MCHID
        and fields["serial_no"] == MERCHANT_SERIAL
        and signed_by(MERCHANT_KEY, message, fields["signature"])
    )


def test_start_creates_a_native_order_and_returns_its_code_url():
    answer = platform_answer({"code_url": "weixin://wxpay/bizpayurl?pr=p4lpSuKzz"})
    with fake_gateway(lambda _: answer) as gateway:
        result = make_provider(gateway.url).start(
            PaymentRequest(
                trade_no="P1",
                amount=Decimal("12.34"),
                currency="CNY",
                subject="订单 P1",
                return_url="https://shop.example/orders/P1/",
                notify_url="https://shop.example/payments/notify/wechat/",
            )
        )

    assert result.qr_data == "weixin://wxpay/bizpayurl?pr=p4lpSuKzz"
    sent = gateway.received[0]
    assert (sent.method, sent.path) == ("POST", "/v3/pay/transactions/native")
    assert merchant_signed(sent)
    order = json.loads(sent.body)
    assert order["amount"] == {"total": 1234, "currency": "CNY"}
    assert (order["mchid"], order["appid"], order["out_trade_no"]) == (MCHID, APPID, "P1")
    assert order["notify_url"] == "https://shop.example/payments/notify/wechat/"
    assert order["description"] == "订单 P1"
    assert order["time_expire"].endswith("+08:00")


@pytest.mark.parametrize(
    ("amount", "currency"), [(Decimal("0.001"), "CNY"), (Decimal("-1"), "CNY"), (Decimal(1), "EUR")]
)
def test_start_refuses_what_wechat_pay_cannot_collect(amount, currency):
    request = PaymentRequest("P1", amount, currency, "x", "https://a/", "https://b/")

    with pytest.raises(PaymentError):
        make_provider(closed_port_url()).start(request)


def test_start_refuses_an_answer_not_signed_by_the_platform():
    forged = platform_answer({"code_url": "weixin://x"}, key=rsa_key("someone-else"))
    request = PaymentRequest("P1", Decimal(1), "CNY", "x", "https://a/", "https://b/")
    with fake_gateway(lambda _: forged) as gateway:
        provider = make_provider(gateway.url)

        with pytest.raises(PaymentError, match="signature does not match"):
            provider.start(request)


def test_a_signed_notification_decrypts_to_the_payment_event():
    body = notification_body(transaction())
    # Header names arrive in whatever case the web server passes them on.
    headers = {name.lower(): value for name, value in platform_headers(body).items()}

    event = make_provider().verify(headers=headers, body=body)

    assert event.trade_no == "P20250501000001"
    assert event.status is GatewayStatus.SUCCEEDED
    assert event.amount == Decimal("88.88")
    assert str(event.amount) == "88.88"
    assert event.currency == "CNY"
    assert event.event_id == "EV-2018022511223320873"
    assert event.gateway_reference == "4200000000202505010000000001"
    assert event.merchant_id == MCHID == make_provider().merchant_id


@pytest.mark.parametrize(
    ("state", "status"),
    [
        ("NOTPAY", GatewayStatus.PENDING),
        ("USERPAYING", GatewayStatus.PENDING),
        ("CLOSED", GatewayStatus.CLOSED),
        ("REVOKED", GatewayStatus.CLOSED),
        ("PAYERROR", GatewayStatus.FAILED),
        ("REFUND", GatewayStatus.REFUNDED),
    ],
)
def test_trade_states_map_to_the_shops(state, status):
    body = notification_body(transaction(trade_state=state))

    event = make_provider().verify(headers=platform_headers(body), body=body)

    assert event.status is status


def test_one_fen_is_exactly_one_hundredth_of_a_yuan():
    body = notification_body(transaction(amount={"total": 1, "currency": "CNY"}))

    event = make_provider().verify(headers=platform_headers(body), body=body)

    assert event.amount == Decimal("0.01")


def test_a_notification_signed_with_another_key_is_refused():
    body = notification_body(transaction())
    headers = platform_headers(body, key=rsa_key("someone-else"))

    with pytest.raises(InvalidNotification, match="signature does not match"):
        make_provider().verify(headers=headers, body=body)


def test_an_amount_changed_after_signing_is_refused():
    headers = platform_headers(notification_body(transaction()))
    tampered = notification_body(transaction(amount={"total": 1, "currency": "CNY"}))

    with pytest.raises(InvalidNotification, match="signature does not match"):
        make_provider().verify(headers=headers, body=tampered)


@pytest.mark.parametrize("field", ["mchid", "appid"])
def test_a_genuine_notification_for_another_merchant_or_app_is_refused(field):
    body = notification_body(transaction(**{field: "someone-else"}))

    with pytest.raises(InvalidNotification, match=f"{field} 'someone-else' is not ours"):
        make_provider().verify(headers=platform_headers(body), body=body)


@pytest.mark.parametrize("age", [-310, 310, 3600])
def test_a_notification_more_than_five_minutes_off_is_refused(age):
    body = notification_body(transaction())
    headers = platform_headers(body, timestamp=int(time.time()) - age)

    with pytest.raises(InvalidNotification, match="more than 5 minutes off"):
        make_provider().verify(headers=headers, body=body)


def test_a_signature_from_an_unknown_certificate_is_refused():
    body = notification_body(transaction())
    headers = platform_headers(body, serial="ABCDEF")

    with pytest.raises(InvalidNotification, match="no platform certificate has serial 'ABCDEF'"):
        make_provider().verify(headers=headers, body=body)


def test_a_resource_sealed_with_another_apiv3_key_is_refused():
    body = notification_body(transaction(), apiv3_key=secrets.token_hex(16))

    with pytest.raises(InvalidNotification, match="does not decrypt"):
        make_provider().verify(headers=platform_headers(body), body=body)


def test_a_notification_without_signature_headers_is_refused():
    with pytest.raises(InvalidNotification, match="headers are missing"):
        make_provider().verify(headers={}, body=notification_body(transaction()))


def test_reply_acknowledges_only_a_handled_notification():
    provider = make_provider()

    assert provider.reply(handled=True).status == 204
    refusal = provider.reply(handled=False)
    assert refusal.status == 500
    assert json.loads(refusal.body)["code"] == "FAIL"


def test_query_asks_by_our_trade_number_and_verifies_the_answer():
    with fake_gateway(lambda _: platform_answer(transaction(out_trade_no="P/1"))) as gateway:
        event = make_provider(gateway.url).query(trade_no="P/1")

    sent = gateway.received[0]
    assert sent.method == "GET"
    assert unquote(sent.path) == f"/v3/pay/transactions/out-trade-no/P/1?mchid={MCHID}"
    assert merchant_signed(sent)
    assert event.status is GatewayStatus.SUCCEEDED
    assert event.amount == Decimal("88.88")


def test_a_stale_query_answer_is_refused():
    stale = platform_answer(transaction(), timestamp=int(time.time()) - 600)
    with fake_gateway(lambda _: stale) as gateway:
        provider = make_provider(gateway.url)

        with pytest.raises(PaymentError, match="5 minutes"):
            provider.query(trade_no="P1")


def test_refund_sends_refund_and_total_in_fen():
    refund = {"refund_id": "50000000382019052709732678859", "out_refund_no": "R1"}
    answer = platform_answer({**refund, "status": "PROCESSING"})
    with fake_gateway(lambda _: answer) as gateway:
        result = make_provider(gateway.url).refund(
            trade_no="P1", refund_no="R1", amount=Decimal("10.05"), total=Decimal("88.88")
        )

    sent = gateway.received[0]
    assert (sent.method, sent.path) == ("POST", "/v3/refund/domestic/refunds")
    assert merchant_signed(sent)
    assert json.loads(sent.body) == {
        "out_trade_no": "P1",
        "out_refund_no": "R1",
        "amount": {"refund": 1005, "total": 8888, "currency": "CNY"},
    }
    assert result.refund_no == "R1"
    assert result.gateway_reference == "50000000382019052709732678859"


def test_a_refused_refund_carries_wechat_pays_reason():
    refusal = Answer(
        400,
        json.dumps({"code": "NOT_ENOUGH", "message": "基本账户余额不足"}).encode(),
        {"Content-Type": "application/json"},
    )
    with fake_gateway(lambda _: refusal) as gateway:
        provider = make_provider(gateway.url)

        with pytest.raises(PaymentError, match="NOT_ENOUGH: 基本账户余额不足"):
            provider.refund(trade_no="P1", refund_no="R1", amount=Decimal(1), total=Decimal(2))


def test_an_unreachable_gateway_is_a_payment_error(english):
    with pytest.raises(PaymentError, match="could not be reached"):
        make_provider(closed_port_url()).query(trade_no="P1")


def test_from_settings_builds_the_provider(settings):
    settings.PAYMENT_PROVIDERS = {
        "wechat": {
            "enabled": True,
            "mchid": MCHID,
            "appid": APPID,
            "apiv3_key": APIV3_KEY,
            "cert_serial": MERCHANT_SERIAL,
            "private_key": private_pem(MERCHANT_KEY),
            "platform_certs": certificate_pem(PLATFORM_KEY, int(PLATFORM_SERIAL, 16)),
            "api_url": "https://api.mch.example",
        }
    }

    provider = wechat.from_settings()

    assert (provider.code, provider.mchid, provider.appid) == ("wechat", MCHID, APPID)


def test_from_settings_refuses_an_unconfigured_wechat_pay(settings):
    settings.PAYMENT_PROVIDERS = {"wechat": {"enabled": False}}

    with pytest.raises(ImproperlyConfigured, match="WECHATPAY_MCHID"):
        wechat.from_settings()


def test_an_apiv3_key_of_the_wrong_length_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="32 characters"):
        wechat.WechatPayProvider(
            mchid=MCHID,
            appid=APPID,
            apiv3_key="short",
            cert_serial=MERCHANT_SERIAL,
            private_key=private_pem(MERCHANT_KEY),
            platform_certs=certificate_pem(PLATFORM_KEY, 1),
            api_url="https://api.mch.example",
        )
