"""Merchant admin for stock, its ledger, suppliers and purchase orders."""

from . import purchasing, stock

__all__ = ["purchasing", "stock"]
