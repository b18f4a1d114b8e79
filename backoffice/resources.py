"""Catalog files: products, SKUs, prices and stock, as django-import-export resources."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from catalog.models import SKU, Brand, Category, Product
from catalog.services import product_refresh_prices
from inventory.models import Stock
from inventory.services import stock_set_on_hand
from promotions.cache import promotions_changed

from . import audit


class SlugWidget(widgets.ForeignKeyWidget):
    """Find a row by a unique field, loading them all once: a file names the same few often."""

    def __init__(self, model: type[models.Model], field: str) -> None:
        super().__init__(model, field)
        self._rows: dict[str, Any] | None = None

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if value in (None, ""):
            return None
        if self._rows is None:
            self._rows = {getattr(obj, self.field): obj for obj in self.model.objects.all()}
        found = self._rows.get(str(value).strip())
        if found is None:
            raise ValueError(
                _("no %(model)s “%(value)s”")
                % {"model": self.model._meta.verbose_name, "value": value}
            )
        return found


class MoneyWidget(widgets.DecimalWidget):
    """An amount; text that is not a number is the cell's error, not the whole row's."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        try:
            return super().clean(value, row, **kwargs)
        except (ArithmeticError, ValueError) as error:
            raise ValueError(_("“%(value)s” is not an amount") % {"value": value}) from error


class CatalogResource(resources.ModelResource):
    """Shared behaviour: validate each row like a form, audit price changes, report progress."""

    progress: Callable[[], None] | None = None

    def __init__(self, *, user: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.user = user
        self.before: dict[Any, dict[str, Any]] = {}
        self.audit_entries: list[Any] = []
        self.touched_products: set[int] = set()
        self.audited = 0

    def after_import(self, dataset: Any, result: Any, **kwargs: Any) -> None:
        """Once every row is in: refresh lowest prices, recompile promotions, save the audit."""
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        if self.touched_products:
            product_refresh_prices(product_ids=self.touched_products)
        # Slugs and codes may have changed: promotions name catalog rows by them.
        promotions_changed()
        self.audited = audit.record_many(self.audit_entries)

    def after_import_row(self, row: Any, row_result: Any, **kwargs: Any) -> None:
        if self.progress is not None:
            self.progress()

    def audit_change(self, instance: models.Model) -> None:
        self.audit_entries.append(
            audit.entry(
                obj=instance,
                before=self.before.get(instance.pk, {}),
                after=audit.snapshot(instance),
                user=self.user,
                source="import",
            )
        )


class ProductResource(CatalogResource):
    category = fields.Field(
        "category", "category", SlugWidget(Category, "slug"), saves_null_values=False
    )
    brand = fields.Field("brand", "brand", SlugWidget(Brand, "slug"))

    class Meta:
        model = Product
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "name_zh_hans",
            "name_en",
            "category",
            "brand",
            "description_zh_hans",
            "description_en",
            "is_active",
        )
        export_order = fields
        skip_unchanged = True
        skip_diff = True
        clean_model_instances = True
        instance_loader_class = CachedInstanceLoader

    def before_save_instance(self, instance: Product, row: Any, **kwargs: Any) -> None:
        # The untranslated column is what the default language reads when a field is empty.
        instance.name = instance.name_zh_hans or instance.name_en  # type: ignore[attr-defined]


class SKUResource(CatalogResource):
    product = fields.Field(
        "product", "product", SlugWidget(Product, "slug"), saves_null_values=False
    )
    price = fields.Field("price", "price", MoneyWidget())
    list_price = fields.Field("list_price", "list_price", MoneyWidget())

    class Meta:
        model = SKU
        import_id_fields = ("code",)
        fields = ("code", "product", "barcode", "price", "list_price", "is_active", "position")
        export_order = fields
        skip_unchanged = True
        skip_diff = True
        clean_model_instances = True
        instance_loader_class = CachedInstanceLoader

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        codes = [str(code).strip() for code in dataset["code"]] if "code" in dataset.headers else []
        pks = SKU.objects.filter(code__in=codes).values_list("pk", flat=True)
        self.before = audit.stored(SKU, pks)

    def after_save_instance(self, instance: SKU, row: Any, **kwargs: Any) -> None:
        self.touched_products.add(instance.product_id)
        self.audit_change(instance)


class PriceResource(SKUResource):
    """Prices of existing SKUs; a code the shop does not know is an error, not a new SKU."""

    class Meta:
        model = SKU
        import_id_fields = ("code",)
        fields = ("code", "price", "list_price")
        export_order = fields
        skip_unchanged = True
        skip_diff = True
        clean_model_instances = True
        instance_loader_class = CachedInstanceLoader

    def validate_instance(self, instance: SKU, *args: Any, **kwargs: Any) -> None:
        if instance.pk is None:
            raise ValidationError({"code": _("no SKU with this code")})
        super().validate_instance(instance, *args, **kwargs)


class StockResource(CatalogResource):
    """Units on hand per SKU code, set through the inventory's count adjustment."""

    sku = fields.Field("sku", "sku", SlugWidget(SKU, "code"), saves_null_values=False)

    class Meta:
        model = Stock
        import_id_fields = ("sku",)
        fields = ("sku", "on_hand", "low_threshold")
        export_order = fields
        skip_diff = True
        clean_model_instances = True
        instance_loader_class = CachedInstanceLoader

    def validate_instance(self, instance: Stock, *args: Any, **kwargs: Any) -> None:
        if isinstance(instance.on_hand, int) and instance.on_hand < instance.reserved:
            raise ValidationError(
                {
                    "on_hand": _("less than the %(reserved)d units reserved for orders")
                    % {"reserved": instance.reserved}
                }
            )
        # The stock row may not exist yet: the service creates it, so only check the values.
        super().validate_instance(instance, *args, validate_unique=False, **kwargs)

    def do_instance_save(self, instance: Stock, is_create: bool) -> None:
        stock_set_on_hand(
            sku_id=instance.sku_id, on_hand=instance.on_hand, low_threshold=instance.low_threshold
        )


RESOURCES: dict[str, type[CatalogResource]] = {
    "products": ProductResource,
    "skus": SKUResource,
    "prices": PriceResource,
    "stock": StockResource,
}
