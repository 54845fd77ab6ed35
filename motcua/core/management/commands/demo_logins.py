"""manage.py demo_logins: print the demo accounts as a table."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from motcua.accounts.demo import login_table

HEADERS = ("Tên đăng nhập", "Mật khẩu", "Vai trò", "Đơn vị", "Ghi chú")


class Command(BaseCommand):
    help = "In bảng tài khoản mẫu (tên đăng nhập, mật khẩu, vai trò, đơn vị)."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = [HEADERS, *login_table()]
        widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS))]
        line = "+-" + "-+-".join("-" * w for w in widths) + "-+"
        self.stdout.write(line)
        for n, row in enumerate(rows):
            cells = " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
            self.stdout.write(f"| {cells} |")
            if n == 0:
                self.stdout.write(line)
        self.stdout.write(line)
        self.stdout.write("Đăng nhập cán bộ: /accounts/login/ (tên đăng nhập hoặc e-mail).")
