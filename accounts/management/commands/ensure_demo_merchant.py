"""Create the demo merchant account used by `make run`, unless it exists."""

from django.core.management.base import CommandParser
from django.urls import reverse

from accounts.services import demo_merchant_ensure
from shop.commands import OneLineCommand

USERNAME = "merchant"
PASSWORD = "merchant-demo"


class Command(OneLineCommand):
    help = (
        "Create the staff superuser 'merchant' (password 'merchant-demo') if absent, "
        "and print how to log in. For local demos only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the shop is served, for the printed admin link.",
        )

    def handle(self, *args, base_url: str, **options) -> None:
        demo_merchant_ensure(username=USERNAME, password=PASSWORD)
        admin_url = base_url.rstrip("/") + reverse("admin:index")
        self.stdout.write(
            f"Demo merchant: {admin_url}  user {USERNAME} / password {PASSWORD} (演示商家账号)"
        )
