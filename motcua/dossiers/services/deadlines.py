"""Transitions that move the clock: supplement during processing (the clock stops; the full
time limit restarts when the complete dossier arrives), financial obligations (the clock
pauses and resumes the remaining working time), and the apology with a new due date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from motcua.accounts.models import Role, User
from motcua.core.clock import format_date, format_dt, local
from motcua.core.errors import InvalidInput
from motcua.core.text import clean
from motcua.dossiers.models import (
    Apology,
    ClockStop,
    ClockStopKind,
    Dossier,
    DossierDocument,
    Supplement,
)
from motcua.dossiers.services import _common as c
from motcua.dossiers.services.reception import DocumentInput, MissingItem, _documents, _items
from motcua.dossiers.workflow import Action, Status
from motcua.worktime.services import add_working_time, working_days_between, working_time_between


def supplement_window_end(d: Dossier) -> dt.date | None:
    """The last day a supplement may be requested without a leader's override: the N-th
    working day after the day the agency received the dossier (N from the rule set)."""
    base = d.agency_received_at or d.received_at
    if base is None:
        return None
    day = local(base).date()
    for _ in range(c.rules_of(d).supplement_window_days):
        day = c.next_working_day(day)
    return day


def _working_days_after(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]."""
    if end <= start:
        return 0
    return working_days_between(start + dt.timedelta(days=1), end)


def dossier_request_supplement(
    *,
    dossier: Dossier,
    items: Sequence[MissingItem],
    by: User,
    at: dt.datetime,
    reason: str = "",
    override_reason: str = "",
    version: int | None = None,
) -> Dossier:
    """During processing, ask the applicant to supplement (every item at once). Allowed within
    the rule set's window of working days after the agency received the dossier; later only
    with a leader's override and its reason. The clock stops until the dossier is complete."""
    rows = _items(items)
    with transaction.atomic():
        d = c.lock(dossier)
        c.check_allowed(d, Action.REQUEST_SUPPLEMENT)
        c.check_version(d, version)
        step = c.current_step(d)
        who = c.require_step(by, step, at=at, what="yêu cầu bổ sung hồ sơ")
        rules = c.rules_of(d)
        base = d.agency_received_at or d.received_at
        assert base is not None  # noqa: S101
        late = _working_days_after(local(base).date(), local(at).date()) > (
            rules.supplement_window_days
        )
        override = clean(override_reason)
        if late:
            if not override:
                raise c.RuleViolation(
                    f"Đã quá {rules.supplement_window_days} ngày làm việc kể từ khi cơ quan "
                    f"nhận hồ sơ (hạn {format_date(supplement_window_end(d))}); chỉ được yêu "
                    "cầu bổ sung khi lãnh đạo cho phép và nêu lý do.",
                    field="override_reason",
                    window_days=rules.supplement_window_days,
                )
            if not who.holds(c.LEADER_ROLES, step.unit_id):
                raise c.CannotAct(
                    "Chỉ lãnh đạo đơn vị được cho phép yêu cầu bổ sung quá thời hạn.", field="by"
                )
        ClockStop.objects.create(
            dossier=d, kind=ClockStopKind.SUPPLEMENT, started_at=at, reason=clean(reason)
        )
        Supplement.objects.create(
            dossier=d,
            at_desk=False,
            requested_at=at,
            requested_by=by,
            items=rows,
            reason=clean(reason),
            override_reason=override if late else "",
        )
        c.set_status(d, Action.REQUEST_SUPPLEMENT, Status.SUPPLEMENT_REQUESTED)
        c.save(d, at)
        listed = "; ".join(r["name"] for r in rows)
        c.event(
            d,
            "dossier.supplement.requested",
            by=by,
            at=at,
            staff_text=f"Yêu cầu bổ sung {len(rows)} nội dung: {listed}."
            + (f" Quá hạn yêu cầu, lãnh đạo cho phép: {override}." if late else ""),
            citizen_text=f"Hồ sơ cần bổ sung: {listed}. Thời hạn giải quyết tạm dừng.",
            data={"items": rows, "reason": clean(reason), "late": late, "override": override},
        )
        c.queue_portal_sync(d, at)
        c.notify_citizen(
            d,
            at=at,
            template="supplement",
            text=f"Hồ sơ {d.code} cần bổ sung: {listed}.",
        )
        c.notify_staff(
            d,
            at=at,
            template="supplement",
            subject="Yêu cầu bổ sung",
            text=f"Hồ sơ {d.code} được yêu cầu bổ sung: {listed}.",
            user_ids=c.unit_staff_ids(d.receiving_unit_id, c.DESK_ROLES, on=local(at).date()),
        )
    return d


