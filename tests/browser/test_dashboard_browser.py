"""Issue 8 §4 in a browser: a Center leader opens the dashboard, changes the period (the
panels are replaced by htmx without a full reload), reads the tables; then opens the II.06a
report of the colleague's reports app and downloads its Excel file, read back with openpyxl.

The crafted data set is the one of the index tests (March 2026, Sở Tư pháp); the clock is
travelled to 20/03/2026 (time-machine patches the live server thread too).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import Page, expect

from motcua.accounts.models import Role
from motcua.dossiers.tests.factories import staff, vn, world
from motcua.evaluation.tests.test_indices import crafted

pytestmark = pytest.mark.browser

PASSWORD = "Hoa-sen-tim-2025"


@pytest.fixture
def story(transactional_db: Any, settings: Any) -> Iterator[Any]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with time_machine.travel(vn(2026, 3, 20, 10), tick=True):
        w = world()
        crafted(w)
        boss = staff("lanhdaotrungtam", Role.CENTER_LEADER, w.center)
        boss.set_password(PASSWORD)
        boss.save()
        call_command("figures_rebuild", "--from", "2026-03-01", "--to", "2026-03-31")
        yield w


def test_a_center_leader_changes_the_period_and_downloads_the_report(
    page: Page, story: Any
) -> None:
    w = story
    base = page.base_url  # type: ignore[attr-defined]
    page.goto(f"{base}/accounts/login/?next=/staff/dashboard/")
    page.get_by_label("Tên đăng nhập hoặc e-mail").fill("lanhdaotrungtam")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Bảng điều khiển lãnh đạo")).to_be_visible()
    expect(page.get_by_test_id("period-range")).to_have_text("01/01/2026 – 20/03/2026")

    # htmx binds the filters once the page has loaded; a change before that sends nothing.
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("window.__noReload = true")
    page.get_by_label("Kỳ").select_option("month")
    expect(page.get_by_test_id("period-range")).to_have_text("01/03/2026 – 20/03/2026")
    assert page.evaluate("window.__noReload") is True  # no full page load happened
    assert "period=month" in page.url

    trend = page.locator("#t-trend tbody tr").first
    expect(trend).to_contain_text("03/2026")
    expect(trend).to_contain_text("75,0%")
    expect(page.locator("#t-channels")).to_contain_text("Trực tuyến")
    expect(page.locator("svg[role=img] title").first).to_have_text("Hồ sơ quá hạn theo cơ quan")

    page.goto(f"{base}/staff/reports/ii06a/?unit={w.agency.pk}&period=month&year=2026&month=3")
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải Excel").click()
    data = open(info.value.path(), "rb").read()  # noqa: PTH123, SIM115 — a temporary file
    ws = openpyxl.load_workbook(io.BytesIO(data))["II.06a"]
    assert ws.cell(1, 1).value == "Biểu số II.06a"
    assert ws.cell(ws.max_row, 2).value == "Tổng cộng"
    # the four crafted dossiers were resolved in March: total, early, on time, late
    resolved = [ws.cell(ws.max_row, c).value for c in (7, 8, 9, 10)]
    assert resolved == [4, 2, 1, 1]


def test_the_public_page_works_without_login_on_a_phone(page: Page, story: Any) -> None:
    page.set_viewport_size({"width": 360, "height": 760})
    page.goto(f"{page.base_url}/minh-bach/")  # type: ignore[attr-defined]
    expect(page.get_by_role("heading", level=1)).to_contain_text("năm 2026")
    row = page.locator("#t-public tbody tr", has_text="Sở Tư pháp")
    expect(row).to_contain_text("75,0%")
    expect(row).to_contain_text("50,0%")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
