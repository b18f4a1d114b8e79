"""Prove that every SKU's units on hand equal the sum of its stock movements."""

from typing import Any

from django.core.management.base import CommandError

from inventory.selectors import stock_ledger_mismatches
from shop.commands import OneLineCommand


class Command(OneLineCommand):
    help = (
        "Check that every SKU's units on hand equal the sum of its ledger movements; "
        "list the SKUs that differ and exit with an error if any does."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        mismatches = stock_ledger_mismatches()
        for sku_id, on_hand, ledger in mismatches:
            self.stdout.write(f"SKU {sku_id}: on hand {on_hand}, movements sum to {ledger}")
        if mismatches:
            raise CommandError(f"{len(mismatches)} SKUs differ from their stock ledger.")
        self.stdout.write(self.style.SUCCESS("Stock on hand matches the ledger for every SKU."))
