"""Forms that read the catalog pages' query strings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import ProductSort

SEARCH_MAX_LENGTH = 100


class SortForm(forms.Form):
    sort = forms.ChoiceField(
        label=_("Sort by"), choices=ProductSort.choices, required=False, initial=""
    )


class SearchForm(SortForm):
    q = forms.CharField(
        label=_("Search"),
        max_length=SEARCH_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": _("Please shorten your search to at most %(limit_value)d characters.")
        },
    )
