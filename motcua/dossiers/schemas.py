"""Input and output schemas of the dossier API (django-ninja / pydantic)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from motcua.core.clock import VN_TZ

Str200 = Field(default="", max_length=200)
BIG = 2**53  # upper bound of ids and counts accepted (they reach the database)


def _clean_input(value: Any) -> Any:
    """NUL characters cannot be stored (PostgreSQL refuses them): drop them everywhere;
    naive datetimes are read as Vietnam time."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {k: _clean_input(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_input(v) for v in value]
    return value


class Out(BaseModel):
    """Base of the answers: plain pydantic models, validated in pydantic's core (a ninja
    Schema wraps every nested value for attribute access, which costs a reception's answer
    about a millisecond). Built from dicts or, with `from_attributes`, objects."""

    model_config = ConfigDict(from_attributes=True)


class In(BaseModel):
    """Base of every input schema: plain pydantic models, as the answers (`Out`); a body is
    always a dict, so ninja's Schema wrapper for attribute access only costs time."""

    @field_validator("*", mode="before")
    @classmethod
    def _clean(cls, value: Any) -> Any:
        return _clean_input(value)

    @model_validator(mode="after")
    def _aware(self) -> In:
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, dt.datetime) and value.tzinfo is None:
                object.__setattr__(self, name, value.replace(tzinfo=VN_TZ))
        return self


class ApplicantIn(In):
    kind: Literal["individual", "organization"] = "individual"
    full_name: str = Field(max_length=255, description="Họ tên (cá nhân) hoặc tên tổ chức")
    citizen_id: str = Field(default="", max_length=20, description="Số định danh cá nhân, 12 số")
    date_of_birth: dt.date | None = None
    tax_code: str = Field(default="", max_length=20, description="Mã số thuế 10 hoặc 13 số")
    legal_representative: str = Str200
    address: str = Field(default="", max_length=500)
    phone: str = Field(default="", max_length=20)
    email: str = Field(default="", max_length=254)
    rep_full_name: str = Field(default="", max_length=200, description="Người được ủy quyền")
    rep_citizen_id: str = Field(default="", max_length=20)
    rep_phone: str = Field(default="", max_length=20)
    rep_address: str = Field(default="", max_length=500)
    mandate: str = Field(default="", max_length=300, description="Văn bản ủy quyền")


class FileIn(In):
    filename: str = Field(max_length=200)
    content_base64: str = Field(max_length=30_000_000)


class DocumentIn(In):
    required_document_id: int | None = Field(default=None, ge=1, le=BIG)
    name: str = Field(default="", max_length=1000)
    originals: int | None = Field(default=None, ge=0, le=100)
    copies: int | None = Field(default=None, ge=0, le=100)
    provided: bool = True
    file: FileIn | None = None


class MissingItemIn(In):
    name: str = Field(max_length=1000)
    reason: str = Field(default="", max_length=1000)


class ReceptionIn(In):
    procedure_code: str = Field(max_length=40, description="Mã thủ tục, ví dụ 1.001193")
    case_code: str = Field(default="", max_length=30)
    receiving_unit: str = Field(
        default="",
        max_length=35,
        description="Mã đơn vị tiếp nhận; bỏ trống nếu cán bộ chỉ tiếp nhận tại một nơi",
    )
    channel: Literal["counter", "post"] = "counter"
    applicant: ApplicantIn
    documents: list[DocumentIn] = Field(default_factory=list, max_length=100)
    sets_count: int = Field(default=1, ge=1, le=50)
    outcome: Literal["receive", "supplement", "refuse", "same_day"] = Field(
        default="receive",
        description="receive: tiếp nhận; supplement: hướng dẫn bổ sung; refuse: từ chối; "
        "same_day: giải quyết và trả ngay",
    )
    missing_items: list[MissingItemIn] = Field(default_factory=list, max_length=100)
    refusal_reasons: list[str] = Field(default_factory=list, max_length=50)
    result_number: str = Field(default="", max_length=100)


class OnlineIn(In):
    procedure_code: str = Field(max_length=40)
    case_code: str = Field(default="", max_length=30)
    receiving_unit: str = Field(max_length=35)
    applicant: ApplicantIn
    documents: list[DocumentIn] = Field(default_factory=list, max_length=100)
    sets_count: int = Field(default=1, ge=1, le=50)


class VersionIn(In):
    version: int = Field(ge=1, le=BIG, description="Phiên bản hồ sơ đã đọc (khóa lạc quan)")


class AssignIn(VersionIn):
    assignee: str = Field(max_length=150, description="Tên đăng nhập người được phân công")
    note: str = Field(default="", max_length=1000)


class TransferIn(VersionIn):
    note: str = Field(default="", max_length=2000)
    to_user: str = Field(default="", max_length=150)


class SendBackIn(VersionIn):
    to_order: int = Field(ge=1, le=100)
    reason: str = Field(max_length=2000)


class ForwardIn(VersionIn):
    to_agency: str = Field(max_length=35)
    to_unit: str = Field(default="", max_length=35)
    role: Literal["specialist", "unit_head", "agency_leader"] = "specialist"
    budget_hours: float = Field(default=8, gt=0, le=2000)
    task: str = Field(default="", max_length=1000)


