"""The bridge from the shop's rows to the engine: item prices, cart pricing, their cost."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from cart.models import Cart, CartLine
from promotions import cache as promotions_cache
from promotions.cache import compiled_promotions
from promotions.engine import compile_promotions
from promotions.models import PromotionKind
from promotions.pricing import cart_pricing, item_prices, promotion_badge
from tests.factories import BrandFactory, CategoryFactory, ProductFactory, SKUFactory, UserFactory
from tests.promotions.factories import PromotionFactory, PromotionTargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_and_cold_cache(settings, tmp_path):
    settings.SECURE_SSL_REDIRECT = False
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


def make_shop() -> dict:
    """Items of the spec's worked examples: A 100, B 60, C 30 (food), D 80 (apparel)."""
    food = CategoryFactory(slug="food")
    apparel = CategoryFactory(slug="apparel")
    other = CategoryFactory(slug="other")
    skus = {}
    for code, price, category in [
        ("A", "100.00", other),
        ("B", "60.00", other),
        ("C", "30.00", food),
        ("D", "80.00", apparel),
    ]:
        product = ProductFactory(category=category, slug=f"item-{code.lower()}")
        skus[code] = SKUFactory(product=product, code=code, price=Decimal(price), stock=100)
    return skus


def shopper_cart(client, skus: dict, lines: list[tuple[str, int]], user=None) -> Cart:
    """Log a shopper in with a cart holding lines of (SKU code, quantity)."""
    user = user or UserFactory()
    client.force_login(user)
    cart = Cart.objects.create(user=user)
    for code, qty in lines:
        CartLine.objects.create(cart=cart, sku=skus[code], quantity=qty)
    return cart


def promote(kind: str, params: dict, *, targets: dict | None = None, **fields):
    """Create a promotion of kind with params, aimed at targets (role include)."""
    promotion = PromotionFactory(kind=kind, params=params, **fields)
    for name, value in (targets or {}).items():
        PromotionTargetFactory(promotion=promotion, **{name: value})
    return promotion


def test_item_price_is_the_layer_one_price_with_the_catalog_price_struck():
    skus = make_shop()
    promote(PromotionKind.PERCENT_OFF, {"percent": 20}, targets={"sku": skus["A"]})

    prices = item_prices([skus["A"], skus["B"]], user=None, now=timezone.now())

    assert prices[skus["A"].pk].price == Decimal("80.00")
    assert prices[skus["A"].pk].list_price == Decimal("100.00")
    assert [badge.text for badge in prices[skus["A"].pk].badges] == ["20% off"]
    assert prices[skus["B"].pk].price == Decimal("60.00")
    assert prices[skus["B"].pk].list_price is None


def test_a_higher_list_price_is_the_one_struck():
    skus = make_shop()
    skus["B"].list_price = Decimal("75.00")
    skus["B"].save()

    prices = item_prices([skus["B"]], user=None, now=timezone.now())

    assert prices[skus["B"].pk].list_price == Decimal("75.00")


def test_only_the_winning_item_promotion_and_the_others_kinds_are_badges():
    skus = make_shop()
    promote(PromotionKind.PERCENT_OFF, {"percent": 10}, key="P1")
    promote(PromotionKind.SPECIAL_PRICE, {"price": "50.00"}, key="P2")
    promote(PromotionKind.NTH_ITEM, {"n": 2, "percent": 50}, key="P3")
    promote(PromotionKind.FREE_SHIPPING, {"min_spend": "99.00"}, key="P4")
    promote(
        PromotionKind.SPEND_THRESHOLD,
        {"tiers": [{"min_spend": "200.00", "amount_off": "30.00"}]},
        key="P5",
        starts_at=timezone.now() + timedelta(days=1),
    )

    found = item_prices([skus["A"]], user=None, now=timezone.now())[skus["A"].pk]

    assert found.price == Decimal("50.00")
    assert [badge.promotion for badge in found.badges] == ["P2", "P3", "P4"]
    assert [badge.text for badge in found.badges] == [
        "Special price ¥50.00",
        "50% off item no. 2",
        "Spend ¥99.00, free shipping",
    ]


