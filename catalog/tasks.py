"""Catalog jobs: thin tasks that load by id and call one service."""

from celery import shared_task

from .services import product_image_make_renditions, product_refresh_prices


@shared_task(acks_late=True)
def refresh_product_prices(product_ids: list[int]) -> int:
    """Recompute the lowest price shown on listings for these products."""
    product_refresh_prices(product_ids=product_ids)
    return len(product_ids)


@shared_task(acks_late=True)
def make_image_renditions(image_ids: list[int]) -> int:
    """Write the pre-sized copies of these product pictures."""
    return product_image_make_renditions(image_ids=image_ids)
