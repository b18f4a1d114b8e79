"""Recompute every reviewed product's rating figures and Bayesian score."""

from argparse import ArgumentTypeError
from typing import Any

from django.core.management.base import CommandError, CommandParser
from tqdm import tqdm

from reviews.selectors import product_ids_with_reviews
from reviews.services import product_rating_refresh
from shop.commands import OneLineCommand
from shop.ids import as_id


def product_id(value: str) -> int:
    number = as_id(value)
    if number is None:
        raise ArgumentTypeError(f"not a product id: {value}")
    return number


class Command(OneLineCommand):
    help = (
        "Recount the published reviews of every reviewed product (or of the given ids) and "
        "recompute its Bayesian score, whose category prior moves as other products are "
        "reviewed (the twin of the nightly refresh_product_ratings job). Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("product_ids", nargs="*", type=product_id, help="only these products")

    def handle(self, *args: Any, product_ids: list[int], **options: Any) -> None:
        ids = product_ids or product_ids_with_reviews()
        missing = set(product_ids) - set(product_ids_with_reviews(only=product_ids))
        if missing:
            raise CommandError(f"No reviews for product ids: {sorted(missing)}")
        for product_id in tqdm(ids, desc="ratings", unit=" products", disable=not ids):
            product_rating_refresh(product_id=product_id)
        self.stdout.write(self.style.SUCCESS(f"Refreshed the ratings of {len(ids)} products."))
