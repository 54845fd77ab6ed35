"""Filters for the slip templates: `{% load slips %}`."""

from __future__ import annotations

import datetime as dt

from django import template

from motcua.slips import formatting

register = template.Library()


@register.filter
def slip_datetime(value: dt.datetime | None) -> str:
    return formatting.slip_datetime(value)


@register.filter
def slip_date(value: dt.datetime | dt.date | None) -> str:
    return formatting.slip_date(value)


@register.filter
def row_number(value: int) -> str:
    return formatting.row_number(int(value))
