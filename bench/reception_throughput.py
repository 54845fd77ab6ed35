"""Reception throughput: dossiers received per second through POST /api/v1/dossiers on
PostgreSQL with 8 concurrent clients, beside pgbench on a two-insert transaction.

Run by `make bench` as `python bench/reception_throughput.py`. It:

1. creates a fresh PostgreSQL database `motcua_bench_reception` (on the server of
   BENCH_DATABASE_URL, else DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test),
   migrates it, loads the demo organisation, accounts and catalogue, and imports one bench
   procedure with a 4-step process (receiving → specialist → agency leader → returning, at
   Sở Tư pháp) and 3 mandatory documents; gives 8 receiving officers of the Thủ Dầu Một
   branch one API token each;
2. starts a real server: gunicorn, 4 sync workers, DEBUG off, DB_CONN_MAX_AGE=60;
3. runs 8 client threads, each a keep-alive http.client connection and one officer, posting
   complete dossiers (individual applicant, 3 documents ticked, a fresh Idempotency-Key)
   for 20 s after a short warm-up; every answer must be 201 with a code;
4. for scale, 8 clients on GET /api/v1/health on the same server (the hello-world request);
5. pgbench with 8 clients for the same duration on a two-insert transaction (a dossier-like
   row, then a child row referencing it) in the same database;
6. checks the data: one dossier per 201, codes unique and gap-free per agency and day
   (count = max number, min number 1), 4 steps and 3 documents each;
7. prints dossiers/s, latency p50/p99, pgbench TPS and the ratio; writes
   bench/results/reception_throughput.json (git-ignored).

Goal (issue 4): at least 150 dossiers/s on this machine. A missed goal prints MISS and
still exits 0; an error (a non-201 answer, a bad code sequence, pgbench failing) exits 1.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import http.client
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import _common as common

DB_NAME = "motcua_bench_reception"
GOAL_PER_S = 150.0
PROCEDURE_CODE = "BENCH.TN.01"
BRANCH = "000.11.01.H09"  # Chi nhánh Thủ Dầu Một
# With --desks N > 1 the officers are spread over N receiving desks (diagnosis: without the
# per-desk code counter shared by every client). Branches of the Center, in order.
DESKS = [BRANCH] + [f"000.{n}.01.H09" for n in range(12, 20)] + ["000.02.01.H09"]
SO_TU_PHAP = "000.00.10.H09"
PHONG_HCTP = "000.01.10.H09"

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hữu", "Đức", "Thu", "Hoài", "Quốc"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Quân", "Tâm"]
STREETS = ["Đại lộ Bình Dương", "Yersin", "Cách Mạng Tháng Tám", "Phú Lợi", "Lê Hồng Phong"]
WARDS = ["Phường Phú Cường", "Phường Hiệp Thành", "Phường Chánh Nghĩa", "Phường Phú Hòa"]


# --- Setup (runs in a child process with Django set up) --------------------------------------


def bench_procedure(template: dict[str, Any]) -> dict[str, Any]:
    """A procedure record in the "motcua.catalog/1" format, derived from a demo one: 4 steps
    at Sở Tư pháp, 3 mandatory documents, 5 working days, counter and post."""
    p = copy.deepcopy(template)
    p.update(
        national_code=PROCEDURE_CODE,
        local_code="",
        name="Thủ tục đo hiệu năng tiếp nhận (4 bước, 3 thành phần hồ sơ)",
        level="province",
        implementing_agency=SO_TU_PHAP,
        deciding_agency=SO_TU_PHAP,
        cooperating_agencies=[],
        lead_agency=None,
        applicant_types=["individual", "organization"],
        channels=["counter", "online", "post"],
        time_limit={"value": 5, "unit": "working_days"},
        after_cutoff_next_day=True,
        cases=[],
        forms=[],
        eform=[],
        fees=[],
        documents=[
            {
                "name": name,
                "originals": originals,
                "copies": copies,
                "mandatory": True,
                "reusable": False,
                "case": None,
                "form": None,
            }
            for name, originals, copies in [
                ("Tờ khai theo mẫu", 1, 0),
                ("Bản sao giấy tờ chứng minh nhân thân", 0, 1),
                ("Giấy tờ chứng minh nơi cư trú", 0, 1),
            ]
        ],
        process=[
            {"role": "receiving", "agency": None, "unit": None, "budget_hours": 2,
             "description": "Tiếp nhận, số hóa hồ sơ"},
            {"role": "specialist", "agency": SO_TU_PHAP, "unit": PHONG_HCTP, "budget_hours": 24,
             "description": "Thẩm định hồ sơ"},
            {"role": "agency_leader", "agency": SO_TU_PHAP, "unit": None, "budget_hours": 8,
             "description": "Lãnh đạo Sở phê duyệt"},
            {"role": "returning", "agency": None, "unit": None, "budget_hours": 2,
             "description": "Trả kết quả"},
        ],
        effective_from="2024-06-03",
    )  # fmt: skip
    return p


def setup(out: Path, clients: int, desks: int) -> None:
    """Demo data, the bench procedure, and one receiving officer with a token per client;
    writes {procedure_code, documents, tokens} to `out`."""
    import django

    django.setup()
    from motcua.accounts import demo as accounts_demo
    from motcua.accounts.demo import STAFF_FROM
    from motcua.accounts.models import Role, User
    from motcua.accounts.services import membership_grant
    from motcua.accounts.tokens import token_issue
    from motcua.catalog import demo as catalog_demo
    from motcua.catalog.importexport import import_dict
    from motcua.catalog.selectors import version_in_force
    from motcua.core.clock import local, now
    from motcua.organization import demo as organization_demo
    from motcua.organization.models import Unit

    started = time.perf_counter()
    organization_demo.load()
    accounts_demo.load()
    catalog_demo.load()
    data = catalog_demo.catalog_data()
    template = next(p for p in data["procedures"] if p["national_code"] == "BD.CUTRU.01")
    field_code = template["field"]
    fields = [f for f in data["fields"] if f["code"] == field_code]
    at = now()
    import_dict(
        {"format": "motcua.catalog/1", "fields": fields, "decisions": [],
         "procedures": [bench_procedure(template)]},
        by=None,
        at=at,
    )  # fmt: skip
    version = version_in_force(PROCEDURE_CODE, local(at).date())
    documents = [d.pk for d in version.documents_for(None)]
    steps = len(version.process_for(None))
    if len(documents) != 3 or steps != 4:
        raise SystemExit(f"bench procedure has {len(documents)} documents and {steps} steps")
    units = [Unit.objects.get(code=code) for code in DESKS[:desks]]
    tokens = []
    for i in range(1, clients + 1):
        user, _ = User.objects.get_or_create(
            username=f"bench_tiepnhan{i}", defaults={"full_name": f"Cán bộ tiếp nhận {i}"}
        )
        membership_grant(
            user=user,
            unit=units[(i - 1) % len(units)],
            role=Role.RECEIVING_OFFICER,
            valid_from=STAFF_FROM,
            by=None,
        )
        tokens.append(token_issue(user=user, name="bench")[1])
    out.write_text(
        json.dumps({"procedure_code": PROCEDURE_CODE, "documents": documents, "tokens": tokens}),
        encoding="utf-8",
    )
    print(
        f"   demo data, bench procedure, {clients} officers in {time.perf_counter() - started:.1f} s"
    )


# --- Clients --------------------------------------------------------------------------------


def citizen_id(rng: random.Random, year: int) -> str:
    """A valid 12-digit citizen ID: province 074, sex/century digit, year, serial."""
    century_digit = (0 if year < 2000 else 2) + rng.randint(0, 1)
    return f"074{century_digit}{year % 100:02d}{rng.randint(0, 999_999):06d}"


def dossier_body(rng: random.Random, procedure_code: str, documents: list[int]) -> bytes:
    year = rng.randint(1950, 2005)
    name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    body = {
        "procedure_code": procedure_code,
        "channel": "counter",
        "applicant": {
            "kind": "individual",
            "full_name": name,
            "citizen_id": citizen_id(rng, year),
            "date_of_birth": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "address": f"{rng.randint(1, 999)} {rng.choice(STREETS)}, {rng.choice(WARDS)}, "
            "thành phố Thủ Dầu Một, tỉnh Bình Dương",
            "phone": f"09{rng.randint(0, 99_999_999):08d}",
            "email": "",
        },
        "documents": [
            {"required_document_id": doc, "originals": 1 if i == 0 else 0, "copies": 0 if i == 0 else 1}
            for i, doc in enumerate(documents)
        ],
    }  # fmt: skip
    return json.dumps(body, ensure_ascii=False).encode()


@dataclass
class ClientResult:
    latencies_ms: list[float] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def http_call(port: int, request: bytes) -> tuple[int, bytes]:
    """One HTTP/1.1 exchange on a fresh connection: send `request` (which asks the server to
    close), read to the end, return the status and the body. A lean client (no header
    parsing beyond the status line) so that the load generator, which shares the machine's
    CPUs with the server, takes little of them; the sync gunicorn workers close every
    connection after its answer anyway."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    raw = b"".join(chunks)
    head, _, body = raw.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.") or len(head) < 12:
        raise http.client.HTTPException(f"not an HTTP answer: {raw[:100]!r}")
    if b"\r\ntransfer-encoding: chunked" in head.lower():
        raise http.client.HTTPException("chunked answers are not expected here")
    return int(head[9:12]), body


