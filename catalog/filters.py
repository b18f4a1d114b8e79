"""The category listing's filters (django-filter) and its sort."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from shop.ids import MAX_ID

from .models import AttributeValue, Brand, Product
from .selectors import ProductSort, product_sorted, product_with_values

PRICE_FIELD = {"max_digits": 12, "decimal_places": 2, "min_value": 0}
# Ids beyond a 64-bit integer cannot exist; SQLite overflows and PostgreSQL fails on them.


class SlugChoiceField(forms.ModelMultipleChoiceField):
    """Refuse what cannot be a slug before the database sees it (PostgreSQL rejects NUL)."""

    def clean(self, value):
        for slug in value or []:
            validate_slug(slug)
        return super().clean(value)


class SlugChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = SlugChoiceField


class IdChoiceField(forms.ModelMultipleChoiceField):
    """Refuse ids out of the database's integer range before it sees them."""

    def clean(self, value):
        for pk in value or []:
            try:
                out_of_range = not 1 <= int(pk) <= MAX_ID
            except (TypeError, ValueError):
                continue  # the parent refuses what is not a number
            if out_of_range:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


class IdChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = IdChoiceField


class ProductFilter(django_filters.FilterSet):
    """Narrow and sort product cards; a value that does not validate is ignored.

    The queryset comes in the default order, which an empty sort leaves alone.
    """

    brand = SlugChoiceFilter(
        label=_("Brand"),
        field_name="brand__slug",
        to_field_name="slug",
        queryset=Brand.objects.all(),
        distinct=False,
    )
    price_min = django_filters.NumberFilter(
        label=_("Lowest price"), field_name="min_price", lookup_expr="gte", **PRICE_FIELD
    )
    price_max = django_filters.NumberFilter(
        label=_("Highest price"), field_name="min_price", lookup_expr="lte", **PRICE_FIELD
    )
    attr = IdChoiceFilter(
        label=_("Attributes"),
        queryset=AttributeValue.objects.all(),
        method="filter_attribute_values",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=ProductSort.choices, empty_label=None, method="sort_products"
    )

    class Meta:
        model = Product
        fields: list[str] = []

    def filter_attribute_values(
        self, queryset: QuerySet[Product], name: str, value: list[AttributeValue]
    ) -> QuerySet[Product]:
        return product_with_values(queryset, values=list(value))

    def sort_products(
        self, queryset: QuerySet[Product], name: str, value: str
    ) -> QuerySet[Product]:
        return product_sorted(queryset, sort=value)

    def selected(self) -> dict[str, set]:
        """Return the brand slugs and attribute value ids that took effect."""
        data = self.form.cleaned_data
        return {
            "brands": {brand.slug for brand in data.get("brand") or []},
            "values": {value.pk for value in data.get("attr") or []},
        }
