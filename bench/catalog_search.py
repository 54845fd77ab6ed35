"""Catalogue-search benchmark: GET /api/v1/procedures?q=… against GET /api/v1/health.

Run by `make bench` as `python bench/catalog_search.py`. For each database it:

1. creates a fresh database (SQLite file var/bench/catalog_search.sqlite3; on PostgreSQL a
   separate database `motcua_bench`, created and dropped here),
2. migrates it and generates 2,000 procedures (realistic Vietnamese names built from word
   lists, several fields and agencies, bulk_create),
3. starts a real HTTP server (gunicorn, one sync worker, DEBUG off, persistent DB connections),
4. measures with a real HTTP client (http.client, one keep-alive connection, sequential)
   N search requests with varied folded queries interleaved with N health requests,
5. prints median and p99 latency of each and their ratios, and writes
   bench/results/catalog_search.json (git-ignored).

Goal (issue 3): search p99 under 30 ms on this machine, and p99 ratio search/health under 3.

By default SQLite runs, and PostgreSQL too when BENCH_DATABASE_URL / DATABASE_URL (or the
default postgres://postgres@127.0.0.1:5432/test) answers. `--sqlite` or `--postgres` runs one
only; `--both` requires both.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import math
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VAR_BENCH = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results" / "catalog_search.json"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/test"
BENCH_DB_NAME = "motcua_bench"
GOAL_P99_MS = 30.0
GOAL_RATIO = 3.0

# Queries people type: folded (no diacritics), partly with diacritics, short and long,
# some with filters. Every one is sent as GET /api/v1/procedures?q=…
QUERIES = [
    "dang ky khai sinh",
    "khai sinh",
    "chung thuc ban sao",
    "chung thuc",
    "cap giay phep xay dung",
    "giay phep",
    "dang ky kinh doanh",
    "ho kinh doanh",
    "dat dai",
    "cap giay chung nhan quyen su dung dat",
    "thue",
    "bao hiem y te",
    "thuong tru",
    "ket hon",
    "đăng ký kết hôn",
    "Cấp lại",
    "dieu chinh",
    "gia han",
    "lao dong nuoc ngoai",
    "giay phep lai xe",
    "duoc",
    "hanh nghe",
    "thanh lap doanh nghiep",
    "xac nhan tinh trang hon nhan",
    "moi truong",
    "bien ban",
    "tro cap",
    "nguoi co cong",
    "giao duc",
    "cong thuong",
    "zzzz khong co",
    "1.00",
]
FILTERED = ["&online=full", "&level=province", "&level=commune", "&page=2", ""]


# --- data generation (runs in a child process with Django set up) -------------------

VERBS = [
    "Cấp",
    "Cấp lại",
    "Cấp đổi",
    "Điều chỉnh",
    "Gia hạn",
    "Đăng ký",
    "Đăng ký lại",
    "Đăng ký thay đổi",
    "Thu hồi",
    "Xác nhận",
    "Thẩm định",
    "Phê duyệt",
    "Công nhận",
    "Chấm dứt",
    "Sửa đổi, bổ sung",
]
OBJECTS = [
    "giấy phép xây dựng",
    "giấy chứng nhận quyền sử dụng đất",
    "giấy chứng nhận đăng ký hộ kinh doanh",
    "giấy phép lao động cho người lao động nước ngoài",
    "giấy phép lái xe",
    "chứng chỉ hành nghề dược",
    "chứng chỉ hành nghề khám bệnh, chữa bệnh",
    "giấy phép kinh doanh vận tải bằng xe ô tô",
    "giấy chứng nhận đủ điều kiện an toàn thực phẩm",
    "giấy phép môi trường",
    "giấy phép hoạt động giáo dục",
    "giấy phép bán lẻ rượu",
    "giấy phép tổ chức biểu diễn nghệ thuật",
    "thông tin doanh nghiệp",
    "trợ cấp xã hội hằng tháng",
    "chế độ người có công với cách mạng",
    "quyết định thành lập trường mầm non",
    "hồ sơ khai thác nước dưới đất",
    "sổ bảo hiểm xã hội",
    "thẻ bảo hiểm y tế",
    "giấy xác nhận tình trạng hôn nhân",
    "bản sao từ sổ gốc",
    "hợp đồng chuyển nhượng quyền sử dụng đất",
    "phương án cứu hộ, cứu nạn",
    "biển hiệu, biển quảng cáo",
]
QUALIFIERS = [
    "",
    "",
    "",
    "cho tổ chức",
    "cho cá nhân",
    "cho hộ gia đình",
    "có yếu tố nước ngoài",
    "do bị mất, hỏng",
    "trường hợp thay đổi nội dung",
    "đối với công trình cấp III",
    "tại cấp xã",
    "trong khu công nghiệp",
]
FIXED = [
    "Đăng ký khai sinh",
    "Đăng ký khai sinh có yếu tố nước ngoài",
    "Đăng ký kết hôn",
    "Đăng ký khai tử",
    "Đăng ký thường trú",
    "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
    "Chứng thực chữ ký trong các giấy tờ, văn bản",
    "Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
    "Đăng ký thành lập doanh nghiệp tư nhân",
    "Đăng ký thành lập hộ kinh doanh",
]
FIELD_NAMES = [
    ("HT", "Hộ tịch"),
    ("CT", "Chứng thực"),
    ("DKKD", "Thành lập và hoạt động doanh nghiệp"),
    ("DD", "Đất đai"),
    ("XD", "Hoạt động xây dựng"),
    ("GTVT", "Đường bộ"),
    ("YT", "Dược phẩm"),
    ("GD", "Giáo dục và Đào tạo"),
    ("LD", "Việc làm"),
    ("NCC", "Người có công"),
    ("MT", "Môi trường"),
    ("CTH", "Lưu thông hàng hóa trong nước"),
]
AGENCY_NAMES = [
    ("000.00.10.H09", "Sở Tư pháp"),
    ("000.00.11.H09", "Sở Kế hoạch và Đầu tư"),
    ("000.00.12.H09", "Sở Tài nguyên và Môi trường"),
    ("000.00.13.H09", "Sở Xây dựng"),
    ("000.00.14.H09", "Sở Giao thông vận tải"),
    ("000.00.15.H09", "Sở Y tế"),
    ("000.00.16.H09", "Sở Giáo dục và Đào tạo"),
    ("000.00.17.H09", "Sở Lao động - Thương binh và Xã hội"),
    ("000.00.18.H09", "Sở Công Thương"),
    ("000.00.40.H09", "Cục Thuế tỉnh Bình Dương"),
]


def procedure_names(count: int, rng: random.Random) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    for name in FIXED:
        names.append(name)
        seen.add(name)
    while len(names) < count:
        parts = [rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(QUALIFIERS)]
        name = " ".join(p for p in parts if p)
        if name in seen:
            name = f"{name} (lần {len(names)})"
        seen.add(name)
        names.append(name)
    return names[:count]


def generate(count: int) -> None:
    """Create the fields, agencies and `count` procedures, each with one current version,
    two required documents and a fee (bulk_create; search columns filled as the services do)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    django.setup()
    from django.db import transaction

    from motcua.catalog import search_index
    from motcua.catalog.models import (
        Channel,
        FeeItem,
        Field,
        OnlineLevel,
        Procedure,
        ProcedureLevel,
        ProcedureVersion,
        RequiredDocument,
        TimeUnit,
        VersionStatus,
    )
    from motcua.core.text import fold
    from motcua.organization.models import Unit, UnitKind, UnitLevel

    rng = random.Random(20240501)
    start = dt.date(2024, 1, 1)
    with transaction.atomic():
        province, _ = Unit.objects.get_or_create(
            code="000.00.00.H09",
            defaults={
                "name": "UBND tỉnh Bình Dương",
                "kind": UnitKind.PROVINCE,
                "level": UnitLevel.PROVINCE,
                "valid_from": start,
            },
        )
        agencies = [
            Unit.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "kind": UnitKind.AGENCY,
                    "level": UnitLevel.PROVINCE,
                    "parent": province,
                    "valid_from": start,
                },
            )[0]
            for code, name in AGENCY_NAMES
        ]
        fields = [
            Field.objects.get_or_create(code=code, defaults={"name": name, "sort_order": i})[0]
            for i, (code, name) in enumerate(FIELD_NAMES)
        ]
        procedures = Procedure.objects.bulk_create(
            [Procedure(national_code=f"{1 + i % 2}.{i + 1:06d}") for i in range(count)],
            batch_size=500,
        )
        versions = []
        for i, (procedure, name) in enumerate(
            zip(procedures, procedure_names(count, rng), strict=True)
        ):
            field_obj = fields[i % len(fields)]
            level = rng.choices(
                [ProcedureLevel.PROVINCE, ProcedureLevel.COMMUNE, ProcedureLevel.CENTRAL],
                weights=[6, 3, 1],
            )[0]
            agency = None if level == ProcedureLevel.COMMUNE else agencies[i % len(agencies)]
            online = rng.choice(list(OnlineLevel))
            unit = rng.choice([TimeUnit.WORKING_DAYS] * 6 + [TimeUnit.SAME_DAY])
            parts = [procedure.national_code, name, field_obj.code, field_obj.name]
            if agency is not None:
                parts.append(agency.name)
            versions.append(
                ProcedureVersion(
                    procedure=procedure,
                    version_no=1,
                    status=VersionStatus.PUBLISHED,
                    effective_from=start,
                    is_current=True,
                    name=name,
                    field=field_obj,
                    level=level,
                    implementing_agency=agency,
                    deciding_agency=agency,
                    applicant_types=["individual", "organization"][: rng.randint(1, 2)],
                    channels=[Channel.COUNTER]
                    + ([Channel.ONLINE] if online != OnlineLevel.NONE else [])
                    + [Channel.POST],
                    online_level=online,
                    time_limit_value=0
                    if unit == TimeUnit.SAME_DAY
                    else rng.choice([1, 3, 5, 10, 15, 20]),
                    time_limit_unit=unit,
                    steps=["Bước 1: Nộp hồ sơ.", "Bước 2: Giải quyết.", "Bước 3: Trả kết quả."],
                    result_name=name.replace("Đăng ký", "Giấy chứng nhận đăng ký", 1),
                    legal_basis=[
                        {"number": "Nghị định 61/2018/NĐ-CP", "date": "2018-04-23", "title": ""}
                    ],
                    name_folded=fold(name),
                    search_text=fold(" ".join(parts)),
                )
            )
        versions = ProcedureVersion.objects.bulk_create(versions, batch_size=500)
        RequiredDocument.objects.bulk_create(
            [
                RequiredDocument(version=v, name=doc, originals=1, copies=c, order=k)
                for v in versions
                for k, (doc, c) in enumerate([("Tờ khai theo mẫu", 0), ("Căn cước công dân", 1)])
            ],
            batch_size=1000,
        )
        FeeItem.objects.bulk_create(
            [
                FeeItem(version=v, name="Lệ phí", amount=rng.choice([0, 8000, 50000, 100000]))
                for v in versions
            ],
            batch_size=1000,
        )
        search_index.mark_changed()  # bulk_create sends no signals: say the catalogue changed
    # Planner statistics as a running system has them (autovacuum's ANALYZE on PostgreSQL,
    # PRAGMA optimize on SQLite); without them PostgreSQL plans nested loops for 2,000 rows.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"   generated {len(versions)} procedures in {len(fields)} fields, {len(agencies)} agencies"
    )


