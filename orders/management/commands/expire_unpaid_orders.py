"""Cancel the orders left unpaid past their deadline, or list them with --dry-run."""

from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone
from tqdm import tqdm

from orders.services import order_expire, unpaid_overdue
from shop.commands import OneLineCommand


class Command(OneLineCommand):
    help = (
        "Cancel every order still unpaid after its payment deadline and give back its "
        "reserved stock and promotion uses (the twin of the expire_unpaid_orders job, "
        "which runs every minute). Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="list the orders that would expire and change nothing",
        )

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        now = timezone.now()
        due = unpaid_overdue(now=now)
        if not dry_run:
            ids = list(due.values_list("pk", flat=True))
            expired = sum(
                order_expire(order_id=order_id, now=now)
                for order_id in tqdm(ids, desc="expiring", unit=" orders", disable=not ids)
            )
            self.stdout.write(self.style.SUCCESS(f"Expired {expired} unpaid orders."))
            return
        count = 0
        for number, expires_at, total in due.values_list("number", "expires_at", "total"):
            deadline = timezone.localtime(expires_at).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(f"{number}  {total}  payment was due {deadline}")
            count += 1
        self.stdout.write(f"Dry run: {count} unpaid orders would expire; nothing was changed.")
