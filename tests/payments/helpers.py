"""Starting payments and delivering sandbox notifications the way the gateway page does."""

from orders.models import Order
from payments.models import Payment
from payments.providers import sandbox
from payments.providers.base import GatewayReply, GatewayStatus
from payments.services import notification_receive, payment_start


def started(order: Order, code: str = "sandbox") -> Payment:
    payment, _result = payment_start(
        order=order,
        provider_code=code,
        return_url="http://testserver" + order.get_absolute_url(),
        notify_url="http://testserver/payments/notify/" + code + "/",
    )
    return payment


def signed(
    payment: Payment, status: GatewayStatus = GatewayStatus.SUCCEEDED, **changes
) -> tuple[dict[str, str], bytes]:
    """Return the sandbox's signed notification about a payment, with fields changed."""
    fields = {
        "trade_no": payment.trade_no,
        "status": status,
        "amount": payment.amount,
        "currency": payment.currency,
        "reference": payment.gateway_reference,
    }
    return sandbox.notification(**{**fields, **changes})


def deliver(
    payment: Payment, status: GatewayStatus = GatewayStatus.SUCCEEDED, **changes
) -> GatewayReply:
    headers, body = signed(payment, status, **changes)
    return notification_receive(provider_code="sandbox", headers=headers, body=body)
