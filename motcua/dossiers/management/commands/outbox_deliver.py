"""Deliver queued side effects (notifications, national-portal sync) with retries.

Run periodically (e.g. every minute), or with --loop as a small worker. A failed message is
retried with exponential back-off and marked dead after OUTBOX_MAX_ATTEMPTS tries."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.core.clock import now
from motcua.dossiers.outbox import outbox_deliver


class Command(BaseCommand):
    help = "Gửi các thông điệp trong hộp thư đi (outbox): thông báo, đồng bộ Cổng DVCQG."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=500, help="Số thông điệp tối đa mỗi lượt.")
        parser.add_argument("--loop", action="store_true", help="Chạy liên tục.")
        parser.add_argument("--interval", type=float, default=5.0, help="Giây nghỉ giữa các lượt.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            counts = outbox_deliver(at=now(), limit=options["limit"])
            self.stdout.write(
                f"Đã gửi {counts['delivered']}, thử lại sau {counts['retried']}, "
                f"ngừng thử {counts['dead']}."
            )
            if not options["loop"]:
                return
            time.sleep(options["interval"])
