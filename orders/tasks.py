"""Order jobs: thin tasks that call one service."""

from celery import shared_task

from .services import orders_expire_unpaid


@shared_task(acks_late=True)
def expire_unpaid_orders() -> int:
    """Cancel the orders left unpaid past their deadline; safe to run again at any time."""
    return orders_expire_unpaid()
