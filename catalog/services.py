"""Use cases that change the catalog."""

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Min, Q
from sorl.thumbnail import get_thumbnail

from shop.pagecache import pages_changed

from .models import SKU, Product, ProductImage

THUMBNAIL_GEOMETRY = "480x480"
LARGE_GEOMETRY = "1200x1200"


@transaction.atomic
def product_refresh_prices(*, product_ids: Iterable[int]) -> None:
    """Recompute Product.min_price from the active SKUs of the given products."""
    ids = list(product_ids)
    lowest = dict(
        SKU.objects.filter(product_id__in=ids, is_active=True)
        .values("product_id")
        .annotate(lowest=Min("price"))
        .values_list("product_id", "lowest")
    )
    changed = []
    for product in Product.objects.filter(id__in=ids).only("id", "min_price"):
        new_price = lowest.get(product.id, Decimal("0.00"))
        if product.min_price != new_price:
            product.min_price = new_price
            changed.append(product)
    Product.objects.bulk_update(changed, ["min_price"], batch_size=500)
    if changed:
        pages_changed()


@transaction.atomic
def product_image_make_renditions(*, image_ids: Iterable[int], force: bool = False) -> int:
    """Write the thumbnail and large copies of product images; return how many were made."""
    images = ProductImage.objects.filter(id__in=list(image_ids))
    if not force:
        images = images.filter(Q(thumbnail="") | Q(large=""))
    made = 0
    for image in images:
        image.thumbnail.name = get_thumbnail(
            image.image, THUMBNAIL_GEOMETRY, crop="center", quality=85
        ).name
        image.large.name = get_thumbnail(image.image, LARGE_GEOMETRY, upscale=False).name
        image.save(update_fields=["thumbnail", "large"])
        made += 1
    return made
