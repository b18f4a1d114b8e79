import re

import pytest
from django.contrib.auth import get_user
from django.core import mail
from django.urls import reverse
from django.utils import translation

from accounts.models import Address, User
from tests.factories import AddressFactory, UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = {
    "recipient": "李华",
    "phone": "13800138000",
    "country": "CN",
    "province": "北京市",
    "city": "北京市",
    "district": "朝阳区",
    "street": "建国路 88 号",
    "postcode": "100022",
}


def _logged_in(client) -> bool:
    return get_user(client).is_authenticated


class TestSignUp:
    url = reverse("accounts:signup")
    data = {
        "username": "newbie",
        "email": "newbie@example.com",
        "password1": "a-long-pass-phrase",
        "password2": "a-long-pass-phrase",
    }

    def test_form_renders(self, client):
        response = client.get(self.url)
        assert response.status_code == 200
        assert b'name="password2"' in response.content

    def test_sign_up_logs_in_and_goes_to_the_profile(self, client):
        response = client.post(self.url, self.data)
        assert response.status_code == 302
        assert response.url == reverse("accounts:profile")
        user = User.objects.get(username="newbie")
        assert user.email == "newbie@example.com"
        assert user.check_password("a-long-pass-phrase")
        assert get_user(client) == user

    def test_sign_up_goes_on_to_a_safe_next(self, client):
        response = client.post(self.url, self.data | {"next": "/cart/"})
        assert response.url == "/cart/"

    def test_sign_up_ignores_an_unsafe_next(self, client):
        response = client.post(self.url, self.data | {"next": "https://evil.example/"})
        assert response.url == reverse("accounts:profile")

    def test_email_is_required(self, client):
        response = client.post(self.url, self.data | {"email": ""})
        assert "email" in response.context["form"].errors
        assert not User.objects.exists()

    def test_taken_email_in_another_case_is_refused(self, client):
        UserFactory(email="newbie@example.com")
        response = client.post(self.url, self.data | {"email": "NewBie@example.com"})
        assert "email" in response.context["form"].errors
        assert not User.objects.filter(username="newbie").exists()

    def test_taken_username_in_another_case_is_refused(self, client):
        UserFactory(username="Newbie")
        response = client.post(self.url, self.data)
        assert "username" in response.context["form"].errors

    def test_passwords_must_match(self, client):
        response = client.post(self.url, self.data | {"password2": "something-else-1"})
        assert "password2" in response.context["form"].errors
        assert not User.objects.exists()

    def test_logged_in_user_is_sent_to_the_profile(self, user_client):
        response = user_client.get(self.url)
        assert response.url == reverse("accounts:profile")


class TestLogIn:
    url = reverse("accounts:login")

    def test_log_in_by_username(self, client, user, password):
        response = client.post(self.url, {"username": "lihua", "password": password})
        assert response.url == reverse("accounts:profile")
        assert get_user(client) == user

    @pytest.mark.parametrize("login", ["lihua@example.com", "LiHua@Example.com"])
    def test_log_in_by_email_in_any_case(self, client, user, password, login):
        client.post(self.url, {"username": login, "password": password})
        assert get_user(client) == user

    def test_username_stays_case_sensitive(self, client, user, password):
        response = client.post(self.url, {"username": "LIHUA", "password": password})
        assert response.status_code == 200
        assert not _logged_in(client)

    @pytest.mark.parametrize("login", ["lihua", "lihua@example.com"])
    def test_wrong_password_is_refused(self, client, user, login):
        response = client.post(self.url, {"username": login, "password": "wrong"})
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()
        assert not _logged_in(client)

    def test_inactive_user_cannot_log_in_by_email(self, client, password):
        UserFactory(email="gone@example.com", is_active=False)
        client.post(self.url, {"username": "gone@example.com", "password": password})
        assert not _logged_in(client)

    def test_safe_next_is_followed(self, client, user, password):
        response = client.post(
            self.url, {"username": "lihua", "password": password, "next": "/cart/"}
        )
        assert response.url == "/cart/"

    def test_unsafe_next_is_ignored(self, client, user, password):
        response = client.post(
            self.url, {"username": "lihua", "password": password, "next": "//evil.example/"}
        )
        assert response.url == reverse("accounts:profile")

    def test_english_page(self, client):
        with translation.override("en"):
            url = reverse("accounts:login")
        assert url == "/en/accounts/login/"
        response = client.get(url)
        assert b"Username or email" in response.content


