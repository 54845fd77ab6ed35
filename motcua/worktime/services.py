"""Working-time arithmetic: which days are working days, and deadlines counted in
working time.

The calendar of a year is, in order of precedence:
1. a `CalendarChange` row for the date (announced swaps and extra days off; a
   province may also use a row to override the package either way);
2. the `holidays` package for Vietnam: statutory holidays of Labour Code 2019
   art. 112 on Vietnam's own lunar calendar, days off in lieu ("nghỉ bù") and the
   swaps it knows, including the Saturdays worked to make up for them;
3. Monday–Friday are working days, Saturday and Sunday are not.

Only time inside the working hours (settings.MOTCUA_WORKING_HOURS, by default
07:30–11:30 and 13:00–17:00) of working days counts. One working day is the
length of those hours (8 h by default), so "N working days" is N × 8 working hours
from the start: Monday 10:00 + 3 working days = Thursday 10:00. A start outside the
hours counts from the next opening, and a deadline that ends exactly at a closing
time stays there (Friday 17:00, not Monday 07:30).

Everything is computed in Asia/Ho_Chi_Minh; inputs must be timezone-aware and
results are aware datetimes in that zone. Per year, the sorted list of working
days is precomputed, so a deadline costs a few bisections, not a walk over
minutes or days.

The rows of `CalendarChange` are cached per process. The cache is dropped when a
row is saved or deleted (and forgotten again if that transaction rolls back), after
migrations and flushes, and at the latest after CHANGES_CACHE_SECONDS so that the
other processes of a deployment see an edit made through one of them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import threading
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import holidays
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from motcua.core.clock import VN_TZ
from motcua.core.env import ConfigurationError
from motcua.core.errors import InvalidInput
from motcua.worktime.models import CalendarChange, CalendarChangeKind, Timeliness

WORKING_HOURS_SETTING = "MOTCUA_WORKING_HOURS"
DEFAULT_WORKING_HOURS = "07:30-11:30,13:00-17:00"

# Years the `holidays` package can compute for Vietnam (its lunar tables end in 2100).
FIRST_YEAR = 1901
LAST_YEAR = 2100
# Bounds on one addition of working time (about 14 years of working days).
MAX_DAYS = 3650
MAX_HOURS = MAX_DAYS * 24
# Longest time another process may keep using calendar changes it read earlier.
CHANGES_CACHE_SECONDS = 60.0

STATUTORY_SOURCE = "Bộ luật Lao động 2019, Điều 112 (ngày tính theo gói holidays)"
SWAP_SOURCE = "Hoán đổi ngày làm việc do Chính phủ công bố (ngày tính theo gói holidays)"
# Package holidays whose basis is not (yet) the text of art. 112.
_SOURCE_BY_NAME = {
    "Ngày Văn hóa Việt Nam": (
        "Nghị quyết 80-NQ/TW của Bộ Chính trị (ngày nghỉ lễ hưởng nguyên lương; "
        "ngày tính theo gói holidays)"
    ),
}

_US_PER_SECOND = 1_000_000
_US_PER_MINUTE = 60 * _US_PER_SECOND
_US_PER_HOUR = 60 * _US_PER_MINUTE
_WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


# --------------------------------------------------------------------------- working hours


@dataclass(frozen=True, slots=True)
class WorkingHours:
    """The daily working periods, as microseconds since midnight (start, end)."""

    spans: tuple[tuple[int, int], ...]

    @property
    def day_length_us(self) -> int:
        return sum(end - start for start, end in self.spans)

    @property
    def day_length(self) -> dt.timedelta:
        return dt.timedelta(microseconds=self.day_length_us)

    @property
    def periods(self) -> tuple[tuple[dt.time, dt.time], ...]:
        return tuple((_time_of(start), _time_of(end)) for start, end in self.spans)

    def __str__(self) -> str:
        return ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in self.periods)

    def worked_before(self, tod: int) -> int:
        """Working time from the opening of a working day up to time-of-day `tod`."""
        return sum(max(0, min(end, tod) - start) for start, end in self.spans)

    def position(self, worked: int) -> int:
        """Time of day at which `worked` (0 < worked ≤ day length) has been worked.

        Ending exactly at the end of a period gives that end (11:30, 17:00), never
        the next opening.
        """
        for start, end in self.spans:
            if worked <= end - start:
                return start + worked
            worked -= end - start
        return self.spans[-1][1]


_PERIOD = re.compile(r"([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)")


def parse_working_hours(value: str, *, name: str = WORKING_HOURS_SETTING) -> WorkingHours:
    """Parse "HH:MM-HH:MM,HH:MM-HH:MM" strictly; periods ascending, not overlapping.

    A bad value raises ConfigurationError naming the setting.
    """
    expected = f"expected periods like {DEFAULT_WORKING_HOURS!r}"
    if not isinstance(value, str) or not value.strip():
        raise ConfigurationError(f"{name}={value!r} is empty or not a string; {expected}.")
    spans: list[tuple[int, int]] = []
    for item in value.split(","):
        match = _PERIOD.fullmatch(item.strip())
        if match is None:
            raise ConfigurationError(
                f"{name}={value!r}: {item.strip()!r} is not a period HH:MM-HH:MM; {expected}."
            )
        h1, m1, h2, m2 = (int(group) for group in match.groups())
        start = h1 * _US_PER_HOUR + m1 * _US_PER_MINUTE
        end = h2 * _US_PER_HOUR + m2 * _US_PER_MINUTE
        if end <= start:
            raise ConfigurationError(
                f"{name}={value!r}: period {item.strip()!r} ends before it starts."
            )
        if spans and start < spans[-1][1]:
            raise ConfigurationError(
                f"{name}={value!r}: periods must be in order and must not overlap."
            )
        spans.append((start, end))
    return WorkingHours(spans=tuple(spans))


@lru_cache(maxsize=16)
def _parsed_hours(value: str) -> WorkingHours:
    return parse_working_hours(value)


def working_hours() -> WorkingHours:
    """The configured working hours (checked at start-up by the app config)."""
    return _parsed_hours(getattr(settings, WORKING_HOURS_SETTING, DEFAULT_WORKING_HOURS))


# --------------------------------------------------------------------------- calendar data


@dataclass(frozen=True, slots=True)
class SpecialDay:
    """A named day of the calendar: a holiday or day off, or a make-up working day."""

    date: dt.date
    kind: str  # a CalendarChangeKind value
    name: str
    source: str
    from_table: bool  # True when it comes from a CalendarChange row

    @property
    def is_working(self) -> bool:
        return self.kind == CalendarChangeKind.WORKING_DAY

    @property
    def weekday_name(self) -> str:
        return _WEEKDAY_NAMES[self.date.weekday()]

    @property
    def kind_label(self) -> str:
        return str(CalendarChangeKind(self.kind).label)


@dataclass(frozen=True, slots=True)
class _Year:
    year: int
    working: tuple[int, ...]  # ordinals of the working days, ascending
    working_set: frozenset[int]
    special: dict[dt.date, SpecialDay]


@dataclass(slots=True)
class _State:
    changes: dict[dt.date, SpecialDay]
    loaded_at: float
    years: dict[int, _Year]


class _OutOfRange(Exception):
    pass


_lock = threading.Lock()
_state: _State | None = None
# (connection, callback) for changes written inside a transaction not yet committed.
_pending: list[tuple[BaseDatabaseWrapper, Callable[[], None]]] = []
_SUBSTITUTE = re.compile(r"thay cho ngày (\d{2})/(\d{2})/(\d{4})")


@lru_cache(maxsize=256)
def _package_year(year: int) -> tuple[dict[dt.date, str], frozenset[dt.date]]:
    """Holidays and weekend working days the `holidays` package knows for one year."""
    calendar: Any = holidays.country_holidays("VN", years=year, language="vi")
    names = {day: str(name) for day, name in calendar.items() if day.year == year}
    weekend_workdays = frozenset(
        day for day in getattr(calendar, "weekend_workdays", ()) if day.year == year
    )
    return names, weekend_workdays


def package_calendar(year: int) -> tuple[dict[dt.date, str], frozenset[dt.date]]:
    """What the `holidays` package alone says of `year`: its holidays by date and the
    weekend days it knows as make-up working days (no CalendarChange rows applied)."""
    _check_year(year)
    names, weekend_workdays = _package_year(year)
    return dict(names), weekend_workdays


def invalidate_calendar_cache() -> None:
    """Forget the cached calendar changes; the next computation reads them again."""
    global _state
    _state = None


def calendar_changed(sender: object = None, **kwargs: Any) -> None:
    """Receiver for post_save / post_delete of CalendarChange and post_migrate.

    Drops the cache now (this transaction sees its own write) and again when the
    transaction commits; if it rolls back instead, `_current()` notices.
    """
    invalidate_calendar_cache()
    using = kwargs.get("using") or DEFAULT_DB_ALIAS
    if not isinstance(using, str):
        return
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return

    def committed() -> None:
        _pending[:] = [entry for entry in _pending if entry[1] is not committed]
        invalidate_calendar_cache()

    _pending.append((connection, committed))
    transaction.on_commit(committed, using=using)


def _forget_rolled_back() -> None:
    for entry in list(_pending):
        connection, callback = entry
        if not any(hook[1] is callback for hook in connection.run_on_commit):
            # The transaction that wrote the change is gone without committing.
            if entry in _pending:
                _pending.remove(entry)
            invalidate_calendar_cache()


def _load_changes() -> dict[dt.date, SpecialDay]:
    rows = CalendarChange.objects.values_list("date", "kind", "name", "legal_source")
    return {
        day: SpecialDay(date=day, kind=kind, name=name, source=source, from_table=True)
        for day, kind, name, source in rows
    }


def _current() -> _State:
    global _state
    if _pending:
        _forget_rolled_back()
    state = _state
    # Cache freshness, not business time: a monotonic clock is the right tool here.
    now = time.monotonic()
    if state is None or now - state.loaded_at > CHANGES_CACHE_SECONDS:
        with _lock:
            state = _State(changes=_load_changes(), loaded_at=now, years={})
            _state = state
    return state


def _year(state: _State, year: int) -> _Year:
    cached = state.years.get(year)
    if cached is not None:
        return cached
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _OutOfRange(year)
    names, weekend_workdays = _package_year(year)
    special: dict[dt.date, SpecialDay] = {}
    made_up_for: dict[dt.date, dt.date] = {}
    for day, name in names.items():
        source = _SOURCE_BY_NAME.get(name, STATUTORY_SOURCE)
        match = _SUBSTITUTE.search(name)
        if match:
            d, m, y = (int(group) for group in match.groups())
            made_up_on = dt.date(y, m, d)
            made_up_for[made_up_on] = day
            row = state.changes.get(made_up_on)
            source = row.source if row is not None and row.is_working else SWAP_SOURCE
        special[day] = SpecialDay(
            date=day, kind=CalendarChangeKind.DAY_OFF, name=name, source=source, from_table=False
        )
    for day in weekend_workdays:
        swapped = made_up_for.get(day)
        name = f"Làm bù cho ngày nghỉ {swapped:%d/%m/%Y}" if swapped is not None else "Ngày làm bù"
        special[day] = SpecialDay(
            date=day,
            kind=CalendarChangeKind.WORKING_DAY,
            name=name,
            source=SWAP_SOURCE,
            from_table=False,
        )
    for day, change in state.changes.items():
        if day.year == year:
            special[day] = change

    first = dt.date(year, 1, 1).toordinal()
    last = dt.date(year, 12, 31).toordinal()
    working: list[int] = []
    for ordinal in range(first, last + 1):
        named = special.get(dt.date.fromordinal(ordinal))
        # Without a named day, Monday–Friday work (date.fromordinal(1) is a Monday).
        if named.is_working if named is not None else (ordinal - 1) % 7 < 5:
            working.append(ordinal)
    built = _Year(
        year=year, working=tuple(working), working_set=frozenset(working), special=special
    )
    state.years[year] = built
    return built


# --------------------------------------------------------------------------- helpers


def _as_local(moment: dt.datetime, field: str) -> dt.datetime:
    if not isinstance(moment, dt.datetime):
        raise InvalidInput(f"{field}: phải là ngày giờ.", field=field)
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(
            f"{field}: thiếu múi giờ; hãy ghi rõ độ lệch, ví dụ 2026-02-13T10:00:00+07:00.",
            field=field,
        )
    return moment.astimezone(VN_TZ)


def _as_date(day: dt.date, field: str) -> dt.date:
    if isinstance(day, dt.datetime):
        return _as_local(day, field).date()
    if not isinstance(day, dt.date):
        raise InvalidInput(f"{field}: phải là ngày.", field=field)
    return day


def _range_error(field: str) -> InvalidInput:
    return InvalidInput(
        f"{field}: ngoài phạm vi lịch được hỗ trợ (năm {FIRST_YEAR}–{LAST_YEAR}).", field=field
    )


def _tod(local: dt.datetime) -> int:
    return (
        (local.hour * 60 + local.minute) * 60 + local.second
    ) * _US_PER_SECOND + local.microsecond


def _time_of(tod: int) -> dt.time:
    seconds, micro = divmod(tod, _US_PER_SECOND)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return dt.time(hour, minute, second, micro)


def _at(day: dt.date, tod: int) -> dt.datetime:
    return dt.datetime.combine(day, _time_of(tod), tzinfo=VN_TZ)


def _is_working(state: _State, day: dt.date) -> bool:
    return day.toordinal() in _year(state, day.year).working_set


def _nth_working_after(state: _State, day: dt.date, n: int) -> dt.date:
    """The n-th working day strictly after `day` (n ≥ 1)."""
    year = _year(state, day.year)
    index = bisect_right(year.working, day.toordinal())
    while True:
        available = len(year.working) - index
        if n <= available:
            return dt.date.fromordinal(year.working[index + n - 1])
        n -= available
        year = _year(state, year.year + 1)
        index = 0


def _count_working(state: _State, first: dt.date, stop: dt.date) -> int:
    """Working days in [first, stop) — `stop` excluded; first ≤ stop."""
    total = 0
    for number in range(first.year, stop.year + 1):
        if number == stop.year and stop.month == 1 and stop.day == 1:
            break
        year = _year(state, number)
        low = bisect_left(year.working, first.toordinal()) if number == first.year else 0
        high = (
            bisect_left(year.working, stop.toordinal())
            if number == stop.year
            else len(year.working)
        )
        total += high - low
    return total


# --------------------------------------------------------------------------- public API


def is_working_day(day: dt.date) -> bool:
    """Whether `day` is a working day (an aware datetime is taken at its Vietnam date)."""
    day = _as_date(day, "day")
    try:
        return _is_working(_current(), day)
    except _OutOfRange:
        raise _range_error("day") from None


def next_working_day(day: dt.date) -> dt.date:
    """The first working day strictly after `day`."""
    day = _as_date(day, "day")
    try:
        return _nth_working_after(_current(), day, 1)
    except _OutOfRange:
        raise _range_error("day") from None


def next_working_start(at: dt.datetime) -> dt.datetime:
    """The first moment at or after `at` inside working hours on a working day.

    A moment inside working hours is returned as is (in Vietnam time); at a closing
    time or after it, the next opening.
    """
    local = _as_local(at, "at")
    hours = working_hours()
    state = _current()
    try:
        day, tod = local.date(), _tod(local)
        if _is_working(state, day):
            for start, end in hours.spans:
                if tod < start:
                    return _at(day, start)
                if tod < end:
                    return local
        return _at(_nth_working_after(state, day, 1), hours.spans[0][0])
    except _OutOfRange:
        raise _range_error("at") from None


def add_working_time(start: dt.datetime, *, days: int = 0, hours: float = 0) -> dt.datetime:
    """`start` plus `days` working days and `hours` working hours, in Vietnam time.

    One working day is the configured day length (8 h by default). Time before
    opening, at lunch, after closing or on a day off does not count. Adding nothing
    returns `start` itself.
    """
    local = _as_local(start, "start")
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DAYS:
        raise InvalidInput(
            f"days: phải là số nguyên từ 0 đến {MAX_DAYS} (ngày làm việc).", field="days"
        )
    if (
        isinstance(hours, bool)
        or not isinstance(hours, int | float)
        or not math.isfinite(hours)
        or not 0 <= hours <= MAX_HOURS
    ):
        raise InvalidInput(f"hours: phải là số từ 0 đến {MAX_HOURS} (giờ làm việc).", field="hours")
    spec = working_hours()
    day_length = spec.day_length_us
    total = days * day_length + round(hours * _US_PER_HOUR)
    if total == 0:
        return local
    state = _current()
    day, tod = local.date(), _tod(local)
    try:
        if _is_working(state, day):
            done = spec.worked_before(tod)
            if done + total <= day_length:
                return _at(day, spec.position(done + total))
            total -= day_length - done
        skipped = (total - 1) // day_length
        remainder = total - skipped * day_length
        target = _nth_working_after(state, day, skipped + 1)
        return _at(target, spec.position(remainder))
    except _OutOfRange:
        raise _range_error("start") from None


def working_time_between(a: dt.datetime, b: dt.datetime) -> dt.timedelta:
    """Working time from `a` to `b` (negative when `b` is before `a`)."""
    local_a, local_b = _as_local(a, "a"), _as_local(b, "b")
    if local_b < local_a:
        return -working_time_between(b, a)
    spec = working_hours()
    state = _current()
    try:
        day_a, day_b = local_a.date(), local_b.date()
        total = _count_working(state, day_a, day_b) * spec.day_length_us
        if _is_working(state, day_b):
            total += spec.worked_before(_tod(local_b))
        if _is_working(state, day_a):
            total -= spec.worked_before(_tod(local_a))
    except _OutOfRange:
        raise _range_error("b") from None
    return dt.timedelta(microseconds=total)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Number of working days from `start` to `end`, both included."""
    start, end = _as_date(start, "start"), _as_date(end, "end")
    if end < start:
        raise InvalidInput("end: ngày kết thúc không được trước ngày bắt đầu.", field="end")
    state = _current()
    try:
        _year(state, start.year)
    except _OutOfRange:
        raise _range_error("start") from None
    try:
        return _count_working(state, start, end + dt.timedelta(days=1))
    except _OutOfRange:
        raise _range_error("end") from None


