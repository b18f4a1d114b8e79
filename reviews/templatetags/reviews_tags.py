"""The product page's rating summary and review list, read through the selectors."""

from django import template
from django.http import HttpRequest

from reviews import selectors

register = template.Library()

STAR_CHOICES = (5, 4, 3, 2, 1)


@register.simple_tag
def product_rating(product) -> selectors.RatingSummary:
    """Return the product's rating summary (one query, shared with the page's metadata)."""
    return selectors.rating_summary(product=product)


@register.inclusion_tag("reviews/section.html", takes_context=True)
def product_reviews(context: template.Context, product) -> dict:
    """Return the summary and one filtered, sorted page of the product's reviews."""
    request: HttpRequest = context["request"]
    filters = selectors.review_filters(request.GET)
    summary = selectors.rating_summary(product=product)
    page = (
        selectors.review_page(
            product=product, filters=filters, number=request.GET.get("reviews_page")
        )
        if summary.count
        else None
    )
    return {
        "request": request,
        "product": product,
        "summary": summary,
        "filters": filters,
        "page": page,
        "stars_choices": STAR_CHOICES,
        "user": context.get("user"),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def reviewer_name(user) -> str:
    """Show a reviewer as the ends of the username only (张***三), as shops here do."""
    name = getattr(user, "username", "") or ""
    if len(name) <= 2:
        return f"{name[:1]}***"
    return f"{name[0]}***{name[-1]}"


@register.filter
def star_text(rating) -> str:
    """Draw a rating as filled and empty stars (the number is given beside it for readers)."""
    filled = round(float(rating or 0))
    return "★" * filled + "☆" * (5 - filled)
