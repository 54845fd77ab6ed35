"""manage.py citizens_purge: daily housekeeping of portal accounts (see
motcua.citizens.services.citizens_purge)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from motcua.citizens.services import citizens_purge
from motcua.core.clock import now


class Command(BaseCommand):
    help = "Xóa sự kiện giới hạn tần suất, mã xác nhận cũ và đăng ký không xác nhận quá 7 ngày."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = citizens_purge(at=now())
        self.stdout.write(
            f"Đã xóa {counts['rate_events']} sự kiện giới hạn, {counts['codes']} mã xác nhận, "
            f"{counts['pending_accounts']} đăng ký không xác nhận."
        )
