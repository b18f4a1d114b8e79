"""Promotions as merchants keep them; promotions.definitions turns them into engine JSON."""

from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

MONEY: dict[str, Any] = {
    "max_digits": 12,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal("0"))],
}

validate_key = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_-]*\Z",
    _("Use letters, digits, hyphens and underscores, starting with a letter or digit."),
    code="invalid_key",
)
validate_code = RegexValidator(
    r"^[A-Z0-9][A-Z0-9_-]*\Z",
    _("Use letters, digits, hyphens and underscores, starting with a letter or digit."),
    code="invalid_code",
)


class PromotionKind(models.TextChoices):
    SPECIAL_PRICE = "special_price", _("Special price")
    PERCENT_OFF = "percent_off", _("Percentage off each unit")
    AMOUNT_OFF = "amount_off", _("Amount off each unit")
    TIER_PRICE = "tier_price", _("Price by quantity")
    BUY_X_GET_Y = "buy_x_get_y", _("Buy X, get Y")
    NTH_ITEM = "nth_item", _("Discount on every Nth unit")
    BUNDLE_PRICE = "bundle_price", _("Bundle price")
    SPEND_THRESHOLD = "spend_threshold", _("Spend or quantity threshold")
    GIFT = "gift", _("Free gift")
    FREE_SHIPPING = "free_shipping", _("Shipping discount")


class PromotionStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")


class PromotionState(models.TextChoices):
    """Where a promotion stands now: its status, its window and its limits together."""

    RUNNING = "running", _("Running")
    SCHEDULED = "scheduled", _("Scheduled")
    ENDED = "ended", _("Ended")
    PAUSED = "paused", _("Paused")
    EXHAUSTED = "exhausted", _("Exhausted")


class Channel(models.TextChoices):
    WEB = "web", _("Website")
    APP = "app", _("App")
    MINI_PROGRAM = "mini_program", _("Mini program")


