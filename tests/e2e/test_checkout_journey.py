"""The whole purchase in a real browser: search, cart as a guest, log-in (the cart merges),
coupon, checkout, sandbox payment, shipment by the merchant in admin, and the shopper's
confirmation of receipt."""

import re
from decimal import Decimal

import pytest
from django.utils import translation
from playwright.sync_api import expect

from orders.models import Order, OrderStatus
from tests.factories import AddressFactory, CategoryFactory, ProductFactory, SKUFactory, UserFactory
from tests.promotions.factories import CouponCodeFactory, PromotionFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "journey-password-1"


@pytest.fixture
def shop(transactional_db):
    category = CategoryFactory(name="茶饮", name_en="Tea", slug="tea")
    product = ProductFactory(
        category=category, name="西湖龙井", name_en="West Lake Longjing", slug="longjing"
    )
    SKUFactory(product=product, code="LJ-L", price=Decimal("168.00"), stock=5)
    coupon = PromotionFactory(
        key="WELCOME",
        name="新人券",
        name_en="Welcome coupon",
        params={"tiers": [{"min_spend": "100.00", "amount_off": "20.00"}]},
    )
    CouponCodeFactory(promotion=coupon, code="WELCOME20")
    shopper = UserFactory(username="lin")
    shopper.set_password(PASSWORD)
    shopper.save()
    AddressFactory(user=shopper, is_default=True)
    merchant = UserFactory(username="boss", is_staff=True, is_superuser=True)
    merchant.set_password(PASSWORD)
    merchant.save()
    return shopper


def log_in(page, username: str) -> None:
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form [type=submit]").last.click()


def status_label(status: str, language: str) -> str:
    with translation.override(language):
        return str(OrderStatus(status).label)


def buy_and_pay(page, screenshot, prefix: str) -> Order:
    page.goto(f"{prefix}/")
    page.locator("header input[name=q]").fill("longjing" if prefix else "龙井")
    page.locator("header input[name=q]").press("Enter")
    expect(page).to_have_url(re.compile(r"/search/"))
    screenshot(page, "search")
    page.locator("main a[href$='/p/longjing/']").first.click()
    expect(page).to_have_url(re.compile(r"/p/longjing/$"))
    page.locator("form.add-to-cart button[type=submit]").click()
    expect(page.locator("#cart-count")).to_have_text("1")
    page.goto(f"{prefix}/accounts/login/?next={prefix}/cart/")
    log_in(page, "lin")
    expect(page).to_have_url(re.compile(r"/cart/$"))
    page.locator("input[name=code]").fill("welcome20")
    page.locator("form.coupon-form button[type=submit]").click()
    expect(page.locator("#cart")).to_contain_text("WELCOME20")
    screenshot(page, "cart-with-coupon")
    page.locator(".cart-checkout a").click()
    expect(page).to_have_url(re.compile(r"/checkout/$"))
    expect(page.locator("#checkout")).to_contain_text("¥158.00")
    screenshot(page, "checkout")
    page.locator("button[name=action][value=place]").click()
    expect(page).to_have_url(re.compile(r"/pay/\w+/$"))
    screenshot(page, "pay")
    page.locator("section.pay form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/pay/sandbox/"))
    screenshot(page, "sandbox-gateway")
    page.locator("button[name=action][value=pay]").click()
    expect(page).to_have_url(re.compile(r"/orders/\w+/$"))
    order = Order.objects.get(user__username="lin")
    language = "en" if prefix else "zh-hans"
    expect(page.locator("#order-status")).to_have_text(status_label(OrderStatus.PAID, language))
    screenshot(page, "paid")
    return order


def merchant_ships(browser, base_url: str, order: Order, screenshot, prefix: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base_url)
    admin = context.new_page()
    admin.goto(f"{prefix}/admin/orders/order/")
    log_in(admin, "boss")
    expect(admin).to_have_url(re.compile(r"/admin/orders/order/$"))
    admin.locator(f"input[name=_selected_action][value='{order.pk}']").check()
    admin.locator("select[name=action]").select_option("ship")
    admin.locator("button[name=index]").click()
    admin.locator("input[name$=carrier]").fill("SF Express")
    admin.locator("input[name$=tracking_number]").fill("SF1234567890")
    screenshot(admin, "admin-ship")
    admin.locator("input[type=submit].default").click()
    expect(admin.locator("ul.messagelist")).to_be_visible()
    screenshot(admin, "admin-shipped")
    context.close()


def confirm_receipt(page, order: Order, screenshot, language: str) -> None:
    page.reload()
    expect(page.locator("#order-status")).to_have_text(status_label(OrderStatus.SHIPPED, language))
    expect(page.locator("#order")).to_contain_text("SF1234567890")
    page.locator(f"form[action$='/orders/{order.number}/confirm/'] button").click()
    expect(page.locator("#order-status")).to_have_text(
        status_label(OrderStatus.COMPLETED, language)
    )
    screenshot(page, "completed")


def test_a_shopper_buys_with_a_coupon_and_pays_in_the_sandbox(
    browser, live_server, page, shop, screenshot
):
    order = buy_and_pay(page, screenshot, "")
    assert order.status == OrderStatus.PAID
    assert order.codes == ["WELCOME20"]
    assert (order.discount, order.total) == (Decimal("20.00"), Decimal("158.00"))
    assert order.lines.get().product_name == "西湖龙井"

    merchant_ships(browser, live_server.url, order, screenshot, "")
    confirm_receipt(page, order, screenshot, "zh-hans")
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED
    assert [event.to_status for event in order.events.all()] == [
        OrderStatus.PENDING_PAYMENT,
        OrderStatus.PAID,
        OrderStatus.SHIPPED,
        OrderStatus.DELIVERED,
        OrderStatus.COMPLETED,
    ]


def test_the_same_journey_in_english(browser, live_server, page, shop, screenshot):
    order = buy_and_pay(page, screenshot, "/en")
    assert page.locator("html").get_attribute("lang") == "en"
    merchant_ships(browser, live_server.url, order, screenshot, "/en")
    confirm_receipt(page, order, screenshot, "en")


def test_checkout_and_order_pages_fit_a_phone(browser, live_server, shop, screenshot):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, base_url=live_server.url, is_mobile=True
    )
    phone = context.new_page()
    phone.goto("/accounts/login/?next=/p/longjing/")
    log_in(phone, "lin")
    phone.locator("form.add-to-cart button[type=submit]").click()
    expect(phone.locator("#cart-count")).to_have_text("1")
    widths = {}
    for step, path in (("cart", "/cart/"), ("checkout", "/checkout/")):
        phone.goto(path)
        widths[step] = phone.evaluate("document.documentElement.scrollWidth")
        screenshot(phone, f"phone-{step}")
    phone.locator("button[name=action][value=place]").click()
    expect(phone).to_have_url(re.compile(r"/pay/\w+/$"))
    order = Order.objects.get(user=shop)
    for step, path in (("orders", "/orders/"), ("order", order.get_absolute_url())):
        phone.goto(path)
        widths[step] = phone.evaluate("document.documentElement.scrollWidth")
        screenshot(phone, f"phone-{step}")
    context.close()
    assert widths == dict.fromkeys(widths, 360)
