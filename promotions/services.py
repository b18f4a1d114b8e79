"""Use cases that change promotions: status, duplication, coupon code batches, reservations."""

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from orders.models import Order
from promotions.engine import PricingResult
from shop.pagecache import pages_changed

from .cache import promotions_changed
from .definitions import promotion_definition
from .engine import CaseError
from .models import (
    CouponCode,
    Promotion,
    PromotionSimulation,
    PromotionStatus,
    PromotionTarget,
    PromotionUsage,
    SimulationStatus,
    normalise_code,
    validate_code,
)
from .selectors import live_usages
from .simulation import check_definition, simulate

# No 0/O, 1/I/L: a code read aloud or copied from paper must not be mistyped.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_RANDOM_LENGTH = 10
CODE_PREFIX_MAX = 20
MAX_BATCH = 10_000
LOOKUP_CHUNK = 900


@transaction.atomic
def promotions_set_status(*, promotion_ids: Iterable[int], status: PromotionStatus) -> int:
    """Set the status of promotions; return how many changed."""
    changed = (
        Promotion.objects.filter(pk__in=list(promotion_ids))
        .exclude(status=status)
        .update(status=status, updated_at=timezone.now())
    )
    if changed:
        promotions_changed()
    return changed


def _free_key(base: str) -> str:
    taken = set(Promotion.objects.filter(key__startswith=base[:30]).values_list("key", flat=True))
    candidate, number = f"{base[:35]}-copy", 1
    while candidate in taken:
        number += 1
        candidate = f"{base[:30]}-copy{number}"
    return candidate


@transaction.atomic
def promotion_duplicate(*, promotion: Promotion) -> Promotion:
    """Copy a promotion with its targets and segments, paused and without codes."""
    original = Promotion.objects.get(pk=promotion.pk)
    copy = Promotion.objects.get(pk=promotion.pk)
    copy.pk = None
    copy._state.adding = True
    copy.key = _free_key(original.key)
    copy.status = PromotionStatus.PAUSED
    copy.save()
    copy.segments.set(original.segments.all())
    PromotionTarget.objects.bulk_create(
        PromotionTarget(
            promotion=copy,
            role=target.role,
            sku_id=target.sku_id,
            product_id=target.product_id,
            category_id=target.category_id,
            brand_id=target.brand_id,
            tag_id=target.tag_id,
        )
        for target in original.targets.all()
    )
    promotions_changed()
    return copy


def _random_code(prefix: str) -> str:
    return prefix + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_RANDOM_LENGTH))


def _taken(codes: set[str]) -> set[str]:
    found: set[str] = set()
    ordered = sorted(codes)
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        chunk = ordered[start : start + LOOKUP_CHUNK]
        found.update(CouponCode.objects.filter(code__in=chunk).values_list("code", flat=True))
    return found


def unique_random_codes(*, prefix: str, count: int) -> list[str]:
    """Return count new random codes, none of them already stored."""
    codes: set[str] = set()
    while len(codes) < count:
        fresh = {_random_code(prefix) for _ in range(count - len(codes))} - codes
        codes |= fresh - _taken(fresh)
    return sorted(codes)


@transaction.atomic
def coupon_codes_generate(
    *,
    promotion: Promotion,
    prefix: str = "",
    count: int = 0,
    users: Sequence[User] = (),
    single_use: bool = True,
) -> list[str]:
    """Create a batch of random codes for a promotion, one per user when users are given."""
    prefix = normalise_code(prefix)
    if prefix:
        validate_code(prefix)
    if len(prefix) > CODE_PREFIX_MAX:
        raise ValidationError(
            _("A prefix has at most %(max)d characters."),
            code="prefix_too_long",
            params={"max": CODE_PREFIX_MAX},
        )
    if users:
        count = len(users)
    if not 1 <= count <= MAX_BATCH:
        raise ValidationError(
            _("Generate between 1 and %(max)d codes at a time."),
            code="invalid_count",
            params={"max": MAX_BATCH},
        )
    codes = unique_random_codes(prefix=prefix, count=count)
    owners: list[User | None] = list(users) or [None] * count
    CouponCode.objects.bulk_create(
        (
            CouponCode(promotion=promotion, code=code, user=owner, single_use=single_use)
            for code, owner in zip(codes, owners, strict=True)
        ),
        batch_size=1000,
    )
    promotions_changed()
    return codes


