"""Price one JSON case with the promotions engine: `manage.py price_cart FILE` (`-`: stdin)."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from typing import Any

from django.core.management.base import CommandParser

from promotions.engine import CaseError, price_case
from shop.commands import OneLineCommand

MALFORMED = 2


class Malformed(Exception):
    """A case that cannot be priced, with the one line that says why."""


class NotJsonNumber(ValueError):
    """NaN or Infinity: Python's json module accepts them, JSON does not."""


def reject_constant(name: str) -> Any:
    raise NotJsonNumber(name)


def read_case(source: str) -> Any:
    """Read and parse the case; amounts become Decimals, never floats."""
    try:
        if source == "-":
            document = sys.stdin.buffer.read().decode("utf-8-sig")
        else:
            with open(source, encoding="utf-8-sig") as handle:
                document = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        raise Malformed(f"{source}: cannot read ({error.__class__.__name__})") from error
    try:
        return json.loads(document, parse_float=Decimal, parse_constant=reject_constant)
    except json.JSONDecodeError as error:
        raise Malformed(f"line {error.lineno} column {error.colno}: invalid JSON") from error
    except NotJsonNumber as error:
        raise Malformed(f"{error}: not a JSON number") from error
    except RecursionError as error:
        raise Malformed("case: nested too deeply") from error


class Command(OneLineCommand):
    help = (
        "Price one JSON case (a cart, its context and a set of promotions) and print the "
        "result as JSON. Reads and writes no database. A malformed case exits with status 2."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the JSON case, or - for standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = price_case(read_case(options["file"]))
        except CaseError as error:
            self.fail(str(error))
        except Malformed as error:
            self.fail(str(error))
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def fail(self, message: str) -> None:
        self.stderr.write(f"error: {message}", style_func=str)
        sys.exit(MALFORMED)
