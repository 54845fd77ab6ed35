"""Issue 5, the citizen's whole story in a browser at 360 px: a new citizen registers with a
phone number and confirms the one-time code the fake SMS gateway received, logs in, submits a
full-process procedure (Cấp Phiếu lý lịch tư pháp, 2.001417) online with uploads; the desk
(tiepnhan) asks for a supplement, the citizen uploads it, the desk receives the dossier, the
agencies (demo staff of Sở Tư pháp and Công an tỉnh) process it and the Sở Tư pháp leader
attaches the result file; the citizen downloads the signed result and rates the dossier. At
each stage the citizen's SMS (fake gateway) and e-mails (mail outbox) are checked by event.
axe-core finds no serious or critical violation on the registration, the submission steps, the
review, the done page, the citizen's dossier page, the rating page and the look-up page.

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
from motcua.evaluation.models import Rating
from motcua.organization import demo as organization_demo

pytestmark = pytest.mark.browser
seed_notification_templates = import_module(
    "motcua.notifications.migrations.0002_seed_templates"
).seed

PROCEDURE = "2.001417"
SO_TU_PHAP = "000.00.10.H09"
PHONE = "0912345678"
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


# The citizen of the whole story registers during it.
NEW_NAME = "Trần Thị Mai"
NEW_PHONE = "0987654321"
NEW_EMAIL = "tranthimai@example.vn"
NEW_CITIZEN_ID = "074190004321"
NEW_PASSWORD = "Hoa-sen-tim-2025"


def told(fake_sms: Any, code: str, *, phone: str, email: str) -> list[tuple[str, str]]:
    """What the citizen was told about the dossier so far, oldest first: (channel, text) for
    each SMS the fake gateway accepted and each e-mail sent. Undelivered messages are
    delivered first, as the periodic worker would once their lease is over."""
    outbox_deliver(at=timezone.now() + OUTBOX_LEASE + dt.timedelta(seconds=1))
    sms = [
        ("sms", str(m.get("text", "")))
        for m in fake_sms.messages(to=phone)
        if code in str(m.get("text", ""))
    ]
    mails = [
        ("email", f"{m.subject}\n{m.body}")
        for m in mail.outbox
        if email in m.to and code in (m.subject + str(m.body))
    ]
    return sms + mails


def registers(page: Page, fake_sms: Any) -> None:
    """A new citizen registers with a phone number, types the SMS code and logs in."""
    page.goto(page.base_url + "/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Đăng ký", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký tài khoản")
    fits_and_passes_axe(page, "registration")
    page.get_by_label("Họ và tên").fill(NEW_NAME)
    page.get_by_label("Số điện thoại", exact=True).fill(NEW_PHONE)
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(NEW_PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Đăng ký và nhận mã xác nhận").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập mã xác nhận")
    page.get_by_label("Mã xác nhận").fill(fake_sms.last_code(NEW_PHONE))
    page.get_by_role("button", name="Xác nhận", exact=True).click()
    expect(page.get_by_text("Tài khoản đã được kích hoạt. Mời bạn đăng nhập.")).to_be_visible()
    page.get_by_label("Mật khẩu").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ của tôi")
    expect(page.get_by_text("Bạn chưa có hồ sơ nào.")).to_be_visible()


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
    citizen_logs_in_as(page, PHONE, PASSWORD, then)


def citizen_logs_in_as(page: Page, phone: str, password: str, then: str) -> None:
    page.goto(page.base_url + "/tai-khoan/dang-nhap/?next=" + then)  # type: ignore[attr-defined]
    page.get_by_label("Số điện thoại hoặc e-mail").fill(phone)
    page.get_by_label("Mật khẩu").fill(password)
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


def submits_online(page: Page, *, new_citizen: bool = False) -> str:
    """The citizen, logged in, submits Phiếu lý lịch tư pháp số 2 online; returns the code.
    The demo citizen's account holds a citizen ID; a `new_citizen` types it, and an e-mail."""
    page.goto(page.base_url + f"/thu-tuc/{PROCEDURE}/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nộp hồ sơ trực tuyến")
    fits_and_passes_axe(page, "start")
    page.get_by_role("button", name="Bắt đầu nộp hồ sơ").click()

    # 1. Applicant: name, phone (and the demo citizen's ID) come from the account.
    expect(page.get_by_role("heading", level=1)).to_have_text("Bước 1/4: Thông tin người nộp")
    name, phone = (NEW_NAME, NEW_PHONE) if new_citizen else ("Nguyễn Văn An", PHONE)
    citizen_id = NEW_CITIZEN_ID if new_citizen else "074090001234"
    expect(page.get_by_label("Họ và tên (cá nhân) hoặc tên tổ chức")).to_have_value(name)
    expect(page.get_by_label("Số điện thoại")).to_have_value(phone)
    if new_citizen:
        expect(page.get_by_label("Số định danh cá nhân (CCCD)")).to_have_value("")
        page.get_by_label("Số định danh cá nhân (CCCD)").fill(NEW_CITIZEN_ID)
        page.get_by_label("E-mail").fill(NEW_EMAIL)
    else:
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
    page.get_by_label("Họ, chữ đệm, tên người được cấp Phiếu").fill(name)
    page.get_by_label("Số định danh cá nhân (số CCCD/căn cước)").fill(citizen_id[:-1])
    page.get_by_label("Ngày, tháng, năm sinh").fill("17/05/1990")
    page.get_by_label("Nơi thường trú").fill("Phường Phú Cường, Thủ Dầu Một, Bình Dương")
    page.get_by_label("Loại Phiếu").select_option("Phiếu số 2")
    page.get_by_label("Số lượng Phiếu").fill("1")
    page.get_by_label("Mục đích sử dụng Phiếu").fill("Bổ sung hồ sơ xin việc")
    page.get_by_label("Số điện thoại liên hệ").fill(phone)
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    # 11 digits do not match the catalogue's pattern (12 digits).
    expect(page.locator("#error-summary")).to_contain_text(
        "Số định danh cá nhân (số CCCD/căn cước) không đúng định dạng yêu cầu."
    )
    page.get_by_label("Số định danh cá nhân (số CCCD/căn cước)").fill(citizen_id)
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