def post_request(token: str, body: bytes) -> bytes:
    """POST /api/v1/dossiers with the officer's token and a fresh Idempotency-Key."""
    return (
        "POST /api/v1/dossiers HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        f"Accept: application/json\r\nIdempotency-Key: {uuid.uuid4()}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


def post_client(
    port: int,
    token: str,
    setup_data: dict[str, Any],
    *,
    seed: int,
    start: threading.Barrier,
    stop_at: list[float],
    result: ClientResult,
) -> None:
    rng = random.Random(seed)
    start.wait()
    while time.perf_counter() < stop_at[0]:
        body = dossier_body(rng, setup_data["procedure_code"], setup_data["documents"])
        request = post_request(token, body)
        t0 = time.perf_counter()
        try:
            status, raw = http_call(port, request)
        except (OSError, http.client.HTTPException) as exc:
            result.errors.append(f"{type(exc).__name__}: {exc}")
            continue
        ms = (time.perf_counter() - t0) * 1000.0
        if status != 201:
            result.errors.append(f"{status}: {raw[:300]!r}")
            continue
        result.latencies_ms.append(ms)
        result.codes.append(json.loads(raw)["code"])


HEALTH_REQUEST = b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"


def get_client(
    port: int, *, start: threading.Barrier, stop_at: list[float], result: ClientResult
) -> None:
    start.wait()
    while time.perf_counter() < stop_at[0]:
        t0 = time.perf_counter()
        try:
            status, _ = http_call(port, HEALTH_REQUEST)
        except (OSError, http.client.HTTPException) as exc:
            result.errors.append(f"{type(exc).__name__}: {exc}")
            continue
        if status != 200:
            result.errors.append(f"health {status}")
            continue
        result.latencies_ms.append((time.perf_counter() - t0) * 1000.0)


def load_phase(
    port: int, seconds: float, clients: int, setup_data: dict[str, Any] | None, seed: int
) -> tuple[list[ClientResult], float]:
    """`clients` threads for `seconds`: POST dossiers when `setup_data` is given, else GET
    the health endpoint. Returns each client's results and the measured wall time."""
    results = [ClientResult() for _ in range(clients)]
    start = threading.Barrier(clients + 1)
    stop_at = [float("inf")]
    threads = []
    for i in range(clients):
        if setup_data is not None:
            target: Any = post_client
            args: tuple[Any, ...] = (port, setup_data["tokens"][i], setup_data)
            kwargs: dict[str, Any] = {"seed": seed * 1000 + i}
        else:
            target, args, kwargs = get_client, (port,), {}
        kwargs.update(start=start, stop_at=stop_at, result=results[i])
        threads.append(threading.Thread(target=target, args=args, kwargs=kwargs, daemon=True))
    for t in threads:
        t.start()
    t0 = time.perf_counter()
    stop_at[0] = t0 + seconds
    start.wait()
    for t in threads:
        t.join()
    return results, time.perf_counter() - t0


def merged(results: list[ClientResult]) -> ClientResult:
    out = ClientResult()
    for r in results:
        out.latencies_ms += r.latencies_ms
        out.codes += r.codes
        out.errors += r.errors
    return out


# --- pgbench --------------------------------------------------------------------------------

PGBENCH_SCHEMA = """
DROP TABLE IF EXISTS bench_b, bench_a;
CREATE TABLE bench_a (
    id bigserial PRIMARY KEY,
    code varchar(60) NOT NULL UNIQUE,
    status varchar(30) NOT NULL,
    received_at timestamptz NOT NULL,
    due_at timestamptz NOT NULL,
    applicant varchar(255) NOT NULL
);
CREATE TABLE bench_b (
    id bigserial PRIMARY KEY,
    a_id bigint NOT NULL REFERENCES bench_a (id),
    name varchar(1000) NOT NULL,
    originals smallint NOT NULL
);
CREATE INDEX bench_b_a ON bench_b (a_id);
"""

# A dossier-like row (unique code, two timestamps, a name), then a child row pointing at it.
PGBENCH_SCRIPT = """\\set n random(1, 999999999)
BEGIN;
INSERT INTO bench_a (code, status, received_at, due_at, applicant) VALUES ('B-' || :client_id || '-' || nextval('bench_a_id_seq') || '-' || :n, 'received', now(), now() + interval '5 days', 'Nguyễn Văn An') RETURNING id AS a_id \\gset
INSERT INTO bench_b (a_id, name, originals) VALUES (:a_id, 'Tờ khai theo mẫu', 1);
COMMIT;
"""


def pgbench_binary() -> str:
    found = shutil.which("pgbench")
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin/pgbench"), reverse=True):
        return str(candidate)
    raise RuntimeError("pgbench not found (Debian: postgresql-contrib / postgresql-client)")


def run_pgbench(url: str, *, clients: int, seconds: int) -> dict[str, Any]:
    common.pg_admin(url, PGBENCH_SCHEMA)
    env = {**common.child_env(url), **common.pg_libpq_env(url)}
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "two_inserts.sql"
        script.write_text(PGBENCH_SCRIPT, encoding="utf-8")
        cmd = [
            pgbench_binary(), "--no-vacuum", "--client", str(clients),
            "--jobs", str(min(clients, 2)), "--time", str(seconds),
            "--protocol", "prepared", "--file", str(script),
        ]  # fmt: skip
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if proc.returncode != 0:
        raise RuntimeError(f"pgbench failed ({proc.returncode}): {proc.stderr[-2000:]}")
    out = proc.stdout
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out)
    latency = re.search(r"latency average = ([\d.]+) ms", out)
    failed = re.search(r"number of failed transactions: (\d+)", out)
    done = re.search(r"number of transactions actually processed: (\d+)", out)
    if tps is None or done is None:
        raise RuntimeError(f"cannot read pgbench output:\n{out}")
    if failed and int(failed.group(1)):
        raise RuntimeError(f"pgbench: {failed.group(1)} failed transactions")
    return {
        "tps": round(float(tps.group(1)), 1),
        "transactions": int(done.group(1)),
        "latency_avg_ms": float(latency.group(1)) if latency else None,
        "clients": clients,
        "seconds": seconds,
        "script": PGBENCH_SCRIPT,
    }


