"""A merchant creates a promotion in admin, and shoppers see it on the shop at once."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from promotions.models import Promotion
from tests.factories import CategoryFactory, ProductFactory, SKUFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "merchant-password-1"


@pytest.fixture
def shop(transactional_db):
    category = CategoryFactory(name="茶饮", name_en="Tea", slug="tea")
    product = ProductFactory(
        category=category, name="西湖龙井", name_en="West Lake Longjing", slug="longjing"
    )
    SKUFactory(product=product, code="LJ-L", price=Decimal("200.00"), stock=5)
    merchant = UserFactory(username="boss", is_staff=True, is_superuser=True)
    merchant.set_password(PASSWORD)
    merchant.save()


def test_a_merchant_creates_a_discount_and_the_shop_shows_it(
    browser, live_server, shop, screenshot
):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    admin = context.new_page()
    admin.goto("/en/admin/promotions/promotion/add/")
    admin.locator("input[name=username]").fill("boss")
    admin.locator("input[name=password]").fill(PASSWORD)
    admin.locator("form [type=submit]").last.click()
    expect(admin).to_have_url(re.compile(r"/promotion/add/"))
    screenshot(admin, "choose-kind")
    admin.locator("a[href$='?kind=percent_off']").first.click()
    admin.locator("input[name=key]").fill("TEA10")
    admin.locator("input[name=name_zh_hans]").fill("龙井九折")
    admin.locator("input[name=name_en]").fill("Longjing 10% off")
    admin.locator("input[name=percent]").fill("10")
    screenshot(admin, "percent-off-form")
    admin.locator("input[name=_save]").click()
    expect(admin.locator("ul.messagelist")).to_be_visible()
    screenshot(admin, "saved")
    assert Promotion.objects.get(key="TEA10").params == {"percent": 10}

    shopper = context.new_page()
    shopper.goto("/en/p/longjing/")
    expect(shopper.locator("main")).to_contain_text("¥180.00")
    expect(shopper.locator("main")).to_contain_text("Longjing 10% off")
    screenshot(shopper, "product-with-discount")
    context.close()
