"""manage.py demo_pki: create (once) the demo root CA and a signing certificate for every
unit under MOTCUA_PKI_DIR. Existing keys are kept: running it again changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from motcua.documents import demo, pki


class Command(BaseCommand):
    help = "Tạo CA thử nghiệm và chứng thư ký số cho từng đơn vị (chạy lại không thay đổi gì)."

    def handle(self, *args: Any, **options: Any) -> None:
        demo.load()
        units = len(list((pki.pki_dir() / "units").glob("*.pem"))) // 2
        self.stdout.write(f"PKI thử nghiệm tại {pki.pki_dir()}: {units} chứng thư đơn vị.")
