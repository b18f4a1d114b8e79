from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 12, "decimal_places": 2, "default": Decimal("0.00")}


class OrderStatus(models.TextChoices):
    # Placed, stock and promotions reserved, waiting for the money; expires after a while.
    PENDING_PAYMENT = "pending_payment", _("Pending payment")
    # The money arrived: stock left the shelf (on hand), nothing is reserved any more.
    PAID = "paid", _("Paid")
    # Handed to a carrier, with its tracking number.
    SHIPPED = "shipped", _("Shipped")
    # The carrier or the shopper says it arrived.
    DELIVERED = "delivered", _("Delivered")
    # The shopper confirmed receipt; the sale is closed.
    COMPLETED = "completed", _("Completed")
    # Never paid: by the shopper, the merchant, or the expiry job; reservations released.
    CANCELLED = "cancelled", _("Cancelled")
    # Every line (and the shipping, if refunded before shipment) was paid back.
    REFUNDED = "refunded", _("Refunded")


class ShippingMethod(models.TextChoices):
    STANDARD = "standard", _("Standard delivery")
    EXPRESS = "express", _("Express delivery")


class Actor(models.TextChoices):
    SHOPPER = "shopper", _("Shopper")
    MERCHANT = "merchant", _("Merchant")
    SYSTEM = "system", _("System")
    GATEWAY = "gateway", _("Payment gateway")


class Order(models.Model):
    """What a shopper bought, frozen at the time of the order."""

    number = models.CharField(_("number"), max_length=32, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("customer"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING_PAYMENT
    )
    placed_at = models.DateTimeField(_("placed at"), db_index=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("pay before"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checkout_key = models.CharField(
        _("checkout key"),
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Makes a resubmitted checkout return the order it already made."),
    )
    shipping_method = models.CharField(
        _("shipping method"),
        max_length=20,
        choices=ShippingMethod.choices,
        default=ShippingMethod.STANDARD,
    )
    payment_method = models.CharField(_("payment method"), max_length=20, blank=True)
    codes = models.JSONField(_("coupon codes"), default=list, blank=True)
    pricing = models.JSONField(
        _("pricing"), default=dict, blank=True, help_text=_("The engine's result, as placed.")
    )
    refunded = models.DecimalField(_("refunded"), **MONEY)
    carrier = models.CharField(_("carrier"), max_length=100, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=64, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    subtotal = models.DecimalField(_("subtotal"), **MONEY)
    discount = models.DecimalField(_("discount"), **MONEY)
    shipping = models.DecimalField(_("shipping"), **MONEY)
    shipping_discount = models.DecimalField(_("shipping discount"), **MONEY)
    total = models.DecimalField(_("total"), **MONEY)
    recipient = models.CharField(_("recipient"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    country = models.CharField(_("country"), max_length=2, default="CN")
    province = models.CharField(_("province"), max_length=100, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    street = models.CharField(_("street address"), max_length=255, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
        indexes = [models.Index(fields=["status", "placed_at"])]
        verbose_name = _("order")
        verbose_name_plural = _("orders")

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("orders:detail", kwargs={"number": self.number})

    @property
    def items_total(self) -> Decimal:
        return self.subtotal - self.discount

    @property
    def shipping_total(self) -> Decimal:
        return self.shipping - self.shipping_discount

    @property
    def refundable(self) -> Decimal:
        return self.total - self.refunded


class OrderLine(models.Model):
    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order")
    )
    product = models.ForeignKey(
        "catalog.Product",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="order_lines",
        verbose_name=_("product"),
    )
    sku = models.ForeignKey(
        "catalog.SKU",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="order_lines",
        verbose_name=_("SKU"),
    )
    product_name = models.CharField(_("product name"), max_length=200)
    sku_code = models.CharField(_("SKU code"), max_length=64)
    options = models.CharField(_("options"), max_length=255, blank=True)
    is_gift = models.BooleanField(_("gift"), default=False)
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    quantity = models.PositiveIntegerField(_("quantity"))
    discount = models.DecimalField(_("discount"), **MONEY)
    total = models.DecimalField(_("total"), **MONEY)
    refunded_quantity = models.PositiveIntegerField(_("refunded quantity"), default=0)
    refunded = models.DecimalField(_("refunded"), **MONEY)

    class Meta:
        ordering = ["id"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")

    def __str__(self) -> str:
        return f"{self.quantity} × {self.sku_code}"

    @property
    def subtotal(self) -> Decimal:
        return self.unit_price * self.quantity

    @property
    def refundable_quantity(self) -> int:
        return self.quantity - self.refunded_quantity


class OrderAdjustment(models.Model):
    """One promotion's share of a line's discount (or of the shipping), frozen at the order."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="adjustments", verbose_name=_("order")
    )
    line = models.ForeignKey(
        OrderLine,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="adjustments",
        verbose_name=_("line"),
        help_text=_("Empty for a shipping discount."),
    )
    promotion = models.ForeignKey(
        "promotions.Promotion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="order_adjustments",
        verbose_name=_("promotion"),
    )
    promotion_key = models.CharField(_("promotion key"), max_length=64)
    promotion_name = models.CharField(_("promotion name"), max_length=200)
    layer = models.CharField(_("layer"), max_length=20)
    amount = models.DecimalField(_("amount"), **MONEY)

    class Meta:
        ordering = ["id"]
        verbose_name = _("order adjustment")
        verbose_name_plural = _("order adjustments")

    def __str__(self) -> str:
        return f"{self.promotion_key}: {self.amount}"


class OrderEvent(models.Model):
    """One move of an order between states, or a note on it: who, when, from, to."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="events", verbose_name=_("order")
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=OrderStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=OrderStatus.choices)
    actor = models.CharField(_("actor"), max_length=20, choices=Actor.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("order event")
        verbose_name_plural = _("order events")

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status} → {self.to_status}"


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    REFUNDED = "refunded", _("Refunded")
    REFUSED = "refused", _("Refused")


class Refund(models.Model):
    """Money paid back for chosen lines and quantities (and shipping), asked then decided."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="refunds", verbose_name=_("order")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RefundStatus.choices, default=RefundStatus.REQUESTED
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    amount = models.DecimalField(_("amount"), **MONEY)
    shipping = models.DecimalField(_("shipping refunded"), **MONEY)
    requested_by = models.CharField(_("requested by"), max_length=20, choices=Actor.choices)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    note = models.CharField(_("merchant note"), max_length=255, blank=True)
    reference = models.CharField(_("gateway reference"), max_length=128, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")

    def __str__(self) -> str:
        return f"{self.order_id}: {self.amount}"


class RefundLine(models.Model):
    refund = models.ForeignKey(
        Refund, on_delete=models.CASCADE, related_name="lines", verbose_name=_("refund")
    )
    line = models.ForeignKey(
        OrderLine, on_delete=models.CASCADE, related_name="refund_lines", verbose_name=_("line")
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    amount = models.DecimalField(_("amount"), **MONEY)

    class Meta:
        ordering = ["id"]
        verbose_name = _("refund line")
        verbose_name_plural = _("refund lines")

    def __str__(self) -> str:
        return f"{self.quantity} × {self.line_id}"
