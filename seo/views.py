"""robots.txt and the QR code that shares a product page to WeChat."""

import qrcode
import qrcode.image.svg
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from catalog.models import Product

# Pages of a shopper's session, and search results (endless, thin pages), in every language.
NOT_FOR_CRAWLERS = (
    "admin/",
    "accounts/",
    "cart/",
    "checkout/",
    "orders/",
    "pay/",
    "wishlist/",
    "reviews/",
    "search/",
)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Keep crawlers out of private pages and point them at the sitemap."""
    lines = ["User-agent: *"]
    for prefix in ("/", "/en/"):
        lines += [f"Disallow: {prefix}{path}" for path in NOT_FOR_CRAWLERS]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('seo:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def product_qr(request: HttpRequest, slug: str) -> HttpResponse:
    """Draw the product page's URL as an SVG QR code, for WeChat's scanner."""
    product = get_object_or_404(Product, slug=slug, is_active=True)
    url = request.build_absolute_uri(product.get_absolute_url())
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    response = HttpResponse(image.to_string(encoding="unicode"), content_type="image/svg+xml")
    patch_cache_control(response, public=True, max_age=86400)
    return response
