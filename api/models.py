"""What the API keeps for its clients beyond the shop's own rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ClientSession(models.Model):
    """The server-side session of a token client: an app sends no session cookie, but its
    coupon codes must live somewhere between applying them and checking out."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    session_key = models.CharField(_("session key"), max_length=40)

    class Meta:
        verbose_name = _("client session")
        verbose_name_plural = _("client sessions")

    def __str__(self) -> str:
        return str(self.user_id)


class IdempotencyKey(models.Model):
    """A checkout's Idempotency-Key, the request it came with, and the order it placed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(_("key"), max_length=64)
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    order = models.ForeignKey(
        "orders.Order", on_delete=models.CASCADE, related_name="+", verbose_name=_("order")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="api_idempotency_key_unique")
        ]

    def __str__(self) -> str:
        return self.key
