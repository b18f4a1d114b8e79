"""Each of the ten kinds, made through the models, shows on the pages as the engine prices it."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.templatetags.catalog_tags import money
from promotions.models import PromotionKind
from promotions.pricing import cart_pricing, item_prices, standard_shipping
from tests.promotions.test_shop_pricing import (  # noqa: F401
    _english_and_cold_cache,
    make_shop,
    promote,
    shopper_cart,
)

pytestmark = pytest.mark.django_db

# kind, params, target SKU (None: every item), cart lines, expected discount, shipping discount
KINDS = [
    (PromotionKind.SPECIAL_PRICE, {"price": "70.00"}, "A", [("A", 2)], "60.00", "0.00"),
    (PromotionKind.PERCENT_OFF, {"percent": 20}, "A", [("A", 1)], "20.00", "0.00"),
    (PromotionKind.AMOUNT_OFF, {"amount": "15.00"}, "B", [("B", 2)], "30.00", "0.00"),
    (
        PromotionKind.TIER_PRICE,
        {"tiers": [{"min_qty": 1, "price": "100.00"}, {"min_qty": 10, "price": "90.00"}]},
        "A",
        [("A", 12)],
        "120.00",
        "0.00",
    ),
    (
        PromotionKind.BUY_X_GET_Y,
        {"buy": 2, "get": 1},
        None,
        [("A", 1), ("B", 1), ("C", 1)],
        "30.00",
        "0.00",
    ),
    (PromotionKind.NTH_ITEM, {"n": 2, "percent": 50}, "B", [("B", 3)], "30.00", "0.00"),
    (
        PromotionKind.BUNDLE_PRICE,
        {"size": 3, "price": "99.00"},
        None,
        [("C", 2), ("B", 1)],
        "21.00",
        "0.00",
    ),
    (
        PromotionKind.SPEND_THRESHOLD,
        {"tiers": [{"min_spend": "200.00", "amount_off": "30.00"}]},
        None,
        [("A", 3)],
        "30.00",
        "0.00",
    ),
    (
        PromotionKind.GIFT,
        {"tiers": [{"min_spend": "200.00"}], "sku": "C", "qty": 1},
        None,
        [("A", 2)],
        "0.00",
        "0.00",
    ),
    (PromotionKind.FREE_SHIPPING, {"min_spend": "99.00"}, None, [("A", 1)], "0.00", "10.00"),
]
LAYER_ONE = {
    PromotionKind.SPECIAL_PRICE,
    PromotionKind.PERCENT_OFF,
    PromotionKind.AMOUNT_OFF,
    PromotionKind.TIER_PRICE,
}


@pytest.mark.parametrize(("kind", "params", "target", "lines", "discount", "shipping_off"), KINDS)
def test_cart_page_shows_what_the_engine_says(
    client, kind, params, target, lines, discount, shipping_off
):
    skus = make_shop()
    promotion = promote(kind, params, targets={"sku": skus[target]} if target else None)
    cart = shopper_cart(client, skus, lines)

    response = client.get(reverse("cart:detail"))

    result = cart_pricing(
        lines, user=cart.user, codes=[], shipping=standard_shipping(), now=timezone.now()
    )
    assert result.discount == Decimal(discount)
    assert result.shipping_discount == Decimal(shipping_off)
    pricing = response.context["pricing"]
    assert pricing.result.to_dict() == result.to_dict()
    assert sum(entry["amount"] for entry in pricing.order_discounts) == result.discount
    content = response.content.decode()
    assert f'id="cart-total">{money(result.total)}<' in content
    assert f'id="cart-shipping">{money(result.shipping)}<' in content
    if result.discount:
        assert f'id="cart-discount">−{money(result.discount)}<' in content
    for line in result.lines:
        assert f"data-line-total>{money(line.total)}<" in content
        for adjustment in line.adjustments:
            assert f"{promotion.name_en}: −{money(adjustment.amount)}" in content
    if result.shipping_discount:
        assert f"−{money(result.shipping_discount)}" in content
    for gift in result.gifts:
        assert f"{gift.qty} × {skus[gift.sku].product.name_en}" in content
    assert promotion.key in {entry.promotion for entry in result.applied}


@pytest.mark.parametrize(
    ("kind", "params", "target", "lines", "discount", "shipping_off"),
    [case for case in KINDS if case[0] in LAYER_ONE],
)
def test_product_page_shows_the_layer_one_price(
    client, kind, params, target, lines, discount, shipping_off
):
    skus = make_shop()
    promotion = promote(kind, params, targets={"sku": skus[target]})
    sku = skus[target]

    response = client.get(reverse("catalog:product", kwargs={"slug": sku.product.slug}))

    expected = item_prices([sku], user=None, now=timezone.now())[sku.pk]
    content = response.content.decode()
    assert f"{money(expected.price)}</span>" in content
    if expected.list_price:
        assert money(expected.list_price) in content
    if kind != PromotionKind.TIER_PRICE:
        assert expected.price < sku.price
    assert promotion.name_en in content
