"""Catalog endpoints: categories, product listings (filter, sort, search) and detail."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from catalog import selectors
from catalog.forms import SEARCH_MAX_LENGTH
from catalog.models import Category, Product
from promotions.pricing import item_prices, product_prices, promotion_details

from ..filters import ProductListFilter
from ..serializers.catalog import (
    CategorySerializer,
    ProductCardSerializer,
    ProductDetailSerializer,
)


class ProductQuerySerializer(serializers.Serializer):
    category = serializers.SlugField(
        required=False, help_text="Only this category and its descendants."
    )
    q = serializers.CharField(
        required=False, max_length=SEARCH_MAX_LENGTH, help_text="Words to search for."
    )


@extend_schema(tags=["catalog"])
class CategoryListView(generics.ListAPIView):
    """List the active categories, parents before children (a flat tree)."""

    serializer_class = CategorySerializer
    permission_classes = [AllowAny]
    pagination_class = None

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.category_active().order_by("path")

    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        categories: list[Category] = list(self.get_queryset())
        slugs = {category.path: category.slug for category in categories}
        for category in categories:
            category.parent_slug = slugs.get(category.path[: -Category.steplen])  # type: ignore[attr-defined]
        return Response(self.get_serializer(categories, many=True).data)


@extend_schema(tags=["catalog"], parameters=[ProductQuerySerializer])
class ProductListView(generics.ListAPIView):
    """List shoppable products: in a category, or matching a search; filter, sort, page."""

    serializer_class = ProductCardSerializer
    permission_classes = [AllowAny]
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProductListFilter

    def get_queryset(self):  # type: ignore[no-untyped-def]
        query = ProductQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        if "category" in query.validated_data:
            category = get_object_or_404(
                selectors.category_active(), slug=query.validated_data["category"]
            )
            products = selectors.category_products(category=category)
        elif query.validated_data.get("q", "").strip():
            products = selectors.product_search(query=query.validated_data["q"])
        else:
            products = selectors.product_cards()
        return selectors.product_sorted(products, sort=selectors.ProductSort.DEFAULT)

    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        page = list(self.paginate_queryset(self.filter_queryset(self.get_queryset())) or [])
        product_prices(page, user=request.user, now=timezone.now())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["catalog"])
class ProductDetailView(generics.RetrieveAPIView):
    """Show a product with its SKUs, stock, layer-1 prices and the promotions it is in."""

    serializer_class = ProductDetailSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.product_detail()

    def get_object(self) -> Product:
        product = super().get_object()
        skus = product.active_skus  # type: ignore[attr-defined]
        prices = item_prices(skus, user=self.request.user, now=timezone.now())
        for sku in skus:
            sku.promo_price = prices.get(sku.pk)
        product.promotions = promotion_details(prices.values())  # type: ignore[attr-defined]
        return product
