"""Writing, following up, voting on and reporting reviews; the feedback form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from shop.navigation import safe_next

from . import selectors, services
from .forms import FeedbackForm, FollowUpForm, ReportForm, ReviewForm
from .ratelimit import RateLimit

require_page_or_form = require_http_methods(["GET", "HEAD", "POST"])


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "reviews/refused.html", {"message": message}, status=403)


def _limited(request: HttpRequest, action: str) -> bool:
    """Count a posting; say so on the page when the visitor has posted too often."""
    if RateLimit.for_request(request, action=action).hit():
        return False
    messages.error(request, _("You have done that too often. Please wait a while and try again."))
    return True


def _posted(request: HttpRequest):
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    return redirect(safe_next(request, request.POST.get("next", ""), fallback))


@login_required
@require_safe
def my_reviews(request: HttpRequest) -> HttpResponse:
    """List the shopper's delivered items, to review, edit or follow up."""
    lines = selectors.lines_to_review(user=request.user)  # type: ignore[arg-type]
    return render(request, "reviews/mine.html", {"lines": lines})


@login_required
@require_page_or_form
def review_write(request: HttpRequest, line_id: int) -> HttpResponse:
    """Write the review of a delivered line, or edit it within the edit window."""
    line = selectors.line_for_review(line_id=line_id)
    review = getattr(line, "review", None) if line is not None else None
    try:
        if line is None:
            raise PermissionDenied(_("Only the buyer of an item can review it."))
        services.review_check_line(line=line, user=request.user)  # type: ignore[arg-type]
        if review is not None:
            services.review_check_editable(review=review, user=request.user)  # type: ignore[arg-type]
    except PermissionDenied as refusal:
        return _refused(request, str(refusal))
    initial = (
        {"rating": review.rating, "title": review.title, "body": review.body} if review else None
    )
    data, files = _posted(request)
    existing = review.photos.count() if review else 0
    form = ReviewForm(data, files, initial=initial, existing_photos=existing)
    limited = request.method == "POST" and _limited(request, "review")
    if request.method == "POST" and not limited and form.is_valid():
        try:
            saved = _save_review(request, line_id=line_id, review=review, data=form.cleaned_data)
        except PermissionDenied as refusal:
            return _refused(request, str(refusal))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if saved.status == "published":
                messages.success(request, _("Thank you! Your review is published."))
            else:
                messages.info(request, _("Thank you! Your review will appear once checked."))
            return redirect("reviews:mine")
    context = {"form": form, "line": line, "review": review}
    return render(request, "reviews/write.html", context, status=429 if limited else 200)


def _save_review(request: HttpRequest, *, line_id: int, review, data: dict):
    fields = {
        "rating": data["rating"],
        "title": data["title"],
        "body": data["body"],
        "photos": data["photos"],
    }
    if review is None:
        return services.review_create(user=request.user, line_id=line_id, **fields)  # type: ignore[arg-type]
    return services.review_update(review=review, user=request.user, **fields)  # type: ignore[arg-type]


@login_required
@require_page_or_form
def review_follow_up(request: HttpRequest, review_id: int) -> HttpResponse:
    """Add the one follow-up to the shopper's own review."""
    review = selectors.review_of_user(review_id=review_id, user=request.user)  # type: ignore[arg-type]
    if review is None:
        return _refused(request, _("Only the author can add a follow-up."))
    if review.follow_up_at is not None:
        return _refused(request, _("A review can have one follow-up, and this one has it."))
    form = FollowUpForm(request.POST if request.method == "POST" else None)
    limited = request.method == "POST" and _limited(request, "review")
    if request.method == "POST" and not limited and form.is_valid():
        try:
            services.review_add_follow_up(
                review=review,
                user=request.user,  # type: ignore[arg-type]
                text=form.cleaned_data["text"],
            )
        except PermissionDenied as refusal:
            return _refused(request, str(refusal))
        messages.success(request, _("Your follow-up has been added."))
        return redirect("reviews:mine")
    context = {"form": form, "review": review}
    return render(request, "reviews/follow_up.html", context, status=429 if limited else 200)


@login_required
@require_POST
def review_vote(request: HttpRequest, review_id: int) -> HttpResponse:
    """Say whether a review helped; a second vote replaces the first."""
    review = selectors.review_published_one(review_id=review_id)
    if review is None:
        return _refused(request, _("This review cannot be voted on."))
    fallback = f"{review.product.get_absolute_url()}#review-{review.pk}"
    if _limited(request, "vote"):
        return _back(request, fallback)
    try:
        services.review_vote(
            review_id=review.pk,
            user=request.user,  # type: ignore[arg-type]
            helpful=request.POST.get("helpful") != "0",
        )
    except PermissionDenied as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Thank you for your vote."))
    return _back(request, fallback)


@login_required
@require_page_or_form
def review_report(request: HttpRequest, review_id: int) -> HttpResponse:
    """Report a review to the merchant."""
    review = selectors.review_published_one(review_id=review_id)
    if review is None:
        return _refused(request, _("This review cannot be reported."))
    form = ReportForm(request.POST if request.method == "POST" else None)
    limited = request.method == "POST" and _limited(request, "report")
    if request.method == "POST" and not limited and form.is_valid():
        try:
            services.review_report(
                review_id=review.pk,
                user=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except PermissionDenied as refusal:
            return _refused(request, str(refusal))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. The shop will look at this review."))
            return redirect(review.product.get_absolute_url())
    context = {"form": form, "review": review}
    return render(request, "reviews/report.html", context, status=429 if limited else 200)


@require_page_or_form
def feedback(request: HttpRequest) -> HttpResponse:
    """Let any visitor send a suggestion or a problem to the shop."""
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    limited = request.method == "POST" and _limited(request, "feedback")
    if request.method == "POST" and not limited and form.is_valid():
        services.feedback_submit(
            user=request.user,  # type: ignore[arg-type]
            category=form.cleaned_data["category"],
            message=form.cleaned_data["message"],
            contact=form.cleaned_data["contact"],
        )
        messages.success(request, _("Thank you for your feedback!"))
        return redirect("reviews:feedback")
    context = {"form": form}
    return render(request, "reviews/feedback.html", context, status=429 if limited else 200)
