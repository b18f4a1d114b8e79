"""Shop pages of promotions: the flash sales, and the cart's coupon box."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from cart.selectors import EMPTY_CART, cart_detail, cart_get

from . import pricing


class CouponForm(forms.Form):
    code = forms.CharField(
        label=_("Coupon code"),
        max_length=40,
        error_messages={
            "required": _("Enter a code."),
            "max_length": _("This code does not exist."),
        },
    )


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


@require_POST
def coupon_apply_view(request: HttpRequest) -> HttpResponse:
    form = CouponForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(next(iter(form.errors.values()))[0]))
        return redirect("cart:detail")
    if request.session.session_key is None:
        request.session.save()
    cart = cart_get(user=request.user, session=request.session)
    detail = cart_detail(cart) if cart is not None else EMPTY_CART
    outcome = pricing.coupon_apply(
        session=request.session,
        user=request.user,
        lines=detail.lines,
        code=form.cleaned_data["code"],
        attempts=pricing.Attempts.of(
            session_key=request.session.session_key, ip=_client_ip(request)
        ),
        now=timezone.now(),
    )
    (messages.success if outcome.accepted else messages.error)(request, outcome.message)
    return redirect("cart:detail")


@require_POST
def coupon_remove_view(request: HttpRequest) -> HttpResponse:
    if pricing.coupon_remove(session=request.session, code=request.POST.get("code", "")):
        messages.success(request, _("The code was removed."))
    return redirect("cart:detail")


@require_safe
def flash_sale(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "promotions/flash_sale.html",
        {"sales": pricing.flash_sales(user=request.user, now=now), "now": now},
    )
