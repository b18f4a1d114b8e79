"""Turn a cart into an order in one transaction: lock stock, re-price, reserve, freeze."""

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Address, User
from cart.models import Cart, CartLine
from catalog.models import SKU, AttributeValue
from inventory.models import Stock
from inventory.services import stock_lock, stock_save
from orders.models import (
    Actor,
    Order,
    OrderAdjustment,
    OrderEvent,
    OrderLine,
    OrderStatus,
    ShippingMethod,
)
from payments.providers import configured
from promotions.cache import compiled_promotions
from promotions.engine import PricingResult
from promotions.models import Promotion
from promotions.pricing import (
    KEPT_REASONS,
    cart_pricing,
    check_codes,
    code_reasons,
    refusal_message,
)
from promotions.services import PromotionLimitReached, promotion_usage_reserve

from .errors import CheckoutError, PriceChanged


def shipping_fees() -> dict[str, Decimal]:
    """Return each shipping method's fee before promotions."""
    return {
        ShippingMethod.STANDARD: settings.SHOP_STANDARD_SHIPPING,
        ShippingMethod.EXPRESS: settings.SHOP_EXPRESS_SHIPPING,
    }


def shipping_fee(method: str) -> Decimal:
    """Return one shipping method's fee, refusing a method the shop does not offer."""
    fees = shipping_fees()
    if method not in fees:
        raise CheckoutError(_("Choose a shipping method."), code="shipping_method")
    return fees[method]


def _order_number(now: datetime) -> str:
    return timezone.localtime(now).strftime("%Y%m%d") + f"{secrets.randbelow(10**10):010d}"


@dataclass(frozen=True)
class _Bought:
    sku: SKU
    quantity: int


def _locked_lines(cart: Cart) -> list[_Bought]:
    lines = (
        CartLine.objects.filter(cart=cart)
        .select_related("sku__product")
        .prefetch_related(
            Prefetch("sku__options", queryset=AttributeValue.objects.select_related("attribute"))
        )
        .order_by("sku_id")
    )
    return [_Bought(sku=line.sku, quantity=line.quantity) for line in lines]


def _check_stock(bought: Sequence[_Bought], stock: dict[int, Stock]) -> None:
    for line in bought:
        name = line.sku.product.name
        if not (line.sku.is_active and line.sku.product.is_active):
            raise CheckoutError(
                _("%(name)s is no longer sold."), code="unavailable", params={"name": name}
            )
        row = stock.get(line.sku.pk)
        available = row.available if row is not None else 0
        if available <= 0:
            raise CheckoutError(_("%(name)s is sold out."), code="sold_out", params={"name": name})
        if line.quantity > available:
            raise CheckoutError(
                _("Only %(available)d of %(name)s are left: please change your cart."),
                code="insufficient_stock",
                params={"available": available, "name": name},
            )


def _refuse_code(code: str, message: str) -> CheckoutError:
    return CheckoutError(
        _("Code %(code)s: %(reason)s"), code="coupon", params={"code": code, "reason": message}
    )


def _usable_codes(codes: Sequence[str], *, user: User, now: datetime) -> list[str]:
    check = check_codes(codes, user=user, now=now)
    for code, reason in check.refused.items():
        raise _refuse_code(code, refusal_message(reason))
    return check.usable


def _check_codes_held(result: PricingResult, codes: Sequence[str]) -> None:
    """Refuse a code that ran out since the cart showed it, rather than drop it silently."""
    for code, (reason, _amount, message) in code_reasons(
        result, compiled_promotions(), codes
    ).items():
        if reason not in KEPT_REASONS:
            raise _refuse_code(code, message)


def _options_text(sku: SKU) -> str:
    return " / ".join(str(option) for option in sku.options.all())


