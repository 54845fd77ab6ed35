"""Reads of dossiers, always scoped to what the reader may see.

Staff see a dossier when one of its units is visible to them (motcua.accounts.selectors.
units_visible_to): the receiving desk, the lead agency, or the unit/agency of any of its
steps. Outside that, the dossier does not exist for them (NotFound, 404). Reading a
dossier's personal data writes one DataAccessLog row.

The inbox reads only the denormalised current-step columns and their composite index
(current_step_unit, current_step_role, status, due_at): one indexed query per page.
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet

from motcua.accounts.models import Role, User
from motcua.accounts.selectors import (
    roles_in_units_on,
    sees_all_units,
    units_visible_to,
)
from motcua.catalog.models import StepRole
from motcua.core.clock import local
from motcua.core.errors import InvalidInput, NotFound
from motcua.dossiers.models import (
    Apology,
    DataAccessLog,
    Dossier,
    DossierEvent,
    DossierStep,
    DossierUnit,
    LookupFailure,
    StepKind,
)
from motcua.dossiers.validators import mask_address, mask_email, mask_id, mask_name, mask_phone
from motcua.dossiers.workflow import FINAL, WAITING_FOR_CITIZEN, Status, citizen_text
from motcua.organization.models import Unit
from motcua.worktime.services import add_working_time

PAGE_SIZE = 20
INBOX_MAX_PAGE = 500
INBOX_COUNT_CAP = 1000
LIST_COUNT_CAP = 500
LIST_MAX_PAGE = 500
LOOKUP_MAX_FAILURES = 10
LOOKUP_WINDOW = dt.timedelta(minutes=10)

# Which step roles each staff role works on (the inbox's "to do").
ROLE_STEPS: dict[str, tuple[str, ...]] = {
    Role.RECEIVING_OFFICER: (StepRole.RECEIVING, StepRole.RETURNING),
    Role.POSTAL_OFFICER: (StepRole.RECEIVING, StepRole.RETURNING),
    Role.SPECIALIST: (StepRole.SPECIALIST,),
    Role.UNIT_HEAD: (StepRole.UNIT_HEAD,),
    Role.AGENCY_LEADER: (StepRole.AGENCY_LEADER,),
}
TODO_STATUSES = (Status.SUBMITTED, Status.RECEIVED, Status.PROCESSING, Status.DONE)
CLOCK_STATUSES = (Status.RECEIVED, Status.PROCESSING)
BOXES = ("todo", "due_soon", "overdue", "waiting")
# What a list row shows (the API's summary, the staff pages): loaded with the page's one
# query, never one query per row.
SUMMARY_RELATED = (
    "applicant",
    "procedure_version__procedure",
    "receiving_unit",
    "current_step_unit",
    "current_assignee",
)
# What an inbox row shows (the staff inbox page and the API's summary), and nothing else:
# a page of wide rows would cost more to decode than to find.
INBOX_ROW_FIELDS = (
    "code",
    "status",
    "channel",
    "version",
    "received_at",
    "due_at",
    "current_step_id",
    "current_step_role",
    "current_step_unit__code",
    "current_step_unit__name",
    "current_assignee__username",
    "current_assignee__full_name",
    "current_assignee__first_name",
    "current_assignee__last_name",
    "receiving_unit__code",
    "receiving_unit__name",
    "applicant__full_name",
    "procedure_version__name",
    "procedure_version__version_no",
    "procedure_version__procedure__national_code",
)
# The version's long texts and JSON lists, which no list row shows: read and decoded for
# every row of a page otherwise.
SUMMARY_DEFERRED = (
    "procedure_version__steps",
    "procedure_version__conditions",
    "procedure_version__legal_basis",
    "procedure_version__search_text",
    "procedure_version__applicant_types",
    "procedure_version__channels",
)


class DossierNotFound(NotFound):
    """Unknown code, or a dossier outside the reader's units (the same answer)."""


class LookupThrottled(InvalidInput):
    """Too many failed look-ups from one address (429)."""

    status_code = 429


def _not_found(code: str) -> DossierNotFound:
    return DossierNotFound(f"Không tìm thấy hồ sơ {code}.", field="code")


# --- Visibility -------------------------------------------------------------------------------


def visible_dossiers(user: User, *, on: dt.date) -> QuerySet[Dossier]:
    """Every dossier `user` may see on `on`: those concerning one of the user's units (its
    desk, lead agency, or a unit or agency of one of its steps — the DossierUnit index)."""
    if sees_all_units(user, on=on):
        return Dossier.objects.all()
    unit_ids = list(units_visible_to(user, on=on).values_list("pk", flat=True))
    if not unit_ids:
        return Dossier.objects.none()
    return Dossier.objects.filter(
        pk__in=DossierUnit.objects.filter(unit_id__in=unit_ids).values("dossier_id")
    )


