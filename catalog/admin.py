"""The merchants' back office for the catalog."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from backoffice.admin_mixins import ProductFiles, SKUFiles
from backoffice.audit import AuditedAdmin
from inventory.models import Stock
from inventory.services import stock_set_on_hand
from promotions.cache import promotions_changed

from .models import SKU, Attribute, AttributeValue, Brand, Category, Product, ProductImage, Tag
from .selectors import product_first_image
from .services import product_image_make_renditions, product_refresh_prices
from .templatetags.catalog_tags import media_url

THUMBNAIL_HTML = '<img src="{}" alt="" width="48" height="48" style="object-fit:cover">'
# Promotions name catalog rows by these (a category by its path of slugs): changing one
# must recompile them. treebeard's move fields change a category's path.
PROMOTION_KEYS = frozenset({"slug", "code", "_position", "_ref_node_id"})


class ChangesPromotionKeys(admin.ModelAdmin):
    """Recompile promotions when a row they may name changes its slug, code or place."""

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # A new row can bring back a promotion left out for naming a missing one.
        if not change or PROMOTION_KEYS.intersection(form.changed_data):
            promotions_changed()

    def delete_model(self, request: HttpRequest, obj) -> None:
        super().delete_model(request, obj)
        promotions_changed()

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        super().delete_queryset(request, queryset)
        promotions_changed()


@admin.register(Category)
class CategoryAdmin(ChangesPromotionKeys, TreeAdmin, TranslationAdmin):
    form = movenodeform_factory(Category)
    list_display = ("name", "slug", "is_active")
    search_fields = ("name_zh_hans", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Brand)
class BrandAdmin(ChangesPromotionKeys, TranslationAdmin):
    list_display = ("name", "slug")
    search_fields = ("name_zh_hans", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Tag)
class TagAdmin(ChangesPromotionKeys, TranslationAdmin):
    list_display = ("name", "slug")
    search_fields = ("name_zh_hans", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


class AttributeValueInline(TranslationTabularInline):
    model = AttributeValue
    fields = ("value", "slug", "position")
    prepopulated_fields = {"slug": ("value_en",)}
    extra = 1


@admin.register(Attribute)
class AttributeAdmin(TranslationAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name_zh_hans", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = (AttributeValueInline,)


@admin.register(AttributeValue)
class AttributeValueAdmin(TranslationAdmin):
    """Kept for the search behind the SKU options' autocomplete; edited inside Attribute."""

    list_display = ("value", "attribute", "slug")
    list_select_related = ("attribute",)
    search_fields = ("value_zh_hans", "value_en", "slug", "attribute__name_zh_hans")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return False


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    fields = ("preview", "image", "alt", "position")
    readonly_fields = ("preview",)
    extra = 1

    @admin.display(description=_("preview"))
    def preview(self, image: ProductImage) -> str:
        if not image.pk:
            return ""
        return format_html(THUMBNAIL_HTML, image.thumbnail_url)


class SKUInlineForm(forms.ModelForm):
    """A SKU row that also edits the SKU's units on hand."""

    on_hand = forms.IntegerField(
        label=_("on hand"),
        min_value=0,
        initial=0,
        # The stock column's range on this database: a larger number would overflow it.
        validators=Stock._meta.get_field("on_hand").validators,
    )

    class Meta:
        model = SKU
        fields = ("code", "barcode", "price", "list_price", "options", "is_active", "position")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        stock = self._stock()
        if stock is not None:
            self.fields["on_hand"].initial = stock.on_hand

    def _stock(self) -> Stock | None:
        if self.instance.pk is None:
            return None
        try:
            return self.instance.stock
        except Stock.DoesNotExist:
            return None

    def clean_on_hand(self) -> int:
        on_hand = self.cleaned_data["on_hand"]
        stock = self._stock()
        if stock is not None and on_hand < stock.reserved:
            raise ValidationError(
                _("On hand cannot be less than the %(reserved)d units reserved for orders."),
                code="below_reserved",
                params={"reserved": stock.reserved},
            )
        return on_hand