def classify_timeliness(*, finished_at: dt.datetime, due_at: dt.datetime) -> Timeliness:
    """LATE after `due_at`; EARLY when finished on a day before the due date's day
    (Vietnam calendar dates); otherwise ON_TIME."""
    finished = _as_local(finished_at, "finished_at")
    due = _as_local(due_at, "due_at")
    if finished > due:
        return Timeliness.LATE
    if finished.date() < due.date():
        return Timeliness.EARLY
    return Timeliness.ON_TIME


# --------------------------------------------------------------------------- the year's calendar


@dataclass(frozen=True, slots=True)
class YearCalendar:
    """One year of the working calendar, for the calendar page and API."""

    year: int
    hours: WorkingHours
    working_day_count: int
    named: dict[dt.date, SpecialDay]  # every named day, weekends included
    working: frozenset[int]  # ordinals of working days

    def is_working_day(self, day: dt.date) -> bool:
        return day.toordinal() in self.working

    @property
    def days_off(self) -> list[SpecialDay]:
        """Days off that fall on Monday–Friday."""
        return [
            special
            for day, special in sorted(self.named.items())
            if day.weekday() < 5 and not self.is_working_day(day)
        ]

    @property
    def make_up_days(self) -> list[SpecialDay]:
        """Saturdays and Sundays that are working days."""
        return [
            special
            for day, special in sorted(self.named.items())
            if day.weekday() >= 5 and self.is_working_day(day)
        ]

    @property
    def changes(self) -> list[SpecialDay]:
        """What differs from an ordinary Monday–Friday week: weekday days off and
        weekend working days, in date order."""
        return sorted(self.days_off + self.make_up_days, key=lambda special: special.date)

    @property
    def table_rows(self) -> list[SpecialDay]:
        """The announced changes stored in the CalendarChange table for this year."""
        return [special for _, special in sorted(self.named.items()) if special.from_table]


def _check_year(year: int) -> None:
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(f"year: phải là năm từ {FIRST_YEAR} đến {LAST_YEAR}.", field="year")


def calendar_year(year: int) -> YearCalendar:
    """The working calendar of `year`: named days, days off, make-up days."""
    _check_year(year)
    built = _year(_current(), year)
    return YearCalendar(
        year=year,
        hours=working_hours(),
        working_day_count=len(built.working),
        named=dict(built.special),
        working=built.working_set,
    )


def days_off(year: int) -> list[SpecialDay]:
    """The days off of `year` that fall on Monday–Friday, with name and source."""
    return calendar_year(year).days_off


def weekday_name(day: dt.date) -> str:
    return _WEEKDAY_NAMES[day.weekday()]
