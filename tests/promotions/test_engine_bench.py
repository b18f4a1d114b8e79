"""The pricing benchmark still runs: its quick mode prints a row per size."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_quick_benchmark_prints_its_table():
    done = subprocess.run(
        [sys.executable, "bench/promotions.py", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    header, *rows = done.stdout.splitlines()
    assert header.split() == [
        "lines",
        "promos",
        "median",
        "ms",
        "p95",
        "ms",
        "compile",
        "ms",
        "naive",
        "ms",
        "ratio",
        "optimal",
    ]
    assert [row.split()[:2] for row in rows] == [
        ["5", "10"],
        ["50", "10"],
        ["5", "100"],
        ["50", "100"],
    ]
