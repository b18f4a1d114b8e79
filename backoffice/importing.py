"""Import a catalog file all or nothing, naming each bad row and column."""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tablib
from django.db import transaction
from django.utils.translation import gettext as _

from .resources import RESOURCES

FORMATS = {".csv": "csv", ".xlsx": "xlsx"}
# The columns that tell a file's kind when the operator does not say it.
SIGNATURES = (
    ("stock", {"sku", "on_hand"}),
    ("skus", {"code", "product"}),
    ("prices", {"code", "price"}),
    ("products", {"slug", "category"}),
)


class ImportRefused(Exception):
    """The file cannot be imported; `problems` holds one line per bad row and column."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ImportSummary:
    kind: str
    rows: int
    created: int = 0
    updated: int = 0
    skipped: int = 0
    audited: int = 0
    dry_run: bool = False
    problems: list[str] = field(default_factory=list)


def read_dataset(path: str | Path) -> tablib.Dataset:
    """Load a CSV (UTF-8, with or without BOM) or XLSX file; anything else is refused."""
    path = Path(path)
    file_format = FORMATS.get(path.suffix.lower())
    if file_format is None:
        raise ImportRefused([_("%(name)s: use a .csv or .xlsx file") % {"name": path.name}])
    try:
        if file_format == "csv":
            return tablib.Dataset().load(path.read_text(encoding="utf-8-sig"), format="csv")
        return tablib.Dataset().load(path.read_bytes(), format="xlsx")
    except (OSError, UnicodeDecodeError) as error:
        raise ImportRefused([f"{path.name}: {error}"]) from error
    except Exception as error:  # tablib and openpyxl raise many kinds
        raise ImportRefused([_("%(name)s: not a readable file") % {"name": path.name}]) from error


def detect_kind(dataset: tablib.Dataset) -> str:
    headers = {str(header).strip() for header in dataset.headers or ()}
    for kind, columns in SIGNATURES:
        if columns <= headers:
            return kind
    raise ImportRefused(
        [
            _("cannot tell the kind of file from its columns: %(columns)s")
            % {"columns": ", ".join(sorted(headers)) or "—"}
        ]
    )


def problems_of(result: Any) -> list[str]:
    """Return one line per bad cell: row numbers as a spreadsheet shows them (header is 1)."""
    found: list[tuple[int, str]] = [(0, str(error.error)) for error in result.base_errors]
    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            found.extend(
                (
                    invalid.number,
                    _("row %(row)d, column %(column)s: %(message)s")
                    % {"row": invalid.number + 1, "column": column, "message": message},
                )
                for message in messages
            )
    for number, errors in result.row_errors():
        found.extend(
            (number, _("row %(row)d: %(message)s") % {"row": number + 1, "message": error.error})
            for error in errors
        )
    return [text for _number, text in sorted(found, key=lambda item: item[0])]


def catalog_import(
    *,
    dataset: tablib.Dataset,
    kind: str | None = None,
    dry_run: bool = False,
    user: Any = None,
    progress: Callable[[], None] | None = None,
) -> ImportSummary:
    """Import every row or none; a bad row raises ImportRefused naming each row and column."""
    dataset.headers = [str(header).strip() for header in dataset.headers or ()]
    kind = kind or detect_kind(dataset)
    resource = RESOURCES[kind](user=user)
    resource.progress = progress
    with transaction.atomic():
        result = resource.import_data(dataset, dry_run=dry_run, use_transactions=True)
        problems = problems_of(result)
        if problems:
            raise ImportRefused(problems)
        return ImportSummary(
            kind=kind,
            rows=len(dataset),
            created=result.totals["new"],
            updated=result.totals["update"],
            skipped=result.totals["skip"],
            dry_run=dry_run,
            audited=resource.audited,
        )
