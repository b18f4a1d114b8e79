"""The promotions a demo shop runs, so that every price page has something to explain."""

from datetime import datetime, timedelta

from promotions.io import promotions_import
from promotions.models import Promotion

DEMO_PREFIX = "DEMO-"
# (definition in the spec's shape, English name)
_DEMO = (
    (
        {
            "id": "DEMO-SPEND",
            "name": "满200减30，满400减70",
            "kind": "spend_threshold",
            "tiers": [
                {"min_spend": "200.00", "amount_off": "30.00"},
                {"min_spend": "400.00", "amount_off": "70.00"},
            ],
        },
        "¥30 off ¥200, ¥70 off ¥400",
    ),
    (
        {
            "id": "DEMO-WELCOME",
            "name": "新人券：满99减20",
            "kind": "spend_threshold",
            "code": "WELCOME20",
            "tiers": [{"min_spend": "99.00", "amount_off": "20.00"}],
            "limits": {"per_customer": 1},
        },
        "Welcome coupon: ¥20 off ¥99",
    ),
    (
        {
            "id": "DEMO-SHIPPING",
            "name": "满99包邮",
            "kind": "free_shipping",
            "min_spend": "99.00",
        },
        "Free shipping from ¥99",
    ),
    (
        {
            "id": "DEMO-TEA",
            "name": "茶饮第二件半价",
            "kind": "nth_item",
            "n": 2,
            "percent": 50,
            "targets": {"categories": ["food/tea-drinks"]},
        },
        "Tea: second unit half price",
    ),
    (
        {
            "id": "DEMO-SNACKS",
            "name": "零食买二送一",
            "kind": "buy_x_get_y",
            "buy": 2,
            "get": 1,
            "targets": {"categories": ["food/snacks"]},
        },
        "Snacks: buy 2, get 1 free",
    ),
    (
        {
            "id": "DEMO-HEADPHONES",
            "name": "耳机限时9折",
            "kind": "percent_off",
            "percent": 10,
            "targets": {"categories": ["electronics/headphones"]},
            "limits": {"stock_cap": 50, "per_customer_qty": 2},
        },
        "Headphones: 10% off for a limited time",
    ),
)
# The flash sale runs for the two days after seeding.
_FLASH = {"DEMO-HEADPHONES"}


def write_promotions(*, now: datetime) -> int:
    """Create (or update) the demo promotions; return how many there are."""
    definitions = []
    for definition, _english in _DEMO:
        if definition["id"] in _FLASH:
            definition = {
                **definition,
                "conditions": {
                    "starts_at": now.isoformat(),
                    "ends_at": (now + timedelta(days=2)).isoformat(),
                },
            }
        definitions.append(definition)
    promotions_import(definitions_list=definitions)
    for definition, english in _DEMO:
        Promotion.objects.filter(key=definition["id"]).update(name_en=english)
    return len(definitions)
