"""Validate promotion definitions (the JSON of the spec) and compile them once."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import Decimal
from typing import Any

from promotions.engine.errors import CaseError
from promotions.engine.money import Percent
from promotions.engine.reading import (
    at,
    boolean,
    cents,
    instant,
    integer,
    known_keys,
    listing,
    mapping,
    percent,
    present,
    required,
    text,
    texts,
)
from promotions.engine.rules import (
    COUPON,
    ITEM,
    ITEM_KINDS,
    MULTI_UNIT,
    MULTI_UNIT_KINDS,
    ORDER,
    SHIPPING,
    PriceTier,
    Promotion,
    PromotionSet,
    Reward,
    Selector,
    Targets,
    Tier,
    normalise_code,
)

Fields = dict[str, Any]
COMMON_KEYS = frozenset(
    {
        "id",
        "name",
        "kind",
        "targets",
        "conditions",
        "code",
        "codes",
        "priority",
        "exclusive_group",
        "exclusive",
        "limits",
    }
)
KIND_KEYS = {
    "special_price": {"price"},
    "percent_off": {"percent"},
    "amount_off": {"amount"},
    "tier_price": {"tiers"},
    "buy_x_get_y": {"buy", "get", "percent", "get_targets"},
    "nth_item": {"n", "percent"},
    "bundle_price": {"size", "price"},
    "spend_threshold": {"tiers", "repeat", "max_discount"},
    "gift": {"tiers", "sku", "qty"},
    "free_shipping": {"min_spend", "min_qty", "amount_off", "percent_off"},
}
SELECTOR_KEYS = ("skus", "products", "categories", "brands", "tags")
CONDITION_KEYS = frozenset({"starts_at", "ends_at", "segments", "first_order", "channels"})
LIMIT_KEYS = frozenset(
    {"max_applications", "usage_limit", "per_customer", "budget", "stock_cap", "per_customer_qty"}
)


def compile_promotions(
    definitions: Sequence[Mapping[str, Any]], *, skus: Collection[str] | None = None
) -> PromotionSet:
    """Validate and compile promotion definitions; errors point at `promotions[i]...`."""
    # With `skus`, a gift must name one of them.
    seen: set[str] = set()
    compiled = []
    for position, definition in enumerate(listing(definitions, "promotions")):
        promotion = compile_promotion(definition, position, seen, skus)
        seen.add(promotion.id)
        compiled.append(promotion)
    return PromotionSet.build(compiled)


def compile_promotion(
    definition: Any, position: int, seen: Collection[str], skus: Collection[str] | None
) -> Promotion:
    path = f"promotions[{position}]"
    raw = mapping(definition, path)
    pid = text(required(raw, "id", path), at(path, "id"))
    if pid in seen:
        raise CaseError(at(path, "id"), "duplicate id")
    kind = text(required(raw, "kind", path), at(path, "kind"))
    if kind not in KIND_KEYS:
        raise CaseError(at(path, "kind"), "unknown kind")
    known_keys(raw, COMMON_KEYS | KIND_KEYS[kind], path)
    fields: Fields = {"id": pid, "kind": kind, "position": position}
    if present(raw, "name"):
        fields["name"] = text(raw["name"], at(path, "name"), blank=True)
    else:
        fields["name"] = ""
    fields.update(KIND_READERS[kind](raw, path, skus))
    fields["targets"] = read_targets(raw.get("targets"), at(path, "targets"))
    fields.update(read_conditions(raw.get("conditions"), at(path, "conditions")))
    fields["codes"] = read_codes(raw, path)
    fields["layer"] = layer_of(kind, bool(fields["codes"]))
    if present(raw, "priority"):
        fields["priority"] = integer(raw["priority"], at(path, "priority"))
    if present(raw, "exclusive_group"):
        fields["exclusive_group"] = text(raw["exclusive_group"], at(path, "exclusive_group"))
    if present(raw, "exclusive"):
        fields["exclusive"] = boolean(raw["exclusive"], at(path, "exclusive"))
    fields.update(read_limits(raw.get("limits"), at(path, "limits"), kind, fields["layer"]))
    return Promotion(**fields)


def layer_of(kind: str, coded: bool) -> int:
    if kind in ITEM_KINDS:
        return ITEM
    if kind in MULTI_UNIT_KINDS:
        return MULTI_UNIT
    if kind == "spend_threshold":
        return COUPON if coded else ORDER
    if kind == "gift":
        return ORDER
    return SHIPPING


def read_codes(raw: Mapping[str, Any], path: str) -> frozenset[str]:
    codes = []
    if present(raw, "code"):
        codes.append(text(raw["code"], at(path, "code")))
    if present(raw, "codes"):
        codes.extend(texts(raw["codes"], at(path, "codes")))
    return frozenset(normalise_code(code) for code in codes)


def read_selector(raw: Mapping[str, Any], path: str) -> Selector:
    values = {
        key: frozenset(texts(raw[key], at(path, key))) for key in SELECTOR_KEYS if present(raw, key)
    }
    return Selector(**values)


def read_targets(value: Any, path: str) -> Targets:
    """Read targets: selector keys, and `exclude` with the same keys."""
    if value is None:
        return Targets()
    raw = mapping(value, path)
    known_keys(raw, (*SELECTOR_KEYS, "exclude"), path)
    include = read_selector(raw, path)
    exclude = Selector()
    if present(raw, "exclude"):
        excluded = mapping(raw["exclude"], at(path, "exclude"))
        known_keys(excluded, SELECTOR_KEYS, at(path, "exclude"))
        exclude = read_selector(excluded, at(path, "exclude"))
    return Targets(include=include, exclude=exclude)


def read_conditions(value: Any, path: str) -> Fields:
    if value is None:
        return {}
    raw = mapping(value, path)
    known_keys(raw, CONDITION_KEYS, path)
    fields: Fields = {}
    if present(raw, "starts_at"):
        fields["starts_at"] = instant(raw["starts_at"], at(path, "starts_at"))
    if present(raw, "ends_at"):
        fields["ends_at"] = instant(raw["ends_at"], at(path, "ends_at"))
        if "starts_at" in fields and fields["starts_at"] >= fields["ends_at"]:
            raise CaseError(at(path, "starts_at"), "must be before ends_at")
    if present(raw, "segments"):
        fields["segments"] = frozenset(texts(raw["segments"], at(path, "segments")))
    if present(raw, "first_order"):
        fields["first_order"] = boolean(raw["first_order"], at(path, "first_order"))
    if present(raw, "channels"):
        fields["channels"] = frozenset(texts(raw["channels"], at(path, "channels")))
    return fields


def read_limits(value: Any, path: str, kind: str, layer: int) -> Fields:
    if value is None:
        return {}
    raw = mapping(value, path)
    known_keys(raw, LIMIT_KEYS, path)
    fields: Fields = {}
    if present(raw, "max_applications"):
        if layer != MULTI_UNIT and kind != "spend_threshold":
            raise CaseError(
                at(path, "max_applications"), "only for multi-unit promotions and spend thresholds"
            )
        fields["max_applications"] = integer(
            raw["max_applications"], at(path, "max_applications"), 1
        )
    for key in ("usage_limit", "per_customer"):
        if present(raw, key):
            fields[key] = integer(raw[key], at(path, key), 0)
    if present(raw, "budget"):
        fields["budget"] = cents(raw["budget"], at(path, "budget"))
    for key in ("stock_cap", "per_customer_qty"):
        if present(raw, key):
            if layer != ITEM:
                raise CaseError(at(path, key), "only for item promotions")
            fields[key] = integer(raw[key], at(path, key), 0)
    return fields


def read_special_price(raw: Mapping[str, Any], path: str, skus: Collection[str] | None) -> Fields:
    return {"price": cents(required(raw, "price", path), at(path, "price"))}


def read_percent_off(raw: Mapping[str, Any], path: str, skus: Collection[str] | None) -> Fields:
    return {"percent": percent(required(raw, "percent", path), at(path, "percent"))}


def read_amount_off(raw: Mapping[str, Any], path: str, skus: Collection[str] | None) -> Fields:
    return {"amount": cents(required(raw, "amount", path), at(path, "amount"))}


def read_tier_price(raw: Mapping[str, Any], path: str, skus: Collection[str] | None) -> Fields:
    tiers_path = at(path, "tiers")
    tiers = []
    for j, value in enumerate(non_empty(required(raw, "tiers", path), tiers_path)):
        tier_path = at(tiers_path, j)
        tier = mapping(value, tier_path)
        known_keys(tier, ("min_qty", "price"), tier_path)
        min_qty = integer(required(tier, "min_qty", tier_path), at(tier_path, "min_qty"), 1)
        if tiers and min_qty <= tiers[-1].min_qty:
            raise CaseError(at(tier_path, "min_qty"), "must be above the previous tier's")
        price = cents(required(tier, "price", tier_path), at(tier_path, "price"))
        tiers.append(PriceTier(min_qty=min_qty, price=price))
    return {"price_tiers": tuple(tiers)}


def read_buy_x_get_y(raw: Mapping[str, Any], path: str, skus: Collection[str] | None) -> Fields:
    fields: Fields = {
        "buy": integer(required(raw, "buy", path), at(path, "buy"), 1),
        "get": integer(required(raw, "get", path), at(path, "get"), 1),
        "percent": percent(raw["percent"], at(path, "percent"))
        if present(raw, "percent")
        else Percent.of(Decimal(100)),
    }
    if present(raw, "get_targets"):
        fields["get_targets"] = read_targets(raw["get_targets"], at(path, "get_targets"))
    return fields


def read_nth_item(raw: Mapping[str, Any], path: str, skus: Collection[str] | None) -> Fields:
    return {
        "n": integer(required(raw, "n", path), at(path, "n"), 1),
        "percent": percent(required(raw, "percent", path), at(path, "percent")),
    }


def read_bundle_price(raw: Mapping[str, Any], path: str, skus: Collection[str] | None) -> Fields:
    return {
        "size": integer(required(raw, "size", path), at(path, "size"), 1),
        "price": cents(required(raw, "price", path), at(path, "price")),
    }


def read_spend_threshold(raw: Mapping[str, Any], path: str, skus: Collection[str] | None) -> Fields:
    repeat = boolean(raw["repeat"], at(path, "repeat")) if present(raw, "repeat") else False
    tiers = read_tiers(raw, path, money_reward)
    if repeat:
        if len(tiers) != 1:
            raise CaseError(at(path, "tiers"), "repeat takes exactly one tier")
        tier_path = at(at(path, "tiers"), 0)
        if tiers[0].reward.amount_off is None:
            raise CaseError(at(tier_path, "percent_off"), "repeat takes amount_off")
        threshold = "min_spend" if tiers[0].min_spend is not None else "min_qty"
        if not (tiers[0].min_spend or tiers[0].min_qty):
            raise CaseError(at(tier_path, threshold), "must be above zero with repeat")
    fields: Fields = {"tiers": tiers, "repeat": repeat}
    if present(raw, "max_discount"):
        fields["max_discount"] = cents(raw["max_discount"], at(path, "max_discount"))
    return fields


def read_gift(raw: Mapping[str, Any], path: str, skus: Collection[str] | None) -> Fields:
    sku = gift_sku(raw, path, skus) if present(raw, "sku") else None
    qty = integer(raw["qty"], at(path, "qty"), 1) if present(raw, "qty") else 1

    def reward(tier: Mapping[str, Any], tier_path: str) -> Reward:
        tier_sku = gift_sku(tier, tier_path, skus) if present(tier, "sku") else sku
        if tier_sku is None:
            raise CaseError(at(path, "sku"), "required")
        tier_qty = integer(tier["qty"], at(tier_path, "qty"), 1) if present(tier, "qty") else qty
        return Reward(sku=tier_sku, qty=tier_qty)

    return {"tiers": read_tiers(raw, path, reward, reward_keys=("sku", "qty"))}


def gift_sku(raw: Mapping[str, Any], path: str, skus: Collection[str] | None) -> str:
    sku = text(raw["sku"], at(path, "sku"))
    if skus is not None and sku not in skus:
        raise CaseError(at(path, "sku"), "unknown SKU")
    return sku


def read_free_shipping(raw: Mapping[str, Any], path: str, skus: Collection[str] | None) -> Fields:
    min_spend, min_qty = read_threshold(raw, path, optional=True)
    reward = money_reward(raw, path, whole_fee=True)
    return {"tiers": (Tier(min_spend=min_spend, min_qty=min_qty, reward=reward),)}


def money_reward(raw: Mapping[str, Any], path: str, *, whole_fee: bool = False) -> Reward:
    """Read `amount_off` or `percent_off`; for free shipping, neither means the whole fee."""
    if present(raw, "amount_off") and present(raw, "percent_off"):
        raise CaseError(at(path, "percent_off"), "give amount_off or percent_off, not both")
    if present(raw, "amount_off"):
        return Reward(amount_off=cents(raw["amount_off"], at(path, "amount_off")))
    if present(raw, "percent_off"):
        return Reward(percent_off=percent(raw["percent_off"], at(path, "percent_off")))
    if whole_fee:
        return Reward()
    raise CaseError(at(path, "amount_off"), "required (or percent_off)")


def read_threshold(
    raw: Mapping[str, Any], path: str, *, optional: bool = False
) -> tuple[int | None, int | None]:
    if present(raw, "min_spend") and present(raw, "min_qty"):
        raise CaseError(at(path, "min_qty"), "give min_spend or min_qty, not both")
    if present(raw, "min_spend"):
        return cents(raw["min_spend"], at(path, "min_spend")), None
    if present(raw, "min_qty"):
        return None, integer(raw["min_qty"], at(path, "min_qty"), 0)
    if optional:
        return None, None
    raise CaseError(at(path, "min_spend"), "required (or min_qty)")


def read_tiers(
    raw: Mapping[str, Any],
    path: str,
    reward: Callable[[Mapping[str, Any], str], Reward],
    reward_keys: tuple[str, ...] = ("amount_off", "percent_off"),
) -> tuple[Tier, ...]:
    """Read tiers listed in strictly ascending order of one threshold, min_spend or min_qty."""
    tiers_path = at(path, "tiers")
    tiers: list[Tier] = []
    for j, value in enumerate(non_empty(required(raw, "tiers", path), tiers_path)):
        tier_path = at(tiers_path, j)
        tier_raw = mapping(value, tier_path)
        known_keys(tier_raw, ("min_spend", "min_qty", *reward_keys), tier_path)
        min_spend, min_qty = read_threshold(tier_raw, tier_path)
        if tiers:
            previous = tiers[-1]
            key = "min_spend" if min_spend is not None else "min_qty"
            if (min_spend is None) != (previous.min_spend is None):
                raise CaseError(at(tier_path, key), "every tier must use the same threshold")
            if (min_spend or min_qty or 0) <= (previous.min_spend or previous.min_qty or 0):
                raise CaseError(at(tier_path, key), "must be above the previous tier's")
        tiers.append(Tier(min_spend=min_spend, min_qty=min_qty, reward=reward(tier_raw, tier_path)))
    return tuple(tiers)


def non_empty(value: Any, path: str) -> list[Any]:
    values = listing(value, path)
    if not values:
        raise CaseError(path, "must not be empty")
    return values


KIND_READERS: dict[str, Callable[[Mapping[str, Any], str, Collection[str] | None], Fields]] = {
    "special_price": read_special_price,
    "percent_off": read_percent_off,
    "amount_off": read_amount_off,
    "tier_price": read_tier_price,
    "buy_x_get_y": read_buy_x_get_y,
    "nth_item": read_nth_item,
    "bundle_price": read_bundle_price,
    "spend_threshold": read_spend_threshold,
    "gift": read_gift,
    "free_shipping": read_free_shipping,
}
