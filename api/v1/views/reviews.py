"""Reviews: a product's published reviews with its rating summary; write, edit, follow up,
vote on and report reviews under the product page's rules and rate limits."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.selectors import product_cards
from reviews import selectors, services
from reviews.models import Review
from reviews.ratelimit import RateLimit

from ...pagination import PageNumberPagination
from ..serializers.common import ErrorSerializer, MessageSerializer
from ..serializers.reviews import (
    FollowUpSerializer,
    OwnReviewSerializer,
    RatingSummarySerializer,
    ReportSerializer,
    ReviewCreateSerializer,
    ReviewQuerySerializer,
    ReviewSerializer,
    ReviewUpdateSerializer,
    VoteSerializer,
)

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 429: ErrorSerializer}
DECIMAL = {"type": "string", "format": "decimal", "pattern": r"^-?\d{0,1}(?:\.\d{0,2})?$"}
SUMMARY_SCHEMA = {
    "type": "object",
    "properties": {
        "count": {"type": "integer"},
        "average": {**DECIMAL, "nullable": True},
        "bars": {
            "type": "array",
            "description": "From 5 stars down to 1.",
            "items": {
                "type": "object",
                "properties": {name: {"type": "integer"} for name in ("stars", "count", "percent")},
                "required": ["stars", "count", "percent"],
            },
        },
    },
    "required": ["count", "average", "bars"],
}


def page_limit(request: Request, action: str) -> None:
    """Count a posting on the pages' own limiter; refuse with 429 once it is used up."""
    if not RateLimit.for_request(request, action=action).hit():
        raise exceptions.Throttled(
            wait=settings.REVIEW_RATE_LIMITS[action][1],
            detail=_("You have done that too often. Please wait a while and try again."),
        )


@contextmanager
def refused() -> Iterator[None]:
    """Answer a service's refusal with 403, its reason as `detail`."""
    try:
        yield
    except PermissionDenied as refusal:
        raise exceptions.PermissionDenied(detail=str(refusal), code="review_refused") from refusal


class ReviewPagination(PageNumberPagination):
    page_size = settings.REVIEW_PAGE_SIZE

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["summary"] = SUMMARY_SCHEMA
        paginated["required"] = [*paginated.get("required", []), "summary"]
        return paginated


@extend_schema(tags=["reviews"], parameters=[ReviewQuerySerializer])
class ProductReviewListView(generics.ListAPIView):
    """List a product's published reviews (filter by stars or photos; sort), with its rating."""

    serializer_class = ReviewSerializer
    permission_classes = [AllowAny]
    pagination_class = ReviewPagination

    def get_queryset(self) -> QuerySet[Review]:
        query = ReviewQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        self.product = get_object_or_404(product_cards(), slug=self.kwargs["slug"])
        filters = selectors.ReviewFilters(
            stars=query.validated_data.get("stars"),
            with_photos=query.validated_data.get("photos", False),
            sort=query.validated_data.get("sort", selectors.ReviewSort.HELPFUL),
        )
        return selectors.review_published(product=self.product, filters=filters)

    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        response = super().list(request, *args, **kwargs)
        summary = selectors.rating_summary(product=self.product)
        bars = [{"stars": s, "count": c, "percent": p} for s, c, p in summary.bars]
        response.data["summary"] = RatingSummarySerializer(
            {"count": summary.count, "average": summary.average, "bars": bars}
        ).data
        return response


@extend_schema(tags=["reviews"])
class ReviewCreateView(APIView):
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(request=ReviewCreateSerializer, responses={201: OwnReviewSerializer, **ERRORS})
    def post(self, request: Request) -> Response:
        """Review one of your delivered order lines; send photos as multipart form data."""
        page_limit(request, "review")
        data = ReviewCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        line = selectors.line_for_review(line_id=fields.pop("line"))
        if line is None or line.order.user_id != request.user.pk:
            raise exceptions.NotFound(_("No such order line among your orders."))
        with refused():
            review = services.review_create(user=request.user, line_id=line.pk, **fields)  # type: ignore[arg-type]
        return Response(OwnReviewSerializer(review).data, status=status.HTTP_201_CREATED)


class OwnReviewMixin:
    request: Request

    def own_review(self, review_id: int) -> Review:
        review = selectors.review_of_user(review_id=review_id, user=self.request.user)  # type: ignore[arg-type]
        if review is None:
            raise exceptions.NotFound()
        return review


@extend_schema(tags=["reviews"])
class ReviewDetailView(OwnReviewMixin, APIView):
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(responses={200: OwnReviewSerializer, 404: ErrorSerializer})
    def get(self, request: Request, pk: int) -> Response:
        """Show one of your reviews with its moderation status."""
        return Response(OwnReviewSerializer(self.own_review(pk)).data)

    @extend_schema(request=ReviewUpdateSerializer, responses={200: OwnReviewSerializer, **ERRORS})
    def patch(self, request: Request, pk: int) -> Response:
        """Change your review within the edit window; photos sent are added to it."""
        review = self.own_review(pk)
        page_limit(request, "review")
        data = ReviewUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = {
            "rating": review.rating,
            "title": review.title,
            "body": review.body,
            **data.validated_data,
        }
        with refused():
            review = services.review_update(review=review, user=request.user, **fields)  # type: ignore[arg-type]
        return Response(OwnReviewSerializer(review).data)


@extend_schema(tags=["reviews"])
class ReviewFollowUpView(OwnReviewMixin, APIView):
    @extend_schema(request=FollowUpSerializer, responses={200: OwnReviewSerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """Add the one follow-up to your review, after some use of the item."""
        review = self.own_review(pk)
        page_limit(request, "review")
        data = FollowUpSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with refused():
            review = services.review_add_follow_up(
                review=review,
                user=request.user,  # type: ignore[arg-type]
                text=data.validated_data["text"],
            )
        return Response(OwnReviewSerializer(review).data)


def published_review(review_id: int) -> Review:
    review = selectors.review_published_one(review_id=review_id)
    if review is None:
        raise exceptions.NotFound()
    return review


@extend_schema(tags=["reviews"])
class ReviewVoteView(APIView):
    @extend_schema(request=VoteSerializer, responses={200: ReviewSerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """Say whether a review helped; a second vote replaces the first."""
        review = published_review(pk)
        page_limit(request, "vote")
        data = VoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with refused():
            review = services.review_vote(
                review_id=review.pk,
                user=request.user,  # type: ignore[arg-type]
                helpful=data.validated_data["helpful"],
            )
        return Response(ReviewSerializer(review).data)


@extend_schema(tags=["reviews"])
class ReviewReportView(APIView):
    @extend_schema(request=ReportSerializer, responses={201: MessageSerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """Report a review to the merchant; once per review."""
        review = published_review(pk)
        page_limit(request, "report")
        data = ReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with refused():
            services.review_report(
                review_id=review.pk,
                user=request.user,  # type: ignore[arg-type]
                **data.validated_data,
            )
        body = {"detail": _("Thank you. The shop will look at this review.")}
        return Response(MessageSerializer(body).data, status=status.HTTP_201_CREATED)
