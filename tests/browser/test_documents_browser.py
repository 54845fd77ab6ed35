"""Issue 6 in a browser: the Thủ Dầu Một branch officer receives a paper dossier (Phiếu lý
lịch tư pháp) and, in the same reception form, scans two documents as page images and reuses
the applicant's identity card from their store; Sở Tư pháp attaches the result, which is signed
with the agency's certificate; the branch hands it over; the citizen, logged in on a phone,
downloads the signed result from their store and verifies it on the public page.

The processing steps in between are the dossier issue's (tested there) and are run through
the services. The clock is travelled so that certificates, signatures and deadlines agree.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from PIL import Image, ImageDraw
from playwright.sync_api import FilePayload, Page, expect

from motcua.accounts import demo as accounts_demo
from motcua.accounts.models import User
from motcua.catalog import demo as catalog_demo
from motcua.citizens import demo as citizens_demo
from motcua.core.clock import VN_TZ, now
from motcua.core.errors import DomainError
from motcua.documents import demo as documents_demo
from motcua.documents.filestore import file_store
from motcua.documents.models import (
    Digitisation,
    DigitisationKind,
    DocumentType,
    ElectronicResult,
    OwnerKind,
    StoreDocument,
    StoreSource,
)
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import step_claim, step_transfer
from motcua.organization import demo as organization_demo

pytestmark = pytest.mark.browser

PASSWORD = accounts_demo.DEMO_PASSWORD
PROCEDURE = "2.001417"
APPLICANT_ID = "074090001234"  # the demo citizen `congdan`
APPLICANT_PHONE = "0912345678"
DECLARATION = "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 03/2013/TT-LLTP)"
IDENTITY = "Bản chụp giấy tờ tùy thân (CCCD/căn cước, hộ chiếu) của người được cấp Phiếu"
EXEMPTION = "Giấy tờ chứng minh thuộc đối tượng miễn, giảm phí (nếu có)"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def vn(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=VN_TZ)


def image(text: str, fmt: str = "PNG") -> bytes:
    picture = Image.new("RGB", (120, 170), "white")
    ImageDraw.Draw(picture).text((10, 10), text, fill="black")
    out = io.BytesIO()
    picture.save(out, fmt)
    return out.getvalue()


def pdf(text: str) -> bytes:
    out = io.BytesIO()
    Image.open(io.BytesIO(image(text))).convert("RGB").save(out, "PDF")
    return out.getvalue()


def png(name: str, text: str) -> FilePayload:
    return {"name": name, "mimeType": "image/png", "buffer": image(text)}


@pytest.fixture
def travel(transactional_db: Any, settings: Any, tmp_path: Any) -> Iterator[Any]:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.MOTCUA_PKI_DIR = tmp_path / "pki"
    settings.MOTCUA_OUTBOX_KICK = False
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "store")},
        },
    }
    with time_machine.travel(vn(2, 8, 0), tick=True) as traveller:
        organization_demo.load()
        accounts_demo.load()
        citizens_demo.load()
        catalog_demo.load()
        documents_demo.load()
        yield traveller


def serious_accessibility_violations(page: Page) -> list[tuple[str, str, list[Any]]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def fits_a_phone(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def staff_log_in(page: Page, username: str) -> None:
    page.goto(page.base_url + "/accounts/login/?next=/staff/dossiers/")  # type: ignore[attr-defined]
    page.get_by_label("Tên đăng nhập hoặc e-mail").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hộp hồ sơ")


def log_out(page: Page) -> None:
    page.context.clear_cookies()


def open_dossier(page: Page, code: str) -> None:
    page.goto(page.base_url + f"/staff/dossiers/{code}/")  # type: ignore[attr-defined]
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)


def open_action(page: Page, action: str) -> Any:
    box = page.locator(f"#act-{action}")
    box.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(box).to_have_attribute("open", "")
    return box


def doc_section(page: Page, name: str) -> Any:
    return page.locator("section.card").filter(
        has=page.get_by_role("heading", level=3, name=name, exact=True)
    )


def advance_to_the_leader(code: str) -> None:
    """Sở Tư pháp and Công an tỉnh process the dossier (each step handed on by whoever
    holds it) until it waits for the director's signature."""
    names = ("tiepnhan_tdm", "chuyenvien", "truongphong_ca", "chuyenvien_ca", "lanhdao_ca")
    names += ("truongphong",)
    people = [User.objects.get(username=n) for n in names]
    for _ in range(12):
        d = Dossier.objects.get(code=code)
        step = d.current_step
        if step is not None and step.role == "agency_leader":
            return
        for person in people:
            try:
                if step is not None and step.assignee_id is None and step.role != "receiving":
                    step_claim(dossier=d, by=person, at=now())
                    d = Dossier.objects.get(code=code)
                step_transfer(dossier=d, by=person, at=now())
            except DomainError:
                d = Dossier.objects.get(code=code)
                continue
            break
    raise AssertionError(f"dossier {code} did not reach the director")


