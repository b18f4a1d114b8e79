"""Payment jobs: thin tasks that call one service."""

import logging
from datetime import date, timedelta

from celery import shared_task
from django.utils import timezone

from .services import payments_reconcile

logger = logging.getLogger(__name__)


@shared_task
def reconcile_payments(day: str | None = None) -> int:
    """Compare a day's payments (default yesterday) with the gateways; log each difference."""
    checked = date.fromisoformat(day) if day else timezone.localdate() - timedelta(days=1)
    differences = payments_reconcile(day=checked)
    for difference in differences:
        logger.warning(
            "payment difference on %s: %s, order %s, payment %s, shop %s, gateway %s",
            checked,
            difference.kind,
            difference.order_number,
            difference.trade_no or "-",
            difference.shop_amount,
            difference.gateway_amount,
        )
    return len(differences)
