"""The editable table of changes (and its per-process cache), and the working-hours setting."""

import datetime as dt

import pytest
from django.apps import apps
from django.db import transaction
from django.test import override_settings

from motcua.core.env import ConfigurationError
from motcua.worktime.models import CalendarChange, CalendarChangeKind
from motcua.worktime.services import (
    calendar_year,
    is_working_day,
    parse_working_hours,
    working_hours,
)

pytestmark = pytest.mark.django_db

TUESDAY = dt.date(2026, 3, 3)


def _day_off(day: dt.date) -> CalendarChange:
    return CalendarChange.objects.create(
        date=day,
        kind=CalendarChangeKind.DAY_OFF,
        name="Nghỉ đột xuất",
        legal_source="Thông báo thử",
    )


def test_a_new_day_off_counts_at_once_even_after_the_calendar_was_cached():
    assert is_working_day(TUESDAY)
    _day_off(TUESDAY)
    assert not is_working_day(TUESDAY)


def test_a_day_off_written_by_an_earlier_test_does_not_leak_into_this_one():
    # The previous test created a row for TUESDAY and its transaction was rolled back.
    assert is_working_day(TUESDAY)


def test_deleting_a_change_restores_the_ordinary_calendar():
    change = _day_off(TUESDAY)
    assert not is_working_day(TUESDAY)
    change.delete()
    assert is_working_day(TUESDAY)


def test_a_change_rolled_back_with_its_transaction_is_forgotten():
    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        _day_off(TUESDAY)
        assert not is_working_day(TUESDAY)
        raise Abort
    assert not CalendarChange.objects.filter(date=TUESDAY).exists()
    assert is_working_day(TUESDAY)


def test_editing_a_change_is_seen_at_once():
    change = _day_off(TUESDAY)
    assert not is_working_day(TUESDAY)
    change.kind = CalendarChangeKind.WORKING_DAY
    change.save()
    assert is_working_day(TUESDAY)


def test_a_province_can_turn_a_package_holiday_into_a_working_day():
    culture_day = dt.date(2026, 11, 24)
    assert not is_working_day(culture_day)
    CalendarChange.objects.create(
        date=culture_day,
        kind=CalendarChangeKind.WORKING_DAY,
        name="Làm việc bình thường",
        legal_source="Quyết định thử của UBND tỉnh",
    )
    assert is_working_day(culture_day)
    named = calendar_year(2026).named[culture_day]
    assert named.from_table
    assert named.source == "Quyết định thử của UBND tỉnh"


def test_the_database_refuses_an_unknown_kind_or_an_empty_source():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarChange.objects.create(date=TUESDAY, kind="holiday", name="X", legal_source="Y")
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarChange.objects.create(date=TUESDAY, kind="day_off", name="X", legal_source="")


def test_a_date_has_at_most_one_change():
    from django.db import IntegrityError

    _day_off(TUESDAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        _day_off(TUESDAY)


def test_default_working_hours_are_eight_hours_in_two_periods():
    hours = working_hours()
    assert hours.periods == (
        (dt.time(7, 30), dt.time(11, 30)),
        (dt.time(13, 0), dt.time(17, 0)),
    )
    assert hours.day_length == dt.timedelta(hours=8)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "7:30-11:30,13:00-17:00",
        "07:30-11:30;13:00-17:00",
        "07:30 - 11:30",
        "11:30-07:30",
        "07:30-12:00,11:00-17:00",
        "13:00-17:00,07:30-11:30",
        "24:00-25:00",
        "07:30-11:30,",
    ],
)
def test_an_unusable_working_hours_value_raises_a_configuration_error_naming_the_variable(value):
    with pytest.raises(ConfigurationError, match="MOTCUA_WORKING_HOURS"):
        parse_working_hours(value)


def test_a_bad_working_hours_setting_fails_at_first_use_and_at_start_up():
    with override_settings(MOTCUA_WORKING_HOURS="8h-17h"):
        with pytest.raises(ConfigurationError, match="MOTCUA_WORKING_HOURS"):
            working_hours()
        with pytest.raises(ConfigurationError, match="MOTCUA_WORKING_HOURS"):
            apps.get_app_config("worktime").ready()


def test_spaces_around_the_comma_are_accepted():
    assert parse_working_hours(" 08:00-12:00 , 13:30-17:30 ").day_length == dt.timedelta(hours=8)


@pytest.mark.django_db(transaction=True)
def test_a_flush_of_the_database_drops_the_cached_changes():
    from django.core.management import call_command

    CalendarChange.objects.update_or_create(
        date=dt.date(2026, 1, 2),
        defaults={"kind": CalendarChangeKind.DAY_OFF, "name": "Nghỉ", "legal_source": "Thử"},
    )
    assert not is_working_day(dt.date(2026, 1, 2))
    call_command("flush", interactive=False, verbosity=0)
    # Nothing is left in the table: the package's calendar alone applies again.
    assert is_working_day(dt.date(2026, 1, 2))
