"""Read-side queries for accounts and address books."""

from django.db.models import QuerySet

from accounts.models import Address, User


def address_list(*, user: User) -> QuerySet[Address]:
    """Return the user's addresses, the default first, then the newest."""
    return Address.objects.filter(user=user).order_by("-is_default", "-created_at", "-id")


def address_default(*, user: User) -> Address | None:
    """Return the user's default address, if they have any address."""
    return Address.objects.filter(user=user, is_default=True).first()
