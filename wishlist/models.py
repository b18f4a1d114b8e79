from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import PRICE


class WishlistItem(models.Model):
    """A product a shopper keeps an eye on, with its price when it was saved."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="wishlist_items",
        verbose_name=_("shopper"),
    )
    product = models.ForeignKey(
        "catalog.Product",
        on_delete=models.CASCADE,
        related_name="wishlist_items",
        verbose_name=_("product"),
    )
    saved_price = models.DecimalField(_("price when saved"), **PRICE)
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "product"], name="uniq_wishlist_product")
        ]
        verbose_name = _("wishlist item")
        verbose_name_plural = _("wishlist items")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.product_id}"
