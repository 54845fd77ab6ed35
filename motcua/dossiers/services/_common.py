"""The shape every transition shares: lock, check, write the event, queue side effects;
plus deadline arithmetic and who may act. Private to the services package."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from motcua.accounts.models import Role, User
from motcua.accounts.selectors import roles_in_units_on
from motcua.catalog.models import StepRole, TimeUnit
from motcua.core.clock import VN_TZ, local
from motcua.core.errors import Conflict, InvalidInput, NotAllowed
from motcua.core.rows import insert_rows, update_row
from motcua.dossiers.audit import ACTIONS
from motcua.dossiers.extensions import check_gates
from motcua.dossiers.models import (
    CHANNEL_PORTAL_CODES,
    Channel,
    Dossier,
    DossierEvent,
    DossierStep,
    DossierUnit,
    StepKind,
)
from motcua.dossiers.outbox import Outgoing, outbox_put, outbox_put_all
from motcua.dossiers.rules import RuleSet, rule_set_by_code
from motcua.dossiers.workflow import ALLOWED_TRANSITIONS, Action, Status, allowed_actions
from motcua.organization.models import Unit
from motcua.organization.selectors import unit_descendant_ids
from motcua.worktime.models import Timeliness
from motcua.worktime.services import (
    add_working_time,
    classify_timeliness,
    is_working_day,
    next_working_day,
    next_working_start,
)

# --- Errors -------------------------------------------------------------------------------


class _WithActions(Conflict):
    @property
    def allowed_actions(self) -> list[str]:
        return [str(a) for a in cast(list[str], self.details.get("allowed_actions", []))]


class WrongState(_WithActions):
    """The action is not allowed in the dossier's current status (409 with allowed_actions)."""


class StaleVersion(Conflict):
    """The dossier changed since the caller read it (409)."""


class RuleViolation(_WithActions):
    """A regulatory rule forbids the action now (too late, already done once, …) (409)."""


class MissingDocuments(InvalidInput):
    """Mandatory documents are missing (422, naming each)."""


class CannotAct(NotAllowed):
    """The actor holds no role that allows this action on this dossier (403)."""


# --- Locking and checks ------------------------------------------------------------------


def lock(dossier: Dossier) -> Dossier:
    """The dossier's row, locked until the end of the transaction (fresh from the DB)."""
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("procedure_version__procedure", "receiving_unit")
        .get(pk=dossier.pk)
    )


def check_allowed(d: Dossier, action: str) -> None:
    if d.status not in ALLOWED_TRANSITIONS[action].sources:
        raise WrongState(
            f"Không thể thực hiện “{Action(action).label}” khi hồ sơ đang ở trạng thái "
            f"“{Status(d.status).label}”.",
            field="status",
            status=d.status,
            allowed_actions=allowed_actions(d.status),
        )
    # Other apps' gates (e.g. fees due must be paid or exempted: motcua.payments.rules).
    check_gates(d, action)


def check_version(d: Dossier, version: int | None) -> None:
    if version is not None and version != d.version:
        raise StaleVersion(
            "Hồ sơ vừa được người khác cập nhật (phiên bản hiện tại "
            f"{d.version}, bạn gửi {version}). Vui lòng tải lại hồ sơ rồi thực hiện lại.",
            field="version",
            current_version=d.version,
        )


def set_status(d: Dossier, action: str, status: str) -> None:
    assert status in ALLOWED_TRANSITIONS[action].targets, (action, status)  # noqa: S101
    d.status = status


def save(d: Dossier, at: dt.datetime) -> None:
    """Write the whole dossier row, with its version moved on (stale edits check it)."""
    d.version = (d.version or 0) + 1
    d.updated_at = at
    update_row(d)


def set_current(d: Dossier, step: DossierStep | None) -> None:
    """Copy the current step onto the dossier (the inbox reads only these columns)."""
    d.current_step = step
    d.current_step_unit = step.unit if step else None
    d.current_step_role = step.role if step else ""
    d.current_assignee = step.assignee if step else None


def current_step(d: Dossier) -> DossierStep:
    step = (
        DossierStep.objects.select_related("unit", "agency", "assignee")
        .filter(pk=d.current_step_id)
        .first()
        if d.current_step_id
        else None
    )
    if step is None:
        raise WrongState(
            "Hồ sơ không có bước xử lý đang mở.",
            status=d.status,
            allowed_actions=allowed_actions(d.status),
        )
    return step


def rules_of(d: Dossier) -> RuleSet:
    return rule_set_by_code(d.rule_set)


# --- Events and side effects ------------------------------------------------------------


def _compact(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_compact(v) for v in value]
    return value


