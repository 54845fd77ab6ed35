"""Periodic: ask the gateway for the status of every pending online payment and apply it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from motcua.core.clock import now
from motcua.payments.services import payments_settle_pending


class Command(BaseCommand):
    help = "Tra cứu trạng thái các giao dịch đang chờ tại cổng thanh toán và cập nhật."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = payments_settle_pending(at=now())
        summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "không có"
        self.stdout.write(f"Giao dịch đang chờ: {summary}.")
