"""How slips print times and numbers: Asia/Ho_Chi_Minh, "hh:mm, ngày dd/mm/yyyy"."""

from __future__ import annotations

import datetime as dt

from motcua.core.clock import local


def _aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"Slips print aware datetimes only, got naive {moment!r}.")
    return local(moment)


def slip_datetime(moment: dt.datetime | None) -> str:
    """ "14:05, ngày 10/12/2024" (Vietnam time); "" for None."""
    if moment is None:
        return ""
    return _aware(moment).strftime("%H:%M, ngày %d/%m/%Y")


def slip_date(moment: dt.datetime | dt.date | None) -> str:
    """ "10/12/2024"; a datetime is taken in Vietnam time."""
    if moment is None:
        return ""
    if isinstance(moment, dt.datetime):
        moment = _aware(moment).date()
    return moment.strftime("%d/%m/%Y")


def date_line(moment: dt.datetime, place: str = "") -> str:
    """The date line of an official document: "Bình Dương, ngày 10 tháng 12 năm 2024"."""
    day = _aware(moment).date()
    text = f"ngày {day:%d} tháng {day:%m} năm {day:%Y}"
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


def row_number(index: int) -> str:
    """Book and table numbering from 01: 1 → "01", 120 → "120"."""
    return f"{index:02d}"


def excel_local(moment: dt.datetime | None) -> dt.datetime | None:
    """Vietnam wall time without tzinfo, as spreadsheets store datetimes."""
    return None if moment is None else _aware(moment).replace(tzinfo=None)
