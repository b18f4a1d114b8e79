"""The bridge between the shop and the engine: Django rows in, engine prices out.

Every function here costs a fixed number of queries, whatever the number of SKUs, cart
lines or promotions: the compiled set comes from the cache, the facts from one query each.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import User
from catalog.models import SKU, Category
from catalog.templatetags.catalog_tags import money as money_filter
from orders.models import Order, OrderStatus
from promotions.engine import (
    AppliedPromotion,
    CartSnapshot,
    Customer,
    Item,
    Line,
    PricingContext,
    PricingResult,
    Usage,
    price,
)
from promotions.engine.money import format_cents, to_cents
from promotions.engine.rules import (
    ITEM,
    ItemFacts,
    Promotion,
    PromotionSet,
    Reward,
    Tier,
    category_closure,
    normalise_code,
)
from shop.ratelimit import count_hit

from .cache import compiled_promotions
from .definitions import item_definitions
from .models import CouponCode, PromotionStatus
from .models import Promotion as PromotionRow
from .selectors import customer_facts, usage_facts

CHANNEL = "web"
FLASH_WINDOW = timedelta(hours=48)
# What the engine reports before it chooses anything: the promotion cannot take part.
PRECHECK_REASONS = frozenset(
    {
        "not_started",
        "ended",
        "not_eligible_customer",
        "code_not_given",
        "usage_limit_reached",
        "customer_limit_reached",
        "budget_exhausted",
        "stock_cap_reached",
        "no_eligible_items",
    }
)
# Reasons a code is kept in the session: it is valid, just not used by this cart now.
KEPT_REASONS = frozenset({"applied", "min_not_met", "not_best", "excluded"})
ATTEMPT_LIMIT = 10
ATTEMPT_WINDOW = 600
# A rough bound that keeps a one-unit pricing cheap; layer 1 never depends on the search.
ONE_UNIT_MAX_NODES = 200


def standard_shipping() -> Decimal:
    """Return the flat shipping fee; only promotions make shipping free."""
    return settings.SHOP_STANDARD_SHIPPING


def max_coupons() -> int:
    """Return how many codes one order accepts."""
    return settings.SHOP_MAX_COUPONS


def money(cents: int) -> str:
    """Format cents in the shop's currency, as the templates' money filter does."""
    return money_filter(Decimal(format_cents(cents)))


def percent_text(value: Any) -> str:
    return f"{value.to_json()}%"


def reward_text(reward: Reward, *, shipping: bool = False) -> str:
    """Describe a tier's reward: save ¥30.00, 10% off, a free gift, or shipping off."""
    if reward.amount_off is not None:
        template = _("%(amount)s off shipping") if shipping else _("save %(amount)s")
        return template % {"amount": money(reward.amount_off)}
    if reward.percent_off is not None:
        template = _("%(percent)s off shipping") if shipping else _("%(percent)s off")
        return template % {"percent": percent_text(reward.percent_off)}
    if reward.sku is not None:
        return ngettext("%(qty)d free gift", "%(qty)d free gifts", reward.qty) % {"qty": reward.qty}
    return _("free shipping")


def threshold_text(min_spend: int | None, min_qty: int | None) -> str:
    if min_spend is not None:
        return _("spend %(amount)s") % {"amount": money(min_spend)}
    if min_qty is not None:
        return ngettext("buy %(qty)d item", "buy %(qty)d items", min_qty) % {"qty": min_qty}
    return ""


def tier_text(tier: Tier, *, shipping: bool) -> str:
    """Describe one tier: spend ¥200.00, save ¥30.00 (满200减30)."""
    reward = reward_text(tier.reward, shipping=shipping)
    threshold = threshold_text(tier.min_spend, tier.min_qty)
    if not threshold:
        return reward
    return _("%(threshold)s, %(reward)s") % {"threshold": threshold, "reward": reward}


