"""Use cases that change users and their address books, one transaction each."""

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction

from accounts.models import Address, User

ADDRESS_FIELDS = (
    "recipient",
    "phone",
    "country",
    "province",
    "city",
    "district",
    "street",
    "postcode",
)
PROFILE_FIELDS = ("first_name", "last_name", "email", "phone")


def _user_save(user: User, **save_kwargs: Any) -> None:
    """Save a checked user; a unique clash committed since the check becomes its field error."""
    try:
        with transaction.atomic():
            user.save(**save_kwargs)
    except IntegrityError:
        # A concurrent request (a double click) took the username or address after our
        # full_clean(); it has committed by now, so checking again names the field.
        user.full_clean()
        raise


@transaction.atomic
def user_create(*, username: str, email: str, password: str) -> User:
    """Sign a shopper up with a usable password and no privileges."""
    user = User(username=username, email=email)
    user.set_password(password)
    user.full_clean()
    _user_save(user)
    return user


@transaction.atomic
def user_update(*, user: User, data: Mapping[str, Any]) -> User:
    """Change the user's name, e-mail address and phone."""
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(user, field, data[field])
    user.full_clean()
    _user_save(user, update_fields=[field for field in PROFILE_FIELDS if field in data])
    return user


@transaction.atomic
def demo_merchant_ensure(*, username: str, password: str) -> User:
    """Return the demo merchant superuser, creating it if absent."""
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    return User.objects.create_superuser(username=username, password=password)


def _lock_address_book(user: User) -> None:
    # Every change to a user's address book locks the user row first, so that two
    # concurrent requests cannot both leave (or both take away) the default address.
    User.objects.select_for_update().filter(pk=user.pk).exists()


@transaction.atomic
def address_create(*, user: User, data: Mapping[str, Any], make_default: bool = False) -> Address:
    """Add an address; the first one, or one asked for, becomes the default."""
    _lock_address_book(user)
    has_default = Address.objects.filter(user=user, is_default=True).exists()
    if make_default and has_default:
        Address.objects.filter(user=user, is_default=True).update(is_default=False)
    address = Address(
        user=user, **{field: data[field] for field in ADDRESS_FIELDS if field in data}
    )
    address.is_default = make_default or not has_default
    address.full_clean()
    address.save()
    return address


@transaction.atomic
def address_update(
    *, address: Address, data: Mapping[str, Any], make_default: bool = False
) -> Address:
    """Change an address, and make it the default if asked to."""
    _lock_address_book(address.user)
    for field in ADDRESS_FIELDS:
        if field in data:
            setattr(address, field, data[field])
    address.full_clean(exclude=["is_default"])
    # The instance's default flag may be stale, so it is written only by _make_default.
    address.save(update_fields=ADDRESS_FIELDS)
    if make_default:
        _make_default(address)
    return address


@transaction.atomic
def address_set_default(*, address: Address) -> Address:
    """Make the address its owner's only default address."""
    _lock_address_book(address.user)
    _make_default(address)
    return address


def _make_default(address: Address) -> None:
    Address.objects.filter(user_id=address.user_id, is_default=True).exclude(pk=address.pk).update(
        is_default=False
    )
    Address.objects.filter(pk=address.pk).update(is_default=True)
    address.is_default = True


@transaction.atomic
def address_delete(*, address: Address) -> None:
    """Delete an address; if it was the default, the newest remaining one takes over."""
    user = address.user
    _lock_address_book(user)
    was_default = Address.objects.filter(pk=address.pk, is_default=True).exists()
    address.delete()
    if was_default:
        newest = Address.objects.filter(user=user).order_by("-created_at", "-id").first()
        if newest is not None:
            _make_default(newest)
