"""The merchant's dashboard in a real browser: charts drawn, figures readable, on a phone too."""

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from orders.models import Order, OrderLine, OrderStatus
from tests.factories import ProductFactory, SKUFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "merchant-password-1"


@pytest.fixture
def sales(transactional_db):
    merchant = UserFactory(username="boss", is_staff=True, is_superuser=True)
    merchant.set_password(PASSWORD)
    merchant.save()
    sku = SKUFactory(product=ProductFactory(name="西湖龙井", name_en="West Lake Longjing"))
    now = timezone.now()
    for day in range(7):
        placed = now - timedelta(days=day, hours=1)
        order = Order.objects.create(
            number=f"T{day:04d}",
            status=OrderStatus.PAID,
            placed_at=placed,
            paid_at=placed,
            subtotal=Decimal("168.00"),
            total=Decimal("178.00"),
            shipping=Decimal("10.00"),
        )
        OrderLine.objects.create(
            order=order,
            product=sku.product,
            sku=sku,
            product_name="西湖龙井",
            sku_code=sku.code,
            unit_price=Decimal("168.00"),
            quantity=1,
            total=Decimal("168.00"),
        )


@pytest.mark.parametrize("width", [1280, 390])
def test_the_dashboard_draws_its_charts_readably(browser, live_server, sales, screenshot, width):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, base_url=live_server.url
    )
    page = context.new_page()
    page.goto("/en/admin/dashboard/")
    page.locator("input[name=username]").fill("boss")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form [type=submit]").last.click()
    expect(page.locator("#sales-chart")).to_be_visible()
    # Drawn: the canvas holds more than a blank image's worth of pixels.
    chart = page.locator("#sales-chart")
    deadline = time.monotonic() + 10
    while chart.evaluate("canvas => canvas.toDataURL().length") < 5000:
        assert time.monotonic() < deadline, "the sales chart was never drawn"
        page.wait_for_timeout(100)
    expect(page.locator("#sales-table")).to_contain_text("178.00")
    expect(page.locator("#products-table")).to_contain_text("西湖龙井")
    screenshot(page, f"dashboard-{width}")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert overflow <= 0