def dossier_receive_supplement(
    *,
    dossier: Dossier,
    by: User,
    at: dt.datetime,
    documents: Sequence[DocumentInput] = (),
    note: str = "",
    version: int | None = None,
) -> Dossier:
    """The completed dossier arrives.

    Before reception (asked at the desk): back to `submitted` for the desk to accept.
    During processing: the clock stop ends and — under both rule sets — the full time limit
    restarts from zero at `at`; the new due date replaces the current one."""
    with transaction.atomic():
        d = c.lock(dossier)
        c.check_allowed(d, Action.RECEIVE_SUPPLEMENT)
        c.check_version(d, version)
        if not (d.submitted_by_id is not None and d.submitted_by_id == by.pk):
            # The applicant who submitted online sends the supplement from the portal;
            # otherwise the desk or the current step's handler records its arrival.
            c.require_step_or_desk(by, d, at=at, what="nhận hồ sơ bổ sung")
        required = d.procedure_version.documents_for(d.case)
        rows = _documents(documents, required, at)
        for row in rows:
            row.dossier = d
        DossierDocument.objects.bulk_create(rows)
        supplement = (
            d.supplements.filter(received_at__isnull=True).order_by("-requested_at").first()
        )
        if supplement is not None:
            supplement.received_at = at
            supplement.received_by = by
            supplement.save(update_fields=["received_at", "received_by"])
        text = clean(note)
        if d.received_at is None:
            c.set_status(d, Action.RECEIVE_SUPPLEMENT, Status.SUBMITTED)
            c.save(d, at)
            c.event(
                d,
                "dossier.supplement.received",
                by=by,
                at=at,
                staff_text="Nhận bổ sung trước khi tiếp nhận; chờ kiểm tra tiếp nhận."
                + (f" {text}" if text else ""),
                citizen_text="Đã nhận hồ sơ bổ sung; bộ phận một cửa sẽ kiểm tra và tiếp nhận.",
                data={"documents": len(rows), "phase": "desk"},
            )
            c.queue_portal_sync(d, at)
            return d
        stop = d.clock_stops.filter(ended_at__isnull=True).first()
        old_due = d.due_at
        if stop is not None:
            stop.ended_at = at
            stop.save(update_fields=["ended_at"])
        rules = c.rules_of(d)
        if rules.supplement_restarts_clock or stop is None or stop.remaining_seconds is None:
            d.due_at = c.due_from(
                c.next_working_start(at), value=d.time_limit_value, unit=d.time_limit_unit
            )
        else:  # pragma: no cover - no rule set resumes instead of restarting today
            d.due_at = add_working_time(at, hours=stop.remaining_seconds / 3600)
        d.extended_due_at = None
        c.set_status(d, Action.RECEIVE_SUPPLEMENT, Status.PROCESSING)
        c.replan(d, at=at)
        c.save(d, at)
        c.event(
            d,
            "dossier.supplement.received",
            by=by,
            at=at,
            staff_text=f"Nhận hồ sơ bổ sung đầy đủ; thời hạn tính lại từ đầu, hẹn trả mới "
            f"{format_dt(d.due_at)} (trước đó {format_dt(old_due)})."
            + (f" {text}" if text else ""),
            citizen_text=f"Đã nhận hồ sơ bổ sung; hẹn trả kết quả mới: {format_dt(d.due_at)}.",
            data={
                "documents": len(rows),
                "phase": "processing",
                "old_due_at": old_due,
                "due_at": d.due_at,
            },
        )
        c.queue_portal_sync(d, at)
        c.notify_citizen(
            d,
            at=at,
            template="supplement_received",
            text=f"Hồ sơ {d.code} đã đủ; hẹn trả kết quả mới lúc {format_dt(d.due_at)}.",
        )
        step = c.current_step(d)
        c.notify_staff(
            d,
            at=at,
            template="supplement_received",
            subject="Đã nhận bổ sung",
            text=f"Hồ sơ {d.code} đã được bổ sung; hạn mới {format_dt(d.due_at)}.",
            user_ids=[step.assignee_id] if step.assignee_id else [],
        )
    return d


