"""Dossier API (token auth), mounted at /api/v1/:

- POST /dossiers                         reception at the counter/post (outcome: receive,
                                         supplement, refuse, same_day); Idempotency-Key honoured
- POST /dossiers/online                  an online submission (status submitted)
- GET  /dossiers?status=&unit=&due_before=&q=&page=
- GET  /dossiers/{code}                  detail (personal data: the read is logged)
- POST /dossiers/{code}/<action>         one per transition; the body carries `version`
- GET  /dossiers/{code}/timeline?audience=staff|citizen
- GET  /dossiers/{code}/slips/{kind}.pdf receipt, supplement, refusal, apology, stop, control
- GET  /inbox?box=todo|due_soon|overdue|waiting&page=
- GET  /units/{code}/tracking-book.pdf|.xlsx?year=&field=
- GET  /lookup/{code}?secret=            public, masked, rate-limited per IP

Errors: 422 bad input (field named), 409 wrong state (with allowed_actions) or stale
version, 403 not allowed, 404 unknown or outside the caller's units, 429 too many look-ups.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any, cast

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from ninja import Status as Reply
from pydantic import Field
from pydantic_core import to_jsonable_python

from motcua.accounts.auth import BearerToken
from motcua.accounts.models import User
from motcua.accounts.selectors import units_visible_to
from motcua.catalog.selectors import format_time_limit
from motcua.core.clock import local, now
from motcua.core.errors import DomainError, InvalidInput, NotFound
from motcua.core.rows import insert_rows
from motcua.documents import hooks as document_hooks
from motcua.dossiers import selectors, services, slips
from motcua.dossiers.models import (
    Channel,
    Dossier,
    DossierDocument,
    DossierStep,
    IdempotencyRecord,
)
from motcua.dossiers.schemas import (
    ApologyIn,
    AssignIn,
    ConsultAnswerIn,
    ConsultIn,
    DocumentIn,
    DossierOut,
    DossierPage,
    FieldCheckIn,
    FileIn,
    ForwardIn,
    In,
    InboxOut,
    LookupOut,
    ObligationIn,
    ObligationPaidIn,
    OnlineIn,
    ReceivedOut,
    ReceiveSupplementIn,
    ReceptionIn,
    RefuseAtDeskIn,
    RefuseIn,
    ResultIn,
    ReturnIn,
    SendBackIn,
    SupplementAtDeskIn,
    SupplementIn,
    TimelineOut,
    TransferIn,
    VersionIn,
    WithdrawalIn,
)
from motcua.dossiers.workflow import CLOCK_RUNNING, Status, allowed_actions
from motcua.organization.models import Unit

router = Router(tags=["hồ sơ"], auth=BearerToken())

MAX_FILE_BYTES = 20 * 1024 * 1024


# --- Helpers -------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    return cast(User, request.auth)  # type: ignore[attr-defined]


def _p(value: str) -> str:
    """A path or query parameter as searched: no NUL (PostgreSQL refuses it), bounded."""
    return value.replace("\x00", "").strip()[:200]


def _unit(code: str, field: str) -> Unit:
    unit = Unit.objects.filter(code=_p(code)).first()
    if unit is None:
        raise InvalidInput(f"Không có đơn vị mã “{code}”.", field=field)
    return unit


def _username(username: str, field: str) -> User:
    user = User.objects.filter(username=_p(username), is_active=True).first()
    if user is None:
        raise InvalidInput(f"Không có người dùng “{username}”.", field=field)
    return user


def _file(data: FileIn | None, field: str) -> ContentFile[bytes] | None:
    if data is None:
        return None
    try:
        content = base64.b64decode(data.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput("Nội dung tệp phải mã hóa base64.", field=field) from None
    if not content:
        raise InvalidInput("Tệp rỗng.", field=field)
    if len(content) > MAX_FILE_BYTES:
        raise InvalidInput("Tệp quá lớn (tối đa 20 MB).", field=field)
    name = data.filename.replace("/", "_").replace("\\", "_").strip() or "tep"
    return ContentFile(content, name=name[:150])


def _documents(items: list[DocumentIn]) -> list[services.DocumentInput]:
    return [
        services.DocumentInput(
            required_document_id=d.required_document_id,
            name=d.name,
            originals=d.originals,
            copies=d.copies,
            provided=d.provided,
            file=_file(d.file, f"documents.{i}.file"),
        )
        for i, d in enumerate(items)
    ]


def _code_name(unit: Unit | None) -> dict[str, str] | None:
    return {"code": unit.code, "name": unit.name} if unit is not None else None


def _utc(value: Any) -> Any:
    """Datetimes in UTC everywhere in the output (objects fresh from the services may carry
    the Vietnam offset; rows read back carry UTC)."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC)
    if isinstance(value, dict):
        return {k: _utc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_utc(v) for v in value]
    return value


