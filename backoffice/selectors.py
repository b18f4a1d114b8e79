"""The dashboard's figures, each read in one or two queries over a range of days."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Max, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from cart.models import Cart
from catalog.models import Category
from orders.models import Order, OrderLine
from orders.states import SOLD_STATES
from promotions.models import Promotion, PromotionSimulation, PromotionUsage, SimulationStatus
from promotions.selectors import budget_left, with_usage

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
AMOUNT = DecimalField(max_digits=14, decimal_places=2)
TOP = 10


@dataclass(frozen=True)
class DateRange:
    """Whole days in the shop's time zone, first and last included."""

    first: datetime.date
    last: datetime.date

    @property
    def start(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.first, datetime.time.min))

    @property
    def end(self) -> datetime.datetime:
        next_day = self.last + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min))

    def days(self) -> list[datetime.date]:
        count = (self.last - self.first).days + 1
        return [self.first + datetime.timedelta(days=offset) for offset in range(count)]


def _average(amount: Decimal, count: int) -> Decimal:
    return (amount / count).quantize(CENT, rounding=ROUND_HALF_UP) if count else ZERO


def sales(dates: DateRange) -> QuerySet[Order]:
    """Return the range's sales: paid orders, by the moment their money arrived."""
    return Order.objects.filter(
        status__in=SOLD_STATES, paid_at__gte=dates.start, paid_at__lt=dates.end
    )


def net(total: str, refunded: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(total) - F(refunded), output_field=AMOUNT)


def sales_per_day(dates: DateRange) -> list[dict[str, Any]]:
    """Return orders, revenue (net of refunds) and average order value for every day."""
    rows = (
        sales(dates)
        .annotate(day=TruncDate("paid_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("day")
        .annotate(orders=Count("id"), revenue=Sum(net("total", "refunded")))
    )
    by_day = {row["day"]: row for row in rows}
    figures = []
    for day in dates.days():
        row = by_day.get(day, {"orders": 0, "revenue": ZERO})
        revenue = Decimal(row["revenue"] or ZERO).quantize(CENT)
        figures.append(
            {
                "day": day,
                "orders": row["orders"],
                "revenue": revenue,
                "average": _average(revenue, row["orders"]),
            }
        )
    return figures


def totals(days: list[dict[str, Any]]) -> dict[str, Any]:
    orders = sum(day["orders"] for day in days)
    revenue = sum((day["revenue"] for day in days), ZERO)
    return {"orders": orders, "revenue": revenue, "average": _average(revenue, orders)}


def _sold_lines(dates: DateRange) -> QuerySet[OrderLine]:
    return OrderLine.objects.filter(
        order__in=sales(dates).values("pk"), is_gift=False, product__isnull=False
    ).order_by()


def top_products(dates: DateRange, *, limit: int = TOP) -> list[dict[str, Any]]:
    """Return the best-selling products by revenue: units and revenue net of refunds."""
    rows = (
        _sold_lines(dates)
        .values("product_id")
        .annotate(
            name=Max("product_name"),
            units=Sum(F("quantity") - F("refunded_quantity")),
            revenue=Sum(net("total", "refunded")),
        )
        .order_by("-revenue", "product_id")[:limit]
    )
    return [
        {
            "name": row["name"],
            "units": row["units"],
            "revenue": Decimal(row["revenue"]).quantize(CENT),
        }
        for row in rows
    ]


def top_categories(dates: DateRange, *, limit: int = TOP) -> list[dict[str, Any]]:
    """Return the categories whose products sold most, by revenue net of refunds."""
    rows = list(
        _sold_lines(dates)
        .values("product__category_id")
        .annotate(
            units=Sum(F("quantity") - F("refunded_quantity")),
            revenue=Sum(net("total", "refunded")),
        )
        .order_by("-revenue", "product__category_id")[:limit]
    )
    names = Category.objects.in_bulk([row["product__category_id"] for row in rows])
    return [
        {
            "name": str(names[row["product__category_id"]]),
            "units": row["units"],
            "revenue": Decimal(row["revenue"]).quantize(CENT),
        }
        for row in rows
    ]


def conversion(dates: DateRange) -> dict[str, Any]:
    """Compare carts started in the range with orders paid in it."""
    carts = Cart.objects.filter(created_at__gte=dates.start, created_at__lt=dates.end).count()
    paid = sales(dates).count()
    rate = (Decimal(paid) * 100 / carts).quantize(Decimal("0.1")) if carts else None
    return {"carts": carts, "paid_orders": paid, "rate": rate}


def _usage_in_range(dates: DateRange) -> dict[int, dict[str, Any]]:
    """Sum, per promotion, the paid orders that used it, their discount and their revenue."""
    rows = (
        PromotionUsage.objects.filter(released_at__isnull=True, order__in=sales(dates).values("pk"))
        .order_by()
        .values_list("promotion_id", "order_id", "discount", "order__total", "order__refunded")
    )
    figures: dict[int, dict[str, Any]] = {}
    for promotion_id, order_id, discount, total, refunded in rows:
        figure = figures.setdefault(
            promotion_id, {"orders": set(), "discount": ZERO, "revenue": ZERO}
        )
        figure["discount"] += discount
        if order_id not in figure["orders"]:
            figure["orders"].add(order_id)
            figure["revenue"] += total - refunded
    return figures


def _latest_estimates(promotion_ids: list[int]) -> dict[int, dict[str, Any]]:
    simulations = (
        PromotionSimulation.objects.filter(
            promotion_id__in=promotion_ids, status=SimulationStatus.DONE, result__isnull=False
        )
        .order_by("promotion_id", "-finished_at", "-id")
        .values_list("promotion_id", "result")
    )
    latest: dict[int, dict[str, Any]] = {}
    for promotion_id, result in simulations:
        latest.setdefault(promotion_id, result)
    return latest


def _estimate(result: dict[str, Any] | None, key: str) -> Decimal | int | None:
    if not result or key not in result:
        return None
    return Decimal(result[key]) if isinstance(result[key], str) else result[key]


def promotion_figures(dates: DateRange) -> list[dict[str, Any]]:
    """Per promotion used or live in the range: what it did, against its latest simulation."""
    used = _usage_in_range(dates)
    overlaps = (Q(starts_at__isnull=True) | Q(starts_at__lt=dates.end)) & (
        Q(ends_at__isnull=True) | Q(ends_at__gt=dates.start)
    )
    promotions = list(with_usage(Promotion.objects.filter(Q(pk__in=list(used)) | overlaps)))
    estimates = _latest_estimates([promotion.pk for promotion in promotions])
    figures = []
    for promotion in promotions:
        figure = used.get(promotion.pk, {"orders": set(), "discount": ZERO, "revenue": ZERO})
        result = estimates.get(promotion.pk)
        figures.append(
            {
                "key": promotion.key,
                "name": promotion.name,
                "orders": len(figure["orders"]),
                "discount": figure["discount"].quantize(CENT),
                "budget_left": budget_left(promotion),
                "revenue": figure["revenue"].quantize(CENT),
                "estimated_orders": _estimate(result, "orders_touched"),
                "estimated_discount": _estimate(result, "discount"),
                "estimated_revenue": _estimate(result, "total_with"),
            }
        )
    return figures


def dashboard(dates: DateRange) -> dict[str, Any]:
    """Gather every figure the dashboard shows."""
    days = sales_per_day(dates)
    return {
        "days": days,
        "totals": totals(days),
        "products": top_products(dates),
        "categories": top_categories(dates),
        "conversion": conversion(dates),
        "promotions": promotion_figures(dates),
    }