def dossier_request_obligation(
    *,
    dossier: Dossier,
    reason: str,
    by: User,
    at: dt.datetime,
    amount: int | None = None,
    version: int | None = None,
) -> Dossier:
    """Ask the applicant to fulfil a financial obligation (e.g. land tax): the clock pauses,
    keeping the remaining working time."""
    text = clean(reason)
    if not text:
        raise InvalidInput("Chưa nêu nghĩa vụ tài chính cần thực hiện.", field="reason")
    if amount is not None and not 0 <= amount <= 10**13:
        raise InvalidInput("Số tiền không hợp lệ.", field="amount")
    with transaction.atomic():
        d = c.lock(dossier)
        c.check_allowed(d, Action.REQUEST_OBLIGATION)
        c.check_version(d, version)
        step = c.current_step(d)
        c.require_step(by, step, at=at, what="yêu cầu thực hiện nghĩa vụ tài chính")
        assert d.due_at is not None  # noqa: S101
        remaining = max(0, int(working_time_between(at, d.due_at).total_seconds()))
        ClockStop.objects.create(
            dossier=d,
            kind=ClockStopKind.OBLIGATION,
            started_at=at,
            reason=text,
            remaining_seconds=remaining,
        )
        c.set_status(d, Action.REQUEST_OBLIGATION, Status.AWAITING_OBLIGATION)
        c.save(d, at)
        c.event(
            d,
            "dossier.obligation.requested",
            by=by,
            at=at,
            staff_text=f"Yêu cầu thực hiện nghĩa vụ tài chính: {text}; thời hạn tạm dừng, "
            f"còn lại {remaining / 3600:.1f} giờ làm việc.",
            citizen_text=f"Đề nghị thực hiện nghĩa vụ tài chính: {text}"
            + (f" ({amount:,} đồng)".replace(",", ".") if amount else "")
            + ". Thời hạn giải quyết tạm dừng đến khi hoàn thành.",
            data={"reason": text, "amount": amount, "remaining_seconds": remaining},
        )
        c.queue_portal_sync(d, at)
        c.notify_citizen(
            d,
            at=at,
            template="obligation",
            text=f"Hồ sơ {d.code}: đề nghị thực hiện nghĩa vụ tài chính: {text}.",
        )
    return d


def dossier_obligation_paid(
    *,
    dossier: Dossier,
    by: User | None,
    at: dt.datetime,
    reference: str = "",
    version: int | None = None,
) -> Dossier:
    """The obligation is fulfilled: processing resumes with the working time that remained
    when the clock paused (an already overdue dossier stays overdue).

    `by=None` is Một Cửa itself: the payments app calls this when the obligation's fee is
    paid (gateway callback, counter) or exempted, in the transaction that settles it; that
    service has already checked who may take or exempt the fee, and `reference` names it."""
    if by is None and not clean(reference):
        raise InvalidInput("Thiếu căn cứ ghi nhận tự động (mã giao dịch).", field="reference")
    with transaction.atomic():
        d = c.lock(dossier)
        c.check_allowed(d, Action.OBLIGATION_PAID)
        c.check_version(d, version)
        if by is not None:
            c.require_step_or_desk(by, d, at=at, what="ghi nhận hoàn thành nghĩa vụ tài chính")
        stop = d.clock_stops.filter(ended_at__isnull=True, kind=ClockStopKind.OBLIGATION).first()
        old_due = d.due_at
        if stop is not None:
            stop.ended_at = at
            stop.save(update_fields=["ended_at"])
            if stop.remaining_seconds:
                d.due_at = add_working_time(at, hours=stop.remaining_seconds / 3600)
        c.set_status(d, Action.OBLIGATION_PAID, Status.PROCESSING)
        c.replan(d, at=at)
        c.save(d, at)
        c.event(
            d,
            "dossier.obligation.paid",
            by=by,
            at=at,
            staff_text=f"Đã thực hiện nghĩa vụ tài chính{f' ({clean(reference)})' if clean(reference) else ''}; "
            f"tiếp tục giải quyết, hẹn trả {format_dt(d.due_at)}.",
            citizen_text=f"Đã ghi nhận hoàn thành nghĩa vụ tài chính; hẹn trả kết quả: {format_dt(d.due_at)}.",
            data={"reference": clean(reference), "old_due_at": old_due, "due_at": d.due_at},
        )
        c.queue_portal_sync(d, at)
    return d


