"""Helpers shared by the benchmark scripts (not a benchmark: `make bench` skips `_*.py`).

Every script runs as `python bench/<name>.py`, so this module is imported as `_common`
(the script's own directory is first on sys.path). It holds only plumbing: a fresh
PostgreSQL database, the environment of a child process, a real gunicorn server, and the
statistics and result file every script prints and writes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import json
import math
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
VAR_BENCH = ROOT / "var" / "bench"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/test"
BENCH_SECRET_KEY = "bench-only-secret-key-not-for-production"  # noqa: S105 - a bench-only value


# --- PostgreSQL ---------------------------------------------------------------------------


def pg_admin_url() -> str:
    """The server benchmarks create their databases on: BENCH_DATABASE_URL, else
    DATABASE_URL, else the local default."""
    return os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_PG


def with_dbname(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def pg_answers(url: str) -> bool:
    if not url.startswith(("postgres://", "postgresql://")):
        return False
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
        return True
    except Exception:
        return False


def pg_admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql)  # our own DDL (database names we chose), no user input


@contextlib.contextmanager
def pg_database(name: str, *, keep: bool = False) -> Iterator[str]:
    """A fresh, empty PostgreSQL database `name` on the admin server (dropped first if it
    exists, and dropped again at the end unless `keep`); yields its URL."""
    admin = pg_admin_url()
    pg_admin(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    pg_admin(admin, f'CREATE DATABASE "{name}"')
    try:
        yield with_dbname(admin, name)
    finally:
        if not keep:
            pg_admin(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_libpq_env(url: str) -> dict[str, str]:
    """PG* variables for libpq tools (pgbench, psql) from a postgres:// URL."""
    parts = urlsplit(url)
    env = {
        "PGHOST": parts.hostname or "127.0.0.1",
        "PGPORT": str(parts.port or 5432),
        "PGUSER": parts.username or "postgres",
        "PGDATABASE": parts.path.lstrip("/"),
    }
    if parts.password:
        env["PGPASSWORD"] = parts.password
    return env


# --- Child processes and the server ---------------------------------------------------------


def child_env(database_url: str, *, conn_max_age: int = 600, **extra: str) -> dict[str, str]:
    """Environment of a Django child process (manage.py, a generator, gunicorn): production
    settings (DEBUG off), the given database, quiet logs."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="motcua.settings",
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=BENCH_SECRET_KEY,
        DJANGO_LOG_LEVEL="WARNING",
        DB_CONN_MAX_AGE=str(conn_max_age),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        MOTCUA_TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def run(cmd: list[str], env: dict[str, str]) -> None:
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def server(env: dict[str, str], *, workers: int = 1, threads: int = 1) -> Iterator[int]:
    """gunicorn serving motcua.wsgi on a free local port (sync workers unless threads > 1);
    yields the port once GET /api/v1/health answers 200."""
    with server_process(env, workers=workers, threads=threads) as (port, _pid):
        yield port


@contextlib.contextmanager
def server_process(
    env: dict[str, str], *, workers: int = 1, threads: int = 1
) -> Iterator[tuple[int, int]]:
    """Like `server`, yielding (port, pid of the gunicorn master)."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "motcua.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "sync" if threads == 1 else "gthread",
        "--keep-alive",
        "75",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                raise RuntimeError("gunicorn exited before answering")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/api/v1/health")
                if conn.getresponse().status == 200:
                    conn.close()
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer within 30 s")
            time.sleep(0.2)
        yield port, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- CPU accounting (Linux /proc) ------------------------------------------------------------

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, user + system CPU seconds) of a live process, from /proc/<pid>/stat."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICKS


def process_tree_cpu(root: int) -> float:
    """CPU seconds used so far by `root` and its live descendants (gunicorn and workers)."""
    stats: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            st = _stat(int(entry.name))
            if st is not None:
                stats[int(entry.name)] = st
    tree, total, frontier = {root}, 0.0, [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, _) in stats.items():
            if ppid == parent and pid not in tree:
                tree.add(pid)
                frontier.append(pid)
    for pid in tree:
        if pid in stats:
            total += stats[pid][1]
    return total


