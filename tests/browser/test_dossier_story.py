"""Issue 4, the whole story in a browser: an inter-agency dossier (Phiếu lý lịch tư pháp,
Sở Tư pháp with Công an tỉnh) is received at the Thủ Dầu Một branch counter, processed by
specialists and leaders of both agencies with one supplement round that restarts the clock,
comes back to the desk and is handed over; the control slip shows every hand-over with its
timeliness, and the citizen's look-up shows each step.

The clock is travelled (time-machine patches the whole process, so the live server thread
sees the same time) to make the working-time arithmetic exact: received Monday 02/03/2026
09:00 with 10 working days → due 16/03/2026 09:00; the complete dossier arrives Tuesday
03/03 09:00 → the full time limit restarts: due 17/03/2026 09:00.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from playwright.sync_api import FilePayload, Page, expect

from motcua.accounts import demo as accounts_demo
from motcua.catalog import demo as catalog_demo
from motcua.core.clock import VN_TZ
from motcua.core.pdf import render_html_pdf
from motcua.dossiers.models import Dossier
from motcua.organization import demo as organization_demo

pytestmark = pytest.mark.browser

PASSWORD = accounts_demo.DEMO_PASSWORD
PROCEDURE = "2.001417"  # Cấp Phiếu lý lịch tư pháp: Sở Tư pháp, with Công an tỉnh
APPLICANT_NAME = "Trần Thị Bình"
APPLICANT_ID = "074185001234"  # born 1985 (digits 4–6), registered in Bình Dương (074)


def vn(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=VN_TZ)


PDF_FILE: FilePayload = {
    "name": "scan.pdf",
    "mimeType": "application/pdf",
    "buffer": b"%PDF-1.4\n%scan\n",
}


@pytest.fixture(scope="module")
def scan_pdf() -> FilePayload:
    """A real one-page PDF: a scan's pages are counted against the paper's."""
    pdf = render_html_pdf("<!doctype html><meta charset=utf-8><p>Căn cước công dân</p>")
    return {"name": "cccd.pdf", "mimeType": "application/pdf", "buffer": pdf}


@pytest.fixture
def travel(transactional_db: Any, settings: Any, tmp_path: Any) -> Iterator[Any]:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with time_machine.travel(vn(2, 8, 0), tick=True) as traveller:
        organization_demo.load()
        accounts_demo.load()
        catalog_demo.load()
        yield traveller


# --- Small steps a person takes --------------------------------------------------------------


def log_in(page: Page, username: str) -> None:
    page.goto(page.base_url + "/accounts/login/?next=/staff/dossiers/")  # type: ignore[attr-defined]
    page.get_by_label("Tên đăng nhập hoặc e-mail").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hộp hồ sơ")


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.context.clear_cookies()


def open_from_todo(page: Page, code: str) -> None:
    """The dossier waits in the user's "Cần xử lý" tab."""
    expect(page.get_by_role("link", name=re.compile(r"^Cần xử lý"))).to_have_attribute(
        "aria-current", "page"
    )
    page.get_by_role("link", name=code, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)


def open_from_all(page: Page, code: str) -> None:
    """Find the dossier by its code in the "Tất cả" tab (htmx swaps the panel)."""
    page.get_by_role("link", name=re.compile(r"^Tất cả")).click()
    expect(page.get_by_role("heading", level=2, name="Tất cả")).to_be_focused()
    page.get_by_label("Mã hồ sơ hoặc tên người nộp").fill(code)
    # The unfiltered list may show the same link: wait for htmx to swap the panel out, or
    # the click may land on the old one as it goes.
    panel = page.locator("#inbox-panel").element_handle()
    page.get_by_role("button", name="Lọc").click()
    panel.wait_for_element_state("hidden")
    page.get_by_role("link", name=code, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)


def open_action(page: Page, action: str) -> Any:
    """Open an action's disclosure with the keyboard (focus the summary, press Enter)."""
    box = page.locator(f"#act-{action}")
    page.wait_for_load_state("load")
    # Focus and key press on the summary itself, so a script moving focus after a reload
    # (the status message) cannot take the key press elsewhere.
    box.locator("summary").press("Enter")
    expect(box).to_have_attribute("open", "")
    return box


