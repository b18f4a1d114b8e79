"""Re-price past orders with and without a promotion and print what it would have given."""

import sys
import time
from datetime import date, datetime, timedelta
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone
from tqdm import tqdm

from promotions.definitions import promotion_definition
from promotions.engine import CaseError
from promotions.management.commands.price_cart import Malformed, read_case
from promotions.models import Promotion
from promotions.simulation import orders_in_range, simulate
from shop.commands import OneLineCommand

BAD_INPUT = 2


class BadInput(Exception):
    """Input the command refuses, with the one line that says why."""


class Command(OneLineCommand):
    help = (
        "Re-price the orders placed between two dates (inclusive, shop time) with and "
        "without a promotion, saved (KEY) or in a JSON file in the spec's shape, and print "
        "the orders it touches, the discount it gives and the average order value. "
        "Bad input exits with status 2. The twin of the admin's simulation job."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("key", nargs="?", help="the ID of a saved promotion")
        parser.add_argument("--definition", help="a JSON file with one promotion definition")
        parser.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
        parser.add_argument(
            "--alone",
            action="store_true",
            help="compare with catalog prices instead of the shop's other promotions",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            definition = self.definition(options["key"], options["definition"])
            start, end = day(options["start"], "--from"), day(options["end"], "--to")
            if end < start:
                raise BadInput("--to: before --from")
            start_at, end_at = midnight(start), midnight(end + timedelta(days=1))
            total = orders_in_range(start_at, end_at).count()
            began = time.perf_counter()
            with tqdm(
                total=total, unit="order", disable=options["verbosity"] < 1, file=sys.stderr
            ) as bar:
                summary = simulate(
                    definition=definition,
                    start=start_at,
                    end=end_at,
                    now=timezone.now(),
                    alone=options["alone"],
                    progress=bar.update,
                )
        except CaseError as error:
            self.fail(f"definition: {error}")
        except BadInput as error:
            self.fail(str(error))
        elapsed = time.perf_counter() - began
        result = summary.to_dict()
        self.stdout.write(
            "\n".join(
                [
                    f"Promotion {definition['id']}, orders of {start} to {end}"
                    + (" (alone)" if options["alone"] else ""),
                    f"  orders re-priced      {result['orders']}",
                    f"  orders it touches     {result['orders_touched']}",
                    f"  discount it gives     {result['discount']}",
                    f"  extra discount, net   {result['extra_discount']}",
                    f"  average order value   {result['average_without']} without, "
                    f"{result['average_with']} with (paid: {result['average_paid']})",
                    f"  {result['orders']} orders in {elapsed:.1f} s",
                ]
            )
        )

    def definition(self, key: str | None, path: str | None) -> dict[str, Any]:
        if (key is None) == (path is None):
            raise BadInput("give a promotion KEY or --definition FILE, not both")
        if key is not None:
            promotion = Promotion.objects.filter(key=key).first()
            if promotion is None:
                raise BadInput(f"{key}: no such promotion")
            return promotion_definition(promotion)
        try:
            definition = read_case(path)
        except Malformed as error:
            raise BadInput(f"{path}: {error}") from error
        if isinstance(definition, list) and len(definition) == 1:
            definition = definition[0]
        if not isinstance(definition, dict):
            raise BadInput(f"{path}: not one promotion definition")
        return definition

    def fail(self, message: str) -> None:
        self.stderr.write(f"error: {message}", style_func=str)
        sys.exit(BAD_INPUT)


def day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise BadInput(f"{option}: not a date (YYYY-MM-DD)") from error


def midnight(moment: date) -> datetime:
    return timezone.make_aware(datetime.combine(moment, datetime.min.time()))
