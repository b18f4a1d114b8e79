"""The pricing engine: pure Python, no Django, no database.

`price_case` prices one JSON case of the spec; the shop compiles its promotions once
with `compile_promotions` and prices snapshots with `price`.
"""

from promotions.engine.case import price_case
from promotions.engine.compiler import compile_promotions
from promotions.engine.errors import CaseError
from promotions.engine.money import allocate, refund_amount
from promotions.engine.pricing import DEFAULT_MAX_NODES, price
from promotions.engine.result import (
    Adjustment,
    AppliedPromotion,
    GiftResult,
    Hint,
    LineResult,
    NotApplied,
    PricingResult,
)
from promotions.engine.rules import Promotion, PromotionSet
from promotions.engine.snapshot import CartSnapshot, Customer, Item, Line, PricingContext, Usage

__all__ = [
    "DEFAULT_MAX_NODES",
    "Adjustment",
    "AppliedPromotion",
    "CartSnapshot",
    "CaseError",
    "Customer",
    "GiftResult",
    "Hint",
    "Item",
    "Line",
    "LineResult",
    "NotApplied",
    "PricingContext",
    "PricingResult",
    "Promotion",
    "PromotionSet",
    "Usage",
    "allocate",
    "compile_promotions",
    "price",
    "price_case",
    "refund_amount",
]
