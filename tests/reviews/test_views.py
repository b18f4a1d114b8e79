from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from orders.models import OrderStatus
from reviews.models import AbuseReport, Feedback, FeedbackStatus, HelpfulVote, Review
from tests.factories import PASSWORD, UserFactory
from tests.reviews.factories import DeliveredLineFactory, ReviewFactory

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script>"


def log_in(client, user):
    client.login(username=user.username, password=PASSWORD)


def post_review(client, line, **fields):
    data = {"rating": "5", "title": "好", "body": "很好", **fields}
    return client.post(reverse("reviews:write", args=[line.pk]), data)


def test_buyer_writes_a_review(client, buyer, line):
    log_in(client, buyer)
    page = client.get(reverse("reviews:write", args=[line.pk]))
    assert page.status_code == 200
    assert "颜色: 红色" in page.content.decode()
    response = post_review(client, line, body=HOSTILE)
    assert response.status_code == 302
    review = Review.objects.get(line=line)
    assert review.body == HOSTILE  # stored as written


def test_another_shopper_is_refused_with_a_message(client, line):
    log_in(client, UserFactory())
    response = post_review(client, line)
    assert response.status_code == 403
    assert "只有购买" in response.content.decode() or "buyer" in response.content.decode()
    assert not Review.objects.exists()


def test_undelivered_line_is_refused(client, buyer):
    line = DeliveredLineFactory(order__user=buyer, order__status=OrderStatus.SHIPPED)
    log_in(client, buyer)
    assert client.get(reverse("reviews:write", args=[line.pk])).status_code == 403
    assert client.get(reverse("reviews:write", args=[999999])).status_code == 403


def test_anonymous_visitor_is_sent_to_log_in(client, line):
    response = client.get(reverse("reviews:write", args=[line.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_edit_then_window_closes(client, buyer, line, settings):
    review = ReviewFactory(line=line)
    log_in(client, buyer)
    assert post_review(client, line, rating="3").status_code == 302
    assert Review.objects.get(pk=review.pk).rating == 3
    Review.objects.filter(pk=review.pk).update(
        created_at=timezone.now() - timedelta(days=settings.REVIEW_EDIT_DAYS + 1)
    )
    assert post_review(client, line, rating="1").status_code == 403
    assert Review.objects.get(pk=review.pk).rating == 3


def test_follow_up_once(client, buyer, line):
    review = ReviewFactory(line=line)
    log_in(client, buyer)
    url = reverse("reviews:follow_up", args=[review.pk])
    assert client.post(url, {"text": "一个月后依然很好"}).status_code == 302
    assert client.post(url, {"text": "again"}).status_code == 403
    log_in(client, UserFactory())
    assert client.get(url).status_code == 403


def test_bad_photo_is_a_form_error(client, buyer, line):
    log_in(client, buyer)
    fake = SimpleUploadedFile("x.png", b"not a picture", content_type="image/png")
    response = post_review(client, line, photos=fake)
    assert response.status_code == 200
    assert not Review.objects.exists()


def test_vote_and_report(client):
    review = ReviewFactory()
    voter = UserFactory()
    log_in(client, voter)
    response = client.post(reverse("reviews:vote", args=[review.pk]), {"helpful": "1"})
    assert response.status_code == 302
    assert HelpfulVote.objects.get(review=review, user=voter).helpful
    url = reverse("reviews:report", args=[review.pk])
    assert client.post(url, {"reason": "spam", "note": HOSTILE}).status_code == 302
    again = client.post(url, {"reason": "spam"})
    assert again.status_code == 200
    assert AbuseReport.objects.count() == 1


def test_posting_is_rate_limited(client, settings):
    settings.REVIEW_RATE_LIMITS = {**settings.REVIEW_RATE_LIMITS, "feedback": (2, 60)}
    data = {"category": "suggestion", "message": "多一些颜色"}
    url = reverse("reviews:feedback")
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    limited = client.post(url, data)
    assert limited.status_code == 429
    assert "太频繁" in limited.content.decode() or "too often" in limited.content.decode()
    assert Feedback.objects.count() == 2


def test_rate_limit_counts_per_ip_across_users(client, settings):
    settings.REVIEW_RATE_LIMITS = {**settings.REVIEW_RATE_LIMITS, "vote": (1, 60)}
    first, second = ReviewFactory(), ReviewFactory()
    log_in(client, UserFactory())
    client.post(reverse("reviews:vote", args=[first.pk]), {"helpful": "1"})
    log_in(client, UserFactory())
    client.post(reverse("reviews:vote", args=[second.pk]), {"helpful": "1"})
    assert HelpfulVote.objects.count() == 1


def test_feedback_from_anyone_stored_as_written(client):
    response = client.post(
        reverse("reviews:feedback"),
        {"category": "problem", "message": HOSTILE, "contact": "a@example.com"},
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.message, feedback.status, feedback.user) == (HOSTILE, FeedbackStatus.NEW, None)


def test_feedback_form_errors(client):
    response = client.post(reverse("reviews:feedback"), {"category": "nope", "message": ""})
    assert response.status_code == 200
    assert not Feedback.objects.exists()


def test_my_reviews_lists_delivered_lines(client, buyer, line):
    DeliveredLineFactory(order__user=buyer, order__status=OrderStatus.PAID, product_name="未到货")
    log_in(client, buyer)
    html = client.get(reverse("reviews:mine")).content.decode()
    assert line.product_name in html
    assert "未到货" not in html
    assert reverse("reviews:write", args=[line.pk]) in html
