"""The announced 2025 and 2026 schedules, and Vietnam's (not China's) lunar calendar."""

import datetime as dt

import holidays
import pytest

from motcua.worktime.models import CalendarChange, CalendarChangeKind
from motcua.worktime.services import calendar_year, days_off, is_working_day

pytestmark = pytest.mark.django_db

D = dt.date


def _off(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def test_tet_at_ty_2025_is_off_from_saturday_25_january_to_sunday_2_february():
    assert is_working_day(D(2025, 1, 24))
    assert not any(is_working_day(day) for day in _off(D(2025, 1, 25), D(2025, 2, 2)))
    assert is_working_day(D(2025, 2, 3))


def test_2025_swap_gives_friday_2_may_off_and_saturday_26_april_is_worked():
    assert is_working_day(D(2025, 4, 26))
    assert not any(is_working_day(day) for day in _off(D(2025, 4, 30), D(2025, 5, 4)))
    assert is_working_day(D(2025, 5, 5))
    assert not is_working_day(D(2025, 4, 27))


def test_2025_hung_kings_day_and_national_day():
    assert not is_working_day(D(2025, 4, 7))
    assert not any(is_working_day(day) for day in _off(D(2025, 8, 30), D(2025, 9, 2)))
    assert is_working_day(D(2025, 8, 29))
    assert is_working_day(D(2025, 9, 3))


def test_new_year_2026_is_off_from_thursday_1_to_sunday_4_january_with_saturday_10_worked():
    assert is_working_day(D(2025, 12, 31))
    assert not any(is_working_day(day) for day in _off(D(2026, 1, 1), D(2026, 1, 4)))
    assert is_working_day(D(2026, 1, 5))
    assert is_working_day(D(2026, 1, 10))
    assert not is_working_day(D(2026, 1, 11))


def test_tet_binh_ngo_2026_is_off_from_14_to_22_february():
    assert is_working_day(D(2026, 2, 13))
    assert not is_working_day(D(2026, 2, 16))
    assert not any(is_working_day(day) for day in _off(D(2026, 2, 14), D(2026, 2, 22)))
    assert is_working_day(D(2026, 2, 23))


def test_hung_kings_day_2026_falls_on_sunday_26_april_so_monday_27_is_off():
    assert not is_working_day(D(2026, 4, 26))
    assert not is_working_day(D(2026, 4, 27))
    assert is_working_day(D(2026, 4, 28))
    assert not is_working_day(D(2026, 4, 30))
    assert not is_working_day(D(2026, 5, 1))


def test_national_day_2026_is_off_from_29_august_to_2_september_with_saturday_22_august_worked():
    assert is_working_day(D(2026, 8, 22))
    assert not is_working_day(D(2026, 8, 23))
    assert is_working_day(D(2026, 8, 28))
    assert not any(is_working_day(day) for day in _off(D(2026, 8, 29), D(2026, 9, 2)))
    assert not is_working_day(D(2026, 9, 1))
    assert is_working_day(D(2026, 9, 3))


def test_ordinary_weekdays_work_and_ordinary_weekends_do_not():
    assert is_working_day(D(2026, 3, 2))
    assert not is_working_day(D(2026, 3, 7))
    assert not is_working_day(D(2026, 3, 8))


@pytest.mark.parametrize(
    ("vietnamese", "chinese"),
    [
        (D(1985, 1, 21), D(1985, 2, 20)),
        (D(2007, 2, 17), D(2007, 2, 18)),
        (D(2030, 2, 2), D(2030, 2, 3)),
    ],
)
def test_lunar_new_year_follows_the_vietnamese_calendar_not_the_chinese_one(vietnamese, chinese):
    vn = holidays.country_holidays("VN", years=vietnamese.year, language="vi")
    assert vn.get(vietnamese) == "Tết Nguyên Đán"
    assert vn.get(chinese) != "Tết Nguyên Đán"


def test_tet_1985_is_a_day_off_while_the_chinese_new_year_that_year_is_a_working_wednesday():
    assert not is_working_day(D(1985, 1, 21))
    assert is_working_day(D(1985, 2, 20))


def test_hung_kings_day_2026_is_the_tenth_day_of_the_third_lunar_month():
    vn = holidays.country_holidays("VN", years=2026, language="vi")
    assert vn.get(D(2026, 4, 26)) == "Ngày Giỗ Tổ Hùng Vương"


def test_the_migration_seeds_the_announced_changes_the_package_does_not_list_with_sources():
    rows = {row.date: row for row in CalendarChange.objects.filter(date__year__in=[2025, 2026])}
    assert set(rows) == {D(2025, 4, 26), D(2026, 1, 2), D(2026, 1, 10), D(2026, 8, 22)}
    assert rows[D(2026, 1, 2)].kind == CalendarChangeKind.DAY_OFF
    assert rows[D(2026, 8, 22)].kind == CalendarChangeKind.WORKING_DAY
    assert "9441/TB-BNV" in rows[D(2026, 8, 22)].legal_source
    assert "6150/TB-BLĐTBXH" in rows[D(2025, 4, 26)].legal_source
    assert "12729/VPCP-KGVX" in rows[D(2026, 1, 10)].legal_source


def test_days_off_of_2026_lists_the_weekday_days_off_with_names_and_sources():
    listed = {special.date: special for special in days_off(2026)}
    assert listed[D(2026, 2, 17)].name == "Tết Nguyên Đán"
    assert "Điều 112" in listed[D(2026, 2, 17)].source
    assert listed[D(2026, 8, 31)].source.startswith("Thông báo 9441/TB-BNV")
    assert D(2026, 4, 26) not in listed  # a Sunday
    assert all(day.weekday() < 5 for day in listed)


def test_the_2026_calendar_lists_make_up_saturdays_and_counts_its_working_days():
    year = calendar_year(2026)
    assert [special.date for special in year.make_up_days] == [D(2026, 1, 10), D(2026, 8, 22)]
    weekdays = sum(1 for day in _off(D(2026, 1, 1), D(2026, 12, 31)) if day.weekday() < 5)
    assert year.working_day_count == weekdays - len(year.days_off) + len(year.make_up_days)