def test_a_new_citizen_registers_submits_supplements_downloads_and_rates_with_notifications(
    page: Page, travel: Any, result_pdf: bytes, fake_sms: Any
) -> None:
    page.set_viewport_size({"width": 360, "height": 760})

    def told_now() -> list[tuple[str, str]]:
        return told(fake_sms, code, phone=NEW_PHONE, email=NEW_EMAIL)

    # 0. Monday 08:30 — a citizen registers with her phone and confirms the SMS code.
    travel.move_to(vn(2, 8, 30))
    registers(page, fake_sms)

    # 1. Monday 09:00 — she submits online; SMS and e-mail say it was sent, with the secret.
    travel.move_to(vn(2, 9, 0))
    code = submits_online(page, new_citizen=True)
    d = Dossier.objects.get(code=code)
    assert d.status == Status.SUBMITTED
    assert d.submitted_by is not None and d.submitted_by.phone == NEW_PHONE
    assert d.documents.filter(file__gt="").count() == 3  # two uploads and the e-form PDF
    sent = told_now()
    assert [channel for channel, _ in sent] == ["sms", "email"]
    assert all(d.secret in text for _, text in sent), sent
    logs_out(page)

    # 2. Monday 10:00 — the desk checks it and asks, once, for a clearer ID picture.
    travel.move_to(vn(2, 10, 0))
    staff_logs_in(page, "tiepnhan", f"/staff/dossiers/{code}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    box = open_action(page, "request_supplement_at_desk")
    box.get_by_label("Nội dung cần bổ sung, hoàn thiện").fill("Ảnh chụp CCCD rõ nét, đủ hai mặt")
    submit_action(page, box, "Đã lập phiếu yêu cầu bổ sung")
    logs_out(page)
    asked = [m for m in told_now() if m not in sent]
    # Both channels name what is missing (SMS text is unaccented ASCII).
    assert [channel for channel, _ in asked] == ["sms", "email"], asked
    assert "Anh chup CCCD ro net" in asked[0][1] and "Ảnh chụp CCCD rõ nét" in asked[1][1]
    sent += asked

    # 3. Monday 11:00 — she opens "Hồ sơ của tôi", sees what is asked, uploads it.
    travel.move_to(vn(2, 11, 0))
    citizen_logs_in_as(page, NEW_PHONE, NEW_PASSWORD, "/tai-khoan/ho-so/")
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

    # 4. Monday 13:30 — the desk receives the completed dossier: the clock starts, and she is
    # told the appointment.
    travel.move_to(vn(2, 13, 30))
    staff_logs_in(page, "tiepnhan", f"/staff/dossiers/{code}/")
    submit_action(page, page.locator("#act-accept"), "Đã tiếp nhận hồ sơ trực tuyến.")
    logs_out(page)
    received = [m for m in told_now() if m not in sent]
    d.refresh_from_db()
    assert d.status == Status.RECEIVED and d.due_at is not None
    due = d.due_at.astimezone(VN_TZ).strftime("%d/%m/%Y")
    assert [channel for channel, _ in received] == ["sms", "email"], received
    assert all(due in text for _, text in received), (due, received)
    sent += received
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
    ready = [m for m in told_now() if m not in sent]
    assert [channel for channel, _ in ready] == ["sms", "email"], ready
    sent += ready

    # 7. Thursday 10:00 — she downloads the electronic result, then rates the dossier from
    # its page.
    travel.move_to(vn(5, 10, 0))
    citizen_downloads_the_result(page, code, result_pdf, phone=NEW_PHONE, password=NEW_PASSWORD)
    citizen_logs_in_as(page, NEW_PHONE, NEW_PASSWORD, f"/ho-so/{code}/")
    page.get_by_role("link", name="Đánh giá mức độ hài lòng").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đánh giá mức độ hài lòng")
    fits_and_passes_axe(page, "rating")
    groups = page.get_by_role("group")
    for i in range(groups.count()):
        groups.nth(i).get_by_text("Hài lòng", exact=True).click()
    page.get_by_label("Ý kiến khác (không bắt buộc)").fill("Không phải đi lại lần nào.")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_role("status")).to_contain_text("Cảm ơn bạn đã đánh giá")
    rating = Rating.objects.get(dossier__code=code)
    assert rating.comment == "Không phải đi lại lần nào."
    assert rating.by is not None and rating.by.phone == NEW_PHONE
    assert not rating.answers.filter(satisfied=False).exists()
    # Nothing was sent to the demo citizen: every message went to the new account's contacts.
    assert not [m for m in fake_sms.messages(to=PHONE) if code in str(m.get("text", ""))]


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


def citizen_downloads_the_result(
    page: Page, code: str, original: bytes, *, phone: str = PHONE, password: str = PASSWORD
) -> None:
    citizen_logs_in_as(page, phone, password, f"/tra-cuu/?code={code}")
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
