"""Processing: claim and assign, hand-overs (transfer, send back, forward to another agency),
consultations and field checks. Each hand-over closes one step — who, when, early / on time /
late against the step's planned due — and opens the next: the process control slip."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.db import transaction

from motcua.accounts.models import Membership, Role, User
from motcua.catalog.models import StepRole
from motcua.core.clock import format_dt, local
from motcua.core.errors import InvalidInput
from motcua.core.text import clean
from motcua.dossiers.models import Dossier, DossierStep, StepKind
from motcua.dossiers.services import _common as c
from motcua.dossiers.workflow import Action, Status
from motcua.organization.models import Unit
from motcua.organization.selectors import unit_descendant_ids
from motcua.worktime.services import add_working_time


def _who(user: User | None) -> str:
    return str(user) if user is not None else ""


def _is_member(user: User, unit: Unit, *, at: dt.datetime) -> bool:
    """`user` holds a staff membership in `unit` or a unit below it on that day."""
    from django.db.models import Q

    day = local(at).date()
    unit_ids = unit_descendant_ids([unit.pk])
    return (
        user.is_active
        and Membership.objects.filter(user=user, unit_id__in=unit_ids, valid_from__lte=day)
        .exclude(role=Role.CITIZEN)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .exists()
    )


def step_claim(
    *, dossier: Dossier, by: User, at: dt.datetime, version: int | None = None
) -> Dossier:
    """Take the current step for oneself (a handler of the step's unit and role).
    Claiming a step one already holds changes nothing."""
    with transaction.atomic():
        d = c.lock(dossier)
        c.check_allowed(d, Action.CLAIM)
        step = c.current_step(d)
        if step.assignee_id == by.pk:
            return d  # idempotent
        c.check_version(d, version)
        c.require_step(by, step, at=at, what="nhận xử lý")
        if step.assignee_id is not None:
            raise c.RuleViolation(
                f"Bước này đã do {step.assignee} xử lý; lãnh đạo đơn vị có thể phân công lại.",
                field="assignee",
            )
        step.assignee = by
        step.save(update_fields=["assignee"])
        c.set_current(d, step)
        c.save(d, at)
        c.event(
            d,
            "dossier.step.claimed",
            by=by,
            at=at,
            staff_text=f"{by} nhận xử lý bước “{step.get_role_display()}” tại {step.unit}.",
            data={"step": step.pk},
        )
    return d


def step_assign(
    *,
    dossier: Dossier,
    assignee: User,
    by: User,
    at: dt.datetime,
    note: str = "",
    version: int | None = None,
) -> Dossier:
    """The head of the unit (or agency) holding the current step gives it to a handler of
    that unit. Assigning the same person again changes nothing."""
    with transaction.atomic():
        d = c.lock(dossier)
        c.check_allowed(d, Action.ASSIGN)
        step = c.current_step(d)
        if step.assignee_id == assignee.pk:
            return d  # idempotent
        c.check_version(d, version)
        who = c.actor(by, at=at)
        if not who.holds(c.LEADER_ROLES, step.unit_id):
            raise c.CannotAct(
                f"Chỉ lãnh đạo {step.unit} được phân công xử lý bước này.", field="by"
            )
        if not _is_member(assignee, step.unit, at=at):
            raise InvalidInput(
                f"{assignee} không thuộc {step.unit} nên không thể được phân công.",
                field="assignee",
            )
        previous = step.assignee
        step.assignee = assignee
        step.save(update_fields=["assignee"])
        c.set_current(d, step)
        c.save(d, at)
        c.event(
            d,
            "dossier.step.assigned",
            by=by,
            at=at,
            staff_text=f"Phân công {assignee} xử lý bước “{step.get_role_display()}”"
            + (f" (thay {previous})" if previous else "")
            + (f". {clean(note)}" if clean(note) else "."),
            data={
                "step": step.pk,
                "assignee": assignee.pk,
                "previous": previous.pk if previous else None,
            },
        )
        c.notify_staff(
            d,
            at=at,
            template="assigned",
            subject="Được phân công xử lý",
            text=f"Bạn được phân công xử lý hồ sơ {d.code}, hạn bước "
            f"{format_dt(step.planned_due_at)}.",
            user_ids=[assignee.pk],
        )
    return d


def _handover_event(
    d: Dossier,
    action: str,
    *,
    by: User,
    at: dt.datetime,
    closed: DossierStep,
    opened: DossierStep,
    verb: str,
    note: str,
    citizen: str,
) -> None:
    c.event(
        d,
        action,
        by=by,
        at=at,
        staff_text=f"{verb}: {closed.unit} → {opened.unit}"
        + (f" ({opened.assignee})" if opened.assignee_id else "")
        + f"; bước trước {closed.get_timeliness_display().lower()}"
        + (f". {note}" if note else "."),
        citizen_text=citizen,
        data={
            "from_step": closed.pk,
            "to_step": opened.pk,
            "from_unit": closed.unit_id,
            "to_unit": opened.unit_id,
            "timeliness": closed.timeliness,
            "note": note,
        },
    )


def _notify_next(d: Dossier, step: DossierStep, *, at: dt.datetime) -> None:
    ids = (
        [step.assignee_id]
        if step.assignee_id
        else c.unit_staff_ids(
            step.unit_id, c.STEP_ROLE_HOLDERS.get(step.role, ()), on=local(at).date()
        )
    )
    c.notify_staff(
        d,
        at=at,
        template="handed_over",
        subject="Hồ sơ chuyển đến",
        text=f"Hồ sơ {d.code} đã chuyển đến {step.unit}; hạn bước {format_dt(step.planned_due_at)}.",
        user_ids=[i for i in ids if i is not None],
    )


def _leaving_desk(d: Dossier, step: DossierStep, at: dt.datetime) -> None:
    """The first hand-over out of the desk: the agency receives the dossier (the supplement
    window counts from here) and processing starts."""
    if step.role not in (StepRole.RECEIVING, StepRole.RETURNING) and d.agency_received_at is None:
        d.agency_received_at = at
    if d.status == Status.RECEIVED:
        d.status = Status.PROCESSING


def step_transfer(
    *,
    dossier: Dossier,
    by: User,
    at: dt.datetime,
    note: str = "",
    to_user: User | None = None,
    version: int | None = None,
) -> Dossier:
    """Close the current step and open the next step of the process (optionally naming the
    handler there). The returning step opens only when the result is attached."""
    with transaction.atomic():
        d = c.lock(dossier)
        c.check_allowed(d, Action.TRANSFER)
        c.check_version(d, version)
        step = c.current_step(d)
        c.require_step(by, step, at=at, what="chuyển hồ sơ")
        nxt = c.next_step(d, step)
        if nxt is None or nxt.role == StepRole.RETURNING:
            raise c.RuleViolation(
                "Đây là bước xử lý cuối cùng: đính kèm kết quả (hoặc văn bản từ chối) để "
                "chuyển bộ phận trả kết quả.",
                allowed_actions=[Action.ATTACH_RESULT, Action.REFUSE],
            )
        if to_user is not None and not _is_member(to_user, nxt.unit, at=at):
            raise InvalidInput(f"{to_user} không thuộc {nxt.unit}.", field="to_user")
        text = clean(note)
        c.close_step(step, by=by, at=at, note=text)
        c.start_step(d, nxt, at=at, from_step=step, assignee=to_user)
        _leaving_desk(d, nxt, at)
        c.set_status(d, Action.TRANSFER, d.status)
        c.save(d, at)
        _handover_event(
            d,
            "dossier.step.transferred",
            by=by,
            at=at,
            closed=step,
            opened=nxt,
            verb="Chuyển xử lý",
            note=text,
            citizen=f"Hồ sơ được chuyển đến {nxt.agency or nxt.unit} để xử lý.",
        )
        if step.role == StepRole.RECEIVING:
            c.queue_portal_sync(d, at)
        _notify_next(d, nxt, at=at)
    return d


def step_send_back(
    *,
    dossier: Dossier,
    to_order: int,
    reason: str,
    by: User,
    at: dt.datetime,
    version: int | None = None,
) -> Dossier:
    """Return the dossier to an earlier step of the process (a new run of that step, to the
    person who handled it before), with a reason."""
    text = clean(reason)
    if not text:
        raise InvalidInput("Phải nêu lý do trả lại.", field="reason")
    with transaction.atomic():
        d = c.lock(dossier)
        c.check_allowed(d, Action.SEND_BACK)
        c.check_version(d, version)
        step = c.current_step(d)
        c.require_step(by, step, at=at, what="trả lại hồ sơ")
        earlier = [s for s in c.normal_steps(d) if s.order == to_order and s.started_at]
        if to_order >= step.order or not earlier:
            raise InvalidInput(
                "Chỉ trả lại một bước trước đã xử lý của quy trình.", field="to_order"
            )
        target = c.clone(earlier[-1], assignee=True)
        c.close_step(step, by=by, at=at, note=f"Trả lại: {text}")
        c.start_step(d, target, at=at, from_step=step)
        c.set_status(d, Action.SEND_BACK, Status.PROCESSING)
        c.save(d, at)
        _handover_event(
            d,
            "dossier.step.sent_back",
            by=by,
            at=at,
            closed=step,
            opened=target,
            verb="Trả lại",
            note=text,
            citizen="",
        )
        _notify_next(d, target, at=at)
    return d


def _hours(value: float | Decimal | int, field: str) -> Decimal:
    try:
        hours = Decimal(str(value))
    except InvalidOperation:
        raise InvalidInput("Số giờ không hợp lệ.", field=field) from None
    if not Decimal(0) < hours <= Decimal(2000):
        raise InvalidInput("Số giờ làm việc phải lớn hơn 0 và không quá 2000.", field=field)
    return hours


def dossier_forward(
    *,
    dossier: Dossier,
    to_agency: Unit,
    by: User,
    at: dt.datetime,
    to_unit: Unit | None = None,
    role: str = StepRole.SPECIALIST,
    budget_hours: float | Decimal = 8,
    task: str = "",
    version: int | None = None,
) -> Dossier:
    """Liên thông: hand the dossier to another agency (same or another level) with its task
    and working-hour budget. When it is done there, the next step of the plan follows, and the
    result comes back to the desk that received the dossier."""
    hours = _hours(budget_hours, "budget_hours")
    if role not in (StepRole.SPECIALIST, StepRole.UNIT_HEAD, StepRole.AGENCY_LEADER):
        raise InvalidInput("Vai trò nhận liên thông không hợp lệ.", field="role")
    unit = to_unit or to_agency
    if to_unit is not None and to_unit.pk not in unit_descendant_ids([to_agency.pk]):
        raise InvalidInput(f"{to_unit} không thuộc {to_agency}.", field="to_unit")
    if not to_agency.is_valid_on(local(at).date()):
        raise InvalidInput(f"{to_agency} không còn hoạt động vào ngày này.", field="to_agency")
    with transaction.atomic():
        d = c.lock(dossier)
        c.check_allowed(d, Action.FORWARD)
        c.check_version(d, version)
        step = c.current_step(d)
        c.require_step(by, step, at=at, what="chuyển liên thông")
        text = clean(task)
        opened = DossierStep(
            dossier=d,
            order=step.order,
            kind=StepKind.NORMAL,
            role=role,
            agency=to_agency,
            unit=unit,
            budget_hours=hours,
            description=(text or f"Liên thông: {to_agency}")[:1000],
        )
        c.close_step(step, by=by, at=at, note=text)
        c.start_step(d, opened, at=at, from_step=step)
        c.link_units(d, [to_agency.pk, unit.pk])
        _leaving_desk(d, opened, at)
        c.set_status(d, Action.FORWARD, Status.PROCESSING)
        c.save(d, at)
        _handover_event(
            d,
            "dossier.forwarded",
            by=by,
            at=at,
            closed=step,
            opened=opened,
            verb="Chuyển liên thông",
            note=text,
            citizen=f"Hồ sơ được chuyển liên thông đến {to_agency}.",
        )
        c.queue_portal_sync(d, at)
        _notify_next(d, opened, at=at)
    return d


def step_consult(
    *,
    dossier: Dossier,
    unit: Unit,
    question: str,
    by: User,
    at: dt.datetime,
    due_at: dt.datetime | None = None,
    days: int = 0,
    version: int | None = None,
) -> Dossier:
    """Ask a unit for its opinion with its own deadline (given, or `days` working days).
    Runs beside the current step, which stays open; several may run at once."""
    text = clean(question)
    if not text:
        raise InvalidInput("Chưa nhập nội dung xin ý kiến.", field="question")
    if due_at is None:
        if not 1 <= days <= 60:
            raise InvalidInput(
                "Hạn trả lời phải từ 1 đến 60 ngày làm việc, hoặc một thời điểm cụ thể.",
                field="days",
            )
        due_at = add_working_time(at, days=days)
    elif due_at <= at:
        raise InvalidInput("Hạn trả lời phải sau thời điểm xin ý kiến.", field="due_at")
    with transaction.atomic():
        d = c.lock(dossier)
        c.check_allowed(d, Action.CONSULT)
        c.check_version(d, version)
        step = c.current_step(d)
        c.require_step(by, step, at=at, what="xin ý kiến")
        consult = DossierStep.objects.create(
            dossier=d,
            order=step.order,
            kind=StepKind.CONSULT,
            role=StepRole.SPECIALIST,
            agency=unit,
            unit=unit,
            description=f"Xin ý kiến: {text}"[:1000],
            planned_due_at=due_at,
            from_step=step,
            started_at=at,
            details={"question": text, "asked_by": by.pk},
        )
        c.link_units(d, [unit.pk])
        c.bump_open_consults(d, +1)
        c.save(d, at)
        c.event(
            d,
            "dossier.step.consulted",
            by=by,
            at=at,
            staff_text=f"Xin ý kiến {unit}, hạn {format_dt(due_at)}: {text}",
            data={"consult": consult.pk, "unit": unit.pk, "due_at": due_at, "question": text},
        )
        c.notify_staff(
            d,
            at=at,
            template="consulted",
            subject="Xin ý kiến",
            text=f"Hồ sơ {d.code}: xin ý kiến, hạn {format_dt(due_at)}. {text}",
            user_ids=c.unit_staff_ids(
                unit.pk, [Role.SPECIALIST, Role.UNIT_HEAD, Role.AGENCY_LEADER], on=local(at).date()
            ),
        )
    return d


def step_consult_answer(
    *,
    dossier: Dossier,
    consult_id: int,
    opinion: str,
    by: User,
    at: dt.datetime,
    version: int | None = None,
) -> Dossier:
    """The consulted unit answers; its consult step closes early / on time / late."""
    text = clean(opinion)
    if not text:
        raise InvalidInput("Chưa nhập ý kiến.", field="opinion")
    with transaction.atomic():
        d = c.lock(dossier)
        c.check_allowed(d, Action.CONSULT_ANSWER)
        c.check_version(d, version)
        consult = (
            DossierStep.objects.select_related("unit")
            .filter(dossier=d, pk=consult_id, kind=StepKind.CONSULT)
            .first()
        )
        if consult is None:
            raise InvalidInput("Không có yêu cầu xin ý kiến này.", field="consult_id")
        if consult.finished_at is not None:
            raise c.RuleViolation("Yêu cầu xin ý kiến này đã được trả lời.", field="consult_id")
        who = c.actor(by, at=at)
        if not who.holds({Role.SPECIALIST, Role.UNIT_HEAD, Role.AGENCY_LEADER}, consult.unit_id):
            raise c.CannotAct(f"Chỉ {consult.unit} được trả lời xin ý kiến này.", field="by")
        consult.details = {**consult.details, "answer": text, "answered_by": by.pk}
        consult.save(update_fields=["details"])
        c.close_step(consult, by=by, at=at, note=text)
        c.bump_open_consults(d, -1)
        c.save(d, at)
        c.event(
            d,
            "dossier.step.consult_answered",
            by=by,
            at=at,
            staff_text=f"{consult.unit} trả lời ({consult.get_timeliness_display().lower()}): {text}",
            data={"consult": consult.pk, "timeliness": consult.timeliness},
        )
        asked_by = consult.details.get("asked_by")
        c.notify_staff(
            d,
            at=at,
            template="consult_answered",
            subject="Đã có ý kiến",
            text=f"Hồ sơ {d.code}: {consult.unit} đã trả lời xin ý kiến.",
            user_ids=[asked_by] if isinstance(asked_by, int) else [],
        )
    return d


def step_record_field_check(
    *,
    dossier: Dossier,
    checked_at: dt.datetime,
    place: str,
    participants: Sequence[str],
    by: User,
    at: dt.datetime,
    findings: str = "",
    version: int | None = None,
) -> Dossier:
    """Record a field check (time, place, participants, findings) on the current step."""
    where = clean(place)
    people = [clean(p) for p in participants if clean(p)]
    if not where:
        raise InvalidInput("Chưa nhập địa điểm kiểm tra.", field="place")
    if not people:
        raise InvalidInput("Chưa nhập thành phần tham gia kiểm tra.", field="participants")
    if checked_at > at:
        raise InvalidInput("Thời điểm kiểm tra không được ở tương lai.", field="checked_at")
    with transaction.atomic():
        d = c.lock(dossier)
        c.check_allowed(d, Action.FIELD_CHECK)
        c.check_version(d, version)
        step = c.current_step(d)
        c.require_step(by, step, at=at, what="ghi nhận kiểm tra thực địa")
        if d.received_at is not None and checked_at < d.received_at:
            raise InvalidInput(
                "Thời điểm kiểm tra phải sau khi tiếp nhận hồ sơ.", field="checked_at"
            )
        check = DossierStep.objects.create(
            dossier=d,
            order=step.order,
            kind=StepKind.FIELD_CHECK,
            role=step.role,
            agency=step.agency,
            unit=step.unit,
            assignee=by,
            description=f"Kiểm tra thực địa tại {where}"[:1000],
            from_step=step,
            started_at=checked_at,
            finished_at=checked_at,
            finished_by=by,
            note=clean(findings),
            details={"place": where, "participants": people, "findings": clean(findings)},
        )
        c.save(d, at)
        c.event(
            d,
            "dossier.step.field_checked",
            by=by,
            at=at,
            staff_text=f"Kiểm tra thực địa lúc {format_dt(checked_at)} tại {where}; "
            f"thành phần: {', '.join(people)}.",
            citizen_text=f"Đã kiểm tra thực địa ngày {local(checked_at):%d/%m/%Y}.",
            data={
                "step": check.pk,
                "checked_at": checked_at,
                "place": where,
                "participants": people,
            },
        )
    return d
