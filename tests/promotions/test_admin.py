"""The merchant admin: a form per kind, the list, actions, code batches and the preview."""

import csv
import io
from decimal import Decimal
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from promotions import cache as promotion_cache
from promotions.admin import REASONS
from promotions.engine import CaseError
from promotions.forms import ENGINE_MESSAGES, promotion_form
from promotions.models import (
    CouponCode,
    CustomerSegment,
    Promotion,
    PromotionKind,
    PromotionStatus,
    PromotionTarget,
    TargetRole,
)
from tests.factories import CategoryFactory, ProductFactory, SKUFactory, UserFactory

from .factories import CouponCodeFactory, PromotionFactory, PromotionUsageFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:promotions_promotion_add")
LIST_URL = reverse("admin:promotions_promotion_changelist")


@pytest.fixture(autouse=True)
def _cold_cache():
    cache.clear()
    promotion_cache._compiled.clear()
    yield
    promotion_cache._compiled.clear()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def admin_client(client):
    """A superuser reading the admin in English (the admin has no language prefix)."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def sku():
    product = ProductFactory(slug="tee", category=CategoryFactory(slug="apparel"))
    return SKUFactory(product=product, code="TEE-W-M", price=Decimal("99.00"))


def inline_management(prefix: str, total: int = 0, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def form_data(key: str = "P1", **fields: str) -> dict[str, str]:
    """Return the POST data of a promotion's change form, no target rows and no codes."""
    return {
        "key": key,
        "name_zh_hans": "满200减30",
        "name_en": "200 off 30",
        "status": PromotionStatus.ACTIVE,
        "priority": "0",
        "starts_at_0": "",
        "starts_at_1": "",
        "ends_at_0": "",
        "ends_at_1": "",
        **inline_management("targets"),
        **inline_management("codes"),
        **fields,
    }


def add(client, kind: str, **fields: str):
    return client.post(f"{ADD_URL}?kind={kind}", form_data(**fields))


def form_errors(response) -> dict:
    return response.context["adminform"].form.errors


VALID = [
    (PromotionKind.SPECIAL_PRICE, {"price": "79.9"}, {"price": "79.90"}),
    (PromotionKind.PERCENT_OFF, {"percent": "12.5"}, {"percent": "12.5"}),
    (PromotionKind.AMOUNT_OFF, {"amount": "10"}, {"amount": "10.00"}),
    (
        PromotionKind.TIER_PRICE,
        {"tier1_min_qty": "1", "tier1_price": "100", "tier2_min_qty": "10", "tier2_price": "90"},
        {"tiers": [{"min_qty": 1, "price": "100.00"}, {"min_qty": 10, "price": "90.00"}]},
    ),
    (
        PromotionKind.BUY_X_GET_Y,
        {"buy": "2", "get": "1", "percent": "100", "max_applications": "3"},
        {"buy": 2, "get": 1, "percent": 100},
    ),
    (PromotionKind.NTH_ITEM, {"n": "2", "percent": "50"}, {"n": 2, "percent": 50}),
    (PromotionKind.BUNDLE_PRICE, {"size": "3", "price": "99"}, {"size": 3, "price": "99.00"}),
    (
        PromotionKind.SPEND_THRESHOLD,
        {
            "tier1_min_spend": "200",
            "tier1_amount_off": "30",
            "tier3_min_spend": "300",
            "tier3_percent_off": "10",
            "max_discount": "50",
        },
        {
            "tiers": [
                {"min_spend": "200.00", "amount_off": "30.00"},
                {"min_spend": "300.00", "percent_off": 10},
            ],
            "max_discount": "50.00",
        },
    ),
    (
        PromotionKind.SPEND_THRESHOLD,
        {"tier1_min_spend": "100", "tier1_amount_off": "10", "repeat": "on"},
        {"tiers": [{"min_spend": "100.00", "amount_off": "10.00"}], "repeat": True},
    ),
    (
        PromotionKind.GIFT,
        {
            "tier1_min_spend": "100",
            "tier2_min_spend": "300",
            "tier2_qty": "2",
            "sku": "{sku}",
            "qty": "1",
        },
        {
            "tiers": [{"min_spend": "100.00"}, {"min_spend": "300.00", "qty": 2}],
            "sku": "TEE-W-M",
            "qty": 1,
        },
    ),
    (PromotionKind.FREE_SHIPPING, {"min_spend": "99"}, {"min_spend": "99.00"}),
    (
        PromotionKind.FREE_SHIPPING,
        {"min_qty": "2", "amount_off": "5"},
        {"min_qty": 2, "amount_off": "5.00"},
    ),
]