class TestLogOut:
    url = reverse("accounts:logout")

    def test_post_logs_out(self, user_client):
        response = user_client.post(self.url)
        assert response.status_code == 302
        assert response.url == reverse("catalog:home")
        assert not _logged_in(user_client)

    def test_get_is_not_allowed(self, user_client):
        assert user_client.get(self.url).status_code == 405
        assert _logged_in(user_client)


class TestProfile:
    url = reverse("accounts:profile")

    def test_anonymous_is_sent_to_log_in(self, client):
        response = client.get(self.url)
        assert response.url == f"{reverse('accounts:login')}?next={self.url}"

    def test_shows_the_links(self, user_client):
        response = user_client.get(self.url)
        content = response.content.decode()
        for name in ("accounts:addresses", "accounts:password_change", "accounts:logout"):
            assert f'"{reverse(name)}"' in content

    def test_edit(self, user_client, user):
        response = user_client.post(
            self.url,
            {
                "first_name": "华",
                "last_name": "李",
                "email": "new@example.com",
                "phone": "13900000000",
            },
        )
        assert response.url == self.url
        user.refresh_from_db()
        assert (user.first_name, user.last_name) == ("华", "李")
        assert (user.email, user.phone) == ("new@example.com", "13900000000")

    def test_invalid_edit_writes_nothing(self, user_client, user):
        UserFactory(email="taken@example.com")
        response = user_client.post(
            self.url, {"first_name": "x", "email": "TAKEN@example.com", "phone": "nope"}
        )
        assert response.status_code == 200
        assert {"email", "phone"} <= response.context["form"].errors.keys()
        user.refresh_from_db()
        assert (user.first_name, user.email, user.phone) == ("", "lihua@example.com", "")


class TestPasswords:
    def test_change(self, user_client, user, password):
        response = user_client.post(
            reverse("accounts:password_change"),
            {
                "old_password": password,
                "new_password1": "another-long-phrase",
                "new_password2": "another-long-phrase",
            },
        )
        assert response.url == reverse("accounts:password_change_done")
        user.refresh_from_db()
        assert user.check_password("another-long-phrase")
        assert _logged_in(user_client)

    def test_change_needs_log_in(self, client):
        response = client.get(reverse("accounts:password_change"))
        assert response.url.startswith(reverse("accounts:login"))

    def test_reset_by_email(self, client, user):
        response = client.post(reverse("accounts:password_reset"), {"email": "LIHUA@example.com"})
        assert response.url == reverse("accounts:password_reset_done")
        assert len(mail.outbox) == 1
        link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)

        form_url = client.get(link).url
        response = client.post(
            form_url, {"new_password1": "brand-new-phrase", "new_password2": "brand-new-phrase"}
        )
        assert response.url == reverse("accounts:password_reset_complete")
        user.refresh_from_db()
        assert user.check_password("brand-new-phrase")

    def test_reset_for_an_unknown_address_sends_nothing(self, client):
        response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
        assert response.url == reverse("accounts:password_reset_done")
        assert mail.outbox == []

    def test_reset_with_a_bad_link(self, client):
        url = reverse("accounts:password_reset_confirm", args=["bad", "link"])
        response = client.get(url)
        assert response.status_code == 200
        assert not response.context["validlink"]


