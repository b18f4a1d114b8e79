import pytest
from django.core.exceptions import ValidationError

from accounts import services
from accounts.models import Address, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DATA = {
    "recipient": "王芳",
    "phone": "13912345678",
    "country": "CN",
    "province": "浙江省",
    "city": "杭州市",
    "district": "西湖区",
    "street": "文三路 1 号",
    "postcode": "310000",
}


def _create(user, **kwargs):
    return services.address_create(user=user, data=DATA, **kwargs)


def _defaults(user) -> list[int]:
    return list(Address.objects.filter(user=user, is_default=True).values_list("pk", flat=True))


class TestUserServices:
    def test_user_create_hashes_the_password(self):
        user = services.user_create(
            username="wang", email="wang@example.com", password="s3cret-pw!"
        )
        assert user.check_password("s3cret-pw!")
        assert not user.is_staff

    def test_user_create_refuses_a_taken_email(self):
        UserFactory(email="wang@example.com")
        with pytest.raises(ValidationError):
            services.user_create(username="wang", email="WANG@example.com", password="s3cret-pw!")
        assert not User.objects.filter(username="wang").exists()

    def test_user_update_changes_the_profile_fields_only(self):
        user = UserFactory(username="wang")
        services.user_update(
            user=user,
            data={"first_name": "芳", "last_name": "王", "email": "f@example.com", "phone": ""},
        )
        user.refresh_from_db()
        assert (user.first_name, user.last_name, user.email) == ("芳", "王", "f@example.com")
        assert user.username == "wang"

    def test_demo_merchant_is_created_once(self):
        first = services.demo_merchant_ensure(username="merchant", password="merchant-demo")
        second = services.demo_merchant_ensure(username="merchant", password="merchant-demo")
        assert first == second
        assert first.is_staff
        assert first.is_superuser
        assert first.check_password("merchant-demo")


class TestAddressDefaults:
    def test_first_address_becomes_default(self):
        user = UserFactory()
        first = _create(user)
        second = _create(user)
        assert _defaults(user) == [first.pk]
        assert not second.is_default

    def test_create_can_take_over_the_default(self):
        user = UserFactory()
        _create(user)
        second = _create(user, make_default=True)
        assert _defaults(user) == [second.pk]

    def test_set_default_moves_the_flag(self):
        user = UserFactory()
        _create(user)
        second = _create(user)
        services.address_set_default(address=second)
        assert _defaults(user) == [second.pk]

    def test_set_default_on_the_default_keeps_it(self):
        user = UserFactory()
        first = _create(user)
        services.address_set_default(address=first)
        assert _defaults(user) == [first.pk]

    def test_update_with_make_default(self):
        user = UserFactory()
        _create(user)
        second = _create(user)
        services.address_update(address=second, data={"city": "宁波市"}, make_default=True)
        second.refresh_from_db()
        assert second.city == "宁波市"
        assert _defaults(user) == [second.pk]

    def test_update_with_a_stale_instance_keeps_one_default(self):
        user = UserFactory()
        first = _create(user)
        stale = Address.objects.get(pk=first.pk)
        second = _create(user)
        services.address_set_default(address=second)
        services.address_update(address=stale, data={"city": "宁波市"})
        assert _defaults(user) == [second.pk]

    def test_deleting_the_default_promotes_the_newest_remaining(self):
        user = UserFactory()
        default = _create(user)
        _older = _create(user)
        newest = _create(user)
        services.address_delete(address=default)
        assert _defaults(user) == [newest.pk]

    def test_deleting_another_address_keeps_the_default(self):
        user = UserFactory()
        default = _create(user)
        other = _create(user)
        services.address_delete(address=other)
        assert _defaults(user) == [default.pk]

    def test_deleting_the_last_address_leaves_none(self):
        user = UserFactory()
        services.address_delete(address=_create(user))
        assert not Address.objects.filter(user=user).exists()

    def test_defaults_are_per_user(self):
        alice, bob = UserFactory(), UserFactory()
        a = _create(alice)
        b = _create(bob)
        assert _defaults(alice) == [a.pk]
        assert _defaults(bob) == [b.pk]

    def test_invalid_data_writes_nothing(self):
        user = UserFactory()
        _create(user)
        with pytest.raises(ValidationError):
            services.address_create(user=user, data=DATA | {"phone": "12"}, make_default=True)
        assert Address.objects.filter(user=user).count() == 1
        assert len(_defaults(user)) == 1

    def test_invalid_update_writes_nothing(self):
        user = UserFactory()
        address = _create(user)
        with pytest.raises(ValidationError):
            services.address_update(address=address, data={"postcode": "abc"})
        address.refresh_from_db()
        assert address.postcode == "310000"
