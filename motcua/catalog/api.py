"""Catalogue API: public reads of procedures and fields; token-protected writes for the TTHC
control officers (publish, amend, abolish, import).

Paths (under /api/v1/): GET procedures, GET procedures/{code}, GET fields,
POST procedures, POST procedures/{code}/amend, POST procedures/{code}/abolish,
POST catalog/import, GET catalog/import/{job_id}, GET catalog/completeness.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any, Literal
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from ninja import Query, Router, Schema, Status
from pydantic import Field as PydanticField

from motcua.accounts.auth import BearerToken
from motcua.accounts.models import Role
from motcua.accounts.selectors import user_has_role
from motcua.catalog import selectors, services
from motcua.catalog.importexport import import_dict, import_file
from motcua.catalog.models import ImportJob, Procedure, ProcedureVersion
from motcua.catalog.search_index import SearchHit
from motcua.catalog.selectors import format_time_limit
from motcua.core.clock import now, today
from motcua.core.errors import InvalidInput, NotAllowed, NotFound

router = Router(tags=["danh mục TTHC"])

EDITOR_ROLES = (Role.CONTROL_OFFICER, Role.SYSTEM_ADMIN)


# --- Schemas: output ----------------------------------------------------------------------


class CodeName(Schema):
    code: str
    name: str


class TimeLimitOut(Schema):
    value: int
    unit: str = PydanticField(description="working_days | working_hours | same_day")
    text: str = PydanticField(description="Ví dụ: 5 ngày làm việc; Trong ngày")


class ProcedureSummary(Schema):
    code: str = PydanticField(description="Mã thủ tục (CSDL quốc gia)")
    local_code: str
    name: str
    field: CodeName
    level: str
    agency: CodeName | None = PydanticField(description="Cơ quan thực hiện (trống: UBND cấp xã)")
    time_limit: TimeLimitOut | None
    online: str = PydanticField(description="none | partial | full")
    url: str


class ProcedureList(Schema):
    count: int
    page: int
    page_size: int
    items: list[ProcedureSummary]


class FieldOut(Schema):
    code: str
    name: str
    procedure_count: int


class DecisionOut(Schema):
    number: str
    date: dt.date
    issuer: str
    effective_date: dt.date


class ResultOut(Schema):
    name: str
    paper: bool
    electronic: bool


class LegalBasisOut(Schema):
    number: str
    date: dt.date | None
    title: str


class FormOut(Schema):
    name: str
    filename: str
    has_file: bool


class CaseOut(Schema):
    code: str
    name: str
    time_limit: TimeLimitOut | None


class DocumentOut(Schema):
    id: int = PydanticField(
        description="Mã thành phần: required_document_id khi tiếp nhận hoặc nộp hồ sơ"
    )
    name: str
    originals: int
    copies: int
    mandatory: bool
    reusable: bool
    case: str | None
    form: str | None


class ExemptionOut(Schema):
    name: str
    legal_ground: str


class FeeOut(Schema):
    name: str
    amount: int = PydanticField(description="Đồng (VND)")
    basis: str
    case: str | None
    exemptions: list[ExemptionOut]


class EFormFieldOut(Schema):
    name: str
    label: str
    type: str
    required: bool
    choices: list[str]
    pattern: str


class ProcessStepOut(Schema):
    order: int
    role: str
    agency: CodeName | None
    unit: CodeName | None
    budget_hours: float
    description: str
    case: str | None


class ProcedureDetail(Schema):
    code: str
    version_no: int
    status: str = PydanticField(description="published | abolished")
    effective_from: dt.date
    effective_to: dt.date | None
    abolished_from: dt.date | None
    decision: DecisionOut | None
    local_code: str
    name: str
    field: CodeName
    level: str
    implementing_agency: CodeName | None
    deciding_agency: CodeName | None
    lead_agency: CodeName | None
    cooperating_agencies: list[CodeName]
    applicant_types: list[str]
    channels: list[str]
    online_level: str
    time_limit: TimeLimitOut | None
    after_cutoff_next_day: bool
    steps: list[str]
    conditions: str
    result: ResultOut
    legal_basis: list[LegalBasisOut]
    forms: list[FormOut]
    cases: list[CaseOut]
    documents: list[DocumentOut]
    fees: list[FeeOut]
    eform: list[EFormFieldOut]
    process: list[ProcessStepOut]
    url: str


class ErrorItem(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[ErrorItem] = []


class AbolishedOut(Schema):
    code: str
    abolished_from: dt.date
    decision: DecisionOut


class ImportSummaryOut(Schema):
    fields: int
    decisions: int
    published: int
    amended: int
    replaced: int
    unchanged: int
    abolished: int


class ImportJobOut(Schema):
    id: int
    status: str
    done: int
    total: int
    percent: int
    errors: list[dict[str, Any]]
    summary: dict[str, Any]


class CompletenessOut(Schema):
    code: str
    name: str
    missing: list[str]
    process_problems: list[str]


# --- Schemas: input -----------------------------------------------------------------------

TimeUnitIn = Literal["working_days", "working_hours", "same_day"]


class TimeLimitIn(Schema):
    value: int = PydanticField(0, ge=0)
    unit: TimeUnitIn


class ResultIn(Schema):
    name: str = ""
    paper: bool = True
    electronic: bool = False


class LegalBasisIn(Schema):
    number: str
    date: dt.date | None = None
    title: str = ""


class FormIn(Schema):
    name: str
    filename: str


class CaseIn(Schema):
    code: str
    name: str
    time_limit: TimeLimitIn | None = None


class DocumentIn(Schema):
    name: str
    originals: int = PydanticField(1, ge=0)
    copies: int = PydanticField(0, ge=0)
    mandatory: bool = True
    reusable: bool = False
    case: str | None = None
    form: str | None = None


class ExemptionIn(Schema):
    name: str
    legal_ground: str = ""


class FeeIn(Schema):
    name: str
    amount: int = PydanticField(ge=0)
    basis: Literal["per_dossier", "per_copy", "per_page", "per_item"] = "per_dossier"
    case: str | None = None
    exemptions: list[str | ExemptionIn] = []


class EFormFieldIn(Schema):
    name: str
    label: str
    type: Literal["text", "textarea", "date", "number", "select", "checkbox", "email", "phone"] = (
        "text"
    )
    required: bool = False
    choices: list[str] = []
    pattern: str = ""


class ProcessStepIn(Schema):
    role: Literal["receiving", "specialist", "unit_head", "agency_leader", "returning"]
    agency: str | None = None
    unit: str | None = None
    budget_hours: float = PydanticField(ge=0)
    description: str = ""
    case: str | None = None


Level = Literal["province", "district", "commune", "central"]
ApplicantTypeIn = Literal["individual", "organization"]
ChannelIn = Literal["counter", "online", "post"]
OnlineIn = Literal["none", "partial", "full"]


class ProcedureIn(Schema):
    """A procedure in the JSON format "motcua.catalog/1" (docs/catalog-format.md)."""

    national_code: str
    local_code: str = ""
    name: str
    field: str
    level: Level
    implementing_agency: str | None = None
    deciding_agency: str | None = None
    cooperating_agencies: list[str] = []
    lead_agency: str | None = None
    applicant_types: list[ApplicantTypeIn] = []
    channels: list[ChannelIn] = []
    online_level: OnlineIn = "none"
    time_limit: TimeLimitIn | None = None
    after_cutoff_next_day: bool = True
    steps: list[str] = []
    conditions: str = ""
    result: ResultIn = ResultIn()
    legal_basis: list[LegalBasisIn] = []
    forms: list[FormIn] = []
    cases: list[CaseIn] = []
    documents: list[DocumentIn] = []
    fees: list[FeeIn] = []
    eform: list[EFormFieldIn] = []
    process: list[ProcessStepIn] = []


class ProcedureChangesIn(Schema):
    """The parts that change; every part left out is copied from the previous version."""

    local_code: str | None = None
    name: str | None = None
    field: str | None = None
    level: Level | None = None
    implementing_agency: str | None = None
    deciding_agency: str | None = None
    cooperating_agencies: list[str] | None = None
    lead_agency: str | None = None
    applicant_types: list[ApplicantTypeIn] | None = None
    channels: list[ChannelIn] | None = None
    online_level: OnlineIn | None = None
    time_limit: TimeLimitIn | None = None
    after_cutoff_next_day: bool | None = None
    steps: list[str] | None = None
    conditions: str | None = None
    result: ResultIn | None = None
    legal_basis: list[LegalBasisIn] | None = None
    forms: list[FormIn] | None = None
    cases: list[CaseIn] | None = None
    documents: list[DocumentIn] | None = None
    fees: list[FeeIn] | None = None
    eform: list[EFormFieldIn] | None = None
    process: list[ProcessStepIn] | None = None


class DecisionIn(Schema):
    number: str = PydanticField(min_length=1, max_length=100)
    date: dt.date
    issuer: str = PydanticField(min_length=1, max_length=255)
    effective_date: dt.date


class PublishIn(Schema):
    decision: DecisionIn
    procedure: ProcedureIn


class AmendIn(Schema):
    decision: DecisionIn
    changes: ProcedureChangesIn


class AbolishIn(Schema):
    decision: DecisionIn
    effective_from: dt.date | None = PydanticField(
        None, description="Mặc định: ngày có hiệu lực của quyết định."
    )


class SearchQuery(Schema):
    q: str = PydanticField("", max_length=200)
    field: str | None = None
    agency: str | None = None
    level: Level | None = None
    online: Literal["any", "full", "partial", "none"] | None = None
    page: int = PydanticField(1, ge=1, le=10000)
    page_size: int = PydanticField(20, ge=1, le=selectors.MAX_PAGE_SIZE)


# --- Helpers ------------------------------------------------------------------------------


_URL_PLACEHOLDER = "0.PLACEHOLDER"


@functools.lru_cache(maxsize=1)
def _procedure_url_template() -> str:
    """The portal page URL with a placeholder code (reversed once: reverse() is slow)."""
    try:
        return reverse("portal:procedure", kwargs={"code": _URL_PLACEHOLDER})
    except NoReverseMatch:
        return f"/api/v1/procedures/{_URL_PLACEHOLDER}"


def _procedure_url(code: str) -> str:
    """The citizen portal page of the procedure."""
    return _procedure_url_template().replace(_URL_PLACEHOLDER, quote(code, safe=".-_"))


def _cn(unit: Any) -> dict[str, str] | None:
    return None if unit is None else {"code": unit.code, "name": unit.name}


def _tl(value: int, unit: str) -> dict[str, Any] | None:
    if not unit:
        return None
    return {"value": value, "unit": unit, "text": format_time_limit(value, unit)}


def _summary(hit: SearchHit) -> dict[str, Any]:
    return {
        "code": hit.code,
        "local_code": hit.local_code,
        "name": hit.name,
        "field": {"code": hit.field_code, "name": hit.field_name},
        "level": hit.level,
        "agency": {"code": hit.agency_code, "name": hit.agency_name} if hit.agency_code else None,
        "time_limit": _tl(hit.time_limit_value, hit.time_limit_unit),
        "online": hit.online_level,
        "url": _procedure_url(hit.code),
    }


def _decision(d: Any) -> dict[str, Any] | None:
    if d is None:
        return None
    return {
        "number": d.number,
        "date": d.decision_date,
        "issuer": d.issuer,
        "effective_date": d.effective_date,
    }


def _detail(v: ProcedureVersion) -> dict[str, Any]:
    code = v.procedure.national_code
    cases = {c.pk: c.code for c in v.cases.all()}
    forms = {f.pk: f.filename for f in v.forms.all()}
    return {
        "code": code,
        "version_no": v.version_no,
        "status": v.status,
        "effective_from": v.effective_from,
        "effective_to": v.effective_to,
        "abolished_from": v.procedure.abolished_from,
        "decision": _decision(v.decision),
        "local_code": v.local_code,
        "name": v.name,
        "field": {"code": v.field.code, "name": v.field.name},
        "level": v.level,
        "implementing_agency": _cn(v.implementing_agency),
        "deciding_agency": _cn(v.deciding_agency),
        "lead_agency": _cn(v.lead_agency),
        "cooperating_agencies": [_cn(u) for u in v.cooperating_agencies.all()],
        "applicant_types": v.applicant_types,
        "channels": v.channels,
        "online_level": v.online_level,
        "time_limit": _tl(v.time_limit_value, v.time_limit_unit),
        "after_cutoff_next_day": v.after_cutoff_next_day,
        "steps": v.steps,
        "conditions": v.conditions,
        "result": {
            "name": v.result_name,
            "paper": v.result_paper,
            "electronic": v.result_electronic,
        },
        "legal_basis": [
            {"number": lb.get("number", ""), "date": lb.get("date"), "title": lb.get("title", "")}
            for lb in v.legal_basis
        ],
        "forms": [
            {"name": f.name, "filename": f.filename, "has_file": bool(f.file)}
            for f in v.forms.all()
        ],
        "cases": [
            {
                "code": c.code,
                "name": c.name,
                "time_limit": _tl(c.time_limit_value, c.time_limit_unit),
            }
            for c in v.cases.all()
        ],
        "documents": [
            {
                "id": d.pk,
                "name": d.name,
                "originals": d.originals,
                "copies": d.copies,
                "mandatory": d.mandatory,
                "reusable": d.reusable,
                "case": cases.get(d.case_id) if d.case_id else None,
                "form": forms.get(d.form_id) if d.form_id else None,
            }
            for d in v.documents.all()
        ],
        "fees": [
            {
                "name": f.name,
                "amount": f.amount,
                "basis": f.basis,
                "case": cases.get(f.case_id) if f.case_id else None,
                "exemptions": [
                    {"name": e.name, "legal_ground": e.legal_ground} for e in f.exemptions.all()
                ],
            }
            for f in v.fees.all()
        ],
        "eform": [
            {
                "name": e.name,
                "label": e.label,
                "type": e.type,
                "required": e.required,
                "choices": e.choices,
                "pattern": e.pattern,
            }
            for e in v.eform_fields.all()
        ],
        "process": [
            {
                "order": s.order,
                "role": s.role,
                "agency": _cn(s.agency),
                "unit": _cn(s.unit),
                "budget_hours": float(s.budget_hours),
                "description": s.description,
                "case": cases.get(s.case_id) if s.case_id else None,
            }
            for s in v.process_steps.all()
        ],
        "url": _procedure_url(code),
    }


def _require_editor(request: HttpRequest) -> Any:
    user = request.user
    on = today()
    if not any(user_has_role(user, role, on=on) for role in EDITOR_ROLES):
        raise NotAllowed(
            "Chỉ cán bộ kiểm soát TTHC hoặc quản trị hệ thống được sửa danh mục.", field="token"
        )
    return user


def _decision_from(data: DecisionIn, *, by: Any, at: dt.datetime) -> Any:
    return services.decision_create(
        number=data.number,
        decision_date=data.date,
        issuer=data.issuer,
        effective_date=data.effective_date,
        by=by,
        at=at,
    )


def _prefixed(exc: InvalidInput, prefix: str) -> InvalidInput:
    """The same error with its fields placed under `prefix` (e.g. procedure.fees[0].amount)."""
    errors = exc.details.get("errors")
    if isinstance(errors, list):
        exc.details["errors"] = [
            {"field": f"{prefix}.{e['field']}".rstrip("."), "message": e["message"]} for e in errors
        ]
    if exc.field:
        exc.field = f"{prefix}.{exc.field}"
    return exc


def _json_body(model: Schema) -> dict[str, Any]:
    return json.loads(model.model_dump_json(exclude_unset=True))


# --- Public reads -------------------------------------------------------------------------


@router.get(
    "/procedures",
    response={200: ProcedureList, 422: ErrorOut},
    summary="Tìm thủ tục hành chính",
    description=(
        "Tìm không phân biệt dấu và hoa thường (đ = d), xếp theo mức liên quan: trùng mã, "
        "tên bắt đầu bằng cụm từ, tên chứa cụm từ, còn lại. Lọc theo lĩnh vực (mã), cơ quan "
        "(mã định danh), cấp, mức trực tuyến (any = một phần hoặc toàn trình)."
    ),
)
def procedure_list(request: HttpRequest, filters: Query[SearchQuery]) -> HttpResponse:
    page = selectors.procedure_search(
        filters.q,
        field=filters.field or None,
        agency=filters.agency or None,
        level=filters.level,
        online=filters.online,
        page=filters.page,
        page_size=filters.page_size,
    )
    body = {
        "count": page.count,
        "page": page.page,
        "page_size": page.page_size,
        "items": [_summary(hit) for hit in page.items],
    }
    # Built from plain values that match ProcedureList (the schema documents it; the API
    # tests check it): re-validating every search's output would double its cost.
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )


@router.get(
    "/procedures/{code}",
    response={200: ProcedureDetail, 404: ErrorOut},
    summary="Chi tiết thủ tục",
    description=(
        "Phiên bản đang có hiệu lực với đầy đủ các bộ phận công bố; `on=YYYY-MM-DD` cho phiên "
        "bản có hiệu lực vào ngày đó (404 nếu thủ tục đã bị bãi bỏ hoặc chưa có hiệu lực vào "
        "ngày đó). Thủ tục đã bãi bỏ vẫn xem được (không có `on`): trạng thái abolished."
    ),
)
def procedure_detail(request: HttpRequest, code: str, on: dt.date | None = None) -> dict[str, Any]:
    if on is not None:
        version = selectors.version_in_force(code, on)
    else:
        version = selectors.version_readable(code, today())
    return _detail(version)


@router.get("/fields", response=list[FieldOut], summary="Lĩnh vực")
def field_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"code": f.code, "name": f.name, "procedure_count": f.procedure_count}  # type: ignore[attr-defined]
        for f in selectors.fields_with_counts()
    ]


# --- Staff writes -------------------------------------------------------------------------


@router.post(
    "/procedures",
    auth=BearerToken(),
    response={201: ProcedureDetail, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Công bố thủ tục mới",
)
def procedure_publish(request: HttpRequest, body: PublishIn) -> Status[dict[str, Any]]:
    user = _require_editor(request)
    at = now()
    raw = _json_body(body.procedure)
    try:
        data = services.procedure_data_from_dict(raw)
    except InvalidInput as exc:
        raise _prefixed(exc, "procedure") from exc
    decision = _decision_from(body.decision, by=user, at=at)
    version = services.procedure_publish(data=data, decision=decision, by=user, at=at)
    return Status(
        201, _detail(selectors.latest_version(version.procedure.national_code) or version)
    )


@router.post(
    "/procedures/{code}/amend",
    auth=BearerToken(),
    response={201: ProcedureDetail, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Sửa đổi, bổ sung thủ tục (phiên bản mới)",
    description="Phiên bản mới có hiệu lực từ ngày hiệu lực của quyết định; phiên bản trước kết "
    "thúc vào ngày hôm trước. Bộ phận không gửi được giữ nguyên.",
)
def procedure_amend(request: HttpRequest, code: str, body: AmendIn) -> Status[dict[str, Any]]:
    user = _require_editor(request)
    selectors.procedure_get(code)
    at = now()
    decision = _decision_from(body.decision, by=user, at=at)
    try:
        version = services.procedure_amend(
            national_code=code, decision=decision, changes=_json_body(body.changes), by=user, at=at
        )
    except InvalidInput as exc:
        raise _prefixed(exc, "changes") from exc
    full = selectors.with_all_parts(ProcedureVersion.objects.filter(pk=version.pk)).get()
    return Status(201, _detail(full))


@router.post(
    "/procedures/{code}/abolish",
    auth=BearerToken(),
    response={200: AbolishedOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Bãi bỏ thủ tục",
    description="Từ ngày bãi bỏ thủ tục không tiếp nhận hồ sơ; các phiên bản vẫn tra cứu được.",
)
def procedure_abolish(request: HttpRequest, code: str, body: AbolishIn) -> dict[str, Any]:
    user = _require_editor(request)
    selectors.procedure_get(code)
    at = now()
    decision = _decision_from(body.decision, by=user, at=at)
    procedure: Procedure = services.procedure_abolish(
        national_code=code,
        decision=decision,
        by=user,
        at=at,
        effective_from=body.effective_from,
    )
    return {
        "code": procedure.national_code,
        "abolished_from": procedure.abolished_from,
        "decision": _decision(decision),
    }


@router.post(
    "/catalog/import",
    auth=BearerToken(),
    response={
        200: ImportSummaryOut,
        202: ImportJobOut,
        403: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    summary="Nhập danh mục (JSON hoặc Excel)",
    description=(
        "Gửi tệp `file` (.json hoặc .xlsx) dạng multipart/form-data, hoặc nội dung JSON "
        '"motcua.catalog/1" trong thân yêu cầu (application/json). Toàn bộ tệp được kiểm '
        "tra trước: nếu có lỗi thì không nhập gì và trả 422 liệt kê từng lỗi (dòng, cột). "
        "`background=true` (chỉ với tệp) chạy nền và trả 202 với mã lượt nhập để theo dõi."
    ),
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                        "required": ["file"],
                    }
                },
                "application/json": {
                    "schema": {"type": "object", "description": "motcua.catalog/1"}
                },
            }
        }
    },
)
def catalog_import(request: HttpRequest, background: bool = False, replace: bool = False) -> Any:
    user = _require_editor(request)
    at = now()
    content_type = request.content_type or ""
    if content_type.startswith("multipart/"):
        upload = request.FILES.get("file")
        if upload is None:
            raise InvalidInput("Thiếu tệp nhập (trường file).", field="file")
        if background:
            job = services.import_job_start(file=upload, by=user, at=at)
            job.refresh_from_db()
            return Status(202, _job(job))
        summary = import_file(
            content=upload.read(), filename=upload.name or "", by=user, at=at, replace=replace
        )
        return Status(200, summary.as_dict())
    if content_type == "application/json":
        try:
            raw = json.loads(request.body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InvalidInput("Nội dung JSON không hợp lệ.", field="body") from exc
        summary = import_dict(raw, by=user, at=at, replace=replace)
        return Status(200, summary.as_dict())
    raise InvalidInput(
        "Gửi tệp dạng multipart/form-data (trường file) hoặc JSON (application/json).",
        field="body",
    )


def _job(job: ImportJob) -> dict[str, Any]:
    return {
        "id": job.pk,
        "status": job.status,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "errors": job.errors,
        "summary": job.summary,
    }


@router.get(
    "/catalog/import/{job_id}",
    auth=BearerToken(),
    response={200: ImportJobOut, 403: ErrorOut, 404: ErrorOut},
    summary="Tiến độ một lượt nhập danh mục",
)
def import_job_detail(request: HttpRequest, job_id: int) -> dict[str, Any]:
    _require_editor(request)
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        raise NotFound(f"Không có lượt nhập số {job_id}.", field="job_id")
    return _job(job)


@router.get(
    "/catalog/completeness",
    auth=BearerToken(),
    response={200: list[CompletenessOut], 403: ErrorOut},
    summary="Thủ tục thiếu bộ phận bắt buộc công bố hoặc quy trình vượt thời hạn",
)
def completeness(request: HttpRequest) -> list[dict[str, Any]]:
    _require_editor(request)
    return [
        {
            "code": i.national_code,
            "name": i.name,
            "missing": i.missing,
            "process_problems": i.process_problems,
        }
        for i in selectors.completeness_report()
    ]
