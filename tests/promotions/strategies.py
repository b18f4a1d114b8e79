"""Hypothesis strategies for JSON pricing cases: catalogs, carts and promotion sets."""

from __future__ import annotations

from hypothesis import strategies as st

from tests.promotions.bruteforce import fmt, to_cents

NOW = "2026-11-11T20:00:00+08:00"
# Sorted instants around NOW; the second one is NOW written with another offset.
INSTANTS = (
    "2026-11-01T00:00:00+08:00",
    "2026-11-11T12:00:00+00:00",
    "2026-11-11T20:00:01+08:00",
    "2026-11-12T00:00:00+08:00",
)
SKUS = ("A", "B", "C", "D", "E", "F")
PRODUCTS = ("tee", "mug", "tea")
CATEGORY_PATHS = ("food", "food/snacks", "food/drinks", "apparel", "apparel/tops")
BRANDS = ("acme", "zen")
TAGS = ("summer", "new", "sale")
SEGMENTS = ("vip", "staff")
CHANNELS = ("web", "app")
ROUND_PRICES = (990, 1990, 3000, 6000, 8000, 9900, 10000, 12000, 19900)
ITEM_KINDS = ("special_price", "percent_off", "amount_off", "tier_price")
MULTI_UNIT_KINDS = ("buy_x_get_y", "nth_item", "bundle_price")
OPTIONAL_KINDS = (
    "buy_x_get_y",
    "nth_item",
    "bundle_price",
    "spend_threshold",
    "spend_threshold",
    "gift",
    "free_shipping",
)


def money(low: int = 1, high: int = 50000) -> st.SearchStrategy[str]:
    """Draw an amount between low and high cents, often a round shop price."""
    round_prices = [cents for cents in ROUND_PRICES if low <= cents <= high]
    exact = st.integers(low, high)
    if round_prices:
        exact = st.sampled_from(round_prices) | exact
    return exact.map(fmt)


def percents(low: int = 0) -> st.SearchStrategy[int | float]:
    return st.integers(low, 100) | st.sampled_from([5, 10, 15, 20, 50, 100, 7.5, 12.5])


@st.composite
def items(draw, count: int) -> dict:
    """Draw a catalog of count SKUs with products, category paths, brands and tags."""
    catalog = {}
    for sku in SKUS[:count]:
        path = draw(st.sampled_from(CATEGORY_PATHS))
        ancestors = path.split("/")[:-1]
        listed = [path] if draw(st.booleans()) else [*ancestors, path]
        item = {"price": draw(money()), "product": draw(st.sampled_from(PRODUCTS))}
        item["categories"] = listed
        if draw(st.booleans()):
            item["brand"] = draw(st.sampled_from(BRANDS))
        tags = draw(st.lists(st.sampled_from(TAGS), unique=True, max_size=2))
        if tags:
            item["tags"] = tags
        catalog[sku] = item
    return catalog


@st.composite
def carts(draw, skus: list[str], max_lines: int, max_units: int) -> list[dict]:
    """Draw 1 to max_lines lines of 1 to 4 units, at most max_units units in all."""
    lines = []
    units = 0
    for _ in range(draw(st.integers(1, max_lines))):
        if units >= max_units:
            break
        qty = draw(st.integers(1, min(4, max_units - units)))
        lines.append({"sku": draw(st.sampled_from(skus)), "qty": qty})
        units += qty
    return lines


def catalog_values(catalog: dict, key: str) -> list[str]:
    """Return the values of one targets key that the catalog's items carry."""
    if key == "skus":
        return sorted(catalog)
    if key == "categories":
        paths = {path for item in catalog.values() for path in item["categories"]}
        return sorted(paths | {path.split("/")[0] for path in paths})
    field = {"products": "product", "brands": "brand", "tags": "tags"}[key]
    values = set()
    for item in catalog.values():
        value = item.get(field, [])
        values.update(value if isinstance(value, list) else [value])
    return sorted(values)


@st.composite
def selectors(draw, catalog: dict) -> dict:
    """Draw one targets key with one or two values, mostly ones the catalog carries."""
    key = draw(st.sampled_from(["skus", "products", "categories", "brands", "tags"]))
    anywhere = {
        "skus": SKUS,
        "products": PRODUCTS,
        "categories": CATEGORY_PATHS,
        "brands": BRANDS,
        "tags": TAGS,
    }[key]
    values = catalog_values(catalog, key)
    pool = st.sampled_from(values) if values else st.sampled_from(anywhere)
    if draw(st.integers(0, 7)) == 0:
        pool = st.sampled_from(anywhere)
    return {key: draw(st.lists(pool, min_size=1, max_size=2, unique=True))}


