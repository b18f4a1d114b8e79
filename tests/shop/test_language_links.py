from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation


def _render(path: str, language: str, active: str) -> str:
    request = RequestFactory().get(path)
    template = Template("{% load shop_tags %}{% url_in_language lang %}")
    with translation.override(active):
        return template.render(Context({"request": request, "lang": language}))


def test_chinese_page_links_to_its_english_twin_with_the_query():
    assert _render("/cart/?q=tea", "en", "zh-hans") == "/en/cart/?q=tea"


def test_english_page_links_back_to_the_unprefixed_chinese_page():
    assert _render("/en/cart/", "zh-hans", "en") == "/cart/"


def test_every_page_offers_the_other_language_as_a_link(client, db):
    chinese = client.get("/cart/").content.decode()
    english = client.get("/en/cart/").content.decode()
    assert 'href="/en/cart/" hreflang="en"' in chinese
    assert 'href="/cart/" hreflang="zh-hans"' in english
    assert "简体中文" in english
    assert "English" in chinese
