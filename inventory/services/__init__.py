"""Use cases that change stock and purchasing."""

from .ledger import (
    stock_apply,
    stock_lock,
    stock_move,
    stock_open,
    stock_save,
    stock_set_on_hand,
)
from .purchasing import (
    purchase_order_cancel,
    purchase_order_draft_replace,
    purchase_order_receive,
    purchase_order_send,
)

__all__ = [
    "purchase_order_cancel",
    "purchase_order_draft_replace",
    "purchase_order_receive",
    "purchase_order_send",
    "stock_apply",
    "stock_lock",
    "stock_save",
    "stock_move",
    "stock_open",
    "stock_set_on_hand",
]