@st.composite
def targets(draw, catalog: dict) -> dict | None:
    """Draw no targets, targets, targets with exclusions, or exclusions alone."""
    shape = draw(st.sampled_from(["none"] * 3 + ["include"] * 3 + ["both", "exclude"]))
    if shape == "none":
        return None
    chosen = {} if shape == "exclude" else draw(selectors(catalog))
    if shape != "include":
        chosen["exclude"] = draw(selectors(catalog))
    return chosen


@st.composite
def conditions(draw) -> dict | None:
    """Draw an optional time window, segment, first-order or channel condition."""
    shape = draw(st.sampled_from(["none"] * 12 + ["window", "segments", "first", "channel"]))
    if shape == "none":
        return None
    if shape == "window":
        start, end = sorted(
            draw(st.lists(st.sampled_from(INSTANTS), min_size=2, max_size=2, unique=True))
        )
        window = {"starts_at": start, "ends_at": end}
        dropped = draw(st.sampled_from([None, "starts_at", "ends_at"]))
        return {key: value for key, value in window.items() if key != dropped}
    if shape == "segments":
        return {"segments": draw(st.lists(st.sampled_from(SEGMENTS), min_size=1, unique=True))}
    if shape == "first":
        return {"first_order": True}
    return {"channels": [draw(st.sampled_from(CHANNELS))]}


@st.composite
def ascending(draw, values: st.SearchStrategy, count: int) -> list:
    """Draw count strictly ascending values."""
    return sorted(draw(st.lists(values, min_size=count, max_size=count, unique=True)))


@st.composite
def thresholds(draw, count: int) -> list[dict]:
    """Draw count tiers with ascending min_spend or min_qty thresholds."""
    if draw(st.booleans()):
        return [{"min_qty": qty} for qty in draw(ascending(st.integers(1, 8), count))]
    spends = draw(ascending(st.integers(100, 60000), count))
    return [{"min_spend": fmt(cents)} for cents in spends]


@st.composite
def rewards(draw) -> dict:
    if draw(st.booleans()):
        return {"amount_off": draw(money(1, 20000))}
    return {"percent_off": draw(percents(low=1))}


@st.composite
def item_fields(draw, kind: str) -> dict:
    """Draw the fields of a layer-1 promotion."""
    if kind == "special_price":
        return {"price": draw(money(0, 50000))}
    if kind == "percent_off":
        return {"percent": draw(percents())}
    if kind == "amount_off":
        return {"amount": draw(money(1, 20000))}
    count = draw(st.integers(1, 3))
    qtys = draw(ascending(st.integers(1, 6), count))
    return {"tiers": [{"min_qty": qty, "price": draw(money(0, 50000))} for qty in qtys]}


@st.composite
def optional_fields(draw, kind: str, catalog: dict) -> dict:
    """Draw the fields of a promotion of layers 2 to 5."""
    if kind == "buy_x_get_y":
        fields = {"buy": draw(st.integers(1, 2)), "get": draw(st.integers(1, 2))}
        if draw(st.booleans()):
            fields["percent"] = draw(percents(low=1))
        if draw(st.booleans()):
            fields["get_targets"] = draw(selectors(catalog))
        return fields
    if kind == "nth_item":
        return {"n": draw(st.integers(2, 3)), "percent": draw(percents(low=1))}
    if kind == "bundle_price":
        return {"size": draw(st.integers(2, 3)), "price": draw(money(1, 30000))}
    if kind == "spend_threshold":
        if draw(st.integers(0, 3)) == 0:
            tier = draw(thresholds(1))[0]
            fields = {"tiers": [{**tier, "amount_off": draw(money(1, 5000))}], "repeat": True}
        else:
            count = draw(st.integers(1, 3))
            fields = {"tiers": [{**tier, **draw(rewards())} for tier in draw(thresholds(count))]}
        if draw(st.integers(0, 3)) == 0:
            fields["max_discount"] = draw(money(1, 10000))
        return fields
    if kind == "gift":
        tiers = draw(thresholds(draw(st.integers(1, 2))))
        if draw(st.booleans()):
            tiers[-1] = {**tiers[-1], "sku": draw(st.sampled_from(sorted(catalog))), "qty": 1}
        return {
            "tiers": tiers,
            "sku": draw(st.sampled_from(sorted(catalog))),
            "qty": draw(st.integers(1, 2)),
        }
    fields = {}
    threshold = draw(st.sampled_from([None, "min_spend", "min_qty"]))
    if threshold == "min_spend":
        fields["min_spend"] = draw(money(100, 60000))
    elif threshold == "min_qty":
        fields["min_qty"] = draw(st.integers(1, 6))
    reward = draw(st.sampled_from([None, "amount_off", "percent_off"]))
    if reward == "amount_off":
        fields["amount_off"] = draw(money(1, 1500))
    elif reward == "percent_off":
        fields["percent_off"] = draw(percents(low=1))
    return fields


