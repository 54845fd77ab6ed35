"""manage.py issue_token <username> [--name ...] [--days N]: print a new API token once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.accounts.models import User
from motcua.accounts.tokens import token_issue
from motcua.core.clock import format_dt, now


class Command(BaseCommand):
    help = "Cấp mã truy cập API cho một tài khoản; mã chỉ được in ra một lần."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="Tên gợi nhớ của mã (mặc định: cli).")
        parser.add_argument(
            "--days", type=int, default=None, help="Hết hạn sau N ngày (mặc định: không hết hạn)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"]
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{username}”.")
        if not user.is_active:
            raise CommandError(f"Tài khoản “{username}” đã bị khóa.")
        days: int | None = options["days"]
        if days is not None and days < 1:
            raise CommandError("--days phải từ 1 trở lên.")
        expires_at = now() + dt.timedelta(days=days) if days else None
        token, raw = token_issue(user=user, name=options["name"] or "cli", expires_at=expires_at)
        until = format_dt(expires_at) if expires_at else "không hết hạn"
        self.stderr.write(
            f"Đã cấp mã “{token.name}” ({token.prefix}…) cho {user.username}, hết hạn: {until}. "
            "Mã dưới đây chỉ hiện một lần, hãy lưu lại ngay:"
        )
        self.stdout.write(raw)
