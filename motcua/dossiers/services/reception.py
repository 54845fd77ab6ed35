"""Reception at the one-stop desk: exactly one outcome per dossier checked — receive,
ask to supplement (every missing item at once), or refuse — plus online submission,
the desk's acceptance of an online dossier, and same-day solving at the counter.

Every dossier gets its permanent code when it is first recorded (counter, post or online
submission), so the citizen can look it up from the first slip or message on; the code
never changes. See docs/workflow.md.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django.core.files import File
from django.db import transaction

from motcua.accounts.models import User
from motcua.catalog.models import (
    Case,
    ProcedureVersion,
    RequiredDocument,
    StepRole,
    TimeUnit,
)
from motcua.core.clock import format_dt, local
from motcua.core.errors import InvalidInput
from motcua.core.rows import insert_rows, update_row
from motcua.core.text import clean, fold
from motcua.dossiers.models import (
    Applicant,
    ApplicantKind,
    Channel,
    Dossier,
    DossierDocument,
    DossierStep,
    Refusal,
    Result,
    ResultKind,
    ReturnMethod,
    StepKind,
    Supplement,
)
from motcua.dossiers.outbox import outbox_put_all
from motcua.dossiers.rules import rule_set_for
from motcua.dossiers.services import _common as c
from motcua.dossiers.services.codes import allocate_code, new_secret
from motcua.dossiers.services.versions import version_for_reception
from motcua.dossiers.validators import (
    normalize_citizen_id,
    normalize_email,
    normalize_phone,
    normalize_tax_code,
    require_text,
)
from motcua.dossiers.workflow import Action, Status
from motcua.organization.models import Unit

# --- Inputs ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ApplicantInput:
    """What the desk types about the applicant (and an authorised representative)."""

    kind: str = ApplicantKind.INDIVIDUAL
    full_name: str
    citizen_id: str = ""
    date_of_birth: dt.date | None = None
    tax_code: str = ""
    legal_representative: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    rep_full_name: str = ""
    rep_citizen_id: str = ""
    rep_phone: str = ""
    rep_address: str = ""
    mandate: str = ""


@dataclass(frozen=True, kw_only=True)
class DocumentInput:
    """One document handed in, ticked against a required document (or an extra one)."""

    required_document_id: int | None = None
    name: str = ""
    originals: int | None = None
    copies: int | None = None
    provided: bool = True
    file: File | None = None


@dataclass(frozen=True, kw_only=True)
class ReceptionInput:
    procedure_code: str  # national code, e.g. "1.001193"; the version in force is used
    case_code: str = ""
    # None: the one desk where the officer receives (an error when they receive at several).
    receiving_unit: Unit | None
    channel: str = Channel.COUNTER
    applicant: ApplicantInput
    documents: Sequence[DocumentInput] = ()
    sets_count: int = 1


@dataclass(frozen=True, kw_only=True)
class MissingItem:
    """One item the applicant must add or correct."""

    name: str
    reason: str = ""


# --- Checking the input ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Checked:
    version: ProcedureVersion
    case: Case | None
    applicant: dict[str, object]
    documents: list[DossierDocument]


def _resolve(reception: ReceptionInput, on: dt.date) -> tuple[ProcedureVersion, Case | None]:
    code = (reception.procedure_code or "").strip()
    if not code:
        raise InvalidInput("Chưa chọn thủ tục.", field="procedure_code")
    version = version_for_reception(code, on)
    case: Case | None = None
    if reception.case_code:
        case = next((x for x in version.cases.all() if x.code == reception.case_code), None)
        if case is None:
            raise InvalidInput(
                f"Thủ tục không có trường hợp mã “{reception.case_code}”.", field="case_code"
            )
    if version.channels and reception.channel not in version.channels:
        raise InvalidInput(
            f"Thủ tục này không tiếp nhận {Channel(reception.channel).label.lower()}.",
            field="channel",
        )
    return version, case


def _applicant(a: ApplicantInput, version: ProcedureVersion) -> dict[str, object]:
    if a.kind not in ApplicantKind.values:
        raise InvalidInput("Loại người nộp phải là cá nhân hoặc tổ chức.", field="applicant.kind")
    if version.applicant_types and a.kind not in version.applicant_types:
        raise InvalidInput(
            f"Thủ tục này không áp dụng cho {ApplicantKind(a.kind).label.lower()}.",
            field="applicant.kind",
        )
    fields: dict[str, object] = {
        "kind": a.kind,
        "full_name": require_text(
            a.full_name,
            field="applicant.full_name",
            label="họ và tên" if a.kind == ApplicantKind.INDIVIDUAL else "tên tổ chức",
        ),
        "address": clean(a.address)[:500],
        "phone": normalize_phone(a.phone, field="applicant.phone"),
        "email": normalize_email(a.email, field="applicant.email"),
        "citizen_id": "",
        "date_of_birth": None,
        "tax_code": "",
        "legal_representative": "",
    }
    if a.kind == ApplicantKind.INDIVIDUAL:
        if a.date_of_birth is not None and not (
            dt.date(1900, 1, 1) <= a.date_of_birth <= dt.date(2100, 1, 1)
        ):
            raise InvalidInput("Ngày sinh không hợp lệ.", field="applicant.date_of_birth")
        fields["citizen_id"] = normalize_citizen_id(
            a.citizen_id, field="applicant.citizen_id", date_of_birth=a.date_of_birth
        )
        fields["date_of_birth"] = a.date_of_birth
    else:
        fields["tax_code"] = normalize_tax_code(a.tax_code, field="applicant.tax_code")
        fields["legal_representative"] = clean(a.legal_representative)[:200]
        if a.citizen_id:
            fields["citizen_id"] = normalize_citizen_id(a.citizen_id, field="applicant.citizen_id")
    rep_name = clean(a.rep_full_name)
    if rep_name:
        fields.update(
            rep_full_name=rep_name[:200],
            rep_citizen_id=normalize_citizen_id(a.rep_citizen_id, field="applicant.rep_citizen_id"),
            rep_phone=normalize_phone(a.rep_phone, field="applicant.rep_phone"),
            rep_address=clean(a.rep_address)[:500],
            mandate=require_text(
                a.mandate, field="applicant.mandate", label="văn bản ủy quyền", max_length=300
            ),
        )
    elif a.rep_citizen_id or a.mandate:
        raise InvalidInput("Chưa nhập họ tên người được ủy quyền.", field="applicant.rep_full_name")
    fields["name_folded"] = fold(str(fields["full_name"]))[:255]
    return fields


def _documents(
    items: Sequence[DocumentInput],
    required: list[RequiredDocument],
    at: dt.datetime,
) -> list[DossierDocument]:
    by_id = {r.pk: r for r in required}
    seen: set[int] = set()
    rows: list[DossierDocument] = []
    for i, item in enumerate(items):
        field = f"documents.{i}"
        req = None
        if item.required_document_id is not None:
            req = by_id.get(item.required_document_id)
            if req is None:
                raise InvalidInput(
                    "Giấy tờ không thuộc thành phần hồ sơ của thủ tục (và trường hợp) đã chọn.",
                    field=f"{field}.required_document_id",
                )
            if req.pk in seen:
                raise InvalidInput(
                    f"Thành phần “{req.name}” được khai hai lần.",
                    field=f"{field}.required_document_id",
                )
            seen.add(req.pk)
        name = clean(item.name) or (req.name if req else "")
        if not name:
            raise InvalidInput("Chưa nhập tên giấy tờ.", field=f"{field}.name")
        for attr in ("originals", "copies"):
            value = getattr(item, attr)
            if value is not None and not 0 <= value <= 100:
                raise InvalidInput("Số bản phải từ 0 đến 100.", field=f"{field}.{attr}")
        rows.append(
            DossierDocument(
                required_document=req,
                name=name[:1000],
                mandatory=bool(req and req.mandatory),
                originals=item.originals
                if item.originals is not None
                else (req.originals if req else 0),
                copies=item.copies if item.copies is not None else (req.copies if req else 0),
                provided=item.provided,
                file=item.file or "",
                added_at=at,
            )
        )
    return rows


def missing_mandatory(required: list[RequiredDocument], provided_ids: set[int]) -> list[str]:
    return [r.name for r in required if r.mandatory and r.pk not in provided_ids]


def _raise_missing(names: list[str]) -> None:
    if names:
        listed = "; ".join(f"{i}) {n}" for i, n in enumerate(names, 1))
        raise c.MissingDocuments(
            f"Hồ sơ thiếu {len(names)} thành phần bắt buộc: {listed}.",
            field="documents",
            missing=names,
        )


def _check(reception: ReceptionInput, at: dt.datetime, *, complete: bool) -> _Checked:
    if reception.channel not in Channel.values:
        raise InvalidInput("Kênh tiếp nhận không hợp lệ.", field="channel")
    if not 1 <= reception.sets_count <= 50:
        raise InvalidInput("Số bộ hồ sơ phải từ 1 đến 50.", field="sets_count")
    version, case = _resolve(reception, local(at).date())
    applicant = _applicant(reception.applicant, version)
    required = version.documents_for(case)
    docs = _documents(reception.documents, required, at)
    if complete:
        _raise_missing(
            missing_mandatory(
                required,
                {d.required_document_id for d in docs if d.provided and d.required_document_id},
            )
        )
    return _Checked(version, case, applicant, docs)


# Prefix of the placeholder code a new dossier has until `_give_code` gives it its own.
_PLACEHOLDER = "~"


def _at_desk(reception: ReceptionInput, by: User, at: dt.datetime) -> ReceptionInput:
    """The reception at the desk `by` may receive at: the one it names, or the officer's
    only desk when it names none (see `c.require_desk_unit`)."""
    unit = c.require_desk_unit(by, reception.receiving_unit, at=at)
    if unit is reception.receiving_unit:
        return reception
    return replace(reception, receiving_unit=unit)


# --- Creating and starting -------------------------------------------------------------------


def _lead_agency(version: ProcedureVersion, desk: Unit) -> Unit:
    return version.lead_agency or version.deciding_agency or version.implementing_agency or desk


def _create(
    reception: ReceptionInput,
    checked: _Checked,
    *,
    status: str,
    at: dt.datetime,
    submitted_by: User | None = None,
    received_by: User | None = None,
    link: bool = True,
) -> Dossier:
    """Insert the dossier (under a placeholder code: see `_give_code`), its applicant and
    documents (inside the transaction). With `received_by`, the dossier is inserted received
    by that officer: clock started, due date set, the receiving step's unit, role and
    assignee as its current step (the caller plans the steps: `_start_steps`). Without
    `link`, the caller links the units (once, with the steps' units: see `_plan`)."""
    version = checked.version
    time_value, time_unit = version.time_limit_for(checked.case)
    unit = reception.receiving_unit
    assert unit is not None, "the desk is resolved first (_at_desk)"  # noqa: S101
    d = Dossier(
        code=f"{_PLACEHOLDER}{uuid.uuid4().hex}",
        secret=new_secret(),
        status=status,
        channel=reception.channel,
        rule_set=rule_set_for(at).code,
        procedure_version=version,
        case=checked.case,
        receiving_unit=unit,
        lead_agency=_lead_agency(version, unit),
        time_limit_value=time_value,
        time_limit_unit=time_unit,
        sets_count=reception.sets_count,
        submitted_at=at if reception.channel == Channel.ONLINE else None,
        submitted_by=submitted_by,
        created_at=at,
        updated_at=at,
    )
    if received_by is not None:
        _start_clock(d, by=received_by, at=at)
        d.current_step_unit = unit
        d.current_step_role = StepRole.RECEIVING
        d.current_assignee = received_by
    insert_rows([d])
    applicant = Applicant(dossier=d, **checked.applicant)
    insert_rows([applicant])
    d.applicant = applicant
    for doc in checked.documents:
        doc.dossier = d
    insert_rows(checked.documents)
    _keep_loaded(d, "documents", checked.documents)
    if link:
        c.link_units(d, [d.receiving_unit_id, d.lead_agency_id])
    return d


def _keep_loaded(d: Dossier, name: str, rows: list[DossierDocument] | list[DossierStep]) -> None:
    """Let `d.<name>.all()` answer from the rows just inserted, as a prefetch would (a query
    set whose results are already there; `.filter()` on it still queries), so the API can
    describe a new dossier without reading it back."""
    qs = getattr(d, name).all()
    qs._result_cache = list(rows)
    qs._prefetch_done = True
    d.__dict__.setdefault("_prefetched_objects_cache", {})[name] = qs


def _give_code(d: Dossier, at: dt.datetime) -> None:
    """Give a new dossier its code. The per-desk code counter is locked from here to the
    commit, and every reception at the desk queues on it, so this runs as late as possible:
    the dossier, applicant, documents, steps and the audit event are written before it under
    a unique placeholder code; under the lock come only the counter's `UPDATE … RETURNING`,
    one narrow UPDATE of the dossier (its code, and its current step: the steps are written
    after the dossier) and the outbox rows (their payloads carry the code)."""
    assert d.code.startswith(_PLACEHOLDER)  # noqa: S101
    d.code = allocate_code(agency_code=d.receiving_unit.code, at=at)
    update_row(d, fields=("code", "current_step"))


def _step_unit(step_role: str, agency: Unit | None, unit: Unit | None, d: Dossier) -> Unit:
    if step_role in (StepRole.RECEIVING, StepRole.RETURNING):
        return d.receiving_unit
    return unit or agency or d.procedure_version.implementing_agency or d.receiving_unit


def _plan(
    d: Dossier, version: ProcedureVersion, case: Case | None, start: dt.datetime
) -> list[DossierStep]:
    """Copy the procedure's process onto the dossier, with planned dues one after another.
    A receiving step first and a returning step last are added when the process lacks them."""
    process = version.process_for(case)
    plan: list[tuple[str, Unit | None, Unit | None, Decimal, str]] = [
        (p.role, p.agency, p.unit, p.budget_hours, p.description) for p in process
    ]
    if not plan or plan[0][0] != StepRole.RECEIVING:
        plan.insert(0, (StepRole.RECEIVING, None, None, Decimal(0), "Tiếp nhận hồ sơ"))
    if plan[-1][0] != StepRole.RETURNING:
        plan.append((StepRole.RETURNING, None, None, Decimal(0), "Trả kết quả"))
    rows: list[DossierStep] = []
    cursor = start
    first_at = d.received_at or start
    for order, (role, agency, unit, budget, description) in enumerate(plan, 1):
        step_unit = _step_unit(role, agency, unit, d)
        desk = role in (StepRole.RECEIVING, StepRole.RETURNING)
        step_agency = (
            d.receiving_unit
            if desk
            else (agency or version.implementing_agency or d.receiving_unit)
        )
        row = DossierStep(
            dossier=d,
            order=order,
            kind=StepKind.NORMAL,
            role=role,
            agency=step_agency,
            unit=step_unit,
            budget_hours=budget,
            description=str(description)[:1000],
        )
        row.planned_due_at = c.step_due(cursor, row.budget_hours, d.due_at)
        cursor = row.planned_due_at
        rows.append(row)
    # The receiving step opens now, in the hands of the officer who received the dossier.
    rows[0].started_at = first_at
    rows[0].assignee = d.received_by
    rows[0].planned_due_at = c.step_due(first_at, rows[0].budget_hours, d.due_at)
    insert_rows(rows)
    _keep_loaded(d, "steps", rows)
    # With the desk and the lead agency: `_create` may not have linked them (duplicates are
    # ignored when it did).
    known = {d.receiving_unit_id, d.lead_agency_id}
    c.link_units(d, known | {i for s in rows for i in (s.unit_id, s.agency_id)})
    return rows


def _start_clock(d: Dossier, *, by: User, at: dt.datetime) -> None:
    """Reception proper: the rule set, received time and officer, the clock's start and the
    due date from the working calendar and the time limit."""
    rules = rule_set_for(at)
    d.rule_set = rules.code
    d.received_at = at
    d.received_by = by
    d.clock_start_at = c.clock_start(
        received_at=at,
        after_cutoff_next_day=d.procedure_version.after_cutoff_next_day,
        rules=rules,
    )
    d.original_due_at = d.due_at = c.due_from(
        d.clock_start_at, value=d.time_limit_value, unit=d.time_limit_unit
    )


def _start_steps(d: Dossier) -> None:
    """The process as steps (see `_plan`), the receiving one open in the officer's hands."""
    assert d.clock_start_at is not None  # noqa: S101
    steps = _plan(d, d.procedure_version, d.case, d.clock_start_at)
    c.set_current(d, steps[0])


def _receipt_text(d: Dossier) -> str:
    return (
        f"Hồ sơ {d.code} đã được tiếp nhận lúc {format_dt(d.received_at)}; "
        f"hẹn trả kết quả lúc {format_dt(d.due_at)}. Mã tra cứu: {d.secret}."
    )


def dossier_receive(*, reception: ReceptionInput, by: User, at: dt.datetime) -> Dossier:
    """Receive a complete dossier at the counter or by post: code, due date from the
    working calendar and the statutory time limit, the process copied as steps.
    Missing mandatory documents → MissingDocuments (422) naming each one.
    The look-up secret is `dossier.secret` (printed on the receipt)."""
    if reception.channel not in (Channel.COUNTER, Channel.POST):
        raise InvalidInput(
            "Hồ sơ trực tuyến được nộp qua cổng dịch vụ công rồi tiếp nhận.", field="channel"
        )
    reception = _at_desk(reception, by, at)
    checked = _check(reception, at, complete=True)
    # No savepoint when a caller's transaction is open (the API's idempotency record): an
    # error here rolls the whole of it back anyway.
    with transaction.atomic(savepoint=False):
        d = _create(reception, checked, status=Status.RECEIVED, at=at, received_by=by, link=False)
        _start_steps(d)
        c.event(
            d,
            "dossier.received",
            by=by,
            at=at,
            staff_text=f"Tiếp nhận hồ sơ ({Channel(d.channel).label.lower()}), hẹn trả "
            f"{format_dt(d.due_at)}.",
            citizen_text=f"Hồ sơ đã được tiếp nhận; hẹn trả kết quả lúc {format_dt(d.due_at)}.",
            data={
                "channel": d.channel,
                "rule_set": d.rule_set,
                "clock_start_at": d.clock_start_at,
                "due_at": d.due_at,
                "documents": len(checked.documents),
            },
        )
        _give_code(d, at)
        outbox_put_all(  # one INSERT for both: this runs under the desk's code counter lock
            [
                c.portal_sync(d, at),
                c.citizen_notice(d, template="received", text=_receipt_text(d)),
            ],
            at=at,
        )
    return d


def dossier_submit_online(
    *, reception: ReceptionInput, by: User | None, at: dt.datetime
) -> Dossier:
    """An online submission waiting for the desk's check (status submitted). It gets its
    permanent code now; the time limit starts only when the desk accepts it. Completeness
    is checked by the desk (accept, or ask to supplement)."""
    if reception.channel != Channel.ONLINE:
        raise InvalidInput("Nộp trực tuyến phải có kênh “online”.", field="channel")
    checked = _check(reception, at, complete=False)
    if checked.version.online_level == "none":
        raise InvalidInput("Thủ tục này chưa cung cấp dịch vụ công trực tuyến.", field="channel")
    with transaction.atomic():
        d = _create(reception, checked, status=Status.SUBMITTED, at=at, submitted_by=by)
        d.current_step_unit = d.receiving_unit
        d.current_step_role = StepRole.RECEIVING
        c.save(d, at)
        c.event(
            d,
            "dossier.submitted",
            by=by,
            at=at,
            staff_text="Hồ sơ nộp trực tuyến, chờ kiểm tra tiếp nhận.",
            citizen_text="Đã nộp hồ sơ trực tuyến; bộ phận một cửa sẽ kiểm tra và tiếp nhận.",
            data={"documents": len(checked.documents)},
        )
        _give_code(d, at)
        c.queue_portal_sync(d, at)
        c.notify_citizen(
            d,
            at=at,
            template="submitted",
            text=f"Hồ sơ {d.code} đã được gửi. Mã tra cứu: {d.secret}.",
        )
    return d


def _provided_ids(d: Dossier) -> set[int]:
    return set(
        d.documents.filter(provided=True, required_document__isnull=False).values_list(
            "required_document_id", flat=True
        )
    )


def dossier_accept_online(
    *, dossier: Dossier, by: User, at: dt.datetime, version: int | None = None
) -> Dossier:
    """The desk receives a submitted (online, or supplemented at the desk) dossier."""
    with transaction.atomic():
        d = c.lock(dossier)
        c.check_allowed(d, Action.ACCEPT)
        c.check_version(d, version)
        c.require_desk(by, d, at=at, what="tiếp nhận hồ sơ")
        pv = d.procedure_version
        _raise_missing(missing_mandatory(pv.documents_for(d.case), _provided_ids(d)))
        c.set_status(d, Action.ACCEPT, Status.RECEIVED)
        _start_clock(d, by=by, at=at)
        _start_steps(d)
        c.save(d, at)
        c.event(
            d,
            "dossier.accepted",
            by=by,
            at=at,
            staff_text=f"Tiếp nhận hồ sơ trực tuyến, hẹn trả {format_dt(d.due_at)}.",
            citizen_text=f"Hồ sơ đã được tiếp nhận; hẹn trả kết quả lúc {format_dt(d.due_at)}.",
            data={"rule_set": d.rule_set, "due_at": d.due_at},
        )
        c.queue_portal_sync(d, at)
        c.notify_citizen(d, at=at, template="received", text=_receipt_text(d))
    return d


def _items(items: Sequence[MissingItem]) -> list[dict[str, str]]:
    rows = [
        {"name": clean(i.name)[:1000], "reason": clean(i.reason)[:1000]}
        for i in items
        if clean(i.name)
    ]
    if not rows:
        raise InvalidInput("Phải liệt kê đầy đủ các nội dung cần bổ sung.", field="items")
    return rows


def _existing_or_new(
    dossier: Dossier | None, reception: ReceptionInput | None
) -> tuple[Dossier | None, ReceptionInput | None]:
    if (dossier is None) == (reception is None):
        raise InvalidInput("Cần đúng một trong hai: hồ sơ đã có, hoặc thông tin hồ sơ mới.")
    return dossier, reception


def dossier_request_supplement_at_desk(
    *,
    items: Sequence[MissingItem],
    by: User,
    at: dt.datetime,
    dossier: Dossier | None = None,
    reception: ReceptionInput | None = None,
    reason: str = "",
    version: int | None = None,
) -> Dossier:
    """Before reception: the supplement slip lists every missing item at once.

    For a submitted (online) dossier pass `dossier`; at the counter pass `reception` and the
    dossier is recorded now (with its code, for the slip and the look-up). Status
    supplement_requested with no received time; `dossier_receive_supplement` brings it back
    to submitted for the desk to accept."""
    existing, new = _existing_or_new(dossier, reception)
    rows = _items(items)
    if new is not None:
        new = _at_desk(new, by, at)
        checked = _check(new, at, complete=False)
    with transaction.atomic():
        if existing is not None:
            d = c.lock(existing)
            c.check_allowed(d, Action.REQUEST_SUPPLEMENT_AT_DESK)
            c.check_version(d, version)
            c.require_desk(by, d, at=at, what="hướng dẫn bổ sung hồ sơ")
            c.set_status(d, Action.REQUEST_SUPPLEMENT_AT_DESK, Status.SUPPLEMENT_REQUESTED)
        else:
            assert new is not None  # noqa: S101
            d = _create(new, checked, status=Status.SUPPLEMENT_REQUESTED, at=at)
        d.current_step_unit = d.receiving_unit
        d.current_step_role = StepRole.RECEIVING
        Supplement.objects.create(
            dossier=d,
            at_desk=True,
            requested_at=at,
            requested_by=by,
            items=rows,
            reason=clean(reason),
        )
        c.save(d, at)
        listed = "; ".join(r["name"] for r in rows)
        c.event(
            d,
            "dossier.supplement.requested_at_desk",
            by=by,
            at=at,
            staff_text=f"Hướng dẫn bổ sung {len(rows)} nội dung: {listed}.",
            citizen_text=f"Hồ sơ cần bổ sung, hoàn thiện: {listed}.",
            data={"items": rows, "reason": clean(reason)},
        )
        if existing is None:
            _give_code(d, at)
        c.queue_portal_sync(d, at)
        c.notify_citizen(
            d, at=at, template="supplement_at_desk", text=f"Hồ sơ {d.code} cần bổ sung: {listed}."
        )
    return d


def dossier_refuse_at_desk(
    *,
    reasons: Sequence[str],
    by: User,
    at: dt.datetime,
    dossier: Dossier | None = None,
    reception: ReceptionInput | None = None,
    version: int | None = None,
) -> Dossier:
    """Refuse to receive (outside competence, not eligible…): the refusal slip with reasons.
    Works for a dossier being checked at the counter (`reception`), a submitted online
    dossier, or one that was asked to supplement and never received."""
    existing, new = _existing_or_new(dossier, reception)
    lines = c.clean_lines(reasons, field="reasons", label="lý do từ chối")
    if new is not None:
        new = _at_desk(new, by, at)
        checked = _check(new, at, complete=False)
    with transaction.atomic():
        if existing is not None:
            d = c.lock(existing)
            c.check_allowed(d, Action.REFUSE_AT_DESK)
            if d.received_at is not None:
                raise c.WrongState(
                    "Hồ sơ đã được tiếp nhận; dùng “Từ chối giải quyết” với văn bản nêu lý do.",
                    status=d.status,
                    allowed_actions=[Action.REFUSE],
                )
            c.check_version(d, version)
            c.require_desk(by, d, at=at, what="từ chối tiếp nhận")
            c.set_status(d, Action.REFUSE_AT_DESK, Status.NOT_RECEIVED)
        else:
            assert new is not None  # noqa: S101
            d = _create(new, checked, status=Status.NOT_RECEIVED, at=at)
        c.set_current(d, None)
        Refusal.objects.create(dossier=d, at_desk=True, at=at, by=by, reasons=lines)
        c.save(d, at)
        c.event(
            d,
            "dossier.refused_at_desk",
            by=by,
            at=at,
            staff_text="Từ chối tiếp nhận: " + "; ".join(lines),
            citizen_text="Hồ sơ không được tiếp nhận. Lý do: " + "; ".join(lines),
            data={"reasons": lines},
        )
        if existing is None:
            _give_code(d, at)
        c.queue_portal_sync(d, at)
        c.notify_citizen(
            d,
            at=at,
            template="refused_at_desk",
            text="Hồ sơ không được tiếp nhận: " + "; ".join(lines),
        )
    return d


def dossier_solve_same_day(
    *,
    reception: ReceptionInput,
    by: User,
    at: dt.datetime,
    result_number: str = "",
    result_summary: str = "",
) -> Dossier:
    """A same-day procedure solved and handed over at the counter in one go: received,
    done and returned at `at` to the applicant (no receipt unless asked)."""
    if reception.channel != Channel.COUNTER:
        raise InvalidInput("Chỉ giải quyết ngay tại quầy với hồ sơ nộp trực tiếp.", field="channel")
    reception = _at_desk(reception, by, at)
    checked = _check(reception, at, complete=True)
    _, unit = checked.version.time_limit_for(checked.case)
    if unit != TimeUnit.SAME_DAY:
        raise InvalidInput(
            "Thủ tục này không thuộc loại giải quyết trong ngày.", field="procedure_code"
        )
    with transaction.atomic():
        d = _create(reception, checked, status=Status.RECEIVED, at=at)
        c.set_status(d, Action.SOLVE_SAME_DAY, Status.RETURNED)
        rules = rule_set_for(at)
        d.received_at = d.finished_at = d.returned_at = at
        d.received_by = d.returned_by = by
        d.clock_start_at = c.clock_start(
            received_at=at,
            after_cutoff_next_day=checked.version.after_cutoff_next_day,
            rules=rules,
        )
        d.original_due_at = d.due_at = max(
            at, c.due_from(d.clock_start_at, value=d.time_limit_value, unit=d.time_limit_unit)
        )
        d.result_kind = ResultKind.GRANTED
        d.timeliness = c.timeliness(at, d.due_at)
        d.returned_how = ReturnMethod.COUNTER
        d.collector_name = d.applicant.full_name
        d.collector_id_number = d.applicant.id_number
        DossierStep.objects.create(
            dossier=d,
            order=1,
            role=StepRole.RECEIVING,
            agency=d.receiving_unit,
            unit=d.receiving_unit,
            assignee=by,
            description="Tiếp nhận, giải quyết và trả kết quả ngay",
            planned_due_at=d.due_at,
            started_at=at,
            finished_at=at,
            finished_by=by,
            timeliness=d.timeliness,
        )
        Result.objects.create(
            dossier=d,
            kind=ResultKind.GRANTED,
            number=clean(result_number)[:100],
            summary=clean(result_summary),
            agency=d.lead_agency or d.receiving_unit,
            at=at,
            by=by,
        )
        c.save(d, at)
        c.event(
            d,
            "dossier.solved_same_day",
            by=by,
            at=at,
            staff_text="Tiếp nhận, giải quyết và trả kết quả ngay tại quầy.",
            citizen_text="Hồ sơ đã được giải quyết và trả kết quả ngay trong ngày.",
            data={"result_number": clean(result_number)},
        )
        _give_code(d, at)
        c.queue_portal_sync(d, at)
    return d
