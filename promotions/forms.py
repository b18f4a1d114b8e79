"""Merchant forms: one promotion form per kind, codes, batches, import and the price preview.

A kind's form edits the promotion's `params` through plain fields (tiers are numbered rows
of fields), checks them field by field, then compiles the resulting definition with the
engine so that nothing the engine would refuse is ever saved.
"""

import re
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any, ClassVar, cast

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime, AutocompleteSelect
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from catalog.models import SKU
from promotions.engine import CaseError, compile_promotions
from shop.ids import as_id

from .definitions import DEFAULT_NAME_FIELD, definition_for
from .models import (
    TARGET_FIELDS,
    Channel,
    CouponCode,
    CustomerSegment,
    Promotion,
    PromotionKind,
    PromotionTarget,
    TargetRole,
    normalise_code,
    validate_code,
)
from .services import CODE_PREFIX_MAX, MAX_BATCH

TIER_ROWS = 5
PATH = re.compile(r"^promotions\[\d+\]\.?")
TIER_PATH = re.compile(r"^tiers\[(\d+)\](?:\.(\w+))?")

# The engine's messages, in the merchant's language.
ENGINE_MESSAGES = {
    "required": _("This field is required."),
    "not a decimal": _("Enter a number."),
    "not an integer": _("Enter a whole number."),
    "must not be negative": _("Must not be negative."),
    "must be between 0 and 100": _("Must be between 0 and 100."),
    "more than two decimal places": _("Use at most two decimal places."),
    "too large": _("This number is too large."),
    "must be above the previous tier's": _("Must be above the previous tier's threshold."),
    "every tier must use the same threshold": _("Every tier must use the same kind of threshold."),
    "repeat takes exactly one tier": _("Repeating needs exactly one tier."),
    "repeat takes amount_off": _("Repeating needs an amount off, not a percentage."),
    "must be above zero with repeat": _("Repeating needs a threshold above zero."),
    "must be before ends_at": _("The start must be before the end."),
    "unknown SKU": _("There is no SKU with this code."),
}

KIND_DESCRIPTIONS: dict[str, Any] = {
    PromotionKind.SPECIAL_PRICE: _(
        "Each eligible unit costs a fixed price: flash sales, member prices."
    ),
    PromotionKind.PERCENT_OFF: _("Each eligible unit costs a percentage less."),
    PromotionKind.AMOUNT_OFF: _("Each eligible unit costs a fixed amount less."),
    PromotionKind.TIER_PRICE: _("The unit price falls as the quantity of one SKU grows."),
    PromotionKind.BUY_X_GET_Y: _("Buy some units, get more free or at a discount."),
    PromotionKind.NTH_ITEM: _("Every Nth unit of a SKU at a discount: second one half price."),
    PromotionKind.BUNDLE_PRICE: _("Any N eligible units together for one price."),
    PromotionKind.SPEND_THRESHOLD: _(
        "Money or a percentage off the order from a spend or a quantity; with a code, a coupon."
    ),
    PromotionKind.GIFT: _("A free item from a spend or a quantity."),
    PromotionKind.FREE_SHIPPING: _("Free or cheaper shipping, from a spend or a quantity."),
}

COMMON_LIMITS = ("usage_limit", "per_customer", "budget")
ITEM_LIMITS = (*COMMON_LIMITS, "stock_cap", "per_customer_qty")
APPLICATION_LIMITS = ("max_applications", *COMMON_LIMITS)


def money_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        help_text=help_text,
    )


def percent_field(label: Any, *, required: bool = True, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        help_text=_("From 0 to 100."),
        **kwargs,
    )


def count_field(
    label: Any, *, minimum: int, required: bool = True, **kwargs: Any
) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=required, min_value=minimum, **kwargs)


class SKUAutocomplete(AutocompleteSelect):
    """An autocomplete that redraws a tampered choice (not an id) as empty, not as a 500."""

    def optgroups(self, name: str, value: list[Any], attr: Any = None) -> list[Any]:
        return super().optgroups(name, [v for v in value if as_id(v) is not None], attr)


