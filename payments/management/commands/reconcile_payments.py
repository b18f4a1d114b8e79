from collections import Counter
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from payments.services import payments_reconcile


class Command(BaseCommand):
    help = "Compare a day's payments in the shop with what the gateways say, and list differences."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the local day to check, YYYY-MM-DD (default yesterday)")

    def handle(self, *args, **options) -> None:
        day = self._day(options["date"])
        differences = payments_reconcile(day=day)
        for difference in differences:
            amounts = (
                f"shop {difference.shop_amount or '-'} / gateway {difference.gateway_amount or '-'}"
            )
            line = f"{difference.kind}: order {difference.order_number}"
            if difference.trade_no:
                line += f", payment {difference.trade_no}"
            line += f", {amounts}"
            if difference.detail:
                line += f" ({difference.detail})"
            self.stdout.write(line)
        counts = Counter(str(difference.kind) for difference in differences)
        summary = ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items()))
        self.stdout.write(
            f"{day.isoformat()}: {len(differences)} difference(s)"
            + (f": {summary}" if summary else ".")
        )

    def _day(self, value: str | None) -> date:
        if not value:
            return timezone.localdate() - timedelta(days=1)
        try:
            return date.fromisoformat(value)
        except ValueError as error:
            raise CommandError(f"--date must be a day as YYYY-MM-DD, not {value!r}.") from error
