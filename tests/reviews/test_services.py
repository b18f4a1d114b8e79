from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from catalog.models import Product
from orders.models import OrderStatus
from reviews import services
from reviews.models import HelpfulVote, ProductRating, Review, ReviewStatus
from tests.factories import UserFactory
from tests.reviews.factories import DeliveredLineFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def write(line, user, **fields):
    data = {"rating": 4, "title": "好", "body": "不错", **fields}
    return services.review_create(user=user, line_id=line.pk, **data)


def test_buyer_of_delivered_line_reviews_it_and_rating_refreshes(line, buyer, product):
    review = write(line, buyer, rating=4)
    assert review.status == ReviewStatus.PUBLISHED
    summary = ProductRating.objects.get(product=product)
    assert (summary.count, summary.average, summary.stars_4) == (1, Decimal("4.00"), 1)
    product.refresh_from_db()
    assert product.rating == Decimal("4.00")


@pytest.mark.parametrize("status", [OrderStatus.DELIVERED, OrderStatus.COMPLETED])
def test_delivered_and_completed_lines_can_be_reviewed(buyer, status):
    line = DeliveredLineFactory(order__user=buyer, order__status=status)
    assert write(line, buyer).pk


@pytest.mark.parametrize("status", [OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.REFUNDED])
def test_undelivered_lines_are_refused(english, buyer, status):
    line = DeliveredLineFactory(order__user=buyer, order__status=status)
    with pytest.raises(PermissionDenied, match="delivered"):
        write(line, buyer)
    assert not Review.objects.exists()


def test_someone_else_is_refused(english, line):
    with pytest.raises(PermissionDenied, match="buyer"):
        write(line, UserFactory())


def test_a_line_is_reviewed_once(english, line, buyer):
    write(line, buyer)
    with pytest.raises(PermissionDenied, match="already"):
        write(line, buyer)
    assert Review.objects.count() == 1


def test_link_or_banned_word_holds_the_review(line, buyer, product, settings):
    settings.REVIEW_BANNED_WORDS = ["刷单"]
    review = write(line, buyer, body="便宜刷单 http://spam.example")
    assert review.status == ReviewStatus.PENDING
    assert review.held_reason
    assert not ProductRating.objects.filter(product=product, count__gt=0).exists()


def test_merchant_setting_holds_every_review(line, buyer, settings):
    settings.REVIEW_AUTO_PUBLISH = False
    assert write(line, buyer).status == ReviewStatus.PENDING


def test_publishing_and_hiding_refresh_the_rating(line, buyer, product, settings):
    settings.REVIEW_AUTO_PUBLISH = False
    review = write(line, buyer, rating=2)
    services.review_set_status(review_ids=[review.pk], status=ReviewStatus.PUBLISHED)
    assert ProductRating.objects.get(product=product).count == 1
    services.review_set_status(review_ids=[review.pk], status=ReviewStatus.HIDDEN)
    assert ProductRating.objects.get(product=product).count == 0
    assert Product.objects.get(pk=product.pk).rating is None


def test_bayesian_score_uses_the_category_prior(product):
    # Another product of the same category, rated 3 by five buyers, sets the prior at 3.
    other = DeliveredLineFactory(sku__product__category=product.category).product
    for _ in range(5):
        ReviewFactory(line=DeliveredLineFactory(sku__product=other), rating=3)
    ReviewFactory(line=DeliveredLineFactory(sku__product=product), rating=5)
    summary = services.product_rating_refresh(product_id=product.pk)
    # prior mean (3·5 + 5) / 6 = 3.33; weight 5: (5·3.33 + 5) / 6 = 3.61
    assert summary.average == Decimal("5.00")
    assert summary.score == Decimal("3.61")


def test_edit_window(english, line, buyer, settings):
    review = write(line, buyer)
    services.review_update(review=review, user=buyer, rating=1, title="", body="变差了")
    assert Review.objects.get(pk=review.pk).rating == 1
    Review.objects.filter(pk=review.pk).update(
        created_at=timezone.now() - timedelta(days=settings.REVIEW_EDIT_DAYS + 1)
    )
    review.refresh_from_db()
    with pytest.raises(PermissionDenied, match="follow-up"):
        services.review_update(review=review, user=buyer, rating=5, title="", body="x")
    with pytest.raises(PermissionDenied):
        services.review_update(review=review, user=UserFactory(), rating=5, title="", body="x")


def test_one_follow_up(english, line, buyer):
    review = write(line, buyer)
    services.review_add_follow_up(review=review, user=buyer, text="用了一个月，依然很好")
    with pytest.raises(PermissionDenied, match="one follow-up"):
        services.review_add_follow_up(review=review, user=buyer, text="again")


def test_votes_one_per_user_and_wilson_score(db):
    review = ReviewFactory()
    voter = UserFactory()
    services.review_vote(review_id=review.pk, user=voter, helpful=True)
    services.review_vote(review_id=review.pk, user=voter, helpful=True)
    services.review_vote(review_id=review.pk, user=UserFactory(), helpful=False)
    review.refresh_from_db()
    assert HelpfulVote.objects.filter(review=review).count() == 2
    assert (review.helpful_count, review.unhelpful_count) == (1, 1)
    assert 0 < review.helpful_score < 0.5
    with pytest.raises(PermissionDenied):
        services.review_vote(review_id=review.pk, user=review.user, helpful=True)


def test_report_once(db):
    review = ReviewFactory()
    reporter = UserFactory()
    services.review_report(review_id=review.pk, user=reporter, reason="spam", note="")
    with pytest.raises(ValidationError):
        services.review_report(review_id=review.pk, user=reporter, reason="spam", note="")


def test_photos_are_limited(line, buyer, settings):
    def photo(name):
        buffer = BytesIO()
        Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
        return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")

    review = write(line, buyer, photos=[photo(f"{n}.png") for n in range(2)])
    assert review.photos.count() == 2
    assert review.has_photos
    with pytest.raises(ValidationError):
        services.review_update(
            review=review,
            user=buyer,
            rating=5,
            title="",
            body="x",
            photos=[photo(f"more{n}.png") for n in range(settings.REVIEW_MAX_PHOTOS - 1)],
        )
    assert review.photos.count() == 2