def log_access(dossier: Dossier, user: User, *, at: dt.datetime, purpose: str) -> None:
    DataAccessLog.objects.create(dossier=dossier, user=user, at=at, purpose=purpose[:60])


def dossier_get_for_user(
    code: str, user: User, *, at: dt.datetime, purpose: str = "view"
) -> Dossier:
    """The dossier with this code if `user` may see it (else DossierNotFound); the read of
    its personal data is logged."""
    qs = visible_dossiers(user, on=local(at).date()).select_related(
        "applicant",
        "procedure_version__procedure",
        "procedure_version__field",
        "case",
        "receiving_unit",
        "lead_agency",
        "current_step_unit",
        "current_assignee",
    )
    dossier = qs.filter(code=code.replace("\x00", "").strip()[:60]).first()
    if dossier is None:
        raise _not_found(code)
    log_access(dossier, user, at=at, purpose=purpose)
    return dossier


# --- Inbox ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxPage:
    box: str
    items: list[Dossier]
    page: int
    has_next: bool
    counts: dict[str, int] = field(default_factory=dict)


def _desk_pairs(user: User, *, on: dt.date) -> list[tuple[int, str]]:
    """The (unit, step role) pairs the user works on."""
    pairs: set[tuple[int, str]] = set()
    memberships = roles_in_units_on(user, on=on)
    parents = _parents() if memberships else {}
    for unit, role in memberships:
        # The member's unit and the units above it: a step planned at an agency as a whole
        # is worked by that role in its departments.
        unit_id: int | None = unit.pk
        while unit_id is not None:
            pairs.update((unit_id, step_role) for step_role in ROLE_STEPS.get(role, ()))
            unit_id = parents.get(unit_id)
            if role in (Role.RECEIVING_OFFICER, Role.POSTAL_OFFICER):
                break  # a desk works only its own counter
    return sorted(pairs)


def _parents() -> dict[int, int | None]:
    return dict(Unit.objects.values_list("pk", "parent_id"))


# Soonest due first; dossiers without a due date yet (submitted online, waiting for the
# desk's check) last — the order of the inbox index on PostgreSQL, the same on SQLite.
INBOX_ORDER = (F("due_at").asc(nulls_last=True), "pk")


def _box_filter(box: str, at: dt.datetime) -> Q:
    if box == "todo":
        return Q(status__in=TODO_STATUSES)
    if box == "overdue":
        return Q(status__in=CLOCK_STATUSES, due_at__lt=at)
    if box == "due_soon":
        return Q(
            status__in=CLOCK_STATUSES, due_at__gte=at, due_at__lte=add_working_time(at, days=1)
        )
    if box == "waiting":
        return Q(status__in=sorted(WAITING_FOR_CITIZEN)) | Q(open_consults__gt=0)
    raise InvalidInput("Hộp hồ sơ phải là todo, due_soon, overdue hoặc waiting.", field="box")


def _branches(
    user: User, box: str, *, at: dt.datetime, pairs: list[tuple[int, str]] | None = None
) -> list[QuerySet[Dossier]]:
    """The inbox as a union of simple queries, each answered in due order by one index:
    one per (unit, step role) the user works on — steps nobody holds, or the user holds —
    and one for the steps given to the user (the waiting box ignores who holds them)."""
    wanted = _box_filter(box, at)
    free_or_mine = Q(current_assignee__isnull=True) | Q(current_assignee_id=user.pk)
    branches = []
    if pairs is None:
        pairs = _desk_pairs(user, on=local(at).date())
    for unit_id, step_role in pairs:
        qs = Dossier.objects.filter(current_step_unit_id=unit_id, current_step_role=step_role)
        branches.append(qs.filter(wanted) if box == "waiting" else qs.filter(wanted & free_or_mine))
    branches.append(Dossier.objects.filter(current_assignee_id=user.pk).filter(wanted))
    return branches


def inbox_queryset(user: User, box: str, *, at: dt.datetime) -> QuerySet[Dossier]:
    """The whole box as one query (for exports), in inbox order."""
    wanted = _box_filter(box, at)
    mine = Q(current_assignee_id=user.pk)
    scope = Q(pk__in=[])
    for unit_id, step_role in _desk_pairs(user, on=local(at).date()):
        scope |= Q(current_step_unit_id=unit_id, current_step_role=step_role)
    if box != "waiting":
        scope &= Q(current_assignee__isnull=True) | mine
    return Dossier.objects.filter(wanted & (scope | mine)).order_by(*INBOX_ORDER)


