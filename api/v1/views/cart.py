"""Cart endpoints: read the priced cart, change its lines, apply and remove coupon codes.

A token client's cart is its user's; a guest's lives in the session, as on the site.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cart.models import Cart
from cart.selectors import EMPTY_CART, cart_detail, cart_get, cart_get_or_build
from cart.services import cart_add, cart_remember, cart_remove, cart_set_quantity
from promotions.pricing import Attempts, cart_view, coupon_apply, coupon_remove, session_codes

from ...sessions import ClientSessionMixin, client_session_save
from ..presenters import cart_data
from ..serializers.cart import (
    CartSerializer,
    CouponResultSerializer,
    CouponSerializer,
    LineAddSerializer,
    LineQuantitySerializer,
)
from ..serializers.common import ErrorSerializer

ERRORS = {400: ErrorSerializer, 404: ErrorSerializer}


class CartAPIView(ClientSessionMixin, APIView):
    """A cart view: the shopper's session is saved after the view if it changed."""

    permission_classes = [AllowAny]

    def cart(self) -> Cart:
        return cart_get_or_build(user=self.request.user, session=self.session)

    def cart_response(self, *, message: str = "") -> Response:
        cart = cart_get(user=self.request.user, session=self.session)
        detail = cart_detail(cart) if cart is not None else EMPTY_CART
        pricing = (
            cart_view(
                detail.lines,
                user=self.request.user,
                codes=session_codes(self.session),
                now=timezone.now(),
            )
            if detail.lines
            else None
        )
        data = cart_data(detail, pricing)
        client_session_save(self.request, self.session)
        if message:
            return Response(CouponResultSerializer({"message": message, "cart": data}).data)
        return Response(CartSerializer(data).data)


@extend_schema(tags=["cart"])
class CartView(CartAPIView):
    @extend_schema(responses={200: CartSerializer})
    def get(self, request: Request) -> Response:
        """Show the cart, priced by the promotions engine with explanations and hints."""
        return self.cart_response()


@extend_schema(tags=["cart"])
class CartLinesView(CartAPIView):
    @extend_schema(request=LineAddSerializer, responses={200: CartSerializer, **ERRORS})
    def post(self, request: Request) -> Response:
        """Add units of a SKU to the cart."""
        data = LineAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart = self.cart()
        cart_add(
            cart=cart, sku_id=data.validated_data["sku"], quantity=data.validated_data["quantity"]
        )
        cart_remember(session=self.session, cart=cart)
        return self.cart_response()


@extend_schema(tags=["cart"])
class CartLineView(CartAPIView):
    @extend_schema(request=LineQuantitySerializer, responses={200: CartSerializer, **ERRORS})
    def patch(self, request: Request, sku: int) -> Response:
        """Set the quantity of a SKU's line."""
        data = LineQuantitySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart_set_quantity(cart=self.cart(), sku_id=sku, quantity=data.validated_data["quantity"])
        return self.cart_response()

    @extend_schema(responses={200: CartSerializer, **ERRORS})
    def delete(self, request: Request, sku: int) -> Response:
        """Take a SKU's line out of the cart."""
        cart_remove(cart=self.cart(), sku_id=sku)
        return self.cart_response()


@extend_schema(tags=["cart"])
class CouponsView(CartAPIView):
    throttle_scope = "coupon"

    @extend_schema(
        request=CouponSerializer,
        responses={200: CouponResultSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        """Apply a coupon code to the cart; it is kept for checkout."""
        data = CouponSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        client_session_save(request, self.session, force=True)
        cart = cart_get(user=request.user, session=self.session)
        outcome = coupon_apply(
            session=self.session,
            user=request.user,
            lines=(cart_detail(cart) if cart is not None else EMPTY_CART).lines,
            code=data.validated_data["code"],
            attempts=Attempts.of(
                session_key=self.session.session_key, ip=request.META.get("REMOTE_ADDR")
            ),
            now=timezone.now(),
        )
        if not outcome.accepted:
            raise exceptions.ValidationError({"detail": outcome.message, "code": "coupon_refused"})
        return self.cart_response(message=outcome.message)


@extend_schema(tags=["cart"])
class CouponView(CartAPIView):
    @extend_schema(
        responses={
            200: CartSerializer,
            404: OpenApiResponse(ErrorSerializer, description="The code is not applied."),
        }
    )
    def delete(self, request: Request, code: str) -> Response:
        """Take a coupon code off the cart."""
        if not coupon_remove(session=self.session, code=code):
            raise exceptions.NotFound(_("This code is not applied to your cart."))
        return self.cart_response()
