from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 12, "decimal_places": 2, "default": Decimal("0.00")}


class PaymentStatus(models.TextChoices):
    # Written in the shop before the gateway is asked; stays so when the gateway call failed.
    CREATED = "created", _("Created")
    # The gateway has the payment; the shopper is paying and the shop waits for its word.
    PENDING = "pending", _("Pending")
    # The gateway confirmed that the money arrived.
    SUCCEEDED = "succeeded", _("Succeeded")
    # The gateway said the payment failed (declined, error); no money moved.
    FAILED = "failed", _("Failed")
    # Closed unpaid: abandoned by the shopper or timed out at the gateway.
    CANCELLED = "cancelled", _("Cancelled")
    # Every cent of it was paid back.
    REFUNDED = "refunded", _("Refunded")


# The money is (or was) with the shop: nothing may take that back.
COLLECTED = (PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED)
# Still waiting for the gateway's word.
OPEN = (PaymentStatus.CREATED, PaymentStatus.PENDING)


class Payment(models.Model):
    """One attempt to collect an order's money through one gateway."""

    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, related_name="payments", verbose_name=_("order")
    )
    provider = models.CharField(_("provider"), max_length=20, db_index=True)
    trade_no = models.CharField(
        _("trade number"),
        max_length=64,
        unique=True,
        help_text=_("The shop's number for this attempt, sent to the gateway."),
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(
        _("status"), max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.CREATED
    )
    gateway_reference = models.CharField(_("gateway reference"), max_length=128, blank=True)
    merchant_id = models.CharField(
        _("merchant id"),
        max_length=64,
        blank=True,
        help_text=_("The merchant account the gateway must name in its notifications."),
    )
    qr_data = models.CharField(_("QR code content"), max_length=512, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True, db_index=True)
    needs_refund = models.BooleanField(
        _("needs refund"),
        default=False,
        help_text=_("Money arrived for an order that cannot take it: pay it back."),
    )
    refund_reason = models.CharField(_("why it needs a refund"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self) -> str:
        return self.trade_no


class NotificationOutcome(models.TextChoices):
    # Stored, not handled yet; stays so when handling crashed and the gateway will retry.
    RECEIVED = "received", _("Received")
    # Believed and applied to its payment.
    HANDLED = "handled", _("Handled")
    # Genuine but changed nothing: a replay, a late status, a payment the shop doesn't know.
    IGNORED = "ignored", _("Ignored")
    # Not believed: bad signature, stale, or amounts that don't match the payment.
    REJECTED = "rejected", _("Rejected")


class Notification(models.Model):
    """A gateway's notification exactly as it arrived, and what the shop made of it."""

    provider = models.CharField(_("provider"), max_length=20)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    body = models.TextField(_("body"), blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    # Set only once the notification is handled, so that a replay of it is recognised while a
    # genuine retry of one that was rejected or ignored is looked at again.
    event_id = models.CharField(_("event id"), max_length=128, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=NotificationOutcome.choices,
        default=NotificationOutcome.RECEIVED,
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    payment = models.ForeignKey(
        Payment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("payment"),
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id"],
                condition=~Q(event_id=""),
                name="payments_notification_event_once",
            )
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.provider} #{self.pk}"


class RefundStatus(models.TextChoices):
    # The gateway accepted the refund; one it refuses is never written, the merchant sees why.
    SUCCEEDED = "succeeded", _("Succeeded")


class PaymentRefund(models.Model):
    """Money paid back through the gateway of a payment."""

    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("payment")
    )
    refund_no = models.CharField(_("refund number"), max_length=64, unique=True)
    amount = models.DecimalField(_("amount"), **MONEY)
    status = models.CharField(
        _("status"), max_length=20, choices=RefundStatus.choices, default=RefundStatus.SUCCEEDED
    )
    gateway_reference = models.CharField(_("gateway reference"), max_length=128, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("payment refund")
        verbose_name_plural = _("payment refunds")

    def __str__(self) -> str:
        return self.refund_no
