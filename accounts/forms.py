"""Forms for signing up, logging in, the profile and the address book."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm, UsernameField
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Address, User
from accounts.services import ADDRESS_FIELDS, PROFILE_FIELDS


class SignUpForm(UserCreationForm):
    """Ask for a username, an e-mail address and the password twice."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")
        field_classes = {"username": UsernameField}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["username"].help_text = _(
            "Required. 150 characters or fewer. Letters, digits and . + - _ only."
        )

    def clean_username(self) -> str:
        username = super().clean_username()
        # The log-in reads a name with "@" as an e-mail address, so such a username could
        # pass for another shopper's address.
        if username and "@" in username:
            raise ValidationError(
                _("A username cannot contain “@”. Use letters, digits and . + - _ only."),
                code="username_has_at",
            )
        return username


class LoginForm(AuthenticationForm):
    """Accept the username or the e-mail address."""

    username = UsernameField(
        label=_("Username or email"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter a correct username or email and password. "
            "Note that both fields may be case-sensitive."
        ),
    }


class ProfileForm(forms.ModelForm):
    """Edit the name, e-mail address and phone of the logged-in user."""

    class Meta:
        model = User
        fields = PROFILE_FIELDS
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Password reset mails go to this address, so a profile cannot drop it.
        self.fields["email"].required = True


class AddressForm(forms.ModelForm):
    """An address in the Chinese order; the model checks formats against the country."""

    make_default = forms.BooleanField(label=_("Make this my default address"), required=False)

    class Meta:
        model = Address
        fields = ADDRESS_FIELDS
        widgets = {
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "street": forms.TextInput(attrs={"autocomplete": "street-address"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.is_default:
            del self.fields["make_default"]


class AccountDeleteForm(forms.Form):
    """Ask for the password once more before the account is erased."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not correct."), code="password_incorrect")
        return password
