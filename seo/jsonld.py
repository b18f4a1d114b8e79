"""schema.org data for search engines, built as plain dicts and written as safe JSON."""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

IN_STOCK = "https://schema.org/InStock"
OUT_OF_STOCK = "https://schema.org/OutOfStock"

# The characters that could end the <script> element or start markup inside it.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class ProductFacts:
    """What the Product description needs, gathered by the page from its own objects."""

    name: str
    description: str
    url: str
    images: Sequence[str]
    sku: str
    brand: str
    price: Decimal
    currency: str
    in_stock: bool
    rating: Decimal | None = None
    review_count: int = 0


def product(facts: ProductFacts) -> dict:
    """Return a schema.org Product with its offer and, when reviewed, its aggregate rating."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": facts.name,
        "description": facts.description,
        "url": facts.url,
        "image": list(facts.images),
        "sku": facts.sku,
        "offers": {
            "@type": "Offer",
            "url": facts.url,
            "price": f"{facts.price:.2f}",
            "priceCurrency": facts.currency,
            "availability": IN_STOCK if facts.in_stock else OUT_OF_STOCK,
            "itemCondition": "https://schema.org/NewCondition",
        },
    }
    if facts.brand:
        data["brand"] = {"@type": "Brand", "name": facts.brand}
    if facts.review_count and facts.rating is not None:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": f"{facts.rating:.2f}",
            "reviewCount": facts.review_count,
            "bestRating": "5",
            "worstRating": "1",
        }
    return data


def breadcrumbs(trail: Sequence[tuple[str, str]]) -> dict:
    """Return a schema.org BreadcrumbList of (name, absolute URL) pairs, in order."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def dumps(data: dict) -> SafeString:
    """Serialise for an ld+json script element: no sequence in it can close the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_ESCAPES))  # noqa: S308 - escaped just above
