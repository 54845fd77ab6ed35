"""manage.py demo [--force] [--only APP ...]: load the demo data of every app, idempotently.

Each app that has demo data exposes `motcua/<app>/demo.py` with `def load() -> None`.
They are called in the order of `DEMO_APPS` (organisation first: everything refers to
units; then the users), each inside its own transaction. An app without a demo module is
skipped: that is the extension point for apps that land later.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

DEMO_APPS: tuple[str, ...] = (
    "organization",
    "accounts",
    "citizens",
    "worktime",
    "catalog",
    "dossiers",
    "portal",
    "documents",
    "payments",
    "feedback",
    "queueing",
    "evaluation",
    "reports",
)


def demo_loader(app: str) -> Callable[[], None] | None:
    """`motcua.<app>.demo.load`, or None when the app or its demo module does not exist.

    Only a missing module is skipped; an import error inside an existing demo module
    is raised (it is a bug, not an absence)."""
    name = f"motcua.{app}.demo"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name in (name, f"motcua.{app}"):
            return None
        raise
    load = getattr(module, "load", None)
    return load if callable(load) else None


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chạy lại nhiều lần không tạo bản ghi trùng)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Cho phép chạy khi DJANGO_DEBUG tắt (không dùng trên hệ thống thật).",
        )
        parser.add_argument(
            "--only",
            nargs="+",
            choices=DEMO_APPS,
            metavar="APP",
            help="Chỉ nạp dữ liệu mẫu của các ứng dụng này (theo thứ tự chuẩn).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Từ chối nạp dữ liệu mẫu vì DJANGO_DEBUG đang tắt (có thể đây là hệ thống thật). "
                "Chạy với DJANGO_DEBUG=1, hoặc thêm --force nếu chắc chắn."
            )
        only = set(options["only"] or DEMO_APPS)
        for app in DEMO_APPS:
            if app not in only:
                continue
            load = demo_loader(app)
            if load is None:
                continue
            with transaction.atomic():
                load()
            self.stdout.write(f"  {app}: đã nạp")
        self.stdout.write(
            self.style.SUCCESS("Đã nạp dữ liệu mẫu. Xem tài khoản: manage.py demo_logins")
        )
