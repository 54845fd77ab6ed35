"""manage.py figures_rebuild [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--check]"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.clock import now
from motcua.reports.figures import check as check_figures
from motcua.reports.figures import rebuild


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: {value} (YYYY-MM-DD).") from exc


class Command(BaseCommand):
    help = "Tính lại số liệu tổng hợp theo ngày từ dữ liệu gốc, hoặc kiểm tra (--check)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="from_day", type=_day, default=None)
        parser.add_argument("--to", dest="to_day", type=_day, default=None)
        parser.add_argument("--check", action="store_true")

    def handle(
        self, *args: Any, from_day: dt.date | None, to_day: dt.date | None, check: bool, **opts: Any
    ) -> None:
        if check:
            problems = check_figures(from_day, to_day)
            for p in problems[:50]:
                self.stderr.write(p)
            if problems:
                raise CommandError(f"{len(problems)} số liệu lệch so với dữ liệu gốc.")
            self.stdout.write("Số liệu tổng hợp khớp dữ liệu gốc.")
            return
        n = rebuild(from_day, to_day, at=now())
        self.stdout.write(f"Đã tính lại {n} dòng số liệu.")
