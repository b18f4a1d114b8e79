"""Import and export of promotions as the spec's JSON: all or nothing, and round trips."""

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from promotions import cache as promotion_cache
from promotions.definitions import promotion_definition
from promotions.io import (
    ImportRefused,
    promotions_export,
    promotions_import,
    read_promotions,
)
from promotions.models import (
    CouponCode,
    CustomerSegment,
    Promotion,
    PromotionStatus,
    PromotionTarget,
    TargetRole,
)
from tests.factories import (
    BrandFactory,
    CategoryFactory,
    ProductFactory,
    SKUFactory,
    TagFactory,
    UserFactory,
)

from .factories import CouponCodeFactory, PromotionFactory, PromotionTargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    apparel = CategoryFactory(slug="apparel")
    tops = CategoryFactory(parent=apparel, slug="tops")
    product = ProductFactory(slug="tee", category=tops, brand=BrandFactory(slug="acme"))
    product.tags.set([TagFactory(slug="summer")])
    SKUFactory(product=product, code="TEE-W-M", price=Decimal("99.00"))
    SKUFactory(product=product, code="GIFT-MUG", price=Decimal("20.00"))
    return {"apparel": apparel, "tops": tops, "product": product}


def threshold(pid: str, **fields) -> dict:
    return {
        "id": pid,
        "name": f"活动 {pid}",
        "kind": "spend_threshold",
        "tiers": [{"min_spend": "200.00", "amount_off": "30.00"}],
        **fields,
    }


GOOD = [
    threshold(
        "P1",
        targets={
            "categories": ["apparel/tops"],
            "brands": ["acme"],
            "exclude": {"skus": ["TEE-W-M"], "tags": ["summer"]},
        },
        conditions={
            "starts_at": "2026-11-11T00:00:00+08:00",
            "ends_at": "2026-11-12T00:00:00+08:00",
            "segments": ["vip"],
            "first_order": True,
            "channels": ["web"],
        },
        codes=["SAVE20", "save30"],
        exclusive_group="store",
        limits={"budget": "500.00", "usage_limit": 100, "max_applications": 2},
    ),
    {
        "id": "P2",
        "name": "买2送1",
        "kind": "buy_x_get_y",
        "buy": 2,
        "get": 1,
        "targets": {"products": ["tee"]},
        "get_targets": {"skus": ["GIFT-MUG"]},
        "exclusive": True,
    },
    {
        "id": "P3",
        "name": "满100送杯",
        "kind": "gift",
        "tiers": [{"min_spend": "100.00"}, {"min_spend": "300.00", "qty": 2}],
        "sku": "GIFT-MUG",
    },
    {
        "id": "P4",
        "name": "会员价",
        "kind": "special_price",
        "price": "79.00",
        "priority": 5,
        "limits": {"stock_cap": 100, "per_customer_qty": 2},
    },
]


def test_import_creates_every_promotion_in_the_spec_shape(catalog):
    summary = promotions_import(definitions_list=GOOD)
    assert summary.created == ["P1", "P2", "P3", "P4"]
    assert summary.updated == []
    first = Promotion.objects.get(key="P1")
    assert first.status == PromotionStatus.ACTIVE
    assert first.name_zh_hans == "活动 P1"
    assert first.starts_at == timezone.datetime.fromisoformat("2026-11-11T00:00:00+08:00")
    assert sorted(first.codes.values_list("code", flat=True)) == ["SAVE20", "SAVE30"]
    assert [s.slug for s in first.segments.all()] == ["vip"]
    assert first.budget == Decimal("500.00")
    second = Promotion.objects.get(key="P2")
    assert {(t.role, t.sku_id is not None) for t in second.targets.all()} == {
        (TargetRole.INCLUDE, False),
        (TargetRole.GET_INCLUDE, True),
    }
    assert promotions_export() == [
        {
            **GOOD[0],
            "codes": ["SAVE20", "SAVE30"],
            "targets": {
                "brands": ["acme"],
                "categories": ["apparel/tops"],
                "exclude": {"skus": ["TEE-W-M"], "tags": ["summer"]},
            },
        },
        *GOOD[1:],
    ]