def _summary(d: Dossier, at: dt.datetime) -> dict[str, Any]:
    return _utc(
        {
            "code": d.code,
            "status": d.status,
            "status_text": str(Status(d.status).label),
            "channel": d.channel,
            "procedure": {"code": d.procedure_version.code, "name": d.procedure_version.name},
            "applicant": d.applicant.full_name,
            "receiving_unit": _code_name(d.receiving_unit),
            "current_unit": _code_name(d.current_step_unit),
            "current_role": d.current_step_role,
            "current_assignee": str(d.current_assignee) if d.current_assignee_id else "",
            "received_at": d.received_at,
            "due_at": d.due_at,
            "overdue": bool(d.due_at and d.status in CLOCK_RUNNING and d.due_at < at),
            "version": d.version,
        }
    )


def _detail(d: Dossier, at: dt.datetime, *, reload: bool = True) -> dict[str, Any]:
    """The full description of a dossier. A dossier just created by this request is
    described from memory (`reload=False`); otherwise it is read back in five queries."""
    if reload:
        d = (
            Dossier.objects.select_related(
                "applicant",
                "procedure_version__procedure",
                "case",
                "receiving_unit",
                "lead_agency",
                "current_step_unit",
                "current_assignee",
            )
            .prefetch_related(
                Prefetch(
                    "steps",
                    queryset=DossierStep.objects.select_related(
                        "unit", "agency", "assignee"
                    ).order_by("order", "pk"),
                ),
                Prefetch("documents", queryset=DossierDocument.objects.order_by("pk")),
            )
            .get(pk=d.pk)
        )
    steps = sorted(d.steps.all(), key=lambda s: (s.order, s.pk or 0))
    documents = list(d.documents.all())
    a = d.applicant
    return _utc(
        {
            **_summary(d, at),
            "citizen_status_text": d.citizen_status_text,
            "portal_status": d.portal_status_code,
            "channel_portal_code": d.channel_portal_code,
            "rule_set": d.rule_set,
            "case": {"code": d.case.code, "name": d.case.name} if d.case else None,
            "lead_agency": _code_name(d.lead_agency),
            "time_limit": format_time_limit(d.time_limit_value, d.time_limit_unit),
            "sets_count": d.sets_count,
            "submitted_at": d.submitted_at,
            "clock_start_at": d.clock_start_at,
            "original_due_at": d.original_due_at,
            "apology_count": d.apology_count,
            "finished_at": d.finished_at,
            "result_kind": d.result_kind,
            "timeliness": d.timeliness,
            "returned_at": d.returned_at,
            "returned_how": d.returned_how,
            "collector_name": d.collector_name,
            "open_consults": d.open_consults,
            "allowed_actions": allowed_actions(d.status),
            "applicant_detail": {
                "kind": a.kind,
                "full_name": a.full_name,
                "citizen_id": a.citizen_id,
                "date_of_birth": a.date_of_birth,
                "tax_code": a.tax_code,
                "legal_representative": a.legal_representative,
                "address": a.address,
                "phone": a.phone,
                "email": a.email,
                "rep_full_name": a.rep_full_name,
                "rep_citizen_id": a.rep_citizen_id,
                "mandate": a.mandate,
            },
            "documents": [
                {
                    "id": doc.pk,
                    "required_document_id": doc.required_document_id,
                    "name": doc.name,
                    "mandatory": doc.mandatory,
                    "originals": doc.originals,
                    "copies": doc.copies,
                    "provided": doc.provided,
                    "has_file": bool(doc.file),
                }
                for doc in documents
            ],
            "steps": [
                {
                    "id": s.pk,
                    "order": s.order,
                    "kind": s.kind,
                    "role": s.role,
                    "agency": _code_name(s.agency),
                    "unit": _code_name(s.unit),
                    "assignee": str(s.assignee) if s.assignee_id else "",
                    "planned_due_at": s.planned_due_at,
                    "started_at": s.started_at,
                    "finished_at": s.finished_at,
                    "timeliness": s.timeliness,
                    "note": s.note,
                }
                for s in steps
            ],
        }
    )