class CustomerSegment(models.Model):
    """A named group of customers that promotions can be limited to (vip, new_customer...)."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="customer_segments",
        verbose_name=_("members"),
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("customer segment")
        verbose_name_plural = _("customer segments")

    def __str__(self) -> str:
        return self.name


class Promotion(models.Model):
    """One promotion; `params` holds its kind's fields exactly as the spec's JSON has them."""

    key = models.CharField(
        _("promotion ID"),
        max_length=40,
        unique=True,
        validators=[validate_key],
        help_text=_(
            "A short, stable ID such as P12, used in exports, imports and price explanations. "
            "Promotions of one layer apply in ascending ID order."
        ),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PromotionKind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PromotionStatus.choices, default=PromotionStatus.ACTIVE
    )
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(
        _("ends at"),
        null=True,
        blank=True,
        help_text=_("The promotion stops at this moment exactly."),
    )
    segments = models.ManyToManyField(
        CustomerSegment,
        blank=True,
        related_name="promotions",
        verbose_name=_("customer segments"),
        help_text=_("Only customers in at least one of these segments. None: every customer."),
    )
    first_order = models.BooleanField(
        _("first order only"), default=False, help_text=_("Only for a customer's first order.")
    )
    channels = models.JSONField(_("channels"), default=list, blank=True)
    priority = models.IntegerField(
        _("priority"),
        default=0,
        help_text=_("Between two item prices that are equally low, the higher priority wins."),
    )
    exclusive_group = models.CharField(
        _("exclusive group"),
        max_length=60,
        blank=True,
        help_text=_("At most one promotion of a group applies to a cart."),
    )
    exclusive = models.BooleanField(
        _("exclusive"),
        default=False,
        help_text=_("When it applies, no other multi-unit, order or coupon promotion does."),
    )
    max_applications = models.PositiveIntegerField(
        _("applications per cart"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Groups of units, or multiples of a repeating threshold, in one cart."),
    )
    usage_limit = models.PositiveIntegerField(
        _("orders in all"), null=True, blank=True, help_text=_("Orders, all customers together.")
    )
    per_customer = models.PositiveIntegerField(_("orders per customer"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget"),
        null=True,
        blank=True,
        help_text=_("The total discount the promotion may ever give."),
        **MONEY,
    )
    stock_cap = models.PositiveIntegerField(
        _("units at this price"),
        null=True,
        blank=True,
        help_text=_("Units sold at the promotional price, all customers together."),
    )
    per_customer_qty = models.PositiveIntegerField(_("units per customer"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["key"]
        indexes = [models.Index(fields=["status", "ends_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__isnull=True)
                | models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="promotion_ends_after_start",
            )
        ]
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")

    def __str__(self) -> str:
        return f"{self.key} {self.name}"


class TargetRole(models.TextChoices):
    INCLUDE = "include", _("Applies to")
    EXCLUDE = "exclude", _("Except")
    GET_INCLUDE = "get_include", _("Rewarded units (buy X, get Y)")
    GET_EXCLUDE = "get_exclude", _("Never rewarded (buy X, get Y)")


TARGET_FIELDS = ("sku", "product", "category", "brand", "tag")


def _exactly_one_target() -> models.Q:
    return reduce(
        or_,
        (
            models.Q(**{f"{name}__isnull": name != chosen for name in TARGET_FIELDS})
            for chosen in TARGET_FIELDS
        ),
    )


class PromotionTarget(models.Model):
    """One catalog entry that a promotion's targets list or exclude.

    Catalog rows are protected: deleting a targeted category must not silently widen a
    promotion to every item.
    """

    promotion = models.ForeignKey(
        Promotion, on_delete=models.CASCADE, related_name="targets", verbose_name=_("promotion")
    )
    role = models.CharField(
        _("role"), max_length=12, choices=TargetRole.choices, default=TargetRole.INCLUDE
    )
    sku = models.ForeignKey(
        "catalog.SKU",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("SKU"),
    )
    product = models.ForeignKey(
        "catalog.Product",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("product"),
    )
    category = models.ForeignKey(
        "catalog.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
        help_text=_("Includes its subcategories."),
    )
    brand = models.ForeignKey(
        "catalog.Brand",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("brand"),
    )
    tag = models.ForeignKey(
        "catalog.Tag",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tag"),
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_target(), name="promotion_target_exactly_one"
            )
        ]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.entry}"

    @property
    def entry(self) -> models.Model | None:
        """Return the catalog row this target names."""
        return next(
            (getattr(self, name) for name in TARGET_FIELDS if getattr(self, f"{name}_id")), None
        )


class CouponCode(models.Model):
    """A code that unlocks its promotion; stored upper-case so that matching ignores case."""

    promotion = models.ForeignKey(
        Promotion, on_delete=models.CASCADE, related_name="codes", verbose_name=_("promotion")
    )
    code = models.CharField(_("code"), max_length=40, unique=True, validators=[validate_code])
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="coupon_codes",
        verbose_name=_("assigned to"),
        help_text=_("Only this customer may use the code. Empty: anyone who has it."),
    )
    single_use = models.BooleanField(
        _("single use"), default=False, help_text=_("The code works for one order only.")
    )
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coupon_codes",
        verbose_name=_("order"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code=Upper("code")), name="coupon_code_upper_case"
            )
        ]
        verbose_name = _("coupon code")
        verbose_name_plural = _("coupon codes")

    def __str__(self) -> str:
        return self.code


def normalise_code(code: str) -> str:
    """Return a code as it is stored: without surrounding spaces, upper-case."""
    return code.strip().upper()


class PromotionUsage(models.Model):
    """What one order took from a promotion; released when the order is cancelled."""

    promotion = models.ForeignKey(
        Promotion, on_delete=models.PROTECT, related_name="usages", verbose_name=_("promotion")
    )
    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="promotion_usages",
        verbose_name=_("order"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="promotion_usages",
        verbose_name=_("customer"),
    )
    discount = models.DecimalField(_("discount"), default=Decimal("0.00"), **MONEY)
    units = models.PositiveIntegerField(_("units"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["promotion", "released_at"]),
            models.Index(fields=["user", "promotion"]),
        ]
        verbose_name = _("promotion usage")
        verbose_name_plural = _("promotion usages")

    def __str__(self) -> str:
        return f"{self.promotion_id}: {self.discount}"


class SimulationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class PromotionSimulation(models.Model):
    """A merchant's question, what a promotion would have given on past orders, and its answer."""

    promotion = models.ForeignKey(
        Promotion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="simulations",
        verbose_name=_("promotion"),
    )
    definition = models.JSONField(
        _("definition"), help_text=_("The promotion simulated, in the pricing spec's JSON shape.")
    )
    starts_at = models.DateTimeField(_("orders from"))
    ends_at = models.DateTimeField(_("orders until"))
    alone = models.BooleanField(
        _("alone"),
        default=False,
        help_text=_("Compare with catalog prices instead of the shop's other promotions."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SimulationStatus.choices,
        default=SimulationStatus.PENDING,
    )
    result = models.JSONField(_("result"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="promotion_simulation_ends_after_start",
            )
        ]
        verbose_name = _("promotion simulation")
        verbose_name_plural = _("promotion simulations")

    def __str__(self) -> str:
        return f"{self.definition.get('id', '?')} #{self.pk}"
