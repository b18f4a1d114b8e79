"""Simulating a promotion on past orders: the replay, the job, the admin and the command."""

import io
import itertools
import json
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from orders.models import Order, OrderLine, OrderStatus
from promotions.models import PromotionKind, PromotionSimulation, SimulationStatus
from promotions.services import promotion_simulation_request, promotion_simulation_run
from promotions.simulation import simulate
from promotions.tasks import simulate_promotion
from tests.factories import CategoryFactory, ProductFactory, SKUFactory, UserFactory

from .factories import CouponCodeFactory, CustomerSegmentFactory, PromotionFactory

pytestmark = pytest.mark.django_db

START = timezone.make_aware(datetime(2026, 10, 1))
END = timezone.make_aware(datetime(2026, 11, 1))
NOW = timezone.make_aware(datetime(2026, 11, 25))
SPEND_220 = {
    "id": "SIM",
    "name": "满220减30",
    "kind": "spend_threshold",
    "tiers": [{"min_spend": "220.00", "amount_off": "30.00"}],
}
_numbers = itertools.count(1)


@pytest.fixture
def catalog():
    food = CategoryFactory(slug="food")
    SKUFactory(code="A", price=Decimal("100.00"), product=ProductFactory(category=food))
    SKUFactory(code="B", price=Decimal("60.00"))


def order(day: int, lines, *, user=None, status=OrderStatus.COMPLETED, shipping="0.00"):
    """An order of October 2026 whose lines were sold at the given (frozen) unit prices."""
    placed = next(_numbers)
    subtotal = sum(Decimal(unit) * qty for _sku, unit, qty in lines)
    made = Order.objects.create(
        number=f"S{placed:06d}",
        user=user,
        status=status,
        placed_at=START + timedelta(days=day - 1, hours=placed % 12),
        subtotal=subtotal,
        shipping=Decimal(shipping),
        total=subtotal + Decimal(shipping),
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=made,
            sku_code=sku,
            product_name=sku,
            unit_price=Decimal(unit),
            quantity=qty,
            total=Decimal(unit) * qty,
        )
        for sku, unit, qty in lines
    )
    return made


def run(definition=SPEND_220, **options):
    return simulate(definition=definition, start=START, end=END, now=NOW, **options).to_dict()


def test_orders_are_re_priced_at_their_frozen_prices(catalog):
    order(1, [("A", "120.00", 2)])  # 240.00 then; 200.00 at today's price
    order(2, [("A", "100.00", 1), ("B", "60.00", 1)])

    result = run()

    assert result["orders"] == 2
    assert result["orders_touched"] == 1
    assert result["discount"] == "30.00"
    assert result["total_without"] == "400.00"
    assert result["total_with"] == "370.00"
    assert (result["average_without"], result["average_with"]) == ("200.00", "185.00")
    assert result["average_paid"] == "200.00"


def test_only_orders_of_the_range_not_cancelled_count(catalog):
    order(1, [("A", "120.00", 2)])
    order(3, [("A", "120.00", 2)], status=OrderStatus.CANCELLED)
    outside = order(1, [("A", "120.00", 2)])
    Order.objects.filter(pk=outside.pk).update(placed_at=END)

    assert run()["orders"] == 1


def test_limits_run_out_in_the_order_orders_were_placed(catalog):
    alice = UserFactory()
    for day in (1, 2, 3):
        order(day, [("A", "120.00", 2)], user=alice)
    order(4, [("A", "120.00", 2)])

    budgeted = run({**SPEND_220, "limits": {"budget": "60.00"}})
    once_each = run({**SPEND_220, "limits": {"per_customer": 1}})

    assert (budgeted["orders_touched"], budgeted["discount"]) == (2, "60.00")
    assert once_each["orders_touched"] == 2


def test_the_window_is_the_range_and_a_code_counts_as_given(catalog):
    order(1, [("A", "120.00", 2)])
    later = {
        **SPEND_220,
        "code": "SAVE30",
        "conditions": {"starts_at": "2030-01-01T00:00:00+08:00"},
    }

    assert run(later)["orders_touched"] == 1


