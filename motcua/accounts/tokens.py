"""API tokens: issue (shown once) and authenticate (by SHA-256 hash)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import connection, transaction

from motcua.accounts.models import ApiToken, User
from motcua.accounts.selectors import remember_roles_on
from motcua.core.clock import local
from motcua.core.rows import columns, from_row, read_rows, width
from motcua.organization.models import Unit

TOKEN_PREFIX = "mc_"


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_issue(
    *, user: User, name: str, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the row and the raw token (never stored)."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=raw[:10], token_hash=_hash(raw), expires_at=expires_at
        )
    return token, raw


# Hand-written: every API call runs it. The token must be live and its user active; the
# next column says whether the last use is older than a minute (then it is recorded); then,
# one row each, the units and roles of the user's memberships valid on the day (NULLs when
# there are none), which staff calls ask next (`roles_in_units_on`): one query for both.
_TOKEN_USER = (
    f"SELECT {columns(User, 'u')}, t.id, (t.last_used_at IS NULL OR t.last_used_at < %s),"  # noqa: S608
    f" {columns(Unit, 'un')}, m.role"
    " FROM accounts_apitoken t JOIN accounts_user u ON u.id = t.user_id"
    " LEFT JOIN accounts_membership m ON m.user_id = u.id"
    " AND m.valid_from <= %s AND (m.valid_to IS NULL OR m.valid_to >= %s)"
    " LEFT JOIN organization_unit un ON un.id = m.unit_id"
    " WHERE t.token_hash = %s AND t.revoked_at IS NULL"
    " AND (t.expires_at IS NULL OR t.expires_at > %s) AND u.is_active"
)


def token_authenticate(*, raw: str, at: dt.datetime) -> User | None:
    """The active user owning this live token, or None, with the user's roles in units on
    the day of `at` remembered (see `roles_in_units_on`). Records the last use (at most once
    a minute)."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    adapt = connection.ops.adapt_datetimefield_value
    day = local(at).date()
    on = connection.ops.adapt_datefield_value(day)
    found = read_rows(
        User,
        _TOKEN_USER,
        [adapt(at - dt.timedelta(minutes=1)), on, on, _hash(raw), adapt(at)],
    )
    if not found:
        return None
    user, (token_id, use_stale, *_) = found[0]
    n = width(Unit)
    units = [(from_row(Unit, extra[2 : 2 + n]), extra[2 + n]) for _, extra in found]
    remember_roles_on(
        user,
        on=day,
        # A user without memberships gives one row of NULLs.
        roles=[(unit, str(role)) for unit, role in units if unit.pk is not None],
    )
    if use_stale:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=at)
    return user


def token_revoke(*, token: ApiToken, at: dt.datetime) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=at)
