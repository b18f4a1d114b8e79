"""WeChat Pay API v3, Native payment: the shopper scans a QR code of the gateway's code_url.

wechatpayv3's client downloads platform certificates over the network when it is built, so
only its signing and decryption helpers are used here, with the certificates from settings.
"""

import datetime
import json
import time
from decimal import Decimal, InvalidOperation
from email.message import Message
from urllib.error import HTTPError, URLError
from urllib.parse import quote
from urllib.request import Request, urlopen
from zoneinfo import ZoneInfo

from cryptography import x509
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from wechatpayv3.utils import aes_decrypt, build_authorization, load_private_key, rsa_verify

from .base import (
    GatewayEvent,
    GatewayReply,
    GatewayStatus,
    InvalidNotification,
    PaymentError,
    PaymentRequest,
    RefundResult,
    StartResult,
)

CURRENCY = "CNY"
SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048"
# WeChat Pay's own rule: a message more than five minutes off our clock may be a replay.
MAX_CLOCK_SKEW_SECONDS = 300
TIMEOUT_SECONDS = 15
BEIJING = ZoneInfo("Asia/Shanghai")

TRADE_STATES = {
    "SUCCESS": GatewayStatus.SUCCEEDED,
    "REFUND": GatewayStatus.REFUNDED,
    "NOTPAY": GatewayStatus.PENDING,
    "USERPAYING": GatewayStatus.PENDING,
    "CLOSED": GatewayStatus.CLOSED,
    "REVOKED": GatewayStatus.CLOSED,
    "PAYERROR": GatewayStatus.FAILED,
}