@pytest.mark.parametrize(("kind", "fields", "params"), VALID)
def test_every_kind_can_be_added(admin_client, sku, kind, fields, params):
    fields = {name: value.format(sku=sku.pk) for name, value in fields.items()}
    response = add(admin_client, kind, **fields)
    assert response.status_code == 302, form_errors(response)
    promotion = Promotion.objects.get(key="P1")
    assert promotion.kind == kind
    assert promotion.params == params
    assert promotion.name_en == "200 off 30"


INVALID = [
    (PromotionKind.SPECIAL_PRICE, {"price": "-1"}, "price"),
    (PromotionKind.SPECIAL_PRICE, {}, "price"),
    (PromotionKind.PERCENT_OFF, {"percent": "120"}, "percent"),
    (PromotionKind.AMOUNT_OFF, {"amount": "1.234"}, "amount"),
    (
        PromotionKind.TIER_PRICE,
        {"tier1_min_qty": "10", "tier1_price": "90", "tier2_min_qty": "5", "tier2_price": "95"},
        "tier2_min_qty",
    ),
    (PromotionKind.TIER_PRICE, {"tier1_min_qty": "10"}, "tier1_price"),
    (PromotionKind.BUY_X_GET_Y, {"buy": "0", "get": "1", "percent": "100"}, "buy"),
    (PromotionKind.BUY_X_GET_Y, {"buy": "2", "get": "0", "percent": "100"}, "get"),
    (PromotionKind.NTH_ITEM, {"n": "1", "percent": "50"}, "n"),
    (PromotionKind.BUNDLE_PRICE, {"size": "1", "price": "10"}, "size"),
    (PromotionKind.SPEND_THRESHOLD, {}, "tier1_min_spend"),
    (
        PromotionKind.SPEND_THRESHOLD,
        {
            "tier1_min_spend": "300",
            "tier1_amount_off": "40",
            "tier2_min_spend": "200",
            "tier2_amount_off": "30",
        },
        "tier2_min_spend",
    ),
    (
        PromotionKind.SPEND_THRESHOLD,
        {
            "tier1_min_spend": "200",
            "tier1_amount_off": "30",
            "tier2_min_qty": "5",
            "tier2_amount_off": "50",
        },
        "tier2_min_qty",
    ),
    (
        PromotionKind.SPEND_THRESHOLD,
        {"tier1_min_spend": "200", "tier1_amount_off": "30", "tier1_percent_off": "10"},
        "tier1_percent_off",
    ),
    (PromotionKind.SPEND_THRESHOLD, {"tier1_amount_off": "30"}, "tier1_min_spend"),
    (
        PromotionKind.SPEND_THRESHOLD,
        {
            "tier1_min_spend": "100",
            "tier1_amount_off": "10",
            "tier2_min_spend": "200",
            "tier2_amount_off": "30",
            "repeat": "on",
        },
        "repeat",
    ),
    (
        PromotionKind.SPEND_THRESHOLD,
        {"tier1_min_spend": "100", "tier1_percent_off": "10", "repeat": "on"},
        "repeat",
    ),
    (PromotionKind.GIFT, {"tier1_min_spend": "100"}, "tier1_sku"),
    (PromotionKind.GIFT, {"tier1_min_spend": "100", "sku": "999999"}, "sku"),
    (PromotionKind.FREE_SHIPPING, {"min_spend": "99", "min_qty": "2"}, "min_qty"),
    (PromotionKind.FREE_SHIPPING, {"amount_off": "5", "percent_off": "50"}, "percent_off"),
    (
        PromotionKind.PERCENT_OFF,
        {
            "percent": "10",
            "starts_at_0": "2026-11-11",
            "starts_at_1": "20:00:00",
            "ends_at_0": "2026-11-11",
            "ends_at_1": "19:00:00",
        },
        "ends_at",
    ),
    (PromotionKind.PERCENT_OFF, {"percent": "10", "key": "P 1"}, "key"),
    (PromotionKind.PERCENT_OFF, {"percent": "10", "channels": "fax"}, "channels"),
]


