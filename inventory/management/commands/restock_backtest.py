"""Replay the last days of demand under the restock policy and under a naive one."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from tqdm import tqdm

from inventory.services.replay import restock_backtest
from shop.commands import OneLineCommand


class Command(OneLineCommand):
    help = (
        "Replay the last N days of paid demand under the restock policy (refitted weekly on "
        "what it had seen) and under a naive fixed reorder point (the largest day's sales "
        "times the longest lead time, a month per order); print fill rate, average stock "
        "and orders per policy. Writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=90, help="days to replay (default 90)")
        parser.add_argument("--seed", type=int, default=0, help="seed for the lead times drawn")
        parser.add_argument(
            "--today", type=date.fromisoformat, help="replay up to this day (YYYY-MM-DD)"
        )

    def handle(self, *args: Any, days: int, seed: int, today: date | None, **options: Any) -> None:
        def bar(items):
            return tqdm(list(items), desc="refits", unit=" weeks", disable=None)

        try:
            result = restock_backtest(days=days, today=today, seed=seed, progress=bar)
        except (ValueError, ValidationError) as error:
            message = " ".join(getattr(error, "messages", [str(error)]))
            raise CommandError(message) from error
        target = settings.RESTOCK_SERVICE_LEVEL
        self.stdout.write(
            f"{result.skus} SKUs over {result.days} days; target fill rate {target:.1%}"
        )
        self.stdout.write(
            f"{'policy':<10} {'fill rate':>10} {'avg stock':>12} {'SKU orders':>11} {'POs':>6}"
        )
        for name, outcome in (("forecast", result.policy), ("naive", result.naive)):
            self.stdout.write(
                f"{name:<10} {outcome.fill_rate:>10.2%} {outcome.average_stock:>12,.0f} "
                f"{outcome.orders:>11,} {outcome.purchase_orders:>6,}"
            )