def test_import_updates_by_id_and_keeps_status_and_used_codes(catalog):
    promotion = PromotionFactory(key="P1", status=PromotionStatus.PAUSED, name_en="English")
    PromotionTargetFactory(promotion=promotion, brand=BrandFactory())
    CouponCodeFactory(promotion=promotion, code="OLD")
    CouponCodeFactory(promotion=promotion, code="SPENT", used_at=timezone.now(), single_use=True)
    version = promotion_cache.promotions_version()

    summary = promotions_import(definitions_list=[threshold("P1", codes=["NEW"])])

    assert (summary.created, summary.updated) == ([], ["P1"])
    promotion.refresh_from_db()
    assert promotion.status == PromotionStatus.PAUSED
    assert promotion.name_en == "English"
    assert not promotion.targets.exists()
    assert sorted(promotion.codes.values_list("code", flat=True)) == ["NEW", "SPENT"]
    assert promotion_cache.promotions_version() != version


BAD = [
    (
        {"tiers": [{"min_spend": "lots", "amount_off": "30.00"}]},
        "promotions[2].tiers[0].min_spend",
        "not a decimal",
    ),
    (
        {"targets": {"categories": ["tops"]}},
        "promotions[2].targets.categories[0]",
        "unknown category",
    ),
    (
        {"targets": {"exclude": {"brands": ["nope"]}}},
        "promotions[2].targets.exclude.brands[0]",
        "unknown brand",
    ),
    ({"targets": {"skus": ["TEE-W-M", "GONE"]}}, "promotions[2].targets.skus[1]", "unknown SKU"),
    ({"targets": {"products": ["nope"]}}, "promotions[2].targets.products[0]", "unknown product"),
    ({"targets": {"tags": ["nope"]}}, "promotions[2].targets.tags[0]", "unknown tag"),
    (
        {"conditions": {"segments": ["gold"]}},
        "promotions[2].conditions.segments[0]",
        "unknown segment",
    ),
    (
        {"conditions": {"channels": ["fax"]}},
        "promotions[2].conditions.channels[0]",
        "unknown channel",
    ),
    ({"id": "P1"}, "promotions[2].id", "duplicate id"),
    ({"id": "bad id"}, "promotions[2].id", None),
    ({"codes": ["SAVE20"]}, "promotions[2].codes[0]", "already a code of promotion P1"),
    ({"codes": ["TAKEN"]}, "promotions[2].codes[0]", "already a code of promotion OTHER"),
    ({"code": "no spaces"}, "promotions[2].code", None),
    ({"limits": {"usage_limit": 10**12}}, "promotions[2].limits.usage_limit", "too large"),
    (
        {"kind": "nth_item", "n": 1, "percent": 50, "tiers": None},
        "promotions[2].n",
        "must be at least 2",
    ),
    (
        {"kind": "gift", "sku": "NOPE", "tiers": [{"min_spend": "1.00"}]},
        "promotions[2].sku",
        "unknown SKU",
    ),
    (
        {"kind": "gift", "tiers": [{"min_spend": "1.00", "sku": "NOPE"}]},
        "promotions[2].tiers[0].sku",
        "unknown SKU",
    ),
]


@pytest.mark.parametrize(("fields", "path", "message"), BAD)
def test_one_bad_promotion_imports_none(catalog, fields, path, message):
    CouponCodeFactory(promotion=PromotionFactory(key="OTHER"), code="TAKEN")
    bad = {key: value for key, value in {**threshold("P9"), **fields}.items() if value is not None}
    definitions = [GOOD[0], GOOD[3], bad, GOOD[2]]
    with pytest.raises(ImportRefused) as refusal:
        promotions_import(definitions_list=definitions)
    assert refusal.value.path == path
    if message is not None:
        assert refusal.value.message == message
    assert list(Promotion.objects.values_list("key", flat=True)) == ["OTHER"]
    assert CouponCode.objects.count() == 1
    assert not PromotionTarget.objects.exists()


