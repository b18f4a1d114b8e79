"""The shopper's wishlist: list, save a product, remove one."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.models import Product
from shop.ids import MAX_ID
from wishlist import selectors, services

from ..serializers.common import ErrorSerializer
from ..serializers.wishlist import WishlistAddSerializer, WishlistItemSerializer
from .reviews import page_limit

ERRORS = {400: ErrorSerializer, 404: ErrorSerializer, 429: ErrorSerializer}


@extend_schema(tags=["wishlist"])
class WishlistView(generics.ListAPIView):
    serializer_class = WishlistItemSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.wishlist_items(user=self.request.user)  # type: ignore[arg-type]

    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        """List your saved products, newest first, each with its price drop since saved."""
        return super().get(request, *args, **kwargs)

    @extend_schema(request=WishlistAddSerializer, responses={201: WishlistItemSerializer, **ERRORS})
    def post(self, request: Request) -> Response:
        """Save a product; saving it again keeps the first saved price."""
        page_limit(request, "wishlist")
        data = WishlistAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        product = Product.objects.filter(pk=data.validated_data["product"]).first()
        if product is None:
            raise exceptions.NotFound(_("No such product."))
        if not product.is_active:
            raise exceptions.ValidationError(
                {"detail": _("This product is no longer sold."), "code": "not_sold"}
            )
        item = services.wishlist_add(user=request.user, product=product)  # type: ignore[arg-type]
        return Response(WishlistItemSerializer(item).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["wishlist"])
class WishlistItemView(APIView):
    @extend_schema(responses={204: None, **ERRORS})
    def delete(self, request: Request, product_id: int) -> Response:
        """Remove a product from your wishlist."""
        page_limit(request, "wishlist")
        # A number past the database's integer range names no product (and breaks a DELETE).
        user = request.user
        if product_id > MAX_ID or not services.wishlist_remove(user=user, product_id=product_id):  # type: ignore[arg-type]
            raise exceptions.NotFound(_("This product is not in your wishlist."))
        return Response(status=status.HTTP_204_NO_CONTENT)