def test_targets_use_the_catalog_and_segments_and_first_orders_count(catalog):
    vip = UserFactory()
    CustomerSegmentFactory(slug="vip").members.add(vip)
    order(1, [("A", "50.00", 1), ("B", "60.00", 1)], user=vip)
    order(2, [("A", "50.00", 1)], user=vip)
    order(3, [("A", "50.00", 1)], user=UserFactory())
    food_half = {
        "id": "SIM",
        "kind": "percent_off",
        "percent": 50,
        "targets": {"categories": ["food"]},
        "conditions": {"segments": ["vip"]},
    }
    first = {
        "id": "SIM",
        "kind": "amount_off",
        "amount": "5.00",
        "conditions": {"first_order": True},
    }

    assert run(food_half)["discount"] == "50.00"
    assert run(first)["orders_touched"] == 2


def test_other_promotions_take_part_unless_alone(catalog):
    PromotionFactory(key="P0", kind=PromotionKind.PERCENT_OFF, params={"percent": 50})
    order(1, [("A", "120.00", 2)])

    with_others = run()
    alone = run(alone=True)

    assert with_others["total_without"] == "120.00"
    assert with_others["orders_touched"] == 0
    assert (alone["total_without"], alone["orders_touched"]) == ("240.00", 1)


def test_a_saved_promotion_is_replaced_by_its_simulated_self(catalog):
    PromotionFactory(key="SIM", params={"tiers": [{"min_spend": "100.00", "amount_off": "5.00"}]})
    order(1, [("A", "120.00", 2)])

    result = run()

    assert (result["total_without"], result["discount"]) == ("240.00", "30.00")


def test_a_sku_sold_at_two_prices_in_one_order_keeps_both(catalog):
    order(1, [("A", "120.00", 1), ("A", "110.00", 1)])
    assert run()["total_without"] == "230.00"


def test_queries_grow_with_batches_not_orders(catalog, django_assert_max_num_queries):
    for day in range(1, 31):
        order(day, [("A", "120.00", 2), ("B", "60.00", 1)], user=UserFactory())
    with django_assert_max_num_queries(40):
        result = run(batch_size=10)
    assert result["orders"] == 30


def test_a_request_runs_after_commit_and_keeps_its_result(
    catalog, django_capture_on_commit_callbacks
):
    order(1, [("A", "120.00", 2)])
    promotion = PromotionFactory(key="P9", params={"tiers": SPEND_220["tiers"]})

    with django_capture_on_commit_callbacks(execute=True):
        simulation = promotion_simulation_request(starts_at=START, ends_at=END, promotion=promotion)

    simulation.refresh_from_db()
    assert simulation.status == SimulationStatus.DONE
    assert simulation.definition["id"] == "P9"
    assert simulation.result["orders_touched"] == 1
    assert simulation.finished_at is not None
    assert simulate_promotion.delay(simulation.pk).get() == SimulationStatus.DONE


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({}, "one_promotion"),
        ({"definition": {"id": "X", "kind": "nope"}}, "invalid_definition"),
        ({"definition": SPEND_220, "ends_at": START}, "empty_range"),
    ],
)
def test_a_bad_request_is_refused(catalog, fields, code):
    with pytest.raises(ValidationError) as refused:
        promotion_simulation_request(**{"starts_at": START, "ends_at": END, **fields})
    assert refused.value.code == code
    assert not PromotionSimulation.objects.exists()


def test_a_run_that_cannot_price_is_marked_failed(catalog):
    simulation = PromotionSimulation.objects.create(
        definition={"id": "X", "kind": "nope"}, starts_at=START, ends_at=END
    )

    promotion_simulation_run(simulation_id=simulation.pk)

    simulation.refresh_from_db()
    assert simulation.status == SimulationStatus.FAILED
    assert "kind" in simulation.error


def test_a_coded_promotion_from_the_shop_is_simulated_with_its_code(catalog):
    CouponCodeFactory(promotion=PromotionFactory(key="C1"), code="SAVE")
    order(1, [("A", "120.00", 2)])
    simulation = PromotionSimulation.objects.create(
        definition={**SPEND_220, "id": "C1", "codes": ["SAVE"]}, starts_at=START, ends_at=END
    )
    assert promotion_simulation_run(simulation_id=simulation.pk).result["orders_touched"] == 1