def submit(page: Page, box: Any, done: str) -> None:
    box.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(done)


def due_text(page: Page) -> str:
    return page.locator("#due-at").inner_text()


def pdf_response(page: Page, href: str) -> Any:
    response = page.request.get(page.base_url + href)  # type: ignore[attr-defined]
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    return response


# --- The story ---------------------------------------------------------------------------------


def test_an_inter_agency_dossier_goes_from_the_branch_counter_through_two_agencies_and_back(
    page: Page, travel: Any, scan_pdf: FilePayload
) -> None:
    # 1. Monday 09:00 — the receiving officer of the Thủ Dầu Một branch.
    travel.move_to(vn(2, 9, 0))
    log_in(page, "tiepnhan_tdm")
    page.get_by_role("link", name="Tiếp nhận hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tiếp nhận hồ sơ")
    expect(page.get_by_role("combobox", name=re.compile("^Nơi tiếp nhận"))).to_have_value(
        "000.11.01.H09"
    )

    # Search without diacritics (htmx, bound once the page has loaded), then pick the procedure.
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.htmx !== undefined")
    page.get_by_label("Tìm thủ tục (theo tên hoặc mã)").fill("ly lich tu phap")
    pick = page.get_by_role("button", name=f"Chọn {PROCEDURE}")
    expect(pick).to_be_visible()
    pick.click()
    expect(page.locator(".chosen")).to_contain_text(PROCEDURE)
    expect(page.locator("#procedure-part")).to_be_focused()
    checklist = page.locator("#checklist")
    expect(checklist).to_contain_text("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp")
    expect(checklist).not_to_contain_text("Tờ khai Mẫu số 04/2013/TT-LLTP")
    # Choosing the case reloads the checklist (htmx): case TH1 adds the mandate document.
    page.get_by_label("Trường hợp").select_option("TH1")
    expect(page.locator("#checklist")).to_contain_text("Tờ khai Mẫu số 04/2013/TT-LLTP")

    page.get_by_label("Họ và tên", exact=True).fill(APPLICANT_NAME)
    page.get_by_label("Số định danh cá nhân (CCCD)").fill(APPLICANT_ID)
    page.get_by_label("Ngày sinh").fill("12/04/1985")
    page.get_by_label("Địa chỉ", exact=True).fill(
        "Số 5 Đường Yersin, Phường Phú Cường, Thủ Dầu Một, Bình Dương"
    )
    page.get_by_label("Số điện thoại", exact=True).fill("0912345678")

    # Only the declaration is ticked: "receive" is refused, naming the missing document.
    declaration = page.get_by_label(
        "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 03/2013/TT-LLTP)", exact=True
    )
    declaration.check()
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("thiếu 1 thành phần bắt buộc")
    expect(summary).to_contain_text("Bản chụp giấy tờ tùy thân")
    expect(page.locator("#checklist")).to_contain_text("Thiếu giấy tờ bắt buộc này.")
    expect(page.get_by_label("Họ và tên", exact=True)).to_have_value(APPLICANT_NAME)
    expect(page.get_by_label("Ngày sinh")).to_have_value("12/04/1985")

    identity = page.get_by_label(
        "Bản chụp giấy tờ tùy thân (CCCD/căn cước, hộ chiếu) của người được cấp Phiếu", exact=True
    )
    expect(declaration).to_be_checked()
    identity.check()
    # The scan is digitised at reception, in the same form: the paper has one page.
    page.get_by_label(re.compile(r"^Bản quét: Bản chụp giấy tờ tùy thân")).set_input_files(scan_pdf)
    page.get_by_label(re.compile(r"^Số trang bản giấy: Bản chụp giấy tờ tùy thân")).fill("1")
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()

    expect(page.locator(".messages")).to_contain_text("Đã tiếp nhận hồ sơ")
    code = page.locator("h1 .code").inner_text()
    assert re.fullmatch(r"000\.11\.01\.H09-260302-\d{4}", code)
    assert due_text(page) == "09:00 16/03/2026"
    receipt = page.get_by_role("link", name=re.compile("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"))
    pdf_response(page, receipt.get_attribute("href") or "")

    # The desk hands the dossier to Sở Tư pháp (step 2 of the procedure's process).
    travel.move_to(vn(2, 9, 30))
    submit(page, open_action(page, "transfer"), "Đã chuyển hồ sơ sang bước tiếp theo.")
    log_out(page)

    # 2. Monday 10:00 — the specialist of Phòng Hành chính tư pháp claims it and asks for
    #    a supplement (the clock stops).
    travel.move_to(vn(2, 10, 0))
    log_in(page, "chuyenvien")
    open_from_todo(page, code)
    page.locator("#act-claim button").click()
    expect(page.locator(".messages")).to_contain_text("Bạn đã nhận xử lý hồ sơ.")
    travel.move_to(vn(2, 10, 30))
    box = open_action(page, "request_supplement")
    box.get_by_label("Nội dung cần bổ sung, hoàn thiện").fill(
        "Bản sao hộ chiếu (người đã cư trú ở nước ngoài)"
    )
    submit(page, box, "Đã yêu cầu bổ sung hồ sơ")
    expect(page.locator("#status")).to_contain_text("Yêu cầu bổ sung")
    log_out(page)

    # 3. Tuesday 09:00 — the applicant brings the passport copy to the branch counter:
    #    the full time limit restarts from now.
    travel.move_to(vn(3, 9, 0))
    log_in(page, "tiepnhan_tdm")
    open_from_all(page, code)
    box = open_action(page, "receive_supplement")
    box.get_by_label("Tên giấy tờ bổ sung").fill("Bản sao hộ chiếu")
    box.get_by_label("Bản số hóa").set_input_files(PDF_FILE)
    submit(page, box, "Đã nhận hồ sơ bổ sung.")
    assert due_text(page) == "09:00 17/03/2026"
    expect(page.locator("#status")).to_contain_text("Hẹn ban đầu: 09:00 16/03/2026")
    log_out(page)

    # 4. Tuesday 10:00 — the specialist forwards it to Công an tỉnh (liên thông).
    travel.move_to(vn(3, 10, 0))
    log_in(page, "chuyenvien")
    open_from_todo(page, code)
    box = open_action(page, "forward")
    box.get_by_label("Cơ quan nhận liên thông").select_option(label="Công an tỉnh Bình Dương")
    box.get_by_label("Đơn vị trực thuộc (nếu có)").select_option(
        label="Phòng Cảnh sát quản lý hành chính về trật tự xã hội (Công an tỉnh Bình Dương)"
    )
    box.get_by_label("Thời gian (giờ làm việc)").fill("16")
    box.get_by_label("Nhiệm vụ").fill("Tra cứu thông tin án tích")
    submit(page, box, "Đã chuyển liên thông.")
    log_out(page)

    # 5. Tuesday 11:00 — the head of the police unit assigns a specialist.
    travel.move_to(vn(3, 11, 0))
    log_in(page, "truongphong_ca")
    open_from_all(page, code)
    box = open_action(page, "assign")
    box.get_by_label("Giao cho").select_option(label="Lý Minh Khang")
    submit(page, box, "Đã phân công xử lý.")
    log_out(page)

    # 6. Wednesday 09:00 — the police specialist answers and hands on to the police leader.
    travel.move_to(vn(4, 9, 0))
    log_in(page, "chuyenvien_ca")
    open_from_todo(page, code)
    box = open_action(page, "transfer")
    box.get_by_label("Ghi chú / ý kiến").fill("Không có án tích")
    submit(page, box, "Đã chuyển hồ sơ sang bước tiếp theo.")
    log_out(page)

    # 7. Wednesday 10:00 — the Công an tỉnh leader approves the reply, back to Sở Tư pháp.
    travel.move_to(vn(4, 10, 0))
    log_in(page, "lanhdao_ca")
    open_from_all(page, code)
    submit(page, open_action(page, "transfer"), "Đã chuyển hồ sơ sang bước tiếp theo.")
    log_out(page)

    # 8. Wednesday 14:00 — the head of Phòng Hành chính tư pháp checks and submits for signing.
    travel.move_to(vn(4, 14, 0))
    log_in(page, "truongphong")
    open_from_todo(page, code)
    submit(page, open_action(page, "transfer"), "Đã chuyển hồ sơ sang bước tiếp theo.")
    log_out(page)

    # 9. Thursday 09:00 — the director of Sở Tư pháp signs: the result goes to the desk.
    travel.move_to(vn(5, 9, 0))
    log_in(page, "lanhdaoso")
    open_from_todo(page, code)
    box = open_action(page, "attach_result")
    box.get_by_label("Số, ký hiệu kết quả").fill("15/2026/PLLTP")
    box.get_by_label("Người ký").fill("Dương Thị Bích Ngọc")
    box.get_by_label("Tệp kết quả").set_input_files(PDF_FILE)
    submit(page, box, "Đã cập nhật kết quả")
    expect(page.locator("#status")).to_contain_text("Có kết quả, chờ trả")
    log_out(page)

    # 10. Thursday 14:00 — the branch hands the result over at the counter.
    travel.move_to(vn(5, 14, 0))
    log_in(page, "tiepnhan_tdm")
    open_from_todo(page, code)
    box = open_action(page, "return")
    box.get_by_label("Số định danh người nhận").fill(APPLICANT_ID)
    submit(page, box, "Đã trả kết quả.")
    expect(page.locator("#status")).to_contain_text("Đã trả kết quả")

    # The control slip: every hand-over, each with its timeliness.
    rows = page.locator("table.control-slip tbody tr")
    expected = [
        ("Chi nhánh Thủ Dầu Một", "Phòng Hành chính tư pháp"),
        ("Phòng Hành chính tư pháp", "Phòng Cảnh sát quản lý hành chính về trật tự xã hội"),
        ("Phòng Cảnh sát quản lý hành chính về trật tự xã hội", "Công an tỉnh Bình Dương"),
        ("Công an tỉnh Bình Dương", "Phòng Hành chính tư pháp"),
        ("Phòng Hành chính tư pháp", "Sở Tư pháp"),
        ("Sở Tư pháp", "Chi nhánh Thủ Dầu Một"),
        ("Chi nhánh Thủ Dầu Một", "Người nộp hồ sơ"),
    ]
    expect(rows).to_have_count(len(expected))
    for i, (source, target) in enumerate(expected):
        cells = rows.nth(i).locator("td")
        expect(cells.nth(0)).to_contain_text(source)
        expect(cells.nth(1)).to_contain_text(target)
        expect(cells.nth(3)).to_have_text(re.compile(r"^(Sớm hạn|Đúng hạn|Quá hạn)$"))
    control = page.get_by_role("link", name=re.compile("Phiếu kiểm soát quá trình giải quyết"))
    pdf_response(page, control.get_attribute("href") or "")
    log_out(page)

    # 11. The citizen looks the dossier up with its code and secret (no login).
    secret = Dossier.objects.get(code=code).secret
    page.goto(page.base_url + "/tra-cuu/")  # type: ignore[attr-defined]
    page.get_by_label("Mã hồ sơ").fill(code)
    page.get_by_label("Mã tra cứu").fill(secret)
    page.get_by_role("button", name="Tra cứu").click()
    result = page.locator("#lookup-result")
    expect(result).to_contain_text("Đã trả kết quả.")
    expect(result).to_contain_text("Trần T*** B")
    expect(result).not_to_contain_text(APPLICANT_NAME)
    expect(result).not_to_contain_text(APPLICANT_ID)
    steps = result.locator("ol.citizen-timeline li")
    for text in (
        "Tiếp nhận hồ sơ",
        "Chuyển bước xử lý",
        "Yêu cầu bổ sung hồ sơ",
        "Nhận hồ sơ bổ sung",
        "hẹn trả kết quả mới: 09:00 17/03/2026",
        "Chuyển liên thông",
        "Có kết quả giải quyết",
        "Trả kết quả",
    ):
        expect(steps.filter(has_text=text).first).to_be_visible()
    assert steps.count() >= 8

    # A wrong secret gets the same answer as an unknown code.
    page.get_by_label("Mã tra cứu").fill("SAI000")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_role("alert")).to_contain_text("Không tìm thấy hồ sơ")
