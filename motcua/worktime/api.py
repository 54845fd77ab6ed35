"""Public working-time arithmetic (no authentication): deadlines, working days
between two dates, and a year's calendar of days off and make-up working days."""

from __future__ import annotations

import datetime as dt
import re

from django.http import HttpRequest
from ninja import Query, Router, Schema

from motcua.core.errors import InvalidInput
from motcua.worktime import services

router = Router(tags=["thời gian làm việc"])

# "+07:00" arrives as " 07:00" when a client forgets to percent-encode the "+".
_UNENCODED_PLUS = re.compile(r" (\d{2}(?::?\d{2})?)$")


def _parse_moment(value: str, field: str) -> dt.datetime:
    text = _UNENCODED_PLUS.sub(r"+\1", value.strip())
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            f"{field}: không đúng định dạng ngày giờ ISO 8601, ví dụ 2026-02-13T10:00:00+07:00.",
            field=field,
        ) from None
    if moment.tzinfo is None:
        raise InvalidInput(
            f"{field}: thiếu múi giờ; hãy ghi rõ độ lệch, ví dụ 2026-02-13T10:00:00+07:00.",
            field=field,
        )
    return moment


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds" if moment.microsecond == 0 else "microseconds")


class DeadlineOut(Schema):
    start: str
    due_at: str
    days: int | None
    hours: int | None


@router.get(
    "/deadline",
    response=DeadlineOut,
    summary="Tính hạn theo thời gian làm việc",
    description=(
        "Cộng số ngày làm việc (days) hoặc số giờ làm việc (hours) — đúng một trong hai — "
        "vào thời điểm start (ISO 8601 có múi giờ, ví dụ 2026-02-13T10:00:00+07:00). "
        "Chỉ tính giờ hành chính của ngày làm việc; một ngày làm việc bằng số giờ làm việc "
        "trong ngày (mặc định 8 giờ). Kết quả theo giờ Việt Nam (+07:00)."
    ),
)
def deadline(
    request: HttpRequest,
    start: str = Query(..., description="Thời điểm bắt đầu, ISO 8601 có múi giờ."),
    days: int | None = Query(None, ge=0, le=services.MAX_DAYS, description="Số ngày làm việc."),
    hours: int | None = Query(None, ge=0, le=services.MAX_HOURS, description="Số giờ làm việc."),
) -> dict[str, object]:
    moment = _parse_moment(start, "start")
    if (days is None) == (hours is None):
        raise InvalidInput(
            "days: cần đúng một trong hai tham số days (ngày làm việc) hoặc hours (giờ làm việc).",
            field="days",
        )
    due_at = services.add_working_time(moment, days=days or 0, hours=hours or 0)
    return {
        "start": _iso(moment.astimezone(due_at.tzinfo)),
        "due_at": _iso(due_at),
        "days": days,
        "hours": hours,
    }


class WorkingDaysOut(Schema):
    start: dt.date
    end: dt.date
    working_days: int


class WorkingDaysQuery(Schema):
    start: dt.date
    end: dt.date


@router.get(
    "/working-days",
    response=WorkingDaysOut,
    summary="Đếm ngày làm việc giữa hai ngày",
    description="Số ngày làm việc từ start đến end (YYYY-MM-DD), tính cả hai đầu.",
)
def working_days(request: HttpRequest, query: Query[WorkingDaysQuery]) -> dict[str, object]:
    if query.end < query.start:
        raise InvalidInput("end: ngày kết thúc không được trước ngày bắt đầu.", field="end")
    count = services.working_days_between(query.start, query.end)
    return {"start": query.start, "end": query.end, "working_days": count}


class CalendarDayOut(Schema):
    date: dt.date
    weekday: str
    kind: str
    kind_label: str
    name: str
    source: str


class CalendarOut(Schema):
    year: int
    working_hours: list[str]
    working_day_count: int
    days: list[CalendarDayOut]


@router.get(
    "/calendar",
    response=CalendarOut,
    summary="Lịch ngày nghỉ và ngày làm bù của một năm",
    description=(
        "Các ngày nghỉ rơi vào thứ Hai–thứ Sáu và các ngày làm việc bù rơi vào thứ Bảy, "
        "Chủ nhật của năm, mỗi ngày có tên, loại (day_off / working_day) và căn cứ."
    ),
)
def calendar(
    request: HttpRequest,
    year: int = Query(..., ge=services.FIRST_YEAR, le=services.LAST_YEAR, description="Năm."),
) -> dict[str, object]:
    data = services.calendar_year(year)
    return {
        "year": year,
        "working_hours": [f"{a:%H:%M}-{b:%H:%M}" for a, b in data.hours.periods],
        "working_day_count": data.working_day_count,
        "days": [
            {
                "date": day.date,
                "weekday": day.weekday_name,
                "kind": day.kind,
                "kind_label": day.kind_label,
                "name": day.name,
                "source": day.source,
            }
            for day in data.changes
        ],
    }
