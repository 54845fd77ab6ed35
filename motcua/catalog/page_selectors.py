"""Reads the catalogue's HTML pages need beyond selectors.py (portal and staff pages).

Kept apart from selectors.py (owned by the catalogue core) so the two can change
independently; everything here is read-only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery

from motcua.catalog.importexport.records import version_to_data
from motcua.catalog.models import (
    ImportJob,
    Procedure,
    ProcedureForm,
    ProcedureLevel,
    ProcedureVersion,
)
from motcua.catalog.selectors import with_all_parts
from motcua.core.errors import InvalidInput, NotFound
from motcua.core.text import search_terms
from motcua.organization.models import Unit

DEMO_FORMS_DIR = Path(__file__).resolve().parent / "demo_forms"


class FormNotFound(NotFound):
    """No downloadable form with this id on this procedure."""


class ImportJobNotFound(NotFound):
    """No import job with this id."""


# --- Filters -------------------------------------------------------------------------


def catalogue_agencies() -> list[Unit]:
    """Agencies that implement, decide or lead at least one current procedure (for filters)."""
    current = ProcedureVersion.objects.filter(is_current=True)
    used = (
        Q(pk__in=current.values("implementing_agency"))
        | Q(pk__in=current.values("deciding_agency"))
        | Q(pk__in=current.values("lead_agency"))
    )
    return list(Unit.objects.filter(used).order_by("sort_order", "name"))


# --- Forms to download ------------------------------------------------------------------


@dataclass(frozen=True)
class FormSource:
    """Where a form's bytes are: the default storage (`form.file`) or the demo forms folder."""

    form: ProcedureForm
    demo_path: Path | None = None


def procedure_form_source(national_code: str, form_id: int) -> FormSource:
    """A form of any version of the procedure, with where its file is; FormNotFound if none."""
    form = (
        ProcedureForm.objects.select_related("version__procedure")
        .filter(pk=form_id, version__procedure__national_code=national_code)
        .first()
    )
    if form is None:
        raise FormNotFound("Không có mẫu đơn, tờ khai này.", field="form")
    if form.file:
        return FormSource(form=form)
    # Demo forms are generated into motcua/catalog/demo_forms/<filename> by the demo loader.
    name = Path(form.filename).name
    candidate = DEMO_FORMS_DIR / name
    if name and name == form.filename and candidate.is_file():
        return FormSource(form=form, demo_path=candidate)
    raise FormNotFound("Tệp của mẫu đơn, tờ khai này chưa có.", field="form")


# --- Staff list ---------------------------------------------------------------------------

STAFF_STATUSES = ("current", "upcoming", "abolished")


@dataclass(frozen=True)
class StaffRow:
    procedure: Procedure
    version: ProcedureVersion
    status: str  # current | upcoming | ended | abolished
    version_count: int


@dataclass(frozen=True)
class StaffPage:
    count: int
    page: int
    page_size: int
    rows: list[StaffRow] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.page_size))