def event(
    d: Dossier,
    action: str,
    *,
    by: User | None,
    at: dt.datetime,
    staff_text: str,
    citizen_text: str = "",
    data: dict[str, Any] | None = None,
) -> DossierEvent:
    """Write the audit event of a transition (same transaction)."""
    assert action in ACTIONS, action  # noqa: S101
    row = DossierEvent(
        dossier=d,
        action=action,
        actor=by,
        at=at,
        status_after=d.status,
        data=_compact(data or {}),
        citizen_text=citizen_text[:500],
        staff_text=staff_text[:1000],
    )
    insert_rows([row])
    return row


def portal_time(moment: dt.datetime | None) -> str:
    """yyyyMMddHHmmss in Asia/Ho_Chi_Minh (the national portal's date format)."""
    return "" if moment is None else local(moment).strftime("%Y%m%d%H%M%S")


def portal_sync(d: Dossier, at: dt.datetime) -> Outgoing | None:
    """The national-portal status sync of the dossier's state (DOMAIN.md §5), or None when
    the state has no portal code."""
    from motcua.dossiers.workflow import portal_code

    status_code = portal_code(d.status)
    if status_code is None:
        return None
    return Outgoing(
        topic="dvcqg.sync",
        payload={
            "code": d.code,
            "status": d.status,
            "portal_status": status_code,
            "channel": CHANNEL_PORTAL_CODES[Channel(d.channel)],
            "procedure": d.procedure_version.procedure.national_code,
            "agency": d.receiving_unit.code,
            "at": portal_time(at),
            "received_at": portal_time(d.received_at),
            "due_at": portal_time(d.due_at),
            "finished_at": portal_time(d.finished_at),
            "returned_at": portal_time(d.returned_at),
        },
    )


def citizen_notice(d: Dossier, *, template: str, text: str) -> Outgoing:
    """A notification to the applicant (SMS and e-mail, from the event's templates)."""
    applicant = getattr(d, "applicant", None)
    return Outgoing(
        topic="notify.citizen",
        payload={
            "dossier": d.pk,
            "code": d.code,
            "template": template,
            "email": applicant.email if applicant else "",
            "phone": applicant.phone if applicant else "",
            "text": text,
        },
    )


def queue_portal_sync(d: Dossier, at: dt.datetime) -> None:
    """National-portal status sync, delivered through the outbox."""
    outbox_put_all([portal_sync(d, at)], at=at)


def notify_citizen(d: Dossier, *, at: dt.datetime, template: str, text: str) -> None:
    outbox_put_all([citizen_notice(d, template=template, text=text)], at=at)


def notify_staff(
    d: Dossier,
    *,
    at: dt.datetime,
    template: str,
    subject: str,
    text: str,
    user_ids: Iterable[int],
    dedupe_key: str | None = None,
) -> None:
    ids = sorted({i for i in user_ids if i})
    if not ids:
        return
    outbox_put(
        topic="notify.staff",
        payload={
            "dossier": d.pk,
            "code": d.code,
            "template": template,
            "subject": subject,
            "text": text,
            "user_ids": ids,
        },
        at=at,
        dedupe_key=dedupe_key,
    )


