from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StockState(models.TextChoices):
    IN_STOCK = "in_stock", _("In stock")
    LOW = "low", _("Only a few left")
    SOLD_OUT = "sold_out", _("Sold out")


class Stock(models.Model):
    """Units of one SKU: on hand, reserved for unpaid orders, and so available."""

    sku = models.OneToOneField(
        "catalog.SKU", on_delete=models.CASCADE, related_name="stock", verbose_name=_("SKU")
    )
    on_hand = models.PositiveIntegerField(_("on hand"), default=0)
    reserved = models.PositiveIntegerField(_("reserved"), default=0)
    low_threshold = models.PositiveIntegerField(
        _("low-stock threshold"), default=settings.LOW_STOCK_THRESHOLD
    )

    class Meta:
        verbose_name = _("stock")
        verbose_name_plural = _("stock")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reserved__lte=models.F("on_hand")),
                name="stock_reserved_within_on_hand",
            )
        ]

    def __str__(self) -> str:
        return f"{self.sku_id}: {self.available}"

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    @property
    def state(self) -> str:
        return stock_state(self.available, self.low_threshold)


def stock_state(available: int, low_threshold: int) -> str:
    """Say whether a quantity is in stock, low, or sold out."""
    if available <= 0:
        return StockState.SOLD_OUT
    if available <= low_threshold:
        return StockState.LOW
    return StockState.IN_STOCK
