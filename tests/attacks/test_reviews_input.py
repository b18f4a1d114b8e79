"""Hostile posts against reviews and the feedback form: refused with a reason, nothing written."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from reviews.models import AbuseReport, Feedback, HelpfulVote, Review, ReviewPhoto
from tests.factories import UserFactory
from tests.reviews.factories import DeliveredLineFactory, ReviewFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    "0",
    "-1",
    "6",
    "1.5",
    "abc",
    "1" + "0" * 100,
    "x" * 10_000,
    "a\x00b",
    "1e309",
    "NaN",
]
# What no text field takes: nothing, a NUL byte, more than any field's limit.
BAD_TEXT = ["", " ", "a\x00b", "x" * 10_000]
HUGE_ID = "99999999999999999999999"


@pytest.fixture
def buyer():
    return UserFactory()


@pytest.fixture
def line(buyer):
    return DeliveredLineFactory(order__user=buyer)


@pytest.fixture
def signed_in(browser, buyer):
    browser.force_login(buyer)
    return browser


@pytest.fixture
def review(line, buyer):
    return ReviewFactory(line=line, user=buyer, product=line.product)


def _state() -> tuple[int, ...]:
    return (
        Review.objects.count(),
        ReviewPhoto.objects.count(),
        HelpfulVote.objects.count(),
        AbuseReport.objects.count(),
        Feedback.objects.count(),
    )


@pytest.mark.parametrize(
    ("field", "value"), [("rating", v) for v in HOSTILE] + [("body", v) for v in BAD_TEXT]
)
def test_hostile_reviews_are_refused(signed_in, line, field, value):
    data = {"rating": "5", "title": "t", "body": "fine"} | {field: value}

    response = signed_in.post(reverse("reviews:write", args=[line.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Review.objects.exists()


def _png(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("x.png", b"", "image/png"),
        ("x.png", b"not a picture", "image/png"),
        ("x.png", _png()[:40], "image/png"),
        ("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
        ("x.html", b"<script>alert(1)</script>", "text/html"),
        ("x\x00.png", b"not a picture", "image/png"),
    ],
)
def test_hostile_photos_are_refused(signed_in, line, name, content, content_type):
    photo = SimpleUploadedFile(name, content, content_type=content_type)
    data = {"rating": "5", "body": "fine", "photos": [photo]}

    response = signed_in.post(reverse("reviews:write", args=[line.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert _state() == (0, 0, 0, 0, 0)


def test_a_photo_sent_as_text_is_refused(signed_in, line):
    data = {"rating": "5", "body": "fine", "photos": "not a file"}

    response = signed_in.post(reverse("reviews:write", args=[line.pk]), data)

    assert response.status_code in (200, 302)
    assert ReviewPhoto.objects.count() == 0


def test_too_many_photos_are_refused(signed_in, line):
    photos = [SimpleUploadedFile(f"{n}.png", _png(), "image/png") for n in range(7)]

    response = signed_in.post(
        reverse("reviews:write", args=[line.pk]), {"rating": "5", "body": "ok", "photos": photos}
    )

    assert response.context["form"].errors
    assert _state() == (0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("reviews:write", "get"),
        ("reviews:write", "post"),
        ("reviews:follow_up", "post"),
        ("reviews:vote", "post"),
        ("reviews:report", "post"),
    ],
)
def test_huge_ids_are_refused(signed_in, name, method):
    url = reverse(name, args=[0]).replace("/0/", f"/{HUGE_ID}/")

    response = getattr(signed_in, method)(url, {"rating": "5", "body": "x", "reason": "spam"})

    assert response.status_code in (403, 404)
    assert _state() == (0, 0, 0, 0, 0)


@pytest.mark.parametrize("value", BAD_TEXT)
def test_hostile_follow_ups_are_refused(signed_in, review, value):
    response = signed_in.post(reverse("reviews:follow_up", args=[review.pk]), {"text": value})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert Review.objects.get().follow_up_at is None


@pytest.mark.parametrize(
    ("field", "value"),
    [("reason", v) for v in HOSTILE] + [("note", v) for v in BAD_TEXT if v.strip()],
)
def test_hostile_reports_are_refused(browser, review, field, value):
    browser.force_login(UserFactory())
    data = {"reason": "spam", "note": ""} | {field: value}

    response = browser.post(reverse("reviews:report", args=[review.pk]), data)

    assert response.status_code in (200, 403)
    assert not AbuseReport.objects.exists()


@pytest.mark.parametrize("value", [*HOSTILE, "1", "true"])
@pytest.mark.parametrize(
    "next_url", ["", "//evil.example/", "javascript:alert(1)", "\x00", "abc", "-1", "NaN", "😀"]
)
def test_votes_with_odd_values_stay_on_the_site(browser, review, value, next_url):
    browser.force_login(UserFactory())

    response = browser.post(
        reverse("reviews:vote", args=[review.pk]), {"helpful": value, "next": next_url}
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/")
    assert not response["Location"].startswith("//")
    assert HelpfulVote.objects.count() <= 1


@pytest.mark.parametrize(
    ("field", "value"),
    [("category", v) for v in HOSTILE]
    + [("message", v) for v in BAD_TEXT]
    + [("contact", v) for v in BAD_TEXT if v.strip()],
)
def test_hostile_feedback_is_refused(browser, field, value):
    data = {"category": "suggestion", "message": "hello", "contact": ""} | {field: value}

    response = browser.post(reverse("reviews:feedback"), data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Feedback.objects.exists()
