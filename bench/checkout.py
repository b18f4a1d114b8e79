"""Benchmark placing an order: the whole `order_place` transaction (lock the cart and stock,
re-price with the engine, reserve stock and promotion uses, freeze lines and adjustments)
against its own pricing step alone, for carts of 1, 5 and 20 lines under 20 promotions.

Run `python bench/checkout.py` (`--orders N`, `--quick`). It uses a scratch SQLite database
unless DATABASE_URL is set (PostgreSQL shows the cost of real row locks). It prints, per cart
size, the median and p95 of one pricing and of one placed order, their ratio, and the
queries one order issues.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
SCRATCH = Path(tempfile.mkdtemp(prefix="bench-checkout-")) / "db.sqlite3"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Address, User  # noqa: E402
from cart.models import Cart, CartLine  # noqa: E402
from catalog.models import SKU, Category, Product  # noqa: E402
from inventory.models import Stock  # noqa: E402
from orders.services import order_place  # noqa: E402
from promotions.cache import promotions_changed  # noqa: E402
from promotions.models import Promotion, PromotionKind  # noqa: E402
from promotions.pricing import cart_pricing  # noqa: E402

SIZES = (1, 5, 20)


def build_catalog(skus: int) -> list[SKU]:
    category = Category.add_root(name="Bench", slug="bench")
    rows = []
    for index in range(skus):
        product = Product.objects.create(
            category=category, name=f"Product {index}", slug=f"product-{index}"
        )
        sku = SKU.objects.create(
            product=product,
            code=f"B-{index:05d}",
            barcode=f"{690000000000 + index:012d}0"[:13],
            price=Decimal(19 + index % 50),
        )
        rows.append(sku)
    Stock.objects.bulk_create(Stock(sku=sku, on_hand=1_000_000) for sku in rows)
    return rows


def build_promotions(count: int) -> None:
    for index in range(count):
        Promotion.objects.create(
            key=f"BENCH{index}",
            name=f"Bench {index}",
            kind=PromotionKind.SPEND_THRESHOLD,
            params={"tiers": [{"min_spend": f"{100 + 10 * index}.00", "amount_off": "5.00"}]},
        )
    promotions_changed()


def shopper(index: int) -> tuple[User, Address, Cart]:
    user = User.objects.create_user(username=f"bench{index}", password="x")
    address = Address.objects.create(
        user=user,
        recipient="张三",
        phone="13800138000",
        province="上海市",
        city="上海市",
        district="浦东新区",
        street="世纪大道 1 号",
    )
    return user, address, Cart.objects.create(user=user)


def fill(cart: Cart, skus: list[SKU], size: int, offset: int) -> None:
    CartLine.objects.bulk_create(
        CartLine(cart=cart, sku=skus[(offset + k) % len(skus)], quantity=1 + k % 3)
        for k in range(size)
    )


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def measure(size: int, orders: int, skus: list[SKU], who: tuple[User, Address, Cart]) -> dict:
    user, address, cart = who
    place_ms, price_ms = [], []
    queries = 0
    for round_ in range(orders):
        fill(cart, skus, size, round_ * size)
        lines = [(line.sku.code, line.quantity) for line in cart.lines.select_related("sku")]
        price_ms.append(
            timed(
                lambda lines=lines: cart_pricing(
                    lines, user=user, codes=(), shipping=Decimal("10.00"), now=timezone.now()
                )
            )
        )
        with CaptureQueriesContext(connection) as captured:
            place_ms.append(
                timed(
                    lambda: order_place(
                        user=user,
                        cart=cart,
                        address=address,
                        shipping_method="standard",
                        payment_method="sandbox",
                        codes=(),
                        checkout_key=uuid.uuid4().hex,
                    )
                )
            )
        queries = len(captured)
        reset_queries()
    return {"place": place_ms, "price": price_ms, "queries": queries}


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(len(values) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=60, help="orders placed per cart size")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 5 orders per size")
    args = parser.parse_args()
    orders = 5 if args.quick else args.orders
    call_command("migrate", verbosity=0)
    skus = build_catalog(500)
    build_promotions(20)
    print(f"database: {connection.vendor}; {orders} orders per cart size, 20 promotions")
    print("| lines | pricing median ms | place_order median ms | p95 ms | ratio | queries |")
    print("|---:|---:|---:|---:|---:|---:|")
    for index, size in enumerate(SIZES):
        figures = measure(size, orders, skus, shopper(index))
        price_median = statistics.median(figures["price"])
        place_median = statistics.median(figures["place"])
        print(
            f"| {size} | {price_median:.2f} | {place_median:.2f} | {p95(figures['place']):.2f} "
            f"| {place_median / price_median:.1f} | {figures['queries']} |"
        )


if __name__ == "__main__":
    main()
