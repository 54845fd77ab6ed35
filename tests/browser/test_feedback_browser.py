"""Citizen feedback in a browser: a citizen sends feedback on a 360 px phone, the Center's
control officer classifies, answers and publishes it, and the citizen reads the published
answer (with the sender's personal data masked). Each page passes axe-core with no serious or
critical violation.

The clock is travelled (time-machine patches the live server thread too) to Monday
02/03/2026 09:00, an ordinary working week.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from playwright.sync_api import Page, expect

from motcua.accounts.models import Role
from motcua.dossiers.tests.factories import T0, staff, world
from motcua.feedback.models import FeedbackItem, FeedbackStatus
from tests.browser.test_catalog_browser import serious_accessibility_violations

pytestmark = pytest.mark.browser

PASSWORD = "Hoa-sen-tim-2025"


def fits_width(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.fixture
def story(transactional_db: Any, settings: Any) -> Iterator[Any]:
    settings.MOTCUA_OUTBOX_KICK = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with time_machine.travel(T0 + dt.timedelta(minutes=5), tick=True):
        w = world()
        officer = staff("kiemsoat", Role.CONTROL_OFFICER, w.center, full_name="Trương Thị Oanh")
        officer.set_password(PASSWORD)
        officer.save()
        yield w


def test_a_citizen_sends_feedback_staff_answer_and_the_answer_is_published(
    page: Page, story: Any, browser: Any
) -> None:
    w = story
    base = page.base_url  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 360, "height": 760})
    page.goto(f"{base}/phan-anh/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Phản ánh, kiến nghị")
    assert fits_width(page)
    assert serious_accessibility_violations(page) == []

    page.get_by_role("link", name="Gửi phản ánh, kiến nghị").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gửi phản ánh, kiến nghị")
    assert fits_width(page)
    assert serious_accessibility_violations(page) == []
    # Sent without a way to reach the sender: the field is named, nothing is lost.
    page.get_by_label("Họ và tên").fill("Nguyễn Văn An")
    page.get_by_label("Tiêu đề").fill("Chờ lâu tại quầy Sở Tư pháp")
    page.get_by_label("Nội dung phản ánh, kiến nghị").fill(
        "Tôi chờ hơn hai giờ tại quầy, gọi lại cho tôi số 0912345678."
    )
    page.get_by_role("button", name="Gửi phản ánh").click()
    expect(page.get_by_role("alert")).to_contain_text("Cần ít nhất số điện thoại hoặc e-mail")
    expect(page.get_by_label("Tiêu đề")).to_have_value("Chờ lâu tại quầy Sở Tư pháp")
    assert serious_accessibility_violations(page) == []
    page.get_by_label("Số điện thoại").fill("0912345678")
    page.get_by_label("Cơ quan, đơn vị bị phản ánh (nếu biết)").select_option(label=w.agency.name)
    page.get_by_role("button", name="Gửi phản ánh").click()

    item = FeedbackItem.objects.get()
    expect(page.get_by_role("status")).to_contain_text(item.code)
    expect(page.get_by_role("status")).to_contain_text(item.secret)
    expect(page.get_by_text("Đã tiếp nhận, đang xem xét phân loại.")).to_be_visible()
    assert fits_width(page)
    assert serious_accessibility_violations(page) == []

    # The control officer classifies and answers it, then publishes the answer.
    officer_ctx = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    staff_page = officer_ctx.new_page()
    staff_page.set_default_timeout(15_000)
    staff_page.goto(f"{base}/accounts/login/?next=/staff/feedback/")
    staff_page.get_by_label("Tên đăng nhập hoặc e-mail").fill("kiemsoat")
    staff_page.get_by_label("Mật khẩu").fill(PASSWORD)
    staff_page.keyboard.press("Enter")
    expect(staff_page.get_by_role("heading", level=1)).to_have_text("Phản ánh, kiến nghị")
    assert serious_accessibility_violations(staff_page) == []
    staff_page.get_by_role("link", name=item.code).click()
    expect(staff_page.get_by_role("heading", level=1)).to_have_text(f"Phản ánh {item.code}")
    assert serious_accessibility_violations(staff_page) == []
    staff_page.get_by_label("Hành vi, thái độ của cán bộ, công chức").check()
    staff_page.get_by_role("button", name="Xác nhận phân loại").click()
    expect(staff_page.get_by_role("status")).to_contain_text("Đã phân loại phản ánh.")
    staff_page.get_by_label("Nội dung trả lời").fill(
        "Sở Tư pháp đã bố trí thêm cán bộ tại quầy vào buổi sáng."
    )
    staff_page.get_by_role("button", name="Xác nhận trả lời").click()
    expect(staff_page.get_by_role("status")).to_contain_text("Đã trả lời phản ánh")
    public = staff_page.get_by_label(re.compile("Nội dung phản ánh được công khai"))
    expect(public).not_to_have_value(re.compile("0912345678"))
    staff_page.get_by_role("button", name="Xác nhận công khai").click()
    expect(staff_page.get_by_role("status")).to_contain_text("Đã công khai")
    assert serious_accessibility_violations(staff_page) == []
    officer_ctx.close()
    item.refresh_from_db()
    assert item.status == FeedbackStatus.PUBLISHED

    # The citizen sees the answer on their item and in the public list, masked.
    page.reload()
    expect(page.get_by_role("heading", name="Trả lời của cơ quan")).to_be_visible()
    page.goto(f"{base}/phan-anh/")
    answer = page.get_by_role("article", name="Chờ lâu tại quầy Sở Tư pháp")
    expect(answer).to_contain_text("Sở Tư pháp đã bố trí thêm cán bộ tại quầy vào buổi sáng.")
    expect(answer).to_contain_text("Nguyễn V*** A")
    expect(answer).not_to_contain_text("0912345678")
    expect(answer).not_to_contain_text("Nguyễn Văn An")
    assert fits_width(page)
    assert serious_accessibility_violations(page) == []