# --- admin -----------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_admin_starts_a_simulation_and_shows_its_result(
    catalog, admin_client, django_capture_on_commit_callbacks
):
    order(1, [("A", "120.00", 2)])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:promotions_promotionsimulation_add"),
            {
                "definition": json.dumps(SPEND_220),
                "date_from": "2026-10-01",
                "date_to": "2026-10-31",
            },
        )
    simulation = PromotionSimulation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse(
        "admin:promotions_promotionsimulation_change", args=[simulation.pk]
    )

    with translation.override("en"):
        page = admin_client.get(
            reverse("admin:promotions_promotionsimulation_change", args=[simulation.pk])
        )
    assert page.status_code == 200
    assert "orders it touches" in page.content.decode()
    assert simulation.status == SimulationStatus.DONE
    assert simulation.result["discount"] == "30.00"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"date_from": "2026-10-01", "date_to": "2026-10-31"}, "not both"),
        (
            {
                "definition": '{"id": "X", "kind": "nope"}',
                "date_from": "2026-10-01",
                "date_to": "2026-10-31",
            },
            "promotions[0].kind",
        ),
        ({"definition": "{", "date_from": "2026-10-01", "date_to": "2026-10-31"}, "errorlist"),
        (
            {
                "definition": json.dumps(SPEND_220),
                "date_from": "2026-10-31",
                "date_to": "2026-10-01",
            },
            "before the first",
        ),
        (
            {"definition": json.dumps(SPEND_220), "date_from": "nope", "date_to": "2026-10-01"},
            "errorlist",
        ),
    ],
)
def test_the_admin_form_shows_bad_input(catalog, admin_client, data, error, english):
    response = admin_client.post(reverse("admin:promotions_promotionsimulation_add"), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not PromotionSimulation.objects.exists()


def test_the_promotion_action_opens_the_form_for_that_promotion(catalog, admin_client, english):
    promotion = PromotionFactory(key="P1")
    PromotionFactory(key="P2")
    url = reverse("admin:promotions_promotion_changelist")

    one = admin_client.post(url, {"action": "simulate", "_selected_action": [promotion.pk]})
    two = admin_client.post(
        url,
        {"action": "simulate", "_selected_action": [promotion.pk, promotion.pk + 1]},
        follow=True,
    )

    assert one.status_code == 302
    assert f"promotion={promotion.pk}" in one.url
    assert admin_client.get(one.url).status_code == 200
    assert "Choose one promotion" in two.content.decode()


# --- the command -----------------------------------------------------------------------


def command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("simulate_promotion", *args, verbosity=0, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_prints_a_summary(catalog, tmp_path):
    order(1, [("A", "120.00", 2)])
    order(2, [("B", "60.00", 1)])
    path = tmp_path / "promotion.json"
    path.write_text(json.dumps(SPEND_220, ensure_ascii=False))

    out, _err = command("--definition", str(path), "--from", "2026-10-01", "--to", "2026-10-31")
    PromotionFactory(key="P1", params={"tiers": SPEND_220["tiers"]})
    by_key, _err = command("P1", "--from", "2026-10-01", "--to", "2026-10-31", "--alone")

    assert "orders re-priced      2" in out
    assert "orders it touches     1" in out
    assert "discount it gives     30.00" in out
    assert "150.00 without, 135.00 with" in out
    assert "Promotion P1, orders of 2026-10-01 to 2026-10-31 (alone)" in by_key


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["NOPE", "--from", "2026-10-01", "--to", "2026-10-31"], "NOPE: no such promotion"),
        (["--from", "2026-10-01", "--to", "2026-10-31"], "not both"),
        (["P1", "--from", "October", "--to", "2026-10-31"], "--from: not a date"),
        (["P1", "--from", "2026-10-31", "--to", "2026-10-01"], "--to: before --from"),
        (["--definition", "BAD", "--from", "2026-10-01", "--to", "2026-10-31"], "definition:"),
        (["--definition", "MISSING", "--from", "2026-10-01", "--to", "2026-10-31"], "cannot read"),
        (["--definition", "NOTJSON", "--from", "2026-10-01", "--to", "2026-10-31"], "invalid JSON"),
    ],
)
def test_bad_input_exits_2_with_one_line(catalog, tmp_path, args, message):
    PromotionFactory(key="P1")
    (tmp_path / "BAD").write_text('{"id": "X", "kind": "spend_threshold"}')
    (tmp_path / "NOTJSON").write_text("{")
    args = [str(tmp_path / arg) if arg in {"BAD", "MISSING", "NOTJSON"} else arg for arg in args]
    err = io.StringIO()

    with pytest.raises(SystemExit) as exit_:
        call_command("simulate_promotion", *args, verbosity=0, stderr=err)

    assert exit_.value.code == 2
    lines = err.getvalue().strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert message in lines[0]
