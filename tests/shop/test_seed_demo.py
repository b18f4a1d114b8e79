"""The demo seed: consistent, repeatable data, and the guards around an existing shop."""

from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, Min, Q, Sum

from accounts.models import Address
from catalog.models import SKU, Category, Product, ProductImage
from inventory.models import Stock
from orders.models import Order, OrderLine
from promotions.models import CouponCode, Promotion
from reviews.models import ProductRating, Review
from shop.demo.numbers import allocate, ean13, nice_price
from shop.demo.orders import SOLD_STATUSES

SCALE = 0.02
User = get_user_model()


@pytest.fixture(autouse=True)
def _fast_and_tidy(settings, tmp_path):
    """Hash cheaply and write the pictures to a throwaway folder."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


def seed(*flags: str, seed: int = 7) -> str:
    out = StringIO()
    call_command("seed_demo", *flags, scale=SCALE, seed=seed, verbosity=0, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db) -> str:
    return seed()


def snapshot() -> dict:
    return {
        "products": list(Product.objects.order_by("slug").values_list("name_zh_hans", "name_en")),
        "skus": list(SKU.objects.order_by("code").values_list("code", "barcode", "price")),
        "customers": list(User.objects.order_by("username").values_list("username", "last_name")),
        "orders": list(Order.objects.order_by("number").values_list("number", "status", "total")),
    }


def test_summary_counts_what_was_written(seeded):
    assert seeded.startswith("Seeded 30 categories, 40 brands, 20 products")
    assert Product.objects.count() == 20
    assert User.objects.count() == 6
    assert Order.objects.count() == 400
    assert Category.objects.filter(depth=1).count() == 8


def test_names_are_bilingual_and_slugs_ascii(seeded):
    for product in Product.objects.all():
        assert product.name_zh_hans
        assert product.name_en
        assert product.description_en
        assert product.name == product.name_zh_hans
        assert product.slug.isascii()
    assert not Category.objects.filter(Q(name_en="") | Q(name_en__isnull=True)).exists()


def test_every_sku_has_stock_and_a_valid_barcode(seeded):
    assert not SKU.objects.filter(stock__isnull=True).exists()
    assert Stock.objects.count() == SKU.objects.count()
    for barcode in SKU.objects.values_list("barcode", flat=True):
        assert len(barcode) == 13
        assert ean13(barcode[:12]) == barcode


def test_products_have_one_to_six_skus_and_a_picture(seeded):
    counts = Product.objects.annotate(n=Count("skus")).values_list("n", flat=True)
    assert all(1 <= n <= 6 for n in counts)
    assert ProductImage.objects.count() == Product.objects.count()
    assert all(image.image.storage.exists(image.image.name) for image in ProductImage.objects.all())


def test_every_customer_has_exactly_one_default_address(seeded):
    defaults = User.objects.annotate(
        defaults=Count("addresses", filter=Q(addresses__is_default=True)),
        addresses_count=Count("addresses"),
    )
    for customer in defaults:
        assert customer.defaults == 1
        assert 1 <= customer.addresses_count <= 3
    for address in Address.objects.all():
        address.full_clean()


def test_order_totals_add_up(seeded):
    for order in Order.objects.prefetch_related("lines"):
        lines = list(order.lines.all())
        assert 1 <= len(lines) <= 5
        for line in lines:
            assert line.total == line.unit_price * line.quantity - line.discount
        assert order.subtotal == sum(line.unit_price * line.quantity for line in lines)
        assert order.discount == sum(line.discount for line in lines)
        assert order.shipping in {Decimal("0.00"), Decimal("10.00")}
        assert order.total == (
            order.subtotal - order.discount + order.shipping - order.shipping_discount
        )


def test_orders_ship_to_the_default_address(seeded):
    order = Order.objects.select_related("user").first()
    address = order.user.addresses.get(is_default=True)
    assert (order.recipient, order.city, order.street) == (
        address.recipient,
        address.city,
        address.street,
    )


def test_denormalised_totals_match_the_orders_and_skus(seeded):
    sold = dict(
        OrderLine.objects.filter(order__status__in=SOLD_STATUSES)
        .values("product_id")
        .annotate(units=Sum("quantity"))
        .values_list("product_id", "units")
    )
    for product in Product.objects.annotate(lowest=Min("skus__price")):
        assert product.sales_count == sold.get(product.pk, 0)
        assert product.min_price == product.lowest


def test_same_seed_gives_the_same_shop(seeded):
    first = snapshot()
    seed("--flush")
    assert snapshot() == first
    seed("--flush", seed=8)
    assert snapshot()["products"] != first["products"]


def test_flush_keeps_other_users(seeded):
    User.objects.create_user(username="merchant", password="x")
    seed("--flush")
    assert User.objects.filter(username="merchant").exists()
    assert User.objects.filter(username__startswith="customer").count() == 6


def test_if_empty_does_nothing_on_a_seeded_shop(seeded):
    before = snapshot()
    assert "nothing to seed" in seed("--if-empty")
    assert snapshot() == before


def test_if_empty_seeds_an_empty_shop(db):
    assert seed("--if-empty").startswith("Seeded")


def test_refuses_without_flags_when_data_exists(seeded):
    # manage.py exits with the error's return code and prints its one-line message.
    with pytest.raises(CommandError, match="pass --flush") as refusal:
        seed()
    assert refusal.value.returncode != 0
    assert "\n" not in str(refusal.value)
    assert Order.objects.count() == 400


def test_repeat_buyers_and_popular_products(db):
    seed()
    per_customer = Counter(Order.objects.values_list("user_id", flat=True))
    assert max(per_customer.values()) > 2 * min(per_customer.values())
    sales = sorted(Product.objects.values_list("sales_count", flat=True), reverse=True)
    assert sales[0] > 3 * sales[len(sales) // 2]


@pytest.mark.parametrize(
    ("raw", "charm", "cents"),
    [(9.2, True, 990), (15.6, False, 1590), (38.0, True, 3990), (42.0, False, 3900),
     (131.0, True, 12900), (1320.0, True, 129900)],
)  # fmt: skip
def test_prices_look_like_shop_prices(raw, charm, cents):
    assert nice_price(raw, charm=charm) == cents


def test_ean13_check_digit():
    assert ean13("400638133393") == "4006381333931"
    with pytest.raises(ValueError, match="twelve digits"):
        ean13("12345")


def test_allocation_adds_up_exactly():
    assert allocate(1000, [3333, 3333, 3334]) == [333, 333, 334]
    assert sum(allocate(4000, [12900, 3990, 990])) == 4000
    assert allocate(0, [1, 2]) == [0, 0]


def test_the_demo_runs_promotions_with_a_welcome_code(seeded):
    keys = set(Promotion.objects.values_list("key", flat=True))
    assert {"DEMO-SPEND", "DEMO-WELCOME", "DEMO-SHIPPING", "DEMO-TEA"} <= keys
    assert CouponCode.objects.get(code="WELCOME20").promotion.key == "DEMO-WELCOME"
    assert Promotion.objects.get(key="DEMO-TEA").targets.count() == 1
    assert all(promotion.name_en for promotion in Promotion.objects.all())


def test_flush_replaces_the_demo_promotions(seeded):
    seed("--flush")
    assert Promotion.objects.filter(key="DEMO-TEA").get().targets.count() == 1


def test_orders_carry_a_consistent_history(seeded):
    for order in Order.objects.prefetch_related("events")[:100]:
        events = list(order.events.all())
        assert events[0].to_status == "pending_payment"
        assert events[-1].to_status == order.status
        assert all(a.to_status == b.from_status for a, b in zip(events, events[1:], strict=False))
        assert order.refunded == (order.total if order.status == "refunded" else 0)


def test_buyers_reviewed_some_of_what_they_received(seeded):
    reviews = Review.objects.select_related("line__order")
    assert reviews.exists()
    assert all(review.line.order.status == "completed" for review in reviews)
    assert all(review.user_id == review.line.order.user_id for review in reviews)
    rated = ProductRating.objects.filter(count__gt=0)
    assert rated.count() == reviews.values("product").distinct().count()
    assert all(1 <= rating.average <= 5 for rating in rated)
