from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

PRICE: dict[str, Any] = {
    "max_digits": 12,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal("0"))],
}


class Category(MP_Node):
    """A node of the category tree; a category includes its descendants."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    node_order_by = ["slug"]

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:category", kwargs={"slug": self.slug})


class Brand(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("brand")
        verbose_name_plural = _("brands")

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """A merchant label (summer, new, clearance) that promotions can target."""

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Attribute(models.Model):
    """A property such as colour, size or material; variants choose among its values."""

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")

    def __str__(self) -> str:
        return self.name


class AttributeValue(models.Model):
    attribute = models.ForeignKey(
        Attribute, on_delete=models.CASCADE, related_name="values", verbose_name=_("attribute")
    )
    value = models.CharField(_("value"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["attribute__position", "position", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["attribute", "slug"], name="uniq_attribute_value_slug")
        ]
        verbose_name = _("attribute value")
        verbose_name_plural = _("attribute values")

    def __str__(self) -> str:
        return f"{self.attribute}: {self.value}"


class Product(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("category")
    )
    brand = models.ForeignKey(
        Brand,
        on_delete=models.PROTECT,
        related_name="products",
        null=True,
        blank=True,
        verbose_name=_("brand"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True)
    attributes = models.ManyToManyField(
        AttributeValue, blank=True, related_name="products", verbose_name=_("attributes")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="products", verbose_name=_("tags"))
    is_active = models.BooleanField(_("active"), default=True, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Denormalised for the listing sorts; refreshed by the seed and the order jobs.
    min_price = models.DecimalField(_("lowest price"), default=Decimal("0.00"), **PRICE)
    sales_count = models.PositiveIntegerField(_("units sold"), default=0, db_index=True)
    rating = models.DecimalField(_("rating"), max_digits=3, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [
            models.Index(fields=["category", "is_active"]),
            models.Index(fields=["min_price"], name="catalog_product_min_price"),
        ]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:product", kwargs={"slug": self.slug})


class ProductImage(models.Model):
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="images", verbose_name=_("product")
    )
    image = models.ImageField(_("image"), upload_to="products/%Y/%m/")
    alt = models.CharField(_("alternative text"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Pre-sized copies made once by product_image_make_renditions, so that pages link to
    # files and never ask sorl-thumbnail's key-value store (a query per image) while rendering.
    thumbnail = models.ImageField(_("thumbnail"), blank=True, editable=False)
    large = models.ImageField(_("large image"), blank=True, editable=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("product image")
        verbose_name_plural = _("product images")

    def __str__(self) -> str:
        return self.alt or self.image.name or ""

    @property
    def thumbnail_url(self) -> str:
        return (self.thumbnail or self.image).url

    @property
    def large_url(self) -> str:
        return (self.large or self.image).url


class SKU(models.Model):
    """A variant that can be bought: its own code, price, list price and barcode."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="skus", verbose_name=_("product")
    )
    code = models.CharField(_("SKU code"), max_length=64, unique=True)
    barcode = models.CharField(_("barcode"), max_length=32, blank=True, db_index=True)
    price = models.DecimalField(_("price"), **PRICE)
    list_price = models.DecimalField(_("list price"), null=True, blank=True, **PRICE)
    options = models.ManyToManyField(
        AttributeValue, blank=True, related_name="skus", verbose_name=_("options")
    )
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["product_id", "position", "id"]
        verbose_name = _("SKU")
        verbose_name_plural = _("SKUs")

    def __str__(self) -> str:
        return self.code