def unit_staff_ids(unit_id: int | None, roles: Iterable[str], *, on: dt.date) -> list[int]:
    """Users holding one of `roles` in exactly this unit on `on`."""
    from django.db.models import Q

    from motcua.accounts.models import Membership

    if unit_id is None:
        return []
    return list(
        Membership.objects.filter(unit_id=unit_id, role__in=list(roles), valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .filter(user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
    )


# --- Deadlines ----------------------------------------------------------------------------


def start_of_working_day(day: dt.date) -> dt.datetime:
    """Opening time of `day` if it is a working day, else of the next working day."""
    return next_working_start(dt.datetime.combine(day, dt.time(0, 0), tzinfo=VN_TZ))


def clock_start(
    *, received_at: dt.datetime, after_cutoff_next_day: bool, rules: RuleSet
) -> dt.datetime:
    """When the time limit starts counting: at reception, or — for a dossier received after
    the rule set's cut-off (15:00) when the procedure says so — at the opening of the next
    working day. Received outside working hours: the next opening."""
    moment = local(received_at)
    if after_cutoff_next_day and is_working_day(moment.date()) and moment.time() > rules.cutoff:
        return start_of_working_day(next_working_day(moment.date()))
    return next_working_start(moment)


def due_from(start: dt.datetime, *, value: int, unit: str) -> dt.datetime:
    """The due time of a statutory limit counted from `start` (a working moment)."""
    if unit == TimeUnit.SAME_DAY:
        opening = start_of_working_day(local(start).date())
        return add_working_time(opening, days=1)
    if unit == TimeUnit.WORKING_DAYS and value > 0:
        return add_working_time(start, days=value)
    if unit == TimeUnit.WORKING_HOURS and value > 0:
        return add_working_time(start, hours=value)
    raise InvalidInput(
        "Thủ tục chưa có thời hạn giải quyết hợp lệ; không tính được ngày hẹn trả.",
        field="procedure",
    )


def step_due(
    started_at: dt.datetime, budget_hours: Decimal, cap: dt.datetime | None
) -> dt.datetime:
    due = add_working_time(started_at, hours=float(budget_hours))
    return min(due, cap) if cap is not None and cap >= started_at else due


def timeliness(finished_at: dt.datetime, due_at: dt.datetime | None) -> str:
    if due_at is None:
        return Timeliness.ON_TIME
    return classify_timeliness(finished_at=finished_at, due_at=due_at)


# --- Who may act ---------------------------------------------------------------------------

DESK_ROLES = frozenset({Role.RECEIVING_OFFICER, Role.POSTAL_OFFICER})
LEADER_ROLES = frozenset({Role.UNIT_HEAD, Role.AGENCY_LEADER, Role.CENTER_LEADER})
STEP_ROLE_HOLDERS: dict[str, frozenset[str]] = {
    StepRole.RECEIVING: DESK_ROLES,
    StepRole.RETURNING: DESK_ROLES,
    StepRole.SPECIALIST: frozenset({Role.SPECIALIST}),
    StepRole.UNIT_HEAD: frozenset({Role.UNIT_HEAD}),
    StepRole.AGENCY_LEADER: frozenset({Role.AGENCY_LEADER}),
}


@dataclass(frozen=True)
class Actor:
    """A user's memberships on one day, loaded once per service call."""

    user: User
    everything: bool
    roles_by_unit: dict[int, frozenset[str]]
    # The member units themselves (loaded with the memberships), by id.
    units: dict[int, Unit] = field(default_factory=dict)

    def holds(self, roles: Iterable[str], unit_id: int | None) -> bool:
        """Holds one of `roles` in `unit_id` or in a unit above it."""
        if self.everything:
            return True
        if unit_id is None:
            return False
        wanted = set(roles)
        member_units = [u for u, held in self.roles_by_unit.items() if held & wanted]
        if not member_units:
            return False
        if unit_id in member_units:  # the common case: no need to walk the unit tree
            return True
        return unit_id in unit_descendant_ids(member_units)

    def holds_near(self, roles: Iterable[str], unit_id: int | None) -> bool:
        """Holds one of `roles` in `unit_id`, above it, or below it: a step planned at an
        agency as a whole (no department named) is worked by that role in its departments."""
        if self.holds(roles, unit_id):
            return True
        if unit_id is None:
            return False
        wanted = set(roles)
        below = unit_descendant_ids([unit_id])
        return any(u in below for u, held in self.roles_by_unit.items() if held & wanted)


def actor(user: User, *, at: dt.datetime) -> Actor:
    if not isinstance(user, User) or not user.is_active:
        raise CannotAct("Tài khoản không hợp lệ hoặc đã bị khóa.")
    if user.is_superuser:
        return Actor(user, True, {})
    roles: dict[int, set[str]] = {}
    units: dict[int, Unit] = {}
    for unit, role in roles_in_units_on(user, on=local(at).date()):
        roles.setdefault(unit.pk, set()).add(role)
        units[unit.pk] = unit
    return Actor(user, False, {u: frozenset(r) for u, r in roles.items()}, units)


def require_desk(user: User, d: Dossier, *, at: dt.datetime, what: str) -> Actor:
    """Receiving/postal officers (and leaders) of the receiving unit."""
    who = actor(user, at=at)
    if not who.holds(DESK_ROLES | LEADER_ROLES, d.receiving_unit_id):
        raise CannotAct(f"Chỉ cán bộ một cửa của {d.receiving_unit} được {what}.", field="by")
    return who


def require_desk_unit(user: User, unit: Unit | None, *, at: dt.datetime) -> Unit:
    """The desk where `user` receives this dossier: `unit`, when they hold a desk role there
    (or lead the Center); with no unit given, the one desk where they hold a desk role."""
    who = actor(user, at=at)
    if unit is None:
        desks = [u for u, held in who.roles_by_unit.items() if held & DESK_ROLES]
        if len(desks) != 1:
            raise InvalidInput(
                "Chọn đơn vị tiếp nhận (mã đơn vị) vì bạn tiếp nhận tại nhiều nơi hoặc chưa có "
                "nơi tiếp nhận.",
                field="receiving_unit",
            )
        return who.units[desks[0]]
    if not who.holds(DESK_ROLES | {Role.CENTER_LEADER}, unit.pk):
        raise CannotAct(f"Bạn không có vai trò tiếp nhận hồ sơ tại {unit}.", field="receiving_unit")
    return unit


def can_act_on_step(who: Actor, step: DossierStep) -> bool:
    roles = STEP_ROLE_HOLDERS.get(step.role, frozenset()) | LEADER_ROLES
    return who.holds_near(roles, step.unit_id)


def require_step(user: User, step: DossierStep, *, at: dt.datetime, what: str) -> Actor:
    who = actor(user, at=at)
    if not can_act_on_step(who, step):
        raise CannotAct(
            f"Bạn không xử lý bước hiện tại của hồ sơ (tại {step.unit}) nên không được {what}.",
            field="by",
        )
    return who


def require_step_or_desk(
    user: User, d: Dossier, *, at: dt.datetime, what: str, lead_leaders: bool = False
) -> Actor:
    """The desk, whoever may act on the current step, and (with `lead_leaders`) the leaders
    of the lead agency."""
    who = actor(user, at=at)
    if who.holds(DESK_ROLES | LEADER_ROLES, d.receiving_unit_id):
        return who
    if d.current_step_id and can_act_on_step(who, current_step(d)):
        return who
    if lead_leaders and who.holds_near(LEADER_ROLES, d.lead_agency_id):
        return who
    raise CannotAct(f"Bạn không được {what} đối với hồ sơ này.", field="by")


def link_units(d: Dossier, unit_ids: Iterable[int | None]) -> None:
    """Record the units the dossier concerns (the visibility index; duplicates ignored)."""
    ids = sorted({i for i in unit_ids if i})
    insert_rows([DossierUnit(dossier_id=d.pk, unit_id=i) for i in ids], ignore_conflicts=True)


# --- Steps --------------------------------------------------------------------------------


def close_step(step: DossierStep, *, by: User, at: dt.datetime, note: str = "") -> None:
    step.finished_at = at
    step.finished_by = by
    step.timeliness = timeliness(at, step.planned_due_at)
    if note:
        step.note = f"{step.note}\n{note}".strip() if step.note else note
    step.save(update_fields=["finished_at", "finished_by", "timeliness", "note"])


def start_step(
    d: Dossier,
    step: DossierStep,
    *,
    at: dt.datetime,
    from_step: DossierStep | None,
    assignee: User | None = None,
) -> DossierStep:
    step.started_at = at
    step.from_step = from_step
    if assignee is not None:
        step.assignee = assignee
    step.planned_due_at = step_due(at, step.budget_hours, d.due_at)
    if step.pk is None:
        step.save()
    else:
        step.save(update_fields=["started_at", "from_step", "assignee", "planned_due_at"])
    set_current(d, step)
    return step


def normal_steps(d: Dossier) -> list[DossierStep]:
    return list(
        DossierStep.objects.filter(dossier=d, kind=StepKind.NORMAL)
        .select_related("unit", "agency")
        .order_by("order", "pk")
    )


def clone(step: DossierStep, *, assignee: bool = False) -> DossierStep:
    return DossierStep(
        dossier_id=step.dossier_id,
        order=step.order,
        kind=step.kind,
        role=step.role,
        agency_id=step.agency_id,
        unit_id=step.unit_id,
        assignee_id=step.assignee_id if assignee else None,
        description=step.description,
        budget_hours=step.budget_hours,
    )


def next_step(d: Dossier, after: DossierStep) -> DossierStep | None:
    """The next step of the plan after `after`: its waiting row, or a new run of it when
    that row already ran (after a send-back)."""
    steps = normal_steps(d)
    later = sorted({s.order for s in steps if s.order > after.order})
    if not later:
        return None
    order = later[0]
    rows = [s for s in steps if s.order == order]
    waiting = [s for s in rows if s.started_at is None]
    return waiting[0] if waiting else clone(rows[-1])


def replan(d: Dossier, *, at: dt.datetime) -> None:
    """After the due date moved (supplement restart, obligation resumed): the open step
    gets a fresh budget from `at`, and waiting steps are planned one after another."""
    steps = normal_steps(d)
    cursor = at
    for s in steps:
        if s.pk == d.current_step_id:
            s.planned_due_at = step_due(at, s.budget_hours, d.due_at)
            s.save(update_fields=["planned_due_at"])
            cursor = s.planned_due_at
    for s in steps:
        if s.started_at is None:
            s.planned_due_at = step_due(cursor, s.budget_hours, d.due_at)
            s.save(update_fields=["planned_due_at"])
            cursor = s.planned_due_at


def bump_open_consults(d: Dossier, delta: int) -> None:
    d.open_consults = max(0, d.open_consults + delta)


def clean_lines(values: Sequence[str], *, field: str, label: str) -> list[str]:
    from motcua.core.text import clean

    lines = [clean(v) for v in values if clean(v)]
    if not lines:
        raise InvalidInput(f"Chưa nhập {label}.", field=field)
    return lines
