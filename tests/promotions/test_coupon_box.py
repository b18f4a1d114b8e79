"""The cart's coupon box: a code is kept when valid, refused with its reason otherwise."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from promotions.cache import promotions_changed
from promotions.models import PromotionKind, PromotionStatus
from tests.factories import SKUFactory, UserFactory
from tests.promotions.factories import (
    CouponCodeFactory,
    CustomerSegmentFactory,
    PromotionFactory,
    PromotionUsageFactory,
)
from tests.promotions.test_shop_pricing import (  # noqa: F401
    _english_and_cold_cache,
    make_shop,
    shopper_cart,
)

pytestmark = pytest.mark.django_db

SAVE_20 = {"tiers": [{"min_spend": "200.00", "amount_off": "20.00"}]}


def coupon(code: str = "SAVE20", params: dict | None = None, user=None, **fields):
    promotion = PromotionFactory(
        kind=PromotionKind.SPEND_THRESHOLD, params=params or SAVE_20, **fields
    )
    CouponCodeFactory(promotion=promotion, code=code, user=user)
    return promotion


def apply(client, code: str):
    return client.post(reverse("promotions:coupon_apply"), {"code": code}, follow=True)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def cart(client):
    return shopper_cart(client, make_shop(), [("A", 2)])


def test_a_valid_code_is_applied_and_stays_visible_with_its_discount(client, cart):
    coupon()

    response = apply(client, " save20 ")

    assert messages_of(response) == ["Code SAVE20 applied: you save ¥20.00."]
    assert client.session["coupon_codes"] == ["SAVE20"]
    content = response.content.decode()
    assert "<strong>SAVE20</strong>" in content
    assert "You save ¥20.00" in content
    assert response.context["pricing"].result.total == Decimal("190.00")


def test_a_code_can_be_removed(client, cart):
    coupon()
    apply(client, "SAVE20")

    response = client.post(reverse("promotions:coupon_remove"), {"code": "save20"}, follow=True)

    assert messages_of(response) == ["The code was removed."]
    assert client.session["coupon_codes"] == []
    assert response.context["pricing"].result.total == Decimal("210.00")


def _refused(client, code: str) -> str:
    response = apply(client, code)
    assert client.session.get("coupon_codes", []) == []
    [message] = messages_of(response)
    return message


def test_unknown(client, cart):
    assert _refused(client, "NOPE") == "This code does not exist."


def test_expired(client, cart):
    coupon(ends_at=timezone.now() - timedelta(minutes=1))
    assert _refused(client, "SAVE20") == "This code has expired."


def test_paused(client, cart):
    coupon(status=PromotionStatus.PAUSED)
    assert _refused(client, "SAVE20") == "This code is not valid at the moment."


def test_not_yet_valid(client, cart):
    coupon(starts_at=timezone.now() + timedelta(days=1))
    assert _refused(client, "SAVE20") == "This code is not valid yet."


def test_used_up_by_usage_limit(client, cart):
    promotion = coupon(usage_limit=1)
    PromotionUsageFactory(promotion=promotion)
    assert _refused(client, "SAVE20") == "This code has been used up."


def test_used_up_by_budget(client, cart):
    promotion = coupon(budget=Decimal("30.00"))
    PromotionUsageFactory(promotion=promotion, discount=Decimal("30.00"))
    assert _refused(client, "SAVE20") == "This code has been used up."


def test_a_used_single_use_code_is_used_up(client, cart):
    promotion = coupon(code="OTHER")
    CouponCodeFactory(promotion=promotion, code="ONCE", single_use=True, used_at=timezone.now())
    assert _refused(client, "ONCE") == "This code has been used up."


def test_not_for_a_customer_outside_the_segment(client, cart):
    promotion = coupon()
    promotion.segments.set([CustomerSegmentFactory(slug="vip")])
    promotions_changed()
    assert _refused(client, "SAVE20") == "This code is not available to you."


def test_not_for_a_customer_who_used_it_already(client, cart):
    promotion = coupon(per_customer=1)
    PromotionUsageFactory(promotion=promotion, user=cart.user)
    assert _refused(client, "SAVE20") == "You have already used this code as often as allowed."


def test_not_for_you_when_assigned_to_another_customer(client, cart):
    coupon(user=UserFactory())
    assert _refused(client, "SAVE20") == "This code is not available to you."


def test_minimum_not_met_keeps_the_code_and_gives_the_hint(client):
    shopper_cart(client, make_shop(), [("A", 1), ("C", 1)])
    coupon()

    response = apply(client, "SAVE20")

    assert messages_of(response) == [
        "Code SAVE20 saved. Your cart does not reach this code's minimum yet. "
        "Spend ¥70.00 more to save ¥20.00."
    ]
    assert client.session["coupon_codes"] == ["SAVE20"]
    assert "Spend ¥70.00 more to save ¥20.00." in response.content.decode()


def test_coupon_limit(client, cart):
    coupon()
    coupon(code="SAVE10", params={"tiers": [{"min_spend": "100.00", "amount_off": "10.00"}]})
    apply(client, "SAVE20")

    response = apply(client, "SAVE10")

    assert messages_of(response) == ["Your order already uses as many codes as it may."]
    assert client.session["coupon_codes"] == ["SAVE20"]


def test_several_codes_up_to_max_coupons(client, cart, settings):
    settings.SHOP_MAX_COUPONS = 2
    coupon(code="SAVE10", params={"tiers": [{"min_spend": "100.00", "amount_off": "10.00"}]})
    # A code that gates an item promotion counts against the limit too.
    promotion = PromotionFactory(kind=PromotionKind.PERCENT_OFF, params={"percent": 10})
    CouponCodeFactory(promotion=promotion, code="TEN")
    assert messages_of(apply(client, "TEN")) == ["Code TEN applied: you save ¥20.00."]

    response = apply(client, "SAVE10")

    assert messages_of(response) == ["Code SAVE10 applied: you save ¥10.00."]
    assert client.session["coupon_codes"] == ["TEN", "SAVE10"]
    assert response.context["pricing"].result.total == Decimal("180.00")
    assert _refused_keeping(client, "NOPE") == "Your order already uses as many codes as it may."


def _refused_keeping(client, code: str) -> str:
    [message] = messages_of(apply(client, code))
    return message


def test_not_best(client, cart):
    PromotionFactory(
        kind=PromotionKind.SPEND_THRESHOLD,
        params={"tiers": [{"min_spend": "100.00", "amount_off": "50.00"}]},
        exclusive_group="store",
    )
    coupon(exclusive_group="store")

    response = apply(client, "SAVE20")

    assert messages_of(response) == [
        "Code SAVE20 saved. A better combination of offers is applied."
    ]
    assert "A better combination of offers is applied." in response.content.decode()


def test_too_many_failed_attempts(client, cart):
    for _ in range(10):
        assert _refused(client, "NOPE") == "This code does not exist."

    coupon()
    assert _refused(client, "SAVE20") == "Too many attempts: please try again in a few minutes."


def test_the_limit_counts_per_ip_across_sessions(client, cart):
    for _ in range(10):
        _refused(client, "NOPE")
    client.cookies.clear()
    shopper_cart(client, make_shop_again(), [("X", 1)])

    assert _refused(client, "NOPE") == "Too many attempts: please try again in a few minutes."


def make_shop_again() -> dict:
    return {"X": SKUFactory(code="X")}


def test_a_blank_code_is_a_form_error(client, cart):
    response = apply(client, "   ")
    assert messages_of(response) == ["Enter a code."]


def test_the_box_answers_only_post(client, cart):
    assert client.get(reverse("promotions:coupon_apply")).status_code == 405