def promotion_badge(promo: Promotion) -> str:
    """Describe a compiled promotion in a few words, from its kind and parameters."""
    kind = promo.kind
    if kind == "special_price":
        return _("Special price %(price)s") % {"price": money(promo.price or 0)}
    if kind == "percent_off":
        return _("%(percent)s off") % {"percent": percent_text(promo.percent)}
    if kind == "amount_off":
        return _("%(amount)s off each") % {"amount": money(promo.amount or 0)}
    if kind == "tier_price":
        tiers = [tier for tier in promo.price_tiers if tier.min_qty > 1] or list(promo.price_tiers)
        tier = tiers[0]
        return _("%(price)s each from %(qty)d") % {"price": money(tier.price), "qty": tier.min_qty}
    if kind == "buy_x_get_y":
        if promo.percent is None or promo.percent.to_json() == 100:
            return _("Buy %(buy)d, get %(get)d free") % {"buy": promo.buy, "get": promo.get}
        return _("Buy %(buy)d, get %(get)d at %(percent)s off") % {
            "buy": promo.buy,
            "get": promo.get,
            "percent": percent_text(promo.percent),
        }
    if kind == "nth_item":
        return _("%(percent)s off item no. %(n)d") % {
            "percent": percent_text(promo.percent),
            "n": promo.n,
        }
    if kind == "bundle_price":
        return _("Any %(size)d for %(price)s") % {
            "size": promo.size,
            "price": money(promo.price or 0),
        }
    text = "; ".join(tier_text(tier, shipping=kind == "free_shipping") for tier in promo.tiers)
    if kind == "spend_threshold" and promo.repeat:
        text = _("%(tier)s, for every multiple") % {"tier": text}
    return text[:1].upper() + text[1:]


def is_flash(promo: Promotion, *, now: datetime) -> bool:
    """Say whether an item promotion is a flash sale (秒杀): capped stock, or ending within 48 h."""
    if promo.layer != ITEM:
        return False
    return promo.stock_cap is not None or (
        promo.ends_at is not None and now < promo.ends_at <= now + FLASH_WINDOW
    )


def display_changes_at(now: datetime) -> datetime | None:
    """Return the next moment a promotion starts, ends or turns into a flash sale.

    What a page shows of the promotions (prices, badges, countdowns) changes only then, or
    when the set itself changes.
    """
    moments = []
    for promo in compiled_promotions().promotions:
        moments += [promo.starts_at, promo.ends_at]
        if promo.layer == ITEM and promo.ends_at is not None:
            moments.append(promo.ends_at - FLASH_WINDOW)
    return min((moment for moment in moments if moment is not None and moment > now), default=None)


@dataclass(frozen=True)
class Badge:
    """One promotion an item takes part in, as a shopper reads it."""

    promotion: str
    kind: str
    layer: int
    text: str
    flash: bool = False
    ends_at: datetime | None = None


@dataclass(frozen=True)
class ItemPrice:
    """A SKU's layer-1 price per unit, the price to strike through, and its promotions."""

    price: Decimal
    catalog_price: Decimal
    list_price: Decimal | None
    badges: list[Badge] = field(default_factory=list)

    @property
    def flash(self) -> Badge | None:
        return next((badge for badge in self.badges if badge.flash), None)


def _usage() -> dict[str, Usage]:
    return {
        key: Usage(
            uses=row["uses"],
            discount_given=Decimal(row["discount_given"]),
            units_sold=row["units_sold"],
        )
        for key, row in usage_facts().items()
    }


def _customer(user: User | AnonymousUser | None) -> Customer | None:
    if user is None or not user.is_authenticated:
        return None
    facts = customer_facts(user)
    first_order = not Order.objects.filter(user=user).exclude(status=OrderStatus.CANCELLED).exists()
    return Customer(
        id=facts["id"],
        segments=frozenset(facts["segments"]),
        first_order=first_order,
        uses=facts["uses"],
        units_bought=facts["units_bought"],
    )


def _items(codes: Iterable[str]) -> dict[str, Item]:
    return {
        code: Item(
            sku=code,
            price=Decimal(item["price"]),
            product=item.get("product"),
            categories=tuple(item.get("categories", ())),
            brand=item.get("brand"),
            tags=tuple(item.get("tags", ())),
        )
        for code, item in item_definitions(list(codes)).items()
    }


def _gift_skus(promotions: PromotionSet) -> set[str]:
    return {
        tier.reward.sku
        for promo in promotions.promotions
        if promo.kind == "gift"
        for tier in promo.tiers
        if tier.reward.sku
    }


def _named_skus(promotions: PromotionSet) -> set[str]:
    """Return the SKU codes a promotion names itself (a target, an exclusion, a gift): only
    these may price apart from a sibling of the same product, price and facts."""
    named = _gift_skus(promotions)
    for promo in promotions.promotions:
        for targets in (promo.targets, promo.get_targets):
            if targets is not None:
                named |= targets.include.skus | targets.exclude.skus
    return named


