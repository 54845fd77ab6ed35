"""Queue due-soon and overdue notifications (run by a scheduler, e.g. hourly on working days).
Safe to run as often as wanted: each dossier is notified once per kind and day."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from motcua.core.clock import now
from motcua.dossiers.services import dossier_alerts_run


class Command(BaseCommand):
    help = "Tìm hồ sơ sắp đến hạn (≤ 1 ngày làm việc) và quá hạn, gửi thông báo cho người xử lý và lãnh đạo."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = dossier_alerts_run(at=now())
        self.stdout.write(
            f"Quá hạn: {counts['overdue']} thông báo mới; sắp đến hạn: {counts['due_soon']}."
        )
