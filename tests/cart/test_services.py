import pytest

from cart.models import Cart, CartLine
from cart.services import (
    CartError,
    cart_add,
    cart_merge,
    cart_remove,
    cart_set_quantity,
)
from tests.factories import ProductFactory, SKUFactory, StockFactory, UserFactory

pytestmark = pytest.mark.django_db


def _lines(cart: Cart) -> dict[int, int]:
    return dict(CartLine.objects.filter(cart=cart).values_list("sku_id", "quantity"))


def _refusal(code: str, func, **kwargs) -> CartError:
    with pytest.raises(CartError) as caught:
        func(**kwargs)
    assert caught.value.code == code
    return caught.value


@pytest.fixture
def cart():
    return Cart.objects.create()


class TestAdd:
    def test_new_guest_cart_is_saved_with_its_first_line(self, sku):
        cart = Cart()
        line = cart_add(cart=cart, sku_id=sku.pk, quantity=2)
        assert cart.pk is not None
        assert line.cart_id == cart.pk
        assert _lines(cart) == {sku.pk: 2}

    def test_new_user_cart_joins_the_cart_the_user_already_has(self, sku):
        user = UserFactory()
        existing = Cart.objects.create(user=user)
        line = cart_add(cart=Cart(user=user), sku_id=sku.pk, quantity=1)
        assert line.cart_id == existing.pk
        assert Cart.objects.count() == 1

    def test_adding_again_adds_up(self, cart, sku):
        cart_add(cart=cart, sku_id=sku.pk, quantity=2)
        cart_add(cart=cart, sku_id=sku.pk, quantity=3)
        assert _lines(cart) == {sku.pk: 5}

    @pytest.mark.parametrize("quantity", [0, -1])
    def test_refuses_a_quantity_below_one(self, cart, sku, quantity):
        _refusal("invalid_quantity", cart_add, cart=cart, sku_id=sku.pk, quantity=quantity)
        assert _lines(cart) == {}

    def test_refuses_an_unknown_sku(self, cart, db):
        error = _refusal("unknown_sku", cart_add, cart=cart, sku_id=987654, quantity=1)
        assert error.messages == ["This item does not exist."]

    def test_refuses_an_inactive_sku(self, cart):
        sku = SKUFactory(stock=5, is_active=False)
        _refusal("unavailable", cart_add, cart=cart, sku_id=sku.pk, quantity=1)

    def test_refuses_a_sku_of_an_inactive_product(self, cart):
        sku = SKUFactory(stock=5, product=ProductFactory(is_active=False))
        _refusal("unavailable", cart_add, cart=cart, sku_id=sku.pk, quantity=1)

    def test_refuses_a_sku_without_stock_row(self, cart):
        sku = SKUFactory()
        _refusal("sold_out", cart_add, cart=cart, sku_id=sku.pk, quantity=1)

    def test_refuses_a_sku_whose_units_are_all_reserved(self, cart):
        sku = StockFactory(on_hand=3, reserved=3).sku
        error = _refusal("sold_out", cart_add, cart=cart, sku_id=sku.pk, quantity=1)
        assert error.messages == [f"{sku.product.name_en} is sold out."]

    def test_refuses_more_than_available_without_clamping(self, cart, sku):
        error = _refusal("insufficient_stock", cart_add, cart=cart, sku_id=sku.pk, quantity=6)
        assert error.messages == ["Only 5 available."]
        assert _lines(cart) == {}

    def test_counts_what_the_cart_already_holds(self, cart, sku):
        cart_add(cart=cart, sku_id=sku.pk, quantity=4)
        error = _refusal("insufficient_stock", cart_add, cart=cart, sku_id=sku.pk, quantity=2)
        assert error.messages == ["Only 5 available, and your cart already holds 4."]
        assert _lines(cart) == {sku.pk: 4}

    def test_refuses_more_than_the_line_cap(self, cart, settings):
        sku = SKUFactory(stock=500)
        cart_add(cart=cart, sku_id=sku.pk, quantity=98)
        error = _refusal("max_quantity", cart_add, cart=cart, sku_id=sku.pk, quantity=2)
        assert error.messages == ["You can have at most 99 of one item in your cart."]
        assert _lines(cart) == {sku.pk: 98}

    def test_a_refused_first_add_saves_no_cart(self, sku):
        cart = Cart()
        _refusal("insufficient_stock", cart_add, cart=cart, sku_id=sku.pk, quantity=9)
        assert not Cart.objects.exists()


