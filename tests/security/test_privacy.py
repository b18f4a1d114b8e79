"""The privacy page: a user downloads all their data and deletes their account."""

import json

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from accounts import privacy
from accounts.models import Address, User
from cart.models import Cart
from orders.models import Order, OrderStatus
from reviews.models import Feedback, Review
from tests.factories import PASSWORD, UserFactory
from wishlist.models import WishlistItem

pytestmark = pytest.mark.django_db

SECTIONS = {
    "profile",
    "addresses",
    "orders",
    "payments",
    "reviews",
    "wishlist",
    "feedback",
    "coupon_codes",
}


@pytest.fixture
def owner_client(client, world):
    client.force_login(world.owner)
    return client


def test_the_privacy_page_offers_the_download_and_the_deletion(owner_client, english):
    page = owner_client.get(reverse("accounts:privacy"))
    assert page.status_code == 200
    assert reverse("accounts:privacy_export") in page.content.decode()
    assert reverse("accounts:privacy_delete") in page.content.decode()


def test_the_download_is_a_json_file_with_every_section(owner_client, world):
    response = owner_client.get(reverse("accounts:privacy_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    data = json.loads(response.content)
    assert set(data) >= SECTIONS
    assert all(data[section] for section in SECTIONS)
    assert data["profile"]["email"] == "owner@example.com"
    assert data["addresses"][0]["street"] == world.address.street
    numbers = {order["number"] for order in data["orders"]}
    assert numbers == {world.order.number, world.delivered.number}
    assert all(order["lines"] for order in data["orders"])
    assert data["reviews"][0]["body"] == world.review.body
    assert data["feedback"][0]["message"] == "请尽快发货"
    assert data["coupon_codes"][0]["code"] == "OWNER10"
    assert data["payments"][0]["trade_no"] == world.payment.trade_no


def test_the_download_holds_no_gateway_secret_and_no_password(owner_client, world):
    text = owner_client.get(reverse("accounts:privacy_export")).content.decode()
    assert "merchant-secret-id" not in text
    assert "weixin://secret-qr" not in text
    assert world.owner.password not in text


def test_the_download_holds_nobody_else_s_data(owner_client, world, stranger):
    Address.objects.create(
        user=stranger, recipient="李四", phone="13700137000", province="北京市", city="北京市",
        district="朝阳区", street="别人的街 9 号",
    )  # fmt: skip
    text = owner_client.get(reverse("accounts:privacy_export")).content.decode()
    assert "别人的街" not in text
    assert "stranger" not in text


def _delete(client, password=PASSWORD):
    return client.post(reverse("accounts:privacy_delete"), {"password": password})


def test_a_wrong_password_deletes_nothing(owner_client, world, english):
    response = _delete(owner_client, "not-my-password")
    assert response.status_code == 400
    assert "The password is not correct." in response.content.decode()
    assert User.objects.get(pk=world.owner.pk).is_active


def test_deleting_erases_personal_data_and_keeps_orders_anonymised(owner_client, world):
    world.order.status = OrderStatus.CANCELLED
    world.order.save(update_fields=["status"])
    Token.objects.create(user=world.owner)
    totals = {world.order.number: world.order.total, world.delivered.number: world.delivered.total}

    response = _delete(owner_client)

    assert response.status_code == 302
    user = User.objects.get(pk=world.owner.pk)
    assert (user.username, user.email, user.phone) == (f"deleted-{user.pk}", None, "")
    assert not user.is_active
    assert not user.has_usable_password()
    assert not Address.objects.filter(user=user).exists()
    assert not Review.objects.filter(pk=world.review.pk).exists()
    assert not WishlistItem.objects.filter(user=user).exists()
    assert not Feedback.objects.filter(user=user).exists()
    assert not Cart.objects.filter(user=user).exists()
    assert not Token.objects.filter(user=user).exists()
    for order in Order.objects.filter(number__in=totals):
        assert order.user_id is None
        assert order.total == totals[order.number]
        assert (order.recipient, order.street, order.phone, order.email) == (
            privacy.ERASED,
            privacy.ERASED,
            "",
            "",
        )
        assert order.lines.exists()


def test_after_deletion_the_user_cannot_log_in_and_is_logged_out(owner_client, world):
    world.order.status = OrderStatus.CANCELLED
    world.order.save(update_fields=["status"])
    _delete(owner_client)
    assert owner_client.get(reverse("accounts:profile")).status_code == 302
    for name in ("owner", "owner@example.com", f"deleted-{world.owner.pk}"):
        response = owner_client.post(
            reverse("accounts:login"), {"username": name, "password": PASSWORD}
        )
        assert response.status_code == 200
        assert "_auth_user_id" not in owner_client.session


def test_other_sessions_of_the_user_end_too(client, world):
    world.order.status = OrderStatus.CANCELLED
    world.order.save(update_fields=["status"])
    elsewhere = type(client)()
    elsewhere.force_login(world.owner)
    client.force_login(world.owner)
    _delete(client)
    assert elsewhere.get(reverse("accounts:profile")).status_code == 302


def test_an_order_still_on_its_way_keeps_the_account_open(owner_client, world, english):
    response = _delete(owner_client)
    assert response.status_code == 400
    assert "orders that are not finished yet" in response.content.decode()
    assert User.objects.get(pk=world.owner.pk).is_active
    assert Address.objects.filter(user=world.owner).exists()


def test_a_staff_account_is_not_closed_from_the_page(client, english):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    response = _delete(client)
    assert response.status_code == 400
    assert User.objects.get(pk=staff.pk).is_active