def inbox(user: User, box: str = "todo", page: int = 1, *, at: dt.datetime) -> InboxPage:
    """One page of the user's inbox: `todo` (steps of my units and roles, unclaimed or mine),
    `due_soon` (≤ 1 working day), `overdue`, `waiting` (for the citizen or a consultation).

    Each branch reads only the first rows it could contribute, in index order; the merged
    page is then loaded by primary key. Fast at a million dossiers whatever the box size."""
    if page < 1 or page > INBOX_MAX_PAGE:
        raise InvalidInput(f"Số trang phải từ 1 đến {INBOX_MAX_PAGE}.", field="page")
    need = page * PAGE_SIZE + 1
    keys: set[tuple[dt.datetime | None, int]] = set()
    for branch in _branches(user, box, at=at):
        keys.update(branch.order_by(*INBOX_ORDER).values_list("due_at", "pk")[:need])
    ordered = sorted(keys, key=lambda k: (k[0] is None, k[0] or at, k[1]))
    window = ordered[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1]
    by_pk = (
        Dossier.objects.select_related(*SUMMARY_RELATED)
        .only(*INBOX_ROW_FIELDS)
        .in_bulk([pk for _, pk in window])
    )
    rows = [by_pk[pk] for _, pk in window if pk in by_pk]
    return InboxPage(box=box, items=rows[:PAGE_SIZE], page=page, has_next=len(rows) > PAGE_SIZE)


def inbox_counts(user: User, *, at: dt.datetime) -> dict[str, int]:
    """How many dossiers each box holds, counted up to INBOX_COUNT_CAP (a count equal to the
    cap means "at least that many": the badge shows e.g. "1000+"). Each branch reads at most
    the cap from its index; a dossier in two branches counts once."""
    counts = {}
    pairs = _desk_pairs(user, on=local(at).date())
    for box in BOXES:
        seen: set[int] = set()
        for branch in _branches(user, box, at=at, pairs=pairs):
            seen.update(branch.order_by().values_list("pk", flat=True)[:INBOX_COUNT_CAP])
            if len(seen) >= INBOX_COUNT_CAP:
                break
        counts[box] = min(len(seen), INBOX_COUNT_CAP)
    return counts


# --- Lists ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class DossierFilters:
    status: str = ""
    unit: str = ""  # unit code: received there, led by it, or currently there
    due_before: dt.datetime | None = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    q: str = ""  # code or applicant name (diacritics ignored)
    overdue: bool = False