# --- the run --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pg_admin_url() -> str:
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
        conn.execute(sql)


@contextlib.contextmanager
def database(kind: str) -> Iterator[str]:
    """A fresh, empty database for the run; yields its DATABASE_URL."""
    if kind == "sqlite":
        VAR_BENCH.mkdir(parents=True, exist_ok=True)
        path = VAR_BENCH / "catalog_search.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        yield f"sqlite:///{path}"
        return
    admin = pg_admin_url()
    pg_admin(admin, f'DROP DATABASE IF EXISTS "{BENCH_DB_NAME}" WITH (FORCE)')
    pg_admin(admin, f'CREATE DATABASE "{BENCH_DB_NAME}"')
    try:
        yield with_dbname(admin, BENCH_DB_NAME)
    finally:
        pg_admin(admin, f'DROP DATABASE IF EXISTS "{BENCH_DB_NAME}" WITH (FORCE)')


def child_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="motcua.settings",
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-production",  # noqa: S105
        DJANGO_LOG_LEVEL="WARNING",
        DB_CONN_MAX_AGE="600",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        MOTCUA_TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        PYTHONPATH=str(ROOT),
    )
    return env


def run(cmd: list[str], env: dict[str, str]) -> None:
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)


@contextlib.contextmanager
def server(env: dict[str, str]) -> Iterator[int]:
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "motcua.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--worker-class",
        "sync",
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
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def timed_get(conn: http.client.HTTPConnection, path: str) -> tuple[float, int, bytes]:
    start = time.perf_counter()
    conn.request("GET", path, headers={"Accept": "application/json"})
    response = conn.getresponse()
    body = response.read()
    return (time.perf_counter() - start) * 1000.0, response.status, body


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


