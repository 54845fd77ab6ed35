"""The outbox (retries with back-off, dead letters, delivery kicked on commit) and the
periodic due-soon / overdue alerts (idempotent per dossier, kind and day)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from motcua.dossiers import outbox
from motcua.dossiers.models import OutboxMessage
from motcua.dossiers.outbox import OUTBOX_MAX_ATTEMPTS, outbox_deliver, outbox_put
from motcua.dossiers.services import dossier_alerts_run
from motcua.dossiers.tests.factories import T0, ProcessingDossierFactory, vn


@pytest.fixture
def flaky(monkeypatch):
    calls: list[dict] = []
    state = {"fail": True}

    def handler(payload):
        calls.append(payload)
        if state["fail"]:
            raise ConnectionError("gateway down")

    monkeypatch.setitem(outbox.HANDLERS, "test.flaky", handler)
    return calls, state


def test_a_delivered_message_is_marked_and_not_sent_again(db, flaky):
    calls, state = flaky
    state["fail"] = False
    outbox_put(topic="test.flaky", payload={"n": 1}, at=T0)
    assert outbox_deliver(at=T0) == {"delivered": 1, "retried": 0, "dead": 0}
    assert outbox_deliver(at=T0 + dt.timedelta(hours=1))["delivered"] == 0
    assert calls == [{"n": 1}]
    m = OutboxMessage.objects.get()
    assert m.delivered_at == T0 and m.attempts == 1


def test_a_failing_message_is_retried_with_exponential_back_off_then_dead(db, flaky):
    calls, _ = flaky
    outbox_put(topic="test.flaky", payload={}, at=T0)
    at = T0
    delays = []
    for attempt in range(1, OUTBOX_MAX_ATTEMPTS + 1):
        if attempt > 1:  # not before its back-off has passed
            assert outbox_deliver(at=at - dt.timedelta(seconds=1)) == {
                "delivered": 0,
                "retried": 0,
                "dead": 0,
            }
        counts = outbox_deliver(at=at)
        m = OutboxMessage.objects.get()
        assert m.attempts == attempt and "gateway down" in m.last_error
        if attempt < OUTBOX_MAX_ATTEMPTS:
            assert counts["retried"] == 1
            delays.append(m.available_at - at)
            at = m.available_at
        else:
            assert counts["dead"] == 1 and m.dead_at == at
    assert delays[:4] == [dt.timedelta(seconds=s) for s in (30, 60, 120, 240)]
    assert len(calls) == OUTBOX_MAX_ATTEMPTS
    assert outbox_deliver(at=at + dt.timedelta(days=30)) == {
        "delivered": 0,
        "retried": 0,
        "dead": 0,
    }


def test_a_message_without_a_handler_ends_as_a_dead_letter(db):
    outbox_put(topic="nobody.listens", payload={}, at=T0)
    at = T0
    for _ in range(OUTBOX_MAX_ATTEMPTS):
        outbox_deliver(at=at)
        at += dt.timedelta(days=1)
    m = OutboxMessage.objects.get()
    assert m.dead_at is not None and "No handler" in m.last_error


def test_delivery_is_kicked_after_commit_and_mails_the_citizen(
    w, settings, django_capture_on_commit_callbacks, fake_sms
):
    settings.MOTCUA_OUTBOX_KICK = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        d = ProcessingDossierFactory.create(world=w)
    assert OutboxMessage.objects.filter(delivered_at__isnull=True).count() == 0
    assert any(d.code in m.subject and m.to == ["an.nguyen@example.vn"] for m in mail.outbox)


def test_alerts_notify_handlers_and_leaders_once_per_dossier_kind_and_day(w):
    soon = ProcessingDossierFactory.create(world=w, at=vn(2026, 3, 2, 9, 0))  # due 09/03 09:00
    late = ProcessingDossierFactory.create(world=w, at=vn(2026, 2, 23, 9, 0))  # due 02/03 09:00
    OutboxMessage.objects.all().delete()

    at = vn(2026, 3, 6, 10, 0)  # Friday: `soon` is due within one working day
    assert dossier_alerts_run(at=at) == {"overdue": 1, "due_soon": 1}
    messages = {m.dedupe_key: m.payload for m in OutboxMessage.objects.all()}
    assert set(messages) == {
        f"alert:due_soon:{soon.pk}:20260306",
        f"alert:overdue:{late.pk}:20260306",
    }
    payload = messages[f"alert:overdue:{late.pk}:20260306"]
    # The handler, the head of the unit and the leader of the agency.
    assert set(payload["user_ids"]) == {w.specialist.pk, w.head.pk, w.leader.pk}
    assert "quá hạn" in payload["text"]

    assert dossier_alerts_run(at=at + dt.timedelta(hours=2)) == {"overdue": 0, "due_soon": 0}
    assert OutboxMessage.objects.count() == 2
    call_command("dossier_alerts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # The next working day both are overdue and notified again.
    assert dossier_alerts_run(at=vn(2026, 3, 9, 10, 0)) == {"overdue": 2, "due_soon": 0}


def test_alerts_ignore_finished_and_paused_dossiers(w):
    from motcua.dossiers.tests.factories import AwaitingObligationDossierFactory, DoneDossierFactory

    DoneDossierFactory.create(world=w, at=vn(2026, 2, 23, 9, 0))
    AwaitingObligationDossierFactory.create(world=w, at=vn(2026, 2, 23, 9, 0))
    assert dossier_alerts_run(at=vn(2026, 3, 6, 10, 0)) == {"overdue": 0, "due_soon": 0}


def test_the_outbox_command_delivers(db, flaky, capsys):
    _, state = flaky
    state["fail"] = False
    outbox_put(topic="test.flaky", payload={}, at=T0)
    call_command("outbox_deliver")
    assert "Đã gửi 1" in capsys.readouterr().out
