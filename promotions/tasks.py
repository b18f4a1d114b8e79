"""Promotion jobs: thin tasks that load by id and call one service."""

from celery import shared_task

from .services import promotion_simulation_run


@shared_task(acks_late=True)
def simulate_promotion(simulation_id: int) -> str:
    """Re-price the past orders of a requested simulation; safe to run again."""
    return promotion_simulation_run(simulation_id=simulation_id).status
