"""Demo data: the demo citizen `congdan` (accounts' DEMO_LOGINS) as a portal account whose
phone number and e-mail are confirmed, so the demo can log in at /tai-khoan/dang-nhap/ with
0912345678 / MotCua@2024 and see the demo dossiers filed with that phone number.

Idempotent (update_or_create by user); loaded after the accounts demo."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from motcua.accounts.models import User
from motcua.accounts.services import citizen_role_grant
from motcua.citizens.models import AccountKind, CitizenAccount
from motcua.core.clock import VN_TZ

DEMO_CITIZEN = "congdan"
SINCE = dt.datetime(2025, 1, 6, 8, 0, tzinfo=VN_TZ)


def load() -> None:
    user = User.objects.filter(username=DEMO_CITIZEN).first()
    if user is None:  # the accounts demo did not run
        return
    with transaction.atomic():
        CitizenAccount.objects.update_or_create(
            user=user,
            defaults={
                "kind": AccountKind.INDIVIDUAL,
                "phone": user.phone,
                "phone_verified_at": SINCE if user.phone else None,
                "email_verified_at": SINCE if user.email else None,
                "created_at": SINCE,
                "activated_at": SINCE,
            },
        )
        citizen_role_grant(user=user)
