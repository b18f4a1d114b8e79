"""Price a case by trying every valid application: the spec read as plain code.

Nothing here is clever. Layer 1 is computed as the spec states it; then every subset of
the promotions of layers 2 to 5 is tried, and for layer 2 every way of sharing the cart's
units out between the chosen multi-unit promotions. A promotion's share is exactly the
units it uses (whole groups only): a larger share that leaves units unused prices the
same as the smaller one, which is tried too. The cheapest valid application wins, under
the spec's tie-breaks. Money is integer cents.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

ITEM_KINDS = ("special_price", "percent_off", "amount_off", "tier_price")
MULTI_UNIT_KINDS = ("buy_x_get_y", "nth_item", "bundle_price")
LAYER_NAMES = {1: "item", 2: "multi_unit", 3: "order", 4: "coupon", 5: "shipping"}
SELECTOR_KEYS = ("skus", "products", "categories", "brands", "tags")


def to_cents(amount: str) -> int:
    """Return a 2-decimal amount string as integer cents, exactly at any size."""
    numerator, denominator = Decimal(amount).as_integer_ratio()
    return numerator * 100 // denominator


def fmt(cents: int) -> str:
    """Return integer cents as a 2-decimal string."""
    return str(Decimal(cents) / 100 + Decimal("0.00"))


def percent_of(cents: int, percent: Any) -> int:
    """Return round-half-up(percent % of cents), in cents."""
    exact = Decimal(cents) * Decimal(str(percent)) / 100
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def allocate(amount: int, weights: list[int]) -> list[int]:
    """Split amount in proportion to weights by the largest-remainder method."""
    total = sum(weights)
    if total == 0:
        return [0] * len(weights)
    shares = [amount * w // total for w in weights]
    remainders = [amount * w % total for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], -weights[i], i))
    for i in order[: amount - sum(shares)]:
        shares[i] += 1
    return shares


def layer_of(promo: dict) -> int:
    """Return the layer (1 to 5) that a promotion belongs to."""
    kind = promo["kind"]
    if kind in ITEM_KINDS:
        return 1
    if kind in MULTI_UNIT_KINDS:
        return 2
    if kind == "spend_threshold":
        return 4 if codes_of(promo) else 3
    if kind == "gift":
        return 3
    return 5


def codes_of(promo: dict) -> set[str]:
    """Return the promotion's codes, normalised for matching."""
    codes = list(promo.get("codes", []))
    if "code" in promo:
        codes.append(promo["code"])
    return {code.strip().lower() for code in codes}


def matches(selector: dict, sku: str, item: dict) -> bool:
    """Say whether an item matches any key of a targets selector."""
    categories = selector.get("categories", [])
    return (
        sku in selector.get("skus", [])
        or item.get("product") in selector.get("products", [])
        or any(
            path == category or path.startswith(category + "/")
            for category in categories
            for path in item.get("categories", [])
        )
        or item.get("brand") in selector.get("brands", [])
        or any(tag in selector.get("tags", []) for tag in item.get("tags", []))
    )


def eligible(targets: dict | None, sku: str, item: dict) -> bool:
    """Say whether an item is eligible under targets (none: every item)."""
    targets = targets or {}
    listed = {key: targets[key] for key in SELECTOR_KEYS if key in targets}
    included = not listed or matches(listed, sku, item)
    return included and not matches(targets.get("exclude", {}), sku, item)


def parse_time(value: str) -> datetime:
    """Return an aware datetime from an ISO 8601 string."""
    return datetime.fromisoformat(value)


@dataclass(frozen=True)
class Unit:
    """One unit of a cart line, at its layer-1 price."""

    line: int
    sku: str
    price: int
    promotion: str | None


@dataclass(frozen=True)
class Gift:
    """Free units that a gift promotion adds."""

    promotion: str
    sku: str
    qty: int
    value: int


