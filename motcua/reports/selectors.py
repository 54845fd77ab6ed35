"""Form II.06a (DOMAIN.md §8) from the daily figures, and its drill-down on raw data."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Case, IntegerField, Q, QuerySet, Sum, When

from motcua.dossiers.models import Dossier
from motcua.organization.models import Unit
from motcua.reports.figures import counted, day_start
from motcua.reports.models import DailyFigure, MonthlyFigure

COLUMNS = (
    "received_total",
    "received_online",
    "received_direct",
    "carried_over",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "in_progress_total",
    "in_progress_within",
    "in_progress_overdue",
)


@dataclass
class Period:
    start: dt.date
    end: dt.date  # inclusive
    label: str


def period_of(
    kind: str, year: int, number: int = 1, start: dt.date | None = None, end: dt.date | None = None
) -> Period:
    if kind == "month":
        last = calendar.monthrange(year, number)[1]
        return Period(
            dt.date(year, number, 1), dt.date(year, number, last), f"Tháng {number}/{year}"
        )
    if kind == "quarter":
        m = 3 * (number - 1) + 1
        last = calendar.monthrange(year, m + 2)[1]
        return Period(dt.date(year, m, 1), dt.date(year, m + 2, last), f"Quý {number}/{year}")
    if kind == "year":
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), f"Năm {year}")
    if start is None or end is None or end < start:
        raise ValueError("custom period needs start <= end")
    return Period(start, end, f"Từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}")


@dataclass
class Row:
    unit: Unit | None
    values: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def __getitem__(self, key: str) -> int:
        return self.values[key]

    @property
    def cells(self) -> list[tuple[str, int]]:
        return [(c, self.values[c]) for c in COLUMNS]


def _row(sums: dict[str, int]) -> dict[str, int]:
    v = {
        "received_online": sums["online"],
        "received_direct": sums["direct"],
        "carried_over": sums["carried"],
        "resolved_early": sums["early"],
        "resolved_on_time": sums["on_time"],
        "resolved_late": sums["late"],
        "in_progress_overdue": sums["overdue"],
    }
    v["received_total"] = v["received_online"] + v["received_direct"] + v["carried_over"]
    v["resolved_total"] = v["resolved_early"] + v["resolved_on_time"] + v["resolved_late"]
    v["in_progress_total"] = v["received_total"] - v["resolved_total"] - sums["withdrawn"]
    v["in_progress_within"] = v["in_progress_total"] - v["in_progress_overdue"]
    v["withdrawn"] = sums["withdrawn"]
    return v


def validate(v: dict[str, int]) -> list[str]:
    """The checks of form II.06a: each total adds up, and nothing is negative."""
    problems = []
    if v["received_total"] != v["received_online"] + v["received_direct"] + v["carried_over"]:
        problems.append(
            "Tổng số tiếp nhận ≠ trực tuyến + trực tiếp/bưu chính + kỳ trước chuyển qua."
        )
    if v["resolved_total"] != v["resolved_early"] + v["resolved_on_time"] + v["resolved_late"]:
        problems.append("Tổng số đã giải quyết ≠ trước hạn + đúng hạn + quá hạn.")
    if v["in_progress_total"] != v["in_progress_within"] + v["in_progress_overdue"]:
        problems.append("Tổng số đang giải quyết ≠ trong hạn + quá hạn.")
    if v["received_total"] != v["resolved_total"] + v["in_progress_total"] + v.get("withdrawn", 0):
        problems.append("Tổng tiếp nhận ≠ đã giải quyết + đang giải quyết + dừng giải quyết.")
    if any(x < 0 for x in v.values()):
        problems.append("Có số liệu âm: số liệu tổng hợp cần tính lại (figures_rebuild).")
    return problems


SUM_KEYS = ("carried", "online", "direct", "early", "on_time", "late", "withdrawn", "overdue")


def _sums_by_unit(unit_ids: set[int], period: Period) -> dict[int, dict[str, int]]:
    """The period's sums per processing unit, in two grouped queries: the history before the
    period's first month from MonthlyFigure, the rest (from that month to the end) from
    DailyFigure."""
    s, e = period.start, period.end
    m0 = s.replace(day=1)

    def f(cond: Q, expr: str) -> Sum:
        return Sum(Case(When(cond, then=expr), default=0, output_field=IntegerField()))

    before, inside = Q(day__lt=s), Q(day__gte=s)
    history = (
        MonthlyFigure.objects.filter(unit_id__in=unit_ids, month__lt=m0)
        .values("unit_id")
        .annotate(**{k: Sum(k) for k in HISTORY})
        .order_by()
    )
    recent = (
        DailyFigure.objects.filter(unit_id__in=unit_ids, day__gte=m0, day__lte=e)
        .values("unit_id")
        .annotate(
            **{f"b_{k}": f(before, k) for k in HISTORY},
            online=f(inside & Q(channel="online"), "received"),
            direct=f(inside & ~Q(channel="online"), "received"),
            early=f(inside, "resolved_early"),
            on_time=f(inside, "resolved_on_time"),
            late=f(inside, "resolved_late"),
            withdrawn_in=f(inside, "withdrawn"),
            due_in=f(inside, "due"),
            due_settled_in=f(inside, "due_settled"),
        )
        .order_by()
    )
    acc: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for h in history:
        r = cast(dict[str, Any], h)
        for k in HISTORY:
            acc[r["unit_id"]][k] += int(r[k] or 0)
    for row in recent:
        r = cast(dict[str, Any], row)
        a = acc[r["unit_id"]]
        for k in HISTORY:
            a[k] += int(r[f"b_{k}"] or 0)
        for k in (
            "online",
            "direct",
            "early",
            "on_time",
            "late",
            "withdrawn_in",
            "due_in",
            "due_settled_in",
        ):
            a[k] += int(r[k] or 0)
    out: dict[int, dict[str, int]] = {}
    for unit_id, a in acc.items():
        out[unit_id] = {
            "carried": a["received"]
            - a["resolved_early"]
            - a["resolved_on_time"]
            - a["resolved_late"]
            - a["withdrawn"],
            "online": a["online"],
            "direct": a["direct"],
            "early": a["early"],
            "on_time": a["on_time"],
            "late": a["late"],
            "withdrawn": a["withdrawn_in"],
            "overdue": a["due"] + a["due_in"] - a["due_settled"] - a["due_settled_in"],
        }
    return out


HISTORY = (
    "received",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "withdrawn",
    "due",
    "due_settled",
)


def _add(parts: list[dict[str, int]]) -> dict[str, int]:
    return {k: sum(p.get(k, 0) for p in parts) for k in SUM_KEYS}


@dataclass
class Report:
    unit: Unit
    period: Period
    rows: list[Row]
    total: Row

    @property
    def problems(self) -> list[str]:
        return [p for r in [*self.rows, self.total] for p in r.problems]


def report_units(unit: Unit) -> list[Unit]:
    """The rows of the report: the unit's direct children (or the unit itself if it has none)."""
    children = list(Unit.objects.filter(parent=unit).order_by("code"))
    return children or [unit]


