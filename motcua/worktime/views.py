"""The staff calendar page: a year of months with days off and make-up days."""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.core import clock
from motcua.worktime import services

WEEKDAYS = [
    ("T2", "Thứ Hai"),
    ("T3", "Thứ Ba"),
    ("T4", "Thứ Tư"),
    ("T5", "Thứ Năm"),
    ("T6", "Thứ Sáu"),
    ("T7", "Thứ Bảy"),
    ("CN", "Chủ nhật"),
]


@dataclass(frozen=True)
class Cell:
    date: dt.date
    working: bool
    weekend: bool
    special: services.SpecialDay | None
    today: bool

    @property
    def css(self) -> str:
        if self.working:
            return "day-makeup" if self.weekend else "day-work"
        if self.special is not None:
            return "day-off"
        return "day-weekend"

    @property
    def status(self) -> str:
        if self.special is not None:
            kind = _("ngày làm bù") if self.working else _("ngày nghỉ")
            return f"{self.special.name} ({kind})"
        if not self.working:
            return _("nghỉ cuối tuần")
        return ""


@dataclass(frozen=True)
class Month:
    number: int
    weeks: list[list[Cell | None]]
    named: list[services.SpecialDay]


def _months(data: services.YearCalendar, today: dt.date) -> list[Month]:
    grid = stdlib_calendar.Calendar(firstweekday=0)
    months = []
    for number in range(1, 13):
        weeks: list[list[Cell | None]] = []
        for week in grid.monthdatescalendar(data.year, number):
            weeks.append(
                [
                    Cell(
                        date=day,
                        working=data.is_working_day(day),
                        weekend=day.weekday() >= 5,
                        special=data.named.get(day),
                        today=day == today,
                    )
                    if day.month == number
                    else None
                    for day in week
                ]
            )
        named = [special for day, special in sorted(data.named.items()) if day.month == number]
        months.append(Month(number=number, weeks=weeks, named=named))
    return months


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    year = today.year
    year_error = ""
    raw = request.GET.get("year", "").strip()
    if raw:
        if raw.isdigit() and services.FIRST_YEAR <= int(raw) <= services.LAST_YEAR:
            year = int(raw)
        else:
            year_error = _(
                "Năm “%(value)s” không hợp lệ; hãy chọn một năm từ %(first)s đến %(last)s."
            ) % {
                "value": raw,
                "first": services.FIRST_YEAR,
                "last": services.LAST_YEAR,
            }
    data = services.calendar_year(year)
    context = {
        "year": year,
        "year_error": year_error,
        "data": data,
        "months": _months(data, today),
        "weekdays": WEEKDAYS,
        "changes": data.changes,
        "previous_year": year - 1 if year > services.FIRST_YEAR else None,
        "next_year": year + 1 if year < services.LAST_YEAR else None,
        "is_current_year": year == today.year,
        "can_edit": request.user.has_perm("worktime.change_calendarchange"),
    }
    return render(request, "worktime/calendar.html", context, status=400 if year_error else 200)
