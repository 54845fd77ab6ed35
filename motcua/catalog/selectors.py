"""Reads of the catalogue: versions in force by date, search, history, completeness.

Dossiers use `version_in_force(national_code, on=received_date)`: it returns the exact version
a dossier is received under, raises `ProcedureAbolished` (a `ProcedureNotInForce`, itself a
`NotFound`) when the procedure was abolished by that date, and `ProcedureNotInForce` when no
version covers the date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet

from motcua.catalog import search_index
from motcua.catalog.models import (
    Field,
    OnlineLevel,
    Procedure,
    ProcedureLevel,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
    TimeUnit,
)
from motcua.catalog.search_index import SearchHit
from motcua.core.errors import InvalidInput, NotFound
from motcua.core.text import search_terms


class ProcedureNotFound(NotFound):
    """No procedure has this national code."""


class ProcedureNotInForce(NotFound):
    """The procedure exists but no version of it is in force on the date asked."""


class ProcedureAbolished(ProcedureNotInForce):
    """The procedure was abolished on or before the date asked; it accepts no dossiers."""

    def __init__(self, message: str, *, abolished_from: dt.date, field: str | None = None) -> None:
        super().__init__(message, field=field, abolished_from=abolished_from.isoformat())
        self.abolished_from = abolished_from


# --- Loading a version with everything on it ---------------------------------------


def with_all_parts(qs: QuerySet[ProcedureVersion]) -> QuerySet[ProcedureVersion]:
    """A version with every published part loaded in a fixed number of queries."""
    return qs.select_related(
        "procedure",
        "field",
        "decision",
        "implementing_agency",
        "deciding_agency",
        "lead_agency",
    ).prefetch_related(
        "cooperating_agencies",
        "cases",
        "forms",
        Prefetch("documents", queryset=RequiredDocument.objects.select_related("case", "form")),
        "fees__exemptions",
        "fees__case",
        Prefetch(
            "process_steps",
            queryset=ProcessStep.objects.select_related("agency", "unit", "case").order_by(
                "case_id", "order"
            ),
        ),
        "eform_fields",
    )


def procedure_get(national_code: str) -> Procedure:
    procedure = Procedure.objects.filter(national_code=national_code.strip()).first()
    if procedure is None:
        raise ProcedureNotFound(
            f"Không có thủ tục mã {national_code} trong danh mục.", field="code"
        )
    return procedure


def version_in_force(national_code: str, on: dt.date) -> ProcedureVersion:
    """The version of the procedure in force on `on` (the date a dossier is received).

    Raises ProcedureNotFound (unknown code), ProcedureAbolished (abolished by then) or
    ProcedureNotInForce (not yet in force, or a gap between versions).
    """
    procedure = procedure_get(national_code)
    if procedure.abolished_from is not None and on >= procedure.abolished_from:
        raise ProcedureAbolished(
            f"Thủ tục {procedure.national_code} đã bị bãi bỏ từ ngày "
            f"{procedure.abolished_from:%d/%m/%Y}, không tiếp nhận hồ sơ.",
            field="code",
            abolished_from=procedure.abolished_from,
        )
    version = (
        with_all_parts(ProcedureVersion.objects.filter(procedure=procedure))
        .filter(effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("-effective_from")
        .first()
    )
    if version is None:
        raise ProcedureNotInForce(
            f"Thủ tục {procedure.national_code} không có phiên bản có hiệu lực vào ngày "
            f"{on:%d/%m/%Y}.",
            field="on",
        )
    return version


def current_version(national_code: str) -> ProcedureVersion:
    """The version marked current (in force as of the last refresh), fully loaded."""
    procedure = procedure_get(national_code)
    version = with_all_parts(
        ProcedureVersion.objects.filter(procedure=procedure, is_current=True)
    ).first()
    if version is None:
        if procedure.abolished_from is not None:
            raise ProcedureAbolished(
                f"Thủ tục {procedure.national_code} đã bị bãi bỏ từ ngày "
                f"{procedure.abolished_from:%d/%m/%Y}.",
                field="code",
                abolished_from=procedure.abolished_from,
            )
        raise ProcedureNotInForce(
            f"Thủ tục {procedure.national_code} chưa có phiên bản đang có hiệu lực.", field="code"
        )
    return version


def version_readable(national_code: str, on: dt.date) -> ProcedureVersion:
    """For reading (portal, API): the version in force on `on`, or for an abolished
    procedure its last version (abolished procedures stay readable)."""
    try:
        return version_in_force(national_code, on)
    except ProcedureAbolished:
        version = latest_version(national_code)
        if version is None:
            raise
        return version


def latest_version(national_code: str) -> ProcedureVersion | None:
    return (
        with_all_parts(
            ProcedureVersion.objects.filter(procedure__national_code=national_code.strip())
        )
        .order_by("-version_no")
        .first()
    )


def version_history(national_code: str) -> list[ProcedureVersion]:
    """All versions of a procedure, newest first, with their decisions."""
    procedure = procedure_get(national_code)
    return list(
        procedure.versions.select_related("decision", "field", "created_by").order_by("-version_no")
    )


# --- Search ------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchPage:
    count: int
    page: int
    page_size: int
    items: list[SearchHit] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.page_size))


ONLINE_FILTERS = ("any", OnlineLevel.FULL.value, OnlineLevel.PARTIAL.value, OnlineLevel.NONE.value)
MAX_PAGE_SIZE = 100


def procedure_search(
    q: str = "",
    *,
    field: str | None = None,
    agency: str | None = None,
    level: str | None = None,
    online: str | None = None,
    page: int = 1,
    page_size: int = 20,
) -> SearchPage:
    """Current procedures matching every folded word of `q`, ranked by relevance.

    Items are `SearchHit`s from the in-memory index of the current catalogue (see
    `catalog.search_index`): what a result list shows, not the whole version.

    Ranking: exact national or local code first, then names starting with the query, then
    names containing it as a phrase, then the rest; ties by folded name, then code.
    `field` is a field code, `agency` a unit code (implementing, deciding or lead agency),
    `level` a ProcedureLevel, `online` one of "any" (partial or full), "full", "partial", "none".
    """
    if level and level not in ProcedureLevel.values:
        raise InvalidInput("Cấp thực hiện không hợp lệ.", field="level")
    if online and online not in ONLINE_FILTERS:
        raise InvalidInput(
            "Mức độ trực tuyến phải là any, full, partial hoặc none.", field="online"
        )
    if page < 1:
        raise InvalidInput("Số trang phải từ 1.", field="page")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidInput(f"Số dòng mỗi trang từ 1 đến {MAX_PAGE_SIZE}.", field="page_size")

    hits = search_index.search(
        search_terms(q), q.strip(), field=field, agency=agency, level=level, online=online
    )
    start = (page - 1) * page_size
    return SearchPage(
        count=len(hits), page=page, page_size=page_size, items=hits[start : start + page_size]
    )


def fields_with_counts() -> list[Field]:
    """All fields, each annotated with `procedure_count` (current procedures)."""
    return list(
        Field.objects.annotate(
            procedure_count=Count("versions", filter=Q(versions__is_current=True))
        ).order_by("sort_order", "name")
    )


# --- Statutory time vs the internal process ------------------------------------------

_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def working_day_hours() -> Decimal:
    """Hours in one working day from settings.MOTCUA_WORKING_HOURS (8 by default)."""
    minutes = 0
    for part in str(getattr(settings, "MOTCUA_WORKING_HOURS", "")).split(","):
        m = _RANGE.match(part)
        if m:
            h1, m1, h2, m2 = (int(g) for g in m.groups())
            minutes += max(0, (h2 * 60 + m2) - (h1 * 60 + m1))
    return Decimal(minutes) / 60 if minutes else Decimal(8)


def statutory_hours(value: int, unit: str) -> Decimal | None:
    """The statutory time limit in working hours, or None when it is not set.

    working_days × hours of a working day; working_hours as is; same_day = one working day.
    """
    if unit == TimeUnit.SAME_DAY:
        return working_day_hours()
    if unit == TimeUnit.WORKING_DAYS and value > 0:
        return value * working_day_hours()
    if unit == TimeUnit.WORKING_HOURS and value > 0:
        return Decimal(value)
    return None


def format_time_limit(value: int, unit: str) -> str:
    """Vietnamese text of a time limit: "3 ngày làm việc", "Trong ngày"."""
    if unit == TimeUnit.SAME_DAY:
        return "Trong ngày"
    if not unit:
        return ""
    return f"{value} {TimeUnit(unit).label}"


def process_budget_problem(
    *, time_limit_value: int, time_limit_unit: str, budgets: list[Decimal], label: str = ""
) -> str | None:
    """A Vietnamese message when the process budgets do not fit the statutory time, else None."""
    limit = statutory_hours(time_limit_value, time_limit_unit)
    total = sum(budgets, Decimal(0))
    where = f" ({label})" if label else ""
    if limit is None:
        return f"Chưa có thời hạn giải quyết để kiểm tra quy trình{where}."
    if total > limit:
        return (
            f"Tổng thời gian các bước quy trình{where} là {_hours(total)} giờ làm việc, vượt "
            f"thời hạn giải quyết {format_time_limit(time_limit_value, time_limit_unit)} "
            f"({_hours(limit)} giờ làm việc)."
        )
    return None


def _hours(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def version_process_problems(version: ProcedureVersion) -> list[str]:
    """Every process (general, and each case's) that exceeds its statutory time limit."""
    problems: list[str] = []
    steps = list(version.process_steps.all())
    cases = list(version.cases.all())
    general = [s.budget_hours for s in steps if s.case_id is None]
    if not steps:
        return ["Chưa có quy trình nội bộ."]
    if general:
        problem = process_budget_problem(
            time_limit_value=version.time_limit_value,
            time_limit_unit=version.time_limit_unit,
            budgets=general,
        )
        if problem:
            problems.append(problem)
    for case in cases:
        own = [s.budget_hours for s in steps if s.case_id == case.pk]
        if not own and not case.time_limit_unit:
            continue  # the general process under the general limit, already checked
        value, unit = version.time_limit_for(case)
        problem = process_budget_problem(
            time_limit_value=value,
            time_limit_unit=unit,
            budgets=own or general,
            label=f"trường hợp {case.code}",
        )
        if problem:
            problems.append(problem)
    return problems


# --- Completeness --------------------------------------------------------------------


@dataclass(frozen=True)
class CompletenessIssue:
    national_code: str
    name: str
    version_id: int
    missing: list[str]
    process_problems: list[str]


def version_missing_parts(version: ProcedureVersion) -> list[str]:
    """The published parts the law requires that this version lacks (Vietnamese labels)."""
    missing: list[str] = []
    if not version.name.strip():
        missing.append("Tên thủ tục")
    if not version.steps:
        missing.append("Trình tự thực hiện")
    if not version.channels:
        missing.append("Cách thức thực hiện")
    docs = list(version.documents.all())
    if not docs:
        missing.append("Thành phần hồ sơ")
    elif any(d.originals + d.copies == 0 for d in docs):
        missing.append("Số lượng bản của thành phần hồ sơ")
    if statutory_hours(version.time_limit_value, version.time_limit_unit) is None:
        missing.append("Thời hạn giải quyết")
    if not version.applicant_types:
        missing.append("Đối tượng thực hiện")
    if version.implementing_agency_id is None and version.level != ProcedureLevel.COMMUNE:
        missing.append("Cơ quan thực hiện")
    if not version.result_name.strip():
        missing.append("Kết quả thực hiện")
    return missing


def completeness_report() -> list[CompletenessIssue]:
    """Current procedures missing a required published part, or whose process does not fit."""
    versions = ProcedureVersion.objects.filter(is_current=True).select_related("procedure")
    versions = versions.prefetch_related("documents", "process_steps", "cases").order_by(
        "procedure__national_code"
    )
    issues = []
    for version in versions:
        missing = version_missing_parts(version)
        problems = version_process_problems(version)
        if missing or problems:
            issues.append(
                CompletenessIssue(
                    national_code=version.procedure.national_code,
                    name=version.name,
                    version_id=version.pk,
                    missing=missing,
                    process_problems=problems,
                )
            )
    return issues
