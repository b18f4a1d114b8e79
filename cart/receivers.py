"""The log-in hook that folds a guest's cart into the user's cart."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.models import User

from .selectors import cart_get_or_build, guest_cart_get
from .services import MergeAdjustment, cart_forget, cart_merge


def _adjustment_message(adjustment: MergeAdjustment) -> str:
    name = adjustment.sku.product.name
    if adjustment.quantity == 0:
        return _("%(name)s is no longer available and was not moved to your cart.") % {"name": name}
    return _(
        "%(name)s: your cart now holds %(quantity)d, the most available (you had %(requested)d)."
    ) % {"name": name, "quantity": adjustment.quantity, "requested": adjustment.requested}


def merge_guest_cart(sender: type, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """Merge the session's guest cart into the user's cart and say what was capped."""
    session = getattr(request, "session", None)
    if request is None or session is None:
        return
    # login() has cycled the session key by now but kept its data, so the id is still here.
    guest = guest_cart_get(session=session)
    cart_forget(session=session)
    if guest is None:
        return
    target = cart_get_or_build(user=user, session=session)
    for adjustment in cart_merge(source=guest, target=target):
        messages.warning(request, _adjustment_message(adjustment), fail_silently=True)