@st.composite
def limits(draw, layer: int, kind: str, repeat: bool) -> dict:
    """Draw the limits that make sense for a promotion's layer."""
    drawn = {}
    if (layer == 2 or repeat) and draw(st.integers(0, 2)) == 0:
        drawn["max_applications"] = draw(st.integers(1, 3))
    if draw(st.integers(0, 5)) == 0:
        drawn["usage_limit"] = draw(st.integers(1, 100))
    if draw(st.integers(0, 5)) == 0:
        drawn["per_customer"] = draw(st.integers(1, 3))
    if layer > 1 and kind != "gift" and draw(st.integers(0, 3)) == 0:
        drawn["budget"] = draw(money(100, 20000))
    if layer == 1 and draw(st.integers(0, 3)) == 0:
        if draw(st.booleans()):
            drawn["stock_cap"] = draw(st.integers(1, 50))
        else:
            drawn["per_customer_qty"] = draw(st.integers(1, 4))
    return drawn


@st.composite
def promotions(
    draw, pid: str, catalog: dict, *, kinds: tuple[str, ...] = ITEM_KINDS + OPTIONAL_KINDS
) -> dict:
    """Draw one promotion of one of the given kinds."""
    kind = draw(st.sampled_from(kinds))
    layer = 1 if kind in ITEM_KINDS else 2 if kind in MULTI_UNIT_KINDS else 3
    promo = {"id": pid, "name": f"promotion {pid}", "kind": kind}
    promo.update(draw(item_fields(kind) if layer == 1 else optional_fields(kind, catalog)))
    for key, value in (("targets", draw(targets(catalog))), ("conditions", draw(conditions()))):
        if value:
            promo[key] = value
    drawn_limits = draw(limits(layer, kind, promo.get("repeat", False)))
    if drawn_limits:
        promo["limits"] = drawn_limits
    if layer > 1 and draw(st.integers(0, 2)) == 0:
        if draw(st.booleans()):
            promo["code"] = f"C{pid}"
        else:
            promo["codes"] = [f"C{pid}", f"K{pid}"]
    if draw(st.integers(0, 2)) == 0:
        promo["exclusive_group"] = draw(st.sampled_from(["g1", "g1", "g2"]))
    if draw(st.integers(0, 5)) == 0:
        promo["exclusive"] = True
    if layer == 1 and draw(st.booleans()):
        promo["priority"] = draw(st.integers(-1, 2))
    return promo


def promotion_codes(promo: dict) -> list[str]:
    return ([promo["code"]] if "code" in promo else []) + list(promo.get("codes", []))


@st.composite
def given_codes(draw, promos: list[dict]) -> list[str]:
    """Draw codes a shopper typed: some of the promotions', in any case, maybe one unknown."""
    known = [code for promo in promos for code in promotion_codes(promo)]
    chosen = known
    if known and draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(known), unique=True))
    typed = [
        draw(st.sampled_from([code, code.lower(), f" {code} ", f"{code.lower()}  "]))
        for code in chosen
    ]
    if draw(st.integers(0, 4)) == 0:
        typed.append("NOPE")
    return typed


@st.composite
def usage_for(draw, promos: list[dict]) -> dict:
    """Draw what the promotions with limits have used so far."""
    usage = {}
    for promo in promos:
        limits = promo.get("limits", {})
        facts = {}
        if "usage_limit" in limits:
            facts["uses"] = draw(st.integers(0, limits["usage_limit"]))
        if "budget" in limits:
            facts["discount_given"] = fmt(draw(st.integers(0, to_cents(limits["budget"]))))
        if "stock_cap" in limits:
            facts["units_sold"] = draw(st.integers(0, limits["stock_cap"]))
        if facts:
            usage[promo["id"]] = facts
    return usage