def _subtrees(root_ids: list[int]) -> dict[int, set[int]]:
    """Each root's subtree (the root, the units below it), from one query of the tree."""
    below: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in Unit.objects.values_list("pk", "parent_id"):
        below[parent_id].append(pk)
    out = {}
    for root in root_ids:
        found: set[int] = set()
        stack = [root]
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(below.get(pk, ()))
        out[root] = found
    return out


def ii06a(*, unit: Unit, period: Period) -> Report:
    children = report_units(unit)
    subtree = _subtrees([c.pk for c in children])
    all_ids = set().union(*subtree.values()) | {unit.pk}
    by_unit = _sums_by_unit(all_ids, period)
    rows = []
    for child in children:
        v = _row(_add([by_unit[u] for u in subtree[child.pk] if u in by_unit]))
        rows.append(Row(child, v, validate(v)))
    if unit.pk in by_unit and children != [unit]:
        # Dossiers led by the selected unit itself (not by one of its children): own row.
        v = _row(by_unit[unit.pk])
        rows.insert(0, Row(unit, v, validate(v)))
    v = _row(_add(list(by_unit.values())))
    return Report(unit, period, rows, Row(None, v, validate(v)))


# --- Drill-down on raw data ----------------------------------------------------------------


def _processing_unit_in(unit_ids: set[int]) -> Q:
    return Q(lead_agency_id__in=unit_ids) | Q(
        lead_agency__isnull=True, receiving_unit_id__in=unit_ids
    )


def _exited_before(moment: dt.datetime) -> Q:
    return Q(finished_at__lt=moment) | Q(
        finished_at__isnull=True, status="stopped", updated_at__lt=moment
    )


def drilldown(*, unit_ids: set[int], period: Period, column: str) -> QuerySet[Dossier]:
    """The dossiers behind one cell, filtered on the raw table (same rules as the figures)."""
    s, e = day_start(period.start), day_start(period.end + dt.timedelta(days=1))
    base = Dossier.objects.filter(counted() & _processing_unit_in(unit_ids))
    received_in = Q(received_at__gte=s, received_at__lt=e)
    carried = Q(received_at__lt=s) & ~_exited_before(s)
    resolved_in = Q(finished_at__gte=s, finished_at__lt=e)
    in_progress = Q(received_at__lt=e) & ~_exited_before(e)
    filters = {
        "received_total": received_in | carried,
        "received_online": received_in & Q(channel="online"),
        "received_direct": received_in & ~Q(channel="online"),
        "carried_over": carried,
        "resolved_total": resolved_in,
        "resolved_early": resolved_in & Q(timeliness="early"),
        "resolved_on_time": resolved_in & ~Q(timeliness__in=["early", "late"]),
        "resolved_late": resolved_in & Q(timeliness="late"),
        "in_progress_total": in_progress,
        "in_progress_within": in_progress & ~Q(due_at__lt=e),
        "in_progress_overdue": in_progress & Q(due_at__lt=e),
    }
    if column not in filters:
        raise ValueError(column)
    return base.filter(filters[column]).order_by("received_at", "pk")
