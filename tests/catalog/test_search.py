"""Product search: Chinese words, English stems, bad input, suggestions, no results."""

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.search import product_search, query_terms, segment, stem
from recommend.services import recommendations_rebuild
from tests.factories import BrandFactory

from .conftest import make_product


def test_segment_and_stem():
    assert stem("phones") == "phone"
    assert stem("boxes") == "box"
    assert stem("glass") == "glass"
    assert "耳机" in segment("蓝牙无线耳机")
    assert query_terms("蓝牙耳机") == ["蓝牙", "耳机"]
    assert query_terms("!!! ???") == []


def _names(queryset):
    return sorted(product.name_en for product in queryset)


def test_chinese_word_inside_a_title_is_found(tree):
    make_product(category=tree["phones"], name="索尼蓝牙无线耳机", name_en="Headphones")
    make_product(category=tree["phones"], name="绿茶", name_en="Tea")
    recommendations_rebuild(now=timezone.now())

    assert _names(product_search(query="蓝牙耳机")) == ["Headphones"]
    assert _names(product_search(query="耳机")) == ["Headphones"]


def test_english_plural_finds_the_singular_through_the_search_words(tree):
    make_product(category=tree["phones"], name_en="Leather phone case")
    recommendations_rebuild(now=timezone.now())

    assert _names(product_search(query="cases")) == ["Leather phone case"]


def test_new_product_is_found_before_the_next_rebuild(tree):
    make_product(category=tree["phones"], name="新品手机", name_en="New phone")
    assert _names(product_search(query="手机")) == ["New phone"]


@pytest.mark.parametrize("query", ["", "   ", "a" * 1000, "tea\x00", "(&|!:*)"])
def test_odd_queries_get_a_normal_page(client, tree, query):
    make_product(category=tree["phones"], name_en="Tea")
    response = client.get(reverse("catalog:search"), {"q": query})
    assert response.status_code == 200
    assert client.get(reverse("recommend:suggest"), {"q": query}).status_code == 200


def test_suggestions_as_you_type(client, tree):
    make_product(category=tree["phones"], name="智能手表", name_en="Smart watch")
    response = client.get(reverse("recommend:suggest"), {"q": "手表"})
    assert "智能手表" in response.text


def test_no_result_offers_popular_products(client, tree):
    make_product(category=tree["phones"], name_en="Tea")
    response = client.get(reverse("catalog:search"), {"q": "zzz"})
    assert [p.name_en for p in response.context["alternatives"]] == ["Tea"]
    assert response.context["alternatives"][0].get_absolute_url() in response.content.decode()


@pytest.mark.postgres
def test_brand_typo_is_found_on_postgresql(tree):
    make_product(
        category=tree["phones"], name_en="Headphones", brand=BrandFactory(name_en="Sennheiser")
    )
    make_product(category=tree["phones"], name_en="Tea")
    recommendations_rebuild(now=timezone.now())

    assert _names(product_search(query="senheiser")) == ["Headphones"]