LIMIT_MESSAGES = {
    "unavailable": _("Promotion %(promotion)s is no longer available."),
    "usage_limit_reached": _("Promotion %(promotion)s has reached its order limit."),
    "customer_limit_reached": _("You have already used promotion %(promotion)s."),
    "budget_exhausted": _("Promotion %(promotion)s has used up its budget."),
    "stock_cap_reached": _("The units at the price of promotion %(promotion)s are sold out."),
    "code_not_given": _("Promotion %(promotion)s needs one of its codes."),
    "code_used": _("The code of promotion %(promotion)s has already been used."),
    "code_not_yours": _("The code of promotion %(promotion)s is for another customer."),
}


class PromotionLimitReached(ValidationError):
    """An order cannot take a promotion it was priced with: roll back and price it again."""

    def __init__(self, *, code: str, promotion: str) -> None:
        super().__init__(LIMIT_MESSAGES[code], code=code, params={"promotion": promotion})
        self.promotion = promotion


@dataclass(frozen=True)
class Claim:
    """What an order takes from one applied promotion: its discount and its units."""

    promotion: str
    discount: Decimal
    units: int


def claims_of(result: PricingResult | Mapping[str, Any]) -> list[Claim]:
    """Return the claims of a pricing result, or of its JSON form."""
    data = result.to_dict() if isinstance(result, PricingResult) else result
    return [
        Claim(
            promotion=entry["promotion"],
            discount=Decimal(entry["amount"]),
            # Only layer 1 counts units sold: there, applications are units at the price.
            units=int(entry["applications"]) if entry["layer"] == "item" else 0,
        )
        for entry in data["applied"]
    ]


@transaction.atomic
def promotion_usage_reserve(
    *,
    order: Order,
    user: User | None,
    result: PricingResult | Mapping[str, Any],
    codes: Sequence[str] = (),
) -> list[PromotionUsage]:
    """Record what an order takes from its promotions, re-checking every limit under lock.

    Raise PromotionLimitReached, writing nothing, when one limit would be exceeded.
    """
    return _reserve(order=order, user=user, claims=claims_of(result), codes=codes, lock=True)


def _reserve(
    *,
    order: Order,
    user: User | None,
    claims: list[Claim],
    codes: Sequence[str],
    lock: bool,
) -> list[PromotionUsage]:
    """Check and write usages; `lock` False exists only to show the race that locks prevent."""
    if not claims:
        return []
    if lock:
        # The order first, so that two reservations for one order cannot both pass.
        Order.objects.select_for_update().filter(pk=order.pk).exists()
    if live_usages().filter(order=order).exists():
        raise ValidationError(_("This order already holds its promotions."), code="reserved")
    # A promotion paused or ended since the cart was priced is no longer available.
    promotions = Promotion.objects.filter(
        key__in=[claim.promotion for claim in claims], status=PromotionStatus.ACTIVE
    ).exclude(ends_at__lte=timezone.now())
    if lock:
        promotions = promotions.select_for_update()
    # One order of locking for every checkout, promotions then codes, each by id: no deadlock.
    by_key = {promotion.key: promotion for promotion in promotions.order_by("pk")}
    for claim in claims:
        if claim.promotion not in by_key:
            raise PromotionLimitReached(code="unavailable", promotion=claim.promotion)
    so_far = check_limits(claims, by_key, user)
    used_codes = claim_codes(claims, by_key, user, codes, lock=lock)
    usages = PromotionUsage.objects.bulk_create(
        PromotionUsage(
            promotion=by_key[claim.promotion],
            order=order,
            user=user,
            discount=claim.discount,
            units=claim.units,
        )
        for claim in claims
    )
    if used_codes:
        CouponCode.objects.filter(pk__in=used_codes).update(used_at=timezone.now(), order=order)
        # A used single-use code no longer unlocks its promotion: the compiled set changes.
        promotions_changed()
    if running_out(claims, by_key, so_far):
        pages_changed()
    return usages


