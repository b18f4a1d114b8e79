"""Load the shop over loopback: gunicorn on PostgreSQL, locust shoppers for a bounded time.

Run `python bench/load.py` (`--users 50 --seconds 60 --phase-seconds 15 --workers 3`). It
seeds a scaled-down demo shop into the scratch database `shop_load` unless it has one
(DATABASE_URL to change) and caches in the scratch Redis database 14, emptied first
(REDIS_URL to change; without a Redis each process caches alone), collects static files
and starts gunicorn with production settings on 127.0.0.1. Then locust drives, one at a
time and without pauses, the trivial view (`/healthz`) and the home, listing, product and
cart pages, so that each page's throughput at saturation reads as a ratio of the trivial
view's; and then signed-in shoppers with pauses over everything, checkout included (cart
add, checkout form, order). It prints requests per second, p50/p95/p99 latency and errors
per page, and each gunicorn worker's peak resident memory. Figures only: it never fails on
time.
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
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"
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


def fresh_redis(url: str) -> bool:
    """Empty the scratch Redis database the shop caches in; False when no Redis answers."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()
    except redis.ConnectionError:
        return False
    return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def peak_resident(pid: int) -> int:
    """Return a process's peak resident memory in bytes, as the kernel counted it (VmHWM)."""
    for row in Path(f"/proc/{pid}/status").read_text().splitlines():
        if row.startswith("VmHWM:"):
            return int(row.split()[1]) * 1024
    return psutil.Process(pid).memory_info().rss


def read_peaks(master: psutil.Process, peaks: dict[int, int]) -> None:
    for worker in master.children():
        try:
            peaks[worker.pid] = max(peaks.get(worker.pid, 0), peak_resident(worker.pid))
        except (psutil.NoSuchProcess, FileNotFoundError):
            continue


def watch_memory(master: psutil.Process, peaks: dict[int, int], stop: threading.Event) -> None:
    """Keep each worker's peak; read often, since a worker's figures go with the worker."""
    while not stop.wait(0.5):
        read_peaks(master, peaks)


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


def locust(port: int, env: dict, *, tags: str, users: int, seconds: int, think: bool) -> dict:
    """Run one locust phase; return its rows by request name."""
    out = Path(tempfile.mkdtemp(prefix="bench-load-")) / "run"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--tags",
            tags,
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds}s",
            "-H",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(out),
            "--only-summary",
            "--loglevel",
            "ERROR",
        ],
        cwd=ROOT,
        env={**env, "LOAD_THINK": "1" if think else "0"},
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return {row["Name"]: row for row in csv.DictReader(Path(f"{out}_stats.csv").open())}


def line(name: str, row: dict, ceiling: float | None) -> str:
    rate = float(row["Requests/s"])
    ratio = f"{rate / ceiling:.0%}" if ceiling else "-"
    return (
        f"| {name} | {rate:.1f} | {row['50%']} | {row['95%']} | {row['99%']} "
        f"| {row['Failure Count']} | {ratio} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60, help="the shopping phase")
    parser.add_argument("--phase-seconds", type=int, default=15, help="each page alone")
    parser.add_argument("--workers", type=int, default=3, help="as docker-compose.yml runs")
    args = parser.parse_args()
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("DATABASE_URL", DEFAULT_DATABASE),
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-" + "x" * 50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on loopback: no redirect to HTTPS, cookies without the secure flag.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "LOG_LEVEL": "ERROR",
        # Thousands of log-ins from one address are the benchmark, not an attack.
        "AXES_FAILURE_LIMIT": "100000",
    }
    redis_url = os.environ.get("REDIS_URL", DEFAULT_REDIS)
    if fresh_redis(redis_url):
        env["REDIS_URL"] = redis_url
    else:
        print(f"No Redis at {redis_url}: each worker caches in its own memory.")
    prepare(env)
    run("manage.py", "collectstatic", "--noinput", "-v0", env=env)
    port = free_port()
    server = start_gunicorn(env, port, args.workers)
    peaks: dict[int, int] = {}
    stop = threading.Event()
    threading.Thread(
        target=watch_memory, args=(psutil.Process(server.pid), peaks, stop), daemon=True
    ).start()
    alone = {}
    try:
        for page in ("trivial", "home", "listing", "product", "cart"):
            rows = locust(
                port, env, tags=page, users=args.users, seconds=args.phase_seconds, think=False
            )
            alone[page] = rows[TRIVIAL if page == "trivial" else page]
        shopping = locust(
            port, env, tags="shopping", users=args.users, seconds=args.seconds, think=True
        )
    finally:
        stop.set()
        read_peaks(psutil.Process(server.pid), peaks)
        server.terminate()
        server.wait(timeout=30)
    ceiling = float(alone["trivial"]["Requests/s"])
    cache_name = "Redis" if "REDIS_URL" in env else "each process's memory"
    print(
        f"{args.users} users, {args.workers} gunicorn workers, {os.cpu_count()} CPUs, "
        f"DEBUG off, {connection_name(env)}, cache in {cache_name}"
    )
    print(f"\nEach page alone at saturation ({args.phase_seconds} s, no pauses):")
    print("| page | req/s | p50 ms | p95 ms | p99 ms | errors | vs trivial |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for page, row in alone.items():
        print(line(page, row, ceiling))
    print(f"\nShoppers with pauses, checkout included ({args.seconds} s):")
    print("| request | req/s | p50 ms | p95 ms | p99 ms | errors | vs trivial |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in PAGES:
        if name in shopping:
            print(line(name, shopping[name], None))
    total = shopping.get("Aggregated", {})
    print(f"all: {total.get('Request Count')} requests, {total.get('Failure Count')} errors")
    for pid, rss in sorted(peaks.items()):
        print(f"gunicorn worker {pid}: peak resident memory {rss / 2**20:.0f} MB")


def connection_name(env: dict) -> str:
    return urlparse(env["DATABASE_URL"]).scheme


if __name__ == "__main__":
    main()