def dossier_apologize(
    *,
    dossier: Dossier,
    reason: str,
    new_due_at: dt.datetime,
    by: User,
    at: dt.datetime,
    signer: str = "",
    version: int | None = None,
) -> Dossier:
    """The agency that will be late apologises with a reason and a new due date: at least the
    rule set's number of working days (1) before the current due date, at most the rule set's
    number of times per dossier (1). Desk and citizen are notified."""
    text = clean(reason)
    if not text:
        raise InvalidInput("Phải nêu lý do chậm giải quyết.", field="reason")
    with transaction.atomic():
        d = c.lock(dossier)
        c.check_allowed(d, Action.APOLOGIZE)
        c.check_version(d, version)
        c.require_step_or_desk(by, d, at=at, what="xin lỗi, hẹn lại ngày trả", lead_leaders=True)
        rules = c.rules_of(d)
        assert d.due_at is not None  # noqa: S101
        if d.apology_count >= rules.apology_max_per_dossier:
            raise c.RuleViolation(
                f"Hồ sơ đã được hẹn lại {d.apology_count} lần; chỉ được hẹn lại tối đa "
                f"{rules.apology_max_per_dossier} lần.",
                field="new_due_at",
            )
        before = _working_days_after(local(at).date(), local(d.due_at).date())
        if before < rules.apology_min_working_days_before_due:
            raise c.RuleViolation(
                "Phải xin lỗi và hẹn lại chậm nhất "
                f"{rules.apology_min_working_days_before_due} ngày làm việc trước hạn trả "
                f"({format_dt(d.due_at)}).",
                field="at",
            )
        if new_due_at <= d.due_at:
            raise InvalidInput(
                f"Ngày hẹn mới phải sau hạn hiện tại ({format_dt(d.due_at)}).", field="new_due_at"
            )
        if new_due_at > add_working_time(d.due_at, days=250):
            raise InvalidInput("Ngày hẹn mới quá xa.", field="new_due_at")
        step = c.current_step(d)
        old_due = d.due_at
        Apology.objects.create(
            dossier=d,
            at=at,
            by=by,
            agency=step.agency or d.lead_agency or d.receiving_unit,
            reason=text,
            old_due_at=old_due,
            new_due_at=new_due_at,
            signer=clean(signer)[:200],
        )
        d.due_at = d.extended_due_at = new_due_at
        d.apology_count += 1
        c.set_status(d, Action.APOLOGIZE, d.status)
        c.save(d, at)
        c.event(
            d,
            "dossier.apologized",
            by=by,
            at=at,
            staff_text=f"Xin lỗi, hẹn lại từ {format_dt(old_due)} sang {format_dt(new_due_at)}: {text}",
            citizen_text=f"Cơ quan giải quyết xin lỗi vì chậm trễ ({text}); hẹn trả kết quả mới: "
            f"{format_dt(new_due_at)}.",
            data={"reason": text, "old_due_at": old_due, "new_due_at": new_due_at},
        )
        c.queue_portal_sync(d, at)
        c.notify_citizen(
            d,
            at=at,
            template="apology",
            text=f"Hồ sơ {d.code}: xin lỗi vì chậm trễ. Hẹn trả kết quả mới: {format_dt(new_due_at)}.",
        )
        c.notify_staff(
            d,
            at=at,
            template="apology",
            subject="Hẹn lại ngày trả",
            text=f"Hồ sơ {d.code} được hẹn lại: {format_dt(new_due_at)}.",
            user_ids=c.unit_staff_ids(
                d.receiving_unit_id, {Role.RECEIVING_OFFICER}, on=local(at).date()
            ),
        )
    return d
