"""Catalog as clients read it: every field read-only, prices from the promotions engine."""

from django.conf import settings
from django.core.files.storage import default_storage
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.models import SKU, AttributeValue, Brand, Category, Product, ProductImage
from inventory.models import StockState, stock_state

MONEY = {"max_digits": 12, "decimal_places": 2, "read_only": True}


class BadgeSerializer(serializers.Serializer):
    promotion = serializers.CharField()
    kind = serializers.CharField()
    layer = serializers.IntegerField()
    text = serializers.CharField()
    flash = serializers.BooleanField()
    ends_at = serializers.DateTimeField(allow_null=True)


class ItemPriceSerializer(serializers.Serializer):
    """A unit's price after item promotions (layer 1), the price to strike, and badges."""

    price = serializers.DecimalField(**MONEY)
    catalog_price = serializers.DecimalField(**MONEY)
    list_price = serializers.DecimalField(allow_null=True, **MONEY)
    badges = BadgeSerializer(many=True, read_only=True)


class PromotionDetailSerializer(serializers.Serializer):
    name = serializers.CharField()
    text = serializers.CharField()
    flash = serializers.BooleanField()
    ends_at = serializers.DateTimeField(allow_null=True)


class CategorySerializer(serializers.ModelSerializer):
    parent = serializers.CharField(
        source="parent_slug", allow_null=True, read_only=True, help_text="The parent's slug."
    )

    class Meta:
        model = Category
        fields = ["id", "slug", "name", "description", "depth", "parent"]
        read_only_fields = fields


class BrandSerializer(serializers.ModelSerializer):
    class Meta:
        model = Brand
        fields = ["slug", "name"]
        read_only_fields = fields


class ProductCardSerializer(serializers.ModelSerializer):
    brand = BrandSerializer(allow_null=True, read_only=True)
    compare_at_price = serializers.DecimalField(allow_null=True, **MONEY)
    stock_available = serializers.IntegerField(read_only=True)
    stock_state = serializers.SerializerMethodField()
    image = serializers.SerializerMethodField()
    promo_price = ItemPriceSerializer(allow_null=True, read_only=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "slug",
            "name",
            "brand",
            "min_price",
            "compare_at_price",
            "promo_price",
            "stock_available",
            "stock_state",
            "rating",
            "sales_count",
            "image",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=StockState.choices))
    def get_stock_state(self, product: Product) -> str:
        return stock_state(product.stock_available, settings.LOW_STOCK_THRESHOLD)  # type: ignore[attr-defined]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_image(self, product: Product) -> str | None:
        name = product.card_image  # type: ignore[attr-defined]
        return default_storage.url(name) if name else None


class OptionSerializer(serializers.ModelSerializer):
    attribute = serializers.CharField(source="attribute.slug", read_only=True)
    attribute_name = serializers.CharField(source="attribute.name", read_only=True)

    class Meta:
        model = AttributeValue
        fields = ["id", "attribute", "attribute_name", "slug", "value"]
        read_only_fields = fields


class SKUSerializer(serializers.ModelSerializer):
    compare_at_price = serializers.DecimalField(allow_null=True, **MONEY)
    available = serializers.IntegerField(read_only=True)
    stock_state = serializers.SerializerMethodField()
    options = OptionSerializer(many=True, read_only=True)
    promo_price = ItemPriceSerializer(allow_null=True, read_only=True)

    class Meta:
        model = SKU
        fields = [
            "id",
            "code",
            "price",
            "compare_at_price",
            "promo_price",
            "available",
            "stock_state",
            "options",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=StockState.choices))
    def get_stock_state(self, sku: SKU) -> str:
        return stock_state(sku.available, sku.low_threshold)  # type: ignore[attr-defined]


class ImageSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProductImage
        fields = ["image", "alt"]
        read_only_fields = fields


class ProductDetailSerializer(serializers.ModelSerializer):
    brand = BrandSerializer(allow_null=True, read_only=True)
    category = serializers.CharField(source="category.slug", read_only=True)
    images = ImageSerializer(many=True, read_only=True)
    attributes = OptionSerializer(many=True, read_only=True)
    skus = SKUSerializer(source="active_skus", many=True, read_only=True)
    promotions = PromotionDetailSerializer(many=True, read_only=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "slug",
            "name",
            "description",
            "brand",
            "category",
            "min_price",
            "rating",
            "sales_count",
            "images",
            "attributes",
            "skus",
            "promotions",
        ]
        read_only_fields = fields
