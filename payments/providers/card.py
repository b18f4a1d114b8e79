"""Bank cards through Stripe: a hosted Checkout page, its PaymentIntent, and signed webhooks."""

import json
import time
from decimal import Decimal, InvalidOperation

import stripe
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

# Stripe's own tolerance for the age of a webhook signature.
TOLERANCE_SECONDS = 300
TIMEOUT_SECONDS = 15
# Stripe refuses a Checkout Session that expires sooner than this.
MIN_CHECKOUT_MINUTES = 30
# Currencies Stripe counts in whole units or in thousandths; all others are in hundredths.
ZERO_DECIMAL = {"BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND"}
ZERO_DECIMAL |= {"VUV", "XAF", "XOF", "XPF"}
THREE_DECIMAL = {"BHD", "JOD", "KWD", "OMR", "TND"}

# Event type -> what it says about the payment; Checkout events carry a session object.
EVENT_STATUSES = {
    "checkout.session.completed": GatewayStatus.SUCCEEDED,
    "checkout.session.async_payment_succeeded": GatewayStatus.SUCCEEDED,
    "checkout.session.async_payment_failed": GatewayStatus.FAILED,
    "checkout.session.expired": GatewayStatus.CLOSED,
    "payment_intent.succeeded": GatewayStatus.SUCCEEDED,
    "payment_intent.payment_failed": GatewayStatus.FAILED,
    "payment_intent.canceled": GatewayStatus.CLOSED,
}
INTENT_STATUSES = {
    "succeeded": GatewayStatus.SUCCEEDED,
    "processing": GatewayStatus.PENDING,
    "requires_payment_method": GatewayStatus.PENDING,
    "requires_confirmation": GatewayStatus.PENDING,
    "requires_action": GatewayStatus.PENDING,
    "requires_capture": GatewayStatus.PENDING,
    "canceled": GatewayStatus.CLOSED,
}


class CardProvider:
    code = "card"

    def __init__(
        self,
        *,
        secret_key: str,
        webhook_secret: str,
        api_url: str = "https://api.stripe.com",
        payment_minutes: int = 30,
    ) -> None:
        self.api_url = api_url
        self.payment_minutes = payment_minutes
        # A test-mode key must never believe a live-mode event, nor the other way round.
        self.livemode = secret_key.startswith(("sk_live_", "rk_live_"))
        self._webhook_secret = webhook_secret
        self._client = stripe.StripeClient(
            secret_key,
            base_addresses={"api": api_url},
            http_client=stripe.RequestsClient(timeout=TIMEOUT_SECONDS),
            max_network_retries=2,
        )

    def start(self, request: PaymentRequest) -> StartResult:
        """Create a Checkout Session and return the Stripe-hosted page to send the shopper to."""
        minutes = max(self.payment_minutes, MIN_CHECKOUT_MINUTES)
        metadata = {"trade_no": request.trade_no}
        params = {
            "mode": "payment",
            "client_reference_id": request.trade_no,
            "metadata": metadata,
            "payment_intent_data": {"metadata": metadata},
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": request.currency.lower(),
                        "unit_amount": minor_units(request.amount, request.currency),
                        "product_data": {"name": request.subject},
                    },
                }
            ],
            "success_url": request.return_url,
            "cancel_url": request.return_url,
            "expires_at": int(time.time()) + minutes * 60,
        }
        options = {"idempotency_key": f"checkout-{request.trade_no}"}
        session = self._stripe(lambda: self._client.v1.checkout.sessions.create(params, options))
        if not session.url:
            raise PaymentError(_("Stripe did not return a payment page."))
        return StartResult(redirect_url=session.url, gateway_reference=session.id)

    def verify(self, *, headers: dict[str, str], body: bytes) -> GatewayEvent:
        """Check the Stripe-Signature header and turn the event into the shop's terms."""
        lowered = {name.lower(): value for name, value in headers.items()}
        signature = lowered.get("stripe-signature", "")
        if not signature:
            raise InvalidNotification("the Stripe-Signature header is missing")
        try:
            payload = body.decode("utf-8")
            stripe.WebhookSignature.verify_header(
                payload, signature, self._webhook_secret, TOLERANCE_SECONDS
            )
            event = json.loads(payload)
        except UnicodeDecodeError as exc:
            raise InvalidNotification("the body is not UTF-8") from exc
        except stripe.SignatureVerificationError as exc:
            raise InvalidNotification(f"Stripe-Signature refused: {exc.user_message}") from exc
        except ValueError as exc:
            raise InvalidNotification(f"the body is not JSON: {exc}") from exc
        return self._event(event)

    def reply(self, *, handled: bool) -> GatewayReply:
        """Answer 200 when handled; any other status makes Stripe send the event again."""
        if handled:
            return GatewayReply(status=200, body="")
        return GatewayReply(status=400, body="not handled")

    def query(self, *, trade_no: str) -> GatewayEvent:
        """Find the payment's PaymentIntent by its trade number and report its state."""
        intent = self._intent(trade_no)
        status = INTENT_STATUSES.get(intent.status, GatewayStatus.PENDING)
        minor = intent.amount_received if status is GatewayStatus.SUCCEEDED else intent.amount
        return GatewayEvent(
            trade_no=trade_no,
            status=status,
            amount=major_units(minor, intent.currency),
            currency=intent.currency.upper(),
            event_id=f"query:{intent.id}:{intent.status}",
            gateway_reference=intent.id,
            raw=dict(intent),
        )

    def refund(
        self, *, trade_no: str, refund_no: str, amount: Decimal, total: Decimal
    ) -> RefundResult:
        """Refund part or all of the payment; the refund number is Stripe's idempotency key."""
        if not Decimal(0) < amount <= total:
            raise PaymentError(_("A refund must be more than zero and at most the amount paid."))
        intent = self._intent(trade_no)
        if intent.status != "succeeded":
            raise PaymentError(
                _("This card payment has not been collected, so it cannot be refunded.")
            )
        params = {
            "payment_intent": intent.id,
            "amount": minor_units(amount, intent.currency),
            "metadata": {"trade_no": trade_no, "refund_no": refund_no},
        }
        options = {"idempotency_key": f"refund-{refund_no}"}
        refund = self._stripe(lambda: self._client.v1.refunds.create(params, options))
        if refund.status in ("failed", "canceled"):
            raise PaymentError(_("Stripe refused the refund: %s") % refund.get("failure_reason"))
        return RefundResult(refund_no=refund_no, gateway_reference=refund.id)

    def _intent(self, trade_no: str) -> stripe.PaymentIntent:
        """Return the trade's PaymentIntent, a collected one first if there are several."""
        if "'" in trade_no or "\\" in trade_no:
            raise PaymentError(_("%s is not a valid trade number.") % trade_no)
        # Search lags writes by up to a minute; fine for reconciliation and refunds.
        query = f"metadata['trade_no']:'{trade_no}'"
        found = self._stripe(
            lambda: self._client.v1.payment_intents.search({"query": query, "limit": 10})
        )
        intents = sorted(
            found.data, key=lambda intent: (intent.status == "succeeded", intent.created)
        )
        if not intents:
            raise PaymentError(_("Stripe has no payment for %s yet.") % trade_no)
        return intents[-1]

    def _stripe(self, call):
        """Make one call through the Stripe library, its failures becoming PaymentError."""
        try:
            return call()
        except stripe.APIConnectionError as exc:
            raise PaymentError(_("Stripe could not be reached: %s") % exc.user_message) from exc
        except stripe.StripeError as exc:
            detail = exc.user_message or type(exc).__name__
            raise PaymentError(_("Stripe refused the request: %s") % detail) from exc

    def _event(self, event: dict) -> GatewayEvent:
        """Map a verified event to the shop's terms, refusing what this shop cannot use."""
        if not isinstance(event, dict) or not isinstance(event.get("data"), dict):
            raise InvalidNotification("the body is not a Stripe event")
        if event.get("livemode") is not self.livemode:
            mode = "live" if event.get("livemode") else "test"
            raise InvalidNotification(f"a {mode}-mode event does not belong to this account's mode")
        kind = event.get("type")
        if kind not in EVENT_STATUSES:
            raise InvalidNotification(f"event type {kind!r} is not one the shop subscribes to")
        obj = event["data"].get("object") or {}
        status = EVENT_STATUSES[kind]
        if kind == "checkout.session.completed" and obj.get("payment_status") == "unpaid":
            # Delayed methods complete the session first and pay later.
            status = GatewayStatus.PENDING
        return GatewayEvent(
            trade_no=_trade_no(obj),
            status=status,
            amount=major_units(_event_amount(obj, status), str(obj.get("currency", ""))),
            currency=str(obj.get("currency", "")).upper(),
            event_id=str(event.get("id", "")),
            gateway_reference=obj.get("payment_intent") or obj.get("id") or "",
            merchant_id=event.get("account") or "",
            raw=event,
        )


