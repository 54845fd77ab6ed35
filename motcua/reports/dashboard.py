"""The leaders' dashboard (/staff/dashboard/) and the public transparency page (/minh-bach/).

Figures are aggregate queries on the dossiers the reader may see (`visible_dossiers`), grouped
in the database — no loop over dossiers. Charts are inline SVG drawn here (horizontal bars and
a line), each with `role="img"`, a `<title>` and the data table beside it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.decorators import staff_required
from motcua.accounts.models import Role
from motcua.accounts.selectors import (
    memberships_on,
    units_visible_to,
    visible_unit_ids,
)
from motcua.core.clock import VN_TZ, local, now
from motcua.dossiers.models import Channel, Dossier, DossierUnit, Status
from motcua.dossiers.selectors import visible_dossiers
from motcua.evaluation.indices_766 import index_766
from motcua.organization.models import Unit, UnitKind
from motcua.organization.selectors import unit_descendant_ids
from motcua.reports.figures import refreshed_at, resolved_total

LEADER_ROLES = (Role.CENTER_LEADER, Role.AGENCY_LEADER, Role.SYSTEM_ADMIN)
OPEN_STATUSES = (Status.RECEIVED, Status.PROCESSING, Status.WITHDRAWAL_REQUESTED)
PERIODS: dict[str, Any] = {
    "month": gettext_lazy("Tháng này"),
    "quarter": gettext_lazy("Quý này"),
    "year": gettext_lazy("Năm nay"),
    "12m": gettext_lazy("12 tháng gần nhất"),
}


def period_range(period: str, at: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) in Vietnam time of a period containing `at`."""
    day = local(at).date()
    if period == "month":
        start = day.replace(day=1)
    elif period == "quarter":
        start = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    elif period == "12m":
        y, m = (day.year, day.month - 11) if day.month == 12 else (day.year - 1, day.month + 1)
        start = dt.date(y, m, 1)
    else:
        start = dt.date(day.year, 1, 1)
    end = day + dt.timedelta(days=1)
    return (
        dt.datetime.combine(start, dt.time(), tzinfo=VN_TZ),
        dt.datetime.combine(end, dt.time(), tzinfo=VN_TZ),
    )