class SKUInline(admin.TabularInline):
    model = SKU
    form = SKUInlineForm
    fields = (
        "code",
        "barcode",
        "price",
        "list_price",
        "options",
        "on_hand",
        "reserved",
        "is_active",
        "position",
    )
    readonly_fields = ("reserved",)
    autocomplete_fields = ("options",)
    extra = 1

    def get_queryset(self, request: HttpRequest) -> QuerySet[SKU]:
        return super().get_queryset(request).select_related("stock")

    @admin.display(description=_("reserved"))
    def reserved(self, sku: SKU) -> int:
        try:
            return sku.stock.reserved
        except Stock.DoesNotExist:
            return 0


@admin.register(Product)
class ProductAdmin(AuditedAdmin, ProductFiles, ChangesPromotionKeys, TranslationAdmin):
    list_display = (
        "thumbnail",
        "name",
        "category",
        "brand",
        "min_price",
        "stock_on_hand",
        "is_active",
    )
    list_display_links = ("thumbnail", "name")
    list_select_related = ("category", "brand")
    list_filter = ("is_active", "category", "brand", "tags")
    search_fields = ("name_zh_hans", "name_en", "slug", "skus__code", "skus__barcode")
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("category", "brand")
    filter_horizontal = ("tags", "attributes")
    readonly_fields = ("min_price", "sales_count", "rating", "created_at", "updated_at")
    inlines = (SKUInline, ProductImageInline)
    fieldsets = (
        (None, {"fields": ("name", "slug", "category", "brand", "is_active")}),
        (_("Description"), {"fields": ("description", "attributes", "tags")}),
        (
            _("Figures"),
            {
                "fields": ("min_price", "sales_count", "rating", "created_at", "updated_at"),
                "classes": ("collapse",),
            },
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Product]:
        on_hand = (
            Stock.objects.filter(sku__product=OuterRef("pk"))
            .values("sku__product")
            .annotate(total=Sum("on_hand"))
            .values("total")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                admin_image=product_first_image(),
                total_on_hand=Coalesce(Subquery(on_hand), Value(0)),
            )
        )

    @admin.display(description=_("picture"))
    def thumbnail(self, product: Product) -> str:
        name = product.admin_image  # type: ignore[attr-defined]
        return format_html(THUMBNAIL_HTML, media_url(name)) if name else "—"

    @admin.display(description=_("stock on hand"), ordering="total_on_hand")
    def stock_on_hand(self, product: Product) -> int:
        return product.total_on_hand  # type: ignore[attr-defined]

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        if formset.model is SKU:
            deleted = set(formset.deleted_forms)
            if deleted or any("code" in sku_form.changed_data for sku_form in formset.forms):
                promotions_changed()
            for sku_form in formset.forms:
                if sku_form in deleted or not sku_form.has_changed():
                    continue
                if sku_form.instance.pk and "on_hand" in sku_form.cleaned_data:
                    stock_set_on_hand(
                        sku_id=sku_form.instance.pk,
                        on_hand=sku_form.cleaned_data["on_hand"],
                        user=request.user,
                    )
        elif formset.model is ProductImage:
            changed = [
                image_form.instance.pk
                for image_form in formset.forms
                if image_form.instance.pk and "image" in image_form.changed_data
            ]
            product_image_make_renditions(image_ids=changed, force=True)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        product_refresh_prices(product_ids=[form.instance.pk])


@admin.register(SKU)
class SKUAdmin(AuditedAdmin, SKUFiles, ChangesPromotionKeys):
    """A flat list of SKUs for look-ups by code or barcode; edit them inside their product."""

    list_display = ("code", "product", "price", "list_price", "is_active")
    list_select_related = ("product",)
    list_filter = ("is_active",)
    search_fields = ("code", "barcode", "product__name_zh_hans", "product__name_en")
    autocomplete_fields = ("product", "options")

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # A SKU moved to another product changes the lowest price of both.
        product_ids = {form.instance.product_id, form.initial.get("product")} - {None}
        product_refresh_prices(product_ids=product_ids)
