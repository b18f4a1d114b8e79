from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import translation

from tests.factories import CategoryFactory, ProductFactory, SKUFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Write uploaded pictures and their copies to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    """Run in the shop's default language, whatever an earlier test left active."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def _clear_cache():
    """Start every test from a cold cache, as after a deploy."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tree(db):
    """A small tree: phones (root) > smartphones (child), and an unrelated root, books."""
    phones = CategoryFactory(name="手机", name_en="Phones", slug="phones")
    smartphones = CategoryFactory(
        parent=phones, name="智能手机", name_en="Smartphones", slug="smartphones"
    )
    books = CategoryFactory(name="图书", name_en="Books", slug="books")
    # A sorted tree rewrites the paths of later siblings: reload every node.
    nodes = {"phones": phones, "smartphones": smartphones, "books": books}
    for node in nodes.values():
        node.refresh_from_db()
    return nodes


def make_product(*, category, price="10.00", stock=10, **kwargs):
    """Create a product with one SKU holding stock units."""
    product = ProductFactory(category=category, **kwargs)
    SKUFactory(product=product, price=Decimal(price), stock=stock)
    product.refresh_from_db()
    return product
