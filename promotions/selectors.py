"""Read-side queries: what promotions have given so far, where they stand, who is in a segment."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from accounts.models import User

from .models import CustomerSegment, Promotion, PromotionState, PromotionStatus, PromotionUsage

ZERO = Decimal("0.00")


def live_usages() -> QuerySet[PromotionUsage]:
    """Return the usage rows that count: those of orders not cancelled."""
    return PromotionUsage.objects.filter(released_at__isnull=True)


def _usage_total(expression: Any, output_field: Any, default: Any) -> Coalesce:
    per_promotion = (
        live_usages()
        .filter(promotion=OuterRef("pk"))
        .order_by()
        .values("promotion")
        .annotate(total=expression)
        .values("total")
    )
    return Coalesce(Subquery(per_promotion, output_field=output_field), Value(default))


def with_usage(promotions: QuerySet[Promotion]) -> QuerySet[Promotion]:
    """Annotate `uses`, `discount_given` and `units_sold`, in the same query."""
    return promotions.annotate(
        uses=_usage_total(Count("id"), IntegerField(), 0),
        discount_given=_usage_total(
            Sum("discount"), DecimalField(max_digits=14, decimal_places=2), ZERO
        ),
        units_sold=_usage_total(Sum("units"), IntegerField(), 0),
    )


def exhausted_q() -> Q:
    """Match promotions annotated by with_usage() that reached one of their limits."""
    return (
        Q(usage_limit__isnull=False, uses__gte=F("usage_limit"))
        | Q(budget__isnull=False, discount_given__gte=F("budget"))
        | Q(stock_cap__isnull=False, units_sold__gte=F("stock_cap"))
    )


def in_state(promotions: QuerySet[Promotion], state: str, *, now: datetime) -> QuerySet[Promotion]:
    """Filter promotions annotated by with_usage() to one state, as promotion_state() says."""
    ended = Q(ends_at__lte=now)
    paused = Q(status=PromotionStatus.PAUSED)
    exhausted = exhausted_q()
    scheduled = Q(starts_at__gt=now)
    if state == PromotionState.ENDED:
        return promotions.filter(ended)
    promotions = promotions.exclude(ended)
    if state == PromotionState.PAUSED:
        return promotions.filter(paused)
    promotions = promotions.exclude(paused)
    if state == PromotionState.EXHAUSTED:
        return promotions.filter(exhausted)
    promotions = promotions.exclude(exhausted)
    if state == PromotionState.SCHEDULED:
        return promotions.filter(scheduled)
    return promotions.exclude(scheduled)


def is_exhausted(promotion: Promotion) -> bool:
    """Say whether a promotion annotated by with_usage() reached one of its limits."""
    uses, given, sold = (
        getattr(promotion, name) for name in ("uses", "discount_given", "units_sold")
    )
    return (
        (promotion.usage_limit is not None and uses >= promotion.usage_limit)
        or (promotion.budget is not None and given >= promotion.budget)
        or (promotion.stock_cap is not None and sold >= promotion.stock_cap)
    )


def promotion_state(promotion: Promotion, *, now: datetime) -> PromotionState:
    """Say where a promotion annotated by with_usage() stands: ended first, then paused..."""
    if promotion.ends_at is not None and promotion.ends_at <= now:
        return PromotionState.ENDED
    if promotion.status == PromotionStatus.PAUSED:
        return PromotionState.PAUSED
    if is_exhausted(promotion):
        return PromotionState.EXHAUSTED
    if promotion.starts_at is not None and promotion.starts_at > now:
        return PromotionState.SCHEDULED
    return PromotionState.RUNNING


def budget_left(promotion: Promotion) -> Decimal | None:
    """Return what a budgeted promotion annotated by with_usage() may still give."""
    if promotion.budget is None:
        return None
    return max(promotion.budget - promotion.discount_given, ZERO)  # type: ignore[attr-defined]


def usage_facts() -> dict[str, dict[str, Any]]:
    """Return the spec's `usage`: uses, discount given and units sold per promotion ID."""
    rows = (
        live_usages()
        .order_by()
        .values("promotion__key")
        .annotate(uses=Count("id"), discount=Sum("discount"), units=Sum("units"))
    )
    return {
        row["promotion__key"]: {
            "uses": row["uses"],
            "discount_given": f"{row['discount']:.2f}",
            "units_sold": row["units"],
        }
        for row in rows
    }


def customer_facts(user: User) -> dict[str, Any]:
    """Return the spec's `customer` but its first order: id, segments, uses, units bought."""
    rows = (
        live_usages()
        .filter(user=user)
        .order_by()
        .values("promotion__key")
        .annotate(uses=Count("id"), units=Sum("units"))
    )
    return {
        "id": str(user.pk),
        "segments": customer_segment_slugs(user),
        "uses": {row["promotion__key"]: row["uses"] for row in rows},
        "units_bought": {row["promotion__key"]: row["units"] for row in rows if row["units"]},
    }


def next_promotion_key() -> str:
    """Propose the ID after the highest of the form P<number>."""
    numbers = [
        int(key[1:])
        for key in Promotion.objects.filter(key__regex=r"^P[0-9]+$").values_list("key", flat=True)
    ]
    return f"P{max(numbers, default=0) + 1}"


def customer_segment_slugs(user: User) -> list[str]:
    """Return the slugs of the segments a customer belongs to."""
    return list(
        CustomerSegment.objects.filter(members=user).order_by("slug").values_list("slug", flat=True)
    )
