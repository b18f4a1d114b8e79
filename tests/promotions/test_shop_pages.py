"""Listing, home, search and product pages show the engine's item prices and the badges."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from promotions.cache import promotions_changed
from promotions.models import PromotionKind
from tests.promotions.factories import CustomerSegmentFactory
from tests.promotions.test_shop_pricing import (  # noqa: F401
    _english_and_cold_cache,
    make_shop,
    promote,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def skus():
    skus = make_shop()
    promote(PromotionKind.PERCENT_OFF, {"percent": 20}, targets={"sku": skus["A"]})
    promote(
        PromotionKind.SPEND_THRESHOLD,
        {"tiers": [{"min_spend": "200.00", "amount_off": "30.00"}]},
        targets={"sku": skus["A"]},
    )
    return skus


def _card_of(content: str, name: str) -> str:
    start = content.index(name)
    return content[start : content.index("</article>", start)]


@pytest.mark.parametrize(
    "url",
    [
        lambda skus: reverse("catalog:home"),
        lambda skus: reverse("catalog:category", kwargs={"slug": "other"}),
        lambda skus: reverse("catalog:search") + "?q=Product",
    ],
)
def test_cards_show_the_layer_one_price_struck_catalog_price_and_badges(client, skus, url):
    response = client.get(url(skus))

    card = _card_of(response.content.decode(), skus["A"].product.name_en)
    assert '<span class="visually-hidden">Now</span>¥80.00' in card
    assert '<s class="list-price"><span class="visually-hidden">Was</span>¥100.00</s>' in card
    assert "20% off" in card
    assert "Spend ¥200.00, save ¥30.00" in card
    plain = _card_of(response.content.decode(), skus["B"].product.name_en)
    assert "list-price" not in plain
    assert "promo-badge" not in plain


def test_product_page_lists_every_promotion_with_its_description(client, skus):
    response = client.get(reverse("catalog:product", kwargs={"slug": "item-a"}))

    content = response.content.decode()
    assert "¥80.00" in content
    assert "¥100.00</s>" in content
    section = content[content.index('class="product-promotions"') :]
    assert section.count('<li class="product-promotion') == 2
    assert "20% off" in section
    assert "Spend ¥200.00, save ¥30.00" in section


def test_product_page_counts_down_a_flash_sale(client):
    skus = make_shop()
    ends = timezone.now() + timedelta(hours=3)
    promote(
        PromotionKind.SPECIAL_PRICE,
        {"price": "45.00"},
        targets={"sku": skus["B"]},
        stock_cap=20,
        ends_at=ends,
    )

    response = client.get(reverse("catalog:product", kwargs={"slug": "item-b"}))

    content = response.content.decode()
    assert "Flash sale ends in" in content
    assert f'data-countdown="{timezone.localtime(ends).isoformat()}' in content
    assert "¥45.00" in content


def test_the_chinese_page_shows_the_same_prices_and_badges(client, skus):
    with translation.override("zh-hans"):
        url = reverse("catalog:category", kwargs={"slug": "other"})
    response = client.get(url)

    content = response.content.decode()
    assert '<html lang="zh-hans">' in content
    card = _card_of(content, skus["A"].product.name_zh_hans)
    assert "¥80.00" in card
    assert card.count('<li class="promo-badge') == 2


def test_a_promotion_for_a_segment_is_not_shown_to_a_guest(client):
    skus = make_shop()
    promotion = promote(PromotionKind.PERCENT_OFF, {"percent": 50}, targets={"sku": skus["C"]})
    promotion.segments.set([CustomerSegmentFactory(slug="vip")])
    promotions_changed()

    response = client.get(reverse("catalog:product", kwargs={"slug": "item-c"}))

    assert "product-promotions" not in response.content.decode()
    assert response.context["product"].active_skus[0].promo_price.price == Decimal("30.00")
