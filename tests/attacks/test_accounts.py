"""Double submits, races, extra fields and wrong methods against the account pages."""

import pytest
from django.contrib.auth import get_user
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from accounts import services
from accounts.models import Address, User
from tests.factories import AddressFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGN_UP = {
    "username": "newbie",
    "email": "newbie@example.com",
    "password1": "a-long-pass-phrase",
    "password2": "a-long-pass-phrase",
}
ADDRESS = {
    "recipient": "张三",
    "phone": "13800138000",
    "country": "CN",
    "province": "北京市",
    "city": "北京市",
    "district": "朝阳区",
    "street": "建国路 1 号",
    "postcode": "100000",
}


@pytest.fixture
def user():
    return UserFactory(username="lihua", email="lihua@example.com")


@pytest.fixture
def user_browser(browser, user):
    browser.force_login(user)
    return browser


def _after_a_concurrent_request(monkeypatch, name, before):
    """Run `before` between the form's checks and the service, as a faster request would."""
    service = getattr(services, name)

    def late(**kwargs):
        before()
        return service(**kwargs)

    monkeypatch.setattr(services, name, late)


def _first_check_misses_the_concurrent_row(monkeypatch):
    """Let the first full_clean() pass, as it does before a concurrent request commits."""
    full_clean = User.full_clean
    calls = iter([False])

    def late_full_clean(self, *args, **kwargs):
        if next(calls, True):
            full_clean(self, *args, **kwargs)

    monkeypatch.setattr(User, "full_clean", late_full_clean)


class TestDoubleSubmit:
    def test_a_second_sign_up_click_gets_a_form_error(self, browser, monkeypatch):
        _after_a_concurrent_request(
            monkeypatch,
            "user_create",
            lambda: UserFactory(username="newbie", email="newbie@example.com"),
        )

        response = browser.post(reverse("accounts:signup"), SIGN_UP)

        assert response.status_code == 200
        assert set(response.context["form"].errors) == {"username", "email"}
        assert User.objects.filter(username="newbie").count() == 1
        assert not get_user(browser).is_authenticated

    def test_a_profile_whose_address_was_just_taken_gets_a_form_error(
        self, user_browser, user, monkeypatch
    ):
        _after_a_concurrent_request(
            monkeypatch, "user_update", lambda: UserFactory(email="new@example.com")
        )

        response = user_browser.post(
            reverse("accounts:profile"),
            {"first_name": "Li", "last_name": "Hua", "email": "new@example.com", "phone": ""},
        )

        assert response.status_code == 200
        assert "email" in response.context["form"].errors
        user.refresh_from_db()
        assert (user.email, user.first_name) == ("lihua@example.com", "")

    def test_user_create_names_the_field_that_a_concurrent_sign_up_took(self, monkeypatch):
        UserFactory(username="taken", email="taken@example.com")
        _first_check_misses_the_concurrent_row(monkeypatch)

        with pytest.raises(ValidationError) as refusal:
            services.user_create(username="taken", email="other@example.com", password="pw")

        assert set(refusal.value.message_dict) == {"username"}

    def test_user_update_names_the_field_that_a_concurrent_change_took(self, user, monkeypatch):
        UserFactory(email="taken@example.com")
        _first_check_misses_the_concurrent_row(monkeypatch)

        with pytest.raises(ValidationError) as refusal:
            services.user_update(user=user, data={"email": "TAKEN@example.com"})

        assert set(refusal.value.message_dict) == {"email"}
        assert User.objects.get(pk=user.pk).email == "lihua@example.com"


class TestExtraFields:
    def test_sign_up_cannot_grant_privileges(self, browser):
        browser.post(
            reverse("accounts:signup"),
            SIGN_UP | {"is_staff": "on", "is_superuser": "on", "is_active": "", "id": "1"},
        )

        user = User.objects.get(username="newbie")
        assert (user.is_staff, user.is_superuser, user.is_active) == (False, False, True)

    def test_profile_cannot_rename_or_promote(self, user_browser, user):
        user_browser.post(
            reverse("accounts:profile"),
            {
                "email": "lihua@example.com",
                "username": "admin",
                "is_staff": "on",
                "is_superuser": "on",
                "password": "plain",
            },
        )

        user.refresh_from_db()
        assert (user.username, user.is_staff, user.is_superuser) == ("lihua", False, False)
        assert user.password != "plain"

    def test_an_address_cannot_be_given_to_another_user_or_forced_default(self, user_browser, user):
        other = UserFactory()
        theirs = AddressFactory(user=other, is_default=True)
        mine = AddressFactory(user=user, is_default=True)
        second = AddressFactory(user=user)

        user_browser.post(
            reverse("accounts:address_edit", args=[second.pk]),
            ADDRESS | {"user": other.pk, "is_default": "on", "id": theirs.pk},
        )
        user_browser.post(
            reverse("accounts:address_add"), ADDRESS | {"user": other.pk, "is_default": "on"}
        )

        assert list(Address.objects.filter(user=other)) == [theirs]
        assert Address.objects.get(user=user, is_default=True) == mine
        assert Address.objects.filter(user=user).count() == 3


@pytest.mark.parametrize("name", ["accounts:profile", "accounts:addresses", "accounts:address_add"])
@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_account_pages_refuse_other_methods(user_browser, name, method):
    assert getattr(user_browser, method)(reverse(name)).status_code == 405


@pytest.mark.parametrize("name", ["accounts:address_edit", "accounts:address_delete"])
@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_address_pages_refuse_other_methods_and_keep_the_address(user_browser, user, name, method):
    address = AddressFactory(user=user)

    response = getattr(user_browser, method)(reverse(name, args=[address.pk]))

    assert response.status_code == 405
    assert Address.objects.filter(pk=address.pk).exists()


@pytest.mark.parametrize(
    "pk", ["0", "9223372036854775807", "9223372036854775808", "99999999999999999999999"]
)
@pytest.mark.parametrize("action", ["edit", "delete", "default"])
def test_address_ids_out_of_range_are_404(user_browser, pk, action):
    response = user_browser.post(f"/en/accounts/addresses/{pk}/{action}/", ADDRESS)
    assert response.status_code == 404


def test_password_reset_does_not_tell_which_addresses_exist(browser, user):
    url = reverse("accounts:password_reset")

    known = browser.post(url, {"email": "LIHUA@example.com"})
    unknown = browser.post(url, {"email": "nobody@example.com"})

    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)


@pytest.mark.parametrize(
    "next_url",
    ["//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)"],
)
def test_log_in_never_leaves_the_shop(browser, user, next_url):
    response = browser.post(
        reverse("accounts:login"),
        {"username": "lihua", "password": "correct-horse-battery", "next": next_url},
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")


def test_a_username_cannot_pass_for_another_shoppers_email(browser, user):
    response = browser.post(reverse("accounts:signup"), SIGN_UP | {"username": user.email})

    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert not User.objects.filter(username=user.email).exists()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_logged_in_visitor_sent_back_to_the_log_in_page_lands_on_the_profile(
    user_browser, language
):
    with translation.override(language):
        login_url = reverse("accounts:login")
        profile_url = reverse("accounts:profile")

    response = user_browser.get(login_url, {"next": login_url})

    assert response.status_code == 302
    assert response.url == profile_url


def test_logging_in_with_next_back_to_the_log_in_page_lands_on_the_profile(browser, user):
    url = reverse("accounts:login")

    response = browser.post(
        url, {"username": "lihua", "password": "correct-horse-battery", "next": url}
    )

    assert response.url == reverse("accounts:profile")
