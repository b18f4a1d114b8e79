"""Every change to reviews, votes, reports, ratings and feedback: one transaction each."""

from collections.abc import Iterable, Sequence
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from catalog.models import Product
from orders.models import OrderLine, OrderStatus
from shop.pagecache import pages_changed

from . import scoring
from .models import (
    AbuseReport,
    Feedback,
    FeedbackStatus,
    HelpfulVote,
    ProductRating,
    Review,
    ReviewPhoto,
    ReviewStatus,
)
from .moderation import hold_reason

REVIEWABLE_STATES = frozenset({OrderStatus.DELIVERED, OrderStatus.COMPLETED})


def _now():
    return timezone.now()


def review_check_line(*, line: OrderLine, user: User) -> None:
    """Refuse, with the reason, a shopper who may not review this order line."""
    if line.order.user_id != user.pk:
        raise PermissionDenied(_("Only the buyer of an item can review it."))
    if line.order.status not in REVIEWABLE_STATES:
        raise PermissionDenied(_("You can review an item once it has been delivered."))
    if line.product_id is None:
        raise PermissionDenied(_("This product is no longer sold and cannot be reviewed."))


def review_check_editable(*, review: Review, user: User) -> None:
    """Refuse an edit by anyone but the author, or after the edit window has closed."""
    if review.user_id != user.pk:
        raise PermissionDenied(_("Only the author can change a review."))
    if _now() > review.created_at + timedelta(days=settings.REVIEW_EDIT_DAYS):
        raise PermissionDenied(
            _("A review can be edited for %(days)d days; add a follow-up instead.")
            % {"days": settings.REVIEW_EDIT_DAYS}
        )


def _moderated_status(texts: Sequence[str]) -> tuple[str, str]:
    reason = hold_reason(texts, banned_words=settings.REVIEW_BANNED_WORDS)
    if reason:
        return ReviewStatus.PENDING, reason
    if not settings.REVIEW_AUTO_PUBLISH:
        return ReviewStatus.PENDING, _("the shop checks every review first")
    return ReviewStatus.PUBLISHED, ""


def _add_photos(review: Review, photos: Sequence[UploadedFile]) -> None:
    present = review.photos.count() if review.pk else 0
    if present + len(photos) > settings.REVIEW_MAX_PHOTOS:
        raise ValidationError(
            _("A review can have at most %(count)d photos.")
            % {"count": settings.REVIEW_MAX_PHOTOS},
            code="too_many_photos",
        )
    for position, photo in enumerate(photos, start=present):
        ReviewPhoto.objects.create(review=review, image=photo, position=position)
    if photos and not review.has_photos:
        review.has_photos = True
        review.save(update_fields=["has_photos"])


@transaction.atomic
def review_create(
    *,
    user: User,
    line_id: int,
    rating: int,
    title: str,
    body: str,
    photos: Sequence[UploadedFile] = (),
) -> Review:
    """Write the one review of a delivered order line, held or published by moderation."""
    line = OrderLine.objects.select_for_update().select_related("order").filter(pk=line_id).first()
    if line is None:
        raise PermissionDenied(_("Only the buyer of an item can review it."))
    review_check_line(line=line, user=user)
    if Review.objects.filter(line=line).exists():
        raise PermissionDenied(_("You have already reviewed this item."))
    status, reason = _moderated_status([title, body])
    review = Review.objects.create(
        line=line,
        product_id=line.product_id,
        user=user,
        rating=rating,
        title=title,
        body=body,
        status=status,
        held_reason=reason,
        created_at=_now(),
    )
    _add_photos(review, photos)
    if status == ReviewStatus.PUBLISHED:
        product_rating_refresh(product_id=review.product_id)
    return review


@transaction.atomic
def review_update(
    *,
    review: Review,
    user: User,
    rating: int,
    title: str,
    body: str,
    photos: Sequence[UploadedFile] = (),
) -> Review:
    """Change a review within its edit window; the new text goes through moderation again."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    review_check_editable(review=review, user=user)
    was_published = review.status == ReviewStatus.PUBLISHED
    review.rating, review.title, review.body = rating, title, body
    if review.status != ReviewStatus.HIDDEN:
        review.status, review.held_reason = _moderated_status([title, body, review.follow_up])
    review.save()
    _add_photos(review, photos)
    if was_published or review.status == ReviewStatus.PUBLISHED:
        product_rating_refresh(product_id=review.product_id)
    return review


@transaction.atomic
def review_add_follow_up(*, review: Review, user: User, text: str) -> Review:
    """Add the one follow-up (追评) a buyer may write after using the item."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.user_id != user.pk:
        raise PermissionDenied(_("Only the author can add a follow-up."))
    if review.follow_up_at is not None:
        raise PermissionDenied(_("A review can have one follow-up, and this one has it."))
    review.follow_up, review.follow_up_at = text, _now()
    fields = ["follow_up", "follow_up_at", "updated_at"]
    reason = hold_reason([text], banned_words=settings.REVIEW_BANNED_WORDS)
    was_published = review.status == ReviewStatus.PUBLISHED
    if reason and review.status != ReviewStatus.HIDDEN:
        review.status, review.held_reason = ReviewStatus.PENDING, reason
        fields += ["status", "held_reason"]
    review.save(update_fields=fields)
    if was_published and review.status != ReviewStatus.PUBLISHED:
        product_rating_refresh(product_id=review.product_id)
    return review


