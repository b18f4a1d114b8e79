"""Plan a year of orders with rhythms a recommender and a forecast can learn, and write them.

Popularity is Zipf-like, customers are skewed (a few order all the time), baskets pair
related categories (phone + case, tee + jeans, snacks + tea), customers keep to favourite
categories and re-buy consumables, and the calendar has weekends, 11.11, 618, 12.12, the
Spring Festival lull and seasonal products.
"""

import random
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from django.conf import settings
from django.utils import timezone
from tqdm import tqdm

from orders.models import Actor, Order, OrderEvent, OrderLine, OrderStatus

from . import calendar
from .customers import CustomerPlan
from .data.categories import LEAVES
from .numbers import allocate, apportion, to_decimal
from .products import ProductPlan, SkuPlan

SOLD_STATUSES = (
    OrderStatus.PAID,
    OrderStatus.SHIPPED,
    OrderStatus.DELIVERED,
    OrderStatus.COMPLETED,
)
FREE_SHIPPING_FROM = 9900
SHIPPING = 1000
COUPONS = ((99900, 12000), (49900, 6000), (29900, 3000), (19900, 2000), (9900, 1000))
# Orders still on their way depend on their age in days; older ones have settled.
_STATUSES_BY_AGE = (
    (1, {OrderStatus.PAID: 35, OrderStatus.SHIPPED: 55, OrderStatus.CANCELLED: 10}),
    (
        6,
        {
            OrderStatus.SHIPPED: 30,
            OrderStatus.DELIVERED: 50,
            OrderStatus.COMPLETED: 15,
            OrderStatus.CANCELLED: 5,
        },
    ),
    (
        14,
        {
            OrderStatus.DELIVERED: 20,
            OrderStatus.COMPLETED: 72,
            OrderStatus.CANCELLED: 5,
            OrderStatus.REFUNDED: 3,
        },
    ),
)
_SETTLED = {OrderStatus.COMPLETED: 90, OrderStatus.CANCELLED: 6, OrderStatus.REFUNDED: 4}


@dataclass
class LinePlan:
    product: ProductPlan
    sku: SkuPlan
    quantity: int
    discount: int = 0

    @property
    def amount(self) -> int:
        return self.sku.price * self.quantity


