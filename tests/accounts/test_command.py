from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User

pytestmark = pytest.mark.django_db

LINE = (
    "Demo merchant: http://127.0.0.1:8000/admin/  user merchant / password merchant-demo"
    " (演示商家账号)\n"
)


def _run(*args) -> str:
    out = StringIO()
    call_command("ensure_demo_merchant", *args, stdout=out)
    return out.getvalue()


def test_creates_the_merchant_and_prints_the_line():
    assert _run() == LINE
    merchant = User.objects.get(username="merchant")
    assert merchant.is_staff
    assert merchant.is_superuser
    assert merchant.is_active
    assert merchant.check_password("merchant-demo")


def test_is_idempotent():
    assert _run() == LINE
    assert _run() == LINE
    assert User.objects.filter(username="merchant").count() == 1


def test_leaves_an_existing_merchant_alone():
    User.objects.create_user("merchant", password="changed-by-the-owner")
    assert _run() == LINE
    merchant = User.objects.get(username="merchant")
    assert merchant.check_password("changed-by-the-owner")
    assert not merchant.is_staff


def test_base_url_option():
    assert _run("--base-url", "http://localhost:9000/").startswith(
        "Demo merchant: http://localhost:9000/admin/  "
    )