@pytest.mark.parametrize(
    ("data", "path"),
    [
        (b"[{", "file"),
        (b"\xff\xfe", "file"),
        (b'{"id": "P1"}', "promotions"),
        (b"[1]", "promotions[0]"),
    ],
)
def test_a_malformed_file_is_refused_with_where(data, path):
    with pytest.raises(ImportRefused) as refusal:
        promotions_import(definitions_list=read_promotions(data))
    assert refusal.value.path == path


def test_a_pricing_case_file_can_be_imported(catalog):
    case = {"items": {}, "cart": [], "promotions": [threshold("P1")]}
    assert read_promotions(json.dumps(case)) == [threshold("P1")]


def test_export_then_import_round_trips(catalog):
    promotions_import(definitions_list=GOOD)
    exported = json.loads(json.dumps(promotions_export()))
    Promotion.objects.all().delete()
    promotions_import(definitions_list=exported)
    assert promotions_export() == exported


def test_admin_made_promotions_round_trip(catalog):
    """What the admin stores (targets by row, percent as numbers) exports and re-imports."""
    promotion = PromotionFactory(
        key="A1",
        kind="percent_off",
        params={"percent": "12.5"},
        ends_at=timezone.now() + timezone.timedelta(days=3),
        channels=["app", "web"],
    )
    promotion.segments.set([CustomerSegment.objects.get(slug="staff")])
    PromotionTargetFactory(promotion=promotion, category=catalog["apparel"])
    before = promotion_definition(promotion)
    exported = promotions_export()
    Promotion.objects.all().delete()
    promotions_import(definitions_list=exported)
    assert promotion_definition(Promotion.objects.get(key="A1")) == before


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_export_downloads_every_promotion(admin_client, catalog):
    promotions_import(definitions_list=GOOD)
    response = admin_client.get(reverse("admin:promotions_promotion_export"))
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert [d["id"] for d in json.loads(response.content)] == ["P1", "P2", "P3", "P4"]


def test_admin_export_action_covers_the_selection(admin_client):
    first, _second = PromotionFactory(key="A"), PromotionFactory(key="B")
    response = admin_client.post(
        reverse("admin:promotions_promotion_changelist"),
        {"action": "export_json", "_selected_action": [str(first.pk)]},
    )
    assert [d["id"] for d in json.loads(response.content)] == ["A"]


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("promotions.json", content, content_type="application/json")


def test_admin_import_of_a_good_file(admin_client, catalog):
    url = reverse("admin:promotions_promotion_import")
    response = admin_client.post(url, {"file": _upload(json.dumps(GOOD).encode())})
    assert response.status_code == 302
    assert Promotion.objects.count() == 4


@pytest.mark.parametrize(
    "content",
    [
        json.dumps(
            [*GOOD, threshold("P9", tiers=[{"min_spend": "x", "amount_off": "1"}])]
        ).encode(),
        b"not json",
        b"",
    ],
)
def test_admin_import_of_a_bad_file_imports_nothing(admin_client, catalog, content):
    url = reverse("admin:promotions_promotion_import")
    response = admin_client.post(url, {"file": _upload(content)})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Promotion.objects.exists()


def test_admin_import_names_the_bad_promotion(admin_client, catalog, english):
    content = json.dumps([*GOOD, threshold("P9", tiers=[{"min_spend": "x", "amount_off": "1"}])])
    response = admin_client.post(
        reverse("admin:promotions_promotion_import"), {"file": _upload(content.encode())}
    )
    assert "promotions[4].tiers[0].min_spend: not a decimal" in response.text
