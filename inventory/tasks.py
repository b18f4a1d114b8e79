"""Inventory jobs: thin tasks that call one service."""

from celery import shared_task

from .services.restock import restock_run


@shared_task(acks_late=True, reject_on_worker_lost=True)
def restock() -> int:
    """Plan every supplied SKU and refresh the draft purchase orders; safe to run again."""
    return restock_run().due
