"""Which order state may follow which: the one map every transition is checked against."""

from .models import OrderStatus

S = OrderStatus

TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING_PAYMENT: frozenset({S.PAID, S.CANCELLED}),
    S.PAID: frozenset({S.SHIPPED, S.REFUNDED}),
    S.SHIPPED: frozenset({S.DELIVERED, S.COMPLETED, S.REFUNDED}),
    S.DELIVERED: frozenset({S.COMPLETED, S.REFUNDED}),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
    S.REFUNDED: frozenset(),
}

# The money arrived (some or all of it may have been paid back since).
PAID_STATES = frozenset({S.PAID, S.SHIPPED, S.DELIVERED, S.COMPLETED, S.REFUNDED})
# Sales that stand: paid and not all paid back.
SOLD_STATES = PAID_STATES - {S.REFUNDED}

# States from which a shopper may ask for money back, and a merchant may pay it.
REFUNDABLE = frozenset({S.PAID, S.SHIPPED, S.DELIVERED})


def allowed(source: str, target: str) -> bool:
    """Say whether an order may move from one state to another."""
    return target in TRANSITIONS.get(source, frozenset())