class WechatPayProvider:
    code = "wechat"

    def __init__(
        self,
        *,
        mchid: str,
        appid: str,
        apiv3_key: str,
        cert_serial: str,
        private_key: str,
        platform_certs: str,
        api_url: str,
        payment_minutes: int = 30,
    ) -> None:
        if len(apiv3_key.encode()) != 32:
            raise ImproperlyConfigured("The WeChat Pay APIv3 key must be 32 characters long.")
        try:
            self._private_key = load_private_key(private_key)
            certificates = x509.load_pem_x509_certificates(platform_certs.encode())
        except Exception as exc:  # wechatpayv3 raises a bare Exception for a bad key
            raise ImproperlyConfigured(f"WeChat Pay keys are not valid PEM: {exc}") from exc
        self.mchid = mchid
        # What the shop records on each payment and finds again in every event for it.
        self.merchant_id = mchid
        self.appid = appid
        self.cert_serial = cert_serial
        self.api_url = api_url.rstrip("/")
        self.payment_minutes = payment_minutes
        self._apiv3_key = apiv3_key
        self._certificates = {cert.serial_number: cert for cert in certificates}

    def start(self, request: PaymentRequest) -> StartResult:
        """Create a Native order and return the code_url the shopper's QR code carries."""
        if request.currency != CURRENCY:
            raise PaymentError(_("WeChat Pay only accepts payments in CNY."))
        expires = datetime.datetime.now(BEIJING) + datetime.timedelta(minutes=self.payment_minutes)
        answer = self._call(
            "POST",
            "/v3/pay/transactions/native",
            {
                "appid": self.appid,
                "mchid": self.mchid,
                "description": request.subject[:127],
                "out_trade_no": request.trade_no,
                "time_expire": expires.isoformat(timespec="seconds"),
                "notify_url": request.notify_url,
                "amount": {"total": _fen(request.amount), "currency": CURRENCY},
            },
        )
        if not answer.get("code_url"):
            raise PaymentError(_("WeChat Pay did not return a payment code."))
        return StartResult(qr_data=answer["code_url"])

    def verify(self, *, headers: dict[str, str], body: bytes) -> GatewayEvent:
        """Check the notification's signature and freshness, then decrypt its transaction."""
        self._check_signature({name.lower(): value for name, value in headers.items()}, body)
        notice = _json(body)
        if not str(notice.get("event_type", "")).startswith("TRANSACTION."):
            raise InvalidNotification(f"event_type {notice.get('event_type')!r} is not a payment")
        transaction = _json(self._decrypt(notice.get("resource")).encode())
        return self._event(transaction, event_id=_text(notice, "id"))

    def reply(self, *, handled: bool) -> GatewayReply:
        """Answer 204 when handled; a 500 with a FAIL body makes WeChat Pay send it again."""
        if handled:
            return GatewayReply(status=204, body="")
        body = json.dumps({"code": "FAIL", "message": "notification not handled"})
        return GatewayReply(status=500, body=body, content_type="application/json")

    def query(self, *, trade_no: str) -> GatewayEvent:
        """Ask what became of a payment, by our trade number."""
        path = f"/v3/pay/transactions/out-trade-no/{quote(trade_no, safe='')}?mchid={self.mchid}"
        transaction = self._call("GET", path)
        state = transaction.get("trade_state", "")
        event_id = f"query:{transaction.get('transaction_id') or trade_no}:{state}"
        try:
            return self._event(transaction, event_id=event_id)
        except InvalidNotification as exc:
            raise PaymentError(_("WeChat Pay answered the query oddly: %s") % exc.reason) from exc

    def refund(
        self, *, trade_no: str, refund_no: str, amount: Decimal, total: Decimal
    ) -> RefundResult:
        """Refund part or all of a payment; `out_refund_no` makes a retry safe."""
        if not Decimal(0) < amount <= total:
            raise PaymentError(_("A refund must be more than zero and at most the amount paid."))
        answer = self._call(
            "POST",
            "/v3/refund/domestic/refunds",
            {
                "out_trade_no": trade_no,
                "out_refund_no": refund_no,
                "amount": {"refund": _fen(amount), "total": _fen(total), "currency": CURRENCY},
            },
        )
        if answer.get("status") not in ("SUCCESS", "PROCESSING"):
            raise PaymentError(_("WeChat Pay refused the refund: %s") % answer.get("status"))
        return RefundResult(refund_no=refund_no, gateway_reference=answer.get("refund_id", ""))

    def _call(self, method: str, path: str, payload: dict | None = None) -> dict:
        """Send a request signed with the merchant key and return its verified JSON answer."""
        body = "" if payload is None else json.dumps(payload, ensure_ascii=False)
        authorization = build_authorization(
            path, method, self.mchid, self.cert_serial, self._private_key, data=body
        )
        request = Request(
            self.api_url + path,
            data=body.encode() if payload is not None else None,
            method=method,
            headers={
                "Authorization": authorization,
                "Accept": "application/json",
                "Content-Type": "application/json",
                "User-Agent": "shop-payments",
            },
        )
        try:
            with urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                headers, raw = response.headers, response.read()
        except HTTPError as exc:
            raise PaymentError(_("WeChat Pay refused the request: %s") % _refusal(exc)) from exc
        except (URLError, OSError) as exc:
            raise PaymentError(_("WeChat Pay could not be reached: %s") % exc) from exc
        try:
            self._check_signature(_lowered(headers), raw)
            return _json(raw)
        except InvalidNotification as exc:
            raise PaymentError(_("WeChat Pay's answer was refused: %s") % exc.reason) from exc

    def _check_signature(self, headers: dict[str, str], body: bytes) -> None:
        """Verify the platform's SHA256-RSA signature over timestamp, nonce and body."""
        timestamp = headers.get("wechatpay-timestamp", "")
        nonce = headers.get("wechatpay-nonce", "")
        signature = headers.get("wechatpay-signature", "")
        serial = headers.get("wechatpay-serial", "")
        if not (timestamp and nonce and signature and serial):
            raise InvalidNotification("the Wechatpay-* signature headers are missing")
        if headers.get("wechatpay-signature-type", SIGNATURE_TYPE) != SIGNATURE_TYPE:
            raise InvalidNotification("the signature type is not WECHATPAY2-SHA256-RSA2048")
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_CLOCK_SKEW_SECONDS:
            raise InvalidNotification(f"the timestamp {timestamp} is more than 5 minutes off")
        certificate = self._certificate(serial)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidNotification("the body is not UTF-8") from exc
        if not rsa_verify(timestamp, nonce, text, signature, certificate.public_key()):
            raise InvalidNotification("the signature does not match the platform certificate")

    def _certificate(self, serial: str) -> x509.Certificate:
        try:
            certificate = self._certificates[int(serial, 16)]
        except (ValueError, KeyError) as exc:
            raise InvalidNotification(f"no platform certificate has serial {serial!r}") from exc
        now = datetime.datetime.now(datetime.UTC)
        if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
            raise InvalidNotification(f"the platform certificate {serial} is not valid now")
        return certificate

    def _decrypt(self, resource: object) -> str:
        """Open the AEAD_AES_256_GCM envelope of the notification with the APIv3 key."""
        if not isinstance(resource, dict) or resource.get("algorithm") != "AEAD_AES_256_GCM":
            raise InvalidNotification("the resource is not AEAD_AES_256_GCM encrypted")
        try:
            plain = aes_decrypt(
                nonce=_text(resource, "nonce"),
                ciphertext=_text(resource, "ciphertext"),
                associated_data=str(resource.get("associated_data", "")),
                apiv3_key=self._apiv3_key,
            )
        except ValueError as exc:
            raise InvalidNotification(f"the resource cannot be decrypted: {exc}") from exc
        if plain is None:
            raise InvalidNotification("the resource does not decrypt with our APIv3 key")
        return plain

    def _event(self, transaction: dict, *, event_id: str) -> GatewayEvent:
        """Turn a transaction into an event, refusing one for another merchant or app."""
        if transaction.get("mchid") != self.mchid:
            raise InvalidNotification(f"mchid {transaction.get('mchid')!r} is not ours")
        if transaction.get("appid") != self.appid:
            raise InvalidNotification(f"appid {transaction.get('appid')!r} is not ours")
        state = transaction.get("trade_state")
        if state not in TRADE_STATES:
            raise InvalidNotification(f"unknown trade_state {state!r}")
        amount = transaction.get("amount") or {}
        return GatewayEvent(
            trade_no=_text(transaction, "out_trade_no"),
            status=TRADE_STATES[state],
            amount=_yuan(amount.get("total")),
            currency=amount.get("currency") or CURRENCY,
            event_id=event_id,
            gateway_reference=transaction.get("transaction_id", ""),
            merchant_id=self.mchid,
            raw=transaction,
        )