def _pct(num: int, den: int) -> Decimal | None:
    if not den:
        return None
    return (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------- SVG charts


def bar_chart(title: str, rows: list[tuple[str, float]], *, suffix: str = "") -> SafeString:
    """Horizontal bars, the label above each bar (readable at 360 px)."""
    width, bar_h, gap = 320, 14, 30
    height = max(gap * len(rows) + 10, 40)
    top = max((v for _, v in rows), default=0) or 1
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet"><title>{escape(title)}</title>'
    ]
    if not rows:
        parts.append(f'<text x="0" y="20" font-size="12">{escape(_("Chưa có số liệu"))}</text>')
    for i, (label, value) in enumerate(rows):
        y = i * gap + 4
        w = 0 if value <= 0 else max(2.0, (width - 60) * value / top)
        parts.append(
            f'<text x="0" y="{y + 9}" font-size="11">{escape(label[:60])}</text>'
            f'<rect x="0" y="{y + 12}" width="{w:.1f}" height="{bar_h}" fill="#1f5fa8"></rect>'
            f'<text x="{w + 4:.1f}" y="{y + 23}" font-size="11">{value:g}{escape(suffix)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every piece of text above is escaped


def line_chart(title: str, points: list[tuple[str, float | None]]) -> SafeString:
    """A line of percentages (0–100) over months."""
    width, height, pad = 320, 140, 24
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet"><title>{escape(title)}</title>',
        f'<line x1="{pad}" y1="{height - pad}" x2="{width}" y2="{height - pad}" '
        'stroke="#888"></line>',
        f'<text x="0" y="{pad - 10}" font-size="10">100%</text>',
        f'<text x="0" y="{height - pad}" font-size="10">0%</text>',
    ]
    n = len(points)
    step = (width - pad - 10) / max(n - 1, 1)
    coords = []
    for i, (label, value) in enumerate(points):
        x = pad + i * step
        parts.append(
            f'<text x="{x:.1f}" y="{height - 6}" font-size="9" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
        if value is not None:
            y = (height - pad) - (height - 2 * pad) * value / 100
            coords.append(f"{x:.1f},{y:.1f}")
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#1f7a3a"></circle>')
    if len(coords) > 1:
        parts.append(
            f'<polyline points="{" ".join(coords)}" fill="none" stroke="#1f7a3a" '
            'stroke-width="2"></polyline>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every piece of text above is escaped


# --------------------------------------------------------------------------- figures


@dataclass
class Filters:
    period: str
    unit: Unit | None
    start: dt.datetime
    end: dt.datetime


def _unit_names(ids: list[int | None]) -> dict[int | None, str]:
    names: dict[int | None, str] = dict(
        Unit.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", "name")
    )
    names[None] = _("(chưa có cơ quan chủ trì)")
    return names


def overdue_by_agency(dossiers: QuerySet[Dossier], at: dt.datetime) -> list[dict[str, Any]]:
    rows = list(
        dossiers.filter(status__in=OPEN_STATUSES, due_at__lt=at)
        .values("lead_agency_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "lead_agency_id")
    )
    names = _unit_names([r["lead_agency_id"] for r in rows])
    return [{"agency": names.get(r["lead_agency_id"], ""), "n": r["n"]} for r in rows]


def _daily(unit_ids: set[int] | None, start: dt.datetime, end: dt.datetime) -> QuerySet[Any]:
    """The reports app's pre-aggregated DailyFigure rows of the period (unit = the lead
    agency, or the desk when there is none), limited to `unit_ids` (None: every unit)."""
    from motcua.reports.models import DailyFigure

    qs = DailyFigure.objects.filter(day__gte=local(start).date(), day__lt=local(end).date())
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    return qs


def on_time_trend(unit_ids: set[int] | None, start: dt.datetime, end: dt.datetime) -> list[dict]:
    """Resolved per month (early + on time vs late), from the daily figures."""
    rows = (
        _daily(unit_ids, start, end)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(
            early=Sum("resolved_early"),
            on_time=Sum("resolved_on_time"),
            late=Sum("resolved_late"),
        )
        .order_by("month")
    )
    out = []
    for r in rows:
        month = r["month"]
        in_time = int(r["early"] or 0) + int(r["on_time"] or 0)
        total = in_time + int(r["late"] or 0)
        if not total:
            continue
        out.append(
            {
                "month": f"{month.month:02d}/{month.year}" if month else "",
                "total": total,
                "in_time": in_time,
                "late": int(r["late"] or 0),
                "rate": _pct(in_time, total),
            }
        )
    return out


def volumes_by_channel(
    unit_ids: set[int] | None, start: dt.datetime, end: dt.datetime
) -> list[dict[str, Any]]:
    """Received per channel, from the daily figures."""
    counts = {
        r["channel"]: int(r["n"] or 0)
        for r in _daily(unit_ids, start, end)
        .values("channel")
        .annotate(n=Sum("received"))
        .order_by()
    }
    return [{"channel": str(label), "n": counts.get(code, 0)} for code, label in Channel.choices]


def late_procedures(
    unit_ids: set[int] | None, start: dt.datetime, end: dt.datetime, limit: int = 10
) -> list[dict[str, Any]]:
    """The procedures with the most late results in the period, from the daily figures."""
    from motcua.catalog.models import ProcedureVersion

    rows = list(
        _daily(unit_ids, start, end)
        .values("procedure_id")
        .annotate(
            n_late=Sum("resolved_late"),
            n_total=Sum(resolved_total()),
        )
        .filter(n_late__gt=0)
        .order_by("-n_late", "procedure_id")[:limit]
    )
    names = {
        v.procedure_id: (v.procedure.national_code, v.name)
        for v in ProcedureVersion.objects.filter(
            procedure_id__in=[r["procedure_id"] for r in rows], is_current=True
        ).select_related("procedure")
    }
    out: list[dict[str, Any]] = []
    for r in rows:
        code, name = names.get(r["procedure_id"], ("", ""))
        out.append(
            {
                "code": code,
                "name": name,
                "late": int(r["n_late"]),
                "total": int(r["n_total"]),
                "rate": _pct(int(r["n_late"]), int(r["n_total"])),
            }
        )
    out.sort(key=lambda r: (-r["late"], r["code"]))
    return out


def rates(unit_ids: set[int] | None, start: dt.datetime, end: dt.datetime) -> list[dict]:
    """The dashboard's rates: those of the Decision 766 index (from the daily figures)."""
    _, whole = index_766(unit_ids=unit_ids, start=start, end=end)
    wanted = ("digitised", "online_dossiers", "online_payment", "satisfaction", "on_time")
    return [
        {
            "name": str(r.indicator.name),
            "num": r.numerator,
            "den": r.denominator,
            "rate": r.percent,
        }
        for r in whole.results
        if r.indicator.code in wanted
    ]


def dashboard_figures(
    dossiers: QuerySet[Dossier], unit_ids: set[int] | None, f: Filters, at: dt.datetime
) -> dict[str, Any]:
    overdue = overdue_by_agency(dossiers, at)
    trend = on_time_trend(unit_ids, f.start, f.end)
    channels = volumes_by_channel(unit_ids, f.start, f.end)
    late = late_procedures(unit_ids, f.start, f.end)
    rate_rows = rates(unit_ids, f.start, f.end)
    return {
        "overdue": overdue,
        "overdue_chart": bar_chart(
            _("Hồ sơ quá hạn theo cơ quan"), [(r["agency"], r["n"]) for r in overdue]
        ),
        "trend": trend,
        "trend_chart": line_chart(
            _("Tỷ lệ giải quyết đúng hạn theo tháng"),
            [(r["month"], float(r["rate"]) if r["rate"] is not None else None) for r in trend],
        ),
        "channels": channels,
        "channels_chart": bar_chart(
            _("Hồ sơ tiếp nhận theo kênh"), [(r["channel"], r["n"]) for r in channels]
        ),
        "late": late,
        "late_chart": bar_chart(
            _("Thủ tục thường quá hạn"), [(f"{r['code']} {r['name']}", r["late"]) for r in late]
        ),
        "rates": rate_rows,
        "rates_chart": bar_chart(
            _("Các tỷ lệ (%)"),
            [(r["name"], float(r["rate"] or 0)) for r in rate_rows],
            suffix="%",
        ),
    }


# --------------------------------------------------------------------------- views


def _is_leader(user: Any, on: dt.date) -> bool:
    if user.is_superuser:
        return True
    return memberships_on(user, on=on).filter(role__in=LEADER_ROLES).exists()


def _scoped(user: Any, unit: Unit | None, on: dt.date) -> QuerySet[Dossier]:
    qs = visible_dossiers(user, on=on)
    if unit is not None:
        qs = qs.filter(pk__in=DossierUnit.objects.filter(unit_id=unit.pk).values("dossier_id"))
    return qs


def _unit_ids(user: Any, unit: Unit | None, on: dt.date) -> set[int] | None:
    """The units whose daily figures the reader sees (None: all)."""
    if unit is not None:
        return unit_descendant_ids([unit.pk])
    return visible_unit_ids(user, on=on)


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    at = now()
    on = local(at).date()
    if not _is_leader(request.user, on):
        raise PermissionDenied(_("Bảng điều khiển dành cho lãnh đạo."))
    visible_units = (
        units_visible_to(request.user, on=on)
        .filter(kind__in=[UnitKind.AGENCY, UnitKind.BRANCH, UnitKind.CENTER, UnitKind.COMMUNE])
        .order_by("code")
    )
    period = request.GET.get("period", "year")
    if period not in PERIODS:
        period = "year"
    unit = None
    unit_raw = request.GET.get("unit", "")
    if unit_raw.isdigit():
        unit = visible_units.filter(pk=int(unit_raw)).first()
    start, end = period_range(period, at)
    f = Filters(period, unit, start, end)
    context = {
        "filters": f,
        "periods": PERIODS.items(),
        "units": visible_units,
        "start_local": local(start),
        "end_local": local(end) - dt.timedelta(days=1),
        "refreshed_at": refreshed_at(),
        **dashboard_figures(
            _scoped(request.user, unit, on), _unit_ids(request.user, unit, on), f, at
        ),
    }
    template = "reports/dashboard.html"
    if getattr(request, "htmx", False):
        template = "reports/dashboard_panels.html"
    return render(request, template, context)


def transparency_rows(start: dt.datetime, end: dt.datetime) -> list[dict[str, Any]]:
    """Each agency's volumes, on-time rate and satisfaction for [start, end) (public), from
    the daily figures: an anonymous page must not scan the dossiers."""
    rows_by_unit = {
        r["unit_id"]: r
        for r in _daily(None, start, end)
        .filter(unit__kind=UnitKind.AGENCY)
        .values("unit_id")
        .annotate(
            n_received=Sum("received"),
            n_total=Sum(resolved_total()),
            n_in_time=Sum(F("resolved_early") + F("resolved_on_time")),
            n_rated=Sum("rated"),
            n_satisfied=Sum("satisfied"),
        )
        .order_by()
    }
    rows = []
    for a in Unit.objects.filter(pk__in=list(rows_by_unit)).order_by("code"):
        r = {k: int(v or 0) for k, v in rows_by_unit[a.pk].items() if k.startswith("n_")}
        rows.append(
            {
                "agency": a.name,
                "received": r["n_received"],
                "resolved": r["n_total"],
                "on_time": _pct(r["n_in_time"], r["n_total"]),
                "rated": r["n_rated"],
                "satisfaction": _pct(r["n_satisfied"], r["n_rated"]),
            }
        )
    return rows


def transparency(request: HttpRequest) -> HttpResponse:
    at = now()
    start, end = period_range("year", at)
    rows = transparency_rows(start, end)
    return render(
        request,
        "reports/dashboard_public.html",
        {
            "rows": rows,
            "year": local(at).year,
            "refreshed_at": refreshed_at(),
            "chart": bar_chart(
                _("Tỷ lệ giải quyết đúng hạn theo cơ quan (%)"),
                [(r["agency"], float(r["on_time"] or 0)) for r in rows],
                suffix="%",
            ),
        },
    )
