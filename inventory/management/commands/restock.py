"""Forecast demand, set reorder points and draft one purchase order per supplier."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from tqdm import tqdm

from inventory.services.restock import restock_run
from shop.commands import OneLineCommand


class Command(OneLineCommand):
    help = (
        "Forecast every supplied SKU's demand from paid orders, set its reorder point and "
        "order-up-to level, and put what is due into one draft purchase order per supplier "
        "(the twin of the nightly restock job). Safe to run again: each supplier's open "
        "draft is replaced, never duplicated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would be ordered, write nothing"
        )
        parser.add_argument(
            "--today", type=date.fromisoformat, help="plan as of this day (YYYY-MM-DD)"
        )

    def handle(self, *args: Any, dry_run: bool, today: date | None, **options: Any) -> None:
        def bar(items):
            return tqdm(list(items), desc="suppliers", unit=" suppliers", disable=None)

        try:
            summary = restock_run(today=today, dry_run=dry_run, progress=bar)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"{'supplier':<30} {'SKUs':>6} {'units':>8}  draft")
        for line in summary.suppliers:
            draft = f"PO-{line.order_id:06d}" if line.order_id else "-"
            self.stdout.write(f"{line.supplier.name:<30} {line.skus:>6} {line.units:>8}  {draft}")
        verb = "would be ordered (dry run: nothing was written)" if dry_run else "ordered"
        self.stdout.write(self.style.SUCCESS(f"Planned {summary.skus} SKUs; {summary.due} {verb}."))