def test_a_capped_or_soon_ending_item_promotion_is_a_flash_sale():
    skus = make_shop()
    ends = timezone.now() + timedelta(hours=5)
    promote(
        PromotionKind.SPECIAL_PRICE, {"price": "70.00"}, targets={"sku": skus["A"]}, stock_cap=5
    )
    promote(PromotionKind.PERCENT_OFF, {"percent": 5}, targets={"sku": skus["B"]}, ends_at=ends)
    promote(
        PromotionKind.PERCENT_OFF,
        {"percent": 5},
        targets={"sku": skus["C"]},
        ends_at=timezone.now() + timedelta(days=5),
    )

    prices = item_prices(skus.values(), user=None, now=timezone.now())

    assert prices[skus["A"].pk].flash is not None
    assert prices[skus["B"].pk].flash.ends_at == ends
    assert prices[skus["C"].pk].flash is None


def test_cart_pricing_charges_the_standard_shipping_and_the_engine_total():
    make_shop()
    promote(
        PromotionKind.SPEND_THRESHOLD, {"tiers": [{"min_spend": "200.00", "amount_off": "30.00"}]}
    )

    result = cart_pricing(
        [("A", 3)], user=None, codes=[], shipping=Decimal("10.00"), now=timezone.now()
    )

    assert result.discount == Decimal("30.00")
    assert result.total == Decimal("280.00")


def test_repricing_does_not_recompile(client):
    skus = make_shop()
    promote(PromotionKind.PERCENT_OFF, {"percent": 10})
    shopper_cart(client, skus, [("A", 1)])
    client.get(reverse("cart:detail"))
    version = promotions_cache.promotions_version()

    with mock.patch.object(
        promotions_cache, "compile_promotions", wraps=promotions_cache.compile_promotions
    ) as compile_calls:
        for _ in range(3):
            client.get(reverse("cart:detail"))
            client.get(reverse("catalog:product", kwargs={"slug": "item-a"}))

    assert compile_calls.call_count == 0
    assert promotions_cache.promotions_version() == version


def _many_promotions(skus: dict, count: int) -> None:
    kinds = [
        (PromotionKind.PERCENT_OFF, {"percent": 5}),
        (PromotionKind.NTH_ITEM, {"n": 2, "percent": 50}),
        (PromotionKind.BUNDLE_PRICE, {"size": 3, "price": "99.00"}),
        (PromotionKind.SPEND_THRESHOLD, {"tiers": [{"min_spend": "200", "amount_off": "30"}]}),
        (PromotionKind.GIFT, {"tiers": [{"min_spend": "500"}], "sku": "D", "qty": 1}),
        (PromotionKind.FREE_SHIPPING, {"min_spend": "99.00"}),
    ]
    for index in range(count):
        kind, params = kinds[index % len(kinds)]
        promote(kind, params, targets={"sku": skus["ABCD"[index % 4]]} if index % 2 else None)


def _cart_queries(client, skus, lines_count, promotions_count) -> int:
    extra = {
        f"X{index}": SKUFactory(code=f"X{index}", price=Decimal("10.00"), stock=10)
        for index in range(max(0, lines_count - 4))
    }
    all_skus = {**skus, **extra}
    _many_promotions(skus, promotions_count)
    shopper_cart(client, all_skus, [(code, 1) for code in list(all_skus)[:lines_count]])
    session = client.session
    session["coupon_codes"] = ["NOPE"]
    session.save()
    client.get(reverse("cart:detail"))
    compiled_promotions()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cart:detail"))
    assert response.status_code == 200
    return len(queries)


# Session, user, cart, lines, options, cart count; pricing: items (SKUs, tags, category
# paths), usage, customer segments, uses and orders, names, codes, gift SKUs.
CART_PAGE_QUERIES = 15


@pytest.mark.parametrize(("lines", "promotions"), [(2, 1), (2, 30), (20, 1), (20, 30)])
def test_cart_page_queries_do_not_grow(client, lines, promotions):
    skus = make_shop()

    assert _cart_queries(client, skus, lines, promotions) <= CART_PAGE_QUERIES


def test_renaming_a_slug_in_the_admin_recompiles_promotions(client):
    brand = BrandFactory(slug="acme")
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    version = promotions_cache.promotions_version()

    response = client.post(
        reverse("admin:catalog_brand_change", args=[brand.pk]),
        {"name_zh_hans": "新", "name_en": "New", "slug": "acme-new"},
    )

    assert response.status_code == 302
    assert promotions_cache.promotions_version() != version


