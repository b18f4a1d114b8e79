import pytest
from django.conf import settings
from django.urls import reverse

from inventory.models import Stock
from tests.factories import SKUFactory, StockFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def stocks():
    return {
        "in_stock": StockFactory(on_hand=50, sku__code="A-IN"),
        "low": StockFactory(on_hand=5, reserved=2, sku__code="B-LOW"),
        "sold_out": StockFactory(on_hand=3, reserved=3, sku__code="C-OUT"),
    }


@pytest.mark.parametrize("state", ["in_stock", "low", "sold_out"])
def test_filter_by_state(admin_client, stocks, state):
    response = admin_client.get(reverse("admin:inventory_stock_changelist"), {"state": state})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [stocks[state]]


def test_list_shows_available_and_state_and_searches_by_code(admin_client, stocks, english):
    response = admin_client.get(reverse("admin:inventory_stock_changelist"), {"q": "B-LOW"})

    assert list(response.context["cl"].result_list) == [stocks["low"]]
    assert "Only a few left" in response.text
    assert '<td class="field-available">3</td>' in response.text


def test_change_on_hand(admin_client, stocks):
    stock = stocks["low"]
    url = reverse("admin:inventory_stock_change", args=[stock.pk])

    response = admin_client.post(url, {"on_hand": "20", "low_threshold": "4"})

    assert response.status_code == 302
    stock.refresh_from_db()
    assert (stock.on_hand, stock.reserved, stock.low_threshold) == (20, 2, 4)


def test_on_hand_below_reserved_is_refused(admin_client, stocks, english):
    stock = stocks["sold_out"]
    url = reverse("admin:inventory_stock_change", args=[stock.pk])

    response = admin_client.post(url, {"on_hand": "1", "low_threshold": "5"})

    assert response.status_code == 200
    assert "3 units reserved" in response.text
    stock.refresh_from_db()
    assert stock.on_hand == 3


def test_add_stock_for_a_sku(admin_client):
    sku = SKUFactory()

    response = admin_client.post(
        reverse("admin:inventory_stock_add"),
        {"sku": sku.pk, "on_hand": "7", "low_threshold": "5"},
    )

    assert response.status_code == 302
    assert Stock.objects.get(sku=sku).on_hand == 7


def test_bad_state_filter_is_ignored(admin_client, stocks):
    response = admin_client.get(reverse("admin:inventory_stock_changelist"), {"state": "bogus"})
    assert response.status_code == 200
