"""Writes for accounts: role groups, memberships, login lock-out bookkeeping."""

from __future__ import annotations

import datetime as dt
from fnmatch import fnmatchcase

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from motcua.accounts.models import LoginFailure, Membership, Role, User
from motcua.accounts.roles import ADMIN_SITE_ROLES, ROLE_PERMISSIONS
from motcua.core.clock import format_date, local
from motcua.core.errors import Conflict, InvalidInput
from motcua.organization.models import Unit


class MembershipInvalid(InvalidInput):
    """Wrong role, dates or unit for a membership."""


class MembershipOverlap(Conflict):
    """The user already holds this role in this unit during part of the period."""


# --- Roles --------------------------------------------------------------------------------
def roles_sync() -> dict[str, int]:
    """Create the role groups and give each the permissions `ROLE_PERMISSIONS` names.

    Idempotent; run after every migrate (post_migrate) and by `manage.py demo`.
    Returns the number of permissions of each group."""
    perms = list(Permission.objects.select_related("content_type"))
    keys = [(p, f"{p.content_type.app_label}.{p.codename}") for p in perms]
    counts: dict[str, int] = {}
    with transaction.atomic():
        for role in Role:
            group, _ = Group.objects.get_or_create(name=role.value)
            patterns = ROLE_PERMISSIONS.get(role.value, ())
            chosen = [p for p, key in keys if any(fnmatchcase(key, pat) for pat in patterns)]
            current = set(group.permissions.values_list("pk", flat=True))
            if current != {p.pk for p in chosen}:
                group.permissions.set(chosen)
            counts[role.value] = len(chosen)
    return counts


def role_group(role: str) -> Group:
    group, _ = Group.objects.get_or_create(name=Role(role).value)
    return group


def user_groups_sync(*, user: User, on: dt.date) -> None:
    """Make the user's role groups match their memberships valid on `on` or later.

    The citizen group and groups that are not roles are left alone. (Group permissions only
    open doors; what a person sees is decided by the dated memberships themselves.)"""
    wanted = set(
        Membership.objects.filter(user=user)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .values_list("role", flat=True)
    )
    role_names = set(Role.values) - {Role.CITIZEN}
    with transaction.atomic():
        current = set(user.groups.filter(name__in=role_names).values_list("name", flat=True))
        for name in current - wanted:
            user.groups.remove(role_group(name))
        for name in wanted - current:
            user.groups.add(role_group(name))


def citizen_role_grant(*, user: User) -> None:
    """Mark a portal account as a citizen (the citizen role is a group, not tied to a unit)."""
    user.groups.add(role_group(Role.CITIZEN))


# --- Memberships --------------------------------------------------------------------------
def membership_grant(
    *,
    user: User,
    unit: Unit,
    role: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    by: User | None,
) -> Membership:
    """Give `user` a role in `unit` from `valid_from`; adds them to the role's group.

    Idempotent for the same (user, unit, role, valid_from, valid_to); an overlapping
    membership of the same role in the same unit is refused."""
    if role not in Role.values or role == Role.CITIZEN:
        raise MembershipInvalid(
            "Vai trò không hợp lệ (vai trò công dân không gắn với đơn vị).", field="role"
        )
    if valid_to is not None and valid_to < valid_from:
        raise MembershipInvalid(
            f"Ngày kết thúc ({format_date(valid_to)}) phải từ ngày bắt đầu "
            f"({format_date(valid_from)}) trở đi.",
            field="valid_to",
        )
    if not unit.is_valid_on(valid_from):
        raise MembershipInvalid(
            f"{unit.name} không có hiệu lực vào ngày {format_date(valid_from)}.", field="unit"
        )
    if not user.is_active:
        raise MembershipInvalid(f"Tài khoản của {user} đã bị khóa.", field="user")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        same = Membership.objects.filter(user=user, unit=unit, role=role)
        existing = same.filter(valid_from=valid_from, valid_to=valid_to).first()
        if existing is not None:
            user_groups_sync(user=user, on=valid_from)
            return existing
        overlapping = same.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
        if valid_to is not None:
            overlapping = overlapping.filter(valid_from__lte=valid_to)
        clash = overlapping.first()
        if clash is not None:
            until = format_date(clash.valid_to) if clash.valid_to else "nay"
            raise MembershipOverlap(
                f"{user} đã có vai trò {Role(role).label} tại {unit.name} "
                f"từ {format_date(clash.valid_from)} đến {until}.",
                field="valid_from",
            )
        membership = Membership.objects.create(
            user=user, unit=unit, role=role, valid_from=valid_from, valid_to=valid_to
        )
        user_groups_sync(user=user, on=valid_from)
        if role in ADMIN_SITE_ROLES and not user.is_staff:
            user.is_staff = True  # these roles edit reference data in the admin
            user.save(update_fields=["is_staff"])
        return membership


def membership_end(
    *, membership: Membership, valid_to: dt.date, by: User | None, at: dt.datetime
) -> Membership:
    """Set the last day of a membership; the user leaves the role's group when no other
    membership of that role remains from `at` on."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if valid_to < membership.valid_from:
            raise MembershipInvalid(
                f"Ngày kết thúc ({format_date(valid_to)}) phải từ ngày bắt đầu "
                f"({format_date(membership.valid_from)}) trở đi.",
                field="valid_to",
            )
        if membership.valid_to != valid_to:
            membership.valid_to = valid_to
            membership.save(update_fields=["valid_to"])
        user = membership.user
        day = local(at).date()
        user_groups_sync(user=user, on=day)
        if membership.role in ADMIN_SITE_ROLES and user.is_staff and not user.is_superuser:
            still_admin = (
                Membership.objects.filter(user=user, role__in=ADMIN_SITE_ROLES)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
                .exists()
            )
            if not still_admin:
                user.is_staff = False
                user.save(update_fields=["is_staff"])
        return membership


# --- Login lock-out -----------------------------------------------------------------------
def login_key(identifier: str) -> str:
    """The key failures are counted under: the account's username when the identifier names
    an account (by username or e-mail), so switching between the two does not reset the
    count; otherwise the normalised identifier."""
    identifier = identifier.strip()
    user = (
        User.objects.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))
        .order_by("id")
        .only("username")
        .first()
        if identifier
        else None
    )
    key = user.username if user is not None else identifier
    return key.lower()[:254]


def login_is_locked(*, identifier: str, at: dt.datetime) -> bool:
    """True when the identifier has reached the failure limit inside the lock-out window."""
    window_start = at - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    failures = LoginFailure.objects.filter(identifier=login_key(identifier), at__gt=window_start)
    return failures.count() >= settings.LOGIN_MAX_FAILURES


def login_failure_record(*, identifier: str, at: dt.datetime, ip: str | None) -> None:
    LoginFailure.objects.create(identifier=login_key(identifier), at=at, ip=ip)


def login_failures_clear(*, identifier: str) -> None:
    with transaction.atomic():
        LoginFailure.objects.filter(identifier=login_key(identifier)).delete()