def _write_lines(
    order: Order, bought: Sequence[_Bought], result: PricingResult
) -> dict[str, OrderLine]:
    by_code = {line.sku.code: line for line in bought}
    lines = {
        priced.sku: OrderLine(
            order=order,
            product=by_code[priced.sku].sku.product,
            sku=by_code[priced.sku].sku,
            product_name=by_code[priced.sku].sku.product.name,
            sku_code=priced.sku,
            options=_options_text(by_code[priced.sku].sku)[:255],
            unit_price=priced.unit_price,
            quantity=priced.qty,
            discount=priced.discount,
            total=priced.total,
        )
        for priced in result.lines
    }
    OrderLine.objects.bulk_create(lines.values())
    return lines


def _gift_skus(result: PricingResult) -> dict[str, SKU]:
    """Return the SKUs the promotions give away, with what an order line freezes of them."""
    if not result.gifts:
        return {}
    skus = (
        SKU.objects.filter(code__in={gift.sku for gift in result.gifts})
        .select_related("product")
        .prefetch_related(
            Prefetch("options", queryset=AttributeValue.objects.select_related("attribute"))
        )
    )
    return {sku.code: sku for sku in skus}


def _write_gifts(
    order: Order, result: PricingResult, skus: dict[str, SKU], stock: dict[int, Stock]
) -> list[OrderLine]:
    """Add the free units the promotions give, as far as there is stock for them."""
    gifts = []
    for gift in result.gifts:
        sku = skus.get(gift.sku)
        row = stock.get(sku.pk) if sku is not None else None
        quantity = min(gift.qty, row.available) if row is not None else 0
        if quantity <= 0:
            continue
        row.reserved += quantity
        gifts.append(
            OrderLine(
                order=order,
                product_id=sku.product_id,
                sku=sku,
                product_name=sku.product.name,
                sku_code=sku.code,
                options=_options_text(sku)[:255],
                quantity=quantity,
                is_gift=True,
            )
        )
    return OrderLine.objects.bulk_create(gifts)


def _write_adjustments(order: Order, lines: dict[str, OrderLine], result: PricingResult) -> None:
    keys = {entry.promotion for entry in result.applied}
    promotions = {row.key: row for row in Promotion.objects.filter(key__in=keys)}
    layers = {entry.promotion: entry.layer for entry in result.applied}

    def adjustment(key: str, amount: Decimal, line: OrderLine | None) -> OrderAdjustment:
        promotion = promotions.get(key)
        return OrderAdjustment(
            order=order,
            line=line,
            promotion=promotion,
            promotion_key=key,
            promotion_name=(promotion.name if promotion else key)[:200],
            layer=layers.get(key, "item"),
            amount=amount,
        )

    rows = [
        adjustment(adj.promotion, adj.amount, lines[priced.sku])
        for priced in result.lines
        for adj in priced.adjustments
        if adj.amount_cents
    ]
    rows += [
        adjustment(entry.promotion, entry.amount, None)
        for entry in result.applied
        if entry.layer == "shipping" and entry.amount_cents
    ]
    OrderAdjustment.objects.bulk_create(rows)


def _address_fields(address: Address) -> dict[str, str]:
    return {
        "recipient": address.recipient,
        "phone": address.phone,
        "country": str(address.country),
        "province": address.province,
        "city": address.city,
        "district": address.district,
        "street": address.street,
        "postcode": address.postcode,
    }


@dataclass(frozen=True)
class _Checkout:
    user: User
    cart: Cart
    address: Address
    shipping_method: str
    payment_method: str
    codes: Sequence[str]
    key: str
    expected_total: Decimal | None
    now: datetime


