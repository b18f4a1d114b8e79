import json
import re

import pytest
from django.urls import reverse

from reviews.models import ReviewStatus
from reviews.services import product_rating_refresh
from tests.reviews.factories import DeliveredLineFactory, ReviewFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><b onmouseover="evil()">bold</b>'


def reviewed(product, count, **fields):
    for _ in range(count):
        ReviewFactory(line=DeliveredLineFactory(sku__product=product), **fields)
    product_rating_refresh(product_id=product.pk)


def test_page_shows_summary_and_reviews_with_variant(client, product):
    reviewed(product, 2, rating=4, title="不错的选择")
    html = client.get(product.get_absolute_url()).content.decode()
    assert 'id="reviews"' in html
    assert "不错的选择" in html
    assert "颜色: 红色" in html
    assert '<meter min="0" max="100" value="100"' in html


def test_review_text_is_escaped(client, line, product):
    ReviewFactory(line=line, title=HOSTILE, body=HOSTILE, follow_up=HOSTILE, reply=HOSTILE)
    line.options = HOSTILE
    line.save()
    line.order.user.username = "<script>x</script>"
    line.order.user.save()
    product_rating_refresh(product_id=product.pk)
    html = client.get(product.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "<b onmouseover" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_hidden_and_pending_reviews_are_not_shown(client, product):
    ReviewFactory(
        line=DeliveredLineFactory(sku__product=product), title="等待", status=ReviewStatus.PENDING
    )
    ReviewFactory(
        line=DeliveredLineFactory(sku__product=product), title="隐藏", status=ReviewStatus.HIDDEN
    )
    html = client.get(product.get_absolute_url()).content.decode()
    assert "等待" not in html
    assert "隐藏" not in html


def test_filters_and_sorting(client, product):
    ReviewFactory(
        line=DeliveredLineFactory(sku__product=product), rating=1, title="差评", has_photos=True
    )
    ReviewFactory(
        line=DeliveredLineFactory(sku__product=product), rating=5, title="好评", helpful_score=0.6
    )
    product_rating_refresh(product_id=product.pk)
    url = product.get_absolute_url()
    one_star = client.get(url, {"stars": "1"}).content.decode()
    assert "差评" in one_star
    assert "好评" not in one_star
    photos = client.get(url, {"photos": "1"}).content.decode()
    assert "差评" in photos
    assert "好评" not in photos
    helpful = client.get(url).content.decode()
    assert helpful.index("好评") < helpful.index("差评")
    newest = client.get(url, {"sort_reviews": "newest", "stars": "9"}).content.decode()
    assert newest.index("好评") < newest.index("差评")


def test_reviews_are_paginated(client, product, settings):
    settings.REVIEW_PAGE_SIZE = 2
    reviewed(product, 3)
    html = client.get(product.get_absolute_url(), {"reviews_page": "2"}).content.decode()
    assert html.count('class="review"') == 1
    assert "reviews_page=1" in html


def _queries(client, django_assert_max_num_queries, product, count):
    reviewed(product, count)
    with django_assert_max_num_queries(40) as captured:
        response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_reviews(client, django_assert_max_num_queries):
    client.get(DeliveredLineFactory().product.get_absolute_url())  # warm the one-off caches
    few = _queries(client, django_assert_max_num_queries, DeliveredLineFactory().product, 1)
    many = _queries(client, django_assert_max_num_queries, DeliveredLineFactory().product, 30)
    assert many == few


def test_json_ld_product(client, product):
    reviewed(product, 3, rating=4)
    html = client.get(product.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = [json.loads(block) for block in blocks]
    item = next(block for block in data if block["@type"] == "Product")
    assert item["@context"] == "https://schema.org"
    for key in ("name", "image", "description", "sku", "offers", "url"):
        assert item[key] is not None, key
    offer = item["offers"]
    product.refresh_from_db()
    assert offer["@type"] == "Offer"
    assert offer["priceCurrency"] == "CNY"
    assert float(offer["price"]) == float(product.min_price)
    assert offer["availability"].startswith("https://schema.org/")
    assert offer["url"] == item["url"] == "http://testserver" + product.get_absolute_url()
    rating = item["aggregateRating"]
    assert rating["reviewCount"] == 3
    assert float(rating["ratingValue"]) == 4.0
    crumbs = next(block for block in data if block["@type"] == "BreadcrumbList")
    assert crumbs["itemListElement"][-1]["item"] == item["url"]
    assert [c["position"] for c in crumbs["itemListElement"]] == [1, 2, 3]


def test_json_ld_has_no_rating_without_reviews_and_escapes_names(client, product):
    product.name = "</script><script>alert(1)</script>"
    product.save()
    html = client.get(product.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    item = json.loads(blocks[0])
    assert item["name"] == product.name
    assert "aggregateRating" not in item


def test_head_tags(client, product, english):
    html = client.get(product.get_absolute_url()).content.decode()
    url = "http://testserver" + product.get_absolute_url()
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'hreflang="zh-hans" href="http://testserver/p/{product.slug}/"' in html
    assert f'hreflang="en" href="http://testserver/en/p/{product.slug}/"' in html
    assert 'hreflang="x-default"' in html
    assert '<meta property="og:type" content="product">' in html
    assert '<meta name="twitter:card"' in html
    assert html.count('<meta name="description"') == 1


def test_share_links(client, product):
    html = client.get(product.get_absolute_url()).content.decode()
    assert reverse("share:product_qr", args=[product.slug]) in html
    assert "service.weibo.com/share" in html
    assert "twitter.com/intent/tweet" in html
    assert "mailto:?" in html
    assert "data-copy-link" in html
