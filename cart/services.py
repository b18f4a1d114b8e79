"""Use cases that change a cart."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import SKU

from .models import Cart, CartLine
from .selectors import CART_SESSION_KEY, available_units


class CartError(ValidationError):
    """A cart change that was refused; nothing was changed."""


@dataclass(frozen=True)
class MergeAdjustment:
    """A guest line that could not move into the user's cart in full."""

    sku: SKU
    requested: int
    quantity: int


def _sku_get(sku_id: int) -> SKU:
    sku = (
        SKU.objects.select_related("product")
        .annotate(available=available_units())
        .filter(pk=sku_id)
        .first()
    )
    if sku is None:
        raise CartError(_("This item does not exist."), code="unknown_sku")
    return sku


def _check_purchasable(sku: SKU) -> None:
    if not (sku.is_active and sku.product.is_active):
        raise CartError(
            _("%(name)s is no longer sold."),
            code="unavailable",
            params={"name": sku.product.name},
        )
    if sku.available <= 0:
        raise CartError(
            _("%(name)s is sold out."), code="sold_out", params={"name": sku.product.name}
        )


def _check_quantity(*, sku: SKU, quantity: int, in_cart: int = 0) -> None:
    limit = settings.CART_MAX_LINE_QTY
    if quantity > limit:
        raise CartError(
            _("You can have at most %(limit)d of one item in your cart."),
            code="max_quantity",
            params={"limit": limit},
        )
    if quantity > sku.available:
        params = {"available": sku.available, "in_cart": in_cart}
        if in_cart:
            raise CartError(
                _("Only %(available)d available, and your cart already holds %(in_cart)d."),
                code="insufficient_stock",
                params=params,
            )
        raise CartError(
            _("Only %(available)d available."), code="insufficient_stock", params=params
        )


def _cart_lock(cart: Cart) -> Cart:
    """Save a new cart, or touch a saved one; the update also locks its row until commit."""
    if cart.pk is None:
        if cart.user_id is None:
            cart.save()
            return cart
        # Two first adds at once (a double click) must end in one cart for the user.
        cart, _created = Cart.objects.get_or_create(user_id=cart.user_id)
        return cart
    if not Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now()):
        raise CartError(_("Your cart has expired. Please try again."), code="cart_gone")
    return cart


def _line_lock(cart: Cart, sku_id: int) -> CartLine:
    not_in_cart = CartError(_("This item is not in your cart."), code="not_in_cart")
    if cart.pk is None:
        raise not_in_cart
    _cart_lock(cart)
    line = CartLine.objects.filter(cart=cart, sku_id=sku_id).first()
    if line is None:
        raise not_in_cart
    return line


@transaction.atomic
def cart_add(*, cart: Cart, sku_id: int, quantity: int) -> CartLine:
    """Add units of a SKU to the cart, saving the cart if it is new."""
    if quantity < 1:
        raise CartError(_("Choose a quantity of at least 1."), code="invalid_quantity")
    sku = _sku_get(sku_id)
    _check_purchasable(sku)
    cart = _cart_lock(cart)
    line = CartLine.objects.filter(cart=cart, sku=sku).select_related("sku__product").first()
    in_cart = line.quantity if line else 0
    _check_quantity(sku=sku, quantity=in_cart + quantity, in_cart=in_cart)
    if line is None:
        return CartLine.objects.create(cart=cart, sku=sku, quantity=quantity)
    line.quantity += quantity
    line.save(update_fields=["quantity"])
    return line


@transaction.atomic
def cart_set_quantity(*, cart: Cart, sku_id: int, quantity: int) -> CartLine:
    """Set a line's quantity; taking a line out is cart_remove's job."""
    if quantity < 1:
        raise CartError(
            _("Enter a quantity of at least 1, or remove the item."), code="invalid_quantity"
        )
    line = _line_lock(cart, sku_id)
    sku = _sku_get(sku_id)
    _check_purchasable(sku)
    _check_quantity(sku=sku, quantity=quantity)
    line.quantity = quantity
    line.save(update_fields=["quantity"])
    return line


@transaction.atomic
def cart_remove(*, cart: Cart, sku_id: int) -> None:
    """Remove a SKU's line from the cart."""
    line = _line_lock(cart, sku_id)
    line.delete()


@transaction.atomic
def cart_merge(*, source: Cart, target: Cart) -> list[MergeAdjustment]:
    """Move the source cart's lines into the target, capped by stock; delete the source."""
    if source.pk == target.pk:
        return []
    source_lines = list(
        CartLine.objects.filter(cart=source)
        .select_related("sku__product")
        .annotate(available=available_units("sku"))
    )
    if not source_lines:
        source.delete()
        return []
    target = _cart_lock(target)
    existing = {line.sku_id: line for line in CartLine.objects.filter(cart=target)}
    adjustments, to_create, to_update = [], [], []
    for line in source_lines:
        sku = line.sku
        held = existing.get(sku.pk)
        requested = line.quantity + (held.quantity if held else 0)
        purchasable = sku.is_active and sku.product.is_active
        cap = min(settings.CART_MAX_LINE_QTY, line.available) if purchasable else 0
        quantity = min(requested, cap)
        if quantity < requested:
            adjustments.append(MergeAdjustment(sku=sku, requested=requested, quantity=quantity))
        if quantity <= 0:
            # Keep what the user already held: the cart page flags it.
            continue
        if held is None:
            to_create.append(CartLine(cart=target, sku=sku, quantity=quantity))
        else:
            held.quantity = quantity
            to_update.append(held)
    source.delete()
    CartLine.objects.bulk_create(to_create)
    CartLine.objects.bulk_update(to_update, ["quantity"])
    return adjustments


def cart_remember(*, session: SessionBase, cart: Cart) -> None:
    """Keep a guest cart's id in the session so later requests find it."""
    if cart.user_id is None and session.get(CART_SESSION_KEY) != cart.pk:
        session[CART_SESSION_KEY] = cart.pk


def cart_forget(*, session: SessionBase) -> None:
    """Drop the guest cart id from the session."""
    session.pop(CART_SESSION_KEY, None)
