"""The merchant's order and refund admin: read-only history, actions through the services."""

import csv
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from inventory.models import Stock
from orders.models import Actor, Order, OrderStatus, Refund, RefundStatus
from orders.services import PaidOutcome, order_mark_paid, refund_request
from tests.factories import UserFactory

from .helpers import place

pytestmark = pytest.mark.django_db


def orders_url() -> str:
    """The list in English: the admin's language is the one in its address."""
    return reverse("admin:orders_order_changelist")


def refunds_url() -> str:
    return reverse("admin:orders_refund_changelist")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def admin_client(client):
    """A superuser reading the admin in English (the admin has no language prefix)."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def make_order(skus, fill_cart, shopper, address):
    def make(*, paid: bool = True, quantity: int = 1) -> Order:
        cart = fill_cart((skus[0], quantity))
        order = place(user=shopper, cart=cart, address=address)
        if paid:
            assert order_mark_paid(order=order, amount=order.total) == PaidOutcome.PAID
        return Order.objects.get(pk=order.pk)

    return make


def act(client, url: str, action: str, objects, **data):
    return client.post(
        url,
        {"action": action, "_selected_action": [obj.pk for obj in objects], **data},
        follow=True,
    )


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def status(order: Order) -> str:
    return Order.objects.get(pk=order.pk).status


def test_the_list_page_loads_with_every_filter(admin_client, make_order):
    order = make_order()
    for query in (
        "",
        "?status=paid",
        "?payment_method=sandbox",
        "?shipping_method=standard",
        f"?placed_at__year={order.placed_at.year}",
        "?placed_at__gte=2000-01-01+00:00:00%2B00:00",
        f"?q={order.number}",
        f"?q={order.user.email}",
        f"?q={order.recipient}",
    ):
        response = admin_client.get(orders_url() + query)
        assert response.status_code == 200, query
        assert order.number in response.text, query


def test_search_leaves_out_orders_that_do_not_match(admin_client, make_order):
    order = make_order()
    response = admin_client.get(orders_url(), {"q": "nobody-like-this"})
    assert response.status_code == 200
    assert order.number not in response.text


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_page_costs_the_same_queries_for_3_or_30_orders(
    admin_client, make_order, skus, django_assert_max_num_queries, rows
):
    Stock.objects.filter(sku=skus[0]).update(on_hand=rows)
    for _ in range(rows):
        make_order(paid=False)
    with django_assert_max_num_queries(9):
        response = admin_client.get(orders_url())
    assert response.status_code == 200


def test_the_detail_page_shows_the_frozen_order_read_only(admin_client, make_order):
    order = make_order(quantity=2)
    response = admin_client.get(reverse("admin:orders_order_change", args=[order.pk]))
    assert response.status_code == 200
    assert order.lines.get().product_name in response.text
    assert 'name="total"' not in response.text
    assert 'name="status"' not in response.text
    assert "_save" not in response.text
    assert admin_client.get(reverse("admin:orders_order_add")).status_code == 403


def test_ship_asks_carrier_and_tracking_per_order_then_ships_each(admin_client, make_order):
    first, second = make_order(), make_order()

    form = act(admin_client, orders_url(), "ship", [first, second])

    assert form.status_code == 200
    assert first.number in form.text
    assert 'name="form-1-tracking_number"' in form.text
    response = act(
        admin_client,
        orders_url(),
        "ship",
        [first, second],
        apply="1",
        **{
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-order": str(first.pk),
            "form-0-carrier": "SF",
            "form-0-tracking_number": "SF001",
            "form-1-order": str(second.pk),
            "form-1-carrier": "JD",
            "form-1-tracking_number": "JD002",
        },
    )

    assert "2 orders shipped." in said(response)
    shipped = {o.pk: (o.status, o.carrier, o.tracking_number) for o in Order.objects.all()}
    assert shipped == {
        first.pk: (OrderStatus.SHIPPED, "SF", "SF001"),
        second.pk: (OrderStatus.SHIPPED, "JD", "JD002"),
    }


def test_ship_without_a_tracking_number_asks_again_and_ships_nothing(admin_client, make_order):
    order = make_order()
    response = act(
        admin_client,
        orders_url(),
        "ship",
        [order],
        apply="1",
        **{
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-order": str(order.pk),
            "form-0-carrier": "SF",
            "form-0-tracking_number": "",
        },
    )
    assert response.status_code == 200
    assert "Please correct the errors below." in response.text
    assert status(order) == OrderStatus.PAID


def test_an_illegal_action_is_a_message_per_order_not_an_error(admin_client, make_order):
    unpaid, paid = make_order(paid=False), make_order()

    response = act(
        admin_client,
        orders_url(),
        "ship",
        [unpaid, paid],
        apply="1",
        **{
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-order": str(unpaid.pk),
            "form-0-carrier": "SF",
            "form-0-tracking_number": "SF1",
            "form-1-order": str(paid.pk),
            "form-1-carrier": "SF",
            "form-1-tracking_number": "SF2",
        },
    )

    assert response.status_code == 200
    assert said(response) == [
        f"{unpaid.number}: An order that is “Pending payment” cannot become “Shipped”.",
        "1 order shipped.",
    ]
    assert (status(unpaid), status(paid)) == (OrderStatus.PENDING_PAYMENT, OrderStatus.SHIPPED)


def test_deliver_and_cancel_report_what_they_did(admin_client, make_order):
    unpaid, paid = make_order(paid=False), make_order()

    cancelled = act(admin_client, orders_url(), "cancel_unpaid", [unpaid, paid])

    assert said(cancelled) == [
        f"{paid.number}: An order that is “Paid” cannot become “Cancelled”.",
        "1 order cancelled.",
    ]
    event = Order.objects.get(pk=unpaid.pk).events.last()
    assert (event.to_status, event.actor) == (OrderStatus.CANCELLED, Actor.MERCHANT)

    delivered = act(admin_client, orders_url(), "mark_delivered", [paid])
    assert said(delivered) == [f"{paid.number}: An order that is “Paid” cannot become “Delivered”."]


def test_refund_whole_order_pays_everything_back(admin_client, make_order):
    order = make_order(quantity=2)

    response = act(admin_client, orders_url(), "refund_everything", [order])

    assert said(response) == ["1 order refunded."]
    order.refresh_from_db()
    assert (order.status, order.refunded) == (OrderStatus.REFUNDED, order.total)
    refund = order.refunds.get()
    assert (refund.status, refund.requested_by) == (RefundStatus.REFUNDED, Actor.MERCHANT)


def test_refunding_an_unpaid_order_leaves_no_request_behind(admin_client, make_order):
    order = make_order(paid=False)
    response = act(admin_client, orders_url(), "refund_everything", [order])
    assert said(response) == [
        f"{order.number}: An order that is “Pending payment” cannot be refunded."
    ]
    assert not Refund.objects.exists()


def test_csv_export_has_every_column_in_utf8_with_a_bom(admin_client, make_order):
    order = make_order(quantity=2)
    Order.objects.filter(pk=order.pk).update(recipient="王小明", city="上海市")

    response = act(admin_client, orders_url(), "export_csv", [order])

    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == [
        "number",
        "placed at",
        "status",
        "customer",
        "recipient",
        "city",
        "payment method",
        "subtotal",
        "discount",
        "shipping",
        "shipping discount",
        "total",
        "refunded",
    ]
    number, _date, state, customer, recipient, city, method, *money = rows[1]
    assert (number, state, customer, recipient, city, method) == (
        order.number,
        "Paid",
        order.user.username,
        "王小明",
        "上海市",
        "sandbox",
    )
    assert money == ["200.00", "0.00", "10.00", "0.00", "210.00", "0.00"]
    assert len(rows) == 2


def requested(order: Order) -> Refund:
    line = order.lines.get()
    return refund_request(order=order, quantities={line.pk: 1}, reason="size", actor="shopper")


def test_the_refund_list_and_detail_load(admin_client, make_order):
    refund = requested(make_order(quantity=2))
    response = admin_client.get(refunds_url(), {"status": "requested"})
    assert response.status_code == 200
    assert refund.order.number in response.text
    detail = admin_client.get(reverse("admin:orders_refund_change", args=[refund.pk]))
    assert detail.status_code == 200
    assert "_save" not in detail.text


def test_approve_pays_the_refund(admin_client, make_order):
    refund = requested(make_order(quantity=2))

    response = act(admin_client, refunds_url(), "approve", [refund])

    assert said(response) == ["1 refund paid."]
    refund.refresh_from_db()
    assert refund.status == RefundStatus.REFUNDED
    assert refund.order.refunded == Decimal("100.00")
    again = act(admin_client, refunds_url(), "approve", [refund])
    number = refund.order.number
    assert said(again) == [f"Refund of order {number}: This refund was already decided."]


def test_refuse_asks_for_a_note_then_refuses(admin_client, make_order):
    refund = requested(make_order(quantity=2))

    form = act(admin_client, refunds_url(), "refuse", [refund])
    assert form.status_code == 200
    assert 'name="note"' in form.text
    empty = act(admin_client, refunds_url(), "refuse", [refund], apply="1", note="")
    assert "Please correct the errors below." in empty.text
    assert Refund.objects.get(pk=refund.pk).status == RefundStatus.REQUESTED

    response = act(admin_client, refunds_url(), "refuse", [refund], apply="1", note="Worn.")

    assert said(response) == ["1 refund refused."]
    refund.refresh_from_db()
    assert (refund.status, refund.note) == (RefundStatus.REFUSED, "Worn.")
