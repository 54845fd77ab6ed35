"""Issue 5, online submission in a browser at 360 px: the demo citizen (congdan, 0912345678)
submits a full-process procedure (Cấp Phiếu lý lịch tư pháp, 2.001417) with uploads, the desk
(tiepnhan) asks for a supplement, the citizen uploads it, the desk receives the dossier, the
agencies (demo staff of Sở Tư pháp and Công an tỉnh) process it and the Sở Tư pháp leader
attaches the result file; the citizen downloads it. axe-core finds no serious or critical
violation on the submission steps, the review, the done page, the citizen's dossier page and
the look-up page.

The clock is travelled (time-machine patches the whole process, so the live server sees it).
The agencies' intermediate hand-overs go through the services (the dossier story test drives
those pages); every step the citizen and the desk take, and the final result, go through pages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core import mail
from django.utils import timezone
from playwright.sync_api import FilePayload, Page, expect

from motcua.accounts import demo as accounts_demo
from motcua.accounts.models import User
from motcua.catalog import demo as catalog_demo
from motcua.citizens import demo as citizens_demo
from motcua.core.clock import VN_TZ
from motcua.core.pdf import render_html_pdf
from motcua.documents import pki
from motcua.dossiers.models import Dossier
from motcua.dossiers.outbox import OUTBOX_LEASE, outbox_deliver
from motcua.dossiers.services import step_claim, step_transfer
from motcua.dossiers.workflow import Status
from motcua.organization import demo as organization_demo

pytestmark = pytest.mark.browser
seed_notification_templates = import_module(
    "motcua.notifications.migrations.0002_seed_templates"
).seed

PROCEDURE = "2.001417"
SO_TU_PHAP = "000.00.10.H09"
PHONE = "0912345678"
EMAIL = "congdan@motcua.example"  # the demo citizen's address, pre-filled at step 1
PASSWORD = accounts_demo.DEMO_PASSWORD
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
DECLARATION = "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 03/2013/TT-LLTP)"
IDENTITY = "Bản chụp giấy tờ tùy thân (CCCD/căn cước, hộ chiếu) của người được cấp Phiếu"
PDF_FILE: FilePayload = {
    "name": "to-khai-lltp.pdf",
    "mimeType": "application/pdf",
    "buffer": b"%PDF-1.4\n%to khai\n%%EOF\n",
}
JPEG_FILE: FilePayload = {
    "name": "cccd.jpg",
    "mimeType": "image/jpeg",
    "buffer": b"\xff\xd8\xff\xe0" + b"\x00" * 200,
}
LYING_FILE: FilePayload = {  # a PNG picture named .pdf
    "name": "cccd-ro.pdf",
    "mimeType": "application/pdf",
    "buffer": b"\x89PNG\r\n\x1a\n" + b"\x00" * 200,
}
SUPPLEMENT_FILE: FilePayload = {
    "name": "cccd-ro.png",
    "mimeType": "image/png",
    "buffer": b"\x89PNG\r\n\x1a\n" + b"\x01" * 200,
}
RESULT_HTML = "<!doctype html><meta charset=utf-8><h1>PHIẾU LÝ LỊCH TƯ PHÁP SỐ 2</h1>"


def vn(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=VN_TZ)


def notified(fake_sms: Any, code: str, at_least: int) -> None:
    """The citizen got at least `at_least` SMS (in the fake gateway) and e-mails (in the mail
    outbox) about the dossier. Messages a kick has not delivered yet are delivered the way the
    periodic worker would, once their lease is over."""
    outbox_deliver(at=timezone.now() + OUTBOX_LEASE + dt.timedelta(seconds=1))
    sms = [m for m in fake_sms.messages(to=PHONE) if code in str(m.get("text", ""))]
    mails = [m for m in mail.outbox if EMAIL in m.to and code in (m.subject + str(m.body))]
    assert len(sms) >= at_least, fake_sms.messages(to=PHONE)
    assert len(mails) >= at_least, [(m.to, m.subject) for m in mail.outbox]


@pytest.fixture
def travel(transactional_db: Any, settings: Any, tmp_path: Any, fake_sms: Any) -> Iterator[Any]:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MOTCUA_PKI_DIR = tmp_path / "pki"
    with time_machine.travel(vn(2, 8, 0), tick=True) as traveller:
        organization_demo.load()
        accounts_demo.load()
        catalog_demo.load()
        citizens_demo.load()
        # The notification templates come from a data migration, which the flush ending every
        # live-server test removes; put them back (update_or_create) for this one.
        seed_notification_templates(django_apps, None)
        # Sở Tư pháp signs its results (motcua.documents): the citizen gets the signed copy.
        pki.unit_issue(code=SO_TU_PHAP, name="Sở Tư pháp", at=vn(2, 8, 0))
        yield traveller


@pytest.fixture(scope="module")
def result_pdf() -> bytes:
    return render_html_pdf(RESULT_HTML)


# --- What people do ----------------------------------------------------------------------------


def axe_violations(page: Page) -> list[tuple[str, str, list[Any]]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def fits_and_passes_axe(page: Page, where: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")  # widths settle once fonts are in
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), where
    assert axe_violations(page) == [], where


def citizen_logs_in(page: Page, then: str) -> None:
    page.goto(page.base_url + "/tai-khoan/dang-nhap/?next=" + then)  # type: ignore[attr-defined]
    page.get_by_label("Số điện thoại hoặc e-mail").fill(PHONE)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def staff_logs_in(page: Page, username: str, then: str) -> None:
    page.goto(page.base_url + "/accounts/login/?next=" + then)  # type: ignore[attr-defined]
    page.get_by_label("Tên đăng nhập hoặc e-mail").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def logs_out(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.context.clear_cookies()


def open_action(page: Page, action: str) -> Any:
    box = page.locator(f"#act-{action}")
    box.locator("summary").click()
    expect(box).to_have_attribute("open", "")
    return box


def submit_action(page: Page, box: Any, done: str) -> None:
    box.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(done)


def submits_online(page: Page) -> str:
    """The citizen, logged in, submits Phiếu lý lịch tư pháp số 2 online; returns the code."""
    page.goto(page.base_url + f"/thu-tuc/{PROCEDURE}/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nộp hồ sơ trực tuyến")
    fits_and_passes_axe(page, "start")
    page.get_by_role("button", name="Bắt đầu nộp hồ sơ").click()

    # 1. Applicant: name, phone and citizen ID come from the account.
    expect(page.get_by_role("heading", level=1)).to_have_text("Bước 1/4: Thông tin người nộp")
    expect(page.get_by_label("Họ và tên (cá nhân) hoặc tên tổ chức")).to_have_value("Nguyễn Văn An")
    expect(page.get_by_label("Số điện thoại")).to_have_value(PHONE)
    expect(page.get_by_label("Số định danh cá nhân (CCCD)")).to_have_value("074090001234")
    fits_and_passes_axe(page, "step 1")
    page.get_by_label("Ngày sinh").fill("17/05/1990")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    # The address is missing: said once at the top, once beside the field, focus-free.
    expect(page.locator("#error-summary")).to_contain_text("Chưa nhập địa chỉ liên hệ.")
    fits_and_passes_axe(page, "step 1 with an error")
    page.get_by_label("Địa chỉ liên hệ").fill(
        "12 Đường 30/4, Phường Phú Cường, Thủ Dầu Một, Bình Dương"
    )
    expect(page.locator("#autosave")).to_contain_text("Đã tự động lưu nháp lúc")
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # 2. The procedure's e-form (from the catalogue) and the case.
    expect(page.get_by_role("heading", level=1)).to_have_text("Bước 2/4: Thông tin hồ sơ")
    fits_and_passes_axe(page, "step 2")
    page.get_by_label("Trường hợp").select_option(label="Yêu cầu cấp Phiếu lý lịch tư pháp số 2")
    page.get_by_label("Họ, chữ đệm, tên người được cấp Phiếu").fill("Nguyễn Văn An")
    page.get_by_label("Số định danh cá nhân (số CCCD/căn cước)").fill("07409000123")
    page.get_by_label("Ngày, tháng, năm sinh").fill("17/05/1990")
    page.get_by_label("Nơi thường trú").fill("Phường Phú Cường, Thủ Dầu Một, Bình Dương")
    page.get_by_label("Loại Phiếu").select_option("Phiếu số 2")
    page.get_by_label("Số lượng Phiếu").fill("1")
    page.get_by_label("Mục đích sử dụng Phiếu").fill("Bổ sung hồ sơ xin việc")
    page.get_by_label("Số điện thoại liên hệ").fill(PHONE)
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    # 11 digits do not match the catalogue's pattern (12 digits).
    expect(page.locator("#error-summary")).to_contain_text(
        "Số định danh cá nhân (số CCCD/căn cước) không đúng định dạng yêu cầu."
    )
    page.get_by_label("Số định danh cá nhân (số CCCD/căn cước)").fill("074090001234")
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # 3. Documents: a PNG named .pdf is refused by name; real files are kept.
    expect(page.get_by_role("heading", level=1)).to_have_text("Bước 3/4: Giấy tờ")
    fits_and_passes_axe(page, "step 3")
    page.get_by_label(DECLARATION).set_input_files(PDF_FILE)
    page.get_by_label(IDENTITY).set_input_files(LYING_FILE)
    page.get_by_role("button", name="Tải lên và tiếp tục").click()
    expect(page.locator("#error-summary")).to_contain_text(
        "Tệp 'cccd-ro.pdf' không phải PDF thật (nội dung là PNG)."
    )
    expect(page.get_by_role("link", name="to-khai-lltp.pdf")).to_be_visible()
    fits_and_passes_axe(page, "step 3 with a refused file")
    page.get_by_label(IDENTITY).set_input_files(JPEG_FILE)
    page.get_by_role("button", name="Tải lên và tiếp tục").click()

    # 4. Review, then submit once (a second click would find the same dossier).
    expect(page.get_by_role("heading", level=1)).to_have_text("Bước 4/4: Xem lại và nộp")
    expect(page.get_by_text("Bổ sung hồ sơ xin việc")).to_be_visible()
    expect(page.get_by_role("link", name="cccd.jpg")).to_be_visible()
    fits_and_passes_axe(page, "review")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã nộp hồ sơ trực tuyến")
    expect(page.locator("#result-how")).to_contain_text("Kết quả điện tử")
    fits_and_passes_axe(page, "done")
    code = page.locator("#dossier-code").inner_text()
    assert re.fullmatch(r"000\.02\.01\.H09-260302-\d{4}", code)
    return code


# --- The story ---------------------------------------------------------------------------------


def test_a_citizen_submits_online_supplements_online_and_downloads_the_result(
    page: Page, travel: Any, result_pdf: bytes, fake_sms: Any
) -> None:
    page.set_viewport_size({"width": 360, "height": 760})

    # 1. Monday 09:00 — the citizen submits online.
    travel.move_to(vn(2, 9, 0))
    citizen_logs_in(page, f"/thu-tuc/{PROCEDURE}/")
    code = submits_online(page)
    d = Dossier.objects.get(code=code)
    assert d.status == Status.SUBMITTED
    assert d.documents.filter(file__gt="").count() == 3  # two uploads and the e-form PDF
    logs_out(page)

    # 2. Monday 10:00 — the desk checks it and asks, once, for a clearer ID picture.
    travel.move_to(vn(2, 10, 0))
    staff_logs_in(page, "tiepnhan", f"/staff/dossiers/{code}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    box = open_action(page, "request_supplement_at_desk")
    box.get_by_label("Nội dung cần bổ sung, hoàn thiện").fill("Ảnh chụp CCCD rõ nét, đủ hai mặt")
    submit_action(page, box, "Đã lập phiếu yêu cầu bổ sung")
    logs_out(page)
    notified(fake_sms, code, at_least=2)  # submitted; supplement requested

    # 3. Monday 11:00 — the citizen opens "Hồ sơ của tôi", sees what is asked, uploads it.
    travel.move_to(vn(2, 11, 0))
    citizen_logs_in(page, "/tai-khoan/ho-so/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ của tôi")
    page.get_by_role("link", name=re.compile(rf"— {re.escape(code)}$")).click()
    expect(page).to_have_url(re.compile(rf"/ho-so/{re.escape(code)}/$"))
    expect(page.locator("#status")).to_contain_text("Cần bổ sung, hoàn thiện hồ sơ")
    fits_and_passes_axe(page, "dossier page with a supplement request")
    page.get_by_label("Ảnh chụp CCCD rõ nét, đủ hai mặt").set_input_files(SUPPLEMENT_FILE)
    page.get_by_role("button", name="Gửi bổ sung").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi hồ sơ bổ sung.")
    expect(page.locator("#status")).to_contain_text("chờ cán bộ một cửa kiểm tra")
    logs_out(page)

    # 4. Monday 13:30 — the desk receives the completed dossier: the clock starts.
    travel.move_to(vn(2, 13, 30))
    staff_logs_in(page, "tiepnhan", f"/staff/dossiers/{code}/")
    submit_action(page, page.locator("#act-accept"), "Đã tiếp nhận hồ sơ trực tuyến.")
    logs_out(page)
    finish_in_the_agencies(code, travel)

    # 6. Thursday 09:00 — the director of Sở Tư pháp attaches the signed result.
    travel.move_to(vn(5, 9, 0))
    staff_logs_in(page, "lanhdaoso", f"/staff/dossiers/{code}/")
    box = open_action(page, "attach_result")
    box.get_by_label("Số, ký hiệu kết quả").fill("21/2026/PLLTP")
    box.get_by_label("Người ký").fill("Dương Thị Bích Ngọc")
    box.get_by_label("Tệp kết quả").set_input_files(
        {"name": "phieu-lltp.pdf", "mimeType": "application/pdf", "buffer": result_pdf}
    )
    submit_action(page, box, "Đã cập nhật kết quả")
    logs_out(page)

    # 7. Thursday 10:00 — the citizen downloads the electronic result.
    travel.move_to(vn(5, 10, 0))
    citizen_downloads_the_result(page, code, result_pdf)
    notified(fake_sms, code, at_least=4)  # submitted, supplement asked, received, result ready


def finish_in_the_agencies(code: str, travel: Any) -> None:
    """Tuesday–Wednesday: the process of 2.001417 through Sở Tư pháp and Công an tỉnh."""
    users = {u.username: u for u in User.objects.all()}
    d = Dossier.objects.get(code=code)
    for day, hour, who, what in (
        (2, 14, "tiepnhan", "transfer"),  # desk → Phòng Hành chính tư pháp
        (3, 9, "chuyenvien", "claim"),
        (3, 10, "chuyenvien", "transfer"),  # → Công an tỉnh
        (3, 14, "chuyenvien_ca", "claim"),
        (3, 15, "chuyenvien_ca", "transfer"),  # → trưởng phòng Hành chính tư pháp
        (4, 9, "truongphong", "transfer"),  # → lãnh đạo Sở
    ):
        travel.move_to(vn(day, hour))
        at = vn(day, hour)
        if what == "claim":
            d = step_claim(dossier=d, by=users[who], at=at)
        else:
            d = step_transfer(dossier=d, by=users[who], at=at)
    assert d.current_step_role == "agency_leader"


def citizen_downloads_the_result(page: Page, code: str, original: bytes) -> None:
    citizen_logs_in(page, f"/tra-cuu/?code={code}")
    # The look-up by code alone takes the owner to the dossier (no secret needed).
    expect(page).to_have_url(re.compile(rf"/ho-so/{re.escape(code)}/$"))
    expect(page.locator("#status")).to_contain_text("Đã có kết quả")
    expect(page.locator("#ket-qua")).to_contain_text("có chữ ký số của Sở Tư pháp")
    fits_and_passes_axe(page, "dossier page with the result")
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải kết quả số 21/2026/PLLTP").click()
    signed = Path(info.value.path()).read_bytes()
    assert signed.startswith(original[:8]) and b"/ByteRange" in signed  # the signed copy
    assert len(signed) > len(original)
    logs_out(page)


def test_the_public_look_up_fits_a_phone_and_passes_axe(page: Page, travel: Any) -> None:
    """The look-up page itself, anonymous, with the code and secret from the receipt's QR."""
    page.set_viewport_size({"width": 360, "height": 760})
    travel.move_to(vn(2, 9, 0))
    citizen_logs_in(page, f"/thu-tuc/{PROCEDURE}/")
    code = submits_online(page)
    secret = page.locator("#dossier-secret").inner_text()
    logs_out(page)

    page.goto(page.base_url + "/tra-cuu/")  # type: ignore[attr-defined]
    fits_and_passes_axe(page, "look-up form")
    page.goto(page.base_url + f"/tra-cuu/?code={code}&secret={secret}")  # type: ignore[attr-defined]
    expect(page.locator("#lookup-result")).to_contain_text("Đã gửi, đang chờ cán bộ một cửa")
    expect(page.locator("#lookup-result")).to_contain_text("Nguyễn V*** A")
    fits_and_passes_axe(page, "look-up result")
