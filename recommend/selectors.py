"""Read the stored recommendations for pages: a fixed number of queries per page.

Every list is product cards that can be bought now: active, in an active category, with
units available. Sold-out or hidden products are left out here, at read time, so that a
product that sells out at noon disappears from lists at once, not after the next rebuild.
"""

from collections.abc import Sequence

from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.base import SessionBase
from django.db.models import OuterRef, QuerySet, Subquery, Sum

from accounts.models import User
from cart.models import CartLine
from cart.selectors import guest_cart_id
from catalog.models import Product
from catalog.selectors import ProductSort, product_cards, product_sorted
from orders.models import OrderLine
from orders.states import SOLD_STATES

from .models import Neighbour
from .services import VIEWED_SESSION_KEY

LIST_SIZE = 8
HISTORY_SIZE = 20


def _buyable() -> QuerySet[Product]:
    return product_cards().filter(stock_available__gt=0)


def recommended_for(*, seeds: Sequence[int], limit: int = LIST_SIZE) -> list[Product]:
    """Return the buyable products most recommended by the seed products, in one query."""
    seeds = list(dict.fromkeys(seeds))[:HISTORY_SIZE]
    if not seeds:
        return []
    total = (
        Neighbour.objects.filter(product_id__in=seeds, neighbour_id=OuterRef("pk"))
        .values("neighbour_id")
        .annotate(total=Sum("score"))
        .values("total")
    )
    candidates = Neighbour.objects.filter(product_id__in=seeds).values("neighbour_id")
    return list(
        _buyable()
        .filter(id__in=candidates)
        .exclude(id__in=seeds)
        .annotate(recommendation=Subquery(total))
        .order_by("-recommendation", "id")[:limit]
    )


def popular(*, limit: int = LIST_SIZE, exclude: Sequence[int] = ()) -> list[Product]:
    """Return the best-ranked buyable products: the list for someone we know nothing of."""
    queryset = _buyable().exclude(id__in=list(exclude))
    return list(product_sorted(queryset, sort=ProductSort.DEFAULT)[:limit])


def also_bought(*, product_id: int, limit: int = LIST_SIZE) -> list[Product]:
    """Return what shoppers who bought this product also bought (or similar products)."""
    return recommended_for(seeds=[product_id], limit=limit)


def _purchased(user: User) -> list[int]:
    lines = (
        OrderLine.objects.filter(
            order__user=user, order__status__in=SOLD_STATES, product__isnull=False
        )
        .order_by("-order__placed_at", "-id")
        .values_list("product_id", flat=True)
    )
    return list(lines[: HISTORY_SIZE * 3])


def _cart_products(*, user: User | AnonymousUser, session: SessionBase | None) -> list[int]:
    lines = CartLine.objects.order_by("-id")
    if user.is_authenticated:
        lines = lines.filter(cart__user=user)
    else:
        cart_id = guest_cart_id(session)
        if cart_id is None:
            return []
        lines = lines.filter(cart_id=cart_id, cart__user__isnull=True)
    return list(lines.values_list("sku__product_id", flat=True)[:HISTORY_SIZE])


def _viewed(session: SessionBase | None) -> list[int]:
    viewed = session.get(VIEWED_SESSION_KEY, []) if session is not None else []
    return [pk for pk in viewed if isinstance(pk, int)] if isinstance(viewed, list) else []


def you_may_like(
    *, user: User | AnonymousUser, session: SessionBase | None, limit: int = LIST_SIZE
) -> list[Product]:
    """Return picks from the shopper's orders, or a guest's views and cart; else popular."""
    if user.is_authenticated:
        seeds = _purchased(user)
    else:
        seeds = _cart_products(user=user, session=session) + _viewed(session)
    picks = recommended_for(seeds=seeds, limit=limit)
    if len(picks) < limit:
        picks += popular(limit=limit - len(picks), exclude=[*seeds, *(p.pk for p in picks)])
    return picks


def complete_your_order(
    *, user: User | AnonymousUser, session: SessionBase | None, limit: int = LIST_SIZE
) -> list[Product]:
    """Return what goes with the cart's products; nothing for an empty cart."""
    return recommended_for(seeds=_cart_products(user=user, session=session), limit=limit)
