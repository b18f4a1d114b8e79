from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.validators import (
    validate_any_phone,
    validate_cn_phone,
    validate_cn_postcode,
    validate_international_phone,
)


class UserManager(DjangoUserManager):
    @classmethod
    def normalize_email(cls, email: str | None) -> str | None:  # type: ignore[override]
        """Lower-case the domain; store no address as NULL so that it never clashes."""
        return super().normalize_email(email) or None


class User(AbstractUser):
    """A shopper or a merchant; the custom model exists from the first migration."""

    # NULL rather than "" when absent, so that many users may have none.
    email = models.EmailField(  # type: ignore[assignment]
        _("email address"), unique=True, blank=True, null=True
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[validate_any_phone])

    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Log-in by e-mail looks addresses up case-insensitively, so they must be unique so.
            models.UniqueConstraint(
                Lower("email"),
                name="unique_user_email_ci",
                violation_error_message=_("A user with that email address already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.username

    def clean(self) -> None:
        super().clean()
        if (
            self.email
            and User._default_manager.filter(email__iexact=self.email).exclude(pk=self.pk).exists()
        ):
            raise ValidationError(
                {"email": _("A user with that email address already exists.")}, code="unique"
            )


class Address(models.Model):
    """A delivery address in the Chinese order (province, city, district) that fits abroad too."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="addresses", verbose_name=_("user")
    )
    recipient = models.CharField(_("recipient"), max_length=100)
    phone = models.CharField(_("phone"), max_length=32)
    country = CountryField(verbose_name=_("country"), default="CN")
    province = models.CharField(_("province / state"), max_length=100)
    city = models.CharField(_("city"), max_length=100)
    district = models.CharField(
        _("district"), max_length=100, blank=True, help_text=_("Required for addresses in China.")
    )
    street = models.CharField(_("street address"), max_length=255)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    is_default = models.BooleanField(_("default address"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-is_default", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(is_default=True),
                name="one_default_address_per_user",
            )
        ]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self) -> str:
        return f"{self.recipient} {self.province}{self.city}{self.district}{self.street}"

    def clean(self) -> None:
        """Check the phone, postcode and district against the country's formats."""
        errors: dict[str, list[ValidationError]] = {}
        in_china = self.country == "CN"
        if self.phone:
            validate_phone = validate_cn_phone if in_china else validate_international_phone
            try:
                validate_phone(self.phone)
            except ValidationError as error:
                errors.setdefault("phone", []).append(error)
        if in_china and self.postcode:
            try:
                validate_cn_postcode(self.postcode)
            except ValidationError as error:
                errors.setdefault("postcode", []).append(error)
        if in_china and not self.district:
            errors.setdefault("district", []).append(
                ValidationError(
                    _("Enter the district: it is required for addresses in China."),
                    code="district_required_in_cn",
                )
            )
        if errors:
            raise ValidationError(errors)
