"""Checkout by Idempotency-Key: the same key gives the same order, another body is refused.

The order itself is found again by order_place's checkout_key; the key's row only adds the
request's fingerprint, so that a key reused for a different checkout is told apart.
"""

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from orders.models import Order

from .models import IdempotencyKey

HEADER = "Idempotency-Key"
MAX_LENGTH = 64


class KeyReused(ValidationError):
    """The key already placed an order for a different request."""

    def __init__(self) -> None:
        super().__init__(
            _("This Idempotency-Key was already used for a different request."),
            code="idempotency_key_reused",
        )


@dataclass(frozen=True)
class Placed:
    order: Order
    created: bool


def key_check(value: str | None) -> str:
    """Return the header's key, refusing a missing, empty or overlong one."""
    key = (value or "").strip()
    if not key:
        raise ValidationError(
            _("Send an Idempotency-Key header: any unique text, new for each order."),
            code="idempotency_key_missing",
        )
    if len(key) > MAX_LENGTH or not key.isprintable() or not key.isascii():
        raise ValidationError(
            _("An Idempotency-Key is at most %(limit)d printable ASCII characters."),
            code="idempotency_key_invalid",
            params={"limit": MAX_LENGTH},
        )
    return key


def fingerprint(data: Mapping[str, Any]) -> str:
    """Hash the validated request, whatever the order of its fields."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _known(user: User, key: str, print_: str) -> Order | None:
    row = IdempotencyKey.objects.filter(user=user, key=key).select_related("order").first()
    if row is None:
        return None
    if row.fingerprint != print_:
        raise KeyReused
    return row.order


@transaction.atomic
def order_place_once(
    *, user: User, key: str, data: Mapping[str, Any], place: Callable[[str], Order]
) -> Placed:
    """Place the order for this key once; a replay of the same request finds it again."""
    print_ = fingerprint(data)
    order = _known(user, key, print_)
    if order is not None:
        return Placed(order=order, created=False)
    order = place(key)
    try:
        with transaction.atomic():
            IdempotencyKey.objects.create(user=user, key=key, fingerprint=print_, order=order)
    except IntegrityError:
        # A parallel request with the same key recorded it first: compare with that one.
        return Placed(order=_known(user, key, print_) or order, created=False)
    return Placed(order=order, created=True)
