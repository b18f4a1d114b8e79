"""Alipay desktop-website payment (alipay.trade.page.pay), every message signed with RSA2."""

import binascii
from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qsl

from alipay import AliPay
from alipay.exceptions import AliPayException, AliPayValidationError
from alipay.utils import AliPayConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

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
FEN = Decimal("0.01")
TIMEOUT_SECONDS = 15

TRADE_STATUSES = {
    "TRADE_SUCCESS": GatewayStatus.SUCCEEDED,
    "TRADE_FINISHED": GatewayStatus.SUCCEEDED,
    "TRADE_CLOSED": GatewayStatus.CLOSED,
    "WAIT_BUYER_PAY": GatewayStatus.PENDING,
}


class _GatewayClient(AliPay):
    """The SDK's client, sending to the configured gateway rather than one of its two."""

    def __init__(self, *, gateway_url: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self._gateway = gateway_url


class AlipayProvider:
    code = "alipay"

    def __init__(
        self,
        *,
        app_id: str,
        private_key: str,
        alipay_public_key: str,
        gateway_url: str,
        seller_id: str = "",
        payment_minutes: int = 30,
    ) -> None:
        self.app_id = app_id
        self.seller_id = seller_id
        # What the shop records on each payment and finds again in every event for it.
        self.merchant_id = seller_id or app_id
        self.gateway_url = gateway_url
        self.payment_minutes = payment_minutes
        try:
            self._client = _GatewayClient(
                gateway_url=gateway_url,
                appid=app_id,
                app_private_key_string=private_key,
                alipay_public_key_string=alipay_public_key,
                sign_type="RSA2",
                config=AliPayConfig(timeout=TIMEOUT_SECONDS),
            )
        except (ValueError, IndexError, TypeError) as exc:
            raise ImproperlyConfigured(f"Alipay keys are not valid RSA PEM keys: {exc}") from exc

    def start(self, request: PaymentRequest) -> StartResult:
        """Build the signed page-pay URL the shopper's browser is sent to; nothing is sent yet."""
        if request.currency != CURRENCY:
            raise PaymentError(_("Alipay only accepts payments in CNY."))
        query = self._client.api_alipay_trade_page_pay(
            subject=request.subject[:256],
            out_trade_no=request.trade_no,
            total_amount=_yuan_text(request.amount),
            return_url=request.return_url,
            notify_url=request.notify_url,
            # Alipay stops taking money when the order would expire unpaid.
            timeout_express=f"{self.payment_minutes}m",
        )
        return StartResult(redirect_url=f"{self.gateway_url}?{query}")

    def verify(self, *, headers: dict[str, str], body: bytes) -> GatewayEvent:
        """Check the form-encoded notification's RSA2 signature and decode it."""
        params = _form_fields(body)
        signature = params.pop("sign", "")
        sign_type = params.pop("sign_type", "")
        if not signature:
            raise InvalidNotification("the notification has no sign field")
        if sign_type != "RSA2":
            raise InvalidNotification(f"sign_type {sign_type!r} is not RSA2")
        try:
            valid = self._client.verify(dict(params), signature)
        except (binascii.Error, ValueError) as exc:
            raise InvalidNotification(f"the sign field is not a valid signature: {exc}") from exc
        if not valid:
            raise InvalidNotification("the signature does not match Alipay's public key")
        self._check_ours(params)
        return self._event(params, event_id=_required(params, "notify_id"))

    def reply(self, *, handled: bool) -> GatewayReply:
        """Answer `success` so Alipay stops resending; anything else makes it try again."""
        if handled:
            return GatewayReply(status=200, body="success")
        return GatewayReply(status=400, body="failure")

    def query(self, *, trade_no: str) -> GatewayEvent:
        """Ask alipay.trade.query what became of a payment."""
        answer = self._call(self._client.api_alipay_trade_query, out_trade_no=trade_no)
        status = answer.get("trade_status", "")
        event_id = f"query:{answer.get('trade_no', trade_no)}:{status}"
        try:
            return self._event(answer, event_id=event_id)
        except InvalidNotification as exc:
            raise PaymentError(_("Alipay answered the query oddly: %s") % exc.reason) from exc

    def refund(
        self, *, trade_no: str, refund_no: str, amount: Decimal, total: Decimal
    ) -> RefundResult:
        """Refund through alipay.trade.refund; `out_request_no` makes a retry safe."""
        if not Decimal(0) < amount <= total:
            raise PaymentError(_("A refund must be more than zero and at most the amount paid."))
        answer = self._call(
            self._client.api_alipay_trade_refund,
            refund_amount=_yuan_text(amount),
            out_trade_no=trade_no,
            out_request_no=refund_no,
        )
        return RefundResult(refund_no=refund_no, gateway_reference=answer.get("trade_no", ""))

    def _call(self, api, **kwargs) -> dict:
        """Send a signed request, check the answer's signature, and insist on code 10000."""
        try:
            answer = api(**kwargs)
        except AliPayValidationError as exc:
            raise PaymentError(_("Alipay's answer failed its signature check.")) from exc
        except AliPayException as exc:
            raise PaymentError(_("Alipay refused the request: %s") % exc) from exc
        except (OSError, ValueError) as exc:
            raise PaymentError(_("Alipay could not be reached: %s") % exc) from exc
        if answer.get("code") != "10000":
            detail = answer.get("sub_msg") or answer.get("msg") or answer.get("code")
            raise PaymentError(_("Alipay refused the request: %s") % detail)
        return answer

    def _check_ours(self, fields: dict[str, str]) -> None:
        """Refuse a notification that Alipay signed for another app or seller."""
        if fields.get("app_id") != self.app_id:
            raise InvalidNotification(f"app_id {fields.get('app_id')!r} is not ours")
        seller_id = fields.get("seller_id", "")
        if self.seller_id and seller_id != self.seller_id:
            raise InvalidNotification(f"seller_id {seller_id!r} is not ours")

    def _event(self, fields: dict[str, str], *, event_id: str) -> GatewayEvent:
        """Turn verified Alipay fields into an event in the shop's terms."""
        trade_status = _required(fields, "trade_status")
        if trade_status not in TRADE_STATUSES:
            raise InvalidNotification(f"unknown trade_status {trade_status!r}")
        status = TRADE_STATUSES[trade_status]
        if status is GatewayStatus.CLOSED and _has_refund(fields):
            # Alipay closes a trade once it is fully refunded; that is not an unpaid close.
            status = GatewayStatus.REFUNDED
        return GatewayEvent(
            trade_no=_required(fields, "out_trade_no"),
            status=status,
            amount=_decimal(_required(fields, "total_amount")),
            currency=CURRENCY,
            event_id=event_id,
            gateway_reference=fields.get("trade_no", ""),
            merchant_id=self.merchant_id,
            raw=dict(fields),
        )


def from_settings() -> AlipayProvider:
    """Build the Alipay provider from settings.PAYMENT_PROVIDERS["alipay"]."""
    config = settings.PAYMENT_PROVIDERS.get("alipay", {})
    if not config.get("enabled"):
        raise ImproperlyConfigured(
            "Alipay is not configured: set ALIPAY_APP_ID, ALIPAY_PRIVATE_KEY and ALIPAY_PUBLIC_KEY."
        )
    return AlipayProvider(
        app_id=config["app_id"],
        seller_id=config.get("seller_id", ""),
        private_key=config["private_key"],
        alipay_public_key=config["public_key"],
        gateway_url=config["gateway_url"],
        payment_minutes=settings.ORDER_PAYMENT_MINUTES,
    )


def _yuan_text(amount: Decimal) -> str:
    """Write an amount as Alipay wants it, refusing fractions of a fen."""
    try:
        payable = amount.is_finite() and amount > 0 and amount == amount.quantize(FEN)
    except InvalidOperation:
        payable = False
    if not payable:
        raise PaymentError(_("%s is not a payable amount in yuan and fen.") % amount)
    return str(amount.quantize(FEN))


def _form_fields(body: bytes) -> dict[str, str]:
    """Parse a form-encoded body, refusing repeated fields an attacker could play with."""
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True)
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidNotification(f"the body is not a UTF-8 form: {exc}") from exc
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise InvalidNotification("the notification repeats a field")
    return fields


def _required(fields: dict[str, str], name: str) -> str:
    value = fields.get(name, "")
    if not value:
        raise InvalidNotification(f"the field {name} is missing")
    return value


def _decimal(text: str) -> Decimal:
    try:
        amount = Decimal(text)
        whole_fen = amount.is_finite() and amount == amount.quantize(FEN)
    except InvalidOperation:
        whole_fen = False
    if not whole_fen:
        raise InvalidNotification(f"{text!r} is not an amount in yuan and fen")
    return amount


def _has_refund(fields: dict[str, str]) -> bool:
    try:
        return Decimal(fields.get("refund_fee") or "0") > 0
    except InvalidOperation:
        return False
