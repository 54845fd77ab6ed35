"""The staff calendar page at /staff/calendar/."""

import pytest
from django.urls import reverse

from motcua.accounts.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static_files")]


@pytest.fixture
def staff_client(client):
    client.force_login(User.objects.create_user(username="lich", password="x-unused-1"))
    return client


def test_the_calendar_needs_a_login(client):
    response = client.get(reverse("worktime:calendar"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_2026_calendar_shows_twelve_months_named_holidays_and_make_up_days(staff_client):
    response = staff_client.get(reverse("worktime:calendar"), {"year": 2026})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<caption") == 12
    assert "Tháng 2/2026" in html
    assert '<abbr title="Thứ Hai">T2</abbr>' in html
    assert '<abbr title="Chủ nhật">CN</abbr>' in html
    assert 'title="Tết Nguyên Đán"' in html
    assert '<time datetime="2026-08-22">22</time><span class="mark" aria-hidden="true">▲' in html
    assert "Làm bù cho ngày nghỉ thứ Hai 31/08/2026" in html
    assert "Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ" in html
    assert "Công văn 12729/VPCP-KGVX" in html
    assert 'href="?year=2025"' in html
    assert 'href="?year=2027"' in html


def test_a_bad_year_shows_an_error_and_the_current_year(staff_client):
    response = staff_client.get(reverse("worktime:calendar"), {"year": "20x6"})
    assert response.status_code == 400
    assert "20x6" in response.content.decode()
    assert response.content.decode().count("<caption") == 12