def search_paths(n: int, rng: random.Random) -> list[str]:
    paths = []
    for i in range(n):
        q = QUERIES[i % len(QUERIES)]
        extra = FILTERED[rng.randrange(len(FILTERED))] if i % 4 == 3 else ""
        paths.append(f"/api/v1/procedures?q={quote(q)}{extra}")
    return paths


def measure(port: int, n: int, warmup: int) -> dict[str, Any]:
    rng = random.Random(7)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    paths = search_paths(n, rng)
    for i in range(warmup):
        timed_get(conn, "/api/v1/health")
        timed_get(conn, paths[i % len(paths)])
    health: list[float] = []
    search: list[float] = []
    counts: list[int] = []
    for i in range(n):
        # Interleave, alternating which goes first, so both see the same machine state.
        order = ("health", "search") if i % 2 == 0 else ("search", "health")
        for what in order:
            if what == "health":
                ms, status, _ = timed_get(conn, "/api/v1/health")
                if status != 200:
                    raise RuntimeError(f"health answered {status}")
                health.append(ms)
            else:
                ms, status, body = timed_get(conn, paths[i])
                if status != 200:
                    raise RuntimeError(f"{paths[i]} answered {status}: {body[:300]!r}")
                counts.append(int(json.loads(body)["count"]))
                search.append(ms)
    conn.close()
    s, h = summary(search), summary(health)
    return {
        "search": s,
        "health": h,
        "ratio_p99": round(s["p99_ms"] / h["p99_ms"], 2),
        "ratio_median": round(s["median_ms"] / h["median_ms"], 2),
        "search_hits_median": statistics.median(counts),
        "search_zero_hit_share": round(sum(1 for c in counts if c == 0) / len(counts), 3),
    }


