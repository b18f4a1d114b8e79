from decimal import Decimal

import pytest
from django.core.management import call_command
from PIL import Image

from catalog.models import ProductImage
from catalog.services import product_image_make_renditions, product_refresh_prices
from tests.factories import ProductFactory, ProductImageFactory, SKUFactory

pytestmark = pytest.mark.django_db


def test_refresh_prices_takes_the_lowest_active_sku():
    product = ProductFactory()
    SKUFactory(product=product, price=Decimal("30.00"))
    cheap = SKUFactory(product=product, price=Decimal("20.00"))
    SKUFactory(product=product, price=Decimal("5.00"), is_active=False)

    product.refresh_from_db()
    assert product.min_price == Decimal("20.00")

    cheap.is_active = False
    cheap.save()
    product_refresh_prices(product_ids=[product.pk])
    product.refresh_from_db()
    assert product.min_price == Decimal("30.00")


def test_refresh_prices_of_a_product_without_skus_is_zero():
    product = ProductFactory(min_price=Decimal("9.00"))
    product_refresh_prices(product_ids=[product.pk])
    product.refresh_from_db()
    assert product.min_price == Decimal("0.00")


def test_renditions_are_made_once_unless_forced():
    image = ProductImageFactory(image__width=1600, image__height=900)

    assert product_image_make_renditions(image_ids=[image.pk]) == 1
    image.refresh_from_db()
    with Image.open(image.thumbnail.path) as thumbnail:
        assert thumbnail.size == (480, 480)
    with Image.open(image.large.path) as large:
        assert large.size == (1200, 675)

    assert product_image_make_renditions(image_ids=[image.pk]) == 0
    assert product_image_make_renditions(image_ids=[image.pk], force=True) == 1


def test_thumbnail_command_fills_the_missing_copies():
    images = ProductImageFactory.create_batch(3)

    call_command("catalog_thumbnails", verbosity=0)

    assert not ProductImage.objects.filter(pk__in=[i.pk for i in images], thumbnail="").exists()
