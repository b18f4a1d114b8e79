"""Import products, SKUs, prices or stock from a CSV or XLSX file: every row or none."""

from typing import Any

from django.core.management.base import CommandParser
from tqdm import tqdm

from backoffice.importing import ImportRefused, catalog_import, read_dataset
from backoffice.resources import RESOURCES
from shop.commands import OneLineCommand


class Command(OneLineCommand):
    help = (
        "Import a catalog file (.csv in UTF-8, or .xlsx): products (slug, category...), "
        "SKUs (code, product, price...), prices (code, price, list_price) or stock "
        "(sku, on_hand). The kind is told from the columns unless --kind says it. "
        "A file with a bad row imports nothing and every bad row and column is listed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .csv or .xlsx file")
        parser.add_argument("--kind", choices=sorted(RESOURCES), help="the kind of rows")
        parser.add_argument(
            "--dry-run", action="store_true", help="check every row and change nothing"
        )

    def handle(self, *args: Any, file: str, kind: str | None, dry_run: bool, **options: Any):
        try:
            dataset = read_dataset(file)
            with tqdm(total=len(dataset), desc="importing", unit=" rows", disable=None) as bar:
                summary = catalog_import(
                    dataset=dataset, kind=kind, dry_run=dry_run, progress=lambda: bar.update()
                )
        except ImportRefused as refused:
            for problem in refused.problems[:-1]:
                self.stderr.write(problem, style_func=str)
            self.fail(f"nothing imported: {refused.problems[-1]}")
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {summary.rows} {summary.kind} rows: {summary.created} new, "
                f"{summary.updated} updated, {summary.skipped} unchanged."
                + (" Dry run: nothing was changed." if dry_run else "")
            )
        )
