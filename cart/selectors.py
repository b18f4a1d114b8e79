"""Read-side queries for the cart."""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.base import SessionBase
from django.db.models import (
    CharField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import HttpRequest

from accounts.models import User
from catalog.models import SKU, AttributeValue, Product, ProductImage

from .models import Cart, CartLine

CART_SESSION_KEY = "cart_id"


def available_units(sku_path: str = "") -> Coalesce:
    """Build an expression for a SKU's available units; a SKU without stock has none."""
    prefix = f"{sku_path}__" if sku_path else ""
    return Coalesce(
        ExpressionWrapper(
            F(f"{prefix}stock__on_hand") - F(f"{prefix}stock__reserved"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def guest_cart_id(session: SessionBase | None) -> int | None:
    """Return the guest cart id that the session remembers, if any."""
    if session is None:
        return None
    cart_id = session.get(CART_SESSION_KEY)
    # A session value is trusted data, but never let a malformed one turn into a 500.
    return cart_id if isinstance(cart_id, int) and not isinstance(cart_id, bool) else None


def guest_cart_get(*, session: SessionBase | None) -> Cart | None:
    """Return the guest cart that the session remembers, if it still exists."""
    cart_id = guest_cart_id(session)
    if cart_id is None:
        return None
    return Cart.objects.filter(pk=cart_id, user__isnull=True).first()


def cart_get(*, user: User | AnonymousUser, session: SessionBase | None) -> Cart | None:
    """Return the shopper's saved cart: the user's, or the guest cart of the session."""
    if user.is_authenticated:
        return Cart.objects.filter(user=user).first()
    return guest_cart_get(session=session)


def cart_get_or_build(*, user: User | AnonymousUser, session: SessionBase) -> Cart:
    """Return the shopper's cart, or a new unsaved one that cart_add saves with its first line."""
    cart = cart_get(user=user, session=session)
    if cart is not None:
        return cart
    return Cart(user=user if user.is_authenticated else None)


def cart_unit_count(request: HttpRequest) -> int:
    """Return how many units the current shopper's cart holds."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # The user's cart may have been filled on another device: ask the database.
        lines = CartLine.objects.filter(cart__user=user)
    else:
        cart_id = guest_cart_id(getattr(request, "session", None))
        if cart_id is None:
            return 0
        lines = CartLine.objects.filter(cart_id=cart_id, cart__user__isnull=True)
    return lines.aggregate(units=Sum("quantity"))["units"] or 0


class LineStatus(StrEnum):
    OK = "ok"
    UNAVAILABLE = "unavailable"
    SOLD_OUT = "sold_out"
    EXCEEDS_STOCK = "exceeds_stock"


@dataclass(frozen=True)
class CartLineDetail:
    sku: SKU
    product: Product
    options: list[AttributeValue]
    image: str
    quantity: int
    unit_price: Decimal
    subtotal: Decimal
    available: int
    status: LineStatus


@dataclass(frozen=True)
class CartDetail:
    lines: list[CartLineDetail]
    unit_count: int
    subtotal: Decimal

    @property
    def has_problems(self) -> bool:
        return any(line.status != LineStatus.OK for line in self.lines)


EMPTY_CART = CartDetail(lines=[], unit_count=0, subtotal=Decimal("0.00"))


def _line_status(line: CartLine) -> LineStatus:
    if not (line.sku.is_active and line.sku.product.is_active):
        return LineStatus.UNAVAILABLE
    if line.available <= 0:
        return LineStatus.SOLD_OUT
    if line.quantity > line.available:
        return LineStatus.EXCEEDS_STOCK
    return LineStatus.OK


def _cart_lines(cart: Cart) -> QuerySet[CartLine]:
    first_image = ProductImage.objects.filter(product=OuterRef("sku__product")).order_by(
        "position", "id"
    )
    options = AttributeValue.objects.select_related("attribute")
    return (
        CartLine.objects.filter(cart=cart)
        .select_related("sku__product")
        .prefetch_related(Prefetch("sku__options", queryset=options))
        .annotate(
            available=available_units("sku"),
            image=Coalesce(
                Subquery(first_image.values("image")[:1]), Value(""), output_field=CharField()
            ),
        )
    )


def cart_detail(cart: Cart) -> CartDetail:
    """Return the cart's lines with price, stock, options and subtotals, in two queries."""
    if cart.pk is None:
        return EMPTY_CART
    lines = []
    for line in _cart_lines(cart):
        subtotal = line.sku.price * line.quantity
        lines.append(
            CartLineDetail(
                sku=line.sku,
                product=line.sku.product,
                options=list(line.sku.options.all()),
                image=line.image,
                quantity=line.quantity,
                unit_price=line.sku.price,
                subtotal=subtotal,
                available=line.available,
                status=_line_status(line),
            )
        )
    return CartDetail(
        lines=lines,
        unit_count=sum(line.quantity for line in lines),
        subtotal=sum((line.subtotal for line in lines), Decimal("0.00")),
    )
