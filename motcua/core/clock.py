"""The one place that reads the wall clock. Views and jobs call `now()` once and
pass `at=` down; domain code never reads the clock itself."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def now() -> dt.datetime:
    return timezone.now()


def local(moment: dt.datetime) -> dt.datetime:
    """The moment in Vietnam's time zone (for display and working-time arithmetic)."""
    return moment.astimezone(VN_TZ)


def today() -> dt.date:
    return local(now()).date()


def format_dt(moment: dt.datetime | None) -> str:
    """hh:mm dd/mm/yyyy in Asia/Ho_Chi_Minh, as printed on slips."""
    return "" if moment is None else local(moment).strftime("%H:%M %d/%m/%Y")


def format_date(day: dt.date | None) -> str:
    return "" if day is None else day.strftime("%d/%m/%Y")
