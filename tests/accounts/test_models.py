import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.models import Address, User
from tests.factories import AddressFactory, UserFactory

pytestmark = pytest.mark.django_db


def _address(**overrides) -> Address:
    fields = {
        "user": UserFactory(),
        "recipient": "张三",
        "phone": "13800138000",
        "country": "CN",
        "province": "上海市",
        "city": "上海市",
        "district": "浦东新区",
        "street": "世纪大道 100 号",
        "postcode": "200120",
    } | overrides
    return Address(**fields)


def _errors(address: Address) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as excinfo:
        address.full_clean()
    return excinfo.value.message_dict


class TestUser:
    def test_users_without_email_do_not_clash(self):
        User.objects.create_user("a")
        User.objects.create_user("b", email="")
        assert list(User.objects.values_list("email", flat=True)) == [None, None]

    def test_clean_stores_a_blank_email_as_null(self):
        user = UserFactory(email="x@example.com")
        user.email = ""
        user.full_clean()
        assert user.email is None

    def test_email_domain_is_lowercased(self):
        user = User.objects.create_user("a", email="Li.Hua@Example.COM")
        assert user.email == "Li.Hua@example.com"

    def test_email_must_be_unique_whatever_its_case(self):
        UserFactory(email="lihua@example.com")
        user = UserFactory.build(username="other", email="LiHua@example.com")
        user.set_password("x")
        with pytest.raises(ValidationError) as excinfo:
            user.full_clean()
        assert "email" in excinfo.value.message_dict

    def test_database_refuses_an_email_differing_only_in_case(self):
        UserFactory(email="lihua@example.com")
        with pytest.raises(IntegrityError):
            User.objects.create(username="other", email="LIHUA@example.com")

    def test_profile_phone_accepts_chinese_and_international_numbers(self):
        user = UserFactory()
        for phone in ("13800138000", "+44 20 7946 0958", "010-12345678"):
            user.phone = phone
            user.full_clean()

    def test_profile_phone_rejects_garbage(self):
        user = UserFactory()
        user.phone = "call me"
        with pytest.raises(ValidationError) as excinfo:
            user.full_clean()
        assert "phone" in excinfo.value.message_dict


class TestAddressValidation:
    @pytest.mark.parametrize(
        "phone",
        [
            "13800138000",
            "199 1234 5678",
            "138-0013-8000",
            "+86 13800138000",
            "010-12345678",
            "0755-1234567",
            "(021)87654321",
            "010-12345678-123",
        ],
    )
    def test_chinese_phone_formats_pass(self, phone):
        _address(phone=phone).full_clean()

    @pytest.mark.parametrize(
        "phone", ["12800138000", "1380013800", "138001380001", "+1 212 555 0100", "12345", "abc"]
    )
    def test_other_numbers_fail_in_china(self, phone):
        assert "phone" in _errors(_address(phone=phone))

    @pytest.mark.parametrize("phone", ["+1 212 555 0100", "+81-3-1234-5678", "+4930123456"])
    def test_international_numbers_pass_abroad(self, phone):
        _address(country="US", phone=phone, district="", postcode="10001").full_clean()

    @pytest.mark.parametrize("phone", ["212 555 0100", "13800138000", "+1", "+1 (212) 555"])
    def test_numbers_without_plus_fail_abroad(self, phone):
        assert "phone" in _errors(_address(country="US", phone=phone))

    @pytest.mark.parametrize("postcode", ["20012", "2001200", "SW1A 1AA"])
    def test_chinese_postcode_has_six_digits(self, postcode):
        assert "postcode" in _errors(_address(postcode=postcode))

    def test_postcode_is_optional(self):
        _address(postcode="").full_clean()

    def test_foreign_postcode_is_free_form(self):
        _address(country="GB", phone="+44 20 7946 0958", postcode="SW1A 1AA").full_clean()

    def test_district_is_required_in_china_only(self):
        assert "district" in _errors(_address(district=""))
        _address(country="JP", phone="+81 3 1234 5678", district="").full_clean()

    def test_all_errors_are_reported_at_once(self):
        errors = _errors(_address(phone="1", postcode="1", district=""))
        assert {"phone", "postcode", "district"} <= errors.keys()


class TestAddressConstraint:
    def test_one_default_per_user_in_the_database(self):
        address = AddressFactory(is_default=True)
        with pytest.raises(IntegrityError):
            AddressFactory(user=address.user, is_default=True)

    def test_other_users_have_their_own_default(self):
        AddressFactory(is_default=True)
        AddressFactory(is_default=True)
        assert Address.objects.filter(is_default=True).count() == 2
