"""A user's own data: everything the shop keeps about them as JSON, and erasing it.

Erasing keeps the user row, deactivated, renamed ``deleted-<id>`` and emptied of every
personal field, so that what the shop must keep (orders for accounting, promotion usages
that count against budgets, helpful votes inside review totals) points at a row that no
longer says who it was. Orders lose their link to it and their address is replaced.
"""

from typing import Any

from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country
from rest_framework.authtoken.models import Token

from accounts.models import Address, User
from accounts.services import ADDRESS_FIELDS, PROFILE_FIELDS
from api.models import ClientSession, IdempotencyKey
from cart.models import Cart
from orders.models import Order, OrderStatus
from payments.models import Payment
from promotions.models import CouponCode
from reviews.models import Feedback, Review, ReviewPhoto
from reviews.services import product_rating_refresh
from wishlist.models import WishlistItem

# What replaces an erased name or street on a kept order (data, not page text).
ERASED = "[erased]"
# An order still on its way needs its address: the account closes once these are over.
OPEN_ORDER_STATUSES = (OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.SHIPPED)
ORDER_FIELDS = (
    "number", "status", "placed_at", "paid_at", "shipped_at", "delivered_at", "completed_at",
    "cancelled_at", "shipping_method", "payment_method", "codes", "currency", "subtotal",
    "discount", "shipping", "shipping_discount", "total", "refunded", "carrier",
    "tracking_number", "email", "recipient", "phone", "country", "province", "city",
    "district", "street", "postcode",
)  # fmt: skip
LINE_FIELDS = (
    "product_name", "sku_code", "options", "is_gift", "unit_price", "quantity", "discount",
    "total", "refunded_quantity", "refunded",
)  # fmt: skip
# Gateway references, QR contents and merchant ids stay out: they are the shop's, not the user's.
PAYMENT_FIELDS = ("trade_no", "provider", "amount", "currency", "status", "created_at", "paid_at")


def _plain(value: Any) -> Any:
    return value.code if isinstance(value, Country) else value


def _values(row: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {field: _plain(getattr(row, field)) for field in fields}


def user_export_data(*, user: User) -> dict[str, Any]:
    """Return everything the shop keeps about the user, section by section."""
    orders = Order.objects.filter(user=user).prefetch_related("lines").order_by("placed_at")
    return {
        "exported_at": timezone.now(),
        "profile": {
            **_values(user, ("username", *PROFILE_FIELDS)),
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "addresses": [
            _values(address, (*ADDRESS_FIELDS, "is_default", "created_at"))
            for address in Address.objects.filter(user=user).order_by("created_at", "id")
        ],
        "orders": [
            {
                **_values(order, ORDER_FIELDS),
                "lines": [_values(line, LINE_FIELDS) for line in order.lines.all()],
            }
            for order in orders
        ],
        "payments": [
            {"order": payment.order.number, **_values(payment, PAYMENT_FIELDS)}
            for payment in Payment.objects.filter(order__user=user)
            .select_related("order")
            .order_by("created_at", "id")
        ],
        "reviews": _reviews(user),
        "wishlist": [
            {
                "product": item.product.name,
                "saved_price": item.saved_price,
                "saved_at": item.created_at,
            }
            for item in WishlistItem.objects.filter(user=user).select_related("product")
        ],
        "feedback": [
            _values(feedback, ("category", "message", "contact", "status", "answer", "created_at"))
            for feedback in Feedback.objects.filter(user=user).order_by("created_at", "id")
        ],
        "coupon_codes": [
            {"code": code.code, "promotion": code.promotion.name, "used_at": code.used_at}
            for code in CouponCode.objects.filter(user=user).select_related("promotion")
        ],
    }


def _reviews(user: User) -> list[dict[str, Any]]:
    reviews = Review.objects.filter(user=user).select_related("product", "line__order")
    return [
        {
            "product": review.product.name,
            "order": review.line.order.number,
            **_values(review, ("rating", "title", "body", "status", "follow_up", "created_at")),
            "reply": review.reply,
            "photos": [photo.image.url for photo in review.photos.all()],
        }
        for review in reviews.prefetch_related("photos")
    ]


@transaction.atomic
def user_erase(*, user: User) -> None:
    """Erase the user's personal data and close the account; keep orders, anonymised."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_staff:
        raise ValidationError(
            _("A staff account is closed by an administrator, not from this page."),
            code="staff_account",
        )
    if Order.objects.filter(user=user, status__in=OPEN_ORDER_STATUSES).exists():
        raise ValidationError(
            _("You have orders that are not finished yet. Close your account once they are."),
            code="open_orders",
        )
    Order.objects.filter(user=user).update(
        user=None, email="", recipient=ERASED, phone="", street=ERASED, district="", postcode=""
    )
    _erase_reviews(user)
    Address.objects.filter(user=user).delete()
    Feedback.objects.filter(user=user).delete()
    WishlistItem.objects.filter(user=user).delete()
    Cart.objects.filter(user=user).delete()
    Token.objects.filter(user=user).delete()
    ClientSession.objects.filter(user=user).delete()
    IdempotencyKey.objects.filter(user=user).delete()
    CouponCode.objects.filter(user=user, used_at__isnull=True).delete()
    AccessAttempt.objects.filter(username__in=_login_names(user)).delete()
    _anonymise(user)


def _erase_reviews(user: User) -> None:
    """Delete the user's reviews and photo files; recount the products' ratings after commit."""
    reviews = Review.objects.filter(user=user)
    product_ids = set(reviews.values_list("product_id", flat=True))
    photos = list(ReviewPhoto.objects.filter(review__in=reviews).values_list("image", flat=True))
    reviews.delete()
    storage = ReviewPhoto._meta.get_field("image").storage  # type: ignore[attr-defined]

    def after_commit() -> None:
        for name in photos:
            storage.delete(name)
        for product_id in product_ids:
            product_rating_refresh(product_id=product_id)

    transaction.on_commit(after_commit)


def _login_names(user: User) -> list[str]:
    return [name.lower() for name in (user.username, user.email) if name]


def _anonymise(user: User) -> None:
    """Empty the row of who it was and make it unable to log in, ever."""
    user.username = f"deleted-{user.pk}"
    user.first_name = user.last_name = user.phone = ""
    user.email = None
    user.is_active = user.is_staff = user.is_superuser = False
    # An unusable password changes the session hash: every other session ends too.
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    user.customer_segments.clear()
