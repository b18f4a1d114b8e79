"""Parse the cart's POST data; the rules on quantities live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shop.ids import MAX_ID

SKU_ERRORS = {
    "required": _("Choose an item."),
    "invalid": _("This item does not exist."),
    "min_value": _("This item does not exist."),
    "max_value": _("This item does not exist."),
}
QUANTITY_ERRORS = {
    "required": _("Enter a quantity."),
    "invalid": _("Enter the quantity as a whole number."),
}


class CartLineForm(forms.Form):
    sku = forms.IntegerField(min_value=1, max_value=MAX_ID, error_messages=SKU_ERRORS)


class CartQuantityForm(CartLineForm):
    quantity = forms.IntegerField(error_messages=QUANTITY_ERRORS)
