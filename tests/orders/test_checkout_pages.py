"""The checkout page: review, choices, placing, and every way a checkout can be refused."""

import re
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Address
from inventory.models import Stock
from orders.models import Order, ShippingMethod
from promotions.models import PromotionKind
from promotions.pricing import SESSION_CODES
from tests.factories import AddressFactory, UserFactory
from tests.promotions.factories import CouponCodeFactory, PromotionFactory

pytestmark = pytest.mark.django_db

NEW_ADDRESS = {
    "new-recipient": "李四",
    "new-phone": "13900139000",
    "new-country": "CN",
    "new-province": "北京市",
    "new-city": "北京市",
    "new-district": "朝阳区",
    "new-street": "建国路 1 号",
    "new-postcode": "100020",
}


def checkout() -> str:
    """Return the checkout URL in the active language."""
    return reverse("orders:checkout")


def hidden(content: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', content).group(1)


def page_post(client, **overrides) -> dict:
    """Return what the checkout page would post: its key, its total and its default choices."""
    content = client.get(checkout()).content.decode()
    data = {
        "address": re.search(r'name="address" value="([^"]+)"[^>]*checked', content).group(1),
        "shipping_method": ShippingMethod.STANDARD,
        "payment_method": "sandbox",
        "checkout_key": hidden(content, "checkout_key"),
        "expected_total": hidden(content, "expected_total"),
        "action": "place",
    }
    return {**data, **overrides}


@pytest.fixture
def full_cart(skus, fill_cart):
    """A¥100 × 2 and B¥60 × 1 with 满200减30: ¥260 − ¥30 + ¥10 shipping = ¥240."""
    PromotionFactory(key="M200", name="满200减30")
    return fill_cart((skus[0], 2), (skus[1], 1))


def test_anonymous_shoppers_log_in_first(client):
    response = client.get(checkout())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=/checkout/" in response["Location"]


def test_an_empty_cart_goes_back_to_the_cart(shopper_client, english):
    response = shopper_client.get(checkout(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("cart:detail")
    assert "Your cart is empty." in response.content.decode()


def test_a_sold_out_cart_goes_back_to_the_cart(shopper_client, address, skus, fill_cart, english):
    fill_cart((skus[0], 1))
    Stock.objects.filter(sku=skus[0]).update(reserved=10)
    response = shopper_client.get(checkout(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("cart:detail")
    assert "Some items in your cart need your attention." in response.content.decode()


def test_the_page_shows_lines_discounts_shipping_and_total(shopper_client, address, full_cart):
    response = shopper_client.get(checkout())

    content = response.content.decode()
    assert response.status_code == 200
    assert "满200减30" in content
    assert re.search(r'id="checkout-subtotal">¥260\.00<', content)
    assert re.search(r'id="checkout-discount">−¥30\.00<', content)
    assert re.search(r'id="checkout-shipping-fee">¥10\.00<', content)
    assert re.search(r'id="checkout-total">¥240\.00<', content)
    assert hidden(content, "expected_total") == "240.00"
    assert re.fullmatch(r"[0-9a-f]{32}", hidden(content, "checkout_key"))
    assert f'name="address" value="{address.pk}" id="id_address_0" required checked' in content
    assert 'value="sandbox"' in content
    assert "¥22.00" in content


def test_free_shipping_shows_its_discount(shopper_client, address, skus, fill_cart):
    PromotionFactory(
        key="FS", name="满99包邮", kind=PromotionKind.FREE_SHIPPING, params={"min_spend": "99.00"}
    )
    fill_cart((skus[0], 1))

    content = shopper_client.get(checkout()).content.decode()

    assert "满99包邮" in content
    assert "−¥10.00" in content
    assert re.search(r'id="checkout-total">¥100\.00<', content)


def test_changing_the_shipping_method_reprices_only_the_review(shopper_client, address, full_cart):
    response = shopper_client.get(
        checkout(), {"shipping_method": "express"}, headers={"HX-Request": "true"}
    )

    content = response.content.decode()
    assert "<html" not in content
    assert content.lstrip().startswith('<section class="card checkout-review"')
    assert re.search(r'id="checkout-shipping-fee">¥22\.00<', content)
    assert hidden(content, "expected_total") == "252.00"


def test_without_javascript_update_total_reprices_without_placing(
    shopper_client, address, full_cart
):
    data = page_post(shopper_client, shipping_method="express", action="reprice")
    response = shopper_client.post(checkout(), data)

    content = response.content.decode()
    assert response.status_code == 200
    assert hidden(content, "expected_total") == "252.00"
    assert hidden(content, "checkout_key") == data["checkout_key"]
    assert 'value="express" checked' in content
    assert not Order.objects.exists()


def test_the_page_lists_the_codes_in_use(shopper_client, address, full_cart):
    CouponCodeFactory(promotion=PromotionFactory(key="C5", name="立减5元"), code="SAVE5")
    session = shopper_client.session
    session[SESSION_CODES] = ["SAVE5"]
    session.save()

    content = shopper_client.get(checkout()).content.decode()

    assert "SAVE5" in content


def test_placing_makes_one_order_and_goes_to_the_pay_page(
    shopper, shopper_client, address, full_cart
):
    session = shopper_client.session
    session[SESSION_CODES] = []
    session.save()

    response = shopper_client.post(checkout(), page_post(shopper_client))

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("payments:pay", kwargs={"number": order.number})
    assert (order.user, order.total, order.discount) == (
        shopper,
        Decimal("240.00"),
        Decimal("30.00"),
    )
    assert (order.payment_method, order.recipient) == ("sandbox", address.recipient)
    assert not full_cart.lines.exists()
    assert SESSION_CODES not in shopper_client.session


def test_codes_are_used_by_the_order_and_then_cleared(shopper_client, address, skus, fill_cart):
    promotion = PromotionFactory(
        key="C10",
        kind=PromotionKind.SPEND_THRESHOLD,
        params={"tiers": [{"min_spend": "50.00", "amount_off": "10.00"}]},
    )
    CouponCodeFactory(promotion=promotion, code="TEN")
    fill_cart((skus[0], 1))
    session = shopper_client.session
    session[SESSION_CODES] = ["TEN"]
    session.save()

    shopper_client.post(checkout(), page_post(shopper_client))

    order = Order.objects.get()
    assert order.codes == ["TEN"]
    assert order.total == Decimal("100.00")
    assert SESSION_CODES not in shopper_client.session


def test_prices_sent_by_the_browser_are_ignored(shopper_client, address, full_cart):
    data = page_post(
        shopper_client,
        total="0.01",
        subtotal="0.01",
        discount="259.99",
        shipping="0",
        shipping_discount="10",
        unit_price="0.01",
        price="0.01",
    )

    shopper_client.post(checkout(), data)

    order = Order.objects.get()
    assert (order.subtotal, order.discount, order.shipping, order.total) == (
        Decimal("260.00"),
        Decimal("30.00"),
        Decimal("10.00"),
        Decimal("240.00"),
    )


def test_a_lowered_expected_total_is_a_price_change_not_a_cheaper_order(
    shopper_client, address, full_cart, english
):
    response = shopper_client.post(checkout(), page_post(shopper_client, expected_total="1.00"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "The price of your order changed to ¥240.00" in content
    assert hidden(content, "expected_total") == "240.00"
    assert not Order.objects.exists()


def test_a_price_changed_since_the_page_shows_the_new_total(
    shopper_client, address, skus, full_cart, english
):
    data = page_post(shopper_client)
    skus[1].price = Decimal("70.00")
    skus[1].save()

    response = shopper_client.post(checkout(), data)

    content = response.content.decode()
    assert "The price of your order changed to ¥250.00" in content
    assert re.search(r'id="checkout-total">¥250\.00<', content)
    assert hidden(content, "expected_total") == "250.00"
    assert not Order.objects.exists()
    assert shopper_client.post(checkout(), {**data, "expected_total": "250.00"}).status_code == 302
    assert Order.objects.get().total == Decimal("250.00")


def test_a_double_submit_makes_one_order_and_both_go_to_it(shopper_client, address, full_cart):
    data = page_post(shopper_client)

    first = shopper_client.post(checkout(), data)
    second = shopper_client.post(checkout(), data)

    order = Order.objects.get()
    pay = reverse("payments:pay", kwargs={"number": order.number})
    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] == second["Location"] == pay


def test_an_item_sold_out_since_the_page_is_refused_with_a_message(
    shopper_client, address, skus, full_cart, english
):
    data = page_post(shopper_client)
    Stock.objects.filter(sku=skus[1]).update(reserved=5)

    response = shopper_client.post(checkout(), data)

    assert response.status_code == 200
    assert f"{skus[1].product.name} is sold out." in response.content.decode()
    assert not Order.objects.exists()
    assert Stock.objects.get(sku=skus[0]).reserved == 0


def test_a_new_address_typed_inline_is_saved_and_used(shopper, shopper_client, address, full_cart):
    data = page_post(shopper_client, address="new", **NEW_ADDRESS)

    response = shopper_client.post(checkout(), data)

    assert response.status_code == 302
    saved = Address.objects.get(user=shopper, recipient="李四")
    order = Order.objects.get()
    assert (order.recipient, order.district, order.street) == ("李四", "朝阳区", "建国路 1 号")
    assert not saved.is_default
    shopper_client.post(checkout(), data)
    assert Address.objects.filter(user=shopper, recipient="李四").count() == 1


def test_a_first_address_can_be_typed_at_checkout(shopper, shopper_client, skus, fill_cart):
    fill_cart((skus[0], 1))
    content = shopper_client.get(checkout()).content.decode()
    assert 'name="address" value="new" id="id_address_0" required checked' in content

    shopper_client.post(checkout(), page_post(shopper_client, **NEW_ADDRESS))

    assert Order.objects.get().recipient == "李四"
    assert Address.objects.get(user=shopper).is_default


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"address": "new", **NEW_ADDRESS, "new-phone": "12345"}, "new-phone"),
        ({"address": "new", **NEW_ADDRESS, "new-district": ""}, "new-district"),
        ({"address": "new", "new-recipient": "李四"}, "new-street"),
        ({"shipping_method": "drone"}, "Choose one of the shipping methods offered."),
        ({"payment_method": "bitcoin"}, "Choose one of the payment methods offered."),
        ({"payment_method": ""}, "Choose a payment method."),
        ({"checkout_key": "not-a-key"}, "This checkout form is not valid."),
        ({"expected_total": "abc"}, "This checkout form is not valid."),
    ],
)
def test_a_bad_choice_is_a_form_error_and_places_nothing(
    shopper, shopper_client, address, full_cart, english, overrides, message
):
    response = shopper_client.post(checkout(), page_post(shopper_client, **overrides))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="errorlist' in content
    assert message in content
    assert not Order.objects.exists()
    assert list(Address.objects.filter(user=shopper)) == [address]
    assert full_cart.lines.count() == 2


def test_another_shoppers_address_cannot_be_chosen(shopper_client, address, full_cart, english):
    theirs = AddressFactory(user=UserFactory())

    response = shopper_client.post(checkout(), page_post(shopper_client, address=str(theirs.pk)))

    assert "Select a valid choice" in response.content.decode()
    assert not Order.objects.exists()


def test_a_checkout_of_an_emptied_cart_goes_back_to_the_cart(
    shopper_client, address, full_cart, english
):
    data = page_post(shopper_client)
    full_cart.lines.all().delete()

    response = shopper_client.post(checkout(), {**data, "checkout_key": uuid.uuid4().hex})

    assert response.status_code == 302
    assert response["Location"] == reverse("cart:detail")
    assert not Order.objects.exists()


def test_get_and_post_only(shopper_client, address, full_cart):
    assert shopper_client.put(checkout()).status_code == 405


def test_the_english_page_is_in_english(shopper_client, address, full_cart, english):
    response = shopper_client.get(reverse("orders:checkout"))

    content = response.content.decode()
    assert reverse("orders:checkout") == "/en/checkout/"
    assert '<html lang="en">' in content
    for text in ("Checkout", "Shipping address", "Payment method", "Place order", "Total"):
        assert text in content
    assert "Standard delivery" in content


def test_the_cart_links_to_checkout(shopper_client, skus, fill_cart):
    fill_cart((skus[0], 1))
    assert f'href="{checkout()}"' in shopper_client.get(reverse("cart:detail")).content.decode()