def test_cart_page_gives_the_hints_as_sentences(client):
    skus = make_shop()
    promote(
        PromotionKind.SPEND_THRESHOLD,
        {
            "tiers": [
                {"min_spend": "199.00", "amount_off": "20.00"},
                {"min_spend": "299.00", "amount_off": "40.00"},
                {"min_spend": "399.00", "amount_off": "60.00"},
            ]
        },
        targets={"category": skus["A"].product.category},
    )
    promote(
        PromotionKind.SPEND_THRESHOLD,
        {"tiers": [{"min_qty": 3, "percent_off": 10}]},
        targets={"sku": skus["D"]},
    )
    shopper_cart(client, skus, [("A", 2), ("B", 1), ("D", 2)])

    response = client.get(reverse("cart:detail"))

    content = response.content.decode()
    assert "Spend ¥39.00 more to save ¥40.00." in content
    assert "Add 1 more item to get 10% off." in content


@pytest.mark.parametrize(
    ("definition", "text"),
    [
        ({"kind": "special_price", "price": "59.00"}, "Special price ¥59.00"),
        ({"kind": "percent_off", "percent": 12.5}, "12.5% off"),
        ({"kind": "amount_off", "amount": "5.00"}, "¥5.00 off each"),
        (
            {
                "kind": "tier_price",
                "tiers": [{"min_qty": 1, "price": "9"}, {"min_qty": 10, "price": "8"}],
            },
            "¥8.00 each from 10",
        ),
        ({"kind": "buy_x_get_y", "buy": 2, "get": 1}, "Buy 2, get 1 free"),
        ({"kind": "buy_x_get_y", "buy": 1, "get": 1, "percent": 50}, "Buy 1, get 1 at 50% off"),
        ({"kind": "nth_item", "n": 2, "percent": 50}, "50% off item no. 2"),
        ({"kind": "bundle_price", "size": 3, "price": "99.00"}, "Any 3 for ¥99.00"),
        (
            {"kind": "spend_threshold", "tiers": [{"min_spend": "200", "amount_off": "30"}]},
            "Spend ¥200.00, save ¥30.00",
        ),
        (
            {
                "kind": "spend_threshold",
                "tiers": [{"min_spend": "100", "amount_off": "10"}],
                "repeat": True,
            },
            "Spend ¥100.00, save ¥10.00, for every multiple",
        ),
        (
            {"kind": "spend_threshold", "tiers": [{"min_qty": 2, "percent_off": 10}]},
            "Buy 2 items, 10% off",
        ),
        (
            {"kind": "gift", "tiers": [{"min_spend": "500"}], "sku": "G", "qty": 1},
            "Spend ¥500.00, 1 free gift",
        ),
        ({"kind": "free_shipping", "min_spend": "99.00"}, "Spend ¥99.00, free shipping"),
        ({"kind": "free_shipping"}, "Free shipping"),
        ({"kind": "free_shipping", "amount_off": "5.00"}, "¥5.00 off shipping"),
    ],
)
def test_badge_texts(definition, text):
    [promotion] = compile_promotions([{"id": "P1", **definition}]).promotions

    assert promotion_badge(promotion) == text


def test_sizes_of_one_product_share_a_pricing_but_a_sku_a_promotion_names_prices_apart():
    product = ProductFactory(slug="tee")
    small, medium, large = (
        SKUFactory(product=product, code=f"TEE-{size}", price=Decimal("100.00"), stock=5)
        for size in "SML"
    )
    dearer = SKUFactory(product=product, code="TEE-XL", price=Decimal("120.00"), stock=5)
    promote(PromotionKind.PERCENT_OFF, {"percent": 10}, targets={"product": product})
    promote(PromotionKind.AMOUNT_OFF, {"amount": "30.00"}, targets={"sku": medium})

    prices = item_prices([small, medium, large, dearer], user=None, now=timezone.now())

    assert [prices[sku.pk].price for sku in (small, medium, large, dearer)] == [
        Decimal("90.00"),
        Decimal("70.00"),
        Decimal("90.00"),
        Decimal("108.00"),
    ]
