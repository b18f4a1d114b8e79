"""Orders: a checkout sends choices only; everything priced or owned is read-only."""

from rest_framework import serializers

from orders.models import (
    Order,
    OrderAdjustment,
    OrderEvent,
    OrderLine,
    OrderStatus,
    Refund,
    ShippingMethod,
)
from payments.providers import METHODS
from shop.ids import MAX_ID

from .catalog import MONEY


class ShippingOptionSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=ShippingMethod.choices)
    label = serializers.CharField()
    fee = serializers.DecimalField(**MONEY)


class PaymentMethodSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class OrderCreateSerializer(serializers.Serializer):
    """What a checkout chooses. Prices, totals, status and owner come from the server."""

    address = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    shipping_method = serializers.ChoiceField(choices=ShippingMethod.choices)
    payment_method = serializers.ChoiceField(choices=list(METHODS))
    expected_total = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text="The total the shopper was shown; a different total refuses the order.",
    )


class AdjustmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderAdjustment
        fields = ["promotion_key", "promotion_name", "layer", "amount"]
        read_only_fields = fields


class OrderLineSerializer(serializers.ModelSerializer):
    adjustments = AdjustmentSerializer(many=True, read_only=True)

    class Meta:
        model = OrderLine
        fields = [
            "id",
            "product_name",
            "sku_code",
            "options",
            "is_gift",
            "unit_price",
            "quantity",
            "discount",
            "total",
            "refunded_quantity",
            "refunded",
            "adjustments",
        ]
        read_only_fields = fields


class OrderLineBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderLine
        fields = ["id", "product_name", "sku_code", "options", "is_gift", "quantity", "total"]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderEvent
        fields = ["from_status", "to_status", "actor", "note", "created_at"]
        read_only_fields = fields


class RefundSerializer(serializers.ModelSerializer):
    class Meta:
        model = Refund
        fields = ["id", "status", "reason", "amount", "shipping", "created_at", "decided_at"]
        read_only_fields = fields


class ActionsSerializer(serializers.Serializer):
    pay = serializers.BooleanField()
    cancel = serializers.BooleanField()
    confirm = serializers.BooleanField()
    refund = serializers.BooleanField()
    refund_waiting = serializers.BooleanField()


ORDER_FIELDS = [
    "number",
    "status",
    "status_label",
    "placed_at",
    "paid_at",
    "expires_at",
    "currency",
    "subtotal",
    "discount",
    "shipping",
    "shipping_discount",
    "total",
    "refunded",
]


class OrderSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=OrderStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    lines = OrderLineBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Order
        fields = [*ORDER_FIELDS, "lines"]
        read_only_fields = fields


class OrderDetailSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=OrderStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    lines = OrderLineSerializer(many=True, read_only=True)
    shipping_adjustments = AdjustmentSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)
    refunds = RefundSerializer(many=True, read_only=True)
    actions = ActionsSerializer(read_only=True)

    class Meta:
        model = Order
        fields = [
            *ORDER_FIELDS,
            "shipping_method",
            "payment_method",
            "codes",
            "recipient",
            "phone",
            "country",
            "province",
            "city",
            "district",
            "street",
            "postcode",
            "carrier",
            "tracking_number",
            "shipped_at",
            "delivered_at",
            "completed_at",
            "cancelled_at",
            "lines",
            "shipping_adjustments",
            "events",
            "refunds",
            "actions",
        ]
        read_only_fields = fields


class RefundRequestSerializer(serializers.Serializer):
    line = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    quantity = serializers.IntegerField(min_value=1, max_value=10**6)
    reason = serializers.CharField(max_length=255)


class PaymentStartSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=list(METHODS))


class PaymentSerializer(serializers.Serializer):
    trade_no = serializers.CharField()
    method = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)
    currency = serializers.CharField()
    redirect_url = serializers.CharField(allow_null=True, help_text="Send the shopper here.")
    qr_code = serializers.CharField(
        allow_null=True, help_text="Or show this text as a QR code for the shopper to scan."
    )
