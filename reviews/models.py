from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .validators import validate_photo


class ReviewStatus(models.TextChoices):
    # Waiting in the moderation queue: held by the merchant's setting, a link or a banned word.
    PENDING = "pending", _("Awaiting moderation")
    # Shown on the product page and counted in its rating.
    PUBLISHED = "published", _("Published")
    # Taken down by the merchant; kept for the record, never shown.
    HIDDEN = "hidden", _("Hidden")


class Review(models.Model):
    """A buyer's rating and words about one delivered order line."""

    line = models.OneToOneField(
        "orders.OrderLine",
        on_delete=models.CASCADE,
        related_name="review",
        verbose_name=_("order line"),
    )
    product = models.ForeignKey(
        "catalog.Product",
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("product"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("author"),
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    title = models.CharField(_("title"), max_length=120, blank=True)
    body = models.TextField(_("review"), max_length=4000)
    status = models.CharField(
        _("status"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    held_reason = models.CharField(_("held because"), max_length=200, blank=True)
    follow_up = models.TextField(_("follow-up review"), max_length=2000, blank=True)
    follow_up_at = models.DateTimeField(_("follow-up at"), null=True, blank=True)
    reply = models.TextField(_("merchant reply"), max_length=2000, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    # Denormalised so that a page of reviews filters and sorts without joins.
    has_photos = models.BooleanField(_("has photos"), default=False)
    helpful_count = models.PositiveIntegerField(_("helpful votes"), default=0)
    unhelpful_count = models.PositiveIntegerField(_("unhelpful votes"), default=0)
    helpful_score = models.FloatField(_("helpfulness (Wilson lower bound)"), default=0.0)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    updated_at = models.DateTimeField(_("edited at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["product", "status", "-created_at"]),
            models.Index(fields=["product", "status", "-helpful_score"]),
        ]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.product_id} · {self.rating}★ · {self.user_id}"


class ReviewPhoto(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="photos", verbose_name=_("review")
    )
    image = models.ImageField(_("photo"), upload_to="reviews/%Y/%m/", validators=[validate_photo])
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("review photo")
        verbose_name_plural = _("review photos")

    def __str__(self) -> str:
        return self.image.name or ""


class HelpfulVote(models.Model):
    """One shopper's say on whether a review helped; one per shopper and review."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="votes", verbose_name=_("review")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_votes",
        verbose_name=_("voter"),
    )
    helpful = models.BooleanField(_("helpful"))
    created_at = models.DateTimeField(_("voted at"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "user"], name="uniq_review_vote_per_user")
        ]
        verbose_name = _("helpful vote")
        verbose_name_plural = _("helpful votes")

    def __str__(self) -> str:
        return f"{self.review_id}: {self.helpful}"


class AbuseReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    OFFENSIVE = "offensive", _("Offensive or abusive")
    PRIVATE = "private", _("Personal information")
    OFF_TOPIC = "off_topic", _("Not about the product")
    OTHER = "other", _("Something else")


class AbuseReport(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="reports", verbose_name=_("review")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_reports",
        verbose_name=_("reporter"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=AbuseReason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    resolved = models.BooleanField(_("resolved"), default=False)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)

    class Meta:
        ordering = ["resolved", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["review", "user"], name="uniq_review_report_per_user")
        ]
        verbose_name = _("abuse report")
        verbose_name_plural = _("abuse reports")

    def __str__(self) -> str:
        return f"{self.review_id}: {self.reason}"


class ProductRating(models.Model):
    """A product's published-review figures, refreshed whenever a review is shown or hidden."""

    product = models.OneToOneField(
        "catalog.Product",
        on_delete=models.CASCADE,
        related_name="rating_summary",
        verbose_name=_("product"),
    )
    count = models.PositiveIntegerField(_("reviews"), default=0)
    average = models.DecimalField(_("average"), max_digits=3, decimal_places=2, default=Decimal(0))
    # The Bayesian average (shrunk towards the category's mean): what rankings use.
    score = models.DecimalField(_("score"), max_digits=3, decimal_places=2, default=Decimal(0))
    stars_1 = models.PositiveIntegerField(default=0)
    stars_2 = models.PositiveIntegerField(default=0)
    stars_3 = models.PositiveIntegerField(default=0)
    stars_4 = models.PositiveIntegerField(default=0)
    stars_5 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("product rating")
        verbose_name_plural = _("product ratings")

    def __str__(self) -> str:
        return f"{self.product_id}: {self.average} ({self.count})"


class FeedbackCategory(models.TextChoices):
    SUGGESTION = "suggestion", _("Suggestion")
    PROBLEM = "problem", _("Problem with the site")
    ORDER = "order", _("Question about an order")
    PRODUCT = "product", _("Product request")
    OTHER = "other", _("Other")


class FeedbackStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")


class Feedback(models.Model):
    """A visitor's suggestion or complaint, triaged by the merchant in admin."""

    category = models.CharField(_("category"), max_length=20, choices=FeedbackCategory.choices)
    message = models.TextField(_("message"), max_length=4000)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("user"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=FeedbackStatus.choices, default=FeedbackStatus.NEW
    )
    answer = models.TextField(_("answer or note"), blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return f"{self.get_category_display()} · {self.created_at:%Y-%m-%d}"


class ReviewQueue(Review):
    """The moderation queue in admin: held reviews and reported ones."""

    class Meta:
        proxy = True
        verbose_name = _("review to moderate")
        verbose_name_plural = _("moderation queue")
