"""The import_promotions and export_promotions commands: files in, files out, one line on error."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from promotions.models import Promotion

from .factories import CouponCodeFactory, PromotionFactory

pytestmark = pytest.mark.django_db


def threshold(pid: str, **fields) -> dict:
    return {
        "id": pid,
        "name": f"活动 {pid}",
        "kind": "spend_threshold",
        "tiers": [{"min_spend": "200.00", "amount_off": "30.00"}],
        **fields,
    }


def run(name: str, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(name, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_creates_and_updates(tmp_path):
    PromotionFactory(key="P1", name="旧")
    path = tmp_path / "promotions.json"
    path.write_text(json.dumps([threshold("P1"), threshold("P2")], ensure_ascii=False))

    out, _err = run("import_promotions", str(path))

    assert "1 new and 1 updated" in out
    assert Promotion.objects.get(key="P1").name == "活动 P1"
    assert Promotion.objects.filter(key="P2").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            json.dumps([threshold("P1"), threshold("P2", tiers=[{"min_spend": "x"}])]),
            "promotions[1]",
        ),
        ("not json", "file: not JSON"),
        (json.dumps({"a": 1}), "promotions: not a list"),
    ],
)
def test_a_bad_file_imports_nothing_and_exits_2_with_one_line(tmp_path, content, message):
    path = tmp_path / "promotions.json"
    path.write_text(content)
    err = io.StringIO()

    with pytest.raises(SystemExit) as exit_:
        call_command("import_promotions", str(path), stderr=err)

    assert exit_.value.code == 2
    lines = err.getvalue().strip().splitlines()
    assert len(lines) == 1
    assert message in lines[0]
    assert not Promotion.objects.exists()


def test_a_missing_file_exits_2(tmp_path):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("import_promotions", str(tmp_path / "nope.json"), stderr=err)
    assert exit_.value.code == 2
    assert "cannot read" in err.getvalue()


def test_import_reads_standard_input(monkeypatch):
    data = json.dumps([threshold("P7")]).encode()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))

    run("import_promotions", "-")

    assert Promotion.objects.filter(key="P7").exists()


def test_export_round_trips_through_import(tmp_path):
    CouponCodeFactory(promotion=PromotionFactory(key="P1"), code="SAVE20")
    PromotionFactory(key="P2", usage_limit=5)
    path = tmp_path / "out.json"

    _out, err = run("export_promotions", "--output", str(path))
    exported = json.loads(path.read_text(encoding="utf-8"))
    Promotion.objects.all().delete()
    run("import_promotions", str(path))

    assert "Exported" in err
    assert [entry["id"] for entry in exported] == ["P1", "P2"]
    assert exported[0]["codes"] == ["SAVE20"]
    assert exported[1]["limits"] == {"usage_limit": 5}
    assert json.loads(run("export_promotions")[0]) == exported


def test_export_to_an_unwritable_place_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="cannot write"):
        call_command("export_promotions", "--output", str(tmp_path / "no" / "such.json"))