def _layer_one_cents(result: PricingResult) -> int:
    item_ids = {entry.promotion for entry in result.applied if entry.layer == "item"}
    line = result.lines[0]
    return line.unit_price_cents - sum(
        adjustment.amount_cents
        for adjustment in line.adjustments
        if adjustment.promotion in item_ids
    )


def item_prices(
    skus: Iterable[SKU], *, user: User | AnonymousUser | None, now: datetime
) -> dict[int, ItemPrice]:
    """Return, per SKU id, the price of one unit at layer 1 and the promotions it takes part in."""
    skus = list(skus)
    if not skus:
        return {}
    promotions = compiled_promotions()
    if not promotions.promotions:
        return {sku.pk: _catalog_price(sku, sku.price, []) for sku in skus}
    by_id = {promo.id: promo for promo in promotions.promotions}
    items = _items(sku.code for sku in skus)
    context = PricingContext(
        now=now,
        customer=_customer(user),
        usage=_usage(),
        channel=CHANNEL,
        currency=settings.SHOP_CURRENCY,
        max_coupons=max_coupons(),
    )
    prices = {}
    # A promotion reads the same on every SKU: describe it once.
    badge_of: dict[str, Badge] = {}

    def badge(promo: Promotion) -> Badge:
        if promo.id not in badge_of:
            badge_of[promo.id] = Badge(
                promotion=promo.id,
                kind=promo.kind,
                layer=promo.layer,
                text=promotion_badge(promo),
                flash=is_flash(promo, now=now),
                ends_at=promo.ends_at,
            )
        return badge_of[promo.id]

    named = _named_skus(promotions)
    # Sizes and colours of one product usually share every fact a promotion reads: one
    # pricing serves them all.
    alike: dict[tuple, PricingResult] = {}
    for sku in skus:
        item = items.get(sku.code)
        if item is None:
            continue
        facts = (
            None
            if sku.code in named
            else (item.price, item.product, item.categories, item.brand, item.tags)
        )
        result = alike.get(facts) if facts is not None else None
        if result is None:
            result = price(
                CartSnapshot(items=items, lines=(Line(sku.code, 1),)),
                promotions,
                context,
                max_nodes=ONE_UNIT_MAX_NODES,
            )
            if facts is not None:
                alike[facts] = result
        taking_part = [entry.promotion for entry in result.applied] + [
            entry.promotion for entry in result.not_applied if entry.reason not in PRECHECK_REASONS
        ]
        badges = sorted(
            (
                badge(promo)
                for promo in (by_id[key] for key in taking_part)
                # Only the item promotion that won sets the price; the others do nothing,
                # but a price by quantity still tells what more units would cost.
                if promo.layer != ITEM
                or promo.kind == "tier_price"
                or key_applied(result.applied, promo.id)
            ),
            key=lambda badge: (badge.layer, badge.promotion),
        )
        unit = Decimal(format_cents(_layer_one_cents(result)))
        prices[sku.pk] = _catalog_price(sku, unit, badges)
    return prices


def _catalog_price(sku: SKU, unit: Decimal, badges: list[Badge]) -> ItemPrice:
    strike = max(sku.price, sku.list_price or sku.price)
    return ItemPrice(
        price=unit,
        catalog_price=sku.price,
        list_price=strike if strike > unit else None,
        badges=badges,
    )


def key_applied(applied: Sequence[AppliedPromotion], key: str) -> bool:
    return any(entry.promotion == key for entry in applied)


def product_prices(
    products: Iterable[Any], *, user: User | AnonymousUser | None, now: datetime
) -> None:
    """Set `promo_price` on each product card: its active SKU with the lowest layer-1 price."""
    products = list(products)
    if not products or not compiled_promotions().promotions:
        for product in products:
            product.promo_price = None
        return
    skus = list(
        SKU.objects.filter(product__in=products, is_active=True).only(
            "id", "code", "price", "list_price", "product_id"
        )
    )
    prices = item_prices(skus, user=user, now=now)
    best: dict[int, ItemPrice] = {}
    for sku in skus:
        found = prices.get(sku.pk)
        if found is None:
            continue
        current = best.get(sku.product_id)
        if current is None or found.price < current.price:
            best[sku.product_id] = found
    for product in products:
        product.promo_price = best.get(product.pk)


