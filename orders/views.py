"""Checkout and the shopper's order pages: parse input, call one service or selector, render."""

import uuid
from collections.abc import Sequence

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.middleware import HtmxDetails

from accounts.forms import AddressForm
from accounts.models import Address, User
from accounts.selectors import address_list
from accounts.services import address_create
from cart.models import Cart
from cart.selectors import EMPTY_CART, CartDetail, cart_detail, cart_get
from payments.providers import METHODS, Method, available_methods
from promotions.pricing import SESSION_CODES, cart_view, session_codes

from . import selectors
from .forms import NEW_ADDRESS, CheckoutForm, RefundRequestForm
from .models import Actor, ShippingMethod
from .services import (
    CheckoutError,
    OrderError,
    order_cancel,
    order_confirm_receipt,
    order_place,
    refund_request,
    shipping_fees,
)

ADDRESS_PREFIX = "new"


class ShopperRequest(HttpRequest):
    user: User
    htmx: HtmxDetails


def _first_error(form: forms.Form) -> str:
    return str(next(iter(form.errors.values()))[0])


def _refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


# Checkout --------------------------------------------------------------------------------


def _cart(request: ShopperRequest) -> tuple[Cart | None, CartDetail]:
    cart = cart_get(user=request.user, session=request.session)
    return cart, cart_detail(cart) if cart is not None else EMPTY_CART


def _back_to_cart(request: ShopperRequest, message: str) -> HttpResponse:
    messages.warning(request, message)
    return redirect("cart:detail")


def _cart_bounce(request: ShopperRequest, detail: CartDetail) -> HttpResponse | None:
    """Send the shopper back to the cart when there is nothing that could be ordered."""
    if not detail.lines:
        return _back_to_cart(request, _("Your cart is empty."))
    if detail.has_problems:
        return _back_to_cart(request, _("Some items in your cart need your attention."))
    return None


def _shipping_choice(value: object) -> str:
    """Return the shipping method to price with; anything unknown prices as standard."""
    return value if value in ShippingMethod.values else ShippingMethod.STANDARD


def _forms(
    request: ShopperRequest, addresses: Sequence[Address]
) -> tuple[CheckoutForm, AddressForm]:
    """Build the bound checkout forms; the address form only checks a new address."""
    form = CheckoutForm(request.POST, addresses=addresses, methods=available_methods())
    data = request.POST if form.wants_new_address else None
    return form, AddressForm(data, prefix=ADDRESS_PREFIX, use_required_attribute=False)


def _unbound_forms(
    request: ShopperRequest, addresses: Sequence[Address], methods: Sequence[Method]
) -> tuple[CheckoutForm, AddressForm]:
    """Build forms that show what was typed without errors, to re-price without placing."""
    typed = request.POST.dict()
    new = {
        key.removeprefix(f"{ADDRESS_PREFIX}-"): value
        for key, value in typed.items()
        if key.startswith(f"{ADDRESS_PREFIX}-")
    }
    return (
        CheckoutForm(initial=typed, addresses=addresses, methods=methods),
        AddressForm(initial=new, prefix=ADDRESS_PREFIX, use_required_attribute=False),
    )


def _initial_forms(
    addresses: Sequence[Address], methods: Sequence[Method], shipping_method: str
) -> tuple[CheckoutForm, AddressForm]:
    default = next((address for address in addresses if address.is_default), None)
    default = default or (addresses[0] if addresses else None)
    initial = {
        "address": str(default.pk) if default is not None else NEW_ADDRESS,
        "shipping_method": shipping_method,
        "payment_method": methods[0].code if methods else "",
        "checkout_key": uuid.uuid4().hex,
    }
    form = CheckoutForm(initial=initial, addresses=addresses, methods=methods)
    return form, AddressForm(prefix=ADDRESS_PREFIX, use_required_attribute=False)


def _render_checkout(
    request: ShopperRequest,
    *,
    detail: CartDetail,
    checkout_forms: tuple[CheckoutForm, AddressForm],
    shipping_method: str,
    error: str = "",
) -> HttpResponse:
    fees = shipping_fees()
    pricing = cart_view(
        detail.lines,
        user=request.user,
        codes=session_codes(request.session),
        now=timezone.now(),
        shipping=fees[shipping_method],
    )
    form, address_form = checkout_forms
    context = {
        "cart": detail,
        "pricing": pricing,
        "form": form,
        "address_form": address_form,
        "shipping_options": [
            (value, label, fees[value]) for value, label in ShippingMethod.choices
        ],
        "shipping_method": shipping_method,
        "error": error,
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "orders/partials/checkout_review.html", context)
    return render(request, "orders/checkout.html", context)


def _new_address(user: User, address_form: AddressForm) -> Address | None:
    """Save the typed address (or find the same one saved by a resubmit); None if refused."""
    data = address_form.cleaned_data
    existing = selectors.address_matching(user=user, data=data)
    if existing is not None:
        return existing
    try:
        return address_create(user=user, data=data, make_default=data.get("make_default", False))
    except ValidationError as error:
        address_form.add_error(None, error)
        return None


