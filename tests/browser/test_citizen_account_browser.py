"""Issue 5 §1: a citizen registers on a phone-sized screen, reads the one-time code from the
fake SMS gateway, confirms, logs in and sees "Hồ sơ của tôi"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = "0912345678"
PASSWORD = "Hoa-sen-tim-2025"


def serious_accessibility_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_citizen_registers_on_a_phone_confirms_the_sms_code_and_sees_my_dossiers(page, fake_sms):
    page.set_viewport_size({"width": 360, "height": 760})
    page.goto(page.base_url + "/")
    page.get_by_role("link", name="Đăng ký").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký tài khoản")
    assert fits_the_screen(page)
    assert serious_accessibility_violations(page) == []
    # SMS is chosen by default: the e-mail field is hidden, the phone field shown.
    expect(page.get_by_label("Địa chỉ e-mail")).to_be_hidden()
    page.get_by_label("Họ và tên").fill("Nguyễn Văn An")
    page.get_by_label("Số điện thoại", exact=True).fill(PHONE)
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký và nhận mã xác nhận").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập mã xác nhận")
    expect(page.get_by_text("Mã xác nhận đã được gửi tới 091*****78.")).to_be_visible()
    code = fake_sms.last_code(PHONE)
    page.get_by_label("Mã xác nhận").fill(code)
    page.get_by_role("button", name="Xác nhận", exact=True).click()

    expect(page.get_by_text("Tài khoản đã được kích hoạt. Mời bạn đăng nhập.")).to_be_visible()
    expect(page.get_by_label("Số điện thoại hoặc e-mail")).to_have_value(PHONE)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page).to_have_url(re.compile(r"/tai-khoan/ho-so/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ của tôi")
    expect(page.get_by_text("Bạn chưa có hồ sơ nào.")).to_be_visible()
    assert fits_the_screen(page)
    assert serious_accessibility_violations(page) == []


def test_a_wrong_code_is_announced_next_to_the_field(page, fake_sms):
    page.set_viewport_size({"width": 360, "height": 760})
    page.goto(page.base_url + "/tai-khoan/dang-ky/")
    page.get_by_label("Họ và tên").fill("Nguyễn Văn An")
    page.get_by_label("Số điện thoại", exact=True).fill(PHONE)
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký và nhận mã xác nhận").click()
    code = fake_sms.last_code(PHONE)
    wrong = f"{(int(code) + 1) % 10**6:06d}"

    page.get_by_label("Mã xác nhận").fill(wrong)
    page.get_by_role("button", name="Xác nhận", exact=True).click()

    field = page.get_by_label("Mã xác nhận")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", re.compile("id_code_error"))
    expect(page.locator("#id_code_error")).to_have_text(
        "Mã xác nhận không đúng. Bạn còn 4 lần thử."
    )
    assert serious_accessibility_violations(page) == []


def test_a_citizen_logs_in_with_the_eid_button_through_the_provider(page, fake_oidc):
    page.set_viewport_size({"width": 360, "height": 760})
    page.goto(page.base_url + "/tai-khoan/dang-nhap/")

    page.get_by_role("button", name="Đăng nhập bằng tài khoản định danh điện tử (VNeID)").click()

    # The fake provider approves at once and sends the browser back with a code.
    expect(page).to_have_url(re.compile(r"/tai-khoan/ho-so/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ của tôi")
    expect(page.get_by_text("Tài khoản: Trần Thị Bích")).to_be_visible()