class SKUChoiceField(forms.ModelChoiceField):
    """A SKU chosen by id; a value that cannot be an id is an invalid choice."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and as_id(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


def sku_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.ModelChoiceField:
    return SKUChoiceField(
        queryset=SKU.objects.all(),
        label=label,
        required=required,
        help_text=help_text,
        widget=SKUAutocomplete(PromotionTarget._meta.get_field("sku"), admin.site),
    )


def money_json(value: Decimal) -> str:
    return f"{value:.2f}"


def percent_json(value: Decimal) -> int | str:
    """Return a percentage as a JSON number when whole, else as exact decimal text."""
    if value == value.to_integral_value():
        return int(value)
    return format(value.normalize(), "f")


def as_decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


# How each parameter travels between a form field and the spec's JSON.
TO_JSON: dict[str, Callable[[Any], Any]] = {
    "money": money_json,
    "percent": percent_json,
    "count": int,
    "sku": lambda sku: sku.code,
}
FROM_JSON: dict[str, Callable[[Any], Any]] = {
    "money": as_decimal,
    "percent": as_decimal,
    "count": lambda value: value,
    "sku": lambda code: SKU.objects.filter(code=code).values_list("pk", flat=True).first(),
}


class PromotionForm(forms.ModelForm):
    """The fields every kind shares; subclasses add their kind's parameters."""

    kind: ClassVar[str] = ""
    params: ClassVar[dict[str, str]] = {}
    limit_fields: ClassVar[tuple[str, ...]] = COMMON_LIMITS

    channels = forms.MultipleChoiceField(
        label=_("channels"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every channel."),
    )

    class Meta:
        model = Promotion
        fields = ("key", "status", "starts_at", "ends_at", "segments", "first_order", "channels")
        widgets = {"segments": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.kind = self.kind
        for name, value in self.initial_params(self.instance.params or {}).items():
            self.initial.setdefault(name, value)

    @classmethod
    def param_layout(cls) -> tuple[Any, ...]:
        """Return the kind's fields as the admin lays them out (a tuple is one line)."""
        return tuple(cls.params)

    def initial_params(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            name: FROM_JSON[kind](params[name])
            for name, kind in self.params.items()
            if params.get(name) is not None
        }

    def params_json(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        return {
            name: TO_JSON[kind](cleaned[name])
            for name, kind in self.params.items()
            if cleaned.get(name) is not None
        }

    def check_params(self, cleaned: dict[str, Any]) -> None:
        """Add the errors that one field alone cannot show."""

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The end must be after the start."))
        self.check_params(cleaned)
        if not self.errors:
            self.instance.params = self.params_json(cleaned)
        return cleaned

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if not self.errors:
            self.check_with_engine()

    def check_with_engine(self) -> None:
        """Compile the definition as it would be saved; show a refusal at its field."""
        segments = [segment.slug for segment in self.cleaned_data.get("segments") or ()]
        try:
            compile_promotions([definition_for(self.instance, segments=segments)])
        except CaseError as error:
            field = self.field_for_path(PATH.sub("", error.path))
            message = ENGINE_MESSAGES.get(error.message, error.message)
            if field is None:
                self.add_error(None, f"{error.path}: {message}")
            else:
                self.add_error(field, message)

    def field_for_path(self, path: str) -> str | None:
        """Return the form field that a definition path (`tiers[0].min_spend`) comes from."""
        name = {"id": "key", "name": DEFAULT_NAME_FIELD}.get(path, path.split(".")[-1])
        return name if name in self.fields else None


class TieredPromotionForm(PromotionForm):
    """A kind whose parameters include tiers, edited as numbered rows of fields."""

    tier_params: ClassVar[dict[str, str]] = {}
    threshold_keys: ClassVar[tuple[str, ...]] = ("min_spend", "min_qty")
    rows: ClassVar[int] = TIER_ROWS

    @classmethod
    def tier_field(cls, row: int, key: str) -> str:
        return f"tier{row}_{key}"

    @classmethod
    def param_layout(cls) -> tuple[Any, ...]:
        tiers = tuple(
            tuple(cls.tier_field(row, key) for key in cls.tier_params)
            for row in range(1, cls.rows + 1)
        )
        return (*tiers, *cls.params)

    def initial_params(self, params: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_params(params)
        for row, tier in enumerate(params.get("tiers") or (), start=1):
            for key, kind in self.tier_params.items():
                if tier.get(key) is not None:
                    initial[self.tier_field(row, key)] = FROM_JSON[kind](tier[key])
        return initial

    def tier_values(self, cleaned: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
        """Return the filled rows, each with its values by spec key."""
        rows = []
        for row in range(1, self.rows + 1):
            values = {key: cleaned.get(self.tier_field(row, key)) for key in self.tier_params}
            if any(value is not None for value in values.values()):
                rows.append((row, values))
        return rows

    def check_params(self, cleaned: dict[str, Any]) -> None:
        rows = self.tier_values(cleaned)
        self.tier_rows = [row for row, _values in rows]
        if not rows:
            first = self.tier_field(1, next(iter(self.tier_params)))
            self.add_error(first, _("Give at least one tier."))
            return
        previous: tuple[str, Any] | None = None
        for row, values in rows:
            previous = self.check_threshold(row, values, previous)
            self.check_tier(row, values, cleaned)

    def check_threshold(
        self, row: int, values: dict[str, Any], previous: tuple[str, Any] | None
    ) -> tuple[str, Any] | None:
        given = [key for key in self.threshold_keys if values[key] is not None]
        if not given:
            self.add_error(
                self.tier_field(row, self.threshold_keys[0]), _("Give this tier's threshold.")
            )
            return previous
        if len(given) > 1:
            self.add_error(
                self.tier_field(row, given[1]),
                _("Give a spend or a quantity, not both."),
            )
            return previous
        key = given[0]
        if previous is not None and previous[0] != key:
            self.add_error(
                self.tier_field(row, key), _("Every tier must use the same kind of threshold.")
            )
        elif previous is not None and values[key] <= previous[1]:
            self.add_error(
                self.tier_field(row, key), _("Must be above the previous tier's threshold.")
            )
        return key, values[key]

    def check_tier(self, row: int, values: dict[str, Any], cleaned: dict[str, Any]) -> None:
        """Add the errors of one tier's reward."""

    def params_json(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        tiers = [
            {
                key: TO_JSON[self.tier_params[key]](value)
                for key, value in values.items()
                if value is not None
            }
            for _row, values in self.tier_values(cleaned)
        ]
        return {"tiers": tiers, **super().params_json(cleaned)}

    def field_for_path(self, path: str) -> str | None:
        match = TIER_PATH.match(path)
        if match is None:
            return super().field_for_path(path)
        index, key = int(match.group(1)), match.group(2) or next(iter(self.tier_params))
        if index >= len(self.tier_rows) or key not in self.tier_params:
            return None
        return self.tier_field(self.tier_rows[index], key)


class SpecialPriceForm(PromotionForm):
    kind = PromotionKind.SPECIAL_PRICE
    params = {"price": "money"}
    limit_fields = ITEM_LIMITS
    price = money_field(_("price"), help_text=_("What each eligible unit costs."))


class PercentOffForm(PromotionForm):
    kind = PromotionKind.PERCENT_OFF
    params = {"percent": "percent"}
    limit_fields = ITEM_LIMITS
    percent = percent_field(_("percentage off"))


class AmountOffForm(PromotionForm):
    kind = PromotionKind.AMOUNT_OFF
    params = {"amount": "money"}
    limit_fields = ITEM_LIMITS
    amount = money_field(_("amount off"), help_text=_("Taken off each eligible unit."))


class TierPriceForm(TieredPromotionForm):
    kind = PromotionKind.TIER_PRICE
    tier_params = {"min_qty": "count", "price": "money"}
    threshold_keys = ("min_qty",)
    limit_fields = ITEM_LIMITS

    def check_tier(self, row: int, values: dict[str, Any], cleaned: dict[str, Any]) -> None:
        if values["price"] is None:
            self.add_error(self.tier_field(row, "price"), _("Give this tier's unit price."))


class BuyXGetYForm(PromotionForm):
    kind = PromotionKind.BUY_X_GET_Y
    params = {"buy": "count", "get": "count", "percent": "percent"}
    limit_fields = APPLICATION_LIMITS
    buy = count_field(_("units bought"), minimum=1)
    get = count_field(_("units rewarded"), minimum=1)
    percent = percent_field(_("percentage off the rewarded units"), initial=Decimal(100))


class NthItemForm(PromotionForm):
    kind = PromotionKind.NTH_ITEM
    params = {"n": "count", "percent": "percent"}
    limit_fields = APPLICATION_LIMITS
    n = count_field(_("every Nth unit"), minimum=2, help_text=_("2: every second unit."))
    percent = percent_field(_("percentage off that unit"))


class BundlePriceForm(PromotionForm):
    kind = PromotionKind.BUNDLE_PRICE
    params = {"size": "count", "price": "money"}
    limit_fields = APPLICATION_LIMITS
    size = count_field(_("units in a bundle"), minimum=2)
    price = money_field(_("bundle price"))


class SpendThresholdForm(TieredPromotionForm):
    kind = PromotionKind.SPEND_THRESHOLD
    tier_params = {
        "min_spend": "money",
        "min_qty": "count",
        "amount_off": "money",
        "percent_off": "percent",
    }
    params = {"max_discount": "money"}
    limit_fields = APPLICATION_LIMITS
    repeat = forms.BooleanField(
        label=_("repeat"),
        required=False,
        help_text=_("Give the amount off once per whole multiple of the threshold (one tier)."),
    )
    max_discount = money_field(_("largest discount"), required=False)

    @classmethod
    def param_layout(cls) -> tuple[Any, ...]:
        return (*super().param_layout(), "repeat")

    def initial_params(self, params: dict[str, Any]) -> dict[str, Any]:
        return {**super().initial_params(params), "repeat": bool(params.get("repeat"))}

    def check_tier(self, row: int, values: dict[str, Any], cleaned: dict[str, Any]) -> None:
        if values["amount_off"] is None and values["percent_off"] is None:
            self.add_error(
                self.tier_field(row, "amount_off"), _("Give an amount off or a percentage off.")
            )
        elif values["amount_off"] is not None and values["percent_off"] is not None:
            self.add_error(
                self.tier_field(row, "percent_off"),
                _("Give an amount off or a percentage off, not both."),
            )

    def check_params(self, cleaned: dict[str, Any]) -> None:
        super().check_params(cleaned)
        if not cleaned.get("repeat"):
            return
        rows = self.tier_values(cleaned)
        if len(rows) != 1 or rows[0][1]["amount_off"] is None:
            self.add_error("repeat", _("Repeating needs exactly one tier, with an amount off."))
        elif not (rows[0][1]["min_spend"] or rows[0][1]["min_qty"]):
            self.add_error("repeat", _("Repeating needs a threshold above zero."))

    def params_json(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        params = super().params_json(cleaned)
        if cleaned.get("repeat"):
            params["repeat"] = True
        return params


class GiftForm(TieredPromotionForm):
    kind = PromotionKind.GIFT
    tier_params = {"min_spend": "money", "min_qty": "count", "sku": "sku", "qty": "count"}
    params = {"sku": "sku", "qty": "count"}
    sku = sku_field(
        _("gift"), required=False, help_text=_("The free item, unless a tier names its own.")
    )
    qty = count_field(_("gift quantity"), minimum=1, required=False, initial=1)

    def check_tier(self, row: int, values: dict[str, Any], cleaned: dict[str, Any]) -> None:
        if values["sku"] is None and cleaned.get("sku") is None:
            self.add_error(
                self.tier_field(row, "sku"),
                _("Choose this tier's gift, or one gift for every tier."),
            )


class FreeShippingForm(PromotionForm):
    kind = PromotionKind.FREE_SHIPPING
    params = {
        "min_spend": "money",
        "min_qty": "count",
        "amount_off": "money",
        "percent_off": "percent",
    }
    min_spend = money_field(_("minimum spend"), required=False)
    min_qty = count_field(_("minimum quantity"), minimum=1, required=False)
    amount_off = money_field(
        _("amount off the fee"),
        required=False,
        help_text=_("Neither this nor a percentage: the whole fee."),
    )
    percent_off = percent_field(_("percentage off the fee"), required=False)

    def check_params(self, cleaned: dict[str, Any]) -> None:
        if cleaned.get("min_spend") is not None and cleaned.get("min_qty") is not None:
            self.add_error("min_qty", _("Give a spend or a quantity, not both."))
        if cleaned.get("amount_off") is not None and cleaned.get("percent_off") is not None:
            self.add_error("percent_off", _("Give an amount off or a percentage off, not both."))


KIND_FORMS: dict[str, type[PromotionForm]] = {
    form.kind: form
    for form in (
        SpecialPriceForm,
        PercentOffForm,
        AmountOffForm,
        TierPriceForm,
        BuyXGetYForm,
        NthItemForm,
        BundlePriceForm,
        SpendThresholdForm,
        GiftForm,
        FreeShippingForm,
    )
}


@cache
def promotion_form(kind: str, tiers: int = 0) -> type[PromotionForm]:
    """Return the form of a kind, with a tier row more than the promotion has tiers."""
    base = KIND_FORMS[kind]
    if not issubclass(base, TieredPromotionForm):
        return base
    rows = max(TIER_ROWS, tiers + 1)
    fields: dict[str, Any] = {"rows": rows, "__module__": __name__}
    for row in range(1, rows + 1):
        for key, kind_of_value in base.tier_params.items():
            fields[base.tier_field(row, key)] = tier_form_field(row, key, kind_of_value)
    return type(base.__name__, (base,), fields)


TIER_LABELS = {
    "min_spend": _("spend at least"),
    "min_qty": _("units at least"),
    "amount_off": _("amount off"),
    "percent_off": _("percentage off"),
    "price": _("unit price"),
    "sku": _("gift"),
    "qty": _("gift quantity"),
}


def tier_form_field(row: int, key: str, kind_of_value: str) -> forms.Field:
    label = format_lazy(_("Tier {row}: {field}"), row=row, field=TIER_LABELS[key])
    if kind_of_value == "money":
        return money_field(label, required=False)
    if kind_of_value == "percent":
        field = percent_field(label, required=False)
        field.help_text = ""
        return field
    if kind_of_value == "sku":
        return sku_field(label, required=False)
    return count_field(label, minimum=1, required=False)


class PromotionTargetForm(forms.ModelForm):
    """One target row: a role and exactly one catalog entry."""

    kind: ClassVar[str] = ""

    class Meta:
        model = PromotionTarget
        fields = ("role", "sku", "product", "category", "brand", "tag")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.kind != PromotionKind.BUY_X_GET_Y and "role" in self.fields:
            cast(forms.ChoiceField, self.fields["role"]).choices = [
                (value, label)
                for value, label in TargetRole.choices
                if value in (TargetRole.INCLUDE, TargetRole.EXCLUDE)
            ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        chosen = [name for name in TARGET_FIELDS if cleaned.get(name)]
        if not chosen:
            raise ValidationError(
                _("Choose a SKU, a product, a category, a brand or a tag."), code="no_target"
            )
        if len(chosen) > 1:
            raise ValidationError(
                _("Choose only one SKU, product, category, brand or tag per row."),
                code="several_targets",
            )
        return cleaned


class CouponCodeForm(forms.ModelForm):
    class Meta:
        model = CouponCode
        fields = ("code", "user", "single_use")

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        validate_code(code)
        return code


class GenerateCodesForm(forms.Form):
    code_prefix = forms.CharField(
        label=_("prefix"),
        required=False,
        max_length=CODE_PREFIX_MAX,
        help_text=_("Letters, digits, hyphens: for example SUMMER-."),
    )
    count = forms.IntegerField(
        label=_("number of codes"), required=False, min_value=1, max_value=MAX_BATCH
    )
    segment = forms.ModelChoiceField(
        label=_("one code per member of"),
        queryset=CustomerSegment.objects.all(),
        required=False,
        help_text=_("Each member gets a code that only they can use."),
    )
    single_use = forms.BooleanField(label=_("single use"), required=False, initial=True)

    def clean_code_prefix(self) -> str:
        prefix = normalise_code(self.cleaned_data["code_prefix"])
        if prefix:
            validate_code(prefix)
        return prefix

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        segment = cleaned.get("segment")
        if segment is None and not cleaned.get("count") and "count" not in self.errors:
            self.add_error("count", _("Give a number of codes, or a segment."))
        if segment is not None:
            members = list(segment.members.all()[: MAX_BATCH + 1])
            if not members:
                self.add_error("segment", _("This segment has no members."))
            elif len(members) > MAX_BATCH:
                self.add_error(
                    "segment",
                    _("This segment has more than %(max)d members.") % {"max": MAX_BATCH},
                )
            cleaned["users"] = members
        return cleaned


class ImportForm(forms.Form):
    MAX_SIZE = 20 * 1024 * 1024

    file = forms.FileField(
        label=_("promotions file"),
        help_text=_("A JSON list of promotions, as the export writes it."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_SIZE:
            raise ValidationError(_("The file is too large."), code="too_large")
        return upload


class PreviewForm(forms.Form):
    """Who buys, when, with which codes; the cart lines come in PreviewLineFormSet."""

    codes = forms.CharField(
        label=_("codes"), required=False, help_text=_("Separate several codes with spaces.")
    )
    segments = forms.ModelMultipleChoiceField(
        label=_("customer segments"),
        queryset=CustomerSegment.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    first_order = forms.BooleanField(label=_("first order"), required=False)
    channel = forms.ChoiceField(
        label=_("channel"), choices=[("", "—"), *Channel.choices], required=False
    )
    at = forms.SplitDateTimeField(
        label=_("time"),
        required=False,
        widget=AdminSplitDateTime,
        help_text=_("Empty: now."),
    )
    shipping = money_field(_("shipping fee"), required=False)
    max_coupons = count_field(_("codes per order"), minimum=0, initial=1)

    def clean_codes(self) -> list[str]:
        return self.cleaned_data["codes"].split()


class PreviewLineForm(forms.Form):
    sku = sku_field(_("SKU"), required=False)
    qty = count_field(_("quantity"), minimum=1, required=False, initial=1, max_value=999)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("sku") is not None and not cleaned.get("qty"):
            self.add_error("qty", _("Give a quantity."))
        return cleaned


PreviewLineFormSet = forms.formset_factory(PreviewLineForm, extra=5, max_num=50)