def from_settings() -> WechatPayProvider:
    """Build the WeChat Pay provider from settings.PAYMENT_PROVIDERS["wechat"]."""
    config = settings.PAYMENT_PROVIDERS.get("wechat", {})
    if not config.get("enabled"):
        raise ImproperlyConfigured(
            "WeChat Pay is not configured: set WECHATPAY_MCHID, WECHATPAY_APPID, "
            "WECHATPAY_APIV3_KEY, WECHATPAY_CERT_SERIAL, WECHATPAY_PRIVATE_KEY and "
            "WECHATPAY_PLATFORM_CERTS."
        )
    return WechatPayProvider(
        mchid=config["mchid"],
        appid=config["appid"],
        apiv3_key=config["apiv3_key"],
        cert_serial=config["cert_serial"],
        private_key=config["private_key"],
        platform_certs=config["platform_certs"],
        api_url=config["api_url"],
        payment_minutes=settings.ORDER_PAYMENT_MINUTES,
    )


def _fen(amount: Decimal) -> int:
    """Convert yuan to whole fen, refusing a fraction of a fen."""
    try:
        fen = amount.scaleb(2)
        whole = amount.is_finite() and amount > 0 and fen == fen.to_integral_value()
    except InvalidOperation:
        whole = False
    if not whole:
        raise PaymentError(_("%s is not a payable amount in yuan and fen.") % amount)
    return int(fen)


def _yuan(fen: object) -> Decimal:
    """Convert the gateway's integer fen to yuan exactly."""
    if not isinstance(fen, int) or isinstance(fen, bool) or fen < 0:
        raise InvalidNotification(f"amount.total {fen!r} is not a whole number of fen")
    return Decimal(fen).scaleb(-2)


def _json(raw: bytes) -> dict:
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise InvalidNotification(f"the body is not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise InvalidNotification("the body is not a JSON object")
    return data


def _text(data: dict, name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value:
        raise InvalidNotification(f"the field {name} is missing")
    return value


def _lowered(headers: Message) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def _refusal(error: HTTPError) -> str:
    """Read WeChat Pay's own reason out of an error answer, if it sent one."""
    try:
        detail = json.loads(error.read())
        return f"{detail['code']}: {detail['message']}"
    except (ValueError, KeyError, TypeError, OSError):
        return f"HTTP {error.code}"
