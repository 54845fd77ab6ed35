"""Issue 2: a center leader logs in, opens the organisation chart and the calendar."""

import re

import pytest
from playwright.sync_api import expect

from motcua.accounts import demo as accounts_demo
from motcua.organization import demo as organization_demo

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_org(transactional_db):
    organization_demo.load()
    accounts_demo.load()


def test_center_leader_logs_in_and_opens_the_org_chart_and_the_calendar(page, demo_org):
    page.goto(page.base_url + "/staff/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    page.get_by_label("Tên đăng nhập hoặc e-mail").fill("lanhdao")
    page.get_by_label("Mật khẩu").fill("MotCua@2024")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")

    page.get_by_role("link", name="Sơ đồ tổ chức").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sơ đồ tổ chức")
    expect(
        page.get_by_text("Trung tâm Phục vụ hành chính công tỉnh Bình Dương").first
    ).to_be_visible()
    expect(page.get_by_text("Chi nhánh Bắc Tân Uyên").first).to_be_visible()
    expect(page.get_by_text("Phòng Kiểm soát TTHC").first).to_be_visible()

    page.get_by_role("link", name="Lịch làm việc").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lịch")
    page.goto(page.base_url + "/staff/calendar/?year=2026")
    # Tết 2026 and the make-up Saturday are named on the page.
    expect(page.get_by_text(re.compile("Tết", re.I)).first).to_be_visible()
    expect(page.locator("body")).to_contain_text("22/08/2026")
