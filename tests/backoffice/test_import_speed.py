"""A 10,000-row file imports well within a minute (the figure is printed, run with -s)."""

import time

import pytest

from backoffice.importing import catalog_import, read_dataset
from catalog.models import SKU
from tests.factories import ProductFactory

ROWS = 10_000


@pytest.mark.slow
@pytest.mark.django_db
def test_ten_thousand_sku_rows(tmp_path):
    products = [ProductFactory(slug=f"p-{index}").slug for index in range(100)]
    lines = ["code,product,barcode,price,list_price,is_active,position"]
    lines += [
        f"S-{index:05d},{products[index % 100]},69{index:011d},{10 + index % 90}.50,,1,0"
        for index in range(ROWS)
    ]
    path = tmp_path / "skus.csv"
    path.write_text("\n".join(lines), encoding="utf-8")

    started = time.perf_counter()
    summary = catalog_import(dataset=read_dataset(path))
    seconds = time.perf_counter() - started

    print(f"\nimported {ROWS} SKU rows in {seconds:.1f} s ({ROWS / seconds:.0f} rows/s)")
    assert summary.created == ROWS
    assert SKU.objects.count() == ROWS
    assert seconds < 60
