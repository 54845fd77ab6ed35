"""Who is who: a user's roles in units on a day, and the units they may see.

Later apps scope every staff read through `units_visible_to` — never through a template.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from motcua.accounts.models import Membership, Role, User
from motcua.accounts.roles import SEES_ALL_UNITS, STAFF_ROLES
from motcua.core.rows import columns, read_rows
from motcua.organization.models import Unit
from motcua.organization.selectors import unit_descendant_ids


@dataclass(frozen=True)
class RoleAssignment:
    """A role held by a user, in a unit (None for the citizen role and for superusers)."""

    role: Role
    unit: Unit | None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    @property
    def label(self) -> str:
        return str(self.role.label)


def _is_user(user: Any) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.is_active


def memberships_on(user: User, *, on: dt.date) -> QuerySet[Membership]:
    """The user's memberships valid on `on`, with their units."""
    return (
        Membership.objects.filter(user=user, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("unit")
        .order_by("role", "unit__sort_order", "unit__name")
    )


# Hand-written: every staff API call and transition reads this (see `roles_in_units_on`).
_ROLES_IN_UNITS = (  # the column names come from the model
    f"SELECT {columns(Unit, 'u')}, m.role FROM accounts_membership m"  # noqa: S608
    " JOIN organization_unit u ON u.id = m.unit_id"
    " WHERE m.user_id = %s AND m.valid_from <= %s AND (m.valid_to IS NULL OR m.valid_to >= %s)"
)


def roles_in_units_on(user: User, *, on: dt.date) -> list[tuple[Unit, str]]:
    """(unit, role) for each of the user's memberships valid on `on`, in no order: what
    `memberships_on` gives, in one cheap query (the SQL is written once, not compiled by the
    ORM on every call) — or none, when the token that authenticated this user object
    brought them (`remember_roles_on`)."""
    known = user.__dict__.get(_ROLES_KEY)
    if known is not None and known[0] == on:
        return list(known[1])
    day = connection.ops.adapt_datefield_value(on)
    return [
        (unit, str(role)) for unit, (role,) in read_rows(Unit, _ROLES_IN_UNITS, [user.pk, day, day])
    ]


_ROLES_KEY = "_roles_in_units_on"


def remember_roles_on(user: User, *, on: dt.date, roles: list[tuple[Unit, str]]) -> None:
    """Keep on this user object (one request's) its roles in units on `on`, read with its
    token, for `roles_in_units_on` to answer without a query."""
    user.__dict__[_ROLES_KEY] = (on, tuple(roles))


def user_roles(user: Any, *, on: dt.date) -> list[RoleAssignment]:
    """The roles `user` holds on `on`: one entry per (role, unit) membership, plus the
    citizen role (a group, not tied to a unit) and system_admin for superusers."""
    if not _is_user(user):
        return []
    order = {value: i for i, value in enumerate(Role.values)}
    result = [
        RoleAssignment(Role(m.role), m.unit, m.valid_from, m.valid_to)
        for m in memberships_on(user, on=on)
    ]
    held = {r.role for r in result}
    if user.is_superuser and Role.SYSTEM_ADMIN not in held:
        result.append(RoleAssignment(Role.SYSTEM_ADMIN, None))
    if user.groups.filter(name=Role.CITIZEN).exists():
        result.append(RoleAssignment(Role.CITIZEN, None))
    result.sort(key=lambda r: (order[r.role], r.unit.sort_order if r.unit else 0, str(r.unit)))
    return result


def user_has_role(
    user: Any, role: str, *, unit: Unit | None = None, on: dt.date, exact: bool = False
) -> bool:
    """Whether `user` holds `role` on `on`.

    With `unit`, the role must be held in that unit — or, unless `exact`, in one of its
    ancestors (a role held in a unit covers the units below it, as visibility does).
    """
    if not _is_user(user):
        return False
    if role == Role.SYSTEM_ADMIN and user.is_superuser:
        return True
    if role == Role.CITIZEN:
        return user.groups.filter(name=Role.CITIZEN).exists()
    qs = memberships_on(user, on=on).filter(role=role)
    if unit is None:
        return qs.exists()
    if exact:
        return qs.filter(unit=unit).exists()
    member_units = set(qs.values_list("unit_id", flat=True))
    if not member_units:
        return False
    return unit.pk in unit_descendant_ids(member_units)


def is_staff_member(user: Any, *, on: dt.date) -> bool:
    """A person who works in the system: a superuser or anyone with a staff membership."""
    if not _is_user(user):
        return False
    return user.is_superuser or memberships_on(user, on=on).filter(role__in=STAFF_ROLES).exists()


def sees_all_units(user: Any, *, on: dt.date) -> bool:
    if not _is_user(user):
        return False
    return user.is_superuser or memberships_on(user, on=on).filter(role__in=SEES_ALL_UNITS).exists()


def visible_unit_ids(user: Any, *, on: dt.date) -> set[int] | None:
    """The ids of `units_visible_to(user)`, or None when the user sees every unit (then a
    query needs no unit filter at all)."""
    if sees_all_units(user, on=on):
        return None
    return set(units_visible_to(user, on=on).values_list("pk", flat=True))


def units_visible_to(user: Any, *, on: dt.date) -> QuerySet[Unit]:
    """The units whose records `user` may see on `on`.

    - superusers, system_admin, center_leader and control_officer (the catalogue covers the
      whole province): every unit;
    - other staff: the units of their memberships valid on `on`, the units below them, and
      the units those replaced in a merger (their records passed to the successor);
    - citizens, inactive and anonymous users: none.

    Units are not filtered by their own validity: a unit abolished in 2025 keeps its old
    dossiers visible. Use `.valid_on(day)` on the result for pickers.
    """
    if not _is_user(user):
        return Unit.objects.none()
    if sees_all_units(user, on=on):
        return Unit.objects.all()
    member_units = set(
        memberships_on(user, on=on).filter(role__in=STAFF_ROLES).values_list("unit_id", flat=True)
    )
    if not member_units:
        return Unit.objects.none()
    return Unit.objects.filter(pk__in=unit_descendant_ids(member_units, with_predecessors=True))


def unit_members(unit: Unit, *, on: dt.date, role: str | None = None) -> QuerySet[User]:
    """Active users holding a membership in exactly `unit` on `on` (optionally one role),
    e.g. the specialists a unit head may assign a dossier to."""
    qs = Membership.objects.filter(unit=unit, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    if role is not None:
        qs = qs.filter(role=role)
    return (
        User.objects.filter(is_active=True, pk__in=qs.values("user_id"))
        .distinct()
        .order_by("full_name", "username")
    )
