"""Reviews through the API: the product page's list and rules, the buyer's own rows only."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from orders.models import OrderStatus
from reviews.models import AbuseReport, Review, ReviewStatus
from reviews.services import product_rating_refresh
from tests.reviews.factories import DeliveredLineFactory, ReviewFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Write uploaded photos to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def line(shopper):
    return DeliveredLineFactory(order__user=shopper)


def photo(name: str = "p.png") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def write(client, line, HTTP_ACCEPT_LANGUAGE="zh-hans", **fields):  # noqa: N803
    data = {"line": line.pk, "rating": 4, "title": "Good", "body": "Works well.", **fields}
    return client.post(
        "/api/v1/reviews/", data, format="multipart", HTTP_ACCEPT_LANGUAGE=HTTP_ACCEPT_LANGUAGE
    )


def reviews_of(client, product, **params):
    return client.get(f"/api/v1/products/{product.slug}/reviews/", params)


def test_list_shows_published_reviews_with_summary_filters_and_sorts(db, api):
    first = ReviewFactory(rating=5, helpful_score=0.1)
    product = first.product
    older = ReviewFactory(
        line__sku__product=product,
        rating=3,
        has_photos=True,
        helpful_score=0.9,
        created_at=timezone.now() - timedelta(days=2),
    )
    ReviewFactory(line__sku__product=product, status=ReviewStatus.HIDDEN)
    ReviewFactory(line__sku__product=product, status=ReviewStatus.PENDING)
    product_rating_refresh(product_id=product.pk)

    body = reviews_of(api, product).json()
    assert [row["id"] for row in body["results"]] == [older.pk, first.pk]
    assert body["summary"]["count"] == 2
    assert body["summary"]["average"] == "4.00"
    assert body["summary"]["bars"][0] == {"stars": 5, "count": 1, "percent": 50}
    assert "***" in body["results"][0]["author"]
    newest = reviews_of(api, product, sort="newest").json()["results"]
    assert [row["id"] for row in newest] == [first.pk, older.pk]
    assert [r["id"] for r in reviews_of(api, product, stars=5).json()["results"]] == [first.pk]
    assert [r["id"] for r in reviews_of(api, product, photos="true").json()["results"]] == [
        older.pk
    ]
    assert reviews_of(api, product, stars=9).status_code == 400
    assert api.get("/api/v1/products/nothing/reviews/").status_code == 404


def test_list_queries_bounded_whatever_the_page_size(db, api, django_assert_max_num_queries):
    product = ReviewFactory().product
    for _ in range(5):
        ReviewFactory(line__sku__product=product, has_photos=True)
    product_rating_refresh(product_id=product.pk)
    for size in (1, 50):
        with django_assert_max_num_queries(6):
            response = reviews_of(api, product, page_size=size)
        assert response.status_code == 200
        assert len(response.json()["results"]) == min(size, 6)


def test_create_with_photos_ignores_author_product_and_status(settings, shopper, shopper_api, line):
    settings.REVIEW_AUTO_PUBLISH = False
    other_line = DeliveredLineFactory()
    response = write(
        shopper_api,
        line,
        photos=[photo("a.png"), photo("b.png")],
        status="published",
        product=other_line.product_id,
        user=other_line.order.user_id,
    )
    assert response.status_code == 201, response.json()
    review = Review.objects.get()
    assert (review.user, review.product, review.line) == (shopper, line.product, line)
    assert review.status == ReviewStatus.PENDING
    assert review.photos.count() == 2
    assert review.has_photos
    assert response.json()["status"] == "pending"


def test_create_json_without_photos(shopper_api, line):
    response = shopper_api.post(
        "/api/v1/reviews/", {"line": line.pk, "rating": 5, "body": "Fine."}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["status"] == "published"


def test_create_refused_for_other_lines_undelivered_lines_and_twice(shopper, shopper_api, line):
    foreign = write(shopper_api, DeliveredLineFactory())
    assert foreign.status_code == 404
    assert set(foreign.json()) == {"detail", "code"}
    pending = DeliveredLineFactory(order__user=shopper, order__status=OrderStatus.PAID)
    undelivered = write(shopper_api, pending, HTTP_ACCEPT_LANGUAGE="en")
    assert undelivered.status_code == 403
    assert undelivered.json()["code"] == "review_refused"
    assert "delivered" in undelivered.json()["detail"]
    assert write(shopper_api, line).status_code == 201
    again = write(shopper_api, line)
    assert again.status_code == 403
    assert again.json()["detail"]
    assert Review.objects.count() == 1


def test_photos_checked_like_the_page_form(shopper_api, line):
    fake = SimpleUploadedFile("x.png", b"not a picture", content_type="image/png")
    assert write(shopper_api, line, photos=[fake]).status_code == 400
    too_many = write(shopper_api, line, photos=[photo(f"{n}.png") for n in range(7)])
    assert too_many.status_code == 400
    assert not Review.objects.exists()


def test_anonymous_cannot_write(api, line):
    assert write(api, line).status_code in {401, 403}
    assert not Review.objects.exists()


def test_posting_is_rate_limited_like_the_page(settings, shopper_api, line):
    settings.REVIEW_RATE_LIMITS = {**settings.REVIEW_RATE_LIMITS, "review": (1, 60)}
    assert write(shopper_api, line, body="").status_code == 400
    limited = write(shopper_api, line)
    assert limited.status_code == 429
    assert limited.json()["detail"]
    assert not Review.objects.exists()


def test_edit_within_window_then_refused(settings, shopper, shopper_api):
    review = ReviewFactory(line__order__user=shopper)
    response = shopper_api.patch(
        f"/api/v1/reviews/{review.pk}/", {"rating": 2, "status": "hidden"}, format="multipart"
    )
    assert response.status_code == 200, response.json()
    review.refresh_from_db()
    assert (review.rating, review.body, review.status) == (2, "质量很好，推荐。", "published")
    Review.objects.filter(pk=review.pk).update(created_at=timezone.now() - timedelta(days=31))
    late = shopper_api.patch(f"/api/v1/reviews/{review.pk}/", {"rating": 1}, format="json")
    assert late.status_code == 403
    assert late.json()["code"] == "review_refused"


def test_other_users_review_not_found(shopper, other_api):
    review = ReviewFactory(line__order__user=shopper)
    url = f"/api/v1/reviews/{review.pk}/"
    assert other_api.get(url).status_code == 404
    assert other_api.patch(url, {"rating": 1}, format="json").status_code == 404
    assert other_api.post(f"{url}follow-up/", {"text": "x"}, format="json").status_code == 404
    review.refresh_from_db()
    assert (review.rating, review.follow_up) == (5, "")


def test_one_follow_up(shopper, shopper_api):
    review = ReviewFactory(line__order__user=shopper)
    url = f"/api/v1/reviews/{review.pk}/follow-up/"
    first = shopper_api.post(url, {"text": "Still good."}, format="json")
    assert first.status_code == 200
    assert first.json()["follow_up"] == "Still good."
    assert shopper_api.post(url, {"text": "Again."}, format="json").status_code == 403


def test_vote_counts_once_per_shopper_and_not_on_own_review(shopper, shopper_api, other_api):
    review = ReviewFactory(line__order__user=shopper)
    url = f"/api/v1/reviews/{review.pk}/vote/"
    assert other_api.post(url, {"helpful": True}, format="json").json()["helpful_count"] == 1
    changed = other_api.post(url, {"helpful": False}, format="json").json()
    assert (changed["helpful_count"], changed["unhelpful_count"]) == (0, 1)
    assert shopper_api.post(url, {"helpful": True}, format="json").status_code == 403
    hidden = ReviewFactory(status=ReviewStatus.HIDDEN)
    hidden_vote = other_api.post(
        f"/api/v1/reviews/{hidden.pk}/vote/", {"helpful": True}, format="json"
    )
    assert hidden_vote.status_code == 404


def test_report_once(other_api):
    review = ReviewFactory()
    url = f"/api/v1/reviews/{review.pk}/report/"
    assert other_api.post(url, {"reason": "spam"}, format="json").status_code == 201
    again = other_api.post(url, {"reason": "spam"}, format="json")
    assert again.status_code == 400
    assert again.json()["code"] == "reported"
    assert other_api.post(url, {"reason": "nonsense"}, format="json").status_code == 400
    assert AbuseReport.objects.count() == 1
