"""What the wishlist page and the heart buttons read."""

from django.http import HttpRequest

from accounts.models import User

from .models import WishlistItem


def wishlist_items(*, user: User) -> list[WishlistItem]:
    """Return the shopper's saved products, newest first, each marked when cheaper now."""
    items = list(WishlistItem.objects.filter(user=user).select_related("product", "product__brand"))
    for item in items:
        current = item.product.min_price
        item.available = item.product.is_active  # type: ignore[attr-defined]
        item.price_drop = (  # type: ignore[attr-defined]
            item.saved_price - current if item.available and current < item.saved_price else None  # type: ignore[attr-defined]
        )
    return items


def wishlist_product_ids(request: HttpRequest) -> frozenset[int]:
    """Return the ids of the visitor's saved products, one query per request at most."""
    cached = getattr(request, "_wishlist_ids", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    ids: frozenset[int] = frozenset()
    if user is not None and user.is_authenticated:
        ids = frozenset(WishlistItem.objects.filter(user=user).values_list("product_id", flat=True))
    request._wishlist_ids = ids  # type: ignore[attr-defined]
    return ids