# The cart -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeCheck:
    """Codes the shopper gave, split into those the engine may see and those refused here."""

    usable: list[str]
    refused: dict[str, str]


def check_codes(
    codes: Sequence[str], *, user: User | AnonymousUser | None, now: datetime
) -> CodeCheck:
    """Refuse in one query the codes the compiled set cannot judge: ended, paused, not theirs."""
    normalised = [normalise_code(code).upper() for code in codes]
    rows = (
        {
            row.code: row
            for row in CouponCode.objects.filter(code__in=normalised)
            .select_related("promotion")
            .only(
                "code",
                "user_id",
                "single_use",
                "used_at",
                "promotion__status",
                "promotion__ends_at",
            )
        }
        if normalised
        else {}
    )
    user_id = user.pk if user is not None and user.is_authenticated else None
    usable, refused = [], {}
    for code in normalised:
        row = rows.get(code)
        if row is not None and row.promotion.ends_at is not None and row.promotion.ends_at <= now:
            refused[code] = "ended"
        elif row is not None and row.promotion.status == PromotionStatus.PAUSED:
            refused[code] = "paused"
        elif row is not None and row.user_id is not None and row.user_id != user_id:
            refused[code] = "assigned_to_other"
        elif row is not None and row.single_use and row.used_at is not None:
            refused[code] = "usage_limit_reached"
        else:
            usable.append(code)
    return CodeCheck(usable=usable, refused=refused)


def cart_pricing(
    lines: Sequence[tuple[str, int]],
    *,
    user: User | AnonymousUser | None,
    codes: Sequence[str],
    shipping: Decimal,
    now: datetime,
) -> PricingResult:
    """Price cart lines (SKU code, quantity) with the current promotions, for the lowest total."""
    promotions = compiled_promotions()
    items = _items([*(code for code, _qty in lines), *_gift_skus(promotions)])
    context = PricingContext(
        now=now,
        customer=_customer(user),
        usage=_usage(),
        codes=tuple(codes),
        max_coupons=max_coupons(),
        channel=CHANNEL,
        shipping=shipping,
        currency=settings.SHOP_CURRENCY,
    )
    snapshot = CartSnapshot(
        items=items, lines=tuple(Line(code, qty) for code, qty in lines if code in items)
    )
    return price(snapshot, promotions, context)


REFUSALS = {
    "unknown_code": gettext_lazy("This code does not exist."),
    "ended": gettext_lazy("This code has expired."),
    "not_started": gettext_lazy("This code is not valid yet."),
    "paused": gettext_lazy("This code is not valid at the moment."),
    "usage_limit_reached": gettext_lazy("This code has been used up."),
    "budget_exhausted": gettext_lazy("This code has been used up."),
    "stock_cap_reached": gettext_lazy("This code has been used up."),
    "not_eligible_customer": gettext_lazy("This code is not available to you."),
    "customer_limit_reached": gettext_lazy("You have already used this code as often as allowed."),
    "assigned_to_other": gettext_lazy("This code is not available to you."),
    "min_not_met": gettext_lazy("Your cart does not reach this code's minimum yet."),
    "coupon_limit": gettext_lazy("Your order already uses as many codes as it may."),
    "not_best": gettext_lazy("A better combination of offers is applied."),
    "excluded": gettext_lazy("Another offer in your cart cannot be combined with this code."),
    "no_eligible_items": gettext_lazy("No item in your cart is eligible for this code."),
    "code_not_given": gettext_lazy("This code does not exist."),
}


def refusal_message(reason: str) -> str:
    """Return the shopper's sentence for why a code gives nothing."""
    return str(REFUSALS.get(reason, REFUSALS["unknown_code"]))


def hint_text(hint: Any) -> str:
    """Say what reaches the next tier: 再买¥12.00减¥40.00."""
    reward = hint.reward
    if "amount_off" in reward:
        gain = _("save %(amount)s") % {"amount": money(to_cents(Decimal(reward["amount_off"])))}
    elif "percent_off" in reward:
        gain = _("get %(percent)s%% off") % {"percent": reward["percent_off"]}
    elif "sku" in reward:
        gain = _("get a free gift")
    else:
        gain = _("get free shipping")
    if hint.spend_more_cents is not None:
        return _("Spend %(amount)s more to %(gain)s.") % {
            "amount": money(hint.spend_more_cents),
            "gain": gain,
        }
    return ngettext(
        "Add %(qty)d more item to %(gain)s.", "Add %(qty)d more items to %(gain)s.", hint.add_qty
    ) % {"qty": hint.add_qty, "gain": gain}


