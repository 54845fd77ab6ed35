"""API tokens: issue (shown once) and authenticate (by SHA-256 hash)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import connection, transaction

from motcua.accounts.models import ApiToken, User
from motcua.core.rows import columns, read_rows

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
# last column says whether the last use is older than a minute (then it is recorded).
_TOKEN_USER = (  # the column names come from the model
    f"SELECT {columns(User, 'u')}, t.id, (t.last_used_at IS NULL OR t.last_used_at < %s)"  # noqa: S608
    " FROM accounts_apitoken t JOIN accounts_user u ON u.id = t.user_id"
    " WHERE t.token_hash = %s AND t.revoked_at IS NULL"
    " AND (t.expires_at IS NULL OR t.expires_at > %s) AND u.is_active"
)


def token_authenticate(*, raw: str, at: dt.datetime) -> User | None:
    """The active user owning this live token, or None. Records the last use (at most once a
    minute)."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    adapt = connection.ops.adapt_datetimefield_value
    found = read_rows(
        User, _TOKEN_USER, [adapt(at - dt.timedelta(minutes=1)), _hash(raw), adapt(at)]
    )
    if not found:
        return None
    user, (token_id, use_stale) = found[0]
    if use_stale:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=at)
    return user


def token_revoke(*, token: ApiToken, at: dt.datetime) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=at)
