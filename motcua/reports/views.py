"""Staff pages of form II.06a: the report (page, Excel, PDF) and the drill-down lists."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.accounts.decorators import staff_required
from motcua.accounts.selectors import units_visible_to
from motcua.core.clock import today
from motcua.core.pdf import render_pdf
from motcua.organization.selectors import unit_descendant_ids
from motcua.reports.excel import ii06a_xlsx
from motcua.reports.forms import ReportForm
from motcua.reports.selectors import COLUMNS, Period, drilldown, ii06a, period_of

COLUMN_LABELS = {
    "received_total": "Tổng số nhận giải quyết",
    "received_online": "Nhận trực tuyến trong kỳ",
    "received_direct": "Nhận trực tiếp, bưu chính trong kỳ",
    "carried_over": "Từ kỳ trước chuyển qua",
    "resolved_total": "Tổng số đã giải quyết",
    "resolved_early": "Trả trước hạn",
    "resolved_on_time": "Trả đúng thời hạn",
    "resolved_late": "Trả quá hạn",
    "in_progress_total": "Tổng số đang giải quyết",
    "in_progress_within": "Đang giải quyết trong hạn",
    "in_progress_overdue": "Đang giải quyết quá hạn",
}


def _period(data: dict[str, Any]) -> Period:
    return period_of(
        data["period"],
        data["year"] or (data["start"].year if data.get("start") else today().year),
        data.get("month") or data.get("quarter") or 1,
        data.get("start"),
        data.get("end"),
    )


@staff_required
def ii06a_view(request: HttpRequest) -> HttpResponse:
    units = units_visible_to(request.user, on=today())
    params = request.GET.copy()
    params.setdefault("period", "month")
    params.setdefault("year", str(today().year))
    params.setdefault("month", str(today().month))
    form = ReportForm(params if "unit" in request.GET else None, units=units)
    report = None
    if form.is_bound and form.is_valid():
        report = ii06a(unit=form.cleaned_data["unit"], period=_period(form.cleaned_data))
        fmt = request.GET.get("format", "")
        stem = f"II06a-{report.unit.code}-{report.period.start:%Y%m%d}-{report.period.end:%Y%m%d}"
        if fmt == "xlsx":
            resp = HttpResponse(
                ii06a_xlsx(report),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            resp["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
            return resp
        if fmt == "pdf":
            pdf = render_pdf("reports/ii06a_pdf.html", {"report": report, "columns": COLUMNS})
            resp = HttpResponse(pdf, content_type="application/pdf")
            resp["Content-Disposition"] = f'inline; filename="{stem}.pdf"'
            return resp
    query = request.GET.urlencode()
    return render(
        request,
        "reports/ii06a.html",
        {
            "form": form,
            "report": report,
            "columns": COLUMNS,
            "query": query,
            "labels": COLUMN_LABELS,
        },
    )


@staff_required
def drilldown_view(request: HttpRequest) -> HttpResponse:
    units = units_visible_to(request.user, on=today())
    form = ReportForm(request.GET, units=units)
    column = request.GET.get("column", "")
    if not form.is_valid() or column not in COLUMNS:
        return render(request, "reports/drilldown.html", {"form": form, "error": True}, status=422)
    unit = form.cleaned_data["unit"]
    row = request.GET.get("row", "")
    row_unit = unit
    if row:
        row_unit = units.filter(pk=row).first()
        if row_unit is None:
            raise PermissionDenied("Bạn không được xem hồ sơ của đơn vị này.")
    period = _period(form.cleaned_data)
    qs = drilldown(
        unit_ids=unit_descendant_ids([row_unit.pk]), period=period, column=column
    ).select_related("procedure_version", "receiving_unit", "lead_agency")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/drilldown.html",
        {
            "unit": row_unit,
            "period": period,
            "column": COLUMN_LABELS[column],
            "page": page,
            "total": page.paginator.count,
        },
    )
