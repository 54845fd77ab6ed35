"""API tokens: issue (shown once) and authenticate (by SHA-256 hash)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction

from motcua.accounts.models import ApiToken, User

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


def token_authenticate(*, raw: str, at: dt.datetime) -> User | None:
    """The active user owning this token, or None. Records the last use (at most once a minute)."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=_hash(raw)).first()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= at:
        return None
    if token.last_used_at is None or at - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=at)
    return token.user


def token_revoke(*, token: ApiToken, at: dt.datetime) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=at)