@dataclass
class OrderPlan:
    number: str
    customer: CustomerPlan
    status: str
    placed_at: datetime
    paid_at: datetime | None
    lines: list[LinePlan] = field(default_factory=list)
    shipping: int = 0
    shipping_discount: int = 0

    @property
    def subtotal(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def discount(self) -> int:
        return sum(line.discount for line in self.lines)

    @property
    def total(self) -> int:
        return self.subtotal - self.discount + self.shipping - self.shipping_discount


class _Shelf:
    """Products on offer, drawn in proportion to their weights."""

    def __init__(self, products: list[ProductPlan], weights: list[float]) -> None:
        self.products = products
        self.cumulative = list(accumulate(weights))

    def __bool__(self) -> bool:
        return bool(self.cumulative) and self.cumulative[-1] > 0

    def pick(self, rng: random.Random) -> ProductPlan:
        return rng.choices(self.products, cum_weights=self.cumulative)[0]


class _Month:
    """What sells in one month: every product on sale, and per leaf category."""

    def __init__(self, products: list[ProductPlan], start: datetime) -> None:
        weights = [_weight(product, start) for product in products]
        if not any(weights):
            # Only in a tiny catalogue can nothing be on sale yet; sell what there is.
            weights = [product.popularity for product in products]
        self.everything = _Shelf(products, weights)
        self.by_leaf: dict[str, _Shelf] = {}
        for leaf in LEAVES:
            pairs = [(p, w) for p, w in zip(products, weights, strict=True) if p.leaf == leaf]
            self.by_leaf[leaf] = _Shelf([p for p, _ in pairs], [w for _, w in pairs])

    def pick(self, rng: random.Random, leaf: str | None = None) -> ProductPlan:
        shelf = self.by_leaf.get(leaf or "")
        return shelf.pick(rng) if shelf else self.everything.pick(rng)


def _weight(product: ProductPlan, start: datetime) -> float:
    if product.created_at > start:
        return 0.0
    novelty = 1.5 if start - product.created_at < timedelta(days=60) else 1.0
    return product.popularity * novelty * calendar.season_factor(product.season, start.month)


class _Crowd:
    """Customers who had joined by a given time, drawn by how loyal they are."""

    def __init__(self, customers: list[CustomerPlan]) -> None:
        self.customers = customers
        self.joined = [customer.date_joined for customer in customers]
        self.cumulative = list(accumulate(customer.loyalty for customer in customers))

    def pick(self, rng: random.Random, at: datetime) -> CustomerPlan:
        members = max(1, bisect_right(self.joined, at))
        index = bisect_right(self.cumulative, rng.random() * self.cumulative[members - 1])
        return self.customers[index]


def plan_orders(
    *,
    rng: random.Random,
    count: int,
    products: list[ProductPlan],
    customers: list[CustomerPlan],
    today: date,
    window_days: int,
) -> list[OrderPlan]:
    """Return `count` orders placed over the `window_days` days before today, oldest first."""
    zone = timezone.get_default_timezone()
    days = [today - timedelta(days=offset) for offset in range(window_days, 0, -1)]
    trend = [0.85 + 0.3 * index / len(days) for index in range(len(days))]
    per_day = apportion(
        count, [calendar.day_weight(d) * t for d, t in zip(days, trend, strict=True)]
    )
    months: dict[tuple[int, int], _Month] = {}
    crowd = _Crowd(customers)
    history: dict[str, list[ProductPlan]] = {}
    orders = []
    for day, orders_today in zip(days, per_day, strict=True):
        midnight = datetime.combine(day, time(), tzinfo=zone)
        month = months.get((day.year, day.month))
        if month is None:
            month = months[(day.year, day.month)] = _Month(products, midnight)
        hours = calendar.FESTIVAL_HOURS if day.month == 11 and day.day == 11 else calendar.HOURS
        moments = sorted(
            midnight + timedelta(hours=hour, seconds=rng.randrange(3600))
            for hour in rng.choices(range(24), hours, k=orders_today)
        )
        for sequence, placed_at in enumerate(moments, start=1):
            customer = crowd.pick(rng, placed_at)
            order = OrderPlan(
                number=f"D{day:%Y%m%d}{sequence:05d}",
                customer=customer,
                status=_status(rng, (today - day).days),
                placed_at=placed_at,
                paid_at=None,
                lines=_basket(rng, month, customer, history.setdefault(customer.username, [])),
            )
            if order.status != OrderStatus.CANCELLED:
                order.paid_at = placed_at + timedelta(seconds=rng.randint(15, 900))
            _price(rng, order, calendar.is_sale_day(day))
            orders.append(order)
    return orders


def _status(rng: random.Random, age: int) -> str:
    weights = next((table for limit, table in _STATUSES_BY_AGE if age <= limit), _SETTLED)
    return rng.choices(list(weights), list(weights.values()))[0]


def _basket(
    rng: random.Random, month: _Month, customer: CustomerPlan, bought: list[ProductPlan]
) -> list[LinePlan]:
    """Fill a basket: a first item near the customer's tastes, then related or repeat items."""
    size = rng.choices((1, 2, 3, 4, 5), (46, 28, 14, 8, 4))[0]
    lines: list[LinePlan] = []
    taken: set[str] = set()
    for _ in range(size * 3):
        if len(lines) == size:
            break
        product = _next_item(rng, month, customer, bought, lines)
        sku = rng.choice(product.skus)
        if sku.code in taken:
            continue
        taken.add(sku.code)
        weights = (60, 25, 10, 5) if product.consumable else (84, 11, 4, 1)
        lines.append(LinePlan(product, sku, rng.choices((1, 2, 3, 4), weights)[0]))
    bought.extend(line.product for line in lines)
    del bought[:-20]
    return lines


def _next_item(
    rng: random.Random,
    month: _Month,
    customer: CustomerPlan,
    bought: list[ProductPlan],
    lines: list[LinePlan],
) -> ProductPlan:
    roll = rng.random()
    repeats = [product for product in bought if product.consumable]
    if repeats and roll < 0.12:
        return rng.choice(repeats)
    if not lines:
        leaf = rng.choice(customer.favourites) if roll < 0.6 else None
        return month.pick(rng, leaf)
    anchor = rng.choice(lines).product.leaf
    if roll < 0.6:
        return month.pick(rng, rng.choice(LEAVES[anchor].related))
    if roll < 0.8:
        return month.pick(rng, anchor)
    return month.pick(rng)


def _price(rng: random.Random, order: OrderPlan, sale_day: bool) -> None:
    """Apply the day's discount, allocated over the lines, and the shipping fee."""
    subtotal = order.subtotal
    discount = 0
    if sale_day and rng.random() < 0.8:
        discount = subtotal // 30000 * 4000
    elif rng.random() < 0.3:
        discount = next((off for floor, off in COUPONS if subtotal >= floor), 0)
    for line, share in zip(
        order.lines, allocate(discount, [line.amount for line in order.lines]), strict=True
    ):
        line.discount = share
    if subtotal - discount < FREE_SHIPPING_FROM:
        order.shipping = SHIPPING
        order.shipping_discount = SHIPPING if rng.random() < 0.25 else 0


# The steps each final state went through, with how long after the previous one.
_PATHS = {
    OrderStatus.PAID: (),
    OrderStatus.SHIPPED: ((OrderStatus.SHIPPED, timedelta(hours=20)),),
    OrderStatus.DELIVERED: (
        (OrderStatus.SHIPPED, timedelta(hours=20)),
        (OrderStatus.DELIVERED, timedelta(days=2)),
    ),
    OrderStatus.COMPLETED: (
        (OrderStatus.SHIPPED, timedelta(hours=20)),
        (OrderStatus.DELIVERED, timedelta(days=2)),
        (OrderStatus.COMPLETED, timedelta(days=3)),
    ),
    OrderStatus.REFUNDED: ((OrderStatus.REFUNDED, timedelta(days=1)),),
}
_STAMPS = {
    OrderStatus.SHIPPED: "shipped_at",
    OrderStatus.DELIVERED: "delivered_at",
    OrderStatus.COMPLETED: "completed_at",
    OrderStatus.CANCELLED: "cancelled_at",
}
_ACTORS = {
    OrderStatus.PAID: Actor.GATEWAY,
    OrderStatus.SHIPPED: Actor.MERCHANT,
    OrderStatus.DELIVERED: Actor.SYSTEM,
    OrderStatus.COMPLETED: Actor.SHOPPER,
    OrderStatus.CANCELLED: Actor.SYSTEM,
    OrderStatus.REFUNDED: Actor.MERCHANT,
}


def _history(plan: OrderPlan, now: datetime) -> list[tuple[str, datetime]]:
    """Return the states the order went through after being placed, each with its time."""
    if plan.status == OrderStatus.CANCELLED:
        return [(OrderStatus.CANCELLED, plan.placed_at + timedelta(minutes=30))]
    assert plan.paid_at is not None
    steps, at = [(OrderStatus.PAID, plan.paid_at)], plan.paid_at
    for status, after in _PATHS[plan.status]:
        at = min(at + after, now)
        steps.append((status, at))
    return steps


def _events(order: Order, plan: OrderPlan, history: list[tuple[str, datetime]]) -> list:
    events = [
        OrderEvent(
            order=order,
            to_status=OrderStatus.PENDING_PAYMENT,
            actor=Actor.SHOPPER,
            user_id=plan.customer.id,
            created_at=plan.placed_at,
        )
    ]
    source = OrderStatus.PENDING_PAYMENT
    for status, at in history:
        events.append(
            OrderEvent(
                order=order,
                from_status=source,
                to_status=status,
                actor=_ACTORS[status],
                created_at=at,
            )
        )
        source = status
    return events


def write_orders(*, orders: list[OrderPlan], batch_size: int, progress: tqdm) -> int:
    """Insert the orders, their lines and state histories; return how many lines were written."""
    written = 0
    now = timezone.now()
    for start in range(0, len(orders), batch_size):
        chunk = orders[start : start + batch_size]
        histories = [_history(plan, now) for plan in chunk]
        rows = Order.objects.bulk_create(
            _order(plan, history) for plan, history in zip(chunk, histories, strict=True)
        )
        OrderEvent.objects.bulk_create(
            event
            for plan, row, history in zip(chunk, rows, histories, strict=True)
            for event in _events(row, plan, history)
        )
        OrderLine.objects.bulk_create(
            OrderLine(
                order_id=row.pk,
                product_id=line.product.id,
                sku_id=line.sku.id,
                product_name=line.product.name.zh,
                sku_code=line.sku.code,
                unit_price=line.sku.price_decimal,
                quantity=line.quantity,
                discount=to_decimal(line.discount),
                total=to_decimal(line.amount - line.discount),
                **_line_refund(plan, line),
            )
            for plan, row in zip(chunk, rows, strict=True)
            for line in plan.lines
        )
        written += sum(len(plan.lines) for plan in chunk)
        progress.update(len(chunk))
    return written


def _line_refund(plan: OrderPlan, line: LinePlan) -> dict:
    if plan.status != OrderStatus.REFUNDED:
        return {}
    return {"refunded_quantity": line.quantity, "refunded": to_decimal(line.amount - line.discount)}


def _order(plan: OrderPlan, history: list[tuple[str, datetime]]) -> Order:
    address = plan.customer.default_address
    stamps = {_STAMPS[status]: at for status, at in history if status in _STAMPS}
    return Order(
        number=plan.number,
        user_id=plan.customer.id,
        email=plan.customer.email,
        status=plan.status,
        placed_at=plan.placed_at,
        paid_at=plan.paid_at,
        expires_at=plan.placed_at + timedelta(minutes=settings.ORDER_PAYMENT_MINUTES),
        refunded=to_decimal(plan.total) if plan.status == OrderStatus.REFUNDED else 0,
        carrier="顺丰速运" if "shipped_at" in stamps else "",
        tracking_number=f"SF{plan.number[1:]}" if "shipped_at" in stamps else "",
        **stamps,
        currency=settings.SHOP_CURRENCY,
        subtotal=to_decimal(plan.subtotal),
        discount=to_decimal(plan.discount),
        shipping=to_decimal(plan.shipping),
        shipping_discount=to_decimal(plan.shipping_discount),
        total=to_decimal(plan.total),
        recipient=address.recipient,
        phone=address.phone,
        country=address.country,
        province=address.province,
        city=address.city,
        district=address.district,
        street=address.street,
        postcode=address.postcode,
    )
