"""Deadline arithmetic in working time."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from motcua.core.errors import InvalidInput
from motcua.worktime.models import Timeliness
from motcua.worktime.services import (
    MAX_DAYS,
    add_working_time,
    classify_timeliness,
    next_working_day,
    next_working_start,
    working_days_between,
    working_time_between,
)

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = dt.UTC
H = dt.timedelta(hours=1)


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=VN)


def test_monday_10_00_plus_three_working_days_is_thursday_10_00():
    assert add_working_time(vn(2026, 3, 2, 10, 0), days=3) == vn(2026, 3, 5, 10, 0)


def test_friday_16_00_plus_one_working_day_is_monday_16_00():
    assert add_working_time(vn(2026, 3, 6, 16, 0), days=1) == vn(2026, 3, 9, 16, 0)


def test_a_start_during_lunch_counts_from_13_00():
    assert add_working_time(vn(2026, 3, 2, 11, 45), hours=1) == vn(2026, 3, 2, 14, 0)


def test_a_start_after_closing_counts_from_the_next_working_day_07_30():
    assert add_working_time(vn(2026, 3, 2, 17, 30), hours=1) == vn(2026, 3, 3, 8, 30)
    assert add_working_time(vn(2026, 3, 6, 17, 30), days=1) == vn(2026, 3, 9, 17, 0)


def test_a_start_before_opening_counts_from_07_30():
    assert add_working_time(vn(2026, 3, 2, 6, 0), hours=2) == vn(2026, 3, 2, 9, 30)


def test_a_start_on_a_weekend_counts_from_monday_07_30():
    assert add_working_time(vn(2026, 3, 7, 10, 0), hours=1) == vn(2026, 3, 9, 8, 30)


def test_a_deadline_that_ends_exactly_at_closing_stays_at_17_00_of_that_day():
    assert add_working_time(vn(2026, 3, 2, 7, 30), days=1) == vn(2026, 3, 2, 17, 0)
    assert add_working_time(vn(2026, 3, 2, 13, 0), hours=4) == vn(2026, 3, 2, 17, 0)
    assert add_working_time(vn(2026, 3, 2, 17, 30), days=2) == vn(2026, 3, 4, 17, 0)


def test_a_deadline_that_ends_exactly_at_lunch_stays_at_11_30():
    assert add_working_time(vn(2026, 3, 2, 7, 30), hours=4) == vn(2026, 3, 2, 11, 30)


def test_half_an_hour_is_counted_in_working_minutes():
    assert add_working_time(vn(2026, 3, 2, 11, 15), hours=0.5) == vn(2026, 3, 2, 13, 15)


def test_one_working_day_from_friday_before_tet_2026_is_monday_23_february():
    assert add_working_time(vn(2026, 2, 13, 10, 0), days=1) == vn(2026, 2, 23, 10, 0)


def test_a_deadline_counts_the_make_up_saturday_22_august_2026_and_skips_national_day():
    assert add_working_time(vn(2026, 8, 21, 10, 0), days=1) == vn(2026, 8, 22, 10, 0)
    assert add_working_time(vn(2026, 8, 28, 10, 0), days=1) == vn(2026, 9, 3, 10, 0)
    assert add_working_time(vn(2026, 8, 21, 10, 0), days=2) == vn(2026, 8, 24, 10, 0)


def test_a_deadline_across_the_2025_swap_works_saturday_26_april_and_rests_until_5_may():
    assert add_working_time(vn(2025, 4, 25, 10, 0), days=1) == vn(2025, 4, 26, 10, 0)
    assert add_working_time(vn(2025, 4, 29, 10, 0), days=1) == vn(2025, 5, 5, 10, 0)


def test_a_deadline_can_cross_into_the_next_year():
    assert add_working_time(vn(2025, 12, 31, 10, 0), days=1) == vn(2026, 1, 5, 10, 0)
    assert add_working_time(vn(2025, 12, 31, 10, 0), days=300) > vn(2027, 1, 1, 0, 0)


def test_adding_nothing_returns_the_start_in_vietnam_time():
    start = dt.datetime(2026, 3, 7, 3, 0, tzinfo=UTC)
    result = add_working_time(start)
    assert result == start
    assert result.utcoffset() == dt.timedelta(hours=7)


def test_results_are_aware_in_asia_ho_chi_minh_whatever_the_input_zone():
    result = add_working_time(dt.datetime(2026, 3, 2, 3, 0, tzinfo=UTC), days=3)
    assert result.tzinfo == VN
    assert result == vn(2026, 3, 5, 10, 0)


def test_a_naive_start_is_refused_naming_start():
    with pytest.raises(InvalidInput) as caught:
        add_working_time(dt.datetime(2026, 3, 2, 10, 0), days=1)  # noqa: DTZ001
    assert caught.value.field == "start"


@pytest.mark.parametrize(
    ("days", "hours", "field"),
    [(-1, 0, "days"), (0, -1, "hours"), (MAX_DAYS + 1, 0, "days"), (0, float("nan"), "hours")],
)
def test_negative_or_unbounded_amounts_are_refused(days, hours, field):
    with pytest.raises(InvalidInput) as caught:
        add_working_time(vn(2026, 3, 2, 10, 0), days=days, hours=hours)
    assert caught.value.field == field


def test_working_time_between_counts_only_working_hours():
    assert working_time_between(vn(2026, 3, 2, 10, 0), vn(2026, 3, 5, 10, 0)) == 24 * H
    assert working_time_between(vn(2026, 3, 2, 11, 0), vn(2026, 3, 2, 14, 0)) == 1.5 * H
    assert working_time_between(vn(2026, 3, 6, 16, 0), vn(2026, 3, 9, 8, 30)) == 2 * H
    assert working_time_between(vn(2026, 3, 7, 9, 0), vn(2026, 3, 8, 16, 0)) == dt.timedelta(0)


def test_working_time_between_skips_tet_and_is_negative_backwards():
    friday, monday = vn(2026, 2, 13, 10, 0), vn(2026, 2, 23, 10, 0)
    assert working_time_between(friday, monday) == 8 * H
    assert working_time_between(monday, friday) == -8 * H


def test_working_time_between_inverts_add_working_time():
    start = vn(2026, 1, 30, 9, 12)
    for hours in (0.25, 3, 8, 37, 200, 2000):
        assert working_time_between(start, add_working_time(start, hours=hours)) == hours * H


def test_working_days_between_includes_both_ends():
    assert working_days_between(dt.date(2026, 3, 2), dt.date(2026, 3, 6)) == 5
    assert working_days_between(dt.date(2026, 3, 2), dt.date(2026, 3, 2)) == 1
    assert working_days_between(dt.date(2026, 3, 7), dt.date(2026, 3, 8)) == 0
    assert working_days_between(dt.date(2026, 2, 9), dt.date(2026, 2, 27)) == 10
    assert working_days_between(dt.date(2025, 12, 29), dt.date(2026, 1, 10)) == 9


def test_working_days_between_refuses_an_end_before_the_start():
    with pytest.raises(InvalidInput) as caught:
        working_days_between(dt.date(2026, 3, 6), dt.date(2026, 3, 2))
    assert caught.value.field == "end"


def test_next_working_day_is_strictly_after_and_skips_days_off():
    assert next_working_day(dt.date(2026, 3, 2)) == dt.date(2026, 3, 3)
    assert next_working_day(dt.date(2026, 2, 13)) == dt.date(2026, 2, 23)
    assert next_working_day(dt.date(2026, 8, 21)) == dt.date(2026, 8, 22)


def test_next_working_start_is_the_moment_itself_inside_hours_or_the_next_opening():
    assert next_working_start(vn(2026, 3, 2, 10, 0)) == vn(2026, 3, 2, 10, 0)
    assert next_working_start(vn(2026, 3, 2, 11, 45)) == vn(2026, 3, 2, 13, 0)
    assert next_working_start(vn(2026, 3, 2, 17, 0)) == vn(2026, 3, 3, 7, 30)
    assert next_working_start(vn(2026, 2, 13, 17, 30)) == vn(2026, 2, 23, 7, 30)


@override_settings(MOTCUA_WORKING_HOURS="08:00-12:00,13:30-17:30")
def test_a_province_with_other_hours_counts_with_them():
    assert add_working_time(vn(2026, 3, 2, 12, 15), hours=1) == vn(2026, 3, 2, 14, 30)
    assert add_working_time(vn(2026, 3, 2, 8, 0), days=1) == vn(2026, 3, 2, 17, 30)


@override_settings(MOTCUA_WORKING_HOURS="07:00-11:00")
def test_a_working_day_lasts_as_long_as_the_configured_hours():
    assert add_working_time(vn(2026, 3, 2, 9, 0), days=1) == vn(2026, 3, 3, 9, 0)
    assert working_time_between(vn(2026, 3, 2, 7, 0), vn(2026, 3, 4, 7, 0)) == 8 * H


def test_finishing_after_the_due_time_is_late():
    due = vn(2026, 3, 5, 10, 0)
    assert (
        classify_timeliness(finished_at=due + dt.timedelta(seconds=1), due_at=due)
        == Timeliness.LATE
    )


def test_finishing_on_the_due_day_up_to_the_due_time_is_on_time():
    due = vn(2026, 3, 5, 10, 0)
    assert classify_timeliness(finished_at=due, due_at=due) == Timeliness.ON_TIME
    assert classify_timeliness(finished_at=vn(2026, 3, 5, 7, 31), due_at=due) == Timeliness.ON_TIME


def test_finishing_on_a_day_before_the_due_date_is_early():
    due = vn(2026, 3, 5, 10, 0)
    assert classify_timeliness(finished_at=vn(2026, 3, 4, 16, 59), due_at=due) == Timeliness.EARLY


def test_timeliness_uses_vietnam_dates_not_utc_dates():
    # 23:30 UTC on 4 March is 06:30 on 5 March in Vietnam: the due day itself.
    finished = dt.datetime(2026, 3, 4, 23, 30, tzinfo=UTC)
    assert (
        classify_timeliness(finished_at=finished, due_at=vn(2026, 3, 5, 10, 0))
        == Timeliness.ON_TIME
    )


def test_timeliness_labels_are_vietnamese():
    assert [str(choice.label) for choice in Timeliness] == ["Sớm hạn", "Đúng hạn", "Quá hạn"]


def test_years_outside_the_supported_range_are_refused_naming_the_field():
    with pytest.raises(InvalidInput) as caught:
        add_working_time(vn(2100, 12, 31, 10, 0), days=10)
    assert caught.value.field == "start"