# --- Verification ---------------------------------------------------------------------------


@contextlib.contextmanager
def side_process(
    cmd: list[str], env: dict[str, str], *, enabled: bool = True
) -> Iterator[int | None]:
    """A helper process (the fake SMS gateway, the outbox worker) for the server's lifetime;
    yields its pid (None when not enabled)."""
    if not enabled:
        yield None
        return
    proc = subprocess.Popen(cmd, cwd=common.ROOT, env=env, stdout=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        if proc.poll() is not None:
            raise RuntimeError(f"{' '.join(cmd[1:])} exited with {proc.returncode}")
        yield proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def outbox_backlog(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM dossiers_outboxmessage "
            "WHERE delivered_at IS NULL AND dead_at IS NULL AND attempts = 0"
        ).fetchone()
    return int(row[0]) if row else 0


def wait_drained(url: str, *, timeout: float) -> float | None:
    """Seconds until every outbox message was tried at least once (None: not within timeout)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if outbox_backlog(url) == 0:
            return round(time.perf_counter() - started, 1)
        time.sleep(0.2)
    return None


def delivery_counts(url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE delivered_at IS NOT NULL) "
            "FROM dossiers_outboxmessage"
        ).fetchone()
        sms = conn.execute(
            "SELECT count(*) FROM notifications_notificationdelivery "
            "WHERE channel = 'sms' AND status = 'sent'"
        ).fetchone()
    return {
        "messages": int(row[0]) if row else 0,
        "messages_delivered": int(row[1]) if row else 0,
        "sms_sent": int(sms[0]) if sms else 0,
    }


def verify(url: str, *, expected: int, codes: list[str]) -> dict[str, Any]:
    """One dossier per 201; codes unique and gap-free per (agency, day); 4 steps and 3
    documents each. Returns the figures; raises on any breach."""
    import psycopg

    problems: list[str] = []
    if len(set(codes)) != len(codes):
        problems.append(f"{len(codes) - len(set(codes))} duplicate codes among the 201 answers")
    with psycopg.connect(url) as conn:
        total = conn.execute("SELECT count(*) FROM dossiers_dossier").fetchone()
        total_n = int(total[0]) if total else 0
        if total_n != expected:
            problems.append(f"{total_n} dossiers in the database, {expected} answered 201")
        sequences = conn.execute(
            """
            SELECT split_part(code, '-', 1) AS agency, split_part(code, '-', 2) AS day,
                   count(*), count(DISTINCT code),
                   min(split_part(code, '-', 3)::int), max(split_part(code, '-', 3)::int)
            FROM dossiers_dossier GROUP BY 1, 2 ORDER BY 1, 2
            """
        ).fetchall()
        for agency, day, count, distinct, low, high in sequences:
            if not (count == distinct == high and low == 1):
                problems.append(
                    f"{agency} {day}: {count} dossiers, {distinct} distinct, numbers {low}…{high}"
                )
        shape = conn.execute(
            """
            SELECT count(*) FILTER (WHERE s.n <> 4), count(*) FILTER (WHERE d.n <> 3)
            FROM dossiers_dossier x
            LEFT JOIN LATERAL (SELECT count(*) n FROM dossiers_dossierstep WHERE dossier_id = x.id) s ON true
            LEFT JOIN LATERAL (SELECT count(*) n FROM dossiers_dossierdocument WHERE dossier_id = x.id) d ON true
            """
        ).fetchone()  # fmt: skip
        bad_steps, bad_docs = (int(shape[0]), int(shape[1])) if shape else (0, 0)
        if bad_steps or bad_docs:
            problems.append(f"{bad_steps} dossiers without 4 steps, {bad_docs} without 3 documents")
    if problems:
        raise RuntimeError("verification failed: " + "; ".join(problems))
    return {
        "dossiers": total_n,
        "sequences": [
            {"agency": a, "day": d, "count": c, "max_number": h} for a, d, c, _, _, h in sequences
        ],
    }


# --- The run --------------------------------------------------------------------------------


def bench(args: argparse.Namespace) -> dict[str, Any]:
    url_admin = common.pg_admin_url()
    if not common.pg_answers(url_admin):
        raise RuntimeError(f"PostgreSQL at {url_admin} does not answer")
    with common.pg_database(DB_NAME, keep=args.keep) as url:
        sms_port = common.free_port()
        env = common.child_env(
            url,
            conn_max_age=60,
            MOTCUA_TASKS_BACKEND=args.tasks_backend,
            MOTCUA_OUTBOX_KICK="1" if args.delivery == "request" else "0",
            MOTCUA_SMS_URL=f"http://127.0.0.1:{sms_port}",
        )
        print(f"-- {DB_NAME}: migrate, demo data", flush=True)
        common.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], env)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "setup.json"
            common.run(
                [sys.executable, str(Path(__file__).resolve()), "--setup", str(out),
                 "--clients", str(args.clients), "--desks", str(args.desks)],
                env,
            )  # fmt: skip
            setup_data = json.loads(out.read_text(encoding="utf-8"))
        with (
            side_process(
                [
                    sys.executable,
                    "manage.py",
                    "fakes",
                    "--only",
                    "sms",
                    "--port",
                    f"sms={sms_port}",
                ],
                env,
            ) as fake_sms_pid,
            side_process(
                [sys.executable, "manage.py", "outbox_deliver", "--loop", "--interval", "0.5"],
                env,
                enabled=args.delivery == "worker",
            ) as worker_pid,
            common.server_process(env, workers=args.workers) as (port, pid),
        ):
            print(
                f"-- gunicorn :{port} ({args.workers} workers); warm-up {args.warmup} s, "
                f"then {args.clients} clients × {args.seconds} s POST /api/v1/dossiers",
                flush=True,
            )
            warm, _ = load_phase(port, args.warmup, args.clients, setup_data, seed=1)
            warm_all = merged(warm)
            app_pids = [pid] + ([worker_pid] if worker_pid else [])
            cpu_app = sum(common.process_tree_cpu(p) for p in app_pids)
            cpu_worker = common.process_tree_cpu(worker_pid) if worker_pid else 0.0
            cpu_client = time.process_time()
            cpu_fake = common.process_tree_cpu(fake_sms_pid)
            db_before = common.pg_backends_cpu(url_admin, DB_NAME)
            busy = common.machine_busy_cpu()
            with common.WaitSampler(url_admin, DB_NAME) as sampler:
                posts, wall = load_phase(port, args.seconds, args.clients, setup_data, seed=2)
            busy = common.machine_busy_cpu() - busy
            cpu_app = sum(common.process_tree_cpu(p) for p in app_pids) - cpu_app
            if worker_pid:
                cpu_worker = common.process_tree_cpu(worker_pid) - cpu_worker
            cpu_fake = common.process_tree_cpu(fake_sms_pid) - cpu_fake
            backlog_at_end = outbox_backlog(url)
            cpu_client = time.process_time() - cpu_client
            cpu_db = common.cpu_delta(db_before, common.pg_backends_cpu(url_admin, DB_NAME))
            post_all = merged(posts)
            print(
                f"-- {args.clients} clients × {args.health_seconds} s GET /api/v1/health",
                flush=True,
            )
            health, health_wall = load_phase(port, args.health_seconds, args.clients, None, seed=3)
            health_all = merged(health)
            drained_after = wait_drained(url, timeout=120.0)
        errors = warm_all.errors + post_all.errors + health_all.errors
        if errors:
            for e in errors[:10]:
                print(f"   error: {e}", file=sys.stderr)
            raise RuntimeError(f"{len(errors)} failed requests")
        if not post_all.latencies_ms:
            raise RuntimeError("no dossier was received")
        print("-- verify codes, steps and documents", flush=True)
        checked = verify(
            url,
            expected=len(warm_all.codes) + len(post_all.codes),
            codes=warm_all.codes + post_all.codes,
        )
        print(
            f"-- pgbench: {args.clients} clients × {args.seconds} s, two-insert transaction",
            flush=True,
        )
        deliveries = delivery_counts(url)
        pg = run_pgbench(url, clients=args.clients, seconds=args.seconds)
    received = len(post_all.latencies_ms)
    per_s = received / wall
    health_per_s = len(health_all.latencies_ms) / health_wall
    cpu_ms = {
        "app": round(cpu_app / received * 1000, 2),
        "postgresql": round(cpu_db / received * 1000, 2),
        "client": round(cpu_client / received * 1000, 2),
    }
    # Of the app's CPU, what the outbox worker took (0 when delivery runs in the request).
    cpu_worker_ms = round(cpu_worker / received * 1000, 2)
    cpus = os.cpu_count() or 1
    return {
        "clients": args.clients,
        "desks": args.desks,
        "workers": args.workers,
        "load_average_1m_after": common.load_average(),
        "others_cpu_share": common.others_share(busy, cpu_app + cpu_db + cpu_client, wall),
        "seconds": round(wall, 2),
        "tasks_backend": args.tasks_backend,
        "delivery": args.delivery,
        "outbox": {
            "backlog_at_end_of_load": backlog_at_end,
            "drained_seconds_after_load": drained_after,
            "fake_sms_cpu_ms_per_dossier": round(cpu_fake / received * 1000, 2),
            **deliveries,
        },
        "reception": {
            "dossiers": received,
            "per_second": round(per_s, 1),
            "warmup_dossiers": len(warm_all.codes),
            **common.summary(post_all.latencies_ms),
        },
        "health": {
            "requests": len(health_all.latencies_ms),
            "per_second": round(health_per_s, 1),
            **common.summary(health_all.latencies_ms),
        },
        "cpu_ms_per_dossier": cpu_ms,
        "cpu_ms_per_dossier_outbox_worker": cpu_worker_ms,
        # What the machine could do if the CPU were the only limit: its CPUs divided by the
        # CPU time one dossier costs (server, database and client together).
        "cpu_bound_per_second": round(cpus * 1000 / sum(cpu_ms.values()), 1),
        "database_during_reception": sampler.report(),
        "pgbench": pg,
        "ratio_reception_pgbench": round(per_s / pg["tps"], 3),
        "ratio_reception_health": round(per_s / health_per_s, 3),
        "verification": checked,
    }


def print_report(r: dict[str, Any]) -> None:
    rec, h, pg = r["reception"], r["health"], r["pgbench"]
    head = f"{'what':<34} {'per s':>9} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}"
    print()
    print(head)
    print("-" * len(head))
    print(
        f"{'POST /api/v1/dossiers (receive)':<34} {rec['per_second']:>9.1f} "
        f"{rec['median_ms']:>8.1f} {rec['p99_ms']:>8.1f} {rec['max_ms']:>8.1f}"
    )
    print(
        f"{'GET /api/v1/health':<34} {h['per_second']:>9.1f} "
        f"{h['median_ms']:>8.1f} {h['p99_ms']:>8.1f} {h['max_ms']:>8.1f}"
    )
    print(
        f"{'pgbench two-insert transaction':<34} {pg['tps']:>9.1f} {pg['latency_avg_ms']:>8.2f} (avg)"
    )
    print()
    print(
        f"{rec['dossiers']} dossiers in {r['seconds']} s by {r['clients']} clients "
        f"at {r['desks']} desk(s), {r['workers']} gunicorn workers; ratio reception/pgbench "
        f"{r['ratio_reception_pgbench']:.3f}, reception/health {r['ratio_reception_health']:.3f}"
    )
    cpu = r["cpu_ms_per_dossier"]
    print(
        f"CPU per dossier: app {cpu['app']:.1f} ms (outbox worker "
        f"{r['cpu_ms_per_dossier_outbox_worker']:.1f} of it), PostgreSQL {cpu['postgresql']:.1f} ms, "
        f"client {cpu['client']:.1f} ms → CPU-bound ceiling on {common.machine()['cpus']} CPUs "
        f"≈ {r['cpu_bound_per_second']:.0f} dossiers/s"
    )
    ob = r["outbox"]
    where = (
        "a worker beside gunicorn (outbox_deliver --loop; its CPU is in app)"
        if r["delivery"] == "worker"
        else "inside each request, after its commit"
    )
    print(
        f"notifications delivered by {where}: {ob['messages_delivered']} of "
        f"{ob['messages']} outbox messages delivered, {ob['sms_sent']} SMS sent to the fake "
        f"gateway ({ob['fake_sms_cpu_ms_per_dossier']:.1f} ms CPU per dossier there, not counted); "
        f"backlog {ob['backlog_at_end_of_load']} at the end of the load, drained "
        f"{ob['drained_seconds_after_load']} s later"
    )
    db = r["database_during_reception"]
    print(
        "PostgreSQL backends during reception (average count): "
        + ", ".join(f"{k} {v}" for k, v in db["backends_by_state"].items())
    )
    for query, v in db["lock_waits_by_statement"].items():
        print(f"   waiting for a lock ({v}): {query}…")
    note = common.noise_note(r["others_cpu_share"])
    if note:
        print(note)
    seqs = r["verification"]["sequences"]
    print(
        "codes unique and gap-free: "
        + ", ".join(f"{s['agency']}-{s['day']}: {s['count']} = max {s['max_number']}" for s in seqs)
    )
    print(
        common.goal_line(
            "reception throughput",
            rec["per_second"] >= GOAL_PER_S,
            f"{rec['per_second']:.1f} dossiers/s (goal ≥ {GOAL_PER_S:.0f})",
        )
    )
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--setup", type=Path, metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--health-seconds", type=float, default=5.0)
    parser.add_argument(
        "--tasks-backend",
        default="django_tasks.backends.immediate.ImmediateBackend",
        help="MOTCUA_TASKS_BACKEND of the server (outbox delivery kicked on commit)",
    )
    parser.add_argument(
        "--delivery",
        choices=("worker", "request"),
        default="worker",
        help="outbox delivery (notifications, portal sync): by a worker process beside "
        "gunicorn as in production (MOTCUA_OUTBOX_KICK=0), or inside each request after its "
        "commit (the embedded default)",
    )
    parser.add_argument(
        "--desks",
        type=int,
        default=1,
        choices=range(1, len(DESKS) + 1),
        metavar=f"1..{len(DESKS)}",
        help="receiving desks the officers are spread over (1: all at one branch)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    if args.setup:
        setup(args.setup, args.clients, args.desks)
        return 0
    try:
        result = bench(args)
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"reception_throughput: {exc}", file=sys.stderr)
        return 1
    print_report(result)
    path = common.write_results(
        "reception_throughput", {"goal": {"per_second": GOAL_PER_S}, **result}
    )
    print(f"written {path.relative_to(common.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
