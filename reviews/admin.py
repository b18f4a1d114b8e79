"""The merchant's side of reviews: the moderation queue, replies, reports, feedback triage."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import (
    AbuseReport,
    Feedback,
    FeedbackStatus,
    Review,
    ReviewPhoto,
    ReviewQueue,
    ReviewStatus,
)

REVIEW_FIELDS = (
    "product",
    "user",
    "line",
    "rating",
    "title",
    "body",
    "follow_up",
    "follow_up_at",
    "status",
    "held_reason",
    "helpful_count",
    "unhelpful_count",
    "created_at",
    "updated_at",
)


class ReviewPhotoInline(admin.TabularInline):
    model = ReviewPhoto
    fields = ("image", "position")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AbuseReportInline(admin.TabularInline):
    model = AbuseReport
    fields = ("user", "reason", "note", "resolved", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Every review; the merchant answers in the reply field and publishes or hides."""

    list_display = (
        "product",
        "user",
        "rating",
        "title",
        "status",
        "held_reason",
        "open_reports",
        "created_at",
    )
    list_filter = ("status", "rating", "has_photos")
    search_fields = ("title", "body", "product__name", "user__username")
    list_select_related = ("product", "user")
    fields = (*REVIEW_FIELDS, "reply", "replied_at")
    readonly_fields = (*REVIEW_FIELDS, "replied_at")
    inlines = (ReviewPhotoInline, AbuseReportInline)
    actions = ("publish", "hide")
    date_hierarchy = "created_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Review]:
        return (
            super()
            .get_queryset(request)
            .annotate(open_report_count=Count("reports", filter=Q(reports__resolved=False)))
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("open reports"), ordering="open_report_count")
    def open_reports(self, obj: Review) -> int:
        return obj.open_report_count  # type: ignore[attr-defined]

    def save_model(self, request: HttpRequest, obj: Review, form: Any, change: bool) -> None:
        # Only the reply is editable here; it goes through its service like every change.
        if "reply" in form.changed_data:
            services.review_reply(review=obj, text=form.cleaned_data["reply"])

    @admin.action(description=_("Publish the selected reviews"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        self._set_status(request, queryset, ReviewStatus.PUBLISHED)

    @admin.action(description=_("Hide the selected reviews"), permissions=["change"])
    def hide(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        self._set_status(request, queryset, ReviewStatus.HIDDEN)

    def _set_status(self, request: HttpRequest, queryset: QuerySet[Review], status: str) -> None:
        count = services.review_set_status(
            review_ids=queryset.values_list("pk", flat=True), status=status
        )
        self.message_user(
            request,
            ngettext("%(count)d review changed.", "%(count)d reviews changed.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(ReviewQueue)
class ReviewQueueAdmin(ReviewAdmin):
    """The moderation queue: reviews held for a check, and shown ones that were reported."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Review]:
        return (
            super()
            .get_queryset(request)
            .filter(Q(status=ReviewStatus.PENDING) | Q(open_report_count__gt=0))
            .order_by("created_at")
        )


@admin.register(AbuseReport)
class AbuseReportAdmin(admin.ModelAdmin):
    list_display = ("review", "reason", "user", "resolved", "created_at")
    list_filter = ("resolved", "reason")
    list_select_related = ("review", "user")
    fields = ("review", "user", "reason", "note", "created_at", "resolved")
    readonly_fields = ("review", "user", "reason", "note", "created_at", "resolved")
    actions = ("resolve",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Mark the selected reports resolved"), permissions=["change"])
    def resolve(self, request: HttpRequest, queryset: QuerySet[AbuseReport]) -> None:
        count = services.abuse_report_resolve(report_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext("%(count)d report resolved.", "%(count)d reports resolved.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """The triage list: new, in progress, answered."""

    list_display = ("created_at", "category", "status", "summary", "contact", "user")
    list_filter = ("status", "category")
    search_fields = ("message", "contact", "user__username")
    list_select_related = ("user",)
    fields = ("category", "message", "contact", "user", "created_at", "status", "answer")
    readonly_fields = ("category", "message", "contact", "user", "created_at")
    actions = ("mark_in_progress", "mark_answered")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("message"))
    def summary(self, obj: Feedback) -> str:
        return obj.message[:80]

    def save_model(self, request: HttpRequest, obj: Feedback, form: Any, change: bool) -> None:
        services.feedback_update(
            feedback=obj, status=form.cleaned_data["status"], answer=form.cleaned_data["answer"]
        )

    @admin.action(description=_("Mark the selected feedback in progress"), permissions=["change"])
    def mark_in_progress(self, request: HttpRequest, queryset: QuerySet[Feedback]) -> None:
        self._move(request, queryset, FeedbackStatus.IN_PROGRESS)

    @admin.action(description=_("Mark the selected feedback answered"), permissions=["change"])
    def mark_answered(self, request: HttpRequest, queryset: QuerySet[Feedback]) -> None:
        self._move(request, queryset, FeedbackStatus.ANSWERED)

    def _move(self, request: HttpRequest, queryset: QuerySet[Feedback], status: str) -> None:
        count = services.feedback_set_status(
            feedback_ids=queryset.values_list("pk", flat=True), status=status
        )
        self.message_user(
            request,
            ngettext("%(count)d message moved.", "%(count)d messages moved.", count)
            % {"count": count},
            messages.SUCCESS,
        )
