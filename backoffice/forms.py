import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .selectors import DateRange

DEFAULT_DAYS = 30
MAX_DAYS = 366
# Days the shop can have figures for, with room on both sides for the range's arithmetic.
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2999, 12, 31)


class RangeForm(forms.Form):
    """The dashboard's range: whole days, at most a year, the last 30 days by default."""

    first = forms.DateField(label=_("from"), required=False)
    last = forms.DateField(label=_("to"), required=False)

    def clean(self) -> dict:
        data = super().clean() or {}
        today = timezone.localdate()
        last = data.get("last") or today
        if not EARLIEST <= min(last, data.get("first") or last) <= last <= LATEST:
            raise forms.ValidationError(
                _("Choose days from %(first)s to %(last)s.")
                % {"first": EARLIEST.isoformat(), "last": LATEST.isoformat()},
                code="out_of_range",
            )
        first = data.get("first") or last - datetime.timedelta(days=DEFAULT_DAYS - 1)
        if first > last:
            raise forms.ValidationError(_("The first day comes after the last."), code="order")
        if (last - first).days >= MAX_DAYS:
            raise forms.ValidationError(_("Choose at most a year."), code="too_long")
        data["range"] = DateRange(first, last)
        return data

    def date_range(self) -> DateRange:
        """Return the chosen range, or the default one when the input is bad."""
        if self.is_valid():
            return self.cleaned_data["range"]
        today = timezone.localdate()
        return DateRange(today - datetime.timedelta(days=DEFAULT_DAYS - 1), today)


class CurrencyForm(forms.Form):
    currency = forms.CharField(max_length=3)
    next = forms.CharField(required=False, max_length=2000)
