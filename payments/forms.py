from django import forms
from django.utils.translation import gettext_lazy as _

from .providers import available_methods


class PayForm(forms.Form):
    method = forms.ChoiceField(label=_("Payment method"), widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [(m.code, m.label) for m in available_methods()]


class SandboxForm(forms.Form):
    action = forms.ChoiceField(choices=[("pay", "pay"), ("fail", "fail"), ("abandon", "abandon")])
