"""Cancel the orders left unpaid past their deadline, or list them with --dry-run."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from orders.models import Order, OrderStatus
from orders.services import orders_expire_unpaid


class Command(BaseCommand):
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
        if not dry_run:
            expired = orders_expire_unpaid(now=now)
            self.stdout.write(self.style.SUCCESS(f"Expired {expired} unpaid orders."))
            return
        due = Order.objects.filter(
            status=OrderStatus.PENDING_PAYMENT, expires_at__lte=now
        ).order_by("expires_at", "pk")
        count = 0
        for number, expires_at, total in due.values_list("number", "expires_at", "total"):
            deadline = timezone.localtime(expires_at).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(f"{number}  {total}  payment was due {deadline}")
            count += 1
        self.stdout.write(f"Dry run: {count} unpaid orders would expire; nothing was changed.")