@dataclass
class Outcome:
    """One valid application of layers 2 to 5 and what it costs."""

    total: int
    line_amounts: list[int]
    adjustments: list[dict[str, int]]
    amounts: dict[str, int]
    shipping_discount: int
    gifts: list[Gift]
    chosen: tuple[dict, ...]

    @property
    def gift_value(self) -> int:
        return sum(gift.value for gift in self.gifts)

    @property
    def codes_used(self) -> int:
        return sum(1 for promo in self.chosen if codes_of(promo))

    @property
    def key(self) -> tuple:
        ids = tuple(sorted(promo["id"] for promo in self.chosen))
        return (self.total, -self.gift_value, self.codes_used, len(self.chosen), ids)


@dataclass
class Result:
    """The cheapest application, with the facts a test compares."""

    subtotal: int
    discount: int
    shipping: int
    shipping_discount: int
    total: int
    line_totals: list[int]
    adjustments: list[dict[str, int]]
    applied: dict[str, int]
    gifts: list[Gift]
    codes_used: int
    chosen: list[str]
    settled: bool
    reasons: dict[str, str] = field(default_factory=dict)

    @property
    def gift_value(self) -> int:
        return sum(gift.value for gift in self.gifts)


class Case:
    """The facts of one JSON case that every promotion is judged on."""

    def __init__(self, case: dict) -> None:
        self.items = case["items"]
        self.lines = case["cart"]
        self.now = parse_time(case["now"]) if "now" in case else datetime.now(UTC)
        self.customer = case.get("customer")
        self.usage = case.get("usage", {})
        self.codes = {code.strip().lower() for code in case.get("codes", [])}
        self.max_coupons = case.get("max_coupons", 1)
        self.channel = case.get("channel")
        self.shipping = to_cents(case.get("shipping", "0.00"))

    def eligible_lines(self, promo: dict, targets_key: str = "targets") -> list[int]:
        return [
            index
            for index, line in enumerate(self.lines)
            if eligible(promo.get(targets_key), line["sku"], self.items[line["sku"]])
        ]

    def can_serve(self, promo: dict, unit: Unit) -> bool:
        item = self.items[unit.sku]
        if eligible(promo.get("targets"), unit.sku, item):
            return True
        return "get_targets" in promo and eligible(promo["get_targets"], unit.sku, item)

    def budget_left(self, promo: dict) -> int | None:
        budget = promo.get("limits", {}).get("budget")
        if budget is None:
            return None
        given = self.usage.get(promo["id"], {}).get("discount_given", "0.00")
        return to_cents(budget) - to_cents(given)

    def cap_left(self, promo: dict) -> int | None:
        limits = promo.get("limits", {})
        left = []
        if "stock_cap" in limits:
            sold = self.usage.get(promo["id"], {}).get("units_sold", 0)
            left.append(limits["stock_cap"] - sold)
        if "per_customer_qty" in limits:
            bought = (self.customer or {}).get("units_bought", {}).get(promo["id"], 0)
            left.append(limits["per_customer_qty"] - bought)
        return min(left) if left else None

    def customer_eligible(self, conditions: dict) -> bool:
        customer = self.customer or {}
        if "segments" in conditions and not set(conditions["segments"]) & set(
            customer.get("segments", [])
        ):
            return False
        if conditions.get("first_order") and not customer.get("first_order", False):
            return False
        return "channels" not in conditions or self.channel in conditions["channels"]

    def precheck(self, promo: dict) -> str | None:
        """Return the choice-independent reason a promotion cannot apply, if any."""
        conditions = promo.get("conditions", {})
        limits = promo.get("limits", {})
        uses = self.usage.get(promo["id"], {}).get("uses", 0)
        customer_uses = (self.customer or {}).get("uses", {}).get(promo["id"], 0)
        if "starts_at" in conditions and self.now < parse_time(conditions["starts_at"]):
            return "not_started"
        if "ends_at" in conditions and self.now >= parse_time(conditions["ends_at"]):
            return "ended"
        if not self.customer_eligible(conditions):
            return "not_eligible_customer"
        if codes_of(promo) and not codes_of(promo) & self.codes:
            return "code_not_given"
        if "usage_limit" in limits and uses >= limits["usage_limit"]:
            return "usage_limit_reached"
        if "per_customer" in limits and customer_uses >= limits["per_customer"]:
            return "customer_limit_reached"
        budget_left = self.budget_left(promo)
        if budget_left is not None and budget_left <= 0:
            return "budget_exhausted"
        cap_left = self.cap_left(promo)
        if layer_of(promo) == 1 and cap_left is not None and cap_left <= 0:
            return "stock_cap_reached"
        eligible_units = self.eligible_lines(promo)
        if promo["kind"] == "buy_x_get_y" and "get_targets" in promo:
            eligible_units += self.eligible_lines(promo, "get_targets")
        if not eligible_units:
            return "no_eligible_items"
        return None