def staff_procedure_list(
    q: str = "",
    *,
    field_code: str | None = None,
    agency: str | None = None,
    level: str | None = None,
    status: str | None = None,
    on: dt.date,
    page: int = 1,
    page_size: int = 50,
) -> StaffPage:
    """Every procedure (current, not yet in force, abolished), shown by its latest version.

    `status`: "current" (a version in force), "upcoming" (no version in force yet, not
    abolished), "abolished" (abolished on or before `on`).
    """
    if level and level not in ProcedureLevel.values:
        raise InvalidInput("Cấp thực hiện không hợp lệ.", field="level")
    if status and status not in STAFF_STATUSES:
        raise InvalidInput("Trạng thái không hợp lệ.", field="status")
    if page < 1:
        raise InvalidInput("Số trang phải từ 1.", field="page")

    latest_no = (
        ProcedureVersion.objects.filter(procedure=OuterRef("procedure"))
        .values("procedure")
        .annotate(m=Max("version_no"))
        .values("m")
    )
    qs: QuerySet[ProcedureVersion] = ProcedureVersion.objects.filter(version_no=Subquery(latest_no))
    for term in search_terms(q):
        qs = qs.filter(search_text__contains=term)
    if field_code:
        qs = qs.filter(field__code=field_code)
    if agency:
        qs = qs.filter(
            Q(implementing_agency__code=agency)
            | Q(deciding_agency__code=agency)
            | Q(lead_agency__code=agency)
        )
    if level:
        qs = qs.filter(level=level)
    has_current = Exists(
        ProcedureVersion.objects.filter(procedure=OuterRef("procedure"), is_current=True)
    )
    abolished = Q(procedure__abolished_from__lte=on)
    if status == "current":
        qs = qs.filter(has_current)
    elif status == "abolished":
        qs = qs.filter(abolished)
    elif status == "upcoming":
        qs = qs.exclude(abolished).exclude(has_current)
    count = qs.count()
    start = (page - 1) * page_size
    versions = list(
        qs.select_related("procedure", "field", "implementing_agency")
        .annotate(has_current=has_current)
        .order_by("name_folded", "procedure__national_code")[start : start + page_size]
    )
    rows = []
    for v in versions:
        if v.procedure.is_abolished_on(on):
            row_status = "abolished"
        elif getattr(v, "has_current", False):
            row_status = "current"
        elif v.effective_from > on:
            row_status = "upcoming"
        else:
            row_status = "ended"
        rows.append(
            StaffRow(
                procedure=v.procedure, version=v, status=row_status, version_count=v.version_no
            )
        )
    return StaffPage(count=count, page=page, page_size=page_size, rows=rows)


# --- Version history with what changed ----------------------------------------------------

PART_LABELS: dict[str, str] = {
    "local_code": "Mã thủ tục địa phương",
    "name": "Tên thủ tục",
    "field": "Lĩnh vực",
    "level": "Cấp thực hiện",
    "implementing_agency": "Cơ quan thực hiện",
    "deciding_agency": "Cơ quan có thẩm quyền quyết định",
    "cooperating_agencies": "Cơ quan phối hợp",
    "lead_agency": "Cơ quan chủ trì",
    "applicant_types": "Đối tượng thực hiện",
    "channels": "Cách thức thực hiện",
    "online_level": "Mức độ trực tuyến",
    "time_limit": "Thời hạn giải quyết",
    "after_cutoff_next_day": "Quy tắc nhận sau 15 giờ",
    "steps": "Trình tự thực hiện",
    "conditions": "Yêu cầu, điều kiện",
    "result": "Kết quả thực hiện",
    "legal_basis": "Căn cứ pháp lý",
    "forms": "Mẫu đơn, tờ khai",
    "cases": "Trường hợp",
    "documents": "Thành phần hồ sơ",
    "fees": "Phí, lệ phí",
    "eform": "Tờ khai điện tử",
    "process": "Quy trình nội bộ",
}


@dataclass(frozen=True)
class HistoryEntry:
    version: ProcedureVersion
    changed: list[str]  # Vietnamese labels of the parts that differ from the previous version
    is_first: bool


def version_history_with_changes(national_code: str) -> tuple[Procedure, list[HistoryEntry]]:
    """All versions of a procedure, newest first, each with the parts it changed."""
    procedure = Procedure.objects.filter(national_code=national_code.strip()).first()
    if procedure is None:
        raise NotFound(f"Không có thủ tục mã {national_code} trong danh mục.", field="code")
    versions = list(
        with_all_parts(ProcedureVersion.objects.filter(procedure=procedure))
        .select_related("created_by")
        .order_by("version_no")
    )
    dicts: list[dict[str, Any]] = [version_to_data(v).as_dict() for v in versions]
    entries: list[HistoryEntry] = []
    for i, version in enumerate(versions):
        if i == 0:
            entries.append(HistoryEntry(version=version, changed=[], is_first=True))
            continue
        before, after = dicts[i - 1], dicts[i]
        changed = [label for key, label in PART_LABELS.items() if before.get(key) != after.get(key)]
        entries.append(HistoryEntry(version=version, changed=changed, is_first=False))
    entries.reverse()
    return procedure, entries


# --- Import jobs ------------------------------------------------------------------------------


def import_job_get(job_id: int) -> ImportJob:
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None:
        raise ImportJobNotFound("Không có lượt nhập này.", field="job")
    return job


def import_jobs_recent(limit: int = 10) -> list[ImportJob]:
    return list(ImportJob.objects.select_related("created_by").order_by("-created_at")[:limit])
