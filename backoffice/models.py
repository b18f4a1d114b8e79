"""The audit trail of merchant changes, and the exchange rates shoppers see prices in."""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    CHANGE = "change", _("Changed")
    DELETE = "delete", _("Deleted")


class AuditEntry(models.Model):
    """One merchant change to a price or a promotion: who, when, what, before and after."""

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    source = models.CharField(_("source"), max_length=40, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("model")
    )
    object_id = models.CharField(_("object ID"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object")]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"


class ExchangeRate(models.Model):
    """How many units of a currency one unit of the shop's currency buys, for display only."""

    currency = models.CharField(
        _("currency"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{3}\Z", _("Use a three-letter ISO code."))],
    )
    rate = models.DecimalField(
        _("rate"),
        max_digits=14,
        decimal_places=6,
        validators=[MinValueValidator(Decimal("0.000001"))],
        help_text=_("Units of this currency for one unit of the shop's currency."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["currency"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")

    def __str__(self) -> str:
        return f"{self.currency} {self.rate}"
