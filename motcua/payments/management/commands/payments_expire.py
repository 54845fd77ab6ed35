"""Periodic: online payments the gateway never confirmed expire (run after payments_settle)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from motcua.core.clock import now
from motcua.payments.services import payments_expire


class Command(BaseCommand):
    help = "Đánh dấu hết hạn các giao dịch trực tuyến cổng thanh toán không xác nhận."

    def handle(self, *args: Any, **options: Any) -> None:
        count = payments_expire(at=now())
        self.stdout.write(f"{count} giao dịch hết hạn.")
