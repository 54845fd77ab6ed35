"""Template filters for Vietnamese display: dates dd/mm/yyyy, times in Asia/Ho_Chi_Minh, VND."""

from __future__ import annotations

import datetime as dt

from django import template

from motcua.core.clock import format_date, format_dt
from motcua.core.money import format_vnd

register = template.Library()


@register.filter
def vn_datetime(value: dt.datetime | None) -> str:
    return format_dt(value)


@register.filter
def vn_date(value: dt.date | dt.datetime | None) -> str:
    if isinstance(value, dt.datetime):
        return format_dt(value)[6:]
    return format_date(value)


@register.filter
def vnd(value: int | None) -> str:
    return "" if value is None else format_vnd(int(value))
