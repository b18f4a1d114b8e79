"""The default sort (综合排序) follows the stored ranking score; other sorts stay."""

from decimal import Decimal

from django.utils import timezone

from catalog import selectors
from catalog.selectors import ProductSort
from recommend.models import ProductRank

from .conftest import make_product


def _names(queryset):
    return [product.name_en for product in queryset]


def test_default_sort_uses_the_ranking_score_and_keeps_sold_out_last(tree):
    low = make_product(category=tree["phones"], name_en="Low", sales_count=50)
    high = make_product(category=tree["phones"], name_en="High", sales_count=1)
    gone = make_product(category=tree["phones"], name_en="Gone", stock=0)
    now = timezone.now()
    for product, score in ((low, 0.1), (high, 0.9), (gone, 1.0)):
        ProductRank.objects.create(product=product, score=score, computed_at=now)

    cards = selectors.product_sorted(selectors.product_cards(), sort=ProductSort.DEFAULT)
    assert _names(cards) == ["High", "Low", "Gone"]


def test_other_sorts_ignore_the_score(tree):
    cheap = make_product(category=tree["phones"], name_en="Cheap", price="1", rating=Decimal(4))
    make_product(category=tree["phones"], name_en="Dear", price="9", rating=Decimal(5))
    ProductRank.objects.create(product=cheap, score=0.0, computed_at=timezone.now())

    assert _names(selectors.product_sorted(selectors.product_cards(), sort="price_desc")) == [
        "Dear",
        "Cheap",
    ]
    assert _names(selectors.product_sorted(selectors.product_cards(), sort="rating")) == [
        "Dear",
        "Cheap",
    ]
