"""Import promotions from a JSON file in the spec's shape: all of them or none."""

import sys
from typing import Any

from django.core.management.base import CommandParser

from promotions.io import ImportRefused, promotions_import, read_promotions
from shop.commands import OneLineCommand

REFUSED = 2


class Command(OneLineCommand):
    help = (
        "Create or update promotions, by id, from a JSON list (or a pricing case) in the "
        "spec's shape. Nothing is imported if one promotion is bad: exits with status 2."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the JSON file, or - for standard input")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        try:
            data = sys.stdin.buffer.read() if file == "-" else read_bytes(file)
            summary = promotions_import(definitions_list=read_promotions(data))
        except ImportRefused as error:
            self.stderr.write(f"error: nothing imported: {error}", style_func=str)
            sys.exit(REFUSED)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(summary.created)} new and {len(summary.updated)} updated "
                "promotions."
            )
        )


def read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise ImportRefused(path, f"cannot read ({error.strerror})") from error