@dataclass(frozen=True)
class CodeStatus:
    """A code in the session and what it gives this cart."""

    code: str
    reason: str
    amount: Decimal
    message: str


def code_reasons(
    result: PricingResult, promotions: PromotionSet, codes: Sequence[str]
) -> dict[str, tuple[str, Decimal, str]]:
    """Return, per code given, "applied" or the engine's reason, the discount and a sentence."""
    applied = {entry.promotion: entry for entry in result.applied}
    refused = {entry.promotion: entry for entry in result.not_applied}
    zero = Decimal("0.00")
    reasons: dict[str, tuple[str, Decimal, str]] = {}
    for code in codes:
        key = normalise_code(code)
        owners = [promo for promo in promotions.promotions if key in promo.codes]
        used = [applied[promo.id] for promo in owners if promo.id in applied]
        if used:
            reasons[code] = ("applied", sum((entry.amount for entry in used), zero), "")
            continue
        entry = next((refused[promo.id] for promo in owners if promo.id in refused), None)
        if entry is None:
            reasons[code] = ("unknown_code", zero, refusal_message("unknown_code"))
            continue
        message = refusal_message(entry.reason)
        if entry.hint is not None:
            message = f"{message} {hint_text(entry.hint)}"
        reasons[code] = (entry.reason, zero, message)
    return reasons


@dataclass(frozen=True)
class Attempts:
    """Failed coupon attempts of a session and an IP, counted in the cache."""

    keys: tuple[str, ...]

    @classmethod
    def of(cls, *, session_key: str | None, ip: str | None) -> "Attempts":
        keys = []
        if session_key:
            keys.append(f"coupon-attempts:session:{session_key}")
        if ip:
            keys.append(f"coupon-attempts:ip:{ip}")
        return cls(keys=tuple(keys))

    def blocked(self) -> bool:
        return any((cache.get(key) or 0) >= ATTEMPT_LIMIT for key in self.keys)

    def fail(self) -> None:
        for key in self.keys:
            count_hit(key, ATTEMPT_WINDOW)


@dataclass
class CartPricing:
    """What the cart page shows: the engine's result with names, hints and code statuses."""

    result: PricingResult
    lines: list[dict[str, Any]]
    gifts: list[dict[str, Any]]
    order_discounts: list[dict[str, Any]]
    shipping_discounts: list[dict[str, Any]]
    hints: list[str]
    codes: list[CodeStatus]


def cart_view(
    lines: Sequence[Any],
    *,
    user: User | AnonymousUser | None,
    codes: Sequence[str],
    now: datetime,
    shipping: Decimal | None = None,
) -> CartPricing:
    """Price the cart detail's lines and shape the result for the cart and checkout pages."""
    check = check_codes(codes, user=user, now=now)
    result = cart_pricing(
        [(line.sku.code, line.quantity) for line in lines],
        user=user,
        codes=check.usable,
        shipping=standard_shipping() if shipping is None else shipping,
        now=now,
    )
    promotions = compiled_promotions()
    keys = {entry.promotion for entry in result.applied}
    gift_codes = {gift.sku for gift in result.gifts}
    names = (
        {row.key: row.name for row in PromotionRow.objects.filter(key__in=keys).only("key", "name")}
        if keys
        else {}
    )
    gift_names = (
        {sku.code: sku for sku in SKU.objects.filter(code__in=gift_codes).select_related("product")}
        if gift_codes
        else {}
    )
    priced = []
    by_code = {line.sku: line for line in result.lines}
    for line in lines:
        line_result = by_code.get(line.sku.code)
        priced.append(
            {
                "detail": line,
                "result": line_result,
                "adjustments": [
                    {"name": names.get(adj.promotion, adj.promotion), "amount": adj.amount}
                    for adj in (line_result.adjustments if line_result else ())
                ],
            }
        )
    statuses = code_reasons(result, promotions, check.usable)
    code_list = [
        CodeStatus(code=code, reason=reason, amount=amount, message=message)
        for code, (reason, amount, message) in statuses.items()
    ] + [
        CodeStatus(
            code=code, reason=reason, amount=Decimal("0.00"), message=refusal_message(reason)
        )
        for code, reason in check.refused.items()
    ]
    hints = [hint_text(entry.hint) for entry in result.applied if entry.hint is not None] + [
        hint_text(entry.hint)
        for entry in result.not_applied
        if entry.hint is not None and entry.reason == "min_not_met"
    ]
    return CartPricing(
        result=result,
        lines=priced,
        gifts=[
            {
                "name": gift_names[gift.sku].product.name if gift.sku in gift_names else gift.sku,
                "qty": gift.qty,
                "value": gift.value,
                "promotion": names.get(gift.promotion, gift.promotion),
            }
            for gift in result.gifts
        ],
        order_discounts=[
            {"name": names.get(entry.promotion, entry.promotion), "amount": entry.amount}
            for entry in result.applied
            if entry.layer != "shipping" and entry.amount
        ],
        shipping_discounts=[
            {"name": names.get(entry.promotion, entry.promotion), "amount": entry.amount}
            for entry in result.applied
            if entry.layer == "shipping"
        ],
        hints=hints,
        codes=code_list,
    )


