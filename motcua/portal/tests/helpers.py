"""Arrangements shared by the portal tests: files with real (or lying) contents, a citizen
made through the citizens services, and a walk through the submission steps."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.core.clock import VN_TZ

# Monday 02/03/2026 09:00 in Vietnam (the dossier factories' T0).
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)
PASSWORD = "Hoa-sen-tim-2025"
PHONE = "0912345678"
EMAIL = "an.nguyen@example.vn"  # typed at step 1 (SMS registration keeps no e-mail)
CITIZEN_ID = "074090001234"  # born 1990, registered in Bình Dương
PROCEDURE = "1.000001"  # the dossier factories' standard procedure (online, full)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def pdf(name: str = "to-khai.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_citizen(
    fake_sms: Any,
    capture: Any,
    *,
    phone: str = PHONE,
    full_name: str = "Nguyễn Văn An",
    citizen_id: str = "",
) -> Any:
    from motcua.citizens.models import CodeChannel
    from motcua.citizens.services import citizen_activate, citizen_register

    with capture(execute=True):
        otp = citizen_register(
            kind="individual",
            full_name=full_name,
            channel=CodeChannel.SMS,
            phone=phone,
            password=PASSWORD,
            citizen_id=citizen_id,
            ip="10.9.9.9",
            at=T0,
        )
    return citizen_activate(user=otp.user, code=fake_sms.last_code(phone), ip="10.9.9.9", at=T0)


def applicant_data(**overrides: str) -> dict[str, str]:
    data = {
        "kind": "individual",
        "full_name": "Nguyễn Văn An",
        "citizen_id": CITIZEN_ID,
        "date_of_birth": "17/05/1990",
        "tax_code": "",
        "legal_representative": "",
        "address": "12 Đường 30/4, Phường Phú Cường, Thủ Dầu Một, Bình Dương",
        "phone": PHONE,
        "email": EMAIL,
    }
    data.update(overrides)
    return data


def step_url(draft: Any, slug: str) -> str:
    return f"/nop-truc-tuyen/{draft.public_id}/buoc/{slug}/"


def start_draft(client: Any, code: str = PROCEDURE) -> Any:
    from motcua.portal.models import OnlineDraft

    response = client.post(f"/thu-tuc/{code}/nop-truc-tuyen/")
    assert response.status_code == 302, response.content.decode()[:2000]
    match = re.search(r"/nop-truc-tuyen/([0-9a-f-]{36})/", response["Location"])
    assert match, response["Location"]
    return OnlineDraft.objects.get(public_id=match.group(1))


def fill_to_review(client: Any, draft: Any, *, desk_code: str = "000.02.01.H09") -> None:
    """Steps 1–3 of the standard procedure, each answered correctly."""
    r = client.post(step_url(draft, "nguoi-nop"), applicant_data())
    assert r.status_code == 302, r.content.decode()[:3000]
    r = client.post(
        step_url(draft, "thong-tin"),
        {"receiving_unit": desk_code, "tk_full_name": "Nguyễn Văn An", "tk_purpose": "Xin việc"},
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    draft.refresh_from_db()
    docs = {d.name: d for d in draft.procedure_version.documents_for(None)}
    r = client.post(
        step_url(draft, "giay-to"),
        {
            f"doc_{docs['Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp'].pk}": pdf("to-khai.pdf"),
            f"doc_{docs['Căn cước công dân'].pk}": upload("cccd.png", PNG, "image/png"),
            "action": "next",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    draft.refresh_from_db()
