"""Daily: reconcile our online payments with the gateway's statement of a day (default:
yesterday, Vietnam time). Exit status 1 when anything does not match."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.core.clock import today
from motcua.integrations.paygate import PaymentGatewayError, get_payment_gateway
from motcua.payments.selectors import StatementError, reconcile


class Command(BaseCommand):
    help = "Đối soát giao dịch trực tuyến với sao kê của cổng thanh toán."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--day", help="YYYY-MM-DD (mặc định: hôm qua)")
        parser.add_argument("--file", help="Đọc sao kê CSV từ tệp thay vì tải từ cổng")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = (
                dt.date.fromisoformat(options["day"])
                if options.get("day")
                else today() - dt.timedelta(days=1)
            )
        except ValueError as exc:
            raise CommandError("--day phải có dạng YYYY-MM-DD.") from exc
        try:
            if options.get("file"):
                text = Path(options["file"]).read_text(encoding="utf-8")
            else:
                text = get_payment_gateway().statement(day=day)
            result = reconcile(day=day, statement_csv=text)
        except (PaymentGatewayError, OSError) as exc:
            raise CommandError(f"Không lấy được sao kê: {exc}") from exc
        except StatementError as exc:
            raise CommandError(f"Sao kê không đọc được: {exc}") from exc
        self.stdout.write(
            f"Ngày {day:%d/%m/%Y}: khớp {len(result.matched)}, thiếu ở Một Cửa "
            f"{len(result.missing_ours)}, thiếu ở cổng {len(result.missing_theirs)}, "
            f"lệch {len(result.mismatched)}."
        )
        for title, lines in (
            ("Thiếu ở Một Cửa", result.missing_ours),
            ("Thiếu ở cổng", result.missing_theirs),
            ("Lệch", result.mismatched),
        ):
            for line in lines:
                self.stdout.write(f"  {title}: {line.reference} — {line.note}")
        if not result.clean:
            raise SystemExit(1)
