"""The shopper's order list and order page, and the actions they offer."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cart.models import Cart, CartLine
from inventory.models import Stock
from orders.models import Order, OrderStatus, Refund, RefundStatus
from orders.services import order_mark_paid, order_ship, refund_refuse, refund_request
from promotions.models import PromotionKind
from tests.factories import AddressFactory, SKUFactory, UserFactory
from tests.promotions.factories import PromotionFactory

from .helpers import place

pytestmark = pytest.mark.django_db

LIST_QUERIES = 7
DETAIL_QUERIES = 11


@pytest.fixture
def order(shopper, address, skus, fill_cart):
    """A pending order: A¥100 × 2 and B¥60 × 1 with 满200减30, ¥240 with shipping."""
    PromotionFactory(key="M200", name="满200减30")
    return place(user=shopper, cart=fill_cart((skus[0], 2), (skus[1], 1)), address=address)


def paid(order: Order) -> Order:
    order_mark_paid(order=order, amount=order.total)
    return Order.objects.get(pk=order.pk)


def shipped(order: Order) -> Order:
    order_ship(order=paid(order), carrier="顺丰速运", tracking_number="SF1234567890", user=None)
    return Order.objects.get(pk=order.pk)


def someone_elses_order(sku) -> Order:
    user = UserFactory()
    cart = Cart.objects.create(user=user)
    CartLine.objects.create(cart=cart, sku=sku, quantity=1)
    return place(user=user, cart=cart, address=AddressFactory(user=user, is_default=True))


def orders_of_one_line(shopper, address, fill_cart, count: int) -> list[Order]:
    sku = SKUFactory(price=Decimal("10.00"), stock=1000)
    return [place(user=shopper, cart=fill_cart((sku, 1)), address=address) for _ in range(count)]


def order_with_lines(shopper, address, fill_cart, count: int) -> Order:
    skus = [SKUFactory(price=Decimal("10.00"), stock=5) for _ in range(count)]
    return place(user=shopper, cart=fill_cart(*((sku, 2) for sku in skus)), address=address)


def url(name: str, order: Order) -> str:
    return reverse(f"orders:{name}", kwargs={"number": order.number})


def stock(sku) -> Stock:
    return Stock.objects.get(sku=sku)


# The list ---------------------------------------------------------------------------------


def test_the_list_shows_each_order_with_its_next_action(shopper_client, order, skus, english):
    theirs = someone_elses_order(skus[0])

    content = shopper_client.get(reverse("orders:list")).content.decode()

    assert f"Order {order.number}" in content
    assert order.placed_at.astimezone().strftime("%Y-") in content
    assert "Pending payment" in content
    assert "¥240.00" in content
    assert f"{order.lines.get(sku_code='A').product_name} × 2" in content
    assert reverse("payments:pay", kwargs={"number": order.number}) in content
    assert theirs.number not in content


def test_tabs_show_one_group_of_states(shopper, shopper_client, address, skus, fill_cart, english):
    pending = place(user=shopper, cart=fill_cart((skus[0], 1)), address=address)
    on_its_way = shipped(place(user=shopper, cart=fill_cart((skus[1], 1)), address=address))

    def listed(status: str) -> str:
        return shopper_client.get(reverse("orders:list"), {"status": status}).content.decode()

    assert pending.number in listed("to_pay")
    assert on_its_way.number not in listed("to_pay")
    assert on_its_way.number in listed("shipped")
    assert url("confirm", on_its_way) in listed("shipped")
    assert "No orders here yet." in listed("closed")
    assert pending.number in listed("nonsense")
    assert on_its_way.number in listed("nonsense")


def test_the_list_is_newest_first_a_page_at_a_time(
    shopper, shopper_client, address, fill_cart, settings
):
    settings.PAGE_SIZE = 2
    first, second, third = orders_of_one_line(shopper, address, fill_cart, 3)

    page_one = shopper_client.get(reverse("orders:list")).content.decode()
    page_two = shopper_client.get(reverse("orders:list"), {"page": 2}).content.decode()

    assert page_one.index(third.number) < page_one.index(second.number)
    assert first.number not in page_one
    assert first.number in page_two
    assert third.number not in page_two


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_costs_the_same_queries_for_few_or_many_orders(
    shopper, shopper_client, address, fill_cart, django_assert_max_num_queries, count
):
    orders_of_one_line(shopper, address, fill_cart, count)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = shopper_client.get(reverse("orders:list"))

    assert response.status_code == 200


# The order page ---------------------------------------------------------------------------


def test_the_page_shows_lines_totals_address_history_and_pay_before(
    shopper_client, order, address, skus, english
):
    content = shopper_client.get(order.get_absolute_url()).content.decode()

    assert f"Order {order.number}" in content
    assert order.lines.get(sku_code="A").product_name in content
    assert "满200减30: −¥" in content
    assert 'id="order-discount">−¥30.00<' in content
    assert 'id="order-total">¥240.00<' in content
    assert address.street in content
    assert "Standard delivery" in content
    assert "Sandbox payment (demo)" in content
    assert "Pending payment, by: Shopper" in content
    assert 'id="order-pay-before"' in content
    assert url("cancel", order) in content
    assert reverse("payments:pay", kwargs={"number": order.number}) in content
    assert url("confirm", order) not in content
    assert url("refund", order) not in content


def test_a_shipped_order_shows_its_tracking_and_offers_receipt_and_refund(
    shopper_client, order, english
):
    order = shipped(order)

    content = shopper_client.get(order.get_absolute_url()).content.decode()

    assert "顺丰速运" in content
    assert 'id="order-tracking">SF1234567890<' in content
    assert "Shipped, by: Merchant" in content
    assert "Paid, by: Payment gateway" in content
    assert url("confirm", order) in content
    assert url("refund", order) in content
    assert url("cancel", order) not in content
    assert 'id="order-pay-before"' not in content


def test_gifts_are_listed_apart(shopper, shopper_client, address, skus, fill_cart, english):
    SKUFactory(code="GIFT", stock=5)
    PromotionFactory(
        key="G", kind=PromotionKind.GIFT, params={"tiers": [{"min_spend": "50.00"}], "sku": "GIFT"}
    )
    order = place(user=shopper, cart=fill_cart((skus[0], 1)), address=address)
    gift = order.lines.get(is_gift=True)

    content = shopper_client.get(order.get_absolute_url()).content.decode()

    assert f'id="order-line-{gift.pk}"' not in content
    assert f"{gift.product_name} × 1" in content


@pytest.mark.parametrize("count", [3, 30])
def test_the_page_costs_the_same_queries_for_few_or_many_lines(
    shopper, shopper_client, address, fill_cart, django_assert_max_num_queries, count
):
    order = paid(order_with_lines(shopper, address, fill_cart, count))
    first = order.lines.first()
    refund = refund_request(order=order, quantities={first.pk: 1}, reason="x", actor="shopper")
    refund_refuse(refund=refund, user=None, note="")

    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = shopper_client.get(order.get_absolute_url())

    assert response.status_code == 200
    assert response.content.decode().count('class="form refund-form"') == count


# Who may see what -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method"),
    [("detail", "get"), ("cancel", "post"), ("confirm", "post"), ("refund", "post")],
)
def test_another_shoppers_order_is_not_found(shopper_client, skus, name, method):
    theirs = someone_elses_order(skus[0])

    response = getattr(shopper_client, method)(url(name, theirs), {"line": 1, "quantity": 1})

    assert response.status_code == 404
    assert Order.objects.get(pk=theirs.pk).status == OrderStatus.PENDING_PAYMENT


@pytest.mark.parametrize(
    ("name", "method"),
    [("list", "get"), ("detail", "get"), ("cancel", "post"), ("refund", "post")],
)
def test_anonymous_visitors_log_in_first(client, order, name, method):
    target = reverse("orders:list") if name == "list" else url(name, order)

    response = getattr(client, method)(target)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ["cancel", "confirm", "refund"])
def test_actions_take_only_posts(shopper_client, order, name):
    assert shopper_client.get(url(name, order)).status_code == 405


# Actions ----------------------------------------------------------------------------------


def test_cancelling_a_pending_order_gives_its_stock_back(shopper_client, order, skus, english):
    assert stock(skus[0]).reserved == 2

    response = shopper_client.post(url("cancel", order), follow=True)

    assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED
    assert (stock(skus[0]).reserved, stock(skus[1]).reserved) == (0, 0)
    content = response.content.decode()
    assert "Your order was cancelled." in content
    assert "Cancelled, by: Shopper" in content


def test_cancelling_a_paid_order_is_refused_and_changes_nothing(
    shopper_client, order, skus, english
):
    order = paid(order)
    before = (stock(skus[0]).on_hand, stock(skus[0]).reserved)

    response = shopper_client.post(url("cancel", order), follow=True)

    assert response.status_code == 200
    assert "cannot become" in response.content.decode()
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID
    assert (stock(skus[0]).on_hand, stock(skus[0]).reserved) == before


def test_confirming_receipt_completes_a_shipped_order(shopper_client, order, english):
    order = shipped(order)

    response = shopper_client.post(url("confirm", order), follow=True)

    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED
    assert order.completed_at is not None
    assert "Thank you for confirming" in response.content.decode()


def test_confirming_receipt_of_an_unshipped_order_is_refused(shopper_client, order, english):
    response = shopper_client.post(url("confirm", order), follow=True)

    assert "cannot become" in response.content.decode()
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PENDING_PAYMENT


def test_a_refund_request_for_some_units_of_a_line(shopper_client, order, english):
    order = paid(order)
    line = order.lines.get(sku_code="A")

    response = shopper_client.post(
        url("refund", order), {"line": line.pk, "quantity": 1, "reason": "尺码不合适"}, follow=True
    )

    refund = Refund.objects.get(order=order)
    assert refund.status == RefundStatus.REQUESTED
    assert refund.reason == "尺码不合适"
    assert refund.lines.get().quantity == 1
    assert refund.amount == line.total / 2
    content = response.content.decode()
    assert "Your refund request was sent." in content
    assert "Your refund request is waiting for an answer." in content
    assert 'class="form refund-form"' not in content
    assert f"Refund of ¥{refund.amount:.2f} requested, by: Shopper" in content


def test_a_refused_refund_shows_its_decision(shopper_client, order, english):
    order = paid(order)
    line = order.lines.get(sku_code="A")
    shopper_client.post(
        url("refund", order), {"line": line.pk, "quantity": 2, "reason": "不想要了"}
    )
    refund_refuse(refund=Refund.objects.get(), user=None, note="已超过退货期")

    content = shopper_client.get(order.get_absolute_url()).content.decode()

    assert "Refused" in content
    assert "已超过退货期" in content
    assert url("refund", order) in content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"quantity": 3, "reason": "x"}, "At most 2 of"),
        ({"quantity": 1, "reason": ""}, "Tell us why you want a refund."),
        ({"quantity": 0, "reason": "x"}, "greater than or equal to 1"),
        ({"quantity": "many", "reason": "x"}, "Enter a whole number."),
    ],
)
def test_a_bad_refund_request_is_a_message_and_asks_nothing(
    shopper_client, order, english, data, message
):
    order = paid(order)
    line = order.lines.get(sku_code="A")

    response = shopper_client.post(url("refund", order), {"line": line.pk, **data}, follow=True)

    assert message in response.content.decode()
    assert not Refund.objects.exists()


def test_a_refund_for_another_orders_line_is_refused(shopper_client, order, skus, english):
    order = paid(order)
    theirs = someone_elses_order(skus[0])

    response = shopper_client.post(
        url("refund", order),
        {"line": theirs.lines.get().pk, "quantity": 1, "reason": "x"},
        follow=True,
    )

    assert "This line is not part of the order." in response.content.decode()
    assert not Refund.objects.exists()


def test_a_pending_order_cannot_be_refunded(shopper_client, order, english):
    line = order.lines.get(sku_code="A")

    response = shopper_client.post(
        url("refund", order), {"line": line.pk, "quantity": 1, "reason": "x"}, follow=True
    )

    assert "cannot be refunded" in response.content.decode()
    assert not Refund.objects.exists()


def test_the_pages_are_in_english_under_en(shopper_client, order, english):
    list_page = shopper_client.get(reverse("orders:list"))
    detail_page = shopper_client.get(order.get_absolute_url())

    assert reverse("orders:list") == "/en/orders/"
    for text in ("My orders", "To pay", "Cancelled / refunded", "Pay now", "Total"):
        assert text in list_page.content.decode()
    for text in ("Items", "Delivery", "History", "Cancel order", "Shipping method"):
        assert text in detail_page.content.decode()


def test_the_list_shows_the_first_items_and_counts_the_rest(
    shopper, shopper_client, address, fill_cart, english
):
    order = order_with_lines(shopper, address, fill_cart, 5)

    content = shopper_client.get(reverse("orders:list")).content.decode()

    first, fourth = order.lines.all()[0], order.lines.all()[3]
    assert f"{first.product_name} × 2" in content
    assert f"<li>{fourth.product_name} × 2</li>" not in content
    assert "and 2 more items" in content


def test_a_delivered_order_invites_a_review_of_each_line(
    shopper_client, shopper, address, skus, fill_cart
):
    order = place(user=shopper, cart=fill_cart((skus[0], 1)), address=address)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.COMPLETED)
    line = order.lines.get()

    page = shopper_client.get(order.get_absolute_url()).content.decode()

    assert reverse("reviews:write", args=[line.pk]) in page