@pytest.mark.parametrize(("kind", "fields", "field"), INVALID)
def test_invalid_input_is_a_field_error_and_saves_nothing(admin_client, sku, kind, fields, field):
    response = add(admin_client, kind, **fields)
    assert response.status_code == 200
    assert field in form_errors(response)
    assert not Promotion.objects.exists()


def test_an_engine_refusal_shows_at_the_field_it_came_from(admin_client):
    refusal = CaseError("promotions[0].tiers[1].min_spend", "not a decimal")
    with mock.patch("promotions.forms.compile_promotions", side_effect=refusal):
        response = add(
            admin_client,
            PromotionKind.SPEND_THRESHOLD,
            tier1_min_spend="100",
            tier1_amount_off="10",
            tier4_min_spend="200",
            tier4_amount_off="30",
        )
    assert form_errors(response)["tier4_min_spend"] == [ENGINE_MESSAGES["not a decimal"]]
    assert not Promotion.objects.exists()


def test_an_engine_refusal_without_a_field_is_a_form_error(admin_client):
    refusal = CaseError("promotions[0].targets", "not an object")
    with mock.patch("promotions.forms.compile_promotions", side_effect=refusal):
        response = add(admin_client, PromotionKind.PERCENT_OFF, percent="10")
    assert form_errors(response)["__all__"] == ["promotions[0].targets: not an object"]


def test_a_duplicate_key_is_a_field_error(admin_client):
    PromotionFactory(key="P1")
    response = add(admin_client, PromotionKind.PERCENT_OFF, percent="10")
    assert "key" in form_errors(response)


def test_add_without_a_kind_offers_every_kind(admin_client):
    response = admin_client.get(ADD_URL)
    assert response.status_code == 200
    for kind in PromotionKind.values:
        assert f"?kind={kind}" in response.text
    assert admin_client.get(f"{ADD_URL}?kind=nonsense").status_code == 200


def test_add_form_proposes_the_next_key_and_shows_its_kind_fields(admin_client):
    PromotionFactory(key="P4")
    response = admin_client.get(f"{ADD_URL}?kind={PromotionKind.TIER_PRICE}")
    form = response.context["adminform"].form
    assert form.initial["key"] == "P5"
    assert {"tier1_min_qty", "tier1_price", "stock_cap", "priority"} <= set(form.fields)
    assert "max_applications" not in form.fields
    assert "exclusive" not in form.fields


def test_targets_are_saved_with_the_promotion(admin_client, sku):
    data = form_data(
        percent="10",
        **inline_management("targets", total=2),
        **{
            "targets-0-role": TargetRole.INCLUDE,
            "targets-0-category": str(sku.product.category.pk),
            "targets-1-role": TargetRole.EXCLUDE,
            "targets-1-sku": str(sku.pk),
        },
    )
    response = admin_client.post(f"{ADD_URL}?kind={PromotionKind.PERCENT_OFF}", data)
    assert response.status_code == 302
    promotion = Promotion.objects.get()
    assert [(t.role, t.entry) for t in promotion.targets.order_by("id")] == [
        (TargetRole.INCLUDE, sku.product.category),
        (TargetRole.EXCLUDE, sku),
    ]


@pytest.mark.parametrize(
    "row",
    [
        {"targets-0-role": TargetRole.EXCLUDE},
        {
            "targets-0-role": TargetRole.INCLUDE,
            "targets-0-sku": "{sku}",
            "targets-0-product": "{product}",
        },
        {"targets-0-role": TargetRole.GET_INCLUDE, "targets-0-sku": "{sku}"},
    ],
)
def test_a_bad_target_row_saves_nothing(admin_client, sku, row):
    row = {name: value.format(sku=sku.pk, product=sku.product.pk) for name, value in row.items()}
    data = form_data(percent="10", **inline_management("targets", total=1), **row)
    response = admin_client.post(f"{ADD_URL}?kind={PromotionKind.PERCENT_OFF}", data)
    assert response.status_code == 200
    assert not Promotion.objects.exists()
    assert not PromotionTarget.objects.exists()


