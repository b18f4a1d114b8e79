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
    # Written by the nightly restock run; empty until it has planned this SKU.
    reorder_point = models.PositiveIntegerField(_("reorder point"), null=True, blank=True)
    order_up_to = models.PositiveIntegerField(_("order up to"), null=True, blank=True)
    daily_forecast = models.FloatField(_("forecast units per day"), null=True, blank=True)
    planned_at = models.DateTimeField(_("planned at"), null=True, blank=True)

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


class MovementReason(models.TextChoices):
    SALE = "sale", _("Sale")
    RETURN = "return", _("Return")
    RECEIPT = "receipt", _("Receipt")
    COUNT = "count", _("Count adjustment")
    DAMAGE = "damage", _("Damage")


class StockMovement(models.Model):
    """One change of a SKU's units on hand; on hand is always the sum of these."""

    sku = models.ForeignKey(
        "catalog.SKU", on_delete=models.CASCADE, related_name="movements", verbose_name=_("SKU")
    )
    quantity = models.IntegerField(_("quantity"))
    reason = models.CharField(_("reason"), max_length=16, choices=MovementReason.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reference = models.CharField(_("reference"), max_length=64, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ("-created_at", "-pk")
        indexes = [models.Index(fields=["sku", "created_at"], name="movement_sku_time")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(quantity=0), name="stock_movement_not_zero")
        ]

    def __str__(self) -> str:
        return f"{self.sku_id} {self.quantity:+d} {self.reason}"


class Supplier(models.Model):
    """A company the shop buys from, with how long its deliveries take."""

    name = models.CharField(_("name"), max_length=120)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    # Empty until the merchant knows it: restocking refuses a supplier without a lead time.
    lead_time_days = models.PositiveSmallIntegerField(_("lead time (days)"), null=True, blank=True)
    lead_time_spread_days = models.DecimalField(
        _("lead time spread (days)"),
        max_digits=5,
        decimal_places=1,
        default=0,
        help_text=_("Standard deviation of the lead time."),
    )
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class SupplierItem(models.Model):
    """Who supplies a SKU, and in what quantities it can be bought."""

    sku = models.OneToOneField(
        "catalog.SKU", on_delete=models.CASCADE, related_name="supply", verbose_name=_("SKU")
    )
    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="items", verbose_name=_("supplier")
    )
    pack_size = models.PositiveIntegerField(_("pack size"), default=1)
    min_order_quantity = models.PositiveIntegerField(_("minimum order quantity"), default=1)

    class Meta:
        verbose_name = _("supplied SKU")
        verbose_name_plural = _("supplied SKUs")
        constraints = [
            models.CheckConstraint(condition=models.Q(pack_size__gte=1), name="supply_pack_size"),
            models.CheckConstraint(
                condition=models.Q(min_order_quantity__gte=1), name="supply_min_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sku_id} ← {self.supplier_id}"


class PurchaseOrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    PARTLY_RECEIVED = "partly_received", _("Partly received")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")


class PurchaseOrder(models.Model):
    """What the shop buys from one supplier, from draft to received."""

    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="orders", verbose_name=_("supplier")
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PurchaseOrderStatus.choices,
        default=PurchaseOrderStatus.DRAFT,
        db_index=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")
        ordering = ("-created_at", "-pk")
        constraints = [
            # The nightly job reuses this draft, so a rerun never makes a second one.
            models.UniqueConstraint(
                fields=["supplier"],
                condition=models.Q(status="draft"),
                name="purchase_order_one_draft_per_supplier",
            )
        ]

    def __str__(self) -> str:
        return f"PO-{self.pk:06d}" if self.pk else "PO"


class PurchaseOrderLine(models.Model):
    order = models.ForeignKey(
        PurchaseOrder, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order")
    )
    sku = models.ForeignKey(
        "catalog.SKU", on_delete=models.PROTECT, related_name="+", verbose_name=_("SKU")
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    received = models.PositiveIntegerField(_("received"), default=0)

    class Meta:
        verbose_name = _("purchase order line")
        verbose_name_plural = _("purchase order lines")
        ordering = ("sku_id",)
        constraints = [
            models.UniqueConstraint(fields=["order", "sku"], name="purchase_line_once_per_sku"),
            models.CheckConstraint(
                condition=models.Q(received__lte=models.F("quantity")),
                name="purchase_line_received_within_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sku_id} × {self.quantity}"

    @property
    def outstanding(self) -> int:
        return self.quantity - self.received