@st.composite
def customers(draw, promos: list[dict]) -> dict | None:
    """Draw no customer facts, or a customer with segments, history and past uses."""
    if draw(st.integers(0, 3)) == 0:
        return None
    customer = {
        "id": "u1",
        "segments": draw(st.lists(st.sampled_from(SEGMENTS), unique=True)),
        "first_order": draw(st.booleans()),
    }
    uses = {
        p["id"]: draw(st.integers(0, 1)) for p in promos if "per_customer" in p.get("limits", {})
    }
    bought = {
        p["id"]: draw(st.integers(0, 4))
        for p in promos
        if "per_customer_qty" in p.get("limits", {})
    }
    if uses:
        customer["uses"] = uses
    if bought:
        customer["units_bought"] = bought
    return customer


def one_capped_item_promotion(promos: list[dict]) -> list[dict]:
    """Drop unit caps unless a single item promotion carries them.

    The spec ranks capped units by what they save, which is only unambiguous when no
    other item promotion competes for the same units.
    """
    item_promos = [promo for promo in promos if promo["kind"] in ITEM_KINDS]
    if len(item_promos) <= 1:
        return promos
    cleaned = []
    for promo in promos:
        drawn_limits = {
            key: value
            for key, value in promo.get("limits", {}).items()
            if promo["kind"] not in ITEM_KINDS or key not in ("stock_cap", "per_customer_qty")
        }
        promo = {key: value for key, value in promo.items() if key != "limits"}
        if drawn_limits:
            promo["limits"] = drawn_limits
        cleaned.append(promo)
    return cleaned


@st.composite
def cases(draw, *, max_units: int = 24, max_promotions: int = 8) -> dict:
    """Draw a whole JSON case of at most max_units units and max_promotions promotions."""
    catalog = draw(items(draw(st.integers(1, min(len(SKUS), max_units)))))
    skus = sorted(catalog)
    cart = draw(carts(skus, max_lines=min(6, max_units), max_units=max_units))
    count = draw(st.integers(0, max_promotions))
    in_cart = {line["sku"]: catalog[line["sku"]] for line in cart}
    promos = [draw(promotions(f"P{i:02d}", in_cart)) for i in range(1, count + 1)]
    promos = one_capped_item_promotion(promos)
    case = {"currency": "CNY", "now": NOW, "items": catalog, "cart": cart, "promotions": promos}
    optional = {
        "customer": draw(customers(promos)),
        "usage": draw(usage_for(promos)),
        "codes": draw(given_codes(promos)),
        "max_coupons": draw(st.sampled_from([None, None, 1, 2])),
        "channel": draw(st.sampled_from([None, *CHANNELS])),
        "shipping": draw(st.sampled_from([None, "0.00", "10.00", "12.50"])),
    }
    case.update({key: value for key, value in optional.items() if value not in (None, [], {})})
    return case


def small_cases() -> st.SearchStrategy[dict]:
    """Draw cases small enough for the brute force: 4 units, 4 promotions."""
    return cases(max_units=4, max_promotions=4)


@st.composite
def one_unit_line_cases(draw) -> dict:
    """Draw 5 or 6 one-unit lines shared by 2 or 3 multi-unit promotions, maybe a threshold.

    Shops split carts like this (one line per add to cart), and it multiplies the ways
    to share units out between multi-unit promotions.
    """
    catalog = draw(items(draw(st.integers(2, 4))))
    skus = sorted(catalog)
    cart = [{"sku": draw(st.sampled_from(skus)), "qty": 1} for _ in range(draw(st.integers(5, 6)))]
    in_cart = {line["sku"]: catalog[line["sku"]] for line in cart}
    count = draw(st.integers(2, 3))
    promos = [
        draw(promotions(f"P{i:02d}", in_cart, kinds=MULTI_UNIT_KINDS)) for i in range(1, count + 1)
    ]
    if draw(st.booleans()):
        kinds = ("spend_threshold", "free_shipping")
        promos.append(draw(promotions(f"P{count + 1:02d}", in_cart, kinds=kinds)))
    promos = [
        {key: value for key, value in promo.items() if key != "conditions"} for promo in promos
    ]
    codes = [code for promo in promos for code in promotion_codes(promo)]
    case = {"now": NOW, "items": catalog, "cart": cart, "promotions": promos, "shipping": "10.00"}
    if codes:
        case["codes"] = codes
    return case
