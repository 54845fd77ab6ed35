"""Reads that only the staff pages need (the reception desk, the dossier page, the book).

The rules of who may act come from the services package (the same functions the transitions
use to refuse), so a form is shown exactly when its service would accept the actor; the
service still checks everything again when the form is posted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from motcua.accounts.models import Membership, Role, User
from motcua.accounts.selectors import memberships_on, sees_all_units, units_visible_to
from motcua.catalog.models import StepRole
from motcua.core.clock import local
from motcua.dossiers.models import Dossier, DossierStep, StepKind
from motcua.dossiers.services import _common as rules
from motcua.dossiers.workflow import Action, Status, allowed_actions
from motcua.organization.models import Unit, UnitKind
from motcua.organization.selectors import unit_descendant_ids

DESK_MEMBER_ROLES = (Role.RECEIVING_OFFICER, Role.POSTAL_OFFICER, Role.CENTER_LEADER)
DESK_UNIT_KINDS = (UnitKind.CENTER, UnitKind.DEPARTMENT, UnitKind.BRANCH, UnitKind.COMMUNE)
# Who may be given a step of each role.
ASSIGNABLE_ROLES: dict[str, tuple[str, ...]] = {
    StepRole.SPECIALIST: (Role.SPECIALIST,),
    StepRole.UNIT_HEAD: (Role.UNIT_HEAD,),
    StepRole.AGENCY_LEADER: (Role.AGENCY_LEADER,),
    StepRole.RECEIVING: (Role.RECEIVING_OFFICER, Role.POSTAL_OFFICER),
    StepRole.RETURNING: (Role.RECEIVING_OFFICER, Role.POSTAL_OFFICER),
}


# --- The reception desk -----------------------------------------------------------------------


def desk_units(user: User, *, on: dt.date) -> list[Unit]:
    """The one-stop desks where `user` receives dossiers on `on` (their own memberships as
    receiving or postal officer, or center leader); every desk for a superuser."""
    if user.is_superuser:
        return list(Unit.objects.filter(kind__in=DESK_UNIT_KINDS).valid_on(on))
    seen: dict[int, Unit] = {}
    for m in memberships_on(user, on=on).filter(role__in=DESK_MEMBER_ROLES):
        seen.setdefault(m.unit_id, m.unit)
    return list(seen.values())


def is_postal_officer(user: User, *, on: dt.date) -> bool:
    return memberships_on(user, on=on).filter(role=Role.POSTAL_OFFICER).exists()


def online_waiting(user: User, *, on: dt.date, limit: int = 50) -> list[Dossier]:
    """Online dossiers submitted to the user's desks, waiting for the desk's check."""
    units = [u.pk for u in desk_units(user, on=on)]
    if not units:
        return []
    return list(
        Dossier.objects.filter(status=Status.SUBMITTED, receiving_unit_id__in=units)
        .select_related("applicant", "procedure_version", "receiving_unit")
        .order_by("submitted_at", "pk")[:limit]
    )


# --- The dossier page -------------------------------------------------------------------------


@dataclass(frozen=True)
class DossierAbilities:
    """What the user may do on a dossier now: the intersection of the workflow table (for
    the status) and the user's roles (desk of the receiving unit, holder of the current step,
    leader of its unit, member of a consulted unit)."""

    actions: frozenset[str]
    is_desk: bool
    on_step: bool
    leads_step: bool
    answerable_consults: list[DossierStep] = field(default_factory=list)

    def can(self, action: str) -> bool:
        return action in self.actions


def dossier_abilities(d: Dossier, user: User, *, at: dt.datetime) -> DossierAbilities:
    who = rules.actor(user, at=at)
    is_desk = who.holds(rules.DESK_ROLES | rules.LEADER_ROLES, d.receiving_unit_id)
    step = (
        DossierStep.objects.select_related("unit").filter(pk=d.current_step_id).first()
        if d.current_step_id
        else None
    )
    on_step = step is not None and rules.can_act_on_step(who, step)
    leads_step = step is not None and who.holds(rules.LEADER_ROLES, step.unit_id)
    consults = [
        c
        for c in DossierStep.objects.select_related("unit").filter(
            dossier=d, kind=StepKind.CONSULT, finished_at__isnull=True
        )
        if who.holds({Role.SPECIALIST, Role.UNIT_HEAD, Role.AGENCY_LEADER}, c.unit_id)
    ]
    possible = set(allowed_actions(d.status))
    mine: set[str] = set()
    before_reception = d.received_at is None
    desk_actions = {Action.ACCEPT, Action.REQUEST_SUPPLEMENT_AT_DESK, Action.REFUSE_AT_DESK}
    if is_desk and before_reception:
        mine |= desk_actions
    if is_desk and d.status == Status.DONE:
        mine.add(Action.RETURN)
    if step is not None:
        if on_step and step.assignee_id is None:
            mine.add(Action.CLAIM)
        if leads_step:
            mine.add(Action.ASSIGN)
        if on_step:
            mine |= {
                Action.TRANSFER,
                Action.SEND_BACK,
                Action.FORWARD,
                Action.CONSULT,
                Action.FIELD_CHECK,
                Action.REQUEST_SUPPLEMENT,
                Action.REQUEST_OBLIGATION,
                Action.REFUSE,
                Action.ATTACH_RESULT,
            }
    if (is_desk or on_step) and not before_reception:
        mine |= {
            Action.RECEIVE_SUPPLEMENT,
            Action.OBLIGATION_PAID,
            Action.APOLOGIZE,
            Action.REQUEST_WITHDRAWAL,
            Action.STOP,
        }
    if is_desk and before_reception and d.status == Status.SUPPLEMENT_REQUESTED:
        mine.add(Action.RECEIVE_SUPPLEMENT)
    if consults:
        mine.add(Action.CONSULT_ANSWER)
    if step is not None and step.role == StepRole.RETURNING:
        # The returning step is the desk's: nothing is processed there any more.
        mine -= {Action.TRANSFER, Action.SEND_BACK, Action.FORWARD, Action.CONSULT}
    if step is not None and step.role == StepRole.RECEIVING:
        # At the desk the dossier is handed on; results are not attached there.
        mine -= {Action.SEND_BACK, Action.ATTACH_RESULT, Action.REFUSE, Action.CONSULT}
    return DossierAbilities(
        actions=frozenset(possible & mine),
        is_desk=is_desk,
        on_step=on_step,
        leads_step=leads_step,
        answerable_consults=consults,
    )


def dossier_steps(d: Dossier) -> list[DossierStep]:
    """Every step of the dossier (the plan and what ran), in order."""
    return list(
        DossierStep.objects.filter(dossier=d)
        .select_related("unit", "agency", "assignee", "finished_by")
        .order_by("order", "started_at", "pk")
    )


def assignable_users(step: DossierStep, *, on: dt.date) -> list[User]:
    """People a leader may give `step` to: holders of the step's role in its unit or below."""
    roles = ASSIGNABLE_ROLES.get(step.role, (Role.SPECIALIST,))
    unit_ids = unit_descendant_ids([step.unit_id])
    members = (
        Membership.objects.filter(unit_id__in=unit_ids, role__in=roles, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .values("user_id")
    )
    return list(
        User.objects.filter(is_active=True, pk__in=members).order_by("full_name", "username")
    )


def send_back_targets(d: Dossier) -> list[DossierStep]:
    """Earlier steps of the plan that already ran (one per order), for "send back"."""
    current = d.current_step
    if current is None:
        return []
    rows = (
        DossierStep.objects.filter(
            dossier=d, kind=StepKind.NORMAL, started_at__isnull=False, order__lt=current.order
        )
        .select_related("unit")
        .order_by("order", "-started_at")
    )
    by_order: dict[int, DossierStep] = {}
    for s in rows:
        by_order.setdefault(s.order, s)
    return list(by_order.values())


def forward_agencies(*, on: dt.date) -> QuerySet[Unit]:
    """Agencies a dossier can be forwarded to (liên thông), with their sub-units."""
    return (
        Unit.objects.filter(kind__in=(UnitKind.AGENCY, UnitKind.SUBUNIT, UnitKind.COMMUNE))
        .valid_on(on)
        .select_related("parent")
        .order_by("kind", "sort_order", "name")
    )


def unit_choices(user: User, *, on: dt.date) -> list[Unit]:
    """Units for the list filter: those the user may see (valid today)."""
    qs = Unit.objects.all() if sees_all_units(user, on=on) else units_visible_to(user, on=on)
    qs = qs.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    return list(qs.order_by("sort_order", "name"))


def book_units(user: User, *, on: dt.date) -> list[Unit]:
    """Desks whose tracking book the user may open: visible desk-kind units."""
    qs = Unit.objects.all() if sees_all_units(user, on=on) else units_visible_to(user, on=on)
    return list(qs.filter(kind__in=DESK_UNIT_KINDS).order_by("sort_order", "name"))


def local_date(at: dt.datetime) -> dt.date:
    return local(at).date()


# --- Time left -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkLeft:
    """Working time between now and a due date, split for display (8-hour days by default)."""

    overdue: bool
    days: int
    hours: int
    minutes: int


def work_left(due_at: dt.datetime, *, at: dt.datetime) -> WorkLeft:
    from motcua.worktime.services import working_hours, working_time_between

    span = working_time_between(at, due_at)
    overdue = span.total_seconds() < 0 or due_at < at
    seconds = abs(int(span.total_seconds()))
    day = max(1, int(working_hours().day_length.total_seconds()))
    days, rest = divmod(seconds, day)
    return WorkLeft(overdue=overdue, days=days, hours=rest // 3600, minutes=(rest % 3600) // 60)


@dataclass(frozen=True)
class TimelineRow:
    at: dt.datetime
    label: str
    actor: str
    staff_text: str
    citizen_text: str
    status: str


def timeline_rows(d: Dossier) -> list[TimelineRow]:
    """The dossier's events, oldest first, with both the staff and the citizen texts."""
    from motcua.dossiers.audit import action_label
    from motcua.dossiers.models import DossierEvent

    return [
        TimelineRow(
            at=e.at,
            label=action_label(e.action),
            actor=str(e.actor) if e.actor else "",
            staff_text=e.staff_text,
            citizen_text=e.citizen_text,
            status=e.status_after,
        )
        for e in DossierEvent.objects.filter(dossier=d).select_related("actor").order_by("at", "pk")
    ]
