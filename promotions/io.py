"""Promotions in and out of the shop as files: JSON in the spec's shape, codes as CSV.

An import is all or nothing: every promotion is checked (by the engine, then against the
catalog) before any is written, and the first bad one is named with its path, as in
`promotions[3].tiers[0].min_spend: not a decimal`. The admin views and a management
command share these functions.
"""

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet

from catalog.models import SKU, Brand, Category, Product, Tag
from promotions.engine import CaseError, compile_promotions

from .cache import promotions_changed
from .definitions import (
    DEFAULT_NAME_FIELD,
    category_paths,
    definitions,
    gift_skus,
    with_related,
)
from .models import (
    Channel,
    CouponCode,
    CustomerSegment,
    Promotion,
    PromotionStatus,
    PromotionTarget,
    TargetRole,
    normalise_code,
    validate_code,
)

COMMON_KEYS = frozenset(
    {
        "id",
        "name",
        "kind",
        "targets",
        "get_targets",
        "conditions",
        "code",
        "codes",
        "priority",
        "exclusive_group",
        "exclusive",
        "limits",
    }
)
LIMIT_FIELDS = (
    "max_applications",
    "usage_limit",
    "per_customer",
    "budget",
    "stock_cap",
    "per_customer_qty",
)
MAX_INT = 2_147_483_647
# The admin asks more of these than the engine does: a group of one is no group.
MINIMUMS = {"n": 2, "size": 2}
CATALOG = {
    "skus": (SKU, "code", "sku"),
    "products": (Product, "slug", "product"),
    "brands": (Brand, "slug", "brand"),
    "tags": (Tag, "slug", "tag"),
}
UNKNOWN = {
    "skus": "unknown SKU",
    "products": "unknown product",
    "categories": "unknown category",
    "brands": "unknown brand",
    "tags": "unknown tag",
}
ROLES = {
    ("targets", False): TargetRole.INCLUDE,
    ("targets", True): TargetRole.EXCLUDE,
    ("get_targets", False): TargetRole.GET_INCLUDE,
    ("get_targets", True): TargetRole.GET_EXCLUDE,
}


class ImportRefused(ValueError):
    """A promotions file that cannot be imported: `path` says where, `message` what."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class ImportSummary:
    created: list[str]
    updated: list[str]


def promotions_export(promotions: QuerySet[Promotion] | None = None) -> list[dict[str, Any]]:
    """Return promotions (default: all) as the spec's JSON list."""
    if promotions is None:
        promotions = Promotion.objects.all()
    return definitions(with_related(promotions.order_by("key")))


def export_text(definitions_list: list[dict[str, Any]]) -> str:
    return json.dumps(definitions_list, ensure_ascii=False, indent=2) + "\n"


