"""Reviews: a buyer sends rating, words and photos; author, product and status are the server's."""

from django.conf import settings
from rest_framework import serializers

from reviews.models import AbuseReason, Review, ReviewPhoto
from reviews.selectors import ReviewSort
from reviews.templatetags.reviews_tags import reviewer_name
from reviews.validators import validate_photo
from shop.ids import MAX_ID


class ReviewQuerySerializer(serializers.Serializer):
    """The filters and sorts of the product page's review list."""

    stars = serializers.IntegerField(
        required=False, min_value=1, max_value=5, help_text="Only reviews with this rating."
    )
    photos = serializers.BooleanField(required=False, help_text="Only reviews with photos.")
    sort = serializers.ChoiceField(
        choices=list(ReviewSort.orderings),
        required=False,
        help_text="Most helpful first, or newest.",
    )


class RatingBarSerializer(serializers.Serializer):
    stars = serializers.IntegerField()
    count = serializers.IntegerField()
    percent = serializers.IntegerField()


class RatingSummarySerializer(serializers.Serializer):
    count = serializers.IntegerField()
    average = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    bars = RatingBarSerializer(many=True, help_text="From 5 stars down to 1.")


class ReviewPhotoSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewPhoto
        fields = ["image"]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer):
    """A published review as the product page shows it."""

    author = serializers.SerializerMethodField()
    options = serializers.CharField(source="line.options", read_only=True)
    photos = ReviewPhotoSerializer(many=True, read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "author",
            "options",
            "rating",
            "title",
            "body",
            "photos",
            "follow_up",
            "follow_up_at",
            "reply",
            "replied_at",
            "helpful_count",
            "unhelpful_count",
            "created_at",
        ]
        read_only_fields = fields

    def get_author(self, review: Review) -> str:
        """Show the author's name masked, as the product page does."""
        return reviewer_name(review.user)


class OwnReviewSerializer(serializers.ModelSerializer):
    """The author's own review, with its moderation status and product."""

    product = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    photos = ReviewPhotoSerializer(many=True, read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "line",
            "product",
            "rating",
            "title",
            "body",
            "photos",
            "status",
            "follow_up",
            "reply",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ReviewWriteSerializer(serializers.Serializer):
    """What a buyer may set on a review: the page form's fields and checks."""

    rating = serializers.IntegerField(min_value=1, max_value=5)
    title = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    body = serializers.CharField(max_length=4000)
    photos = serializers.ListField(
        child=serializers.ImageField(validators=[validate_photo]),
        required=False,
        default=list,
        max_length=settings.REVIEW_MAX_PHOTOS,
        help_text="Up to 6 pictures (JPEG, PNG, WebP or GIF); send as multipart form data.",
    )


class ReviewCreateSerializer(ReviewWriteSerializer):
    line = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="The delivered order line to review."
    )


class ReviewUpdateSerializer(ReviewWriteSerializer):
    """Change a review within its edit window; unsent fields keep their value, photos add."""

    rating = serializers.IntegerField(min_value=1, max_value=5, required=False)
    title = serializers.CharField(max_length=120, required=False, allow_blank=True)
    body = serializers.CharField(max_length=4000, required=False)


class FollowUpSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000)


class VoteSerializer(serializers.Serializer):
    helpful = serializers.BooleanField(help_text="Whether the review helped.")


class ReportSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=AbuseReason.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
