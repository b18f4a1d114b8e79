"""The data behind a SKU's stock chart: sales history, forecast and reorder point."""

from datetime import date, timedelta

import numpy as np
from django.utils import timezone

from . import forecast as forecasting
from .models import Stock
from .services.restock import HISTORY_DAYS, demand_history

SHOWN_DAYS = 90
FORECAST_DAYS = 28


def sku_chart(*, sku_id: int, today: date | None = None) -> dict:
    """Daily sales of the last weeks, the forecast for the next ones, the reorder point."""
    today = today or timezone.localdate()
    history = demand_history(sku_ids=[sku_id], end=today, days=HISTORY_DAYS)
    result = forecasting.forecast(history, horizon=FORECAST_DAYS)
    shown = history[0, -SHOWN_DAYS:]
    reorder_point = (
        Stock.objects.filter(sku_id=sku_id).values_list("reorder_point", flat=True).first()
    )
    days = [today - timedelta(days=SHOWN_DAYS - i) for i in range(SHOWN_DAYS + FORECAST_DAYS)]
    return {
        "labels": [day.isoformat() for day in days],
        "sales": [None if np.isnan(v) else float(v) for v in shown] + [None] * FORECAST_DAYS,
        "forecast": [None] * SHOWN_DAYS + [round(float(v), 2) for v in result.daily[0]],
        "reorder_point": reorder_point,
        "method": int(result.method[0]),
    }
