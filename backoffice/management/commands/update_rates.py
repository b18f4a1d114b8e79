"""Update the exchange rates shoppers see approximate prices in, from a CSV file."""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from backoffice.currency import RatesRefused, exchange_rates_update, parse_rates
from shop.commands import OneLineCommand


class Command(OneLineCommand):
    help = (
        "Read a CSV file with the columns currency,rate (units of that currency for one "
        "unit of the shop's currency, e.g. USD,0.138) and create or update those rates. "
        "One bad row and nothing changes. Orders stay in the shop's currency."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the CSV file")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        try:
            text = Path(file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            self.fail(f"cannot read {file}: {error}")
        try:
            rows = parse_rates(text)
        except RatesRefused as refused:
            self.fail(f"nothing changed: {refused}")
        created, updated = exchange_rates_update(rows=rows)
        self.stdout.write(
            self.style.SUCCESS(f"Rates: {created} new, {updated} updated ({len(rows)} read).")
        )