def pg_backends_cpu(admin_url: str, dbname: str) -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend connected to `dbname` (the server must run
    on this machine; an empty answer otherwise)."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        pids = [
            int(row[0])
            for row in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (dbname,),
            )
        ]
    out = {}
    for pid in pids:
        st = _stat(pid)
        if st is not None:
            out[pid] = st[1]
    return out


def cpu_delta(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two `pg_backends_cpu` readings (new backends count whole)."""
    return sum(v - before.get(pid, 0.0) for pid, v in after.items())


class WaitSampler:
    """Samples pg_stat_activity of one database every `interval` seconds in a thread:
    how often its backends are running, waiting for a lock (and on which statement), or
    idle in a transaction (the application holding a transaction open)."""

    def __init__(self, admin_url: str, dbname: str, interval: float = 0.05) -> None:
        import threading
        from collections import Counter

        self.admin_url, self.dbname, self.interval = admin_url, dbname, interval
        self.states: Counter[str] = Counter()
        self.lock_queries: Counter[str] = Counter()
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5) as conn:
            while not self._stop.is_set():
                rows = conn.execute(
                    "SELECT state, wait_event_type, wait_event, left(query, 60) "
                    "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                    (self.dbname,),
                ).fetchall()
                self.samples += 1
                for state, wait_type, wait_event, query in rows:
                    if state == "active" and wait_type == "Lock":
                        key = f"waiting for a lock ({wait_event})"
                        self.lock_queries[query] += 1
                    elif state == "active":
                        key = (
                            f"active ({wait_type or 'CPU'}{'/' + wait_event if wait_event else ''})"
                        )
                    else:
                        key = str(state)
                    self.states[key] += 1
                self._stop.wait(self.interval)

    def __enter__(self) -> WaitSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def report(self) -> dict[str, Any]:
        """Average number of backends in each state, and the statements waiting for locks."""
        n = max(1, self.samples)
        return {
            "samples": self.samples,
            "backends_by_state": {k: round(v / n, 2) for k, v in self.states.most_common()},
            "lock_waits_by_statement": {
                k: round(v / n, 2) for k, v in self.lock_queries.most_common(5)
            },
        }


# --- Statistics and results ---------------------------------------------------------------


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100.0 * len(ordered)))
    return ordered[rank - 1]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(values), 3),
        "p99_ms": round(percentile(values, 99), 3),
        "mean_ms": round(statistics.fmean(values), 3),
        "min_ms": round(min(values), 3),
        "max_ms": round(max(values), 3),
    }


def code_version() -> dict[str, Any]:
    """The commit measured, and whether the application code had uncommitted changes."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "motcua"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return {"commit": "", "app_changed": None}
    return {"commit": commit, "app_changed": bool(dirty)}


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def machine_busy_cpu() -> float:
    """CPU seconds all processes of the machine have used since boot (/proc/stat)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / _TICKS


def others_share(busy_seconds: float, ours_seconds: float, wall_seconds: float) -> float:
    """The share of the machine's CPU that processes other than the benchmark's used while
    it measured (0 on an otherwise idle machine)."""
    capacity = wall_seconds * (os.cpu_count() or 1)
    return round(max(0.0, busy_seconds - ours_seconds) / capacity, 3) if capacity else 0.0


def noise_note(share: float) -> str:
    """A warning when other work took a noticeable part of the CPU ('' otherwise)."""
    if share <= 0.10:
        return ""
    return (
        f"(other processes used {share:.0%} of the {os.cpu_count()} CPUs during the measurement: "
        "expect lower throughput and noisy p99s — compare ratios, or rerun when idle)"
    )


def goal_line(label: str, ok: bool, detail: str) -> str:
    """One `PASS`/`MISS` line: goals are reported, never turned into an exit status."""
    return f"{'PASS' if ok else 'MISS'}  {label}: {detail}"


def write_results(name: str, payload: dict[str, Any]) -> Path:
    """bench/results/<name>.json (git-ignored), with the time and the machine."""
    path = RESULTS_DIR / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {
        "benchmark": name,
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "code": code_version(),
        **payload,
    }
    path.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
