"""Reads of the organisation: the dated tree, a unit's page, leaders, successors.

Every read takes the day it is about (`on`): the tree of 2025-06-30 still has the district
level, the tree of 2025-07-01 has the merged wards.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from motcua.accounts.models import Membership, Role, User
from motcua.core.clock import VN_TZ
from motcua.core.errors import NotFound
from motcua.organization.models import Counter, Delegation, Position, Unit
from motcua.organization.rules import KIND_RANK, LEADER_KINDS, LEADERSHIP_KINDS


class UnitNotFound(NotFound):
    """No unit has this code."""


# --- Simple reads -------------------------------------------------------------------------
def units_valid_on(day: dt.date) -> QuerySet[Unit]:
    return Unit.objects.valid_on(day)


def unit_by_code(code: str) -> Unit:
    unit = Unit.objects.select_related("parent", "successor").filter(code=code.strip()).first()
    if unit is None:
        raise UnitNotFound(f"Không có đơn vị mã {code}.", field="code")
    return unit


def successor_chain(unit: Unit) -> list[Unit]:
    """The successors of `unit`, nearest first (empty when it has none)."""
    chain: list[Unit] = []
    seen = {unit.pk}
    step = unit.successor
    while step is not None and step.pk not in seen:
        chain.append(step)
        seen.add(step.pk)
        step = step.successor
    return chain


def unit_successor_on(unit: Unit, day: dt.date) -> Unit:
    """The unit that stands for `unit` on `day`: itself when valid that day, else the first
    successor in its chain that is valid that day (e.g. Phường Phú Cường → Phường Thủ Dầu
    Một after 2025-07-01). When none is valid, the last unit of the chain is returned; the
    caller can tell with `.is_valid_on(day)`."""
    if unit.is_valid_on(day):
        return unit
    last = unit
    for step in successor_chain(unit):
        last = step
        if step.is_valid_on(day):
            return step
    return last


def _delegation_in_force(day: dt.date) -> Q:
    day_start = dt.datetime.combine(day, dt.time.min, tzinfo=VN_TZ)
    revoked_after = day_start + dt.timedelta(days=1)
    return Q(start_date__lte=day, end_date__gte=day) & (
        Q(revoked_at__isnull=True) | Q(revoked_at__gte=revoked_after)
    )


def _held_on(day: dt.date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def unit_leader(unit: Unit, on: dt.date) -> Position | None:
    """The head post (Giám đốc / Trưởng phòng / Chủ tịch) of `unit` held on `on`."""
    return (
        Position.objects.filter(_held_on(on), unit=unit, kind__in=list(LEADER_KINDS))
        .select_related("holder")
        .order_by("start_date")
        .first()
    )


def acting_delegation(unit: Unit, on: dt.date) -> Delegation | None:
    return (
        Delegation.objects.filter(_delegation_in_force(on), unit=unit, is_acting=True)
        .select_related("delegate", "delegator")
        .order_by("start_date")
        .first()
    )


def acting_leader(unit: Unit, on: dt.date) -> User | None:
    """Who runs `unit` on `on`: the deputy of an acting delegation in force that day, else the
    holder of the head post, else None."""
    delegation = acting_delegation(unit, on)
    if delegation is not None:
        return delegation.delegate
    head = unit_leader(unit, on)
    return head.holder if head is not None else None


def positions_held_on(
    on: dt.date, *, units: Iterable[Unit] | None = None, kinds: Iterable[str] | None = None
) -> QuerySet[Position]:
    qs = Position.objects.filter(_held_on(on)).select_related("holder", "unit")
    if units is not None:
        qs = qs.filter(unit__in=list(units))
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    return qs


def _rank(position: Position) -> tuple[int, dt.date, str]:
    return (KIND_RANK.get(position.kind, 9), position.start_date, str(position.holder))


# --- Tree ---------------------------------------------------------------------------------
@dataclass
class UnitNode:
    unit: Unit
    leaders: list[Position] = field(default_factory=list)  # head first, then deputies
    acting: Delegation | None = None
    children: list[UnitNode] = field(default_factory=list)

    @property
    def node_count(self) -> int:
        return 1 + sum(child.node_count for child in self.children)


def org_tree(on: dt.date) -> list[UnitNode]:
    """The units valid on `on` as a forest (roots first), each with its leaders and acting
    deputy that day. Three queries whatever the size of the tree.

    A unit whose parent is not valid that day (a commune whose district was abolished)
    hangs under its nearest valid ancestor, or becomes a root.
    """
    all_units = list(Unit.objects.order_by("sort_order", "name"))
    by_id = {u.pk: u for u in all_units}
    valid = {u.pk for u in all_units if u.is_valid_on(on)}
    nodes = {pk: UnitNode(unit=by_id[pk]) for pk in valid}

    for position in Position.objects.filter(
        _held_on(on), kind__in=list(LEADERSHIP_KINDS), unit_id__in=valid
    ).select_related("holder"):
        nodes[position.unit_id].leaders.append(position)
    for delegation in Delegation.objects.filter(
        _delegation_in_force(on), is_acting=True, unit_id__in=valid
    ).select_related("delegate", "delegator"):
        node = nodes[delegation.unit_id]
        if node.acting is None:
            node.acting = delegation

    roots: list[UnitNode] = []
    for unit in all_units:
        if unit.pk not in valid:
            continue
        node = nodes[unit.pk]
        node.leaders.sort(key=_rank)
        ancestor_id = unit.parent_id
        seen = {unit.pk}
        while ancestor_id is not None and ancestor_id not in valid and ancestor_id not in seen:
            seen.add(ancestor_id)
            ancestor_id = by_id[ancestor_id].parent_id
        if ancestor_id is None or ancestor_id not in valid or ancestor_id == unit.pk:
            roots.append(node)
        else:
            nodes[ancestor_id].children.append(node)
    return roots


def unit_descendant_ids(root_ids: Iterable[int], *, with_predecessors: bool = False) -> set[int]:
    """The ids of the given units and of all units below them, whatever their dates (one
    query). With `with_predecessors`, the units they succeeded (and those units' subtrees)
    are included too: a merged ward inherits the records of the wards it replaced."""
    children: dict[int | None, list[int]] = defaultdict(list)
    predecessors: dict[int, list[int]] = defaultdict(list)
    for pk, parent_id, successor_id in Unit.objects.values_list("pk", "parent_id", "successor_id"):
        children[parent_id].append(pk)
        if successor_id is not None:
            predecessors[successor_id].append(pk)
    found: set[int] = set()
    stack = list(root_ids)
    while stack:
        pk = stack.pop()
        if pk in found:
            continue
        found.add(pk)
        stack.extend(children.get(pk, ()))
        if with_predecessors:
            stack.extend(predecessors.get(pk, ()))
    return found


# --- One unit -----------------------------------------------------------------------------
@dataclass
class StaffRow:
    user: User
    positions: list[Position] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # Role labels


@dataclass
class UnitDetail:
    unit: Unit
    on: dt.date
    ancestors: list[Unit]  # root first
    staff: list[StaffRow]
    counters: list[Counter]  # counters standing at this unit (Center or branch)
    served_at: list[Counter]  # counters where this unit's procedures are received
    delegations: list[Delegation]  # newest first, every period
    children: list[Unit]  # valid on `on`
    predecessors: list[Unit]
    successors: list[Unit]  # nearest first
    acting: Delegation | None
    leader: Position | None
    with_memberships: bool = True


def unit_detail(unit: Unit, on: dt.date, *, with_memberships: bool = True) -> UnitDetail:
    """Everything the unit page shows, as of `on`.

    Posts are public; who holds which role in the system is not: pass
    `with_memberships=False` unless the unit is visible to the reader
    (`motcua.accounts.selectors.units_visible_to`)."""
    ancestors: list[Unit] = []
    step = unit.parent
    seen = {unit.pk}
    while step is not None and step.pk not in seen:
        ancestors.insert(0, step)
        seen.add(step.pk)
        step = step.parent

    rows: dict[int, StaffRow] = {}
    for position in Position.objects.filter(_held_on(on), unit=unit).select_related("holder"):
        rows.setdefault(position.holder_id, StaffRow(user=position.holder)).positions.append(
            position
        )
    memberships = (
        Membership.objects.filter(unit=unit, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("user")
        .order_by("role")
    )
    for membership in memberships if with_memberships else ():
        row = rows.setdefault(membership.user_id, StaffRow(user=membership.user))
        row.roles.append(str(Role(membership.role).label))
    for row in rows.values():
        row.positions.sort(key=_rank)
    staff = sorted(
        rows.values(),
        key=lambda r: (min((_rank(p)[0] for p in r.positions), default=8), str(r.user)),
    )

    agencies = Prefetch("agencies", queryset=Unit.objects.order_by("sort_order", "name"))
    counters = list(Counter.objects.filter(site=unit).prefetch_related(agencies))
    served_at = list(
        Counter.objects.filter(agencies=unit, is_active=True)
        .select_related("site")
        .order_by("site__sort_order", "site__name", "number")
    )
    delegations = list(
        Delegation.objects.filter(unit=unit)
        .select_related("delegator", "delegate")
        .order_by("-start_date", "-pk")
    )
    children = list(unit.children.valid_on(on).order_by("sort_order", "name"))
    predecessors = list(unit.predecessors.order_by("sort_order", "name"))
    return UnitDetail(
        unit=unit,
        on=on,
        ancestors=ancestors,
        staff=staff,
        counters=counters,
        served_at=served_at,
        delegations=delegations,
        children=children,
        predecessors=predecessors,
        successors=successor_chain(unit),
        acting=acting_delegation(unit, on),
        leader=unit_leader(unit, on),
        with_memberships=with_memberships,
    )


def delegation_status(delegation: Delegation, on: dt.date) -> str:
    """'revoked', 'upcoming', 'in_force' or 'ended' as of `on`."""
    if delegation.revoked_at is not None and delegation.revoked_at.astimezone(VN_TZ).date() <= on:
        return "revoked"
    if on < delegation.start_date:
        return "upcoming"
    if on > delegation.end_date:
        return "ended"
    return "in_force"