def read_promotions(data: bytes | str) -> list[Any]:
    """Parse a promotions file: a JSON list, or a pricing case with a `promotions` list."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportRefused("file", "not UTF-8 text") from error
    try:
        parsed = json.loads(data)
    except json.JSONDecodeError as error:
        raise ImportRefused(
            "file", f"not JSON (line {error.lineno}, column {error.colno})"
        ) from error
    if isinstance(parsed, dict) and "promotions" in parsed:
        parsed = parsed["promotions"]
    if not isinstance(parsed, list):
        raise ImportRefused("promotions", "not a list")
    return parsed


class Catalog:
    """The catalog entries a file names, fetched in one query per kind of entry."""

    def __init__(self, definitions_list: list[Any]) -> None:
        wanted: dict[str, set[str]] = {key: set() for key in (*CATALOG, "categories")}
        segments: set[str] = set()
        for definition in definitions_list:
            for block in selector_blocks(definition):
                for key, names in wanted.items():
                    names.update(strings(block.get(key)))
            wanted["skus"].update(gift_skus(definition))
            if isinstance(definition, dict) and isinstance(definition.get("conditions"), dict):
                segments.update(strings(definition["conditions"].get("segments")))
        self.rows: dict[str, dict[str, Any]] = {
            key: model._default_manager.in_bulk(wanted[key], field_name=field)
            for key, (model, field, _name) in CATALOG.items()
        }
        last_slugs = {path.rsplit("/", 1)[-1] for path in wanted["categories"]}
        categories = list(Category.objects.filter(slug__in=last_slugs))
        paths = category_paths(categories)
        self.rows["categories"] = {paths[category.pk]: category for category in categories}
        self.segments = CustomerSegment.objects.in_bulk(segments, field_name="slug")

    def get(self, key: str, value: str) -> Any:
        return self.rows[key].get(value)


def strings(value: Any) -> list[str]:
    """Return the strings of what should be a list of strings, before the engine checks it."""
    return [entry for entry in value if isinstance(entry, str)] if isinstance(value, list) else []


def selector_blocks(definition: Any) -> Iterator[dict[str, Any]]:
    if not isinstance(definition, dict):
        return
    for name in ("targets", "get_targets"):
        block = definition.get(name)
        if isinstance(block, dict):
            yield block
            if isinstance(block.get("exclude"), dict):
                yield block["exclude"]


def check_definitions(definitions_list: list[Any]) -> Catalog:
    """Refuse the file at its first bad promotion: the engine's checks, then the shop's."""
    catalog = Catalog(definitions_list)
    seen_ids: set[str] = set()
    code_owner: dict[str, str] = {}
    stored_codes = dict(
        CouponCode.objects.filter(code__in=all_codes(definitions_list)).values_list(
            "code", "promotion__key"
        )
    )
    for position, definition in enumerate(definitions_list):
        path = f"promotions[{position}]"
        try:
            compile_promotions([definition])
        except CaseError as error:
            raise ImportRefused(
                error.path.replace("promotions[0]", path, 1), error.message
            ) from error
        check_shop_rules(definition, path, seen_ids)
        check_catalog(definition, path, catalog)
        check_codes(definition, path, code_owner, stored_codes)
        seen_ids.add(definition["id"])
    return catalog


def check_shop_rules(definition: dict[str, Any], path: str, seen_ids: set[str]) -> None:
    if definition["id"] in seen_ids:
        raise ImportRefused(f"{path}.id", "duplicate id")
    check_field(Promotion, "key", definition["id"], f"{path}.id")
    check_field(Promotion, "name", name_of(definition), f"{path}.name")
    check_field(
        Promotion,
        "exclusive_group",
        definition.get("exclusive_group") or "",
        f"{path}.exclusive_group",
    )
    if abs(definition.get("priority") or 0) > MAX_INT:
        raise ImportRefused(f"{path}.priority", "too large")
    for key, minimum in MINIMUMS.items():
        if key in definition and definition[key] < minimum:
            raise ImportRefused(f"{path}.{key}", f"must be at least {minimum}")
    for key, value in (definition.get("limits") or {}).items():
        if key != "budget" and value is not None and value > MAX_INT:
            raise ImportRefused(f"{path}.limits.{key}", "too large")
    for index, channel in enumerate((definition.get("conditions") or {}).get("channels") or ()):
        if channel not in Channel.values:
            raise ImportRefused(f"{path}.conditions.channels[{index}]", "unknown channel")


def name_of(definition: dict[str, Any]) -> str:
    """Return a promotion's name; a nameless one is called by its id."""
    return (definition.get("name") or "").strip() or definition["id"]


def check_field(model: type[models.Model], name: str, value: Any, path: str) -> None:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    try:
        field.clean(value, None)
    except ValidationError as error:
        raise ImportRefused(path, " ".join(str(message) for message in error.messages)) from error


def check_catalog(definition: dict[str, Any], path: str, catalog: Catalog) -> None:
    for name in ("targets", "get_targets"):
        block = definition.get(name) or {}
        for excluded, selector in ((False, block), (True, block.get("exclude") or {})):
            where = f"{path}.{name}.exclude" if excluded else f"{path}.{name}"
            for key, values in selector.items():
                if key == "exclude":
                    continue
                for index, value in enumerate(values):
                    if catalog.get(key, value) is None:
                        raise ImportRefused(f"{where}.{key}[{index}]", UNKNOWN[key])
    segments = (definition.get("conditions") or {}).get("segments") or ()
    for index, slug in enumerate(segments):
        if slug not in catalog.segments:
            raise ImportRefused(f"{path}.conditions.segments[{index}]", "unknown segment")
    if definition["kind"] == "gift":
        if definition.get("sku") is not None and catalog.get("skus", definition["sku"]) is None:
            raise ImportRefused(f"{path}.sku", "unknown SKU")
        for index, tier in enumerate(definition["tiers"]):
            if tier.get("sku") is not None and catalog.get("skus", tier["sku"]) is None:
                raise ImportRefused(f"{path}.tiers[{index}].sku", "unknown SKU")


def definition_codes(definition: dict[str, Any]) -> list[tuple[str, str]]:
    """Return (path, code) for each code of a definition, as the admin stores it."""
    found = []
    if definition.get("code") is not None:
        found.append(("code", definition["code"]))
    found.extend(
        (f"codes[{index}]", code) for index, code in enumerate(definition.get("codes") or ())
    )
    return [(where, normalise_code(code)) for where, code in found]


def all_codes(definitions_list: list[Any]) -> list[str]:
    return [
        normalise_code(code)
        for definition in definitions_list
        if isinstance(definition, dict)
        for code in [definition.get("code"), *(definition.get("codes") or ())]
        if isinstance(code, str)
    ]


