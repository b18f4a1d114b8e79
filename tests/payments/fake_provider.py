"""A QR-code gateway the tests control: what it answers to queries and refunds."""

from dataclasses import dataclass, field
from decimal import Decimal

from payments.providers.base import (
    GatewayEvent,
    GatewayReply,
    GatewayStatus,
    InvalidNotification,
    PaymentError,
    PaymentRequest,
    RefundResult,
    StartResult,
)


@dataclass
class FakeQrGateway:
    code: str = "wechat"
    answers: dict[str, tuple[GatewayStatus, Decimal]] = field(default_factory=dict)
    refusal: str = ""
    refunds: list[tuple[str, Decimal]] = field(default_factory=list)

    def start(self, request: PaymentRequest) -> StartResult:
        return StartResult(qr_data=f"weixin://wxpay/{request.trade_no}", gateway_reference="")

    def verify(self, *, headers: dict[str, str], body: bytes) -> GatewayEvent:
        raise InvalidNotification("the fake gateway sends no notifications")

    def reply(self, *, handled: bool) -> GatewayReply:
        return GatewayReply(200, "SUCCESS") if handled else GatewayReply(500, "FAIL")

    def query(self, *, trade_no: str) -> GatewayEvent:
        if trade_no not in self.answers:
            raise PaymentError("no such trade at the fake gateway")
        status, amount = self.answers[trade_no]
        return GatewayEvent(trade_no, status, amount, "CNY", event_id="", gateway_reference="W1")

    def refund(
        self, *, trade_no: str, refund_no: str, amount: Decimal, total: Decimal
    ) -> RefundResult:
        if self.refusal:
            raise PaymentError(self.refusal)
        self.refunds.append((refund_no, amount))
        return RefundResult(refund_no=refund_no, gateway_reference="WR-" + refund_no)


GATEWAY = FakeQrGateway()


def from_settings() -> FakeQrGateway:
    return GATEWAY
