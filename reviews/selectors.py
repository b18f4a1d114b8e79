"""Read-side queries for review lists, rating summaries and the shopper's items to review."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet

from accounts.models import User
from catalog.models import Product
from orders.models import OrderLine

from .models import ProductRating, Review, ReviewPhoto, ReviewStatus
from .services import REVIEWABLE_STATES


class ReviewSort:
    HELPFUL = "helpful"
    NEWEST = "newest"

    orderings = {
        # The Wilson lower bound ranks 8 of 10 helpful above 1 of 1; newest breaks ties.
        HELPFUL: ("-helpful_score", "-created_at", "-id"),
        NEWEST: ("-created_at", "-id"),
    }


@dataclass
class RatingSummary:
    """What the product page shows above its reviews."""

    count: int = 0
    average: object = None
    # (stars, count, percent) from 5 stars down to 1.
    bars: list[tuple[int, int, int]] = field(default_factory=list)


@dataclass
class ReviewFilters:
    stars: int | None = None
    with_photos: bool = False
    sort: str = ReviewSort.HELPFUL


def rating_summary(*, product: Product) -> RatingSummary:
    """Return the product's rating figures in one query, remembered on the product object."""
    cached = getattr(product, "_rating_summary", None)
    if cached is not None:
        return cached
    summary = RatingSummary()
    # Product.rating is empty exactly when no review is published: no need to ask.
    row = None if product.rating is None else ProductRating.objects.filter(product=product).first()
    if row is not None and row.count:
        summary.count, summary.average = row.count, row.average
        for stars in range(5, 0, -1):
            number = getattr(row, f"stars_{stars}")
            summary.bars.append((stars, number, round(100 * number / row.count)))
    product._rating_summary = summary  # type: ignore[attr-defined]
    return summary


def review_filters(params: dict) -> ReviewFilters:
    """Read the filters from a query string; unknown values fall back to the defaults."""
    stars = params.get("stars", "")
    sort = params.get("sort_reviews", "")
    return ReviewFilters(
        stars=int(stars) if stars in {"1", "2", "3", "4", "5"} else None,
        with_photos=params.get("photos") == "1",
        sort=sort if sort in ReviewSort.orderings else ReviewSort.HELPFUL,
    )


def review_published(*, product: Product, filters: ReviewFilters) -> QuerySet[Review]:
    """Return a product's shown reviews, filtered and sorted, with what a review card shows."""
    queryset = (
        Review.objects.filter(product=product, status=ReviewStatus.PUBLISHED)
        .select_related("user", "line")
        .prefetch_related(Prefetch("photos", queryset=ReviewPhoto.objects.order_by("position")))
        .order_by(*ReviewSort.orderings[filters.sort])
    )
    if filters.stars:
        queryset = queryset.filter(rating=filters.stars)
    if filters.with_photos:
        queryset = queryset.filter(has_photos=True)
    return queryset


def review_page(*, product: Product, filters: ReviewFilters, number: str | None) -> Page:
    """Return one page of a product's reviews; a bad page number gives a valid page."""
    paginator = Paginator(
        review_published(product=product, filters=filters), settings.REVIEW_PAGE_SIZE
    )
    page = paginator.get_page(number)
    page.object_list = list(page.object_list)
    return page


def line_for_review(*, line_id: int) -> OrderLine | None:
    return OrderLine.objects.select_related("order", "product", "review").filter(pk=line_id).first()


def lines_to_review(*, user: User) -> list[OrderLine]:
    """Return the user's delivered lines, newest first, each with its review if written."""
    return list(
        OrderLine.objects.filter(
            order__user=user, order__status__in=REVIEWABLE_STATES, product__isnull=False
        )
        .select_related("order", "product", "review")
        .order_by("-order__placed_at", "id")
    )


def review_of_user(*, review_id: int, user: User) -> Review | None:
    return Review.objects.select_related("product", "line").filter(pk=review_id, user=user).first()


def review_published_one(*, review_id: int) -> Review | None:
    return (
        Review.objects.select_related("product")
        .filter(pk=review_id, status=ReviewStatus.PUBLISHED)
        .first()
    )


def product_ids_with_reviews(*, only: list[int] | None = None) -> list[int]:
    """Return the ids of products with any review (a hidden one may have left a score)."""
    queryset = Review.objects.all()
    if only is not None:
        queryset = queryset.filter(product_id__in=only)
    return sorted(set(queryset.values_list("product_id", flat=True)))