SESSION_CODES = "coupon_codes"


def session_codes(session: SessionBase) -> list[str]:
    """Return the codes the session holds; anything malformed counts as none."""
    codes = session.get(SESSION_CODES)
    if not isinstance(codes, list):
        return []
    return [code for code in codes if isinstance(code, str)]


@dataclass(frozen=True)
class CouponOutcome:
    accepted: bool
    message: str


def coupon_apply(
    *,
    session: SessionBase,
    user: User | AnonymousUser | None,
    lines: Sequence[Any],
    code: str,
    attempts: Attempts,
    now: datetime,
) -> CouponOutcome:
    """Check a code against the cart and keep it in the session when it is valid."""
    if attempts.blocked():
        return CouponOutcome(False, _("Too many attempts: please try again in a few minutes."))
    code = normalise_code(code).upper()
    codes = session_codes(session)
    if code in codes:
        return CouponOutcome(False, _("This code is already applied."))
    if len(codes) >= max_coupons():
        return CouponOutcome(False, refusal_message("coupon_limit"))
    view = cart_view(lines, user=user, codes=[*codes, code], now=now)
    status = next((status for status in view.codes if status.code == code), None)
    if status is None:
        attempts.fail()
        return CouponOutcome(False, refusal_message("unknown_code"))
    if status.reason not in KEPT_REASONS:
        attempts.fail()
        return CouponOutcome(False, status.message)
    session[SESSION_CODES] = [*codes, code]
    if status.reason == "applied":
        return CouponOutcome(
            True,
            _("Code %(code)s applied: you save %(amount)s.")
            % {
                "code": code,
                "amount": money(to_cents(status.amount)),
            },
        )
    return CouponOutcome(
        True,
        _("Code %(code)s saved. %(reason)s")
        % {
            "code": code,
            "reason": status.message,
        },
    )


def coupon_remove(*, session: SessionBase, code: str) -> bool:
    """Take a code out of the session; say whether it was there."""
    code = normalise_code(code).upper()
    codes = session_codes(session)
    if code not in codes:
        return False
    session[SESSION_CODES] = [kept for kept in codes if kept != code]
    return True


# Flash sales --------------------------------------------------------------------------

FLASH_SKU_LIMIT = 200
SELECTOR_FIELDS = {
    "skus": "code__in",
    "products": "product__slug__in",
    "brands": "product__brand__slug__in",
    "tags": "product__tags__slug__in",
}


def own_price_cents(promo: Promotion, catalog: int) -> int:
    """Return what one unit costs under this item promotion alone."""
    if promo.kind == "special_price" and promo.price is not None:
        return min(promo.price, catalog)
    if promo.kind == "percent_off" and promo.percent is not None:
        return catalog - promo.percent.of_cents(catalog)
    if promo.kind == "amount_off" and promo.amount is not None:
        return max(0, catalog - promo.amount)
    single = [tier.price for tier in promo.price_tiers if tier.min_qty <= 1]
    return min([catalog, *single])


@dataclass(frozen=True)
class FlashItem:
    sku: SKU
    flash_price: Decimal
    catalog_price: Decimal


@dataclass(frozen=True)
class FlashSale:
    promotion: Promotion
    name: str
    running: bool
    starts_at: datetime | None
    ends_at: datetime | None
    remaining: int
    items: list[FlashItem]


