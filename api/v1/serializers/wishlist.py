"""Wishlist: a client names the product; the saved price and the owner are the server's."""

from rest_framework import serializers

from shop.ids import MAX_ID
from wishlist.models import WishlistItem

from .catalog import MONEY


class WishlistProductSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    min_price = serializers.DecimalField(**MONEY)


class WishlistItemSerializer(serializers.ModelSerializer):
    product = WishlistProductSerializer(read_only=True)
    saved_price = serializers.DecimalField(**MONEY)
    available = serializers.BooleanField(
        read_only=True, default=True, help_text="Whether the product is still sold."
    )
    price_drop = serializers.DecimalField(
        allow_null=True,
        default=None,
        help_text="How much cheaper it is now than when saved, if it is.",
        **MONEY,
    )

    class Meta:
        model = WishlistItem
        fields = ["product", "saved_price", "available", "price_drop", "created_at"]
        read_only_fields = fields


class WishlistAddSerializer(serializers.Serializer):
    product = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="The id of the product to save."
    )
