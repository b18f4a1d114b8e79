"""`manage.py price_cart`: one JSON case in, one JSON result out, no database."""

from __future__ import annotations

import copy
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from promotions.engine import price_case

ROOT = Path(__file__).resolve().parents[2]
CASE = {
    "now": "2026-11-11T20:00:00+08:00",
    "items": {
        "茶-500G": {"price": "100.00", "categories": ["food/tea"]},
        "B": {"price": "60.00"},
    },
    "cart": [{"sku": "茶-500G", "qty": 2}, {"sku": "B", "qty": 1}],
    "shipping": "10.00",
    "codes": ["save20"],
    "promotions": [
        {
            "id": "P1",
            "name": "满200减30",
            "kind": "spend_threshold",
            "tiers": [
                {"min_spend": "200.00", "amount_off": "30.00"},
                {"min_spend": "300.00", "amount_off": "50.00"},
            ],
        },
        {"id": "P2", "kind": "percent_off", "percent": 10, "targets": {"categories": ["food"]}},
        {"id": "P3", "kind": "free_shipping", "min_spend": "99.00"},
    ],
}


def run(*args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess:
    # The development SECRET_KEY warning goes to stderr; the command's own stderr is tested.
    environment = {**os.environ, "SECRET_KEY": "test-only", **env}
    return subprocess.run(
        [sys.executable, "manage.py", "price_cart", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=60,
    )


def test_prints_the_result_of_a_file(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE, ensure_ascii=False), encoding="utf-8")
    done = run(str(path))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert json.loads(done.stdout) == price_case(copy.deepcopy(CASE))
    assert "茶-500G" in done.stdout
    assert done.stdout.startswith('{\n  "currency": "CNY",\n  "lines": [')


def test_reads_standard_input_and_touches_no_database():
    done = run(
        "-",
        stdin=json.dumps(CASE),
        DATABASE_URL="postgres://nobody@127.0.0.1:1/no_such_database",
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["total"] == "210.00"
    assert result["not_applied"][-1] == {"code": "save20", "reason": "unknown_code"}


def malformed(path: tuple, value) -> dict:
    case = copy.deepcopy(CASE)
    parent = case
    for key in path[:-1]:
        parent = parent[key]
    if value is None:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return case


@pytest.mark.parametrize(
    ("document", "line"),
    [
        (malformed(("items",), None), "error: items: required"),
        (
            malformed(("items", "B", "price"), "-1.00"),
            "error: items.B.price: must not be negative",
        ),
        (malformed(("cart", 1, "qty"), -2), "error: cart[1].qty: must be at least 1"),
        (
            malformed(("promotions", 1, "percent"), 101),
            "error: promotions[1].percent: must be between 0 and 100",
        ),
        (
            malformed(("promotions", 0, "tiers", 1, "min_spend"), "150.00"),
            "error: promotions[0].tiers[1].min_spend: must be above the previous tier's",
        ),
        (
            malformed(("promotions", 2, "kind"), "mystery"),
            "error: promotions[2].kind: unknown kind",
        ),
        (
            malformed(
                ("promotions", 2, "conditions"),
                {"starts_at": "2026-11-12T00:00:00+08:00", "ends_at": "2026-11-11T00:00:00+08:00"},
            ),
            "error: promotions[2].conditions.starts_at: must be before ends_at",
        ),
    ],
)
def test_a_malformed_case_exits_2_with_one_line_saying_where(document, line):
    done = run("-", stdin=json.dumps(document))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [line]


@pytest.mark.parametrize(
    ("document", "line"),
    [
        (malformed(("cart", 0, "qty"), None), "error: cart[0].qty: required"),
        (malformed(("promotions", 1, "percent"), None), "error: promotions[1].percent: required"),
        (malformed(("cart", 1, "qty"), 1.5), "error: cart[1].qty: not an integer"),
        (malformed(("cart", 1, "sku"), "NOPE"), "error: cart[1].sku: unknown SKU"),
        (
            malformed(("promotions", 0, "tiers", 0, "min_spend"), "2OO"),
            "error: promotions[0].tiers[0].min_spend: not a decimal",
        ),
        (
            malformed(("promotions", 2, "targets"), {"sku": ["B"]}),
            "error: promotions[2].targets.sku: unknown key",
        ),
        ([1, 2], "error: case: not an object"),
    ],
)
def test_more_malformed_cases_in_process(tmp_path, document, line):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("price_cart", str(path), stdout=out, stderr=err)
    assert exited.value.code == 2
    assert out.getvalue() == ""
    assert err.getvalue().splitlines() == [line]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('{\n  "items": {},\n  "cart": [,]\n}', "error: line 3 column 12: invalid JSON"),
        ('{"items": {"A": {"price": NaN}}}', "error: NaN: not a JSON number"),
    ],
)
def test_text_that_is_not_json_exits_2_with_one_line(text, line):
    done = run("-", stdin=text)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [line]


def test_json_nested_too_deeply_is_refused_in_one_line(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("price_cart", str(path), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines() == ["error: case: nested too deeply"]


def test_an_unreadable_file_exits_2_with_one_line(tmp_path):
    done = run(str(tmp_path / "missing.json"))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"error: {tmp_path / 'missing.json'}: cannot read (FileNotFoundError)"
    ]


def test_a_file_saved_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE, ensure_ascii=False), encoding="utf-8-sig")
    out = io.StringIO()
    call_command("price_cart", str(path), stdout=out, stderr=io.StringIO())
    assert json.loads(out.getvalue())["total"] == "210.00"