def check_codes(
    definition: dict[str, Any], path: str, code_owner: dict[str, str], stored: dict[str, str]
) -> None:
    for where, code in definition_codes(definition):
        try:
            validate_code(code)
            check_field(CouponCode, "code", code, f"{path}.{where}")
        except ValidationError as error:
            raise ImportRefused(f"{path}.{where}", " ".join(error.messages)) from error
        owner = code_owner.setdefault(code, definition["id"])
        if owner != definition["id"]:
            raise ImportRefused(f"{path}.{where}", f"already a code of promotion {owner}")
        if stored.get(code, definition["id"]) != definition["id"]:
            raise ImportRefused(f"{path}.{where}", f"already a code of promotion {stored[code]}")


@transaction.atomic
def promotions_import(*, definitions_list: list[Any]) -> ImportSummary:
    """Check every promotion, then create or update each by its id; all or nothing."""
    catalog = check_definitions(definitions_list)
    existing = Promotion.objects.select_for_update().in_bulk(
        [definition["id"] for definition in definitions_list], field_name="key"
    )
    summary = ImportSummary(created=[], updated=[])
    for definition in definitions_list:
        promotion = existing.get(definition["id"])
        if promotion is None:
            promotion = Promotion(key=definition["id"], status=PromotionStatus.ACTIVE)
            summary.created.append(definition["id"])
        else:
            summary.updated.append(definition["id"])
        write_promotion(promotion, definition, catalog)
    promotions_changed()
    return summary


def write_promotion(promotion: Promotion, definition: dict[str, Any], catalog: Catalog) -> None:
    conditions = definition.get("conditions") or {}
    limits = definition.get("limits") or {}
    setattr(promotion, DEFAULT_NAME_FIELD, name_of(definition))
    promotion.kind = definition["kind"]
    promotion.params = {
        key: value
        for key, value in definition.items()
        if key not in COMMON_KEYS and value is not None
    }
    promotion.starts_at = moment(conditions.get("starts_at"))
    promotion.ends_at = moment(conditions.get("ends_at"))
    promotion.first_order = bool(conditions.get("first_order"))
    promotion.channels = sorted(conditions.get("channels") or ())
    promotion.priority = definition.get("priority") or 0
    promotion.exclusive_group = definition.get("exclusive_group") or ""
    promotion.exclusive = bool(definition.get("exclusive"))
    for field in LIMIT_FIELDS:
        setattr(promotion, field, limits.get(field))
    promotion.save()
    promotion.segments.set([catalog.segments[slug] for slug in conditions.get("segments") or ()])
    promotion.targets.all().delete()
    PromotionTarget.objects.bulk_create(targets_of(promotion, definition, catalog))
    write_codes(promotion, [code for _where, code in definition_codes(definition)])


def moment(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def targets_of(
    promotion: Promotion, definition: dict[str, Any], catalog: Catalog
) -> Iterator[PromotionTarget]:
    for name in ("targets", "get_targets"):
        block = definition.get(name) or {}
        for excluded, selector in ((False, block), (True, block.get("exclude") or {})):
            for key, values in selector.items():
                if key == "exclude":
                    continue
                field = "category" if key == "categories" else CATALOG[key][2]
                for value in dict.fromkeys(values):
                    yield PromotionTarget(
                        promotion=promotion,
                        role=ROLES[(name, excluded)],
                        **{field: catalog.get(key, value)},
                    )


def write_codes(promotion: Promotion, codes: Iterable[str]) -> None:
    """Make a promotion's codes those listed, keeping used codes the file cannot list."""
    wanted = set(codes)
    promotion.codes.exclude(code__in=wanted).filter(used_at__isnull=True).delete()
    have = set(promotion.codes.values_list("code", flat=True))
    CouponCode.objects.bulk_create(
        CouponCode(promotion=promotion, code=code) for code in sorted(wanted - have)
    )


def coupon_codes_csv(promotions: QuerySet[Promotion]) -> Iterator[str]:
    """Yield the CSV lines of the promotions' codes, headed, for spreadsheets (UTF-8 BOM)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(
        ["promotion", "code", "assigned_to", "single_use", "used_at", "order"]
    )
    rows = (
        CouponCode.objects.filter(promotion__in=promotions)
        .order_by("promotion__key", "id")
        .values_list(
            "promotion__key", "code", "user__username", "single_use", "used_at", "order__number"
        )
    )
    for key, code, username, single_use, used_at, order in rows.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                key,
                code,
                username or "",
                "yes" if single_use else "no",
                used_at.isoformat() if used_at else "",
                order or "",
            ]
        )


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value
