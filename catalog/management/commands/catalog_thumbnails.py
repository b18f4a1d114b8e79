"""Make the pre-sized copies of product pictures that pages link to."""

from django.core.management.base import CommandParser
from django.db.models import Q
from tqdm import tqdm

from catalog.models import ProductImage
from catalog.services import product_image_make_renditions
from shop.commands import OneLineCommand

BATCH_SIZE = 50


class Command(OneLineCommand):
    help = "Make the thumbnail and large copies of product pictures that have none yet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Remake every picture's copies.")

    def handle(self, *args, force: bool, verbosity: int, **options) -> None:
        images = ProductImage.objects.order_by("id")
        if not force:
            images = images.filter(Q(thumbnail="") | Q(large=""))
        ids = list(images.values_list("id", flat=True))
        made = 0
        for start in tqdm(range(0, len(ids), BATCH_SIZE), disable=verbosity < 1, unit="batch"):
            made += product_image_make_renditions(
                image_ids=ids[start : start + BATCH_SIZE], force=force
            )
        self.stdout.write(self.style.SUCCESS(f"Made copies of {made} pictures."))
