"""Recommendation jobs: thin tasks that call one service."""

from celery import shared_task
from django.utils import timezone

from .services import recommendations_rebuild


@shared_task(acks_late=True, reject_on_worker_lost=True)
def rebuild_recommendations() -> int:
    """Recompute every product's recommendations, ranking and search words; safe to rerun."""
    return recommendations_rebuild(now=timezone.now()).neighbours
