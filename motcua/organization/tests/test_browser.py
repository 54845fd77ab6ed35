"""The chart in a real browser, driven by the keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_staff_member_logs_in_and_reads_the_chart_after_the_merger_with_the_keyboard(page, demo):
    page.goto(page.base_url + "/accounts/login/?next=/staff/org/")
    page.get_by_label("Tên đăng nhập hoặc e-mail").fill("chuyenvien@motcua.example")
    page.get_by_label("Mật khẩu").fill("MotCua@2024")
    page.keyboard.press("Enter")
    # The login page's own address ends in ?next=/staff/org/, so wait for the chart itself.
    expect(page.get_by_role("heading", level=1)).to_have_text("Sơ đồ tổ chức")

    day = page.get_by_label("Xem cơ cấu tại ngày")
    day.fill("2025-07-01")
    day.press("Enter")  # submits the form
    page.wait_for_url("**/staff/org/?on=2025-07-01")

    tree = page.get_by_role("list", name="Cây đơn vị")
    assert tree.get_by_role("link", name="Phường Thủ Dầu Một").is_visible()
    assert tree.get_by_role("link", name="Phường Phú Cường").count() == 0

    tree.get_by_role("link", name="Phường Thủ Dầu Một").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/org/000.01.00.H29/**")
    assert page.get_by_role("heading", level=2, name="Lãnh đạo và cán bộ").is_visible()
    assert page.get_by_text("Phường Phú Cường").is_visible()


def test_the_chart_fits_a_phone_screen(page, demo):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(page.base_url + "/accounts/login/?next=/staff/org/")
    page.get_by_label("Tên đăng nhập hoặc e-mail").fill("lanhdao")
    page.get_by_label("Mật khẩu").fill("MotCua@2024")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sơ đồ tổ chức")

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