def totals(promotion_ids: Iterable[int], user: User | None = None) -> dict[int, dict[str, Any]]:
    """Return uses, discount and units of live usages per promotion id (of one user if given)."""
    rows = live_usages().filter(promotion_id__in=list(promotion_ids))
    if user is not None:
        rows = rows.filter(user=user)
    return {
        row["promotion_id"]: row
        for row in rows.order_by()
        .values("promotion_id")
        .annotate(uses=Count("id"), discount=Sum("discount"), units=Sum("units"))
    }


EMPTY_TOTALS = {"uses": 0, "discount": Decimal("0.00"), "units": 0}


def check_limits(
    claims: list[Claim], by_key: dict[str, Promotion], user: User | None
) -> dict[int, dict[str, Any]]:
    """Raise PromotionLimitReached for the first claim the database's counts refuse.

    Return the overall totals so far, by promotion id.
    """
    ids = [promotion.pk for promotion in by_key.values()]
    overall = totals(ids)
    customer = totals(ids, user) if user is not None else None
    for claim in claims:
        promotion = by_key[claim.promotion]
        mine = None if customer is None else customer.get(promotion.pk, EMPTY_TOTALS)
        refused = refusal(promotion, claim, overall.get(promotion.pk, EMPTY_TOTALS), mine)
        if refused is not None:
            raise PromotionLimitReached(code=refused, promotion=claim.promotion)
    return overall


def running_out(
    claims: list[Claim], by_key: dict[str, Promotion], so_far: dict[int, dict[str, Any]]
) -> bool:
    """Say whether, with these claims taken, what guests see of a promotion may change.

    A budget may come to cover some item's discount no longer, whatever the claim's size:
    any use counts. A limit of uses or units shows once one more like these would break it.
    """
    for claim in claims:
        promotion = by_key[claim.promotion]
        if promotion.budget is not None:
            return True
        before = so_far.get(promotion.pk, EMPTY_TOTALS)
        after = {
            "uses": before["uses"] + 1,
            "discount": before["discount"] + claim.discount,
            "units": before["units"] + claim.units,
        }
        if refusal(promotion, claim, after, None) is not None:
            return True
    return False


def refusal(
    promotion: Promotion,
    claim: Claim,
    so_far: Mapping[str, Any],
    mine: Mapping[str, Any] | None,
) -> str | None:
    """Return the reason one more order with this claim breaks a limit, None when it fits."""
    if promotion.usage_limit is not None and so_far["uses"] + 1 > promotion.usage_limit:
        return "usage_limit_reached"
    # A guest has no past orders to count, as the engine sees it.
    if (
        mine is not None
        and promotion.per_customer is not None
        and mine["uses"] + 1 > promotion.per_customer
    ):
        return "customer_limit_reached"
    if promotion.budget is not None and so_far["discount"] + claim.discount > promotion.budget:
        return "budget_exhausted"
    units_over = claim.units and (
        (promotion.stock_cap is not None and so_far["units"] + claim.units > promotion.stock_cap)
        or (
            mine is not None
            and promotion.per_customer_qty is not None
            and mine["units"] + claim.units > promotion.per_customer_qty
        )
    )
    return "stock_cap_reached" if units_over else None


def claim_codes(
    claims: list[Claim],
    by_key: dict[str, Promotion],
    user: User | None,
    codes: Sequence[str],
    *,
    lock: bool,
) -> list[int]:
    """Check the code each coded promotion was given; return the single-use ones to mark used."""
    ids = [by_key[claim.promotion].pk for claim in claims]
    coded = set(
        CouponCode.objects.filter(promotion_id__in=ids).values_list("promotion_id", flat=True)
    )
    if not coded:
        return []
    given = CouponCode.objects.filter(
        promotion_id__in=coded, code__in={normalise_code(code) for code in codes}
    )
    if lock:
        given = given.select_for_update()
    rows: dict[int, list[CouponCode]] = {}
    for row in given.order_by("pk"):
        rows.setdefault(row.promotion_id, []).append(row)
    used = []
    for claim in claims:
        promotion = by_key[claim.promotion]
        if promotion.pk not in coded:
            continue
        row = usable_code(rows.get(promotion.pk, []), user, claim.promotion)
        if row.single_use:
            used.append(row.pk)
    return used


