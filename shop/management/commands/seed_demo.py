"""Fill the database with the demo shop: catalogue, stock, customers and a year of orders."""

from django.core.management.base import CommandError, CommandParser
from django.db.models import ProtectedError, RestrictedError

from shop.commands import OneLineCommand
from shop.demo.seed import demo_data_exists, demo_flush, demo_seed, shop_has_products


def _positive(text: str) -> float:
    value = float(text)
    if not 0 < value <= 100:
        raise ValueError(text)
    return value


class Command(OneLineCommand):
    help = (
        "Seed a deterministic bilingual demo shop: about 30 categories, 40 brands, 1,000 "
        "products with SKUs, stock and pictures, 300 customers (customer001…, password "
        "'demo-password') and 20,000 orders over the last year. Refuses to touch a database "
        "that already holds a catalogue unless given --if-empty or --flush."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        existing = parser.add_mutually_exclusive_group()
        existing.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing, successfully, when the shop already has products.",
        )
        existing.add_argument(
            "--flush",
            action="store_true",
            help="First delete the whole catalogue, the demo customers and their orders.",
        )
        parser.add_argument(
            "--scale",
            type=_positive,
            default=1.0,
            help="Multiply the numbers of products, customers and orders (default 1.0).",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed: the same seed gives the same shop."
        )

    def handle(self, *args, if_empty: bool, flush: bool, scale: float, seed: int, **options):
        if if_empty and shop_has_products():
            self.stdout.write("The shop already has products: nothing to seed.")
            return
        if demo_data_exists():
            if not flush:
                raise CommandError(
                    "The database already holds a catalogue or demo customers: "
                    "pass --flush to replace them."
                )
            try:
                demo_flush()
            except (ProtectedError, RestrictedError) as error:
                raise CommandError(f"Cannot flush the demo data: {error.args[0]}") from error
        summary = demo_seed(scale=scale, seed=seed, progress=options["verbosity"] > 0)
        self.stdout.write(self.style.SUCCESS(str(summary)))
