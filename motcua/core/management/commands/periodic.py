"""manage.py periodic: run every periodic job once, in order (schedule it every minute:
docs/deployment.md), or with `--every SECONDS` as a small worker that runs them again and
again (what `make run` starts beside the web server). Each job is the same service function
its own command calls, and each is safe to run as often as wanted. A failing job is reported
and the others still run; the exit status of a single run is 1 when any failed."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.core.clock import local, now


def _catalog_refresh_current(at: dt.datetime) -> Any:
    from motcua.catalog.services import procedure_refresh_current

    return procedure_refresh_current(on=local(at).date())


def _dossier_alerts(at: dt.datetime) -> Any:
    from motcua.dossiers.services import dossier_alerts_run

    return dossier_alerts_run(at=at)


def _citizens_purge(at: dt.datetime) -> Any:
    from motcua.citizens.services import citizens_purge

    return citizens_purge(at=at)


def _payments_settle(at: dt.datetime) -> Any:
    from motcua.payments.services import payments_settle_pending

    return payments_settle_pending(at=at)


def _payments_expire(at: dt.datetime) -> Any:
    from motcua.payments.services import payments_expire

    return payments_expire(at=at)


def _figures_refresh(at: dt.datetime) -> Any:
    from motcua.reports.figures import refresh_changed

    # The 30-minute overlap makes a late commit or a skipped run harmless.
    return refresh_changed(since=at - dt.timedelta(minutes=30), at=at)


def _outbox_deliver(at: dt.datetime) -> Any:
    from motcua.dossiers.outbox import outbox_deliver

    return outbox_deliver(at=at, limit=500)


# Outbox delivery last: it sends what the jobs before it queued.
JOBS: list[tuple[str, Callable[[dt.datetime], Any]]] = [
    ("catalog_refresh_current", _catalog_refresh_current),
    ("dossier_alerts", _dossier_alerts),
    ("citizens_purge", _citizens_purge),
    ("payments_settle", _payments_settle),
    ("payments_expire", _payments_expire),
    ("figures_refresh", _figures_refresh),
    ("outbox_deliver", _outbox_deliver),
]


class Command(BaseCommand):
    help = "Chạy một lượt mọi công việc định kỳ (đặt lịch chạy mỗi phút)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--only", action="append", default=[], help="Chỉ chạy công việc này (lặp lại được)."
        )
        parser.add_argument(
            "--every",
            type=float,
            default=0,
            metavar="GIÂY",
            help="Chạy lại sau mỗi chừng ấy giây, đến khi bị dừng (không có: chạy một lượt).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        only = set(options["only"])
        unknown = only - {name for name, _ in JOBS}
        if unknown:
            self.stderr.write(f"Không có công việc: {', '.join(sorted(unknown))}.")
            raise SystemExit(2)
        every = float(options["every"])
        if every < 0:
            self.stderr.write("--every phải là số giây không âm.")
            raise SystemExit(2)
        while True:
            started = time.monotonic()
            failed = self._run_once(only)
            if not every:
                if failed:
                    raise SystemExit(1)
                return
            time.sleep(max(0.0, every - (time.monotonic() - started)))

    def _run_once(self, only: set[str]) -> int:
        failed = 0
        for name, job in JOBS:
            if only and name not in only:
                continue
            try:
                result = job(now())
            except Exception as exc:  # one failing job must not stop the others
                failed += 1
                self.stderr.write(f"{name}: LỖI {type(exc).__name__}: {exc}")
            else:
                self.stdout.write(f"{name}: {result}")
        return failed
