"""The catalog's own listing filters, with the brand filter's type spelled out for the schema."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from catalog.filters import ProductFilter, SlugChoiceFilter
from catalog.models import Brand


@extend_schema_field(OpenApiTypes.STR)
class BrandSlugFilter(SlugChoiceFilter):
    """Brand slugs; repeat the parameter for several brands."""


class ProductListFilter(ProductFilter):
    brand = BrandSlugFilter(
        label=ProductFilter.base_filters["brand"].label,
        field_name="brand__slug",
        to_field_name="slug",
        queryset=Brand.objects.all(),
        distinct=False,
    )
