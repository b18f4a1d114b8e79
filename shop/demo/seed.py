"""Seed and flush the demo shop, one transaction per stage."""

import random
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import FileField, Sum
from django.utils import timezone, translation
from tqdm import tqdm

from catalog.models import Attribute, Brand, Category, Product, ProductImage, Tag
from catalog.services import product_refresh_prices
from inventory.models import PurchaseOrder, Supplier
from orders.models import Order, OrderLine
from promotions.models import Promotion, PromotionUsage
from shop.pagecache import pages_changed

from .catalog import (
    taxonomy_size,
    write_images,
    write_products,
    write_stock,
    write_suppliers,
    write_taxonomy,
)
from .customers import PASSWORD, USERNAME_PATTERN, plan_customers, write_customers
from .data.categories import ROOTS
from .orders import SOLD_STATUSES, plan_orders, write_orders
from .products import plan_products
from .promotions import DEMO_PREFIX, write_promotions
from .reviews import write_reviews

PRODUCTS, CUSTOMERS, ORDERS = 1000, 300, 20000
WINDOW_DAYS = 365
BATCH_SIZE = 1000
# Seeding writes the shop's own language into the untranslated columns modeltranslation keeps.
LANGUAGE = "zh-hans"


@dataclass(frozen=True)
class Summary:
    categories: int
    brands: int
    products: int
    skus: int
    customers: int
    addresses: int
    orders: int
    lines: int
    promotions: int
    reviews: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"Seeded {self.categories} categories, {self.brands} brands, "
            f"{self.products:,} products ({self.skus:,} SKUs), "
            f"{self.customers:,} customers ({self.addresses:,} addresses), "
            f"{self.orders:,} orders ({self.lines:,} lines), {self.promotions} promotions, "
            f"{self.reviews:,} reviews in {self.seconds:.1f} s."
        )


def shop_has_products() -> bool:
    """Tell whether the catalogue has any product."""
    return Product.objects.exists()


def demo_data_exists() -> bool:
    """Tell whether a catalogue or demo customers are already in the database."""
    return (
        any(model.objects.exists() for model in (Product, Category, Brand, Tag, Attribute))
        or _demo_customers().exists()
    )


def demo_flush() -> None:
    """Delete the catalogue, the demo customers and their orders, then the pictures' files."""
    with transaction.atomic():
        files = _image_files()
        Order.objects.filter(user__in=_demo_customers()).delete()
        demo_promotions = Promotion.objects.filter(key__startswith=DEMO_PREFIX)
        PromotionUsage.objects.filter(promotion__in=demo_promotions).delete()
        demo_promotions.delete()
        demo_suppliers = Supplier.objects.filter(code__in=[root.slug for root in ROOTS])
        PurchaseOrder.objects.filter(supplier__in=demo_suppliers).delete()
        Product.objects.all().delete()
        demo_suppliers.delete()
        Category.objects.all().delete()
        for model in (Brand, Tag, Attribute):
            model.objects.all().delete()
        _demo_customers().delete()
        transaction.on_commit(lambda: _delete_files(files))


def demo_seed(*, scale: float, seed: int, progress: bool, today: date | None = None) -> Summary:
    """Fill an empty database with the demo shop; the same seed and day give the same shop."""
    started = time.monotonic()
    today = today or timezone.localdate()
    # Anchoring on midnight, not on the current second, makes a run repeatable within a day.
    midnight = datetime.combine(today, datetime.min.time(), tzinfo=timezone.get_default_timezone())
    products = plan_products(
        rng=random.Random(f"{seed}:products"), count=_scaled(PRODUCTS, scale), now=midnight
    )
    customers = plan_customers(
        rng=random.Random(f"{seed}:customers"),
        count=_scaled(CUSTOMERS, scale),
        now=midnight,
        window_days=WINDOW_DAYS,
    )
    orders = plan_orders(
        rng=random.Random(f"{seed}:orders"),
        count=_scaled(ORDERS, scale),
        products=products,
        customers=customers,
        today=today,
        window_days=WINDOW_DAYS,
    )
    skus = sum(len(plan.skus) for plan in products)
    with translation.override(LANGUAGE):
        with _stage("taxonomy", taxonomy_size(), progress) as bar:
            taxonomy = write_taxonomy(bar)
        with _stage("products", len(products), progress) as bar:
            write_products(plans=products, taxonomy=taxonomy, batch_size=BATCH_SIZE, progress=bar)
        with _stage("stock", skus, progress) as bar:
            write_stock(plans=products, batch_size=BATCH_SIZE, progress=bar)
            write_suppliers(plans=products, seed=seed)
        with _stage("images", len(products), progress) as bar:
            write_images(plans=products, batch_size=BATCH_SIZE, progress=bar)
        with _stage("customers", len(customers), progress) as bar:
            addresses = write_customers(
                customers=customers,
                password_hash=make_password(PASSWORD),
                batch_size=BATCH_SIZE,
                progress=bar,
            )
        with _stage("orders", len(orders), progress) as bar:
            lines = write_orders(orders=orders, batch_size=BATCH_SIZE, progress=bar)
        with _stage("totals", 2, progress) as bar:
            _refresh_totals([plan.id for plan in products], bar)
        with _stage("promotions", 1, progress) as bar:
            promotions = write_promotions(now=timezone.now())
            bar.update(1)
        with _stage("reviews", 1, progress) as bar:
            reviews = write_reviews(rng=random.Random(f"{seed}:reviews"), progress=bar)
        # Written in bulk, past the signals: pages a running shop kept are of the old shop.
        pages_changed()
    return Summary(
        categories=len(taxonomy.categories),
        brands=len(taxonomy.brands),
        products=len(products),
        skus=skus,
        customers=len(customers),
        addresses=addresses,
        orders=len(orders),
        lines=lines,
        promotions=promotions,
        reviews=reviews,
        seconds=time.monotonic() - started,
    )


def _scaled(count: int, scale: float) -> int:
    return max(1, round(count * scale))


@contextmanager
def _stage(name: str, total: int, progress: bool) -> Iterator[tqdm]:
    """Run one stage in its own transaction behind its own progress bar."""
    with (
        tqdm(
            total=total, desc=f"{name:>9}", unit=" rows", disable=not progress, file=sys.stderr
        ) as bar,
        transaction.atomic(),
    ):
        yield bar


def _refresh_totals(product_ids: list[int], bar: tqdm) -> None:
    """Count units sold from paid orders and take each product's lowest SKU price."""
    sold = dict(
        OrderLine.objects.filter(product_id__isnull=False, order__status__in=SOLD_STATUSES)
        .values("product_id")
        .annotate(units=Sum("quantity"))
        .values_list("product_id", "units")
    )
    products = list(Product.objects.filter(id__in=product_ids).only("id"))
    for product in products:
        product.sales_count = sold.get(product.pk, 0)
    Product.objects.bulk_update(products, ["sales_count"], batch_size=BATCH_SIZE)
    bar.update()
    product_refresh_prices(product_ids=product_ids)
    bar.update()


def _demo_customers():
    return get_user_model().objects.filter(username__regex=USERNAME_PATTERN)


def _image_files() -> list[tuple[FileField, str]]:
    fields = [field for field in ProductImage._meta.get_fields() if isinstance(field, FileField)]
    rows = ProductImage.objects.values_list(*(field.name for field in fields))
    return [(field, name) for row in rows for field, name in zip(fields, row, strict=True) if name]


def _delete_files(files: list[tuple[FileField, str]]) -> None:
    for field, name in files:
        field.storage.delete(name)
