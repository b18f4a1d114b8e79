"""A shopper browses, picks a variant and fills the cart, in both languages and on a phone."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.factories import (
    AttributeFactory,
    AttributeValueFactory,
    CategoryFactory,
    ProductFactory,
    SKUFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def tea(transactional_db):
    category = CategoryFactory(name="茶饮", name_en="Tea", slug="tea")
    size = AttributeFactory(name="规格", name_en="Size", slug="size")
    small = AttributeValueFactory(attribute=size, value="小罐", value_en="Small tin", slug="s")
    large = AttributeValueFactory(attribute=size, value="大罐", value_en="Large tin", slug="l")
    product = ProductFactory(
        category=category, name="西湖龙井", name_en="West Lake Longjing", slug="longjing"
    )
    SKUFactory(product=product, code="LJ-S", price=Decimal("88.00"), options=[small], stock=20)
    SKUFactory(product=product, code="LJ-L", price=Decimal("168.00"), options=[large], stock=3)
    return product


def _add_large_tin(page) -> None:
    page.get_by_role("link", name="西湖龙井").first.click()
    page.locator("input[name=sku][value]").nth(1).check()
    page.locator("#quantity").fill("2")
    page.locator("form.add-to-cart button[type=submit]").click()


def test_guest_browses_in_chinese_and_fills_the_cart(page, tea, screenshot):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    screenshot(page, "home")
    page.get_by_role("link", name="茶饮").first.click()
    screenshot(page, "category")
    _add_large_tin(page)
    expect(page.locator("#cart-count")).to_have_text("2")
    screenshot(page, "product")

    page.goto("/cart/")
    screenshot(page, "cart")
    expect(page.get_by_text("西湖龙井").first).to_be_visible()
    assert "¥336.00" in page.content()

    page.locator("input[name=quantity]").first.fill("5")
    page.get_by_role("button", name="更新").first.click()
    page.wait_for_selector(".messages")
    screenshot(page, "too-many")
    assert "3" in page.locator(".messages").inner_text()
    assert page.locator("input[name=quantity]").first.input_value() == "2"


def test_guest_browses_in_english(page, tea, screenshot):
    page.goto("/")
    page.get_by_role("link", name="English").first.click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    page.get_by_role("link", name="Tea").first.click()
    expect(page).to_have_url(re.compile(r"/en/c/tea/"))
    page.get_by_role("link", name="West Lake Longjing").first.click()
    expect(page).to_have_url(re.compile(r"/en/p/longjing/$"))
    expect(page.get_by_role("button", name="Add to cart")).to_be_visible()
    page.locator("form.add-to-cart button[type=submit]").click()
    expect(page.locator("#cart-count")).to_have_text("1")
    page.goto("/en/cart/")
    screenshot(page, "cart")
    assert "West Lake Longjing" in page.content()
    assert page.locator("html").get_attribute("lang") == "en"


@pytest.mark.parametrize("path", ["/", "/c/tea/", "/p/longjing/", "/cart/", "/accounts/login/"])
def test_phone_viewport_never_scrolls_sideways(browser, live_server, tea, screenshot, path):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, base_url=live_server.url, is_mobile=True
    )
    page = context.new_page()
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, "phone")
    context.close()
    assert width <= 360
