"""Use cases that change stock."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import Stock


@transaction.atomic
def stock_set_on_hand(*, sku_id: int, on_hand: int, low_threshold: int | None = None) -> Stock:
    """Set a SKU's units on hand (creating its stock row), never below what is reserved."""
    stock, _created = Stock.objects.select_for_update().get_or_create(sku_id=sku_id)
    if on_hand < stock.reserved:
        raise ValidationError(
            _("On hand cannot be less than the %(reserved)d units reserved for orders."),
            code="below_reserved",
            params={"reserved": stock.reserved},
        )
    stock.on_hand = on_hand
    fields = ["on_hand"]
    if low_threshold is not None:
        stock.low_threshold = low_threshold
        fields.append("low_threshold")
    stock.save(update_fields=fields)
    return stock
