"""Recommendations: what buyers of a product also bought, and picks for the shopper.

Both lists hold only products that can be bought now: the selectors leave sold-out and
hidden products out when they read.
"""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.models import Product
from catalog.selectors import product_cards
from promotions.pricing import product_prices
from recommend import selectors
from recommend.services import viewed_remember

from ...sessions import ClientSessionMixin
from ..serializers.catalog import ProductCardSerializer
from ..serializers.common import ErrorSerializer


def cards(request: Request, products: list[Product]) -> Response:
    product_prices(products, user=request.user, now=timezone.now())
    return Response(ProductCardSerializer(products, many=True).data)


@extend_schema(tags=["recommendations"])
class AlsoBoughtView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: ProductCardSerializer(many=True), 404: ErrorSerializer})
    def get(self, request: Request, slug: str) -> Response:
        """List what shoppers who bought this product also bought (or similar products)."""
        product = get_object_or_404(product_cards(), slug=slug)
        if not request.user.is_authenticated:
            # A guest's views seed their "you may like" list, as on the product page.
            viewed_remember(session=request.session, product_id=product.pk)
        return cards(request, selectors.also_bought(product_id=product.pk))


@extend_schema(tags=["recommendations"])
class YouMayLikeView(ClientSessionMixin, APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: ProductCardSerializer(many=True)})
    def get(self, request: Request) -> Response:
        """List picks from your orders; a guest's from the session's views and cart."""
        products = selectors.you_may_like(user=request.user, session=self.session)
        return cards(request, products)
