"""Export every promotion as a JSON list in the spec's shape, as the import reads it."""

from typing import Any

from django.core.management.base import CommandError, CommandParser

from promotions.io import export_text, promotions_export
from shop.commands import OneLineCommand


class Command(OneLineCommand):
    help = "Write every promotion as the spec's JSON list, to standard output or a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", help="write to this file instead of stdout")

    def handle(self, *args: Any, output: str | None, **options: Any) -> None:
        text = export_text(promotions_export())
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            raise CommandError(f"{output}: cannot write ({error.strerror})") from error
        self.stderr.write(f"Exported to {output}.", style_func=str)
