import pytest

from tests.factories import CategoryFactory, ProductFactory, ProductImageFactory

pytestmark = pytest.mark.django_db


def test_category_and_product_urls():
    category = CategoryFactory(slug="tea")
    product = ProductFactory(slug="green-tea", category=category)
    assert category.get_absolute_url() == "/c/tea/"
    assert product.get_absolute_url() == "/p/green-tea/"


def test_image_urls_fall_back_to_the_original_until_copies_exist():
    image = ProductImageFactory()
    assert image.thumbnail_url == image.image.url
    assert image.large_url == image.image.url
    image.thumbnail.name = "cache/ab/thumb.jpg"
    assert image.thumbnail_url.endswith("/cache/ab/thumb.jpg")


def test_translated_names_follow_the_active_language():
    from django.utils import translation

    product = ProductFactory(name="绿茶", name_en="Green tea")
    with translation.override("en"):
        assert str(product) == "Green tea"
    with translation.override("zh-hans"):
        assert str(product) == "绿茶"
