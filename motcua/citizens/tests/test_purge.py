"""Daily housekeeping: old rate events and codes, registrations never confirmed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from motcua.accounts.models import User
from motcua.citizens.models import OneTimeCode, RateEvent
from motcua.citizens.services import citizen_register, citizens_purge
from motcua.citizens.tests.helpers import PASSWORD, T0

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def register(phone: str, at: dt.datetime):
    return citizen_register(
        kind="individual",
        full_name="Người Thử",
        channel="sms",
        phone=phone,
        password=PASSWORD,
        ip="10.1.1.1",
        at=at,
    )


def test_purge_keeps_recent_rows_and_deletes_old_ones(citizen):
    active = citizen(phone="0912000001", at=T0 - 30 * DAY)
    old_pending = register("0912000002", T0 - 8 * DAY).user
    recent_pending = register("0912000003", T0 - 2 * DAY).user
    locked = citizen(phone="0912000004", at=T0 - 30 * DAY)
    User.objects.filter(pk=locked.pk).update(is_active=False)
    register("0912000005", T0 - DAY / 2)

    counts = citizens_purge(at=T0)

    remaining = set(User.objects.values_list("pk", flat=True))
    assert {active.pk, recent_pending.pk, locked.pk} <= remaining
    assert old_pending.pk not in remaining
    assert counts["pending_accounts"] == 1
    assert not RateEvent.objects.filter(at__lt=T0 - DAY).exists()
    assert RateEvent.objects.exists()
    assert not OneTimeCode.objects.filter(created_at__lt=T0 - DAY).exists()
    assert OneTimeCode.objects.exists()


def test_the_command_reports_what_it_deleted(capsys):
    call_command("citizens_purge")

    assert "Đã xóa 0 sự kiện giới hạn, 0 mã xác nhận, 0 đăng ký không xác nhận." in (
        capsys.readouterr().out
    )
