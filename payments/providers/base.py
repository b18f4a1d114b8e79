"""What goes to a payment gateway and what comes back, whichever gateway it is."""

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Protocol


class GatewayStatus(StrEnum):
    SUCCEEDED = "succeeded"
    PENDING = "pending"
    FAILED = "failed"
    CLOSED = "closed"
    REFUNDED = "refunded"


class InvalidNotification(Exception):
    """A notification that must not be believed: bad signature, stale, malformed, not ours."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class PaymentError(Exception):
    """A gateway refused or could not be reached; `reason` is safe to show a merchant."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class PaymentRequest:
    """What the shop asks a gateway to collect."""

    trade_no: str
    amount: Decimal
    currency: str
    subject: str
    return_url: str
    notify_url: str


@dataclass(frozen=True)
class StartResult:
    """How the shopper pays: follow `redirect_url`, or scan a QR code of `qr_data`."""

    redirect_url: str = ""
    qr_data: str = ""
    gateway_reference: str = ""


@dataclass(frozen=True)
class GatewayEvent:
    """A verified notification, or a query's answer, in the shop's terms."""

    trade_no: str
    status: GatewayStatus
    amount: Decimal
    currency: str
    event_id: str
    gateway_reference: str = ""
    merchant_id: str = ""
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class GatewayReply:
    """What the notification endpoint answers the gateway."""

    status: int
    body: str
    content_type: str = "text/plain"


@dataclass(frozen=True)
class RefundResult:
    refund_no: str
    gateway_reference: str


class Provider(Protocol):
    code: str

    def start(self, request: PaymentRequest) -> StartResult:
        """Create the payment at the gateway and say how the shopper completes it."""

    def verify(self, *, headers: dict[str, str], body: bytes) -> GatewayEvent:
        """Verify and decode a notification, or raise InvalidNotification with the reason."""

    def reply(self, *, handled: bool) -> GatewayReply:
        """Answer the gateway: acknowledged only when the notification was handled."""

    def query(self, *, trade_no: str) -> GatewayEvent:
        """Ask the gateway what became of a payment."""

    def refund(
        self, *, trade_no: str, refund_no: str, amount: Decimal, total: Decimal
    ) -> RefundResult:
        """Pay an amount of a payment back; raise PaymentError when refused."""
