"""Forms for checkout and the shopper's order actions; they parse input, services decide."""

from collections.abc import Sequence

from django import forms
from django.core.validators import RegexValidator
from django.forms.boundfield import BoundWidget
from django.utils.translation import gettext_lazy as _

from accounts.models import Address
from payments.providers import Method

from .models import ShippingMethod

NEW_ADDRESS = "new"
NOT_VALID = _("This checkout form is not valid.")


class CheckoutForm(forms.Form):
    """The shopper's choices at checkout; the server prices everything itself."""

    address = forms.ChoiceField(
        label=_("Shipping address"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a shipping address.")},
    )
    shipping_method = forms.ChoiceField(
        label=_("Shipping method"),
        choices=ShippingMethod.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a shipping method."),
            "invalid_choice": _("Choose one of the shipping methods offered."),
        },
    )
    payment_method = forms.ChoiceField(
        label=_("Payment method"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a payment method."),
            "invalid_choice": _("Choose one of the payment methods offered."),
        },
    )
    checkout_key = forms.CharField(
        widget=forms.HiddenInput,
        validators=[RegexValidator(r"^[0-9a-f]{32}$", NOT_VALID)],
        error_messages={"required": NOT_VALID},
    )
    # What the page showed: only compared with the server's total, never charged.
    expected_total = forms.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=0,
        widget=forms.HiddenInput,
        error_messages=dict.fromkeys(
            (
                "required",
                "invalid",
                "min_value",
                "max_digits",
                "max_decimal_places",
                "max_whole_digits",
            ),
            NOT_VALID,
        ),
    )

    def __init__(
        self, *args, addresses: Sequence[Address], methods: Sequence[Method], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.addresses = {str(address.pk): address for address in addresses}
        self.fields["address"].choices = [
            *((key, str(address)) for key, address in self.addresses.items()),
            (NEW_ADDRESS, _("A new address")),
        ]
        self.fields["payment_method"].choices = [(method.code, method.label) for method in methods]

    @property
    def wants_new_address(self) -> bool:
        """Say whether the shopper chose to type a new address (valid or not yet)."""
        value = self.data.get(self.add_prefix("address")) if self.is_bound else None
        return value == NEW_ADDRESS

    def address_options(self) -> list[tuple[BoundWidget, Address | None]]:
        """Pair each address radio with its saved address (None for the new one)."""
        return list(zip(self["address"], [*self.addresses.values(), None], strict=True))

    def chosen_address(self) -> Address | None:
        """Return the saved address chosen, or None for a new one."""
        return self.addresses.get(self.cleaned_data["address"])


class RefundRequestForm(forms.Form):
    """Ask for money back for some units of one line of the order."""

    line = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    quantity = forms.IntegerField(label=_("Quantity to refund"), min_value=1)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=255,
        error_messages={"required": _("Tell us why you want a refund.")},
    )
