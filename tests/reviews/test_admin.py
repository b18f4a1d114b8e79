"""The moderation queue, replies, reports and feedback triage in admin."""

import pytest
from django.urls import reverse

from catalog.models import Product
from reviews.models import AbuseReport, Feedback, FeedbackStatus, Review, ReviewStatus
from tests.factories import UserFactory
from tests.reviews.factories import ReviewFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def merchant(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_queue_shows_held_and_reported_reviews_escaped(client, merchant):
    held = ReviewFactory(status=ReviewStatus.PENDING, title=HOSTILE, body=HOSTILE)
    reported = ReviewFactory(title="被举报")
    ReviewFactory(title="普通")
    AbuseReport.objects.create(review=reported, user=UserFactory(), reason="spam", note=HOSTILE)
    html = client.get(reverse("admin:reviews_reviewqueue_changelist")).content.decode()
    assert "被举报" in html
    assert "普通" not in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    change = client.get(reverse("admin:reviews_review_change", args=[held.pk])).content.decode()
    assert "<script>alert" not in change


def test_publish_action_refreshes_rating(client, merchant):
    review = ReviewFactory(status=ReviewStatus.PENDING, rating=3)
    response = client.post(
        reverse("admin:reviews_review_changelist"),
        {"action": "publish", "_selected_action": [review.pk]},
    )
    assert response.status_code == 302
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.PUBLISHED
    assert Product.objects.get(pk=review.product_id).rating is not None


def test_merchant_replies(client, merchant):
    review = ReviewFactory()
    url = reverse("admin:reviews_review_change", args=[review.pk])
    response = client.post(url, {"reply": "感谢支持！", **_empty_inlines()})
    assert response.status_code == 302, response.content.decode()[:2000]
    review.refresh_from_db()
    assert review.reply == "感谢支持！"
    assert review.replied_at is not None


def _empty_inlines() -> dict:
    data = {}
    for prefix in ("photos", "reports"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


def test_feedback_triage(client, merchant):
    feedback = Feedback.objects.create(category="problem", message=HOSTILE, contact=HOSTILE)
    html = client.get(reverse("admin:reviews_feedback_changelist")).content.decode()
    assert "<script>alert" not in html
    client.post(
        reverse("admin:reviews_feedback_changelist"),
        {"action": "mark_in_progress", "_selected_action": [feedback.pk]},
    )
    assert Feedback.objects.get().status == FeedbackStatus.IN_PROGRESS
    client.post(
        reverse("admin:reviews_feedback_change", args=[feedback.pk]),
        {"status": "answered", "answer": "已修复"},
    )
    feedback.refresh_from_db()
    assert (feedback.status, feedback.answer) == (FeedbackStatus.ANSWERED, "已修复")
    filtered = client.get(reverse("admin:reviews_feedback_changelist"), {"status__exact": "new"})
    assert filtered.status_code == 200
