"""Checkout and orders: shipping and payment methods, place an order once per
Idempotency-Key, list and show orders, cancel, confirm receipt, ask a refund, pay."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import address_list
from cart.models import Cart
from cart.selectors import cart_get
from orders import selectors
from orders.models import Actor, Order, ShippingMethod
from orders.services import (
    order_cancel,
    order_confirm_receipt,
    order_place,
    refund_request,
    shipping_fees,
)
from payments.providers import available_methods
from payments.services import payment_start
from promotions.pricing import SESSION_CODES, session_codes

from ...idempotency import HEADER, key_check, order_place_once
from ...sessions import ClientSessionMixin, client_session_save
from ..serializers.common import ErrorSerializer
from ..serializers.orders import (
    OrderCreateSerializer,
    OrderDetailSerializer,
    OrderSerializer,
    PaymentMethodSerializer,
    PaymentSerializer,
    PaymentStartSerializer,
    RefundRequestSerializer,
    RefundSerializer,
    ShippingOptionSerializer,
)

ERRORS = {400: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}
STATUS_PARAMETER = OpenApiParameter(
    "status",
    str,
    enum=[group.key for group in selectors.STATUS_GROUPS],
    description="A tab of the order list; anything else lists all orders.",
)
KEY_PARAMETER = OpenApiParameter(
    HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="A unique text per order: repeating a request with it returns the same order.",
)


@extend_schema(tags=["checkout"])
class ShippingMethodsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: ShippingOptionSerializer(many=True)})
    def get(self, request: Request) -> Response:
        """List the shipping methods and their fees before promotions."""
        fees = shipping_fees()
        options = [
            {"code": code, "label": label, "fee": fees[code]}
            for code, label in ShippingMethod.choices
        ]
        return Response(ShippingOptionSerializer(options, many=True).data)


@extend_schema(tags=["checkout"])
class PaymentMethodsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: PaymentMethodSerializer(many=True)})
    def get(self, request: Request) -> Response:
        """List the payment methods the shop offers now."""
        return Response(PaymentMethodSerializer(available_methods(), many=True).data)


def order_shown(*, user: object, number: str) -> Order:
    """Return one of the user's orders with what its page shows, or 404."""
    order = get_object_or_404(selectors.order_detail(user=user), number=number)  # type: ignore[arg-type]
    order.actions = selectors.order_actions(order)  # type: ignore[attr-defined]
    return order


@extend_schema(tags=["orders"])
class OrderListView(ClientSessionMixin, generics.ListAPIView):
    serializer_class = OrderSerializer

    def get_throttles(self):  # type: ignore[no-untyped-def]
        self.throttle_scope = "checkout" if self.request.method == "POST" else "api"
        return super().get_throttles()

    def get_queryset(self) -> QuerySet[Order]:
        group = selectors.status_group(self.request.query_params.get("status"))
        return selectors.order_list(user=self.request.user, group=group)  # type: ignore[arg-type]

    @extend_schema(parameters=[STATUS_PARAMETER])
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        """List the shopper's orders, newest first."""
        return super().get(request, *args, **kwargs)

    @extend_schema(
        parameters=[KEY_PARAMETER],
        request=OrderCreateSerializer,
        responses={
            201: OrderDetailSerializer,
            200: OrderDetailSerializer,
            **ERRORS,
        },
    )
    def post(self, request: Request) -> Response:
        """Place the cart as an order: 201 the first time, 200 with the same order after."""
        key = key_check(request.headers.get(HEADER))
        data = OrderCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        choices = data.validated_data
        address = address_list(user=request.user).filter(pk=choices["address"]).first()
        if address is None:
            raise exceptions.ValidationError({"address": [_("Choose one of your addresses.")]})
        cart = cart_get(user=request.user, session=self.session) or Cart(user=request.user)

        def place(checkout_key: str) -> Order:
            return order_place(
                user=request.user,
                cart=cart,
                address=address,
                shipping_method=choices["shipping_method"],
                payment_method=choices["payment_method"],
                codes=session_codes(self.session),
                checkout_key=checkout_key,
                expected_total=choices.get("expected_total"),
            )

        placed = order_place_once(user=request.user, key=key, data=choices, place=place)
        if placed.created:
            self.session.pop(SESSION_CODES, None)
            client_session_save(request, self.session)
        order = order_shown(user=request.user, number=placed.order.number)
        return Response(
            OrderDetailSerializer(order).data,
            status=status.HTTP_201_CREATED if placed.created else status.HTTP_200_OK,
        )


@extend_schema(tags=["orders"])
class OrderDetailView(APIView):
    @extend_schema(responses={200: OrderDetailSerializer, 404: ErrorSerializer})
    def get(self, request: Request, number: str) -> Response:
        """Show one of the shopper's orders: lines, discounts, history, refunds, actions."""
        return Response(OrderDetailSerializer(order_shown(user=request.user, number=number)).data)


class OrderActionView(APIView):
    def order(self, number: str) -> Order:
        return get_object_or_404(selectors.order_for_action(user=self.request.user), number=number)  # type: ignore[arg-type]

    def shown(self, number: str) -> Response:
        return Response(
            OrderDetailSerializer(order_shown(user=self.request.user, number=number)).data
        )


@extend_schema(tags=["orders"])
class OrderCancelView(OrderActionView):
    @extend_schema(request=None, responses={200: OrderDetailSerializer, **ERRORS})
    def post(self, request: Request, number: str) -> Response:
        """Cancel an unpaid order."""
        order_cancel(order=self.order(number), actor=Actor.SHOPPER, user=request.user)
        return self.shown(number)


@extend_schema(tags=["orders"])
class OrderConfirmView(OrderActionView):
    @extend_schema(request=None, responses={200: OrderDetailSerializer, **ERRORS})
    def post(self, request: Request, number: str) -> Response:
        """Confirm that a shipped order arrived."""
        order_confirm_receipt(order=self.order(number), user=request.user)
        return self.shown(number)


@extend_schema(tags=["orders"])
class OrderRefundView(OrderActionView):
    @extend_schema(request=RefundRequestSerializer, responses={201: RefundSerializer, **ERRORS})
    def post(self, request: Request, number: str) -> Response:
        """Ask for money back for some units of one line; the merchant decides."""
        data = RefundRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        refund = refund_request(
            order=self.order(number),
            quantities={data.validated_data["line"]: data.validated_data["quantity"]},
            reason=data.validated_data["reason"],
            actor=Actor.SHOPPER,
        )
        return Response(RefundSerializer(refund).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["payments"])
class OrderPaymentView(OrderActionView):
    throttle_scope = "checkout"

    @extend_schema(request=PaymentStartSerializer, responses={201: PaymentSerializer, **ERRORS})
    def post(self, request: Request, number: str) -> Response:
        """Start paying an order: follow `redirect_url`, or show `qr_code` to scan."""
        data = PaymentStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = self.order(number)
        method = data.validated_data["method"]
        notify = reverse("payments_notify:receive", kwargs={"provider": method})
        payment, result = payment_start(
            order=order,
            provider_code=method,
            return_url=request.build_absolute_uri(order.get_absolute_url()),
            notify_url=request.build_absolute_uri(notify),
        )
        body = {
            "trade_no": payment.trade_no,
            "method": payment.provider,
            "amount": payment.amount,
            "currency": payment.currency,
            "redirect_url": request.build_absolute_uri(result.redirect_url)
            if result.redirect_url
            else None,
            "qr_code": result.qr_data or None,
        }
        return Response(PaymentSerializer(body).data, status=status.HTTP_201_CREATED)
