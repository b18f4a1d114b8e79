"""Recompute the stored recommendations, rankings and search words now."""

from typing import Any

from django.utils import timezone
from tqdm import tqdm

from recommend.services import STEPS, recommendations_rebuild
from shop.commands import OneLineCommand


class Command(OneLineCommand):
    help = (
        "Rebuild every product's recommended products (bought together, similar, popular in "
        "its category), the default-sort ranking and the search words from the paid orders "
        "and the catalogue (the twin of the nightly rebuild_recommendations job). Safe to "
        "run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with tqdm(total=len(STEPS), desc="rebuilding", unit=" steps") as bar:

            def step(name: str) -> None:
                bar.set_postfix_str(name)
                if name != STEPS[0]:
                    bar.update(1)

            summary = recommendations_rebuild(now=timezone.now(), step=step)
            bar.update(1)
        self.stdout.write(self.style.SUCCESS(str(summary)))
