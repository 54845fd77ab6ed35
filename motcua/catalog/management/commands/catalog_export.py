"""manage.py catalog_export <file> [--format json|xlsx]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.catalog.importexport import export_json_bytes, export_xlsx_bytes


class Command(BaseCommand):
    help = "Xuất toàn bộ danh mục TTHC (mọi phiên bản) ra JSON hoặc mẫu Excel."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=["json", "xlsx"], default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        fmt = options["format"] or ("xlsx" if path.suffix.lower() == ".xlsx" else "json")
        content = export_xlsx_bytes() if fmt == "xlsx" else export_json_bytes()
        path.write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"Đã xuất danh mục ra {path} ({fmt})."))
