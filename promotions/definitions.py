"""Describe promotions and SKUs in the JSON shape of the pricing spec.

A promotion's targets name catalog entries by SKU code, product slug, category path
("apparel/tops": the slugs from the root down), brand slug and tag slug. Every function
here costs a fixed number of queries, whatever the number of promotions or SKUs.
"""

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from catalog.models import SKU, Category, Product

from .models import (
    CouponCode,
    CustomerSegment,
    Promotion,
    PromotionKind,
    PromotionStatus,
    PromotionTarget,
    TargetRole,
)
from .selectors import usage_facts

SELECTOR_KEYS = {
    "sku": "skus",
    "product": "products",
    "category": "categories",
    "brand": "brands",
    "tag": "tags",
}
LIMIT_FIELDS = (
    "max_applications",
    "usage_limit",
    "per_customer",
    "budget",
    "stock_cap",
    "per_customer_qty",
)
DEFAULT_NAME_FIELD = build_localized_fieldname("name", settings.MODELTRANSLATION_DEFAULT_LANGUAGE)

Selector = dict[str, list[str]]


def category_paths(categories: Iterable[Category]) -> dict[int, str]:
    """Return each category's path of slugs from the root ("apparel/tops"), in one query."""
    categories = list(categories)
    prefixes = {
        category.path[:end]
        for category in categories
        for end in range(Category.steplen, len(category.path), Category.steplen)
    }
    slugs = {category.path: category.slug for category in categories}
    if prefixes - slugs.keys():
        slugs.update(
            Category.objects.filter(path__in=prefixes - slugs.keys()).values_list("path", "slug")
        )
    return {
        category.pk: "/".join(
            slugs[category.path[:end]]
            for end in range(Category.steplen, len(category.path) + 1, Category.steplen)
        )
        for category in categories
    }


def category_ancestry(path_by_id: dict[int, str], category_id: int) -> list[str]:
    """Return the paths of a category and of every ancestor, root first."""
    parts = path_by_id[category_id].split("/")
    return ["/".join(parts[:end]) for end in range(1, len(parts) + 1)]


def target_value(target: PromotionTarget, paths: dict[int, str]) -> tuple[str, str]:
    """Return the spec key and value that a target row names (("categories", "a/b"))."""
    if target.sku is not None:
        return "skus", target.sku.code
    if target.product is not None:
        return "products", target.product.slug
    if target.category_id is not None:
        return "categories", paths[target.category_id]
    if target.brand is not None:
        return "brands", target.brand.slug
    assert target.tag is not None  # the table's check constraint: exactly one entry
    return "tags", target.tag.slug