def _place(checkout: _Checkout) -> Order:
    Cart.objects.select_for_update().filter(pk=checkout.cart.pk).exists()
    # A resubmitted form waited for the first one's lock above; it finds that order now.
    existing = Order.objects.filter(checkout_key=checkout.key).first()
    if existing is not None:
        return existing
    bought = _locked_lines(checkout.cart)
    if not bought:
        raise CheckoutError(_("Your cart is empty."), code="empty_cart")
    fee = shipping_fee(checkout.shipping_method)
    codes = _usable_codes(checkout.codes, user=checkout.user, now=checkout.now)
    result = cart_pricing(
        [(line.sku.code, line.quantity) for line in bought],
        user=checkout.user,
        codes=codes,
        shipping=fee,
        now=checkout.now,
    )
    _check_codes_held(result, codes)
    gift_skus = _gift_skus(result)
    stock = stock_lock([*(line.sku.pk for line in bought), *(sku.pk for sku in gift_skus.values())])
    _check_stock(bought, stock)
    if checkout.expected_total is not None and result.total != checkout.expected_total:
        raise PriceChanged(total=result.total)
    order = Order.objects.create(
        number=_order_number(checkout.now),
        checkout_key=checkout.key,
        user=checkout.user,
        email=checkout.user.email or "",
        placed_at=checkout.now,
        expires_at=checkout.now + timedelta(minutes=settings.ORDER_PAYMENT_MINUTES),
        currency=result.currency,
        subtotal=result.subtotal,
        discount=result.discount,
        shipping=result.shipping,
        shipping_discount=result.shipping_discount,
        total=result.total,
        shipping_method=checkout.shipping_method,
        payment_method=checkout.payment_method,
        codes=list(codes),
        pricing=result.to_dict(),
        **_address_fields(checkout.address),
    )
    lines = _write_lines(order, bought, result)
    for line in bought:
        stock[line.sku.pk].reserved += line.quantity
    _write_gifts(order, result, gift_skus, stock)
    stock_save(stock.values(), ["reserved"])
    _write_adjustments(order, lines, result)
    try:
        promotion_usage_reserve(order=order, user=checkout.user, result=result, codes=codes)
    except PromotionLimitReached as error:
        raise CheckoutError(
            _("An offer in your cart has just run out: %(reason)s Please check your cart."),
            code="promotion_limit",
            params={"reason": refusal_message(error.code or "")},
        ) from error
    OrderEvent.objects.create(
        order=order,
        to_status=OrderStatus.PENDING_PAYMENT,
        actor=Actor.SHOPPER,
        user=checkout.user,
        created_at=checkout.now,
    )
    CartLine.objects.filter(cart=checkout.cart).delete()
    return order


def order_place(
    *,
    user: User,
    cart: Cart,
    address: Address,
    shipping_method: str,
    payment_method: str,
    codes: Sequence[str],
    checkout_key: str,
    expected_total: Decimal | None = None,
    now: datetime | None = None,
) -> Order:
    """Place the cart as one order, or return the order this checkout already placed.

    The server prices everything; `expected_total` is only what the shopper was shown, and
    a different total refuses the order with the new one. Any refusal writes nothing.
    """
    if address.user_id != user.pk:
        raise CheckoutError(_("Choose one of your addresses."), code="address")
    if not configured(payment_method):
        raise CheckoutError(_("Choose a payment method."), code="payment_method")
    if cart.pk is None:
        raise CheckoutError(_("Your cart is empty."), code="empty_cart")
    checkout = _Checkout(
        user=user,
        cart=cart,
        address=address,
        shipping_method=shipping_method,
        payment_method=payment_method,
        codes=tuple(codes),
        # Keys are the client's: hashed whole (never cut, or two keys could meet) and
        # prefixed with the user, so that two users' keys stay apart.
        key=f"{user.pk}:{hashlib.sha256(checkout_key.encode()).hexdigest()[:48]}",
        expected_total=expected_total,
        now=now or timezone.now(),
    )
    try:
        with transaction.atomic():
            return _place(checkout)
    except IntegrityError:
        # Two submits raced past the cart lock (SQLite has none): the first one won.
        existing = Order.objects.filter(checkout_key=checkout.key).first()
        if existing is None:
            raise
        return existing
