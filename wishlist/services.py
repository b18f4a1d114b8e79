"""Adding to and removing from a wishlist."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from catalog.models import Product

from .models import WishlistItem


@transaction.atomic
def wishlist_add(*, user: User, product: Product) -> WishlistItem:
    """Save a product with today's lowest price; saving it again keeps the first price."""
    item, _created = WishlistItem.objects.get_or_create(
        user=user,
        product=product,
        defaults={"saved_price": product.min_price, "created_at": timezone.now()},
    )
    return item


@transaction.atomic
def wishlist_remove(*, user: User, product_id: int) -> bool:
    """Remove a product from the wishlist; say whether it was there."""
    deleted, _rows = WishlistItem.objects.filter(user=user, product_id=product_id).delete()
    return bool(deleted)