class TestSetQuantity:
    def test_sets_the_quantity(self, cart, sku):
        cart_add(cart=cart, sku_id=sku.pk, quantity=1)
        line = cart_set_quantity(cart=cart, sku_id=sku.pk, quantity=4)
        assert line.quantity == 4
        assert _lines(cart) == {sku.pk: 4}

    def test_refuses_zero_and_keeps_the_line(self, cart, sku):
        cart_add(cart=cart, sku_id=sku.pk, quantity=1)
        _refusal("invalid_quantity", cart_set_quantity, cart=cart, sku_id=sku.pk, quantity=0)
        assert _lines(cart) == {sku.pk: 1}

    def test_refuses_a_negative_quantity(self, cart, sku):
        cart_add(cart=cart, sku_id=sku.pk, quantity=1)
        _refusal("invalid_quantity", cart_set_quantity, cart=cart, sku_id=sku.pk, quantity=-1)
        assert _lines(cart) == {sku.pk: 1}

    def test_refuses_more_than_available(self, cart, sku):
        cart_add(cart=cart, sku_id=sku.pk, quantity=1)
        error = _refusal(
            "insufficient_stock", cart_set_quantity, cart=cart, sku_id=sku.pk, quantity=6
        )
        assert error.messages == ["Only 5 available."]
        assert _lines(cart) == {sku.pk: 1}

    def test_refuses_more_than_the_line_cap(self, cart):
        sku = SKUFactory(stock=500)
        cart_add(cart=cart, sku_id=sku.pk, quantity=1)
        _refusal("max_quantity", cart_set_quantity, cart=cart, sku_id=sku.pk, quantity=10**9)
        assert _lines(cart) == {sku.pk: 1}

    def test_refuses_to_raise_a_line_that_became_unavailable(self, cart, sku):
        cart_add(cart=cart, sku_id=sku.pk, quantity=1)
        sku.is_active = False
        sku.save()
        _refusal("unavailable", cart_set_quantity, cart=cart, sku_id=sku.pk, quantity=2)
        assert _lines(cart) == {sku.pk: 1}

    def test_refuses_a_sku_not_in_the_cart(self, cart, sku):
        _refusal("not_in_cart", cart_set_quantity, cart=cart, sku_id=sku.pk, quantity=1)

    def test_refuses_on_an_unsaved_cart_without_saving_it(self, sku):
        _refusal("not_in_cart", cart_set_quantity, cart=Cart(), sku_id=sku.pk, quantity=1)
        assert not Cart.objects.exists()


class TestRemove:
    def test_removes_the_line(self, cart, sku):
        other = SKUFactory(stock=5)
        cart_add(cart=cart, sku_id=sku.pk, quantity=1)
        cart_add(cart=cart, sku_id=other.pk, quantity=1)
        cart_remove(cart=cart, sku_id=sku.pk)
        assert _lines(cart) == {other.pk: 1}

    def test_refuses_a_sku_not_in_the_cart(self, cart, sku):
        error = _refusal("not_in_cart", cart_remove, cart=cart, sku_id=sku.pk)
        assert error.messages == ["This item is not in your cart."]


class TestMerge:
    @pytest.fixture
    def carts(self):
        return Cart.objects.create(), Cart.objects.create(user=UserFactory())

    def test_moves_lines_adds_quantities_and_deletes_the_guest_cart(self, carts, sku):
        guest, target = carts
        other = SKUFactory(stock=5)
        cart_add(cart=guest, sku_id=sku.pk, quantity=2)
        cart_add(cart=guest, sku_id=other.pk, quantity=1)
        cart_add(cart=target, sku_id=sku.pk, quantity=1)
        assert cart_merge(source=guest, target=target) == []
        assert _lines(target) == {sku.pk: 3, other.pk: 1}
        assert not Cart.objects.filter(pk=guest.pk).exists()

    def test_caps_by_available_stock_and_reports_it(self, carts, sku):
        guest, target = carts
        cart_add(cart=guest, sku_id=sku.pk, quantity=4)
        cart_add(cart=target, sku_id=sku.pk, quantity=3)
        [adjustment] = cart_merge(source=guest, target=target)
        assert (adjustment.sku, adjustment.requested, adjustment.quantity) == (sku, 7, 5)
        assert _lines(target) == {sku.pk: 5}

    def test_caps_by_the_line_limit(self, carts):
        guest, target = carts
        sku = SKUFactory(stock=500)
        cart_add(cart=guest, sku_id=sku.pk, quantity=60)
        cart_add(cart=target, sku_id=sku.pk, quantity=50)
        [adjustment] = cart_merge(source=guest, target=target)
        assert adjustment.quantity == 99
        assert _lines(target) == {sku.pk: 99}

    def test_drops_a_sold_out_guest_line_and_keeps_the_users_own(self, carts, sku):
        guest, target = carts
        gone = SKUFactory(stock=5)
        cart_add(cart=guest, sku_id=gone.pk, quantity=2)
        cart_add(cart=guest, sku_id=sku.pk, quantity=1)
        cart_add(cart=target, sku_id=gone.pk, quantity=1)
        gone.stock.delete()
        [adjustment] = cart_merge(source=guest, target=target)
        assert (adjustment.sku, adjustment.quantity) == (gone, 0)
        assert _lines(target) == {gone.pk: 1, sku.pk: 1}

    def test_drops_an_inactive_guest_line(self, carts, sku):
        guest, target = carts
        cart_add(cart=guest, sku_id=sku.pk, quantity=1)
        sku.product.is_active = False
        sku.product.save()
        [adjustment] = cart_merge(source=guest, target=target)
        assert adjustment.quantity == 0
        assert _lines(target) == {}

    def test_saves_a_new_user_cart(self, sku):
        guest = Cart.objects.create()
        cart_add(cart=guest, sku_id=sku.pk, quantity=1)
        user = UserFactory()
        cart_merge(source=guest, target=Cart(user=user))
        assert _lines(Cart.objects.get(user=user)) == {sku.pk: 1}

    def test_an_empty_guest_cart_is_deleted_without_creating_a_user_cart(self):
        guest = Cart.objects.create()
        cart_merge(source=guest, target=Cart(user=UserFactory()))
        assert not Cart.objects.exists()
