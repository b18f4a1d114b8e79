from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from catalog.templatetags.catalog_tags import media_url, money


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("0"), "¥0.00"),
        (Decimal("9.5"), "¥9.50"),
        (Decimal("1234567.891"), "¥1,234,567.89"),
        (None, ""),
    ],
)
def test_money(amount, expected):
    assert money(amount) == expected


def test_money_in_another_currency(settings):
    settings.SHOP_CURRENCY = "USD"
    assert money(Decimal("3")) == "$3.00"


def test_media_url():
    assert media_url("products/a.jpg") == "/media/products/a.jpg"
    assert media_url("") == ""


@pytest.mark.parametrize(
    ("available", "threshold", "text"),
    [
        (0, "", "Sold out"),
        (None, "", "Sold out"),
        (3, "", "Only 3 left"),
        (1, "", "Only 1 left"),
        (6, "", "In stock"),
        (6, " 10", "Only 6 left"),
    ],
)
def test_stock_badge(available, threshold, text):
    template = Template("{% load catalog_tags %}{% stock_badge available" + threshold + " %}")
    with translation.override("en"):
        assert text in template.render(Context({"available": available}))
