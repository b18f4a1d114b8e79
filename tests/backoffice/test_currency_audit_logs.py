import json
import logging
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from backoffice import currency
from backoffice.currency import (
    SESSION_KEY,
    RateRow,
    RatesRefused,
    exchange_rates_update,
    parse_rates,
)
from backoffice.models import AuditAction, AuditEntry, ExchangeRate
from backoffice.request_log import JsonFormatter, RequestIdFilter
from promotions.models import Promotion, PromotionKind
from tests.factories import ProductFactory, SKUFactory

pytestmark = pytest.mark.django_db


def test_update_rates_command_and_bad_file(english, tmp_path, capsys):
    good = tmp_path / "rates.csv"
    good.write_text("currency,rate\nUSD,0.138\neur,0.127\n")
    call_command("update_rates", str(good))
    assert dict(ExchangeRate.objects.values_list("currency", "rate")) == {
        "EUR": Decimal("0.127000"),
        "USD": Decimal("0.138000"),
    }
    bad = tmp_path / "bad.csv"
    bad.write_text("currency,rate\nUSD,0.2\nGBP,-1\n")
    with pytest.raises(SystemExit) as exit_:
        call_command("update_rates", str(bad))
    assert exit_.value.code == 1
    assert capsys.readouterr().err.strip() == (
        "error: nothing changed: row 3, column rate: not a positive number"
    )
    assert ExchangeRate.objects.get(currency="USD").rate == Decimal("0.138000")


def test_rates_need_their_columns(english):
    with pytest.raises(RatesRefused, match="missing columns: rate"):
        parse_rates("currency\nUSD\n")


def test_shopper_sees_approximate_prices_after_choosing(client):
    ExchangeRate.objects.create(currency="USD", rate=Decimal("0.138"))
    response = client.post(reverse("backoffice:currency"), {"currency": "USD", "next": "/cart/"})
    assert response.status_code == 302
    assert response["Location"] == "/cart/"
    assert client.session[SESSION_KEY] == "USD"

    request = RequestFactory().get("/")
    request.session = {SESSION_KEY: "USD"}
    html = Template("{% load currency_tags %}{% approx_price price %}").render(
        Context({"request": request, "price": Decimal("89.42")})
    )
    assert "≈ US$12.34" in html


def test_unknown_currency_and_foreign_next_are_refused(client):
    assert client.post(reverse("backoffice:currency"), {"currency": "XXX"}).status_code == 400
    exchange_rates_update(rows=[RateRow("EUR", Decimal("0.127"))])
    response = client.post(
        reverse("backoffice:currency"), {"currency": "EUR", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_no_approximation_in_the_shop_currency(client):
    request = RequestFactory().get("/")
    request.session = {}
    html = Template("{% load currency_tags %}{% approx_price 10 %}").render(
        Context({"request": request})
    )
    assert html == ""


@pytest.fixture
def merchant(client):
    from tests.factories import UserFactory

    user = UserFactory(username="boss", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_sku_price_change_in_admin_is_audited(client, merchant):
    sku = SKUFactory(price=Decimal("10.00"))
    url = reverse("admin:catalog_sku_change", args=[sku.pk])
    data = {
        "product": sku.product_id,
        "code": sku.code,
        "barcode": "",
        "price": "12.00",
        "list_price": "",
        "is_active": "on",
        "position": 0,
    }

    response = client.post(url, data)

    assert response.status_code == 302
    entry = AuditEntry.objects.get()
    assert (entry.user, entry.action, entry.before, entry.after) == (
        merchant,
        AuditAction.CHANGE,
        {"price": "10.00"},
        {"price": "12.00"},
    )
    assert client.get(reverse("admin:backoffice_auditentry_changelist")).status_code == 200


def test_promotion_delete_in_admin_is_audited(client, merchant):
    promotion = Promotion.objects.create(key="P9", name="测试", kind=PromotionKind.FREE_SHIPPING)

    client.post(reverse("admin:promotions_promotion_delete", args=[promotion.pk]), {"post": "yes"})

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_id, entry.before["key"]) == (
        AuditAction.DELETE,
        str(promotion.pk),
        "P9",
    )


def test_catalog_admins_offer_import_and_export(client, merchant):
    ProductFactory()
    page = client.get(reverse("admin:catalog_product_changelist")).content.decode()
    assert reverse("admin:catalog_product_import") in page
    assert reverse("admin:catalog_product_export") in page


def test_responses_carry_a_request_id(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="abcdef123456")
    assert response["X-Request-ID"] == "abcdef123456"
    assert len(client.get("/healthz", HTTP_X_REQUEST_ID="bad id!")["X-Request-ID"]) == 32


def test_json_log_line():
    record = logging.makeLogRecord(
        {"name": "shop", "levelname": "INFO", "msg": "paid %s", "args": ("T1",), "order": "T1"}
    )
    RequestIdFilter().filter(record)

    line = json.loads(JsonFormatter().format(record))

    assert (line["message"], line["level"], line["order"], line["request_id"]) == (
        "paid T1",
        "info",
        "T1",
        None,
    )


def test_the_rates_are_read_once_for_every_price_of_a_page(monkeypatch):
    ExchangeRate.objects.create(currency="USD", rate=Decimal("0.138"))
    reads = []
    real_rates = currency.rates
    monkeypatch.setattr(currency, "rates", lambda: reads.append(1) or real_rates())
    request = RequestFactory().get("/")
    request.session = {SESSION_KEY: "USD"}

    html = Template(
        "{% load currency_tags %}{% for p in prices %}{% approx_price p %}{% endfor %}"
    ).render(Context({"request": request, "prices": [Decimal("89.42")] * 24}))

    assert html.count("≈ US$12.34") == 24
    assert len(reads) == 1
