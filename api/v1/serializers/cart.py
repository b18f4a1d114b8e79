"""The cart: what a client may send (a SKU, a quantity, a code) and the priced cart it reads."""

from django.conf import settings
from rest_framework import serializers

from cart.selectors import LineStatus
from shop.ids import MAX_ID

from .catalog import MONEY, OptionSerializer


class LineAddSerializer(serializers.Serializer):
    sku = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    quantity = serializers.IntegerField(
        min_value=1, max_value=settings.CART_MAX_LINE_QTY, default=1
    )


class LineQuantitySerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1, max_value=settings.CART_MAX_LINE_QTY)


class CouponSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=64)


class NamedAmountSerializer(serializers.Serializer):
    name = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)


class CartLineSerializer(serializers.Serializer):
    sku = serializers.IntegerField()
    code = serializers.CharField()
    product = serializers.CharField(help_text="The product's slug.")
    name = serializers.CharField()
    options = OptionSerializer(many=True)
    image = serializers.CharField(allow_null=True)
    quantity = serializers.IntegerField()
    available = serializers.IntegerField()
    status = serializers.ChoiceField(choices=[status.value for status in LineStatus])
    unit_price = serializers.DecimalField(**MONEY)
    subtotal = serializers.DecimalField(**MONEY)
    discount = serializers.DecimalField(**MONEY)
    total = serializers.DecimalField(**MONEY)
    adjustments = NamedAmountSerializer(many=True)


class HintSerializer(serializers.Serializer):
    text = serializers.CharField()
    spend_more = serializers.DecimalField(allow_null=True, **MONEY)
    add_qty = serializers.IntegerField(allow_null=True)
    reward = serializers.DictField()


class AppliedSerializer(serializers.Serializer):
    promotion = serializers.CharField()
    layer = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)
    applications = serializers.IntegerField()
    hint = HintSerializer(allow_null=True)


class NotAppliedSerializer(serializers.Serializer):
    promotion = serializers.CharField()
    reason = serializers.CharField()
    by = serializers.CharField(allow_null=True)
    hint = HintSerializer(allow_null=True)


class GiftSerializer(serializers.Serializer):
    name = serializers.CharField()
    qty = serializers.IntegerField()
    value = serializers.DecimalField(**MONEY)
    promotion = serializers.CharField()


class CodeStatusSerializer(serializers.Serializer):
    code = serializers.CharField()
    reason = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)
    message = serializers.CharField()


class PricingSerializer(serializers.Serializer):
    """The engine's result: totals, what applied and why the rest did not, hints, codes."""

    currency = serializers.CharField()
    subtotal = serializers.DecimalField(**MONEY)
    discount = serializers.DecimalField(**MONEY)
    shipping = serializers.DecimalField(**MONEY)
    shipping_discount = serializers.DecimalField(**MONEY)
    total = serializers.DecimalField(**MONEY)
    optimal = serializers.BooleanField()
    order_discounts = NamedAmountSerializer(many=True)
    shipping_discounts = NamedAmountSerializer(many=True)
    gifts = GiftSerializer(many=True)
    hints = serializers.ListField(child=serializers.CharField())
    codes = CodeStatusSerializer(many=True)
    applied = AppliedSerializer(many=True)
    not_applied = NotAppliedSerializer(many=True)


class CartSerializer(serializers.Serializer):
    lines = CartLineSerializer(many=True)
    unit_count = serializers.IntegerField()
    subtotal = serializers.DecimalField(**MONEY)
    has_problems = serializers.BooleanField()
    pricing = PricingSerializer(allow_null=True)


class CouponResultSerializer(serializers.Serializer):
    message = serializers.CharField()
    cart = CartSerializer()
