"""Writes for accounts: login lock-out bookkeeping, memberships."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction

from motcua.accounts.models import LoginFailure


def _key(identifier: str) -> str:
    return identifier.strip().lower()[:254]


def login_is_locked(*, identifier: str, at: dt.datetime) -> bool:
    """True when the identifier has reached the failure limit inside the lock-out window."""
    window_start = at - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    failures = LoginFailure.objects.filter(identifier=_key(identifier), at__gt=window_start).count()
    return failures >= settings.LOGIN_MAX_FAILURES


def login_failure_record(*, identifier: str, at: dt.datetime, ip: str | None) -> None:
    LoginFailure.objects.create(identifier=_key(identifier), at=at, ip=ip)


def login_failures_clear(*, identifier: str) -> None:
    with transaction.atomic():
        LoginFailure.objects.filter(identifier=_key(identifier)).delete()
