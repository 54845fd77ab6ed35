"""manage.py catalog_import <file.json|file.xlsx> [--replace] [--forms-dir DIR]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.catalog.importexport import CatalogImportInvalid, import_file
from motcua.core.clock import now


class Command(BaseCommand):
    help = "Nhập danh mục TTHC từ tệp JSON (motcua.catalog/1) hoặc Excel; lỗi thì không nhập gì."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Sửa tại chỗ phiên bản cùng ngày hiệu lực nhưng nội dung khác.",
        )
        parser.add_argument(
            "--forms-dir", type=Path, default=None, help="Thư mục chứa tệp mẫu đơn, tờ khai."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        try:
            summary = import_file(
                content=path.read_bytes(),
                filename=path.name,
                by=None,
                at=now(),
                replace=options["replace"],
                forms_dir=options["forms_dir"],
            )
        except CatalogImportInvalid as exc:
            for issue in exc.issues:
                self.stderr.write(str(issue))
            raise CommandError(f"Tệp có {len(exc.issues)} lỗi, chưa nhập gì.") from exc
        counts = ", ".join(f"{k}={v}" for k, v in summary.as_dict().items())
        self.stdout.write(self.style.SUCCESS(f"Đã nhập {path.name}: {counts}"))