def from_settings() -> CardProvider:
    """Build the card provider from settings.PAYMENT_PROVIDERS["card"]."""
    config = settings.PAYMENT_PROVIDERS.get("card", {})
    if not config.get("enabled"):
        raise ImproperlyConfigured(
            "Card payments are not configured: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET."
        )
    return CardProvider(
        secret_key=config["secret_key"],
        webhook_secret=config["webhook_secret"],
        api_url=config["api_url"],
        payment_minutes=settings.ORDER_PAYMENT_MINUTES,
    )


def _exponent(currency: str) -> int:
    code = currency.upper()
    if code in ZERO_DECIMAL:
        return 0
    return 3 if code in THREE_DECIMAL else 2


def minor_units(amount: Decimal, currency: str) -> int:
    """Convert an amount to Stripe's integer minor units, refusing a fraction of one."""
    try:
        minor = amount.scaleb(_exponent(currency))
        whole = amount.is_finite() and amount > 0 and minor == minor.to_integral_value()
    except InvalidOperation:
        whole = False
    if not whole:
        raise PaymentError(
            _("%(amount)s is not a payable amount in %(currency)s.")
            % {"amount": amount, "currency": currency.upper()}
        )
    return int(minor)


def major_units(minor: object, currency: str) -> Decimal:
    """Convert Stripe's integer minor units to an exact Decimal amount."""
    if not isinstance(minor, int) or isinstance(minor, bool) or minor < 0:
        raise InvalidNotification(f"the amount {minor!r} is not a whole number of minor units")
    return Decimal(minor).scaleb(-_exponent(currency))


def _trade_no(obj: dict) -> str:
    metadata = obj.get("metadata") or {}
    trade_no = obj.get("client_reference_id") or metadata.get("trade_no")
    if not trade_no:
        raise InvalidNotification("the event carries no trade number")
    return str(trade_no)


def _event_amount(obj: dict, status: GatewayStatus) -> object:
    if obj.get("object") == "checkout.session":
        return obj.get("amount_total")
    if status is GatewayStatus.SUCCEEDED:
        return obj.get("amount_received")
    return obj.get("amount")