def test_a_paper_dossier_is_digitised_its_result_signed_and_verified_by_the_citizen(
    page: Page, travel: Any
) -> None:
    # The applicant's store already holds their identity card (added earlier).
    at = vn(2, 8, 30)
    StoreDocument.objects.create(
        owner_kind=OwnerKind.PERSON,
        owner_number=APPLICANT_ID,
        doc_type=DocumentType.objects.get(code="CCCD"),
        title="Căn cước công dân",
        issuing_body="Cục Cảnh sát QLHC về TTXH",
        issue_date=dt.date(2021, 4, 1),
        file=file_store(data=pdf("CCCD"), name="cccd.pdf", at=at, field="file"),
        source=StoreSource.CITIZEN,
        added_at=at,
    )

    # 1. Monday 09:00 — the branch officer receives the paper dossier and digitises it in
    #    the same form: two documents scanned page by page, the identity card reused from
    #    the applicant's store (offered once her citizen ID is typed).
    travel.move_to(vn(2, 9, 0))
    staff_log_in(page, "tiepnhan_tdm")
    page.get_by_role("link", name="Tiếp nhận hồ sơ").click()
    # The desk page must be loaded (htmx attached) before typing triggers the search.
    expect(page.get_by_role("heading", level=1)).to_have_text("Tiếp nhận hồ sơ")
    page.wait_for_load_state("load")
    page.get_by_label("Tìm thủ tục (theo tên hoặc mã)").fill("ly lich tu phap")
    pick = page.get_by_role("button", name=f"Chọn {PROCEDURE}")
    expect(pick).to_be_visible()
    pick.click()
    expect(page.locator(".chosen")).to_contain_text(PROCEDURE)
    page.wait_for_load_state("load")
    page.get_by_label("Họ và tên", exact=True).fill("Nguyễn Văn An")
    page.get_by_label("Số định danh cá nhân (CCCD)").fill(APPLICANT_ID)
    page.get_by_label("Ngày sinh").fill("01/01/1990")
    page.get_by_label("Địa chỉ", exact=True).fill("12 Lê Lợi, Phường Phú Cường, Bình Dương")
    page.get_by_label("Số điện thoại", exact=True).fill(APPLICANT_PHONE)
    for name in (DECLARATION, IDENTITY, EXEMPTION):
        page.get_by_label(name, exact=True).check()

    page.get_by_label(f"Bản quét: {DECLARATION}").set_input_files(
        [png("trang-1.png", "to khai 1"), png("trang-2.png", "to khai 2")]
    )
    page.get_by_label(f"Số trang bản giấy: {DECLARATION}").fill("2")
    page.get_by_label(f"Bản quét: {EXEMPTION}").set_input_files([png("mien-phi.png", "mien phi")])
    page.get_by_label(f"Số trang bản giấy: {EXEMPTION}").fill("1")
    offers = page.get_by_role("group", name=IDENTITY)
    expect(offers).to_contain_text("Có trong kho dữ liệu của người nộp")
    expect(offers).to_contain_text("Căn cước công dân")
    offers.get_by_label("Dùng lại: Căn cước công dân").check()
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã tiếp nhận hồ sơ")
    code = page.locator("h1 .code").inner_text()

    digitised = Digitisation.objects.filter(dossier__code=code).select_related("document")
    kinds = {row.document.name: row.kind for row in digitised}
    assert kinds == {
        DECLARATION: DigitisationKind.SCANNED,
        EXEMPTION: DigitisationKind.SCANNED,
        IDENTITY: DigitisationKind.REUSED,
    }
    assert {row.page_count for row in digitised if row.kind == DigitisationKind.SCANNED} == {1, 2}
    assert all(row.by and row.by.username == "tiepnhan_tdm" for row in digitised)

    # 2. The dossier page shows how each document was digitised and its signature; the
    #    digitisation page (for later scans) shows the same.
    docs = page.locator("section[aria-labelledby=h-docs]")
    expect(docs).to_contain_text("Dùng lại từ kho dữ liệu")
    expect(docs.locator(".badge.ok")).to_have_count(2)
    page.get_by_role("link", name="Số hóa giấy tờ", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Số hóa hồ sơ {code}")
    expect(doc_section(page, DECLARATION)).to_contain_text("Chữ ký số hợp lệ")
    expect(doc_section(page, IDENTITY)).to_contain_text("Dùng lại từ kho dữ liệu")
    log_out(page)

    # 3. Sở Tư pháp and Công an tỉnh process it; Thursday the director attaches the result.
    travel.move_to(vn(3, 9, 0))
    advance_to_the_leader(code)
    travel.move_to(vn(5, 9, 0))
    staff_log_in(page, "lanhdaoso")
    open_dossier(page, code)
    box = open_action(page, "attach_result")
    box.get_by_label("Số, ký hiệu kết quả").fill("15/2026/PLLTP")
    box.get_by_label("Người ký").fill("Dương Thị Bích Ngọc")
    box.get_by_label("Tệp kết quả").set_input_files(
        {"name": "phieu-lltp.pdf", "mimeType": "application/pdf", "buffer": pdf("phieu")}
    )
    box.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Đã cập nhật kết quả")
    results = page.locator("section[aria-labelledby=h-docs] li")
    expect(results.filter(has_text="15/2026/PLLTP")).to_contain_text("Chữ ký số hợp lệ")
    expect(results.filter(has_text="15/2026/PLLTP")).to_contain_text("Sở Tư pháp")
    log_out(page)

    # 4. Thursday 14:00 — the branch hands the result over; it goes to the citizen's store.
    travel.move_to(vn(5, 14, 0))
    staff_log_in(page, "tiepnhan_tdm")
    open_dossier(page, code)
    box = open_action(page, "return")
    box.get_by_label("Số định danh người nhận").fill(APPLICANT_ID)
    box.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Đã trả kết quả.")
    er = ElectronicResult.objects.get(dossier__code=code)
    assert er.pushed_at is not None
    log_out(page)

    # 5. The next week, the citizen on a phone: store → signed result → public verification.
    travel.move_to(vn(9, 20, 0))
    page.set_viewport_size({"width": 360, "height": 760})
    page.goto(page.base_url + "/tai-khoan/dang-nhap/")  # type: ignore[attr-defined]
    page.get_by_label("Số điện thoại hoặc e-mail").fill(APPLICANT_PHONE)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Kho dữ liệu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kho dữ liệu của tôi")
    expect(page.get_by_role("link", name="Kho dữ liệu")).to_have_attribute("aria-current", "page")
    # Her citizen ID is not verified on this account: only what comes from her own dossiers.
    expect(page.locator("table")).not_to_contain_text("Căn cước công dân")
    expect(page.locator("table")).to_contain_text("Kết quả giải quyết TTHC")
    assert fits_a_phone(page)
    assert serious_accessibility_violations(page) == []
    link = page.get_by_role("link", name=f"Tải kết quả hồ sơ {code}")
    response = page.request.get(page.base_url + (link.get_attribute("href") or ""))  # type: ignore[attr-defined]
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    signed = response.body()
    assert signed.startswith(b"%PDF-")

    page.goto(page.base_url + "/xac-thuc/")  # type: ignore[attr-defined]
    assert fits_a_phone(page)
    assert serious_accessibility_violations(page) == []
    page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(
        {"name": f"ket-qua-{code}.pdf", "mimeType": "application/pdf", "buffer": signed}
    )
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    verdict = page.locator("#ket-qua")
    expect(verdict.get_by_role("heading", level=2)).to_have_text("Văn bản hợp lệ")
    expect(verdict).to_contain_text("Sở Tư pháp")
    expect(verdict).to_contain_text("Không bị thay đổi sau khi ký")
    assert fits_a_phone(page)
    assert serious_accessibility_violations(page) == []

    # A copy changed after signing is not valid.
    tampered = bytearray(signed)
    tampered[signed.index(b"stream") + 20] ^= 1
    page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(
        {"name": "sua.pdf", "mimeType": "application/pdf", "buffer": bytes(tampered)}
    )
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    expect(page.locator("#ket-qua").get_by_role("heading", level=2)).to_have_text(
        "Văn bản không hợp lệ"
    )
    assert re.search(r"thay đổi", page.locator("#ket-qua").inner_text())
