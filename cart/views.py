"""Cart pages: show the cart, and add, update or remove its lines."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_htmx.middleware import HtmxDetails

from promotions.pricing import cart_view, session_codes
from promotions.views import CouponForm
from shop.navigation import safe_next

from .forms import CartLineForm, CartQuantityForm
from .selectors import EMPTY_CART, cart_detail, cart_get, cart_get_or_build
from .services import CartError, cart_add, cart_remember, cart_remove, cart_set_quantity


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _first_error(form: forms.Form) -> str:
    return str(next(iter(form.errors.values()))[0])


def _refusal(error: CartError) -> str:
    return " ".join(error.messages)


def _next_url(request: HttpRequest) -> str:
    return safe_next(request, request.POST.get("next", ""), reverse("cart:detail"))


@require_safe
def cart_detail_view(request: HttpRequest) -> HttpResponse:
    cart = cart_get(user=request.user, session=request.session)
    detail = cart_detail(cart) if cart is not None else EMPTY_CART
    context = {
        "cart": detail,
        "max_quantity": settings.CART_MAX_LINE_QTY,
        "pricing": cart_view(
            detail.lines,
            user=request.user,
            codes=session_codes(request.session),
            now=timezone.now(),
        )
        if detail.lines
        else None,
        "coupon_form": CouponForm(),
    }
    return render(request, "cart/detail.html", context)


@require_POST
def cart_add_view(request: HtmxHttpRequest) -> HttpResponse:
    form = CartQuantityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
    else:
        cart = cart_get_or_build(user=request.user, session=request.session)
        try:
            line = cart_add(
                cart=cart, sku_id=form.cleaned_data["sku"], quantity=form.cleaned_data["quantity"]
            )
        except CartError as error:
            messages.error(request, _refusal(error))
        else:
            cart_remember(session=request.session, cart=cart)
            messages.success(
                request,
                _("Added %(quantity)d × %(name)s to your cart.")
                % {"quantity": form.cleaned_data["quantity"], "name": line.sku.product.name},
            )
    if request.htmx and not request.htmx.boosted:
        return render(request, "cart/partials/add_response.html")
    return redirect(_next_url(request))


@require_POST
def cart_update_view(request: HttpRequest) -> HttpResponse:
    form = CartQuantityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect("cart:detail")
    cart = cart_get_or_build(user=request.user, session=request.session)
    try:
        cart_set_quantity(
            cart=cart, sku_id=form.cleaned_data["sku"], quantity=form.cleaned_data["quantity"]
        )
    except CartError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("Your cart was updated."))
    return redirect("cart:detail")


@require_POST
def cart_remove_view(request: HttpRequest) -> HttpResponse:
    form = CartLineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect("cart:detail")
    cart = cart_get_or_build(user=request.user, session=request.session)
    try:
        cart_remove(cart=cart, sku_id=form.cleaned_data["sku"])
    except CartError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("The item was removed from your cart."))
    return redirect("cart:detail")