def _reprice(request: ShopperRequest, detail: CartDetail) -> HttpResponse:
    """Show the page again for the choices made, without placing (the no-script re-price)."""
    addresses = list(address_list(user=request.user))
    return _render_checkout(
        request,
        detail=detail,
        checkout_forms=_unbound_forms(request, addresses, available_methods()),
        shipping_method=_shipping_choice(request.POST.get("shipping_method")),
    )


def _place(request: ShopperRequest, cart: Cart, detail: CartDetail) -> HttpResponse:
    form, address_form = _forms(request, list(address_list(user=request.user)))
    page = {
        "detail": detail,
        "checkout_forms": (form, address_form),
        "shipping_method": _shipping_choice(form.data.get("shipping_method")),
    }
    if not (form.is_valid() and (not form.wants_new_address or address_form.is_valid())):
        return _cart_bounce(request, detail) or _render_checkout(request, **page)
    address = form.chosen_address() or _new_address(request.user, address_form)
    if address is None:
        return _render_checkout(request, **page)
    try:
        order = order_place(
            user=request.user,
            cart=cart,
            address=address,
            shipping_method=form.cleaned_data["shipping_method"],
            payment_method=form.cleaned_data["payment_method"],
            codes=session_codes(request.session),
            checkout_key=form.cleaned_data["checkout_key"],
            expected_total=form.cleaned_data["expected_total"],
        )
    except CheckoutError as error:
        if error.code == "empty_cart" or not detail.lines:
            return _back_to_cart(request, _refusal(error))
        return _render_checkout(request, **page, error=_refusal(error))
    request.session.pop(SESSION_CODES, None)
    return redirect("payments:pay", number=order.number)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def checkout_view(request: ShopperRequest) -> HttpResponse:
    """Show the checkout (re-priced for a shipping method) or place the order."""
    cart, detail = _cart(request)
    if request.method == "POST" and request.POST.get("action") == "reprice":
        return _cart_bounce(request, detail) or _reprice(request, detail)
    if request.method == "POST":
        # A resubmit finds the cart emptied by its first submit: order_place returns that order.
        if cart is None:
            return _back_to_cart(request, _("Your cart is empty."))
        return _place(request, cart, detail)
    bounce = _cart_bounce(request, detail)
    if bounce is not None:
        return bounce
    shipping_method = _shipping_choice(request.GET.get("shipping_method"))
    addresses = list(address_list(user=request.user))
    return _render_checkout(
        request,
        detail=detail,
        checkout_forms=_initial_forms(addresses, available_methods(), shipping_method),
        shipping_method=shipping_method,
    )


# Orders ----------------------------------------------------------------------------------


@login_required
@require_safe
def order_list_view(request: ShopperRequest) -> HttpResponse:
    """List the shopper's orders in one status tab, newest first, a page at a time."""
    group = selectors.status_group(request.GET.get("status"))
    orders = selectors.order_list(user=request.user, group=group)
    paginator = Paginator(orders, getattr(settings, "PAGE_SIZE", None) or 10)
    page = paginator.get_page(request.GET.get("page"))
    page_range = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    context = {
        "page": page,
        "page_range": page_range,
        "groups": selectors.STATUS_GROUPS,
        "group": group,
    }
    return render(request, "orders/list.html", context)


@login_required
@require_safe
def order_detail_view(request: ShopperRequest, number: str) -> HttpResponse:
    """Show one of the shopper's orders: history, lines, address, totals and actions."""
    order = get_object_or_404(selectors.order_detail(user=request.user), number=number)
    lines = list(order.lines.all())
    context = {
        "order": order,
        "lines": [line for line in lines if not line.is_gift],
        "gifts": [line for line in lines if line.is_gift],
        "payment_method": METHODS.get(order.payment_method),
        "timeline": selectors.order_timeline(order),
        "actions": selectors.order_actions(order),
    }
    return render(request, "orders/detail.html", context)


@login_required
@require_POST
def order_cancel_view(request: ShopperRequest, number: str) -> HttpResponse:
    """Cancel an unpaid order; a refusal becomes a message."""
    order = get_object_or_404(selectors.order_for_action(user=request.user), number=number)
    try:
        order_cancel(order=order, actor=Actor.SHOPPER, user=request.user)
    except OrderError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("Your order was cancelled."))
    return redirect(order)


@login_required
@require_POST
def order_confirm_view(request: ShopperRequest, number: str) -> HttpResponse:
    """Confirm that a shipped order arrived; a refusal becomes a message."""
    order = get_object_or_404(selectors.order_for_action(user=request.user), number=number)
    try:
        order_confirm_receipt(order=order, user=request.user)
    except OrderError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("Thank you for confirming that your order arrived."))
    return redirect(order)


@login_required
@require_POST
def order_refund_view(request: ShopperRequest, number: str) -> HttpResponse:
    """Ask for money back for some units of one line; a refusal becomes a message."""
    order = get_object_or_404(selectors.order_for_action(user=request.user), number=number)
    form = RefundRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect(order)
    try:
        refund_request(
            order=order,
            quantities={form.cleaned_data["line"]: form.cleaned_data["quantity"]},
            reason=form.cleaned_data["reason"],
            actor=Actor.SHOPPER,
        )
    except OrderError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("Your refund request was sent. We will answer it soon."))
    return redirect(order)