def usable_code(rows: list[CouponCode], user: User | None, promotion: str) -> CouponCode:
    """Return the first given code that this customer may use, or say why none is."""
    if not rows:
        raise PromotionLimitReached(code="code_not_given", promotion=promotion)
    mine = [row for row in rows if row.user_id is None or (user and row.user_id == user.pk)]
    if not mine:
        raise PromotionLimitReached(code="code_not_yours", promotion=promotion)
    fresh = [row for row in mine if not (row.single_use and row.used_at is not None)]
    if not fresh:
        raise PromotionLimitReached(code="code_used", promotion=promotion)
    return fresh[0]


@transaction.atomic
def promotion_usage_release(*, order: Order) -> int:
    """Give back what a cancelled or expired order took; safe to call again."""
    held = PromotionUsage.objects.filter(order=order, released_at__isnull=True)
    # A limited promotion that had run out may have room again: guests' pages go stale.
    limited = held.filter(
        Q(promotion__usage_limit__isnull=False)
        | Q(promotion__budget__isnull=False)
        | Q(promotion__stock_cap__isnull=False)
    ).exists()
    released = held.update(released_at=timezone.now())
    freed = CouponCode.objects.filter(order=order, single_use=True).update(used_at=None, order=None)
    if freed:
        promotions_changed()
    if limited:
        pages_changed()
    return released


@transaction.atomic
def promotion_simulation_request(
    *,
    starts_at: datetime,
    ends_at: datetime,
    promotion: Promotion | None = None,
    definition: Mapping[str, Any] | None = None,
    alone: bool = False,
    user: User | None = None,
) -> PromotionSimulation:
    """Ask what a promotion (saved, or a definition) would have given; run it after commit."""
    from .tasks import simulate_promotion  # the task module imports this one

    if (promotion is None) == (definition is None):
        raise ValidationError(
            _("Choose a promotion or give a definition, not both."), code="one_promotion"
        )
    if ends_at <= starts_at:
        raise ValidationError(_("The range must end after it starts."), code="empty_range")
    if promotion is not None:
        definition = promotion_definition(promotion)
    try:
        check_definition(definition)
    except CaseError as error:
        raise ValidationError(
            _("The definition is not valid: %(error)s"),
            code="invalid_definition",
            params={"error": str(error)},
        ) from error
    simulation = PromotionSimulation.objects.create(
        promotion=promotion,
        definition=definition,
        starts_at=starts_at,
        ends_at=ends_at,
        alone=alone,
        requested_by=user,
    )
    transaction.on_commit(lambda: simulate_promotion.delay(simulation.pk))
    return simulation


def promotion_simulation_run(*, simulation_id: int) -> PromotionSimulation:
    """Run a requested simulation and store its result; a finished one is left as it is.

    Not one transaction: the replay only reads, for up to a minute, and the status must
    show "running" meanwhile.
    """
    with transaction.atomic():
        simulation = PromotionSimulation.objects.select_for_update().get(pk=simulation_id)
        if simulation.status == SimulationStatus.DONE:
            return simulation
        simulation.status = SimulationStatus.RUNNING
        simulation.save(update_fields=["status"])
    try:
        summary = simulate(
            definition=simulation.definition,
            start=simulation.starts_at,
            end=simulation.ends_at,
            now=simulation.created_at,
            alone=simulation.alone,
        )
    except CaseError as error:
        simulation.status, simulation.error = SimulationStatus.FAILED, str(error)
    except Exception as error:
        # Never leave a merchant looking at "running" for ever; the worker logs the rest.
        simulation.status, simulation.error = SimulationStatus.FAILED, type(error).__name__
        simulation.finished_at = timezone.now()
        simulation.save(update_fields=["status", "error", "finished_at"])
        raise
    else:
        simulation.status, simulation.result, simulation.error = (
            SimulationStatus.DONE,
            summary.to_dict(),
            "",
        )
    simulation.finished_at = timezone.now()
    simulation.save(update_fields=["status", "result", "error", "finished_at"])
    return simulation
