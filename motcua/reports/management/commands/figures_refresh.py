"""manage.py figures_refresh [--minutes M]: recompute the figures touched in the last M minutes
(default 30; run every few minutes — the overlap makes a late commit harmless)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.core.clock import now
from motcua.reports.figures import refresh_changed


class Command(BaseCommand):
    help = "Cập nhật số liệu tổng hợp của các hồ sơ vừa thay đổi."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--minutes", type=int, default=30)

    def handle(self, *args: Any, minutes: int, **opts: Any) -> None:
        at = now()
        n = refresh_changed(since=at - dt.timedelta(minutes=minutes), at=at)
        self.stdout.write(f"Đã cập nhật số liệu của {n} nhóm (đơn vị, thủ tục, kênh).")