def item_price(promo: dict, catalog: int, sku_qty: int) -> int:
    """Return the unit price that one item promotion gives a unit."""
    kind = promo["kind"]
    if kind == "special_price":
        return min(catalog, to_cents(promo["price"]))
    if kind == "percent_off":
        return catalog - percent_of(catalog, promo["percent"])
    if kind == "amount_off":
        return max(0, catalog - to_cents(promo["amount"]))
    reached = [tier for tier in promo["tiers"] if sku_qty >= tier["min_qty"]]
    return min(catalog, to_cents(reached[-1]["price"])) if reached else catalog


def beats(promo: dict, price: int, current: tuple[int, dict | None]) -> bool:
    """Say whether a promotion's unit price wins over the current best one."""
    current_price, current_promo = current
    if current_promo is None:
        return price < current_price
    return (price, -promo.get("priority", 0), promo["id"]) < (
        current_price,
        -current_promo.get("priority", 0),
        current_promo["id"],
    )


def item_layer(case: Case, promos: list[dict]) -> list[Unit]:
    """Price every unit at layer 1: the single best item promotion wins per unit."""
    sku_qty: dict[str, int] = {}
    for line in case.lines:
        sku_qty[line["sku"]] = sku_qty.get(line["sku"], 0) + line["qty"]
    slots = [
        (index, line["sku"]) for index, line in enumerate(case.lines) for _ in range(line["qty"])
    ]
    best: list[tuple[int, dict | None]] = []
    for index, sku in slots:
        catalog = to_cents(case.items[sku]["price"])
        current: tuple[int, dict | None] = (catalog, None)
        for promo in promos:
            if case.cap_left(promo) is None and index in case.eligible_lines(promo):
                price = item_price(promo, catalog, sku_qty[sku])
                if beats(promo, price, current):
                    current = (price, promo)
        best.append(current)
    # Capped units go to the units that save the most; ties to the earlier cart line.
    for promo in sorted(promos, key=lambda promo: promo["id"]):
        left = case.cap_left(promo)
        if left is None:
            continue
        candidates = []
        for slot, (index, sku) in enumerate(slots):
            if index in case.eligible_lines(promo):
                price = item_price(promo, to_cents(case.items[sku]["price"]), sku_qty[sku])
                if beats(promo, price, best[slot]):
                    candidates.append((best[slot][0] - price, slot, price))
        candidates.sort(key=lambda candidate: (-candidate[0], candidate[1]))
        for _, slot, price in candidates[:left]:
            best[slot] = (price, promo)
    return [
        Unit(line=index, sku=sku, price=price, promotion=promo["id"] if promo else None)
        for (index, sku), (price, promo) in zip(slots, best, strict=True)
    ]


