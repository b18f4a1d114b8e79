"""Review jobs: thin tasks that call one service."""

from celery import shared_task

from .selectors import product_ids_with_reviews
from .services import product_rating_refresh


@shared_task(acks_late=True)
def refresh_product_ratings() -> int:
    """Recompute every reviewed product's score (the category priors drift); idempotent."""
    ids = product_ids_with_reviews()
    for product_id in ids:
        product_rating_refresh(product_id=product_id)
    return len(ids)
