import pytest
from django.urls import reverse

from accounts.models import Address
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


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    return client


def _inline_management(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_pages_render(staff_client):
    address = AddressFactory(is_default=True)
    for url in (
        reverse("admin:accounts_user_changelist") + "?q=user",
        reverse("admin:accounts_user_change", args=[address.user.pk]),
        reverse("admin:accounts_user_add"),
        reverse("admin:accounts_address_changelist") + "?country__exact=CN&province=上海市",
        reverse("admin:accounts_address_change", args=[address.pk]),
        reverse("admin:accounts_address_add"),
    ):
        assert staff_client.get(url).status_code == 200, url


def test_address_added_in_admin_follows_the_default_rule(staff_client):
    owner = UserFactory()
    response = staff_client.post(
        reverse("admin:accounts_address_add"), ADDRESS | {"user": owner.pk}
    )
    assert response.status_code == 302
    address = Address.objects.get(user=owner)
    assert address.is_default


def test_malformed_address_in_admin_gets_field_errors(staff_client):
    owner = UserFactory()
    response = staff_client.post(
        reverse("admin:accounts_address_add"), ADDRESS | {"user": owner.pk, "postcode": "1"}
    )
    assert response.status_code == 200
    assert "postcode" in response.context["adminform"].form.errors
    assert not Address.objects.exists()


def test_inline_add_and_delete_keep_one_default(staff_client):
    owner = UserFactory()
    default = AddressFactory(user=owner, is_default=True)
    other = AddressFactory(user=owner)
    prefix = "addresses"
    data = {
        "username": owner.username,
        "email": owner.email,
        "phone": "",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        **_inline_management(prefix, 3, 2),
    }
    for i, address in enumerate((default, other)):
        data |= {f"{prefix}-{i}-{field}": getattr(address, field) for field in ADDRESS}
        data |= {f"{prefix}-{i}-id": address.pk, f"{prefix}-{i}-user": owner.pk}
    data |= {f"{prefix}-2-{field}": value for field, value in ADDRESS.items()}
    data |= {f"{prefix}-2-user": owner.pk, f"{prefix}-0-DELETE": "on"}
    response = staff_client.post(reverse("admin:accounts_user_change", args=[owner.pk]), data)
    assert response.status_code == 302, response.context["errors"]
    remaining = Address.objects.filter(user=owner)
    assert remaining.count() == 2
    assert remaining.filter(is_default=True).count() == 1


def test_make_default_action(staff_client):
    owner = UserFactory()
    AddressFactory(user=owner, is_default=True)
    other = AddressFactory(user=owner)
    staff_client.post(
        reverse("admin:accounts_address_changelist"),
        {"action": "make_default", "_selected_action": [other.pk]},
    )
    other.refresh_from_db()
    assert other.is_default
    assert Address.objects.filter(user=owner, is_default=True).count() == 1


def test_bulk_delete_promotes_a_new_default(staff_client):
    owner = UserFactory()
    default = AddressFactory(user=owner, is_default=True)
    keep = AddressFactory(user=owner)
    staff_client.post(
        reverse("admin:accounts_address_changelist"),
        {"action": "delete_selected", "_selected_action": [default.pk], "post": "yes"},
    )
    keep.refresh_from_db()
    assert keep.is_default
