"""Shared arrangements for the account tests."""

from __future__ import annotations

import datetime as dt
import re

from motcua.core.clock import VN_TZ

PASSWORD = "Hoa-sen-tim-2025"
PHONE = "0912345678"
EMAIL = "an.nguyen@example.vn"
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)
REGISTER = "/tai-khoan/dang-ky/"
CONFIRM = "/tai-khoan/xac-nhan/"
LOGIN = "/tai-khoan/dang-nhap/"
RESET = "/tai-khoan/quen-mat-khau/"
RESET_CONFIRM = "/tai-khoan/dat-lai-mat-khau/"
DOSSIERS = "/tai-khoan/ho-so/"


def register_form(**overrides: str) -> dict[str, str]:
    data = {
        "kind": "individual",
        "full_name": "Nguyễn Văn An",
        "channel": "sms",
        "phone": PHONE,
        "email": "",
        "citizen_id": "",
        "organization_name": "",
        "tax_code": "",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
    }
    data.update(overrides)
    return data


def code_in_mail(address: str) -> str:
    """The 6-digit code of the last e-mail sent to `address` (django.core.mail.outbox)."""
    from django.core import mail

    sent = [m for m in mail.outbox if address in m.to]
    assert sent, f"No e-mail was sent to {address}."
    match = re.search(r"\b(\d{6})\b", str(sent[-1].body))
    assert match, sent[-1].body
    return match.group(1)
