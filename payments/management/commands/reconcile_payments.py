from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from payments.services import Difference, payments_reconcile
from shop.commands import OneLineCommand


def _amount(value: Decimal | None) -> str:
    return "-" if value is None else str(value)


def _line(difference: Difference) -> str:
    line = f"{difference.kind}: order {difference.order_number}"
    if difference.trade_no:
        line += f", payment {difference.trade_no}"
    line += (
        f", shop {_amount(difference.shop_amount)} / gateway {_amount(difference.gateway_amount)}"
    )
    return line + (f" ({difference.detail})" if difference.detail else "")


class Command(OneLineCommand):
    help = "Compare a day's payments in the shop with what the gateways say, and list differences."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the local day to check, YYYY-MM-DD (default yesterday)")

    def handle(self, *args, **options) -> None:
        day = self._day(options["date"])
        differences = payments_reconcile(day=day)
        for difference in differences:
            self.stdout.write(_line(difference))
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