def _jsonable(body: dict[str, Any]) -> dict[str, Any]:
    """The answer as JSON values (what is stored for replays, and answered the first time
    too, so both are the same): pydantic's converter, anything unknown as its str()."""
    return cast(dict[str, Any], to_jsonable_python(body, fallback=str))


def _request_hash(endpoint: str, payload: Any) -> str:
    raw = json.dumps({"endpoint": endpoint, "payload": payload}, sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def _replay(record: IdempotencyRecord, digest: str) -> tuple[int, dict[str, Any]]:
    if record.request_hash != digest:
        raise InvalidInput(
            "Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy dùng khóa mới.",
            field="Idempotency-Key",
        )
    return record.response_status, record.response_body


def _idempotent(
    request: HttpRequest,
    *,
    endpoint: str,
    payload: Any,
    run: Callable[[], tuple[int, dict[str, Any]]],
) -> tuple[int, dict[str, Any]]:
    """Run `run` once per (caller, Idempotency-Key): the first successful response is stored
    in the same transaction as the change and replayed on retries; the same key with a
    different request is refused (422). Without the header, `run` simply runs."""
    key = request.headers.get("Idempotency-Key", "").replace("\x00", "").strip()
    if not key:
        return run()
    if len(key) > 200:
        raise InvalidInput("Idempotency-Key quá dài (tối đa 200 ký tự).", field="Idempotency-Key")
    user = _user(request)
    digest = _request_hash(endpoint, payload)
    # No look-up first: a retry runs again and rolls back, for the unique (caller, key)
    # refuses its record, or the change refuses to happen twice (409 and the like). Only
    # then is the first answer read and replayed. Retries are rare; every first request
    # saves a query. (Files a rolled-back retry stored stay unreferenced in the storage.)
    try:
        with transaction.atomic():
            status, body = run()
            body = _jsonable(body)
            insert_rows(
                [
                    IdempotencyRecord(
                        key=key,
                        actor=user,
                        endpoint=endpoint,
                        request_hash=digest,
                        response_status=status,
                        response_body=body,
                        created_at=now(),
                    )
                ]
            )
    except (IntegrityError, DomainError):
        record = IdempotencyRecord.objects.filter(actor=user, key=key).first()
        if record is None:
            raise
        return _replay(record, digest)
    return status, body


def idempotent(
    request: HttpRequest,
    *,
    endpoint: str,
    payload: Any,
    run: Callable[[], tuple[int, dict[str, Any]]],
) -> Reply[dict[str, Any]]:
    return Reply(*_idempotent(request, endpoint=endpoint, payload=payload, run=run))


# --- Reception -----------------------------------------------------------------------------


@router.post(
    "/dossiers",
    response={201: ReceivedOut, 200: ReceivedOut},
    summary="Tiếp nhận hồ sơ tại quầy / qua bưu chính",
    description="Một trong bốn kết quả (outcome): receive (tiếp nhận, cấp mã và hẹn trả), "
    "supplement (hướng dẫn bổ sung, liệt kê đủ các nội dung), refuse (từ chối tiếp nhận), "
    "same_day (giải quyết và trả ngay). Hỗ trợ tiêu đề Idempotency-Key.",
)
def dossier_create(request: HttpRequest, payload: ReceptionIn) -> Reply[dict[str, Any]]:
    user = _user(request)
    at = now()

    def run() -> tuple[int, dict[str, Any]]:
        reception = services.ReceptionInput(
            procedure_code=payload.procedure_code,
            case_code=payload.case_code,
            receiving_unit=(
                _unit(payload.receiving_unit, "receiving_unit") if payload.receiving_unit else None
            ),
            channel=payload.channel,
            applicant=services.ApplicantInput(**payload.applicant.model_dump()),
            documents=_documents(payload.documents),
            sets_count=payload.sets_count,
        )
        if payload.outcome == "receive":
            d = services.dossier_receive(reception=reception, by=user, at=at)
        elif payload.outcome == "supplement":
            d = services.dossier_request_supplement_at_desk(
                reception=reception,
                items=[
                    services.MissingItem(name=i.name, reason=i.reason)
                    for i in payload.missing_items
                ],
                by=user,
                at=at,
            )
        elif payload.outcome == "refuse":
            d = services.dossier_refuse_at_desk(
                reception=reception, reasons=payload.refusal_reasons, by=user, at=at
            )
        else:
            d = services.dossier_solve_same_day(
                reception=reception, result_number=payload.result_number, by=user, at=at
            )
        return 201, {**_detail(d, at, reload=False), "secret": d.secret}

    return idempotent(
        request, endpoint="dossiers.create", payload=payload.model_dump(mode="json"), run=run
    )


@router.post(
    "/dossiers/online",
    response={201: ReceivedOut, 200: ReceivedOut},
    summary="Nộp hồ sơ trực tuyến (chờ bộ phận một cửa kiểm tra)",
)
def dossier_online(request: HttpRequest, payload: OnlineIn) -> Reply[dict[str, Any]]:
    user = _user(request)
    at = now()

    def run() -> tuple[int, dict[str, Any]]:
        reception = services.ReceptionInput(
            procedure_code=payload.procedure_code,
            case_code=payload.case_code,
            receiving_unit=_unit(payload.receiving_unit, "receiving_unit"),
            channel=Channel.ONLINE,
            applicant=services.ApplicantInput(**payload.applicant.model_dump()),
            documents=_documents(payload.documents),
            sets_count=payload.sets_count,
        )
        d = services.dossier_submit_online(reception=reception, by=user, at=at)
        return 201, {**_detail(d, at, reload=False), "secret": d.secret}

    return idempotent(
        request, endpoint="dossiers.online", payload=payload.model_dump(mode="json"), run=run
    )


# --- Reads ---------------------------------------------------------------------------------


class ListQuery(In):
    status: str = Field(default="", max_length=30)
    unit: str = Field(default="", max_length=35)
    due_before: dt.datetime | None = None
    q: str = Field(default="", max_length=100)
    overdue: bool = False
    page: int = Field(default=1, ge=1, le=500)


@router.get(
    "/dossiers",
    response=DossierPage,
    summary="Danh sách hồ sơ trong phạm vi của bạn",
    description="Mới nhất trước, 20 hồ sơ một trang (page từ 1 đến 500). `total` đếm tối đa "
    f"{selectors.LIST_COUNT_CAP}: nhỏ hơn là số chính xác, bằng {selectors.LIST_COUNT_CAP} "
    f"nghĩa là có từ {selectors.LIST_COUNT_CAP} hồ sơ trở lên.",
)
def dossier_index(request: HttpRequest, filters: Query[ListQuery]) -> dict[str, Any]:
    at = now()
    rows, total = selectors.dossier_list(
        _user(request),
        selectors.DossierFilters(
            status=filters.status,
            unit=filters.unit,
            due_before=filters.due_before,
            q=filters.q,
            overdue=filters.overdue,
        ),
        at=at,
        page=filters.page,
    )
    return {"items": [_summary(d, at) for d in rows], "page": filters.page, "total": total}


class InboxQuery(In):
    box: str = Field(default="todo", max_length=20)
    page: int = Field(default=1, ge=1, le=500)


@router.get("/inbox", response=InboxOut, summary="Hộp hồ sơ: cần xử lý, sắp đến hạn, quá hạn, chờ")
def dossier_inbox(request: HttpRequest, params: Query[InboxQuery]) -> dict[str, Any]:
    at = now()
    result = selectors.inbox(_user(request), params.box, params.page, at=at)
    return {
        "box": result.box,
        "page": result.page,
        "has_next": result.has_next,
        "items": [_summary(d, at) for d in result.items],
    }


@router.get("/dossiers/{code}", response=DossierOut, summary="Chi tiết hồ sơ")
def dossier_detail(request: HttpRequest, code: str) -> dict[str, Any]:
    at = now()
    d = selectors.dossier_get_for_user(code, _user(request), at=at, purpose="api.detail")
    return _detail(d, at)


@router.get(
    "/dossiers/{code}/timeline", response=list[TimelineOut], summary="Tiến trình xử lý hồ sơ"
)
def dossier_timeline(request: HttpRequest, code: str, audience: str = "staff") -> list[Any]:
    at = now()
    d = selectors.dossier_get_for_user(code, _user(request), at=at, purpose="api.timeline")
    return list(selectors.timeline(d, _p(audience)))


@router.get(
    "/dossiers/{code}/slips/{kind}.pdf",
    summary="In phiếu (PDF): receipt, supplement, refusal, apology, stop, control",
    response={200: None},
)
def dossier_slip(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    at = now()
    kind = _p(kind)[:20]
    d = selectors.dossier_get_for_user(code, _user(request), at=at, purpose=f"api.slip.{kind}")
    pdf = slips.dossier_slip_pdf(d, kind)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{d.code}-{kind}.pdf"'
    return response


def _book_unit(request: HttpRequest, code: str) -> Unit:
    at = now()
    unit = Unit.objects.filter(code=_p(code)).first()
    if (
        unit is None
        or not units_visible_to(_user(request), on=local(at).date()).filter(pk=unit.pk).exists()
    ):
        raise NotFound(f"Không tìm thấy đơn vị {code}.", field="code")
    return unit


@router.get(
    "/units/{code}/tracking-book.pdf", summary="Sổ theo dõi hồ sơ (PDF)", response={200: None}
)
def tracking_book_pdf(
    request: HttpRequest, code: str, year: int = 0, field: str = ""
) -> HttpResponse:
    unit = _book_unit(request, code)
    pdf = slips.tracking_book_pdf(unit, year=year or local(now()).year, field_code=_p(field))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="so-theo-doi-{code}.pdf"'
    return response


@router.get(
    "/units/{code}/tracking-book.xlsx", summary="Sổ theo dõi hồ sơ (Excel)", response={200: None}
)
def tracking_book_xlsx(
    request: HttpRequest, code: str, year: int = 0, field: str = ""
) -> HttpResponse:
    unit = _book_unit(request, code)
    data = slips.tracking_book_xlsx(unit, year=year or local(now()).year, field_code=_p(field))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="so-theo-doi-{code}.xlsx"'
    return response


# --- Public look-up -----------------------------------------------------------------------


@router.get(
    "/lookup/{code}",
    auth=None,
    response=LookupOut,
    tags=["tra cứu"],
    summary="Tra cứu hồ sơ bằng mã hồ sơ và mã tra cứu (công khai)",
    description="Sai mã hồ sơ hoặc mã tra cứu đều trả 404; quá 10 lần sai trong 10 phút từ "
    "một địa chỉ trả 429.",
)
def lookup(request: HttpRequest, code: str, secret: str = "") -> dict[str, Any]:
    ip = request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 - a key, not a bind address
    return selectors.lookup(_p(code)[:60], _p(secret)[:40], ip=ip, at=now())


# --- Transitions ---------------------------------------------------------------------------


def _transition(
    request: HttpRequest,
    code: str,
    action: str,
    payload: VersionIn,
    fn: Callable[[Dossier, User, dt.datetime], Dossier],
) -> Reply[dict[str, Any]]:
    user = _user(request)
    at = now()

    def run() -> tuple[int, dict[str, Any]]:
        d = selectors.dossier_get_for_user(code, user, at=at, purpose=f"api.{action}")
        return 200, _detail(fn(d, user, at), at)

    return idempotent(
        request,
        endpoint=f"dossiers.{action}",
        payload={"code": code, **payload.model_dump(mode="json")},
        run=run,
    )


def _post(path: str, summary: str) -> Any:
    return router.post(f"/dossiers/{{code}}/{path}", response={200: DossierOut}, summary=summary)


@_post("accept", "Tiếp nhận hồ sơ trực tuyến")
def accept(request: HttpRequest, code: str, payload: VersionIn) -> Any:
    return _transition(
        request,
        code,
        "accept",
        payload,
        lambda d, u, at: services.dossier_accept_online(
            dossier=d, by=u, at=at, version=payload.version
        ),
    )


@_post("request-supplement-at-desk", "Hướng dẫn bổ sung (trước khi tiếp nhận)")
def request_supplement_at_desk(request: HttpRequest, code: str, payload: SupplementAtDeskIn) -> Any:
    return _transition(
        request,
        code,
        "request_supplement_at_desk",
        payload,
        lambda d, u, at: services.dossier_request_supplement_at_desk(
            dossier=d,
            items=[services.MissingItem(name=i.name, reason=i.reason) for i in payload.items],
            reason=payload.reason,
            by=u,
            at=at,
            version=payload.version,
        ),
    )


@_post("refuse-at-desk", "Từ chối tiếp nhận")
def refuse_at_desk(request: HttpRequest, code: str, payload: RefuseAtDeskIn) -> Any:
    return _transition(
        request,
        code,
        "refuse_at_desk",
        payload,
        lambda d, u, at: services.dossier_refuse_at_desk(
            dossier=d, reasons=payload.reasons, by=u, at=at, version=payload.version
        ),
    )


@_post("claim", "Nhận xử lý bước hiện tại")
def claim(request: HttpRequest, code: str, payload: VersionIn) -> Any:
    return _transition(
        request,
        code,
        "claim",
        payload,
        lambda d, u, at: services.step_claim(dossier=d, by=u, at=at, version=payload.version),
    )


@_post("assign", "Phân công xử lý")
def assign(request: HttpRequest, code: str, payload: AssignIn) -> Any:
    return _transition(
        request,
        code,
        "assign",
        payload,
        lambda d, u, at: services.step_assign(
            dossier=d,
            assignee=_username(payload.assignee, "assignee"),
            note=payload.note,
            by=u,
            at=at,
            version=payload.version,
        ),
    )


@_post("transfer", "Chuyển bước tiếp theo")
def transfer(request: HttpRequest, code: str, payload: TransferIn) -> Any:
    return _transition(
        request,
        code,
        "transfer",
        payload,
        lambda d, u, at: services.step_transfer(
            dossier=d,
            note=payload.note,
            to_user=_username(payload.to_user, "to_user") if payload.to_user else None,
            by=u,
            at=at,
            version=payload.version,
        ),
    )


@_post("send-back", "Trả lại bước trước")
def send_back(request: HttpRequest, code: str, payload: SendBackIn) -> Any:
    return _transition(
        request,
        code,
        "send_back",
        payload,
        lambda d, u, at: services.step_send_back(
            dossier=d,
            to_order=payload.to_order,
            reason=payload.reason,
            by=u,
            at=at,
            version=payload.version,
        ),
    )


@_post("forward", "Chuyển liên thông")
def forward(request: HttpRequest, code: str, payload: ForwardIn) -> Any:
    return _transition(
        request,
        code,
        "forward",
        payload,
        lambda d, u, at: services.dossier_forward(
            dossier=d,
            to_agency=_unit(payload.to_agency, "to_agency"),
            to_unit=_unit(payload.to_unit, "to_unit") if payload.to_unit else None,
            role=payload.role,
            budget_hours=payload.budget_hours,
            task=payload.task,
            by=u,
            at=at,
            version=payload.version,
        ),
    )


@_post("consult", "Xin ý kiến")
def consult(request: HttpRequest, code: str, payload: ConsultIn) -> Any:
    return _transition(
        request,
        code,
        "consult",
        payload,
        lambda d, u, at: services.step_consult(
            dossier=d,
            unit=_unit(payload.unit, "unit"),
            question=payload.question,
            due_at=payload.due_at,
            days=payload.days,
            by=u,
            at=at,
            version=payload.version,
        ),
    )


@_post("consult-answer", "Trả lời xin ý kiến")
def consult_answer(request: HttpRequest, code: str, payload: ConsultAnswerIn) -> Any:
    return _transition(
        request,
        code,
        "consult_answer",
        payload,
        lambda d, u, at: services.step_consult_answer(
            dossier=d,
            consult_id=payload.consult_id,
            opinion=payload.opinion,
            by=u,
            at=at,
            version=payload.version,
        ),
    )


@_post("field-check", "Ghi nhận kiểm tra thực địa")
def field_check(request: HttpRequest, code: str, payload: FieldCheckIn) -> Any:
    return _transition(
        request,
        code,
        "field_check",
        payload,
        lambda d, u, at: services.step_record_field_check(
            dossier=d,
            checked_at=payload.checked_at,
            place=payload.place,
            participants=payload.participants,
            findings=payload.findings,
            by=u,
            at=at,
            version=payload.version,
        ),
    )


@_post("request-supplement", "Yêu cầu bổ sung trong quá trình giải quyết")
def request_supplement(request: HttpRequest, code: str, payload: SupplementIn) -> Any:
    return _transition(
        request,
        code,
        "request_supplement",
        payload,
        lambda d, u, at: services.dossier_request_supplement(
            dossier=d,
            items=[services.MissingItem(name=i.name, reason=i.reason) for i in payload.items],
            reason=payload.reason,
            override_reason=payload.override_reason,
            by=u,
            at=at,
            version=payload.version,
        ),
    )


@_post("receive-supplement", "Nhận hồ sơ bổ sung")
def receive_supplement(request: HttpRequest, code: str, payload: ReceiveSupplementIn) -> Any:
    return _transition(
        request,
        code,
        "receive_supplement",
        payload,
        lambda d, u, at: services.dossier_receive_supplement(
            dossier=d,
            documents=_documents(payload.documents),
            note=payload.note,
            by=u,
            at=at,
            version=payload.version,
        ),
    )


@_post("request-obligation", "Yêu cầu thực hiện nghĩa vụ tài chính")
def request_obligation(request: HttpRequest, code: str, payload: ObligationIn) -> Any:
    return _transition(
        request,
        code,
        "request_obligation",
        payload,
        lambda d, u, at: services.dossier_request_obligation(
            dossier=d,
            reason=payload.reason,
            amount=payload.amount,
            by=u,
            at=at,
            version=payload.version,
        ),
    )


@_post("obligation-paid", "Đã thực hiện nghĩa vụ tài chính")
def obligation_paid(request: HttpRequest, code: str, payload: ObligationPaidIn) -> Any:
    return _transition(
        request,
        code,
        "obligation_paid",
        payload,
        lambda d, u, at: services.dossier_obligation_paid(
            dossier=d, reference=payload.reference, by=u, at=at, version=payload.version
        ),
    )


@_post("refuse", "Từ chối giải quyết (văn bản nêu lý do)")
def refuse(request: HttpRequest, code: str, payload: RefuseIn) -> Any:
    return _transition(
        request,
        code,
        "refuse",
        payload,
        lambda d, u, at: services.dossier_refuse_after_appraisal(
            dossier=d,
            reasons=payload.reasons,
            number=payload.number,
            signed_by=payload.signed_by,
            document=_file(payload.document, "document"),
            by=u,
            at=at,
            version=payload.version,
        ),
    )


@_post("apologize", "Xin lỗi và hẹn lại ngày trả")
def apologize(request: HttpRequest, code: str, payload: ApologyIn) -> Any:
    return _transition(
        request,
        code,
        "apologize",
        payload,
        lambda d, u, at: services.dossier_apologize(
            dossier=d,
            reason=payload.reason,
            new_due_at=payload.new_due_at,
            signer=payload.signer,
            by=u,
            at=at,
            version=payload.version,
        ),
    )


@_post("request-withdrawal", "Ghi nhận đề nghị rút hồ sơ")
def request_withdrawal(request: HttpRequest, code: str, payload: WithdrawalIn) -> Any:
    return _transition(
        request,
        code,
        "request_withdrawal",
        payload,
        lambda d, u, at: services.dossier_request_withdrawal(
            dossier=d, reason=payload.reason, by=u, at=at, version=payload.version
        ),
    )


@_post("stop", "Thông báo dừng giải quyết")
def stop(request: HttpRequest, code: str, payload: VersionIn) -> Any:
    return _transition(
        request,
        code,
        "stop",
        payload,
        lambda d, u, at: services.dossier_stop(dossier=d, by=u, at=at, version=payload.version),
    )


@_post("attach-result", "Đính kèm kết quả giải quyết")
def attach_result(request: HttpRequest, code: str, payload: ResultIn) -> Any:
    return _transition(
        request,
        code,
        "attach_result",
        payload,
        lambda d, u, at: document_hooks.after_result_attached(
            services.dossier_attach_result(
                dossier=d,
                number=payload.number,
                summary=payload.summary,
                signed_by=payload.signed_by,
                signed_at=payload.signed_at,
                document=_file(payload.document, "document"),
                by=u,
                at=at,
                version=payload.version,
            ),
            by=u,
            at=at,
        ),
    )


@_post("return", "Trả kết quả")
def return_result(request: HttpRequest, code: str, payload: ReturnIn) -> Any:
    return _transition(
        request,
        code,
        "return",
        payload,
        lambda d, u, at: document_hooks.after_returned(
            services.dossier_return(
                dossier=d,
                how=payload.how,
                collector_id=payload.collector_id,
                collector_name=payload.collector_name,
                mandate=payload.mandate,
                note=payload.note,
                by=u,
                at=at,
                version=payload.version,
            ),
            at=at,
        ),
    )
