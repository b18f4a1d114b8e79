"""Payment pages: pay an order, scan a QR code, the sandbox gateway, gateway notifications."""

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from orders.models import Order

from .forms import PayForm, SandboxForm
from .models import OPEN, Payment, PaymentStatus
from .providers import METHODS, UnavailableProvider, configured, sandbox
from .providers.base import GatewayStatus, PaymentError
from .selectors import payment_blocker, shopper_payment
from .services import notification_receive, payment_check, payment_start

SANDBOX_STATUS = {
    "pay": GatewayStatus.SUCCEEDED,
    "fail": GatewayStatus.FAILED,
    "abandon": GatewayStatus.CLOSED,
}


def _own_payment(request: HttpRequest, trade_no: str) -> Payment:
    payment = shopper_payment(trade_no=trade_no, user=request.user)
    if payment is None:
        raise Http404
    return payment


def _start(request: HttpRequest, order: Order, code: str) -> HttpResponse:
    notify = reverse("payments_notify:receive", kwargs={"provider": code})
    try:
        payment, result = payment_start(
            order=order,
            provider_code=code,
            return_url=request.build_absolute_uri(order.get_absolute_url()),
            notify_url=request.build_absolute_uri(notify),
        )
    except PaymentError as error:
        messages.error(request, error.reason)
        return redirect("payments:pay", number=order.number)
    if result.redirect_url:
        return redirect(result.redirect_url)
    return redirect("payments:scan", trade_no=payment.trade_no)


@login_required
def pay_view(request: HttpRequest, number: str) -> HttpResponse:
    order = get_object_or_404(Order, number=number, user=request.user)
    blocker = payment_blocker(order)
    initial = {"method": order.payment_method}
    form = PayForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and not blocker and form.is_valid():
        return _start(request, order, form.cleaned_data["method"])
    method = METHODS.get(order.payment_method)
    context = {"order": order, "form": form, "blocker": blocker, "method": method}
    return render(request, "payments/pay.html", context)


@login_required
def scan_view(request: HttpRequest, trade_no: str) -> HttpResponse:
    payment = _own_payment(request, trade_no)
    if payment.status not in OPEN or not payment.qr_data:
        return redirect("payments:pay", number=payment.order.number)
    method = METHODS.get(payment.provider)
    return render(request, "payments/scan.html", {"payment": payment, "method": method})


@login_required
def qr_view(request: HttpRequest, trade_no: str) -> HttpResponse:
    payment = _own_payment(request, trade_no)
    if not payment.qr_data:
        raise Http404
    image = qrcode.make(payment.qr_data, image_factory=qrcode.image.svg.SvgPathImage)
    response = HttpResponse(image.to_string(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def check_view(request: HttpRequest, trade_no: str) -> HttpResponse:
    payment = _own_payment(request, trade_no)
    try:
        payment = payment_check(payment=payment)
    except PaymentError as error:
        messages.error(request, error.reason)
        return redirect("payments:scan", trade_no=trade_no)
    if payment.status == PaymentStatus.SUCCEEDED:
        messages.success(request, _("Thank you, your payment arrived."))
        return redirect(payment.order)
    if payment.status in OPEN:
        messages.info(request, _("Your payment has not arrived yet. Please check again shortly."))
        return redirect("payments:scan", trade_no=trade_no)
    messages.error(request, _("This payment did not go through. Please pay again."))
    return redirect("payments:pay", number=payment.order.number)


@login_required
def sandbox_view(request: HttpRequest, trade_no: str) -> HttpResponse:
    """The simulated gateway's page: it notifies the shop the way a real gateway would."""
    payment = _own_payment(request, trade_no)
    if payment.provider != sandbox.SandboxProvider.code or not configured(payment.provider):
        raise Http404
    if payment.status not in OPEN:
        return redirect(payment.order)
    form = SandboxForm(request.POST if request.method == "POST" else None)
    if not form.is_valid():
        return render(request, "payments/sandbox.html", {"payment": payment, "form": form})
    action = form.cleaned_data["action"]
    headers, body = sandbox.notification(
        trade_no=payment.trade_no,
        status=SANDBOX_STATUS[action],
        amount=payment.amount,
        currency=payment.currency,
        reference=payment.gateway_reference,
    )
    notification_receive(provider_code=payment.provider, headers=headers, body=body)
    if action == "pay":
        return redirect(payment.order)
    if action == "fail":
        messages.error(request, _("The payment failed. Please try again or choose another way."))
    return redirect("payments:pay", number=payment.order.number)


@csrf_exempt
@require_POST
def notify_view(request: HttpRequest, provider: str) -> HttpResponse:
    """Receive a gateway's server-to-server notification and answer it as the gateway wants."""
    try:
        reply = notification_receive(
            provider_code=provider, headers=dict(request.headers), body=request.body
        )
    except UnavailableProvider as error:
        raise Http404 from error
    return HttpResponse(reply.body, status=reply.status, content_type=reply.content_type)
