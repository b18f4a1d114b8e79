"""Recompute the lowest price that listings show, for every product or for some."""

from django.core.management.base import CommandParser
from tqdm import tqdm

from catalog.models import Product
from catalog.services import product_refresh_prices
from shop.commands import OneLineCommand

BATCH_SIZE = 500


class Command(OneLineCommand):
    help = (
        "Recompute Product.min_price from active SKUs (the twin of the refresh_product_prices job)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("product_ids", nargs="*", type=int, help="Only these products.")

    def handle(self, *args, product_ids: list[int], verbosity: int, **options) -> None:
        ids = product_ids or list(Product.objects.order_by("id").values_list("id", flat=True))
        for start in tqdm(range(0, len(ids), BATCH_SIZE), disable=verbosity < 1, unit="batch"):
            product_refresh_prices(product_ids=ids[start : start + BATCH_SIZE])
        self.stdout.write(self.style.SUCCESS(f"Refreshed the prices of {len(ids)} products."))
