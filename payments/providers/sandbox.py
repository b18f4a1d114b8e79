"""A simulated gateway served by the shop itself, for the demo and the tests.

It behaves like a real one where it matters: the shopper is sent to a gateway page, and the
result comes back as a signed notification through the same path as any gateway's.
"""

import hashlib
import hmac
import json
import time
import uuid
from decimal import Decimal, InvalidOperation

from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from payments.models import Payment

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

SIGNATURE_HEADER = "X-Sandbox-Signature"
MERCHANT_ID = "sandbox-merchant"
# A notification older than this is refused, so that a captured one cannot be replayed later.
MAX_AGE_SECONDS = 600
FIELDS = ("event_id", "timestamp", "trade_no", "status", "amount", "currency", "merchant_id")


def _key() -> bytes:
    """Return the signing key, derived from SECRET_KEY so that nothing else must be set."""
    return salted_hmac("payments.providers.sandbox", "notifications").digest()


def sign(body: bytes) -> str:
    return hmac.new(_key(), body, hashlib.sha256).hexdigest()


def notification(
    *, trade_no: str, status: GatewayStatus, amount: Decimal, currency: str, reference: str
) -> tuple[dict[str, str], bytes]:
    """Build the signed notification the sandbox gateway sends about a payment."""
    payload = {
        "event_id": uuid.uuid4().hex,
        "timestamp": int(time.time()),
        "trade_no": trade_no,
        "status": str(status),
        "amount": str(amount),
        "currency": currency,
        "merchant_id": MERCHANT_ID,
        "gateway_reference": reference,
    }
    body = json.dumps(payload, sort_keys=True).encode()
    return {"Content-Type": "application/json", SIGNATURE_HEADER: sign(body)}, body


def _header(headers: dict[str, str], name: str) -> str:
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), "")


def _decode(body: bytes) -> dict:
    try:
        payload = json.loads(body)
    except ValueError as error:
        raise InvalidNotification("malformed body") from error
    if not isinstance(payload, dict) or any(name not in payload for name in FIELDS):
        raise InvalidNotification("missing fields")
    return payload


def _event(payload: dict) -> GatewayEvent:
    try:
        amount = Decimal(str(payload["amount"]))
        status = GatewayStatus(payload["status"])
        age = time.time() - int(payload["timestamp"])
    except (InvalidOperation, ValueError, TypeError) as error:
        raise InvalidNotification("malformed fields") from error
    if not amount.is_finite():
        raise InvalidNotification("bad amount")
    if abs(age) > MAX_AGE_SECONDS:
        raise InvalidNotification("stale timestamp")
    return GatewayEvent(
        trade_no=str(payload["trade_no"]),
        status=status,
        amount=amount,
        currency=str(payload["currency"]),
        event_id=str(payload["event_id"]),
        gateway_reference=str(payload.get("gateway_reference", "")),
        merchant_id=str(payload["merchant_id"]),
        raw=payload,
    )


def _status_of(payment_status: str) -> GatewayStatus:
    return {
        "succeeded": GatewayStatus.SUCCEEDED,
        "refunded": GatewayStatus.REFUNDED,
        "failed": GatewayStatus.FAILED,
        "cancelled": GatewayStatus.CLOSED,
    }.get(payment_status, GatewayStatus.PENDING)


class SandboxProvider:
    code = "sandbox"
    merchant_id = MERCHANT_ID

    def start(self, request: PaymentRequest) -> StartResult:
        url = reverse("payments:sandbox", kwargs={"trade_no": request.trade_no})
        return StartResult(redirect_url=url, gateway_reference="SBX" + request.trade_no)

    def verify(self, *, headers: dict[str, str], body: bytes) -> GatewayEvent:
        signature = _header(headers, SIGNATURE_HEADER)
        if not signature:
            raise InvalidNotification("missing signature")
        if not hmac.compare_digest(signature, sign(body)):
            raise InvalidNotification("bad signature")
        return _event(_decode(body))

    def reply(self, *, handled: bool) -> GatewayReply:
        return GatewayReply(status=200, body="ok") if handled else GatewayReply(400, "fail")

    def query(self, *, trade_no: str) -> GatewayEvent:
        """Answer from the shop's own records: the sandbox has no books of its own."""
        payment = Payment.objects.filter(provider=self.code, trade_no=trade_no).first()
        if payment is None:
            raise PaymentError(
                _("The sandbox knows no payment %(trade_no)s.") % {"trade_no": trade_no}
            )
        return GatewayEvent(
            trade_no=trade_no,
            status=_status_of(payment.status),
            amount=payment.amount,
            currency=payment.currency,
            event_id="",
            gateway_reference=payment.gateway_reference,
            merchant_id=MERCHANT_ID,
        )

    def refund(
        self, *, trade_no: str, refund_no: str, amount: Decimal, total: Decimal
    ) -> RefundResult:
        paid = self.query(trade_no=trade_no)
        if paid.status != GatewayStatus.SUCCEEDED:
            raise PaymentError(_("The sandbox cannot refund a payment that did not succeed."))
        if amount <= 0 or amount > total or total != paid.amount:
            raise PaymentError(_("The sandbox cannot refund that amount."))
        return RefundResult(refund_no=refund_no, gateway_reference="SBXR" + refund_no)


def from_settings() -> SandboxProvider:
    """Build the sandbox provider; it needs no keys beyond SECRET_KEY."""
    return SandboxProvider()
