"""Load the shop over loopback: gunicorn on PostgreSQL, locust shoppers for a bounded time.

Run `python bench/load.py` (`--users 50 --seconds 60 --workers 2`). It seeds a scaled-down
demo shop into the scratch database `shop_load` unless it has one (DATABASE_URL to change),
starts gunicorn on 127.0.0.1, runs locust headless over the home,
listing, product and cart pages and a logged-in checkout (cart add, checkout form, order),
with `/healthz` as the trivial view in the same run. It prints per page the requests per
second, p50/p95/p99 latency, errors and throughput as a ratio of the trivial view's, then
each gunicorn worker's peak resident memory. Figures only: it never fails on time.
"""

from __future__ import annotations

import argparse
import csv
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import psutil

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/shop_load"
TRIVIAL = "trivial (/healthz)"
PAGES = ["home", "listing", "product", "cart", "cart add", "checkout form", "checkout", TRIVIAL]


def run(*args: str, env: dict) -> None:
    subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True)


def prepare(env: dict) -> None:
    """Create, migrate and seed the scratch database unless it is there already."""
    import psycopg

    url = urlparse(env["DATABASE_URL"])
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        name = url.path.lstrip("/")
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    run("manage.py", "migrate", "--noinput", "-v0", env=env)
    run("manage.py", "seed_demo", "--if-empty", "--scale", "0.2", "-v0", env=env)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def watch_memory(master: psutil.Process, peaks: dict[int, int], stop: threading.Event) -> None:
    while not stop.is_set():
        for worker in master.children():
            try:
                peaks[worker.pid] = max(peaks.get(worker.pid, 0), worker.memory_info().rss)
            except psutil.NoSuchProcess:
                continue
        stop.wait(0.5)


def start_gunicorn(env: dict, port: int, workers: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "shop.wsgi:application",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--timeout=60",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("gunicorn did not start")


def report(stats_csv: Path, peaks: dict[int, int], seconds: int) -> None:
    rows = {row["Name"]: row for row in csv.DictReader(stats_csv.open())}
    trivial = float(rows.get(TRIVIAL, {}).get("Requests/s", 0) or 0)
    print(
        f"{'page':<20}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'errors':>8}"
        f"{'vs trivial':>12}"
    )
    for name in PAGES:
        row = rows.get(name)
        if row is None:
            continue
        rate = float(row["Requests/s"])
        ratio = f"{rate / trivial:.0%}" if trivial else "-"
        print(
            f"{name:<20}{rate:>8.1f}{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}"
            f"{row['Failure Count']:>8}{ratio:>12}"
        )
    total = rows.get("Aggregated", {})
    print(
        f"all: {total.get('Request Count')} requests, {total.get('Failure Count')} errors "
        f"in {seconds} s"
    )
    print("note: each page's req/s follows its task weight; compare the p50s for the cost.")
    for pid, rss in sorted(peaks.items()):
        print(f"gunicorn worker {pid}: peak resident memory {rss / 2**20:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("DATABASE_URL", DEFAULT_DATABASE),
        # DEBUG=1 until collectstatic passes (static/vendor/chart.umd.min.js names a .map file
        # that is not in the repository); DEBUG also keeps each request's SQL in memory.
        "DEBUG": "1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "LOG_LEVEL": "ERROR",
    }
    prepare(env)
    port = free_port()
    server = start_gunicorn(env, port, args.workers)
    peaks: dict[int, int] = {}
    stop = threading.Event()
    threading.Thread(
        target=watch_memory, args=(psutil.Process(server.pid), peaks, stop), daemon=True
    ).start()
    out = Path(tempfile.mkdtemp(prefix="bench-load-")) / "run"
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(max(1, args.users // 5)),
                "-t",
                f"{args.seconds}s",
                "-H",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(out),
                "--only-summary",
                "--loglevel",
                "ERROR",
            ],
            cwd=ROOT,
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
        )
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
    print(
        f"{args.users} users for {args.seconds} s, {args.workers} gunicorn workers, "
        f"{os.cpu_count()} CPUs"
    )
    report(Path(f"{out}_stats.csv"), peaks, args.seconds)


if __name__ == "__main__":
    main()