def targets_json(
    targets: Iterable[PromotionTarget], paths: dict[int, str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return a promotion's `targets` and `get_targets` objects (empty when none)."""
    selectors: dict[str, Selector] = {role: {} for role in TargetRole.values}
    for target in targets:
        key, value = target_value(target, paths)
        selectors[target.role].setdefault(key, []).append(value)

    def block(include: Selector, exclude: Selector) -> dict[str, Any]:
        result: dict[str, Any] = {key: sorted(values) for key, values in sorted(include.items())}
        if exclude:
            result["exclude"] = {key: sorted(values) for key, values in sorted(exclude.items())}
        return result

    return (
        block(selectors[TargetRole.INCLUDE], selectors[TargetRole.EXCLUDE]),
        block(selectors[TargetRole.GET_INCLUDE], selectors[TargetRole.GET_EXCLUDE]),
    )


def local_iso(moment: datetime) -> str:
    """Return an aware time in ISO 8601 with the shop's UTC offset."""
    return timezone.localtime(moment).isoformat()


def definition_for(
    promotion: Promotion,
    *,
    segments: Sequence[str] = (),
    codes: Sequence[str] = (),
    targets: dict[str, Any] | None = None,
    get_targets: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Return the definition of a promotion whose related rows are given, saved or not."""
    definition: dict[str, Any] = {
        "id": promotion.key,
        "name": getattr(promotion, DEFAULT_NAME_FIELD) or promotion.name or "",
        "kind": promotion.kind,
        **promotion.params,
    }
    if targets:
        definition["targets"] = targets
    if get_targets and promotion.kind == PromotionKind.BUY_X_GET_Y:
        definition["get_targets"] = get_targets
    conditions: dict[str, Any] = {}
    if promotion.starts_at:
        conditions["starts_at"] = local_iso(promotion.starts_at)
    if promotion.ends_at:
        conditions["ends_at"] = local_iso(promotion.ends_at)
    if segments:
        conditions["segments"] = sorted(segments)
    if promotion.first_order:
        conditions["first_order"] = True
    if promotion.channels:
        conditions["channels"] = sorted(promotion.channels)
    if conditions:
        definition["conditions"] = conditions
    if codes:
        definition["codes"] = sorted(codes)
    if promotion.priority:
        definition["priority"] = promotion.priority
    if promotion.exclusive_group:
        definition["exclusive_group"] = promotion.exclusive_group
    if promotion.exclusive:
        definition["exclusive"] = True
    limits = {
        field: getattr(promotion, field)
        for field in LIMIT_FIELDS
        if getattr(promotion, field) is not None
    }
    if "budget" in limits:
        limits["budget"] = f"{limits['budget']:.2f}"
    if limits:
        definition["limits"] = limits
    return definition


def usable_codes() -> QuerySet[CouponCode]:
    """Return the codes that still unlock their promotion: all but single-use codes used."""
    return CouponCode.objects.exclude(single_use=True, used_at__isnull=False)


def with_related(promotions: QuerySet[Promotion]) -> QuerySet[Promotion]:
    """Prefetch what definitions need: targets, segments and usable codes."""
    return promotions.prefetch_related(
        Prefetch(
            "targets",
            queryset=PromotionTarget.objects.select_related(
                "sku", "product", "category", "brand", "tag"
            ),
        ),
        Prefetch("segments", queryset=CustomerSegment.objects.only("id", "slug")),
        Prefetch("codes", queryset=usable_codes().only("id", "promotion_id", "code")),
    )


def definitions(promotions: Iterable[Promotion]) -> list[dict[str, Any]]:
    """Return the definitions of promotions fetched through with_related()."""
    promotions = list(promotions)
    paths = category_paths(
        target.category
        for promotion in promotions
        for target in promotion.targets.all()
        if target.category is not None
    )
    result = []
    for promotion in promotions:
        targets, get_targets = targets_json(promotion.targets.all(), paths)
        result.append(
            definition_for(
                promotion,
                segments=[segment.slug for segment in promotion.segments.all()],
                codes=[code.code for code in promotion.codes.all()],
                targets=targets,
                get_targets=get_targets,
            )
        )
    return result


def promotion_definition(promotion: Promotion) -> dict[str, Any]:
    """Return one promotion in the spec's JSON shape."""
    return definitions(with_related(Promotion.objects.filter(pk=promotion.pk)))[0]


def active_definitions(now: datetime) -> list[dict[str, Any]]:
    """Return every promotion that is active and not ended; the engine judges the window.

    A promotion whose codes are all used up is left out: without a usable code it would
    otherwise reach the engine ungated, open to every shopper.
    """
    any_code = CouponCode.objects.filter(promotion=OuterRef("pk"))
    usable_code = usable_codes().filter(promotion=OuterRef("pk"))
    promotions = Promotion.objects.filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now), status=PromotionStatus.ACTIVE
    ).exclude(Exists(any_code) & ~Exists(usable_code))
    return definitions(with_related(promotions))


def gift_skus(definition: Any) -> Iterator[str]:
    """Yield the SKU codes a gift definition gives, as far as its shape can be read."""
    if not isinstance(definition, dict) or definition.get("kind") != PromotionKind.GIFT:
        return
    if isinstance(definition.get("sku"), str):
        yield definition["sku"]
    tiers = definition.get("tiers")
    for tier in tiers if isinstance(tiers, list) else ():
        if isinstance(tier, dict) and isinstance(tier.get("sku"), str):
            yield tier["sku"]


def item_definitions(skus: Iterable[SKU | str]) -> dict[str, dict[str, Any]]:
    """Describe SKUs (objects or codes) as the spec's items, keyed by SKU code.

    Codes that name no SKU are left out.
    """
    codes = [sku.code if isinstance(sku, SKU) else sku for sku in skus]
    # Plain rows, not model instances: listing pages describe a hundred SKUs at a time.
    rows = list(
        SKU.objects.filter(code__in=codes).values_list(
            "code",
            "price",
            "product_id",
            "product__slug",
            "product__category_id",
            "product__category__path",
            "product__category__slug",
            "product__brand__slug",
        )
    )
    tags: dict[int, list[str]] = {}
    for product_id, slug in Product.tags.through.objects.filter(
        product_id__in={row[2] for row in rows}
    ).values_list("product_id", "tag__slug"):
        tags.setdefault(product_id, []).append(slug)
    categories = {row[4]: (row[5], row[6]) for row in rows}
    paths = category_paths(
        Category(pk=pk, path=path, slug=slug) for pk, (path, slug) in categories.items()
    )
    items = {}
    for code, price, product_id, product_slug, category_id, _path, _slug, brand in rows:
        item: dict[str, Any] = {
            "price": f"{price:.2f}",
            "product": product_slug,
            "categories": category_ancestry(paths, category_id),
        }
        if brand is not None:
            item["brand"] = brand
        if product_id in tags:
            item["tags"] = sorted(tags[product_id])
        items[code] = item
    return items


def item_definition(sku: SKU) -> dict[str, Any]:
    """Describe one SKU as the spec's item."""
    return item_definitions([sku])[sku.code]


def pricing_case(
    *,
    lines: Sequence[tuple[str, int]],
    now: datetime,
    promotion: Promotion | None = None,
    codes: Sequence[str] = (),
    segments: Sequence[str] = (),
    first_order: bool = False,
    channel: str | None = None,
    shipping: Decimal | None = None,
    max_coupons: int = 1,
) -> dict[str, Any]:
    """Return the spec's pricing case for a cart under the current promotions.

    With `promotion`, that one takes part as saved, even paused or outside its window's
    filter, in place of its current definition.
    """
    promotions = [
        definition
        for definition in active_definitions(now)
        if promotion is None or definition["id"] != promotion.key
    ]
    if promotion is not None:
        promotions.append(promotion_definition(promotion))
    gifts = [sku for definition in promotions for sku in gift_skus(definition)]
    case: dict[str, Any] = {
        "currency": settings.SHOP_CURRENCY,
        "now": local_iso(now),
        "items": item_definitions([*(sku for sku, _qty in lines), *gifts]),
        "cart": [{"sku": sku, "qty": qty} for sku, qty in lines],
        "customer": {"segments": sorted(segments), "first_order": first_order},
        "usage": usage_facts(),
        "codes": list(codes),
        "max_coupons": max_coupons,
        "shipping": f"{shipping or Decimal('0.00'):.2f}",
        "promotions": promotions,
    }
    if channel:
        case["channel"] = channel
    return case
