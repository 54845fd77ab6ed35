"""Staff pages of the catalogue (/staff/catalog/): list, procedure history, completeness
report, import with progress, export. Editing itself happens in the Django admin.

Views parse the request, call selectors and services, and render; nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.accounts.decorators import staff_required
from motcua.catalog.importexport import export_json_bytes, export_xlsx_bytes
from motcua.catalog.models import ImportStatus, ProcedureLevel
from motcua.catalog.page_selectors import (
    ImportJobNotFound,
    catalogue_agencies,
    import_job_get,
    import_jobs_recent,
    staff_procedure_list,
    version_history_with_changes,
)
from motcua.catalog.selectors import completeness_report, fields_with_counts, format_time_limit
from motcua.catalog.services import import_job_start
from motcua.core.clock import local, now, today
from motcua.core.errors import DomainError, NotFound

View = Callable[..., HttpResponse]
IMPORT_PERMISSION = "catalog.add_importjob"


def catalog_manager_required(view: View) -> View:
    """Staff who may change the catalogue (the catalog.* permissions of their role)."""

    @staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied("Chỉ cán bộ kiểm soát TTHC và quản trị mới được nhập danh mục.")
        return view(request, *args, **kwargs)

    return wrapper


def page_links(page: int, num_pages: int, *, around: int = 2) -> list[int | None]:
    """Page numbers to link to: first, last, and `around` either side; None marks a gap."""
    wanted = {1, num_pages, *range(page - around, page + around + 1)}
    numbers = sorted(n for n in wanted if 1 <= n <= num_pages)
    links: list[int | None] = []
    previous = 0
    for n in numbers:
        if previous and n - previous > 1:
            links.append(None)
        links.append(n)
        previous = n
    return links


STATUS_CHOICES = [
    ("", _("Tất cả")),
    ("current", _("Đang áp dụng")),
    ("upcoming", _("Chưa có hiệu lực")),
    ("abolished", _("Đã bãi bỏ")),
]
STATUS_LABELS = {
    "current": _("Đang áp dụng"),
    "upcoming": _("Chưa có hiệu lực"),
    "ended": _("Hết hiệu lực"),
    "abolished": _("Đã bãi bỏ"),
}


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo mã, tên, cơ quan"), required=False, max_length=200)
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    agency = forms.ChoiceField(label=_("Cơ quan"), required=False)
    level = forms.ChoiceField(
        label=_("Cấp thực hiện"),
        required=False,
        choices=[("", _("Tất cả"))] + list(ProcedureLevel.choices),
    )
    status = forms.ChoiceField(label=_("Tình trạng"), required=False, choices=STATUS_CHOICES)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        field_choices = kwargs.pop("field_choices")
        agency_choices = kwargs.pop("agency_choices")
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("Tất cả lĩnh vực"))] + field_choices  # type: ignore[attr-defined]
        self.fields["agency"].choices = [("", _("Tất cả cơ quan"))] + agency_choices  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            name: (None if name in self.errors else data.get(name) or None) for name in self.fields
        }


@staff_required
@require_GET
def procedure_list(request: HttpRequest) -> HttpResponse:
    form = StaffFilterForm(
        request.GET,
        field_choices=[(f.code, f.name) for f in fields_with_counts()],
        agency_choices=[(u.code, u.name) for u in catalogue_agencies()],
    )
    v = form.values()
    kwargs = {
        "field_code": v["field"],
        "agency": v["agency"],
        "level": v["level"],
        "status": v["status"],
        "on": today(),
    }
    page = staff_procedure_list(v["q"] or "", page=v["page"] or 1, **kwargs)
    if page.count and page.page > page.num_pages:
        page = staff_procedure_list(v["q"] or "", page=page.num_pages, **kwargs)
    params = request.GET.copy()
    params.pop("page", None)
    rows = [
        {
            "row": r,
            "status_label": STATUS_LABELS[r.status],
            "time_limit": format_time_limit(r.version.time_limit_value, r.version.time_limit_unit),
        }
        for r in page.rows
    ]
    return render(
        request,
        "catalog/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "page_links": page_links(page.page, page.num_pages),
            "base_query": params.urlencode(),
            "may_import": request.user.has_perm(IMPORT_PERMISSION),
        },
    )


@staff_required
@require_GET
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        procedure, history = version_history_with_changes(code)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    day = today()
    entries = []
    for entry in history:
        v = entry.version
        if procedure.is_abolished_on(day) and v.effective_to is not None and entry is history[0]:
            label = STATUS_LABELS["abolished"]
        elif v.is_in_force_on(day) and not procedure.is_abolished_on(day):
            label = STATUS_LABELS["current"]
        elif v.effective_from > day:
            label = STATUS_LABELS["upcoming"]
        else:
            label = STATUS_LABELS["ended"]
        entries.append(
            {
                "entry": entry,
                "state": label,
                "time_limit": format_time_limit(v.time_limit_value, v.time_limit_unit),
            }
        )
    return render(
        request,
        "catalog/detail.html",
        {
            "procedure": procedure,
            "history": history,
            "entries": entries,
            "latest": history[0].version if history else None,
            "abolished": procedure.is_abolished_on(day),
        },
    )


@staff_required
@require_GET
def completeness(request: HttpRequest) -> HttpResponse:
    issues = completeness_report()
    return render(request, "catalog/completeness.html", {"issues": issues})


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh mục (.json hoặc .xlsx)"),
        help_text=_(
            "Định dạng motcua.catalog/1 (JSON) hoặc mẫu Excel xuất từ trang này. "
            "Toàn bộ tệp được kiểm tra trước; có một lỗi thì không nhập gì."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.xlsx"}),
    )


@catalog_manager_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_start(file=form.cleaned_data["file"], by=request.user, at=now())  # type: ignore[arg-type]
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("catalog:import_job", job_id=job.pk)
    return render(
        request,
        "catalog/import.html",
        {"form": form, "jobs": import_jobs_recent()},
    )


@catalog_manager_required
@require_GET
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    try:
        job = import_job_get(job_id)
    except ImportJobNotFound as exc:
        raise Http404(exc.message) from exc
    finished = job.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED)
    errors = [_error_row(e) for e in job.errors if isinstance(e, dict)]
    context = {
        "job": job,
        "finished": finished,
        "errors": errors,
        "summary": _summary_lines(job.summary or {}),
    }
    if request.htmx and request.htmx.target == "job-status":  # type: ignore[attr-defined]
        response = render(request, "catalog/import_job.html#status", context)
    else:
        response = render(request, "catalog/import_job.html", context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


_JSON_ITEM = re.compile(r"^(procedures|fields|decisions)\[(\d+)\]")
_JSON_ITEM_LABELS = {
    "procedures": _("thủ tục"),
    "fields": _("lĩnh vực"),
    "decisions": _("quyết định"),
}


def _error_row(error: dict[str, Any]) -> dict[str, Any]:
    """Where an import error is, for people: a sheet and row (Excel) or the n-th item (JSON)."""
    row = error.get("row")
    sheet = error.get("sheet") or ""
    path = str(error.get("path") or "")
    if sheet:
        where = f"{_('Trang')} {sheet}"
    else:
        m = _JSON_ITEM.match(path)
        where = f"{_JSON_ITEM_LABELS[m.group(1)]} {_('thứ')} {int(m.group(2)) + 1}" if m else path
        if m and row is None:
            row = int(m.group(2)) + 1
        if m and path[m.end() :].startswith("."):
            field = path[m.end() + 1 :]  # e.g. time_limit.unit
            return {
                "where": where,
                "path": path,
                "row": row,
                "field": field,
                "message": error.get("message") or "",
            }
    return {
        "where": where or "—",
        "path": path,
        "row": row,
        "field": error.get("field") or "",
        "message": error.get("message") or "",
    }


_SUMMARY_LABELS = {
    "fields": _("Lĩnh vực"),
    "decisions": _("Quyết định công bố"),
    "published": _("Thủ tục công bố mới"),
    "amended": _("Thủ tục sửa đổi (phiên bản mới)"),
    "replaced": _("Phiên bản được thay thế"),
    "unchanged": _("Không thay đổi"),
    "abolished": _("Thủ tục bãi bỏ"),
}


def _summary_lines(summary: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(str(label), summary[key]) for key, label in _SUMMARY_LABELS.items() if key in summary]


def _attachment(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_required
@require_GET
def export_json(request: HttpRequest) -> HttpResponse:
    stamp = local(now()).strftime("%Y%m%d-%H%M")
    return _attachment(
        export_json_bytes(),
        filename=f"danh-muc-tthc-{stamp}.json",
        content_type="application/json; charset=utf-8",
    )


@staff_required
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    stamp = local(now()).strftime("%Y%m%d-%H%M")
    return _attachment(
        export_xlsx_bytes(),
        filename=f"danh-muc-tthc-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
