"""Log-in lockout after repeated failures (django-axes), and Argon2 password hashing."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
from django.urls import reverse

from accounts.models import User
from shop import settings as shop_settings
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LIMIT = shop_settings.AXES_FAILURE_LIMIT


@pytest.fixture
def shopper(db):
    return UserFactory(username="lihua", email="lihua@example.com")


def _log_in(client, username, password, ip="203.0.113.7", url=None):
    return client.post(
        url or reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def _fail(client, username, times=LIMIT, **kwargs):
    for _attempt in range(times):
        _log_in(client, username, "wrong-password", **kwargs)


def test_the_settings_lock_five_failures_out_for_fifteen_minutes():
    assert LIMIT == 5
    assert shop_settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert shop_settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert shop_settings.AUTHENTICATION_BACKENDS[0] == "shop.security.LockoutBackend"


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client, shopper):
    _fail(client, "lihua", times=LIMIT - 1)
    assert _log_in(client, "lihua", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(shopper.pk)


def test_after_the_limit_even_the_right_password_is_refused_with_the_shop_page(
    client, shopper, english
):
    _fail(client, "lihua")
    response = _log_in(client, "lihua", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "accounts/lockout.html" in [template.name for template in response.templates]
    page = response.content.decode()
    assert "too many failed log-ins" in page
    assert "15 minutes" in page


def test_the_lockout_page_is_in_chinese_at_the_root(client, shopper):
    _fail(client, "lihua")
    response = _log_in(client, "lihua", PASSWORD)
    assert response.status_code == 429
    assert '<html lang="zh-hans">' in response.content.decode()


def test_the_e_mail_address_in_any_case_counts_as_the_same_account(client, shopper):
    _fail(client, "LiHua@Example.com", times=LIMIT - 1)
    _fail(client, "lihua@example.com", times=1)
    assert _log_in(client, "lihua@example.com", PASSWORD).status_code == 429


def test_the_lock_holds_one_username_from_one_address_only(client, shopper):
    _fail(client, "lihua", ip="203.0.113.7")
    assert _log_in(client, "lihua", PASSWORD, ip="198.51.100.2").status_code == 302


def test_the_lock_ends_after_the_cool_off(client, shopper):
    _fail(client, "lihua")
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    assert _log_in(client, "lihua", PASSWORD).status_code == 302


def test_the_admin_log_in_is_locked_too(client, english):
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    _fail(client, "boss", url=url)
    response = _log_in(client, "boss", PASSWORD, url=url)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_api_token_endpoint_counts_failures_and_locks_out(client, shopper):
    url = reverse("api:v1:token")
    statuses = [
        client.post(url, {"username": "lihua", "password": password}, "application/json")
        for password in ["nope"] * LIMIT + [PASSWORD]
    ]
    assert [response.status_code for response in statuses] == [400] * (LIMIT - 1) + [429, 429]
    assert statuses[-1].json()["code"] == "locked_out"


def test_argon2_hashes_new_passwords_and_upgrades_old_ones_at_log_in(client, settings):
    settings.PASSWORD_HASHERS = shop_settings.PASSWORD_HASHERS
    old = UserFactory(username="old")
    old.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    old.save(update_fields=["password"])

    assert _log_in(client, "old", PASSWORD).status_code == 302
    assert User.objects.get(pk=old.pk).password.startswith("argon2")
    assert make_password("anything").startswith("argon2")


def test_argon2_hashes_with_owasp_cost_and_redoes_django_default_hashes(client, settings):
    settings.PASSWORD_HASHERS = shop_settings.PASSWORD_HASHERS
    heavy = UserFactory(username="heavy")
    django_default = Argon2PasswordHasher()
    heavy.password = django_default.encode(PASSWORD, django_default.salt())
    heavy.save(update_fields=["password"])
    assert "m=102400,t=2,p=8" in heavy.password

    assert _log_in(client, "heavy", PASSWORD).status_code == 302
    assert "m=47104,t=1,p=1" in User.objects.get(pk=heavy.pk).password
