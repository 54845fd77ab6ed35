"""Instructions one reception costs the application: a repeatable figure for comparing code.

Run as `python bench/reception_instructions.py` (needs valgrind). The throughput bench
(`reception_throughput.py`) answers "how many per second on this machine", but this machine's
speed varies by half between runs (shared cores), so a change worth 5 % is lost in its noise.
Valgrind's callgrind counts the instructions a process executes instead of timing it: the
same code gives the same count, whatever the neighbours do. It:

1. creates a fresh PostgreSQL database `motcua_bench_instructions` (server as in the other
   benches), migrates it and loads the throughput bench's data (demo organisation, accounts,
   catalogue, the 4-step bench procedure, one receiving officer with a token);
2. runs, under `valgrind --tool=callgrind`, a Django process that posts 30 warm-up dossiers
   through `POST /api/v1/dossiers` (Django's test client: the whole stack from the
   middleware to the database, without an HTTP server), then N more; twice: N=0 and N=100;
3. prints (instructions with N=100 − instructions with N=0) / 100: the application's
   instructions per reception (Python, Django, psycopg; not PostgreSQL's, not the kernel's);
   writes bench/results/reception_instructions.json.

No goal: compare the figure before and after a change (`git stash`, run, `git stash pop`,
run). Two runs of the same code differ by well under 1 %.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import _common as common

DB_NAME = "motcua_bench_instructions"
WARMUP = 30


def inner(setup_file: str, n: int) -> None:
    """The measured process: warm up, then post `n` dossiers."""
    import django

    django.setup()
    import reception_throughput as rt
    from django.test import Client

    data = json.loads(Path(setup_file).read_text(encoding="utf-8"))
    client = Client(HTTP_HOST="localhost")
    rng = random.Random(1)
    headers = {"Authorization": f"Bearer {data['tokens'][0]}", "Accept": "application/json"}

    def post() -> None:
        response = client.post(
            "/api/v1/dossiers",
            data=rt.dossier_body(rng, data["procedure_code"], data["documents"]),
            content_type="application/json",
            headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
        )
        if response.status_code != 201:
            raise SystemExit(f"{response.status_code}: {response.content[:300]!r}")

    for _ in range(WARMUP + n):
        post()


def counted(env: dict[str, str], setup_file: str, n: int, tmp: Path) -> int:
    out = tmp / f"callgrind.{n}"
    proc = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable,
         str(Path(__file__).resolve()), "--inner", setup_file, "-n", str(n)],
        cwd=common.ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    found = re.search(r"Collected : (\d+)", proc.stderr)
    if proc.returncode != 0 or found is None:
        raise RuntimeError(f"the counted run (n={n}) failed:\n{proc.stderr[-2000:]}")
    return int(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100, help="receptions counted")
    parser.add_argument("--inner", metavar="SETUP", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        inner(args.inner, args.n)
        return 0
    if shutil.which("valgrind") is None:
        # No goal rides on this figure: `make bench` goes on without it.
        print("SKIP  reception_instructions: valgrind is not installed (apt install valgrind)")
        return 0
    url_admin = common.pg_admin_url()
    if not common.pg_answers(url_admin):
        raise RuntimeError(f"PostgreSQL at {url_admin} does not answer")
    started = time.perf_counter()
    with common.pg_database(DB_NAME) as url, tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        env = common.child_env(url, MOTCUA_OUTBOX_KICK="0", PYTHONHASHSEED="0")
        env["PYTHONPATH"] = os.pathsep.join([str(common.ROOT / "bench"), str(common.ROOT)])
        print(f"-- {DB_NAME}: migrate, demo data", flush=True)
        common.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], env)
        setup_file = str(tmp / "setup.json")
        common.run(
            [sys.executable, str(common.ROOT / "bench" / "reception_throughput.py"),
             "--setup", setup_file, "--clients", "1", "--desks", "1"],
            env,
        )  # fmt: skip
        print(f"-- callgrind: {WARMUP} warm-up receptions, then 0 and {args.n}", flush=True)
        base = counted(env, setup_file, 0, tmp)
        total = counted(env, setup_file, args.n, tmp)
    per = (total - base) / args.n
    print(
        f"\n{per / 1e6:.2f} M instructions per reception (application process; "
        f"{args.n} receptions, {time.perf_counter() - started:.0f} s)"
    )
    common.write_results(
        "reception_instructions",
        {"instructions_per_reception": round(per), "receptions": args.n,
         "base_instructions": base, "total_instructions": total},
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