def dossier_list(
    user: User,
    filters: DossierFilters,
    *,
    at: dt.datetime,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> tuple[list[Dossier], int]:
    """Visible dossiers matching `filters`, newest first; returns (page rows, total) where
    total is exact below LIST_COUNT_CAP and equals LIST_COUNT_CAP when there are at least
    that many (the API's `total`; pages go up to LIST_MAX_PAGE)."""
    from motcua.core.text import fold

    if page < 1 or page > LIST_MAX_PAGE:
        raise InvalidInput(f"Số trang phải từ 1 đến {LIST_MAX_PAGE}.", field="page")
    qs = visible_dossiers(user, on=local(at).date())
    if filters.status:
        if filters.status not in Status.values:
            raise InvalidInput("Trạng thái không hợp lệ.", field="status")
        qs = qs.filter(status=filters.status)
    if filters.unit:
        qs = qs.filter(
            Q(receiving_unit__code=filters.unit)
            | Q(lead_agency__code=filters.unit)
            | Q(current_step_unit__code=filters.unit)
        )
    if filters.due_before is not None:
        qs = qs.filter(due_at__lt=filters.due_before)
    if filters.overdue:
        qs = qs.filter(status__in=CLOCK_STATUSES, due_at__lt=at)
    if filters.received_from is not None:
        qs = qs.filter(received_at__date__gte=filters.received_from)
    if filters.received_to is not None:
        qs = qs.filter(received_at__date__lte=filters.received_to)
    if filters.q.strip():
        term = filters.q.strip()
        qs = qs.filter(Q(code__startswith=term) | Q(applicant__name_folded__contains=fold(term)))
    # Counted up to LIST_COUNT_CAP: an exact count over a million visible rows costs a
    # full scan; LIST_COUNT_CAP then means "at least that many". The capped sub-query walks
    # the rows in the page's order (newest first, down the primary key): unordered, the
    # database walks from the oldest id and, for a filter that matches mostly recent rows
    # (open dossiers), reads nearly the whole table before it finds LIST_COUNT_CAP.
    qs = qs.order_by("-pk")  # newest first
    total = qs[:LIST_COUNT_CAP].count()
    offset = (page - 1) * page_size
    rows = qs.select_related(*SUMMARY_RELATED).defer(*SUMMARY_DEFERRED)
    return list(rows[offset : offset + page_size]), total


# --- Timeline ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    action: str
    label: str
    text: str
    actor: str
    status: str


def timeline(dossier: Dossier, audience: str = "staff") -> list[TimelineEntry]:
    """The dossier's events, oldest first. Citizens see only events with a citizen text, and
    no staff names."""
    from motcua.dossiers.audit import action_label

    if audience not in ("staff", "citizen"):
        raise InvalidInput("audience phải là staff hoặc citizen.", field="audience")
    events = (
        DossierEvent.objects.filter(dossier=dossier).select_related("actor").order_by("at", "pk")
    )
    if audience == "citizen":
        events = events.exclude(citizen_text="")
    return [
        TimelineEntry(
            at=e.at,
            action=e.action,
            label=action_label(e.action),
            text=e.citizen_text if audience == "citizen" else e.staff_text,
            actor="" if audience == "citizen" else (str(e.actor) if e.actor else ""),
            status=e.status_after,
        )
        for e in events
    ]


def control_rows(dossier: Dossier) -> list[DossierStep]:
    """The hand-overs of the control slip: steps that started, in order."""
    return list(
        DossierStep.objects.filter(dossier=dossier, started_at__isnull=False)
        .select_related(
            "unit",
            "agency",
            "assignee",
            "finished_by",
            "from_step__unit",
            "from_step__finished_by",
            "from_step__assignee",
        )
        .order_by("started_at", "pk")
    )


# --- Public look-up ----------------------------------------------------------------------------


def lookup_throttled(ip: str, *, at: dt.datetime) -> bool:
    return (
        LookupFailure.objects.filter(ip=ip, at__gt=at - LOOKUP_WINDOW).count()
        >= LOOKUP_MAX_FAILURES
    )


def lookup(code: str, secret: str, *, ip: str, at: dt.datetime) -> dict[str, Any]:
    """The public view of a dossier for whoever holds its code and secret: status (citizen
    text), citizen-facing timeline, due date, apology, masked personal data.
    A wrong code and a wrong secret give the same 404; failures are counted per IP and
    more than LOOKUP_MAX_FAILURES in LOOKUP_WINDOW gives 429."""
    if lookup_throttled(ip, at=at):
        raise LookupThrottled(
            "Bạn đã tra cứu sai quá nhiều lần. Vui lòng thử lại sau 10 phút.",
            retry_after=int(LOOKUP_WINDOW.total_seconds()),
        )
    dossier = (
        Dossier.objects.select_related("applicant", "procedure_version", "receiving_unit")
        .filter(code=(code or "").strip()[:60])
        .first()
    )
    given = (secret or "").strip().upper()
    if dossier is None or not hmac.compare_digest(dossier.secret.encode(), given.encode()):
        LookupFailure.objects.create(ip=ip, at=at)
        raise DossierNotFound("Không tìm thấy hồ sơ với mã và mã tra cứu đã nhập.", field="code")
    a = dossier.applicant
    apology = Apology.objects.filter(dossier=dossier).order_by("-at").first()
    finished = dossier.status in FINAL or dossier.status == Status.DONE
    return {
        "code": dossier.code,
        "status": dossier.status,
        "status_text": citizen_text(dossier.status),
        "procedure": dossier.procedure_version.name,
        "receiving_unit": dossier.receiving_unit.name,
        "submitted_at": dossier.submitted_at,
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "overdue": bool(
            dossier.due_at
            and not finished
            and dossier.status in CLOCK_STATUSES
            and dossier.due_at < at
        ),
        "finished_at": dossier.finished_at,
        "returned_at": dossier.returned_at,
        "result": dossier.result_kind,
        "apology": (
            {"at": apology.at, "reason": apology.reason, "new_due_at": apology.new_due_at}
            if apology
            else None
        ),
        "applicant": {
            "name": mask_name(a.full_name),
            "id_number": mask_id(a.id_number),
            "phone": mask_phone(a.phone),
            "email": mask_email(a.email) if a.email else "",
            "address": mask_address(a.address),
        },
        "timeline": [
            {"at": e.at, "label": e.label, "text": e.text, "status": e.status}
            for e in timeline(dossier, "citizen")
        ],
    }


__all__ = [
    "BOXES",
    "DossierFilters",
    "DossierNotFound",
    "InboxPage",
    "LookupThrottled",
    "StepKind",
    "TimelineEntry",
    "control_rows",
    "dossier_get_for_user",
    "dossier_list",
    "inbox",
    "inbox_counts",
    "lookup",
    "timeline",
    "visible_dossiers",
]