def test_change_form_shows_the_params_and_saves_changes(admin_client):
    promotion = PromotionFactory(
        key="P1",
        params={"tiers": [{"min_spend": "200.00", "amount_off": "30.00"}] * 1},
    )
    url = reverse("admin:promotions_promotion_change", args=[promotion.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.initial["tier1_min_spend"] == Decimal("200.00")
    assert form.initial["tier1_amount_off"] == Decimal("30.00")

    version = promotion_cache.promotions_version()
    response = admin_client.post(
        url, form_data(tier1_min_spend="150", tier1_amount_off="20", exclusive_group="store")
    )
    assert response.status_code == 302, form_errors(response)
    promotion.refresh_from_db()
    assert promotion.params == {"tiers": [{"min_spend": "150.00", "amount_off": "20.00"}]}
    assert promotion.exclusive_group == "store"
    assert promotion_cache.promotions_version() != version


def test_a_promotion_with_many_tiers_gets_a_row_more():
    tiers = [{"min_spend": f"{n}00.00", "amount_off": f"{n}.00"} for n in range(1, 8)]
    form = promotion_form(PromotionKind.SPEND_THRESHOLD, len(tiers))
    assert "tier8_min_spend" in form.base_fields
    assert "tier9_min_spend" not in form.base_fields


def test_codes_are_edited_inline_upper_case_and_unique(admin_client):
    other = PromotionFactory(key="P0")
    CouponCodeFactory(promotion=other, code="TAKEN")
    data = form_data(
        percent="10",
        **inline_management("codes", total=2),
        **{"codes-0-code": " save20 ", "codes-1-code": "taken"},
    )
    response = admin_client.post(f"{ADD_URL}?kind={PromotionKind.PERCENT_OFF}", data)
    assert response.status_code == 200
    assert not Promotion.objects.filter(key="P1").exists()

    data["codes-TOTAL_FORMS"] = "1"
    response = admin_client.post(f"{ADD_URL}?kind={PromotionKind.PERCENT_OFF}", data)
    assert response.status_code == 302
    assert list(Promotion.objects.get(key="P1").codes.values_list("code", flat=True)) == ["SAVE20"]


def test_the_change_form_lists_the_first_fifty_codes_only(
    admin_client, django_assert_max_num_queries
):
    promotion = PromotionFactory()
    CouponCode.objects.bulk_create(
        CouponCode(promotion=promotion, code=f"C{number:04d}") for number in range(120)
    )
    response = admin_client.get(reverse("admin:promotions_promotion_change", args=[promotion.pk]))
    formset = response.context["inline_admin_formsets"][1].formset
    assert len(formset.initial_forms) == 50
    assert reverse("admin:promotions_promotion_codes_csv", args=[promotion.pk]) in response.text


@pytest.fixture
def listed():
    now = timezone.now()
    running = PromotionFactory(key="RUN", budget=Decimal("100.00"))
    PromotionUsageFactory(promotion=running, discount=Decimal("30.00"))
    PromotionUsageFactory(promotion=running, discount=Decimal("25.00"))
    PromotionFactory(
        key="LATER", kind=PromotionKind.GIFT, starts_at=now + timezone.timedelta(days=1)
    )
    PromotionFactory(key="OLD", ends_at=now - timezone.timedelta(days=1))
    PromotionFactory(key="HALT", status=PromotionStatus.PAUSED)
    spent = PromotionFactory(key="SPENT", usage_limit=1)
    PromotionUsageFactory(promotion=spent)
    CouponCodeFactory(promotion=spent, code="FINDME")
    return running


def _listed_keys(response) -> list[str]:
    return [promotion.key for promotion in response.context["cl"].result_list]


def test_list_shows_usage_and_budget_left(admin_client, listed, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = admin_client.get(LIST_URL)
    assert response.status_code == 200
    row = next(p for p in response.context["cl"].result_list if p.key == "RUN")
    assert (row.uses, row.discount_given) == (2, Decimal("55.00"))
    assert "45.00" in response.text


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("state=running", ["RUN"]),
        ("state=scheduled", ["LATER"]),
        ("state=ended", ["OLD"]),
        ("state=paused", ["HALT"]),
        ("state=exhausted", ["SPENT"]),
        (f"kind__exact={PromotionKind.GIFT}", ["LATER"]),
        ("q=findme", ["SPENT"]),
        ("q=RUN", ["RUN"]),
    ],
)
def test_list_filters_and_search(admin_client, listed, query, keys):
    response = admin_client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200
    assert sorted(_listed_keys(response)) == keys


def _action(client, action: str, *promotions):
    return client.post(
        LIST_URL,
        {"action": action, "_selected_action": [str(p.pk) for p in promotions]},
    )


def test_pause_and_activate_actions(admin_client):
    first, second = PromotionFactory(), PromotionFactory()
    version = promotion_cache.promotions_version()
    assert _action(admin_client, "pause", first, second).status_code == 302
    assert set(Promotion.objects.values_list("status", flat=True)) == {PromotionStatus.PAUSED}
    assert promotion_cache.promotions_version() != version
    _action(admin_client, "activate", first)
    first.refresh_from_db()
    assert first.status == PromotionStatus.ACTIVE


def test_duplicate_action(admin_client):
    original = PromotionFactory(key="P3")
    _action(admin_client, "duplicate", original)
    copy = Promotion.objects.get(key="P3-copy")
    assert copy.status == PromotionStatus.PAUSED


def test_generate_codes_view(admin_client):
    promotion = PromotionFactory()
    url = reverse("admin:promotions_promotion_generate_codes", args=[promotion.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"code_prefix": "vip-", "count": "25", "single_use": "on"})
    assert response.status_code == 302
    codes = list(promotion.codes.all())
    assert len(codes) == 25
    assert all(code.code.startswith("VIP-") and code.single_use for code in codes)


@pytest.mark.parametrize(
    "data", [{"count": "0"}, {"count": "10001"}, {"code_prefix": "no spaces", "count": "1"}, {}]
)
def test_generate_codes_refuses_bad_input(admin_client, data):
    promotion = PromotionFactory()
    url = reverse("admin:promotions_promotion_generate_codes", args=[promotion.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not CouponCode.objects.exists()


def test_generate_one_code_per_segment_member(admin_client):
    promotion = PromotionFactory()
    vip = CustomerSegment.objects.get(slug="vip")
    members = [UserFactory(), UserFactory(), UserFactory()]
    vip.members.set(members)
    url = reverse("admin:promotions_promotion_generate_codes", args=[promotion.pk])
    response = admin_client.post(url, {"segment": str(vip.pk), "single_use": "on"})
    assert response.status_code == 302
    assert {code.user for code in promotion.codes.all()} == set(members)


def _csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_codes_csv_download(admin_client):
    promotion = PromotionFactory(key="P1")
    buyer = UserFactory(username="张三")
    CouponCodeFactory(promotion=promotion, code="AAA", user=buyer, single_use=True)
    CouponCodeFactory(promotion=promotion, code="BBB")
    CouponCodeFactory(code="OTHER")
    response = admin_client.get(
        reverse("admin:promotions_promotion_codes_csv", args=[promotion.pk])
    )
    assert response["Content-Type"] == "text/csv"
    assert 'filename="coupon-codes-P1.csv"' in response["Content-Disposition"]
    assert _csv_rows(response) == [
        ["promotion", "code", "assigned_to", "single_use", "used_at", "order"],
        ["P1", "AAA", "张三", "yes", "", ""],
        ["P1", "BBB", "", "no", "", ""],
    ]


def test_codes_csv_action_covers_the_selected_promotions(admin_client):
    first, second = PromotionFactory(key="A1"), PromotionFactory(key="B1")
    CouponCodeFactory(promotion=first, code="ONE")
    CouponCodeFactory(promotion=second, code="TWO")
    CouponCodeFactory(code="THREE")
    response = _action(admin_client, "export_codes_csv", first, second)
    assert [row[1] for row in _csv_rows(response)[1:]] == ["ONE", "TWO"]


def test_unknown_promotion_pages_are_404(admin_client):
    for name in ("generate_codes", "codes_csv", "preview_one", "change"):
        url = reverse(f"admin:promotions_promotion_{name}", args=[987654])
        assert admin_client.get(url).status_code in (302, 404), url


def _preview(client, url, lines, **options):
    data = {
        "form-TOTAL_FORMS": str(len(lines)),
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "50",
        "max_coupons": "1",
        **options,
    }
    for index, (sku, qty) in enumerate(lines):
        data[f"form-{index}-sku"] = str(sku.pk)
        data[f"form-{index}-qty"] = str(qty)
    return client.get(url, data)


def test_preview_renders_the_engines_result(admin_client, sku):
    PromotionFactory(key="P1", name_en="200 off 30")
    PromotionFactory(
        key="P9",
        params={"tiers": [{"min_spend": "500.00", "amount_off": "80.00"}]},
    )
    CouponCodeFactory(code="SAVE20", promotion=PromotionFactory(key="C1"))
    url = reverse("admin:promotions_promotion_preview")
    assert admin_client.get(url).status_code == 200
    response = _preview(admin_client, url, [(sku, 3)], shipping="10", codes="nope")
    assert response.status_code == 200
    result = response.context["result"]
    assert result["total"] == "277.00"
    assert [entry["promotion"] for entry in result["applied"]] == ["P1"]
    reasons = {
        entry.get("promotion") or entry.get("code"): entry for entry in result["not_applied"]
    }
    assert reasons["nope"]["name"] == "nope"
    assert reasons["C1"]["reason"] == REASONS["code_not_given"]
    assert reasons["P9"]["hint"]
    assert 'id="preview-total">277.00<' in response.text


def test_preview_of_a_paused_promotion_being_edited(admin_client, sku):
    promotion = PromotionFactory(
        key="P2",
        kind=PromotionKind.PERCENT_OFF,
        params={"percent": 50},
        status=PromotionStatus.PAUSED,
    )
    url = reverse("admin:promotions_promotion_preview_one", args=[promotion.pk])
    response = _preview(admin_client, url, [(sku, 2)])
    result = response.context["result"]
    assert result["discount"] == "99.00"
    assert result["lines"][0]["adjustments"][0]["name"].startswith("P2")


def test_preview_with_an_empty_cart_says_so(admin_client):
    response = _preview(admin_client, reverse("admin:promotions_promotion_preview"), [])
    assert response.status_code == 200
    assert response.context["problem"]
    assert "result" not in response.context


def test_preview_refuses_a_bad_quantity_without_error(admin_client, sku):
    url = reverse("admin:promotions_promotion_preview")
    response = admin_client.get(
        url,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            "form-0-sku": str(sku.pk),
            "form-0-qty": "many",
            "max_coupons": "1",
        },
    )
    assert response.status_code == 200
    assert "result" not in response.context


@pytest.mark.parametrize("value", ["BLKT-0511-250G", "-1", "1e3", "<b>", "9" * 30])
def test_preview_with_a_tampered_sku_answers_with_the_form(admin_client, value):
    response = admin_client.get(
        reverse("admin:promotions_promotion_preview"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            "form-0-sku": value,
            "form-0-qty": "1",
            "max_coupons": "1",
        },
    )
    assert response.status_code == 200
    assert "result" not in response.context


def test_other_promotion_admin_pages_load(admin_client):
    promotion = PromotionFactory()
    code = CouponCodeFactory(promotion=promotion)
    usage = PromotionUsageFactory(promotion=promotion)
    segment = CustomerSegment.objects.get(slug="vip")
    for url in (
        reverse("admin:promotions_couponcode_changelist") + "?q=" + code.code,
        reverse("admin:promotions_couponcode_change", args=[code.pk]),
        reverse("admin:promotions_customersegment_changelist"),
        reverse("admin:promotions_customersegment_change", args=[segment.pk]),
        reverse("admin:promotions_promotionusage_changelist"),
        reverse("admin:promotions_promotionusage_change", args=[usage.pk]),
        reverse("admin:promotions_promotion_import"),
    ):
        assert admin_client.get(url).status_code == 200, url


def test_segment_membership_change_bumps_the_version(admin_client):
    segment = CustomerSegment.objects.get(slug="vip")
    member = UserFactory()
    version = promotion_cache.promotions_version()
    response = admin_client.post(
        reverse("admin:promotions_customersegment_change", args=[segment.pk]),
        {
            "name_zh_hans": segment.name_zh_hans,
            "name_en": segment.name_en,
            "slug": "vip",
            "description_zh_hans": "",
            "description_en": "",
            "members": [str(member.pk)],
        },
    )
    assert response.status_code == 302
    assert list(segment.members.all()) == [member]
    assert promotion_cache.promotions_version() != version


def test_staff_without_permission_cannot_use_the_extra_views(client):
    client.force_login(UserFactory(is_staff=True))
    promotion = PromotionFactory()
    for url in (
        reverse("admin:promotions_promotion_import"),
        reverse("admin:promotions_promotion_export"),
        reverse("admin:promotions_promotion_preview"),
        reverse("admin:promotions_promotion_generate_codes", args=[promotion.pk]),
    ):
        assert client.get(url).status_code == 403, url
