import re

import pytest
from django.urls import reverse

from tests.factories import CategoryFactory, ProductFactory, SKUFactory

pytestmark = pytest.mark.django_db


def locs(client, url):
    body = client.get(url).content.decode()
    return re.findall(r"<loc>(.*?)</loc>", body), body


def test_sitemap_lists_every_active_product_once(client, settings):
    settings.SITEMAP_PAGE_SIZE = 2
    category = CategoryFactory()
    active = [ProductFactory(category=category) for _ in range(5)]
    hidden = ProductFactory(category=category, is_active=False)
    index, _ = locs(client, "/sitemap.xml")
    assert any("sitemap-products.xml" in url for url in index)
    entries = []
    for section in index:
        found, body = locs(client, section.replace("http://testserver", ""))
        entries += found
    for product in active:
        assert entries.count(f"http://testserver/p/{product.slug}/") == 1
    assert not [url for url in entries if hidden.slug in url]
    assert f"http://testserver/c/{category.slug}/" in entries
    # Each product page is paginated at two per sitemap page: five need three pages.
    assert sum("sitemap-products.xml" in url for url in index) == 3


def test_sitemap_has_language_alternates(client):
    product = ProductFactory()
    body = client.get("/sitemap-products.xml").content.decode()
    assert f'hreflang="en" href="http://testserver/en/p/{product.slug}/"' in body
    assert f'hreflang="zh-hans" href="http://testserver/p/{product.slug}/"' in body
    assert 'hreflang="x-default"' in body


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /cart/" in text
    assert "Disallow: /en/cart/" in text


def test_qr_code_is_an_svg_of_the_product_url(client, english):
    product = ProductFactory()
    SKUFactory(product=product)
    response = client.get(reverse("share:product_qr", args=[product.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.decode().lstrip().startswith(("<?xml", "<svg"))
    assert client.get(reverse("share:product_qr", args=["missing"])).status_code == 404


def test_every_page_has_a_canonical_link(client):
    html = client.get("/?utm_source=x").content.decode()
    assert '<link rel="canonical" href="http://testserver/">' in html
    assert 'hreflang="en" href="http://testserver/en/"' in html