def buy_x_get_y_discount(case: Case, promo: dict, share: list[Unit], groups: int) -> int | None:
    """Reward the cheapest units of the groups; with get_targets, the cheapest valid get units."""
    percent = promo.get("percent", 100)
    rewarded_count = groups * promo["get"]
    if "get_targets" not in promo:
        cheapest = sorted(unit.price for unit in share)[:rewarded_count]
        return sum(percent_of(price, percent) for price in cheapest)
    rewards = []
    for rewarded in itertools.combinations(range(len(share)), rewarded_count):
        gets_ok = all(
            eligible(promo["get_targets"], share[i].sku, case.items[share[i].sku]) for i in rewarded
        )
        buys_ok = all(
            eligible(promo.get("targets"), unit.sku, case.items[unit.sku])
            for i, unit in enumerate(share)
            if i not in rewarded
        )
        if gets_ok and buys_ok:
            rewards.append(sum(percent_of(share[i].price, percent) for i in rewarded))
    return min(rewards) if rewards else None


def nth_item_discount(promo: dict, share: list[Unit]) -> int | None:
    """Reward every n-th unit per SKU, the cheapest units of that SKU first."""
    n = promo["n"]
    discount = 0
    for sku in {unit.sku for unit in share}:
        prices = sorted(unit.price for unit in share if unit.sku == sku)
        if len(prices) % n:
            return None
        discount += sum(percent_of(price, promo["percent"]) for price in prices[: len(prices) // n])
    return discount


def bundle_discount(promo: dict, share: list[Unit], groups: int) -> int | None:
    """Bundle the most expensive units first; every bundle must be cheaper than its units."""
    size, price = promo["size"], to_cents(promo["price"])
    prices = sorted((unit.price for unit in share), reverse=True)
    bundles = [sum(prices[i * size : (i + 1) * size]) for i in range(groups)]
    if any(value <= price for value in bundles):
        return None
    return sum(value - price for value in bundles)


def multi_unit_discount(case: Case, promo: dict, share: list[Unit]) -> int | None:
    """Return what a multi-unit promotion gives on exactly the units of its share."""
    kind = promo["kind"]
    if kind == "nth_item":
        groups = len(share) // promo["n"]
    else:
        group_size = promo["buy"] + promo["get"] if kind == "buy_x_get_y" else promo["size"]
        if len(share) % group_size:
            return None
        groups = len(share) // group_size
    max_applications = promo.get("limits", {}).get("max_applications")
    if groups == 0 or (max_applications is not None and groups > max_applications):
        return None
    if kind == "buy_x_get_y":
        return buy_x_get_y_discount(case, promo, share, groups)
    if kind == "nth_item":
        return nth_item_discount(promo, share)
    return bundle_discount(promo, share, groups)


def within_budget(case: Case, promo: dict, amount: int) -> bool:
    left = case.budget_left(promo)
    return left is None or amount <= left


def threshold_base(case: Case, promo: dict, amounts: list[int]) -> tuple[int, int]:
    """Return the spend and the units of a promotion's eligible lines."""
    lines = case.eligible_lines(promo)
    return sum(amounts[i] for i in lines), sum(case.lines[i]["qty"] for i in lines)


def reached_tier(case: Case, promo: dict, amounts: list[int]) -> tuple[dict | None, int]:
    """Return the last tier reached on the given line amounts, and its multiples."""
    spend, qty = threshold_base(case, promo, amounts)
    reached = None
    for tier in promo["tiers"]:
        if ("min_spend" in tier and spend >= to_cents(tier["min_spend"])) or (
            "min_qty" in tier and qty >= tier["min_qty"]
        ):
            reached = tier
    if reached is None or not promo.get("repeat"):
        return reached, 1
    if "min_spend" in reached:
        multiples = spend // to_cents(reached["min_spend"])
    else:
        multiples = qty // reached["min_qty"]
    max_applications = promo.get("limits", {}).get("max_applications")
    if max_applications is not None:
        multiples = min(multiples, max_applications)
    return reached, multiples


def gift_of(case: Case, promo: dict, tier: dict) -> Gift:
    """Return the free units a gift tier adds, valued at the catalog price."""
    sku = tier.get("sku", promo.get("sku"))
    qty = tier.get("qty", promo.get("qty", 1))
    return Gift(
        promotion=promo["id"], sku=sku, qty=qty, value=to_cents(case.items[sku]["price"]) * qty
    )


def threshold_layers(
    case: Case, chosen: tuple[dict, ...], after_multi_unit: list[int], adjustments: list[dict]
) -> tuple[list[int], dict[str, int], list[Gift]] | None:
    """Apply layers 3 and 4, thresholds judged in parallel on the amounts after layer 2."""
    amounts = list(after_multi_unit)
    given: dict[str, int] = {}
    gifts: list[Gift] = []
    for layer in (3, 4):
        start = list(amounts)
        for promo in sorted((p for p in chosen if layer_of(p) == layer), key=lambda p: p["id"]):
            tier, multiples = reached_tier(case, promo, after_multi_unit)
            if tier is None:
                return None
            if promo["kind"] == "gift":
                gifts.append(gift_of(case, promo, tier))
                given[promo["id"]] = 0
                continue
            lines = case.eligible_lines(promo)
            if "amount_off" in tier:
                reward = to_cents(tier["amount_off"]) * multiples
            else:
                reward = percent_of(sum(start[i] for i in lines), tier["percent_off"])
            if "max_discount" in promo:
                reward = min(reward, to_cents(promo["max_discount"]))
            reward = min(reward, sum(amounts[i] for i in lines))
            if reward == 0 or not within_budget(case, promo, reward):
                return None
            for index, share in zip(
                lines, allocate(reward, [amounts[i] for i in lines]), strict=True
            ):
                amounts[index] -= share
                if share:
                    adjustments[index][promo["id"]] = share
            given[promo["id"]] = reward
    return amounts, given, gifts


def shipping_threshold_met(case: Case, promo: dict, amounts: list[int]) -> bool:
    """Judge a shipping promotion's threshold on its eligible units (one is enough without one)."""
    spend, qty = threshold_base(case, promo, amounts)
    if "min_spend" in promo:
        return spend >= to_cents(promo["min_spend"])
    if "min_qty" in promo:
        return qty >= promo["min_qty"]
    return qty > 0


def shipping_layer(
    case: Case, chosen: tuple[dict, ...], amounts: list[int]
) -> dict[str, int] | None:
    """Apply the shipping promotions in id order; they stack up to the fee."""
    left = case.shipping
    given = {}
    for promo in sorted((p for p in chosen if layer_of(p) == 5), key=lambda p: p["id"]):
        if not shipping_threshold_met(case, promo, amounts):
            return None
        if "amount_off" in promo:
            reward = to_cents(promo["amount_off"])
        elif "percent_off" in promo:
            reward = percent_of(case.shipping, promo["percent_off"])
        else:
            reward = case.shipping
        reward = min(reward, left)
        if reward == 0 or not within_budget(case, promo, reward):
            return None
        left -= reward
        given[promo["id"]] = reward
    return given


def compatible(case: Case, chosen: tuple[dict, ...]) -> bool:
    """Check exclusive groups, exclusive promotions and the coupon limit."""
    groups = [promo["exclusive_group"] for promo in chosen if promo.get("exclusive_group")]
    if len(groups) != len(set(groups)):
        return False
    order_level = [promo for promo in chosen if layer_of(promo) in (2, 3, 4)]
    if any(promo.get("exclusive") for promo in order_level) and len(order_level) > 1:
        return False
    return sum(1 for promo in chosen if codes_of(promo)) <= case.max_coupons


def multi_unit_shares(case: Case, units: list[Unit], multi: list[dict]):
    """Yield every sharing of units between the multi-unit promotions, with discounts."""
    choices = [
        [None] + [i for i, promo in enumerate(multi) if case.can_serve(promo, unit)]
        for unit in units
    ]
    for assignment in itertools.product(*choices):
        shares = [
            [u for u, owner in zip(units, assignment, strict=True) if owner == i]
            for i in range(len(multi))
        ]
        discounts = [
            multi_unit_discount(case, promo, share)
            for promo, share in zip(multi, shares, strict=True)
        ]
        if all(
            discount and within_budget(case, promo, discount)
            for promo, discount in zip(multi, discounts, strict=True)
        ):
            yield shares, discounts


def outcomes(case: Case, units: list[Unit], chosen: tuple[dict, ...]):
    """Yield every valid application of the chosen promotions of layers 2 to 5."""
    base = [0] * len(case.lines)
    for unit in units:
        base[unit.line] += unit.price
    multi = [promo for promo in chosen if layer_of(promo) == 2]
    for shares, discounts in multi_unit_shares(case, units, multi):
        amounts = list(base)
        adjustments: list[dict[str, int]] = [{} for _ in case.lines]
        for promo, share, discount in zip(multi, shares, discounts, strict=True):
            lines = sorted({unit.line for unit in share})
            weights = [sum(unit.price for unit in share if unit.line == i) for i in lines]
            for index, part in zip(lines, allocate(discount, weights), strict=True):
                amounts[index] -= part
                if part:
                    adjustments[index][promo["id"]] = part
        thresholds = threshold_layers(case, chosen, amounts, adjustments)
        if thresholds is None:
            continue
        amounts, given, gifts = thresholds
        shipping = shipping_layer(case, chosen, amounts)
        if shipping is None:
            continue
        given.update({promo["id"]: d for promo, d in zip(multi, discounts, strict=True)})
        given.update(shipping)
        shipping_discount = sum(shipping.values())
        yield Outcome(
            total=sum(amounts) + case.shipping - shipping_discount,
            line_amounts=amounts,
            adjustments=adjustments,
            amounts=given,
            shipping_discount=shipping_discount,
            gifts=gifts,
            chosen=chosen,
        )


def best_outcome(case: Case, units: list[Unit], optional: list[dict]) -> tuple[Outcome, bool]:
    """Try every subset of the optional promotions and keep the cheapest outcome.

    Also say whether every outcome that ties with it splits its discounts the same way
    between lines, so that the spec fixes each line's adjustments.
    """
    best = None
    settled = True
    for size in range(len(optional) + 1):
        for chosen in itertools.combinations(optional, size):
            if not compatible(case, chosen):
                continue
            for outcome in outcomes(case, units, chosen):
                if best is None or outcome.key < best.key:
                    best, settled = outcome, True
                elif outcome.key == best.key and outcome.adjustments != best.adjustments:
                    settled = False
    assert best is not None, "the empty application is always valid"
    return best, settled


def price(raw: dict) -> Result:
    """Return the cheapest valid pricing of a JSON case."""
    case = Case(raw)
    reasons = {promo["id"]: case.precheck(promo) for promo in raw["promotions"]}
    live = [promo for promo in raw["promotions"] if reasons[promo["id"]] is None]
    units = item_layer(case, [promo for promo in live if layer_of(promo) == 1])
    best, settled = best_outcome(case, units, [promo for promo in live if layer_of(promo) > 1])

    adjustments: list[dict[str, int]] = [{} for _ in case.lines]
    applied: dict[str, int] = {}
    for unit in units:
        if unit.promotion:
            saving = to_cents(case.items[unit.sku]["price"]) - unit.price
            line = adjustments[unit.line]
            line[unit.promotion] = line.get(unit.promotion, 0) + saving
            applied[unit.promotion] = applied.get(unit.promotion, 0) + saving
    for line, more in zip(adjustments, best.adjustments, strict=True):
        line.update(more)
    applied.update(best.amounts)

    subtotal = sum(to_cents(case.items[line["sku"]]["price"]) * line["qty"] for line in case.lines)
    return Result(
        subtotal=subtotal,
        discount=subtotal - sum(best.line_amounts),
        shipping=case.shipping,
        shipping_discount=best.shipping_discount,
        total=best.total,
        line_totals=best.line_amounts,
        adjustments=adjustments,
        applied=applied,
        gifts=best.gifts,
        codes_used=best.codes_used,
        chosen=sorted(promo["id"] for promo in best.chosen),
        settled=settled,
        reasons={pid: reason for pid, reason in reasons.items() if reason},
    )
