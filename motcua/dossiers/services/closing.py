"""The end of a dossier: the result (granted, or a written refusal after appraisal) goes to
the desk that received it; the desk hands it over (checking the collector) or posts it;
a withdrawal request leads to a stop-processing notice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.files import File
from django.db import transaction

from motcua.accounts.models import User
from motcua.catalog.models import StepRole
from motcua.core.clock import format_dt, local
from motcua.core.errors import InvalidInput
from motcua.core.text import clean
from motcua.dossiers.models import (
    ApplicantKind,
    Dossier,
    DossierStep,
    Refusal,
    Result,
    ResultKind,
    ReturnMethod,
    StepKind,
    Withdrawal,
)
from motcua.dossiers.services import _common as c
from motcua.dossiers.validators import normalize_citizen_id
from motcua.dossiers.workflow import Action, Status


def _open_returning_step(d: Dossier, closed: DossierStep, *, at: dt.datetime) -> DossierStep:
    """The result goes back to the desk that received the dossier (the returning step)."""
    waiting = [
        s for s in c.normal_steps(d) if s.role == StepRole.RETURNING and s.started_at is None
    ]
    step = (
        waiting[0]
        if waiting
        else DossierStep(
            dossier=d,
            order=closed.order + 1,
            kind=StepKind.NORMAL,
            role=StepRole.RETURNING,
            agency=d.receiving_unit,
            unit=d.receiving_unit,
            description="Trả kết quả",
        )
    )
    return c.start_step(d, step, at=at, from_step=closed)


def _finish(
    d: Dossier,
    *,
    action: str,
    kind: str,
    by: User,
    at: dt.datetime,
    number: str,
    summary: str,
    document: File | None,
    signed_by: str,
    signed_at: dt.datetime | None,
) -> tuple[DossierStep, DossierStep, Result]:
    step = c.current_step(d)
    c.require_step(by, step, at=at, what="cập nhật kết quả")
    if d.open_consults:
        raise c.RuleViolation(
            f"Còn {d.open_consults} yêu cầu xin ý kiến chưa được trả lời.", field="consults"
        )
    result = Result.objects.create(
        dossier=d,
        kind=kind,
        number=clean(number)[:100],
        summary=summary,
        document=document or "",
        signed_by=clean(signed_by)[:200],
        signed_at=signed_at,
        agency=step.agency or d.lead_agency or d.receiving_unit,
        at=at,
        by=by,
    )
    c.close_step(step, by=by, at=at)
    returning = _open_returning_step(d, step, at=at)
    d.finished_at = at
    d.result_kind = kind
    d.timeliness = c.timeliness(at, d.due_at)
    c.set_status(d, action, Status.DONE)
    return step, returning, result


def dossier_attach_result(
    *,
    dossier: Dossier,
    by: User,
    at: dt.datetime,
    number: str = "",
    summary: str = "",
    document: File | None = None,
    signed_by: str = "",
    signed_at: dt.datetime | None = None,
    version: int | None = None,
) -> Dossier:
    """The agency attaches the result document: the dossier is done and goes to the desk
    that received it for return."""
    with transaction.atomic():
        d = c.lock(dossier)
        c.check_allowed(d, Action.ATTACH_RESULT)
        c.check_version(d, version)
        step, returning, result = _finish(
            d,
            action=Action.ATTACH_RESULT,
            kind=ResultKind.GRANTED,
            by=by,
            at=at,
            number=number,
            summary=clean(summary),
            document=document,
            signed_by=signed_by,
            signed_at=signed_at,
        )
        c.save(d, at)
        c.event(
            d,
            "dossier.result.attached",
            by=by,
            at=at,
            staff_text=f"Có kết quả{f' số {result.number}' if result.number else ''} "
            f"({d.get_timeliness_display().lower()}); chuyển {returning.unit} trả kết quả.",
            citizen_text="Hồ sơ đã có kết quả; mời nhận kết quả theo hình thức đã đăng ký.",
            data={"result": result.pk, "number": result.number, "timeliness": d.timeliness},
        )
        c.queue_portal_sync(d, at)
        c.notify_citizen(
            d, at=at, template="done", text=f"Hồ sơ {d.code} đã có kết quả. Mời nhận kết quả."
        )
        c.notify_staff(
            d,
            at=at,
            template="done",
            subject="Có kết quả, chờ trả",
            text=f"Hồ sơ {d.code} đã có kết quả, chờ trả tại {returning.unit}.",
            user_ids=c.unit_staff_ids(returning.unit_id, c.DESK_ROLES, on=local(at).date()),
        )
    return d


def dossier_refuse_after_appraisal(
    *,
    dossier: Dossier,
    reasons: Sequence[str],
    by: User,
    at: dt.datetime,
    number: str = "",
    document: File | None = None,
    signed_by: str = "",
    version: int | None = None,
) -> Dossier:
    """A written refusal with reasons is the result (result kind "refused", status done)."""
    lines = c.clean_lines(reasons, field="reasons", label="lý do từ chối giải quyết")
    with transaction.atomic():
        d = c.lock(dossier)
        c.check_allowed(d, Action.REFUSE)
        c.check_version(d, version)
        _, returning, result = _finish(
            d,
            action=Action.REFUSE,
            kind=ResultKind.REFUSED,
            by=by,
            at=at,
            number=number,
            summary="\n".join(lines),
            document=document,
            signed_by=signed_by,
            signed_at=at,
        )
        Refusal.objects.create(dossier=d, at_desk=False, at=at, by=by, reasons=lines)
        c.save(d, at)
        c.event(
            d,
            "dossier.refused",
            by=by,
            at=at,
            staff_text="Từ chối giải quyết: " + "; ".join(lines),
            citizen_text="Hồ sơ không đủ điều kiện giải quyết; văn bản trả lời nêu rõ lý do: "
            + "; ".join(lines),
            data={"reasons": lines, "result": result.pk},
        )
        c.queue_portal_sync(d, at)
        c.notify_citizen(
            d,
            at=at,
            template="refused",
            text=f"Hồ sơ {d.code} không được giải quyết: " + "; ".join(lines),
        )
    return d


def dossier_request_withdrawal(
    *,
    dossier: Dossier,
    by: User,
    at: dt.datetime,
    reason: str = "",
    version: int | None = None,
) -> Dossier:
    """The applicant asks to withdraw the dossier (only while no result exists)."""
    with transaction.atomic():
        d = c.lock(dossier)
        c.check_allowed(d, Action.REQUEST_WITHDRAWAL)
        c.check_version(d, version)
        c.require_step_or_desk(by, d, at=at, what="ghi nhận đề nghị rút hồ sơ")
        Withdrawal.objects.create(
            dossier=d,
            requested_at=at,
            recorded_by=by,
            reason=clean(reason),
            status_before=d.status,
        )
        c.set_status(d, Action.REQUEST_WITHDRAWAL, Status.WITHDRAWAL_REQUESTED)
        c.save(d, at)
        c.event(
            d,
            "dossier.withdrawal.requested",
            by=by,
            at=at,
            staff_text="Công dân đề nghị rút hồ sơ"
            + (f": {clean(reason)}" if clean(reason) else "."),
            citizen_text="Đã nhận đề nghị rút hồ sơ.",
            data={"reason": clean(reason)},
        )
        c.queue_portal_sync(d, at)
        step = d.current_step
        c.notify_staff(
            d,
            at=at,
            template="withdrawal",
            subject="Đề nghị rút hồ sơ",
            text=f"Công dân đề nghị rút hồ sơ {d.code}.",
            user_ids=[step.assignee_id] if step is not None and step.assignee_id else [],
        )
    return d


def dossier_stop(
    *, dossier: Dossier, by: User, at: dt.datetime, version: int | None = None
) -> Dossier:
    """Issue the stop-processing notice for a withdrawal request: processing ends."""
    with transaction.atomic():
        d = c.lock(dossier)
        c.check_allowed(d, Action.STOP)
        c.check_version(d, version)
        c.require_step_or_desk(by, d, at=at, what="ra thông báo dừng giải quyết")
        withdrawal = d.withdrawals.filter(stopped_at__isnull=True).order_by("-requested_at").first()
        if withdrawal is not None:
            withdrawal.stopped_at = at
            withdrawal.stopped_by = by
            withdrawal.save(update_fields=["stopped_at", "stopped_by"])
        d.clock_stops.filter(ended_at__isnull=True).update(ended_at=at)
        if d.current_step_id:
            c.close_step(
                c.current_step(d), by=by, at=at, note="Dừng giải quyết theo đề nghị rút hồ sơ."
            )
        c.set_current(d, None)
        c.set_status(d, Action.STOP, Status.STOPPED)
        c.save(d, at)
        c.event(
            d,
            "dossier.stopped",
            by=by,
            at=at,
            staff_text="Ra thông báo dừng giải quyết hồ sơ theo đề nghị rút hồ sơ.",
            citizen_text="Hồ sơ đã dừng giải quyết theo đề nghị của công dân.",
            data={"withdrawal": withdrawal.pk if withdrawal else None},
        )
        c.queue_portal_sync(d, at)
        c.notify_citizen(
            d, at=at, template="stopped", text=f"Hồ sơ {d.code} đã dừng giải quyết theo đề nghị."
        )
    return d


def _check_collector(d: Dossier, collector_id: str, mandate: str) -> tuple[str, str, str]:
    """Who may collect at the counter: the applicant (their citizen ID), the representative
    recorded at reception, or someone else presenting a mandate (recorded)."""
    a = d.applicant
    given = normalize_citizen_id(collector_id, field="collector_id")
    if a.kind == ApplicantKind.INDIVIDUAL and given == a.citizen_id:
        return a.full_name, given, ""
    if a.rep_citizen_id and given == a.rep_citizen_id:
        return a.rep_full_name, given, f"Người được ủy quyền; {a.mandate}"
    if a.kind == ApplicantKind.ORGANIZATION and a.citizen_id and given == a.citizen_id:
        return a.legal_representative or a.full_name, given, "Người đại diện theo pháp luật"
    if mandate:
        return "", given, f"Giấy ủy quyền: {mandate}"
    raise InvalidInput(
        "Người nhận không phải người nộp hồ sơ hay người được ủy quyền đã ghi nhận; cần xuất "
        "trình và ghi lại giấy ủy quyền.",
        field="collector_id",
    )


def dossier_return(
    *,
    dossier: Dossier,
    how: str,
    by: User,
    at: dt.datetime,
    collector_id: str = "",
    collector_name: str = "",
    mandate: str = "",
    note: str = "",
    version: int | None = None,
) -> Dossier:
    """Hand over the result: at the counter (checking the collector), by post (recording the
    consignment), or electronically. The dossier is returned."""
    if how not in ReturnMethod.values:
        raise InvalidInput("Hình thức trả kết quả không hợp lệ.", field="how")
    with transaction.atomic():
        d = c.lock(dossier)
        c.check_allowed(d, Action.RETURN)
        c.check_version(d, version)
        c.require_desk(by, d, at=at, what="trả kết quả")
        name, id_number, collector_note = "", "", clean(note)
        if how == ReturnMethod.COUNTER:
            name, id_number, extra = _check_collector(d, collector_id, clean(mandate))
            name = clean(collector_name) or name
            if not name:
                raise InvalidInput("Chưa nhập họ tên người nhận kết quả.", field="collector_name")
            collector_note = "; ".join(x for x in (extra, collector_note) if x)
        elif how == ReturnMethod.POST:
            if not collector_note:
                raise InvalidInput("Chưa nhập mã bưu gửi.", field="note")
            name = clean(collector_name) or d.applicant.full_name
        else:
            name = d.applicant.full_name
        d.returned_at = at
        d.returned_by = by
        d.returned_how = how
        d.collector_name = name[:200]
        d.collector_id_number = id_number
        d.collector_note = collector_note[:500]
        if d.current_step_id:
            c.close_step(c.current_step(d), by=by, at=at)
        c.set_current(d, None)
        c.set_status(d, Action.RETURN, Status.RETURNED)
        c.save(d, at)
        c.event(
            d,
            "dossier.returned",
            by=by,
            at=at,
            staff_text=f"Trả kết quả ({ReturnMethod(how).label.lower()}) cho {d.collector_name}"
            + (f"; {d.collector_note}" if d.collector_note else "")
            + ".",
            citizen_text=f"Đã trả kết quả lúc {format_dt(at)} ({ReturnMethod(how).label.lower()}).",
            data={"how": how, "collector_name": d.collector_name, "note": d.collector_note},
        )
        c.queue_portal_sync(d, at)
        c.notify_citizen(
            d,
            at=at,
            template="returned",
            text=f"Hồ sơ {d.code} đã trả kết quả lúc {format_dt(at)}.",
        )
    return d