class ConsultIn(VersionIn):
    unit: str = Field(max_length=35)
    question: str = Field(max_length=2000)
    due_at: dt.datetime | None = None
    days: int = Field(default=0, ge=0, le=60)


class ConsultAnswerIn(VersionIn):
    consult_id: int = Field(ge=1, le=BIG)
    opinion: str = Field(max_length=4000)


class FieldCheckIn(VersionIn):
    checked_at: dt.datetime
    place: str = Field(max_length=500)
    participants: list[str] = Field(max_length=50)
    findings: str = Field(default="", max_length=4000)


class SupplementIn(VersionIn):
    items: list[MissingItemIn] = Field(max_length=100)
    reason: str = Field(default="", max_length=2000)
    override_reason: str = Field(default="", max_length=2000)


class SupplementAtDeskIn(VersionIn):
    items: list[MissingItemIn] = Field(max_length=100)
    reason: str = Field(default="", max_length=2000)


class ReceiveSupplementIn(VersionIn):
    documents: list[DocumentIn] = Field(default_factory=list, max_length=100)
    note: str = Field(default="", max_length=2000)


class ObligationIn(VersionIn):
    reason: str = Field(max_length=2000)
    amount: int | None = Field(default=None, ge=0, le=10**13)


class ObligationPaidIn(VersionIn):
    reference: str = Field(default="", max_length=200)


class RefuseIn(VersionIn):
    reasons: list[str] = Field(max_length=50)
    number: str = Field(default="", max_length=100)
    signed_by: str = Field(default="", max_length=200)
    document: FileIn | None = None


class RefuseAtDeskIn(VersionIn):
    reasons: list[str] = Field(max_length=50)


class ApologyIn(VersionIn):
    reason: str = Field(max_length=2000)
    new_due_at: dt.datetime
    signer: str = Field(default="", max_length=200)


class WithdrawalIn(VersionIn):
    reason: str = Field(default="", max_length=2000)


class ResultIn(VersionIn):
    number: str = Field(default="", max_length=100)
    summary: str = Field(default="", max_length=4000)
    signed_by: str = Field(default="", max_length=200)
    signed_at: dt.datetime | None = None
    document: FileIn | None = None


class ReturnIn(VersionIn):
    how: Literal["counter", "post", "electronic"] = "counter"
    collector_id: str = Field(default="", max_length=20)
    collector_name: str = Field(default="", max_length=200)
    mandate: str = Field(default="", max_length=300)
    note: str = Field(default="", max_length=500)


# --- Output ------------------------------------------------------------------------------------


class CodeName(Out):
    code: str
    name: str


class ApplicantOut(Out):
    kind: str
    full_name: str
    citizen_id: str
    date_of_birth: dt.date | None
    tax_code: str
    legal_representative: str
    address: str
    phone: str
    email: str
    rep_full_name: str
    rep_citizen_id: str
    mandate: str


class DocumentOut(Out):
    id: int
    required_document_id: int | None
    name: str
    mandatory: bool
    originals: int
    copies: int
    provided: bool
    has_file: bool


class StepOut(Out):
    id: int
    order: int
    kind: str
    role: str
    agency: CodeName | None
    unit: CodeName
    assignee: str
    planned_due_at: dt.datetime | None
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    timeliness: str
    note: str


class DossierSummary(Out):
    code: str
    status: str
    status_text: str
    channel: str
    procedure: CodeName
    applicant: str
    receiving_unit: CodeName
    current_unit: CodeName | None
    current_role: str
    current_assignee: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    overdue: bool
    version: int


class DossierOut(DossierSummary):
    citizen_status_text: str
    portal_status: int | None
    channel_portal_code: int
    rule_set: str
    case: CodeName | None
    lead_agency: CodeName | None
    time_limit: str
    sets_count: int
    submitted_at: dt.datetime | None
    clock_start_at: dt.datetime | None
    original_due_at: dt.datetime | None
    apology_count: int
    finished_at: dt.datetime | None
    result_kind: str
    timeliness: str
    returned_at: dt.datetime | None
    returned_how: str
    collector_name: str
    open_consults: int
    allowed_actions: list[str]
    applicant_detail: ApplicantOut
    documents: list[DocumentOut]
    steps: list[StepOut]


class ReceivedOut(DossierOut):
    secret: str = Field(description="Mã tra cứu cho công dân (in trên giấy tiếp nhận)")


class DossierPage(Out):
    items: list[DossierSummary]
    page: int
    total: int


class InboxOut(Out):
    box: str
    page: int
    has_next: bool
    items: list[DossierSummary]


class TimelineOut(Out):
    at: dt.datetime
    action: str
    label: str
    text: str
    actor: str
    status: str


class MaskedApplicant(Out):
    name: str
    id_number: str
    phone: str
    email: str
    address: str


class ApologyOut(Out):
    at: dt.datetime
    reason: str
    new_due_at: dt.datetime


class PublicTimeline(Out):
    at: dt.datetime
    label: str
    text: str
    status: str


class LookupOut(Out):
    code: str
    status: str
    status_text: str
    procedure: str
    receiving_unit: str
    submitted_at: dt.datetime | None
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    overdue: bool
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None
    result: str
    apology: ApologyOut | None
    applicant: MaskedApplicant
    timeline: list[PublicTimeline]


class ErrorOut(Out):
    detail: str
