"""A page costs the same number of queries whether it shows one product or a full page."""

import pytest
from django.conf import settings

from promotions.cache import compiled_promotions
from promotions.models import PromotionKind, TargetRole
from tests.factories import (
    AttributeFactory,
    AttributeValueFactory,
    ProductImageFactory,
    SKUFactory,
    UserFactory,
)
from tests.promotions.factories import PromotionFactory, PromotionTargetFactory

from .conftest import make_product

pytestmark = pytest.mark.django_db

# Menu, then the page's own queries; a signed-in shopper adds session, user and cart count.
# The product page also remembers the view in the session (for a guest, a new session).
ANONYMOUS = {"home": 4, "category": 7, "filtered": 9, "search": 3, "product": 11}
SIGNED_IN = 4
# With promotions, a listing prices its cards: the SKUs, their items (SKUs, tags, category
# paths) and the usage so far; the product page names the promotions instead of listing SKUs.
# A signed-in shopper adds segments, past uses and whether an order exists.
PROMOTED = {"home": 5, "category": 5, "filtered": 5, "search": 5, "product": 5}
CUSTOMER = 3


def _fill(tree, count):
    """Create count products with pictures and SKUs; return the last one and one option."""
    colour = AttributeFactory()
    for index in range(count):
        product = make_product(category=tree["smartphones"], stock=index % 3)
        ProductImageFactory.create_batch(2, product=product)
        for _ in range(2):
            value = AttributeValueFactory(attribute=colour)
            SKUFactory(product=product, options=[value], stock=1)
    return product, value


def _pages(product, value_id):
    return {
        "home": "/",
        "category": "/c/phones/",
        "filtered": (
            f"/c/phones/?brand={product.brand.slug}&attr={value_id}&price_min=1&sort=rating"
        ),
        "search": "/search/?q=商品",
        "product": f"/p/{product.slug}/",
    }


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize("page", list(ANONYMOUS))
def test_query_count_does_not_grow_with_products(
    client, tree, django_assert_max_num_queries, count, signed_in, page
):
    product, value = _fill(tree, count)
    if signed_in:
        client.force_login(UserFactory())
    url = _pages(product, value.pk)[page]

    bound = ANONYMOUS[page] + (SIGNED_IN if signed_in else 0)
    compiled_promotions()
    with django_assert_max_num_queries(bound):
        response = client.get(url)

    assert response.status_code == 200
    if page == "category":
        assert len(response.context["page"].object_list) == min(count, settings.PAGE_SIZE)


def _promote(tree, product, count):
    """Create count promotions of every kind aimed at the page's products, or at everything."""
    kinds = [
        (PromotionKind.PERCENT_OFF, {"percent": 10}),
        (PromotionKind.SPECIAL_PRICE, {"price": "5.00"}),
        (PromotionKind.NTH_ITEM, {"n": 2, "percent": 50}),
        (PromotionKind.BUNDLE_PRICE, {"size": 3, "price": "20.00"}),
        (PromotionKind.SPEND_THRESHOLD, {"tiers": [{"min_spend": "200", "amount_off": "30"}]}),
        (PromotionKind.FREE_SHIPPING, {"min_spend": "99.00"}),
    ]
    for index in range(count):
        kind, params = kinds[index % len(kinds)]
        promotion = PromotionFactory(kind=kind, params=params)
        if index % 3 == 0:
            PromotionTargetFactory(promotion=promotion, category=tree["phones"])
        elif index % 3 == 1:
            PromotionTargetFactory(promotion=promotion, product=product)
            PromotionTargetFactory(
                promotion=promotion, role=TargetRole.EXCLUDE, category=tree["books"]
            )


@pytest.mark.parametrize(("count", "promotions"), [(1, 1), (30, 40)])
@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize("page", list(ANONYMOUS))
def test_query_count_does_not_grow_with_promotions(
    client, tree, django_assert_max_num_queries, count, promotions, signed_in, page
):
    product, value = _fill(tree, count)
    _promote(tree, product, promotions)
    if signed_in:
        client.force_login(UserFactory())
    url = _pages(product, value.pk)[page]

    bound = ANONYMOUS[page] + PROMOTED[page] + (SIGNED_IN + CUSTOMER if signed_in else 0)
    compiled_promotions()
    with django_assert_max_num_queries(bound):
        response = client.get(url)

    assert response.status_code == 200
    content = response.content.decode()
    assert "product-promotion" in content if page == "product" else "promo-badge" in content


def test_product_page_cost_does_not_grow_with_skus_and_pictures(
    client, tree, django_assert_max_num_queries
):
    colour, size = AttributeFactory(), AttributeFactory()
    product = make_product(category=tree["smartphones"])
    ProductImageFactory.create_batch(8, product=product)
    for _ in range(25):
        options = [AttributeValueFactory(attribute=colour), AttributeValueFactory(attribute=size)]
        SKUFactory(product=product, options=options, stock=2)

    compiled_promotions()
    with django_assert_max_num_queries(ANONYMOUS["product"]):
        response = client.get(f"/p/{product.slug}/")

    assert response.status_code == 200
    assert response.text.count('name="sku"') == 26