def bench_one(kind: str, *, procedures: int, n: int, warmup: int) -> dict[str, Any]:
    print(f"-- {kind}: fresh database, migrate, {procedures} procedures", flush=True)
    with database(kind) as url:
        env = child_env(url)
        run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], env)
        started = time.perf_counter()
        run([sys.executable, str(Path(__file__).resolve()), "--generate", str(procedures)], env)
        generated_s = time.perf_counter() - started
        with server(env) as port:
            print(f"-- {kind}: gunicorn on :{port}, {n} + {n} requests", flush=True)
            load_before = os.getloadavg()[0]
            result = measure(port, n, warmup)
            result["load_average_1m"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    result.update(database=kind, procedures=procedures, requests_each=n)
    result["generate_seconds"] = round(generated_s, 1)
    return result


def print_table(results: list[dict[str, Any]]) -> None:
    head = f"{'database':<10} {'endpoint':<8} {'median ms':>10} {'p99 ms':>8} {'max ms':>8}"
    print()
    print(head)
    print("-" * len(head))
    for r in results:
        for what in ("search", "health"):
            s = r[what]
            print(
                f"{r['database']:<10} {what:<8} {s['median_ms']:>10.2f} {s['p99_ms']:>8.2f} {s['max_ms']:>8.2f}"
            )
        ok = r["search"]["p99_ms"] < GOAL_P99_MS and r["ratio_p99"] < GOAL_RATIO
        before, after = r["load_average_1m"]
        if max(before, after) > 1.0:
            print(
                f"{r['database']:<10} (load average {before:.1f} → {after:.1f}: other work was "
                "running, expect noisy p99s)"
            )
        print(
            f"{r['database']:<10} ratio    median {r['ratio_median']:.2f}  p99 {r['ratio_p99']:.2f}"
            f"  goal (p99 < {GOAL_P99_MS:.0f} ms, ratio < {GOAL_RATIO:.0f}): {'MET' if ok else 'NOT MET'}"
        )
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--generate", type=int, metavar="N", help=argparse.SUPPRESS)
    parser.add_argument("--procedures", type=int, default=2000)
    parser.add_argument("-n", "--requests", type=int, default=500)
    parser.add_argument("--warmup", type=int, default=50)
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--sqlite", action="store_true", help="SQLite only")
    which.add_argument("--postgres", action="store_true", help="PostgreSQL only")
    which.add_argument("--both", action="store_true", help="both; fail if PostgreSQL is absent")
    args = parser.parse_args()

    if args.generate:
        generate(args.generate)
        return 0

    kinds: list[str] = []
    if not args.postgres:
        kinds.append("sqlite")
    if args.postgres or args.both:
        if not pg_answers(pg_admin_url()):
            print(f"PostgreSQL at {pg_admin_url()} does not answer.", file=sys.stderr)
            return 2
        kinds.append("postgresql")
    elif not args.sqlite and pg_answers(pg_admin_url()):
        kinds.append("postgresql")
    elif not args.sqlite:
        print(f"(PostgreSQL at {pg_admin_url()} does not answer: SQLite only.)")

    results = [
        bench_one(kind, procedures=args.procedures, n=args.requests, warmup=args.warmup)
        for kind in kinds
    ]
    print_table(results)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "benchmark": "catalog_search",
                "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "machine": {
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "cpus": os.cpu_count(),
                },
                "goal": {"p99_ms": GOAL_P99_MS, "ratio": GOAL_RATIO},
                "runs": results,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"written {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
