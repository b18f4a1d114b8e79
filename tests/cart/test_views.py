import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cart.models import Cart, CartLine
from cart.selectors import CART_SESSION_KEY
from tests.factories import (
    PASSWORD,
    AttributeValueFactory,
    ProductFactory,
    ProductImageFactory,
    SKUFactory,
    StockFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _add(client, sku_id, quantity="1", follow=False, **extra):
    data = {"sku": sku_id, "quantity": quantity}
    data.update({key: value for key, value in extra.items() if not key.startswith("HTTP_")})
    headers = {key: value for key, value in extra.items() if key.startswith("HTTP_")}
    return client.post(reverse("cart:add"), data, follow=follow, **headers)


def _put(client, sku_id, quantity="1"):
    """Add to the cart and show the cart page, which consumes the success message."""
    _add(client, sku_id, quantity, follow=True)


def _units() -> dict[int, int]:
    return dict(CartLine.objects.values_list("sku_id", "quantity"))


class TestAdd:
    def test_guest_add_saves_a_cart_in_the_session(self, client, sku):
        response = _add(client, sku.pk, "2")
        assert response.status_code == 302
        assert response.url == reverse("cart:detail")
        assert _messages(response) == [f"Added 2 × {sku.product.name_en} to your cart."]
        cart = Cart.objects.get()
        assert cart.user is None
        assert client.session[CART_SESSION_KEY] == cart.pk
        assert _units() == {sku.pk: 2}

    def test_the_header_counts_the_units(self, client, sku):
        _put(client, sku.pk, "3")
        response = client.get(reverse("cart:detail"))
        assert response.context["cart_count"] == 3

    def test_redirects_to_a_safe_next(self, client, sku):
        product_url = sku.product.get_absolute_url()
        response = _add(client, sku.pk, next=product_url)
        assert response.url == product_url

    @pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/", "javascript:x"])
    def test_ignores_an_unsafe_next(self, client, sku, unsafe):
        response = _add(client, sku.pk, next=unsafe)
        assert response.url == reverse("cart:detail")

    def test_a_refusal_goes_back_to_next_too(self, client, sku):
        product_url = sku.product.get_absolute_url()
        response = _add(client, sku.pk, "9", next=product_url)
        assert response.url == product_url
        assert _messages(response) == ["Only 5 available."]

    @pytest.mark.parametrize(
        ("quantity", "message"),
        [
            ("0", "Choose a quantity of at least 1."),
            ("-1", "Choose a quantity of at least 1."),
            ("abc", "Enter the quantity as a whole number."),
            ("", "Enter a quantity."),
            ("1.5", "Enter the quantity as a whole number."),
            ("1e3", "Enter the quantity as a whole number."),
            ("9" * 5000, "Enter the quantity as a whole number."),
            (str(10**9), "You can have at most 99 of one item in your cart."),
            ("6", "Only 5 available."),
        ],
    )
    def test_bad_quantities_are_refused_and_change_nothing(self, client, sku, quantity, message):
        response = _add(client, sku.pk, quantity)
        assert response.status_code == 302
        assert _messages(response) == [message]
        assert not Cart.objects.exists()
        assert CART_SESSION_KEY not in client.session

    @pytest.mark.parametrize(
        ("sku_id", "message"),
        [
            ("987654", "This item does not exist."),
            ("abc", "This item does not exist."),
            ("-3", "This item does not exist."),
            ("9" * 30, "This item does not exist."),
            ("", "Choose an item."),
        ],
    )
    def test_bad_skus_are_refused(self, client, sku_id, message):
        response = _add(client, sku_id)
        assert _messages(response) == [message]
        assert not Cart.objects.exists()

    def test_a_missing_sku_field_is_refused(self, client):
        response = client.post(reverse("cart:add"), {"quantity": "1"})
        assert _messages(response) == ["Choose an item."]

    def test_a_sold_out_sku_is_refused(self, client):
        sku = StockFactory(on_hand=0).sku
        response = _add(client, sku.pk)
        assert _messages(response) == [f"{sku.product.name_en} is sold out."]
        assert not Cart.objects.exists()

    def test_an_inactive_sku_is_refused(self, client):
        sku = SKUFactory(stock=5, is_active=False)
        response = _add(client, sku.pk)
        assert _messages(response) == [f"{sku.product.name_en} is no longer sold."]

    def test_a_refusal_leaves_an_existing_line_alone(self, client, sku):
        _put(client, sku.pk, "4")
        response = _add(client, sku.pk, "2")
        assert _messages(response) == ["Only 5 available, and your cart already holds 4."]
        assert _units() == {sku.pk: 4}

    def test_htmx_gets_the_refreshed_count(self, client, sku):
        _put(client, sku.pk, "1")
        response = _add(client, sku.pk, "2", HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert '<span id="cart-count" class="cart-count">3</span>' in response.content.decode()
        assert "Added 2 ×" in response.content.decode()

    def test_htmx_refusal_keeps_the_count_and_says_why(self, client, sku):
        response = _add(client, sku.pk, "abc", HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        content = response.content.decode()
        assert '<span id="cart-count" class="cart-count">0</span>' in content
        assert "Enter the quantity as a whole number." in content

    def test_chinese_is_the_default_language(self, client):
        sku = SKUFactory(stock=5, product=ProductFactory(name_zh_hans="茶杯"))
        response = client.post("/cart/add/", {"sku": sku.pk, "quantity": "1"})
        assert response.url == "/cart/"
        assert _messages(response) == ["已将 1 件 茶杯 加入购物车。"]


class TestUpdate:
    def test_sets_the_quantity(self, client, sku):
        _put(client, sku.pk, "1")
        response = client.post(reverse("cart:update"), {"sku": sku.pk, "quantity": "4"})
        assert response.url == reverse("cart:detail")
        assert _messages(response) == ["Your cart was updated."]
        assert _units() == {sku.pk: 4}

    def test_zero_is_refused_and_keeps_the_line(self, client, sku):
        _put(client, sku.pk, "1")
        response = client.post(reverse("cart:update"), {"sku": sku.pk, "quantity": "0"})
        assert _messages(response) == ["Enter a quantity of at least 1, or remove the item."]
        assert _units() == {sku.pk: 1}

    @pytest.mark.parametrize(
        ("quantity", "message"),
        [
            ("-1", "Enter a quantity of at least 1, or remove the item."),
            ("abc", "Enter the quantity as a whole number."),
            ("", "Enter a quantity."),
            ("1.5", "Enter the quantity as a whole number."),
            (str(10**9), "You can have at most 99 of one item in your cart."),
            ("6", "Only 5 available."),
        ],
    )
    def test_bad_quantities_change_nothing(self, client, sku, quantity, message):
        _put(client, sku.pk, "2")
        response = client.post(reverse("cart:update"), {"sku": sku.pk, "quantity": quantity})
        assert response.url == reverse("cart:detail")
        assert _messages(response) == [message]
        assert _units() == {sku.pk: 2}

    @pytest.mark.parametrize("sku_id", ["abc", "987654", ""])
    def test_bad_skus_change_nothing(self, client, sku, sku_id):
        _put(client, sku.pk, "2")
        response = client.post(reverse("cart:update"), {"sku": sku_id, "quantity": "1"})
        assert len(_messages(response)) == 1
        assert _units() == {sku.pk: 2}

    def test_a_guest_without_cart_is_told_and_no_cart_is_made(self, client, sku):
        response = client.post(reverse("cart:update"), {"sku": sku.pk, "quantity": "1"})
        assert _messages(response) == ["This item is not in your cart."]
        assert not Cart.objects.exists()


class TestRemove:
    def test_removes_the_line(self, client, sku):
        _put(client, sku.pk, "1")
        response = client.post(reverse("cart:remove"), {"sku": sku.pk})
        assert response.url == reverse("cart:detail")
        assert _messages(response) == ["The item was removed from your cart."]
        assert _units() == {}

    @pytest.mark.parametrize(
        ("sku_id", "message"),
        [("abc", "This item does not exist."), ("987654", "This item is not in your cart.")],
    )
    def test_bad_skus_change_nothing(self, client, sku, sku_id, message):
        _put(client, sku.pk, "1")
        response = client.post(reverse("cart:remove"), {"sku": sku_id})
        assert _messages(response) == [message]
        assert _units() == {sku.pk: 1}

    def test_another_shoppers_line_is_out_of_reach(self, client, sku):
        _put(Client(), sku.pk, "1")
        response = client.post(reverse("cart:remove"), {"sku": sku.pk})
        assert _messages(response) == ["This item is not in your cart."]
        assert _units() == {sku.pk: 1}


class TestMethodsAndCsrf:
    @pytest.mark.parametrize("name", ["cart:add", "cart:update", "cart:remove"])
    def test_get_is_not_allowed(self, client, name):
        assert client.get(reverse(name)).status_code == 405

    def test_post_on_the_page_is_not_allowed(self, client):
        assert client.post(reverse("cart:detail")).status_code == 405

    @pytest.mark.parametrize("name", ["cart:add", "cart:update", "cart:remove"])
    def test_a_missing_csrf_token_is_forbidden(self, sku, name):
        client = Client(enforce_csrf_checks=True)
        response = client.post(reverse(name), {"sku": sku.pk, "quantity": "1"})
        assert response.status_code == 403
        assert not Cart.objects.exists()


class TestUserCart:
    def test_a_user_adds_to_their_own_cart(self, client, sku):
        user = UserFactory()
        client.force_login(user)
        _put(client, sku.pk, "2")
        assert Cart.objects.get().user == user
        assert CART_SESSION_KEY not in client.session
        assert client.get(reverse("cart:detail")).context["cart_count"] == 2

    def test_the_cart_follows_the_user_to_another_device(self, sku):
        user = UserFactory()
        phone, laptop = Client(), Client()
        phone.force_login(user)
        laptop.force_login(user)
        _put(phone, sku.pk, "1")
        response = laptop.get(reverse("cart:detail"))
        assert response.context["cart_count"] == 1
        assert [line.sku for line in response.context["cart"].lines] == [sku]

    def test_logging_out_leaves_the_guest_with_an_empty_cart(self, client, sku):
        client.force_login(UserFactory())
        _put(client, sku.pk, "1")
        client.post(reverse("accounts:logout"))
        assert client.get(reverse("cart:detail")).context["cart_count"] == 0


class TestMergeOnLogIn:
    def test_client_login_merges_the_guest_cart(self, client, sku):
        user = UserFactory()
        other = SKUFactory(stock=5)
        CartLine.objects.create(cart=Cart.objects.create(user=user), sku=sku, quantity=1)
        _put(client, sku.pk, "2")
        _put(client, other.pk, "1")
        guest = Cart.objects.get(user=None)

        assert client.login(username=user.username, password=PASSWORD)

        assert not Cart.objects.filter(pk=guest.pk).exists()
        assert dict(user.cart.lines.values_list("sku_id", "quantity")) == {sku.pk: 3, other.pk: 1}
        assert CART_SESSION_KEY not in client.session

    def test_the_login_view_merges_caps_and_says_so(self, client, sku):
        user = UserFactory()
        CartLine.objects.create(cart=Cart.objects.create(user=user), sku=sku, quantity=4)
        _put(client, sku.pk, "3")

        response = client.post(
            reverse("accounts:login"),
            {"username": user.username, "password": PASSWORD},
            follow=True,
        )

        assert response.context["user"] == user
        assert dict(user.cart.lines.values_list("sku_id", "quantity")) == {sku.pk: 5}
        assert (
            f"{sku.product.name_en}: your cart now holds 5, the most available (you had 7)."
            in response.content.decode()
        )
        assert response.context["cart_count"] == 5

    def test_force_login_without_guest_cart_creates_nothing(self, client):
        client.force_login(UserFactory())
        assert not Cart.objects.exists()


class TestPage:
    def test_empty_cart(self, client):
        response = client.get(reverse("cart:detail"))
        assert response.status_code == 200
        content = response.content.decode()
        assert "Your cart is empty." in content
        assert f'href="{reverse("catalog:home")}"' in content
        assert "Checkout" not in content

    def test_lines_options_prices_and_forms(self, client):
        colour = AttributeValueFactory(value_en="Red", attribute__name_en="Colour")
        sku = SKUFactory(stock=5, price="12.50", options=[colour])
        _put(client, sku.pk, "2")
        content = client.get(reverse("cart:detail")).content.decode()
        assert sku.product.name_en in content
        assert "Colour: Red" in content
        assert "¥12.50" in content
        assert "¥25.00" in content
        assert f'action="{reverse("cart:update")}"' in content
        assert f'action="{reverse("cart:remove")}"' in content
        assert 'name="quantity" value="2"' in content
        assert "img-placeholder" in content

    def test_the_product_name_follows_the_language(self, client):
        sku = SKUFactory(stock=5, product=ProductFactory(name_zh_hans="茶杯", name_en="Tea cup"))
        _put(client, sku.pk, "1")
        assert "茶杯" in client.get("/cart/").content.decode()
        assert "Tea cup" in client.get("/en/cart/").content.decode()

    def test_a_thumbnail_of_the_first_image(self, client, sku):
        ProductImageFactory(product=sku.product, position=1)
        _put(client, sku.pk, "1")
        content = client.get(reverse("cart:detail")).content.decode()
        assert '<img src="/media/cache/' in content

    def test_flags_sold_out_and_short_lines(self, client):
        short = SKUFactory(stock=5)
        gone = SKUFactory(stock=5)
        _put(client, short.pk, "4")
        _put(client, gone.pk, "1")
        short.stock.on_hand = 2
        short.stock.save()
        gone.stock.delete()
        content = client.get(reverse("cart:detail")).content.decode()
        assert "Some items in your cart need your attention." in content
        assert "Only 2 available: please lower the quantity." in content
        assert "Sold out: please remove it." in content

    @pytest.mark.parametrize("count", [2, 30])
    @pytest.mark.parametrize("shopper", ["guest", "user"])
    def test_queries_do_not_grow_with_lines(
        self, client, count, shopper, django_assert_max_num_queries
    ):
        if shopper == "user":
            user = UserFactory()
            client.force_login(user)
            cart = Cart.objects.create(user=user)
        else:
            cart = Cart.objects.create()
            session = client.session
            session[CART_SESSION_KEY] = cart.pk
            session.save()
        # Measure the layout with an empty cart, so the bound ignores queries of the header.
        with CaptureQueriesContext(connection) as empty_page:
            client.get(reverse("cart:detail"))
        # Pricing adds a fixed cost: the items (SKUs, tags, category paths), the usage so far,
        # the applied promotions' names, the codes and the gifts; a user adds customer facts.
        bound = len(empty_page) + 1 + 7 + (3 if shopper == "user" else 0)
        for _ in range(count):
            sku = SKUFactory(stock=5, options=[AttributeValueFactory()])
            ProductImageFactory(product=sku.product)
            CartLine.objects.create(cart=cart, sku=sku, quantity=1)
        client.get(reverse("cart:detail"))  # warms the thumbnail cache
        # The lines' options take one more query, however many lines there are.
        with django_assert_max_num_queries(bound):
            response = client.get(reverse("cart:detail"))
        assert len(response.context["cart"].lines) == count
