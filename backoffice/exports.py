"""Each dashboard figure as CSV rows: a header line, then one line per row."""

import csv
from collections.abc import Callable, Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

Columns = list[tuple[str, Any]]

COLUMNS: dict[str, Columns] = {
    "sales": [
        ("day", _("day")),
        ("orders", _("orders")),
        ("revenue", _("revenue")),
        ("average", _("average order value")),
    ],
    "products": [("name", _("product")), ("units", _("units")), ("revenue", _("revenue"))],
    "categories": [("name", _("category")), ("units", _("units")), ("revenue", _("revenue"))],
    "conversion": [
        ("carts", _("carts started")),
        ("paid_orders", _("paid orders")),
        ("rate", _("conversion (%)")),
    ],
    "promotions": [
        ("key", _("promotion ID")),
        ("name", _("name")),
        ("orders", _("orders")),
        ("discount", _("discount given")),
        ("budget_left", _("budget left")),
        ("revenue", _("revenue of these orders")),
        ("estimated_orders", _("estimated orders")),
        ("estimated_discount", _("estimated discount")),
        ("estimated_revenue", _("estimated revenue")),
    ],
}
FIGURES: dict[str, Callable[[dict[str, Any]], list[dict[str, Any]]]] = {
    "sales": lambda data: data["days"],
    "products": lambda data: data["products"],
    "categories": lambda data: data["categories"],
    "conversion": lambda data: [data["conversion"]],
    "promotions": lambda data: data["promotions"],
}


class Echo:
    """A file-like object that hands back what is written, for a streamed response."""

    def write(self, value: str) -> str:
        return value


def csv_lines(figure: str, rows: list[dict[str, Any]]) -> Iterator[str]:
    columns = COLUMNS[figure]
    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow([str(label) for _key, label in columns])
    for row in rows:
        yield writer.writerow(["" if row[key] is None else row[key] for key, _label in columns])