def _targeted_skus(selectors: Sequence[Any]) -> Q:
    """Match the SKUs that any of the selectors may name, in one condition."""
    keys: dict[str, set[str]] = {name: set() for name in [*SELECTOR_FIELDS, "categories"]}
    for selector in selectors:
        for name, values in keys.items():
            values |= getattr(selector, name)
    query = Q(pk__in=[])
    for name, lookup in SELECTOR_FIELDS.items():
        if keys[name]:
            query |= Q(**{lookup: keys[name]})
    if keys["categories"]:
        slugs = {path.rsplit("/", 1)[-1] for path in keys["categories"]}
        query |= Q(product__category__in=_descendants(slugs))
    return query


def _descendants(slugs: set[str]) -> QuerySet[Category]:
    """Return the categories with these slugs and all their descendants."""
    paths = Category.objects.filter(slug__in=slugs).values_list("path", flat=True)
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(path__startswith=path)
    return Category.objects.filter(query)


def flash_sales(*, user: User | AnonymousUser | None, now: datetime) -> list[FlashSale]:
    """Return the running and upcoming flash sales (item promotions with a stock cap)."""
    promotions = compiled_promotions()
    customer = _customer(user)
    sales = [
        promo
        for promo in promotions.promotions
        if promo.layer == ITEM
        and promo.stock_cap is not None
        and not promo.codes
        and (promo.ends_at is None or promo.ends_at > now)
        and (
            promo.segments is None
            or (customer and not promo.segments.isdisjoint(customer.segments))
        )
    ]
    if not sales:
        return []
    if any(promo.targets.include.empty for promo in sales):
        query = Q()
    else:
        query = _targeted_skus([promo.targets.include for promo in sales])
    skus = {
        sku.code: sku
        for sku in SKU.objects.filter(query, is_active=True, product__is_active=True)
        .select_related("product")
        .distinct()
        .order_by("product__name", "code")[:FLASH_SKU_LIMIT]
    }
    items = _items(skus)
    facts = [
        ItemFacts(
            sku=item.sku,
            price=to_cents(item.price),
            product=item.product,
            categories=category_closure(item.categories),
            brand=item.brand,
            tags=frozenset(item.tags),
        )
        for item in items.values()
    ]
    matching = promotions.matching(facts)
    usage = _usage()
    positions = {promo.id: position for position, promo in enumerate(promotions.promotions)}
    names = {
        row.key: row.name
        for row in PromotionRow.objects.filter(key__in=[promo.id for promo in sales]).only(
            "key", "name"
        )
    }
    result = []
    for promo in sales:
        matched = sorted(matching.get((positions[promo.id], 0), ()))
        sold = usage[promo.id].units_sold if promo.id in usage else 0
        result.append(
            FlashSale(
                promotion=promo,
                name=names.get(promo.id, promo.name),
                running=promo.starts_at is None or promo.starts_at <= now,
                starts_at=promo.starts_at,
                ends_at=promo.ends_at,
                remaining=max(0, (promo.stock_cap or 0) - sold),
                items=[
                    FlashItem(
                        sku=skus[code],
                        flash_price=Decimal(
                            format_cents(own_price_cents(promo, to_cents(skus[code].price)))
                        ),
                        catalog_price=skus[code].price,
                    )
                    for code in matched
                ],
            )
        )
    return sorted(
        result, key=lambda sale: (not sale.running, sale.starts_at or now, sale.promotion.id)
    )


@dataclass(frozen=True)
class PromotionDetail:
    """A promotion on the product page: its name, what it gives and, for a flash sale, its end."""

    name: str
    text: str
    flash: bool
    ends_at: datetime | None


def promotion_details(prices: Iterable[ItemPrice]) -> list[PromotionDetail]:
    """Describe every promotion that any of the prices takes part in, named in one query."""
    badges: dict[str, Badge] = {}
    for found in prices:
        for badge in found.badges:
            badges.setdefault(badge.promotion, badge)
    if not badges:
        return []
    names = {
        row.key: row.name for row in PromotionRow.objects.filter(key__in=badges).only("key", "name")
    }
    return [
        PromotionDetail(
            name=names.get(key, key), text=badge.text, flash=badge.flash, ends_at=badge.ends_at
        )
        for key, badge in sorted(badges.items(), key=lambda pair: (pair[1].layer, pair[0]))
    ]