@transaction.atomic
def review_reply(*, review: Review, text: str) -> Review:
    """Set (or clear, with an empty text) the merchant's public reply."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    review.reply = text
    review.replied_at = _now() if text else None
    review.save(update_fields=["reply", "replied_at", "updated_at"])
    return review


@transaction.atomic
def review_set_status(*, review_ids: Iterable[int], status: str) -> int:
    """Publish or hide reviews (the moderation queue) and refresh their products' ratings."""
    reviews = list(Review.objects.select_for_update().filter(pk__in=list(review_ids)))
    changed = [review for review in reviews if review.status != status]
    for review in changed:
        review.status = status
        review.held_reason = ""
    Review.objects.bulk_update(changed, ["status", "held_reason"])
    if changed:
        pages_changed()
    for product_id in sorted({review.product_id for review in changed}):
        product_rating_refresh(product_id=product_id)
    return len(changed)


@transaction.atomic
def review_vote(*, review_id: int, user: User, helpful: bool) -> Review:
    """Record (or change) a shopper's one vote and re-rank the review by its Wilson bound."""
    review = Review.objects.select_for_update().filter(pk=review_id).first()
    if review is None or review.status != ReviewStatus.PUBLISHED:
        raise PermissionDenied(_("This review cannot be voted on."))
    if review.user_id == user.pk:
        raise PermissionDenied(_("You cannot vote on your own review."))
    HelpfulVote.objects.update_or_create(
        review=review, user=user, defaults={"helpful": helpful, "created_at": _now()}
    )
    counts = review.votes.aggregate(total=Count("id"), helpful=Count("id", filter=Q(helpful=True)))
    review.helpful_count = counts["helpful"]
    review.unhelpful_count = counts["total"] - counts["helpful"]
    review.helpful_score = scoring.wilson_lower_bound(counts["helpful"], counts["total"])
    review.save(update_fields=["helpful_count", "unhelpful_count", "helpful_score"])
    return review


@transaction.atomic
def review_report(*, review_id: int, user: User, reason: str, note: str) -> AbuseReport:
    """Report a review to the merchant; a shopper reports a given review once."""
    review = Review.objects.filter(pk=review_id, status=ReviewStatus.PUBLISHED).first()
    if review is None:
        raise PermissionDenied(_("This review cannot be reported."))
    report, created = AbuseReport.objects.get_or_create(
        review=review, user=user, defaults={"reason": reason, "note": note, "created_at": _now()}
    )
    if not created:
        raise ValidationError(_("You have already reported this review."), code="reported")
    return report


@transaction.atomic
def abuse_report_resolve(*, report_ids: Iterable[int]) -> int:
    """Close reports the merchant has dealt with (by hiding the review or keeping it)."""
    return AbuseReport.objects.filter(pk__in=list(report_ids), resolved=False).update(resolved=True)


def _category_prior(product: Product) -> Decimal:
    """Return the mean published rating of the product's category (the site's if none)."""
    published = Review.objects.filter(status=ReviewStatus.PUBLISHED)
    mean = published.filter(product__category_id=product.category_id).aggregate(m=Avg("rating"))
    if mean["m"] is None:
        mean = published.aggregate(m=Avg("rating"))
    return Decimal(str(mean["m"] or 0))


@transaction.atomic
def product_rating_refresh(*, product_id: int) -> ProductRating:
    """Recount a product's published reviews; its ranking rating is the Bayesian average."""
    product = Product.objects.select_for_update().get(pk=product_id)
    rows = (
        Review.objects.filter(product_id=product_id, status=ReviewStatus.PUBLISHED)
        .values("rating")
        .annotate(number=Count("id"))
    )
    distribution = dict.fromkeys(range(1, 6), 0)
    distribution.update({row["rating"]: row["number"] for row in rows})
    count = sum(distribution.values())
    total = sum(stars * number for stars, number in distribution.items())
    score = scoring.bayesian_average(
        total=total,
        count=count,
        prior_mean=_category_prior(product),
        prior_weight=settings.REVIEW_PRIOR_WEIGHT,
    )
    summary, _created = ProductRating.objects.update_or_create(
        product=product,
        defaults={
            "count": count,
            "average": scoring.mean_rating(distribution),
            "score": score,
            **{f"stars_{stars}": number for stars, number in distribution.items()},
        },
    )
    Product.objects.filter(pk=product_id).update(rating=score if count else None)
    return summary


@transaction.atomic
def feedback_submit(*, user: User | None, category: str, message: str, contact: str) -> Feedback:
    """Store a visitor's feedback as written, new in the merchant's triage list."""
    return Feedback.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        category=category,
        message=message,
        contact=contact,
        created_at=_now(),
    )


@transaction.atomic
def feedback_update(*, feedback: Feedback, status: str, answer: str) -> Feedback:
    """Save the merchant's triage status and answer (or note) on one message."""
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    feedback.status, feedback.answer = status, answer
    feedback.save(update_fields=["status", "answer"])
    return feedback


@transaction.atomic
def feedback_set_status(*, feedback_ids: Iterable[int], status: str) -> int:
    """Move feedback along the triage list (new, in progress, answered)."""
    if status not in FeedbackStatus.values:
        raise ValidationError(_("Unknown feedback status."), code="status")
    return Feedback.objects.filter(pk__in=list(feedback_ids)).update(status=status)
