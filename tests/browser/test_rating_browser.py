"""Issue 5 §4 in a browser: a citizen rates a returned dossier on a 360 px phone from the
look-up link, and the counter tablet is worked with the keyboard alone. Both pages pass
axe-core with no serious or critical violations.

The clock is travelled (time-machine patches the live server thread too): the dossier was
handed back at 17:00 on Monday 02/03/2026, and the story happens ten minutes later, inside
the tablet's one-hour window.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from playwright.sync_api import Page, expect

from motcua.dossiers.tests.factories import HOUR, T0, ReturnedDossierFactory, world
from motcua.evaluation.models import Rating, RatingChannel
from motcua.evaluation.tests.helpers import COUNTER_CODES, ensure_criteria
from tests.browser.test_catalog_browser import serious_accessibility_violations

pytestmark = pytest.mark.browser

PASSWORD = "Hoa-sen-tim-2025"
RETURNED_AT = T0 + 8 * HOUR
QUESTIONS = {
    "processing_time": "Thời gian giải quyết hồ sơ so với thời hạn quy định",
    "staff_attitude": (
        "Thái độ của cán bộ, công chức, viên chức khi hướng dẫn, tiếp nhận, giải quyết hồ sơ"
    ),
}


def fits_width(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.fixture
def story(transactional_db: Any, settings: Any) -> Iterator[Any]:
    settings.MOTCUA_OUTBOX_KICK = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with time_machine.travel(RETURNED_AT + dt.timedelta(minutes=10), tick=True):
        ensure_criteria()  # the flush of a transactional test removed the seeded rows
        w = world()
        w.receiver.set_password(PASSWORD)
        w.receiver.save()
        dossier = ReturnedDossierFactory.create(world=w)
        yield dossier


def test_a_citizen_rates_a_returned_dossier_on_a_phone_from_the_look_up(
    page: Page, story: Any
) -> None:
    d = story
    page.set_viewport_size({"width": 360, "height": 760})
    base = page.base_url  # type: ignore[attr-defined]
    page.goto(f"{base}/tra-cuu/?code={d.code}&secret={d.secret}")
    page.get_by_role("link", name="Đánh giá mức độ hài lòng").click()

    # The secret left the address; the form is there, one group per criterion.
    expect(page).to_have_url(re.compile(rf"/danh-gia/{re.escape(d.code)}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Đánh giá mức độ hài lòng")
    expect(page.get_by_role("group")).to_have_count(len(COUNTER_CODES))
    assert fits_width(page)
    assert serious_accessibility_violations(page) == []

    # Sending with one question left open names it, and keeps what was chosen.
    groups = page.get_by_role("group")
    for i in range(len(COUNTER_CODES) - 1):
        groups.nth(i).get_by_text("Hài lòng", exact=True).click()
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_role("alert")).to_contain_text("Chưa gửi được đánh giá")
    last = page.get_by_role("group", name=re.compile("phản ánh, kiến nghị"))
    expect(last).to_contain_text("Chưa chọn Hài lòng hoặc Không hài lòng cho tiêu chí này.")
    expect(groups.first.get_by_role("radio", name="Hài lòng", exact=True)).to_be_checked()
    assert serious_accessibility_violations(page) == []

    last.get_by_text("Hài lòng", exact=True).click()
    page.get_by_role("group", name=QUESTIONS["staff_attitude"]).get_by_text(
        "Không hài lòng", exact=True
    ).click()
    page.get_by_label("Ý kiến khác (không bắt buộc)").fill("Cán bộ hướng dẫn chưa rõ.")
    page.get_by_role("button", name="Gửi đánh giá").click()

    expect(page.get_by_role("status")).to_contain_text("Cảm ơn bạn đã đánh giá")
    expect(page.get_by_role("heading", name="Đánh giá của bạn")).to_be_visible()
    expect(page.get_by_text("Bạn có thể sửa đánh giá đến")).to_be_visible()
    assert fits_width(page)
    assert serious_accessibility_violations(page) == []

    rating = Rating.objects.get(dossier=d)
    assert rating.channel == RatingChannel.LOOKUP
    assert rating.comment == "Cán bộ hướng dẫn chưa rõ."
    assert list(
        rating.answers.filter(satisfied=False).values_list("criterion__code", flat=True)
    ) == ["staff_attitude"]


def test_the_counter_tablet_works_with_the_keyboard_alone(page: Page, story: Any) -> None:
    d = story
    base = page.base_url  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{base}/accounts/login/?next=/staff/evaluation/tablet/")
    page.get_by_label("Tên đăng nhập hoặc e-mail").fill("tiepnhan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.keyboard.press("Enter")

    # The officer picks the dossier just handed back.
    expect(page.get_by_role("heading", level=1)).to_have_text("Mời công dân đánh giá tại quầy")
    assert serious_accessibility_violations(page) == []
    pick = page.get_by_role("button", name=re.compile(rf"Mời đánh giá hồ sơ {re.escape(d.code)}"))
    pick.focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mời quý khách đánh giá mức độ hài lòng"
    )
    expect(page.get_by_role("group")).to_have_count(len(COUNTER_CODES))
    assert serious_accessibility_violations(page) == []

    # Keyboard only: Tab reaches each question's radio group; Space picks "Hài lòng",
    # the right arrow picks "Không hài lòng".
    page.get_by_role("heading", level=1).click()  # a neutral starting point, as a finger would
    for i, code in enumerate(COUNTER_CODES):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.name")
        assert focused == f"answer_{code}", (i, focused)
        page.keyboard.press("ArrowRight" if code == "processing_time" else "Space")
    page.keyboard.press("Tab")
    page.keyboard.type("Nhanh, chu đáo")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Gửi đánh giá")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Cảm ơn quý khách!")
    assert serious_accessibility_violations(page) == []
    # …and back to the waiting screen by itself.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Đánh giá mức độ hài lòng", timeout=15_000
    )
    expect(page.get_by_role("group")).to_have_count(0)
    assert serious_accessibility_violations(page) == []

    rating = Rating.objects.get(dossier=d)
    assert rating.channel == RatingChannel.COUNTER_TABLET and rating.by is not None
    assert rating.comment == "Nhanh, chu đáo"
    assert list(
        rating.answers.filter(satisfied=False).values_list("criterion__code", flat=True)
    ) == ["processing_time"]
