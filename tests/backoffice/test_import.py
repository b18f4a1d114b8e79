from decimal import Decimal

import pytest
import tablib
from django.core.management import call_command
from django.core.management.base import CommandError

from backoffice.importing import ImportRefused, catalog_import, read_dataset
from backoffice.models import AuditEntry
from catalog.models import SKU, Product
from inventory.models import Stock
from tests.factories import CategoryFactory, ProductFactory, SKUFactory

pytestmark = pytest.mark.django_db


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_skus_file_creates_and_updates(tmp_path):
    product = ProductFactory(slug="boot")
    SKUFactory(product=product, code="B-1", price=Decimal("10.00"))
    path = write(
        tmp_path,
        "skus.csv",
        "code,product,barcode,price,list_price,is_active,position\n"
        "B-1,boot,,12.50,,1,0\nB-2,boot,6901,9.90,15.00,1,1\n",
    )

    summary = catalog_import(dataset=read_dataset(path))

    assert (summary.kind, summary.created, summary.updated) == ("skus", 1, 1)
    assert SKU.objects.get(code="B-1").price == Decimal("12.50")
    product.refresh_from_db()
    assert product.min_price == Decimal("9.90")
    change = AuditEntry.objects.get(object_id=str(SKU.objects.get(code="B-1").pk))
    assert (change.before, change.after, change.source) == (
        {"price": "10.00"},
        {"price": "12.50"},
        "import",
    )


def test_a_bad_row_imports_nothing_and_names_row_and_column(english, tmp_path):
    ProductFactory(slug="boot")
    path = write(
        tmp_path,
        "skus.csv",
        "code,product,price\nB-1,boot,10\nB-2,boot,ten\nB-3,shoe,5\nB-4,boot,-1\n",
    )

    with pytest.raises(ImportRefused) as refused:
        catalog_import(dataset=read_dataset(path))

    problems = "\n".join(refused.value.problems)
    assert "row 3, column price" in problems
    assert "row 4, column product" in problems
    assert "row 5, column price" in problems
    assert "row 2" not in problems
    assert not SKU.objects.exists()


def test_products_file(tmp_path):
    CategoryFactory(slug="shoes")
    path = write(
        tmp_path,
        "products.csv",
        "slug,name_zh_hans,name_en,category,brand,is_active\nboot,靴子,Boot,shoes,,1\n",
    )

    catalog_import(dataset=read_dataset(path))

    product = Product.objects.get(slug="boot")
    assert (product.name_zh_hans, product.name_en, product.category.slug) == (
        "靴子",
        "Boot",
        "shoes",
    )


def test_prices_file_refuses_unknown_codes(english, tmp_path):
    SKUFactory(code="B-1")
    path = write(tmp_path, "prices.csv", "code,price,list_price\nB-1,5,\nNOPE,6,\n")

    with pytest.raises(ImportRefused) as refused:
        catalog_import(dataset=read_dataset(path))

    assert refused.value.problems == ["row 3, column code: no SKU with this code"]


def test_stock_file_goes_through_the_inventory_service(tmp_path):
    sku = SKUFactory(code="B-1")
    path = write(tmp_path, "stock.csv", "sku,on_hand\nB-1,7\n")

    catalog_import(dataset=read_dataset(path))

    assert Stock.objects.get(sku=sku).on_hand == 7


def test_stock_below_reserved_is_refused(english, tmp_path):
    sku = SKUFactory(code="B-1", stock=5)
    Stock.objects.filter(sku=sku).update(reserved=3)
    path = write(tmp_path, "stock.csv", "sku,on_hand\nB-1,2\n")

    with pytest.raises(ImportRefused) as refused:
        catalog_import(dataset=read_dataset(path))

    assert refused.value.problems[0].startswith("row 2, column on_hand")
    assert Stock.objects.get(sku=sku).on_hand == 5


def test_xlsx_file(tmp_path):
    ProductFactory(slug="boot")
    dataset = tablib.Dataset(headers=["code", "product", "price"])
    dataset.append(["X-1", "boot", 3])
    path = tmp_path / "skus.xlsx"
    path.write_bytes(dataset.export("xlsx"))

    catalog_import(dataset=read_dataset(path))

    assert SKU.objects.get(code="X-1").price == Decimal("3")


def test_command_dry_run_changes_nothing(tmp_path, capsys):
    ProductFactory(slug="boot")
    path = write(tmp_path, "skus.csv", "code,product,price\nB-1,boot,10\n")

    call_command("import_catalog", str(path), "--dry-run")

    assert "Would import 1 skus rows: 1 new" in capsys.readouterr().out
    assert not SKU.objects.exists()


def test_command_reports_bad_rows_and_exits_non_zero(english, tmp_path, capsys):
    ProductFactory(slug="boot")
    path = write(tmp_path, "skus.csv", "code,product,price\nB-1,boot,x\n")

    with pytest.raises(SystemExit) as exit_:
        call_command("import_catalog", str(path))

    assert exit_.value.code == 1
    assert (
        capsys.readouterr().err.strip().startswith("error: nothing imported: row 2, column price")
    )


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("a.txt", "x", "use a .csv or .xlsx file"),
        ("a.csv", "foo,bar\n1,2\n", "cannot tell the kind of file"),
    ],
)
def test_unusable_files_are_refused(english, tmp_path, name, text, message):
    with pytest.raises(ImportRefused, match=message):
        catalog_import(dataset=read_dataset(write(tmp_path, name, text)))


def test_missing_file_is_one_line():
    with pytest.raises((ImportRefused, CommandError, SystemExit)):
        call_command("import_catalog", "/nonexistent/file.csv")
