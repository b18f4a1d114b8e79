"""Head tags every page carries (canonical, hreflang) and a product page's rich metadata."""

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils.html import strip_tags
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext

from reviews.selectors import rating_summary
from seo import jsonld
from shop.ids import as_id

register = template.Library()

DESCRIPTION_LENGTH = 160


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _canonical_path(request: HttpRequest) -> str:
    """The page's path without its query string, but keeping a listing's page number."""
    page = request.GET.get("page", "")
    number = as_id(page)
    if number is not None and number > 1:
        return f"{request.path}?{urlencode({'page': page})}"
    return request.path


@register.inclusion_tag("seo/head.html", takes_context=True)
def seo_head(context: template.Context) -> dict:
    """Return the canonical URL and the page's twin in every language (and x-default)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return {}
    path = _canonical_path(request)
    alternates = [
        (code, _absolute(request, translate_url(path, code))) for code, _ in settings.LANGUAGES
    ]
    default = _absolute(request, translate_url(path, settings.LANGUAGE_CODE))
    return {"canonical": _absolute(request, path), "alternates": alternates, "x_default": default}


def meta_description(text: str) -> str:
    """Return plain text cut to what search engines show."""
    plain = " ".join(strip_tags(text).split())
    return Truncator(plain).chars(DESCRIPTION_LENGTH)


def _facts(request: HttpRequest, product, sku) -> jsonld.ProductFacts:
    summary = rating_summary(product=product)
    promo = getattr(sku, "promo_price", None) if sku is not None else None
    skus = getattr(product, "active_skus", [])
    chosen = sku or (skus[0] if skus else None)
    return jsonld.ProductFacts(
        name=product.name,
        description=meta_description(product.description) or product.name,
        url=_absolute(request, product.get_absolute_url()),
        images=[_absolute(request, image.large_url) for image in product.images.all()],
        sku=chosen.code if chosen is not None else product.slug,
        brand=product.brand.name if product.brand else "",
        price=promo.price if promo is not None else (sku.price if sku else product.min_price),
        currency=settings.SHOP_CURRENCY,
        in_stock=sku is not None,
        rating=summary.average,
        review_count=summary.count,
    )


@register.inclusion_tag("seo/product_meta.html", takes_context=True)
def product_meta(context: template.Context, product, sku=None, trail=()) -> dict:
    """Return Open Graph, Twitter card and JSON-LD (Product, BreadcrumbList) for a product."""
    request: HttpRequest = context["request"]
    facts = _facts(request, product, sku)
    crumbs = [(gettext("Home"), _absolute(request, reverse("catalog:home")))]
    crumbs += [
        (category.name, _absolute(request, category.get_absolute_url())) for category in trail
    ]
    crumbs.append((product.name, facts.url))
    return {
        "facts": facts,
        "product_json": jsonld.dumps(jsonld.product(facts)),
        "breadcrumbs_json": jsonld.dumps(jsonld.breadcrumbs(crumbs)),
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE", settings.LANGUAGE_CODE),
    }


@register.inclusion_tag("seo/share.html", takes_context=True)
def share_links(context: template.Context, product) -> dict:
    """Return the product's absolute URL and the share targets built from it."""
    request: HttpRequest = context["request"]
    url = _absolute(request, product.get_absolute_url())
    return {
        "product": product,
        "url": url,
        "weibo": "https://service.weibo.com/share/share.php?"
        + urlencode({"url": url, "title": product.name}),
        "x": "https://twitter.com/intent/tweet?" + urlencode({"url": url, "text": product.name}),
        "mail": "mailto:?" + urlencode({"subject": product.name, "body": url}).replace("+", "%20"),
    }