class TestAddressBook:
    def test_list_shows_only_own_addresses(self, user_client, user, django_assert_max_num_queries):
        AddressFactory.create_batch(3, user=user, recipient="自己的收件人")
        AddressFactory(recipient="别人的")
        with django_assert_max_num_queries(6):
            response = user_client.get(reverse("accounts:addresses"))
        content = response.content.decode()
        assert content.count("自己的收件人") == 3
        assert "别人的" not in content

    def test_add_first_address_becomes_default(self, user_client, user):
        response = user_client.post(reverse("accounts:address_add"), ADDRESS)
        assert response.url == reverse("accounts:addresses")
        address = Address.objects.get(user=user)
        assert address.is_default
        assert address.district == "朝阳区"

    def test_add_as_default(self, user_client, user):
        old = AddressFactory(user=user, is_default=True)
        user_client.post(reverse("accounts:address_add"), ADDRESS | {"make_default": "on"})
        old.refresh_from_db()
        assert not old.is_default
        assert Address.objects.get(user=user, is_default=True).recipient == "李华"

    def test_add_abroad(self, user_client, user):
        data = ADDRESS | {
            "country": "US",
            "phone": "+1 212-555-0100",
            "district": "",
            "postcode": "10001",
        }
        response = user_client.post(reverse("accounts:address_add"), data)
        assert response.status_code == 302
        assert Address.objects.get(user=user).country == "US"

    def test_malformed_address_gets_field_errors_and_writes_nothing(self, user_client):
        data = ADDRESS | {"phone": "12345", "postcode": "1000", "district": "", "street": ""}
        response = user_client.post(reverse("accounts:address_add"), data)
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert {"phone", "postcode", "district", "street"} <= errors.keys()
        assert b'class="errorlist' in response.content
        assert not Address.objects.exists()

    def test_unknown_country_is_a_field_error(self, user_client):
        response = user_client.post(reverse("accounts:address_add"), ADDRESS | {"country": "ZZ"})
        assert "country" in response.context["form"].errors
        assert not Address.objects.exists()

    def test_errors_in_english(self, user_client):
        with translation.override("en"):
            url = reverse("accounts:address_add")
        response = user_client.post(url, ADDRESS | {"phone": "12345", "district": ""})
        assert b"Enter a mainland mobile number" in response.content
        assert b"Enter the district: it is required for addresses in China." in response.content

    def test_form_lists_fields_in_chinese_order(self, user_client):
        form = user_client.get(reverse("accounts:address_add")).context["form"]
        assert list(form.fields)[:8] == list(ADDRESS)

    def test_edit(self, user_client, user):
        address = AddressFactory(user=user, is_default=True)
        response = user_client.post(
            reverse("accounts:address_edit", args=[address.pk]), ADDRESS | {"city": "天津市"}
        )
        assert response.url == reverse("accounts:addresses")
        address.refresh_from_db()
        assert address.city == "天津市"
        assert address.is_default

    def test_invalid_edit_writes_nothing(self, user_client, user):
        address = AddressFactory(user=user)
        response = user_client.post(
            reverse("accounts:address_edit", args=[address.pk]), ADDRESS | {"phone": "x"}
        )
        assert "phone" in response.context["form"].errors
        address.refresh_from_db()
        assert address.phone == "13800138000"

    def test_edit_form_of_the_default_offers_no_default_box(self, user_client, user):
        address = AddressFactory(user=user, is_default=True)
        form = user_client.get(reverse("accounts:address_edit", args=[address.pk])).context["form"]
        assert "make_default" not in form.fields

    def test_delete_asks_then_deletes_and_promotes(self, user_client, user):
        default = AddressFactory(user=user, is_default=True)
        other = AddressFactory(user=user)
        url = reverse("accounts:address_delete", args=[default.pk])
        assert user_client.get(url).status_code == 200
        assert Address.objects.filter(pk=default.pk).exists()
        response = user_client.post(url)
        assert response.url == reverse("accounts:addresses")
        assert list(Address.objects.filter(user=user)) == [other]
        other.refresh_from_db()
        assert other.is_default

    def test_set_default(self, user_client, user):
        default = AddressFactory(user=user, is_default=True)
        other = AddressFactory(user=user)
        response = user_client.post(reverse("accounts:address_default", args=[other.pk]))
        assert response.url == reverse("accounts:addresses")
        default.refresh_from_db()
        other.refresh_from_db()
        assert (default.is_default, other.is_default) == (False, True)

    def test_set_default_needs_post(self, user_client, user):
        address = AddressFactory(user=user)
        response = user_client.get(reverse("accounts:address_default", args=[address.pk]))
        assert response.status_code == 405


class TestOtherUsersAddress:
    @pytest.fixture
    def theirs(self, db):
        return AddressFactory(user=UserFactory(), is_default=True, city="原城市")

    @pytest.mark.parametrize(
        ("name", "method"),
        [
            ("accounts:address_edit", "get"),
            ("accounts:address_edit", "post"),
            ("accounts:address_delete", "get"),
            ("accounts:address_delete", "post"),
            ("accounts:address_default", "post"),
        ],
    )
    def test_gives_404_and_changes_nothing(self, user_client, user, theirs, name, method):
        AddressFactory(user=user, is_default=True)
        response = getattr(user_client, method)(
            reverse(name, args=[theirs.pk]), ADDRESS | {"city": "改了"}
        )
        assert response.status_code == 404
        theirs.refresh_from_db()
        assert (theirs.city, theirs.is_default) == ("原城市", True)
        assert Address.objects.filter(is_default=True).count() == 2

    def test_unknown_id_gives_404(self, user_client):
        assert user_client.get(reverse("accounts:address_edit", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("accounts:addresses", []),
        ("accounts:address_add", []),
        ("accounts:address_edit", [1]),
        ("accounts:address_delete", [1]),
        ("accounts:address_default", [1]),
    ],
)
def test_anonymous_is_sent_to_log_in(client, name, args):
    url = reverse(name, args=args)
    response = client.post(url) if name == "accounts:address_default" else client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={url}"
