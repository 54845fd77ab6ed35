"""Delivery through the outbox: SMS over HTTP to the fake gateway and e-mail to the mail
outbox, retries with back-off that do not repeat a channel already sent, dead letters,
the retry action, and the staff page (masked, scoped)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from motcua.accounts.models import Membership, Role
from motcua.core.errors import NotAllowed
from motcua.dossiers.models import OutboxMessage
from motcua.dossiers.outbox import OUTBOX_MAX_ATTEMPTS, backoff, outbox_deliver
from motcua.dossiers.services import dossier_receive
from motcua.dossiers.tests.factories import T0, ReceivedDossierFactory, reception, staff
from motcua.notifications.models import NotificationDelivery, OutboxRetry
from motcua.notifications.services import NotDead, outbox_retry

PHONE = "0912345678"
EMAIL = "an.nguyen@example.vn"


def citizen_message(d) -> OutboxMessage:
    return OutboxMessage.objects.get(topic="notify.citizen", payload__code=d.code)


def test_a_received_dossier_is_texted_through_the_gateway_and_mailed(w, fake_sms):
    d = ReceivedDossierFactory.create(world=w)
    counts = outbox_deliver(at=T0)
    assert counts["delivered"] == 2  # the citizen notice and the portal sync
    text = fake_sms.last_text(PHONE)
    assert d.code in text and d.secret in text and text.isascii()
    assert fake_sms.messages(PHONE)[-1]["key"] == f"outbox-{citizen_message(d).pk}-sms"
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    assert mail.outbox[0].subject == f"Hồ sơ {d.code} đã được tiếp nhận"
    log = {r.channel: r for r in NotificationDelivery.objects.all()}
    assert set(log) == {"sms", "email"}
    assert log["sms"].status == "sent" and log["sms"].provider_id and log["sms"].attempt == 1
    assert log["email"].dossier_id == d.pk and log["email"].event == "received"


def test_a_503_is_retried_with_back_off_and_the_email_is_not_sent_again(w, fake_sms):
    d = ReceivedDossierFactory.create(world=w)
    fake_sms.fail_next(1, status=503)
    assert outbox_deliver(at=T0)["retried"] == 1
    m = citizen_message(d)
    assert m.attempts == 1 and m.available_at == T0 + backoff(1) and "503" in m.last_error
    assert len(mail.outbox) == 1 and fake_sms.messages(PHONE) == []
    # Not before the back-off has passed.
    assert outbox_deliver(at=T0 + backoff(1) - dt.timedelta(seconds=1))["delivered"] == 0
    assert outbox_deliver(at=T0 + backoff(1))["delivered"] == 1
    assert len(mail.outbox) == 1  # e-mail sent once
    assert len(fake_sms.messages(PHONE)) == 1
    rows = list(NotificationDelivery.objects.filter(channel="sms").order_by("id"))
    assert [(r.status, r.attempt) for r in rows] == [("failed", 1), ("sent", 2)]
    assert "503" in rows[0].error


def test_a_refused_number_is_logged_as_failed_and_not_retried(w, fake_sms):
    d = ReceivedDossierFactory.create(world=w)
    fake_sms.fail_next(1, status=400)
    assert outbox_deliver(at=T0)["delivered"] == 2
    assert citizen_message(d).delivered_at == T0
    row = NotificationDelivery.objects.get(channel="sms")
    assert row.status == "failed" and "400" in row.error


def test_sms_can_be_switched_off(w, fake_sms, settings):
    settings.MOTCUA_SMS_ENABLED = False
    ReceivedDossierFactory.create(world=w)
    outbox_deliver(at=T0)
    assert fake_sms.messages(PHONE) == [] and len(mail.outbox) == 1


def test_a_batch_reads_its_dossiers_and_past_deliveries_once_and_skips_what_was_sent(w, fake_sms):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    dossiers = [ReceivedDossierFactory.create(world=w) for _ in range(3)]
    # A worker died after texting the first citizen and before recording the outcome: the
    # SMS is in the log as sent, the message is still pending.
    first = citizen_message(dossiers[0])
    NotificationDelivery.objects.create(
        message=first, channel="sms", to=PHONE, status="sent", provider_id="sms-earlier",
        at=T0, attempt=1, dossier_id=dossiers[0].pk, code=dossiers[0].code,
        audience="citizen", event="received",
    )  # fmt: skip
    with CaptureQueriesContext(connection) as ctx:
        assert outbox_deliver(at=T0)["delivered"] == 6
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert sum("FROM dossiers_dossier d" in q for q in sqls) == 1  # the three dossiers at once
    assert sum("FROM notifications_notificationdelivery" in q for q in sqls) == 1
    texts = [m["text"] for m in fake_sms.messages(PHONE)]
    assert len(texts) == 2  # not the first citizen again
    assert [d.code in t for d in dossiers for t in texts].count(True) == 2
    assert not any(dossiers[0].code in t for t in texts)
    assert len(mail.outbox) == 3  # every e-mail (none was sent before)
    assert sorted(m.subject for m in mail.outbox) == sorted(
        f"Hồ sơ {d.code} đã được tiếp nhận" for d in dossiers
    )


def kill(d, fake_sms) -> OutboxMessage:
    """Fail every SMS attempt until the message is dead."""
    fake_sms.fail_next(OUTBOX_MAX_ATTEMPTS, status=503)
    at = T0
    for _ in range(OUTBOX_MAX_ATTEMPTS):
        outbox_deliver(at=at)
        at = at + dt.timedelta(days=1)
    m = citizen_message(d)
    assert m.dead_at is not None and m.attempts == OUTBOX_MAX_ATTEMPTS
    return m


@pytest.fixture
def admin_user(w):
    return staff("quantri", Role.SYSTEM_ADMIN, w.center)


def test_after_the_last_attempt_the_message_is_dead_and_listed_on_the_staff_page(
    w, fake_sms, client, admin_user
):
    d = ReceivedDossierFactory.create(world=w)
    m = kill(d, fake_sms)
    assert len(mail.outbox) == 1
    assert NotificationDelivery.objects.filter(channel="sms", status="failed").count() == 8
    client.force_login(admin_user)
    page = client.get("/staff/notifications/").content.decode()
    dead = page.split('id="dead-letters"')[1]
    assert f'<th scope="row">{m.pk}</th>' in dead and d.code in dead and "Thử lại" in dead


def test_the_retry_action_requeues_a_dead_message_and_it_is_delivered(
    w, fake_sms, client, admin_user, settings, django_capture_on_commit_callbacks
):
    d = ReceivedDossierFactory.create(world=w)
    m = kill(d, fake_sms)
    settings.MOTCUA_OUTBOX_KICK = True
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/staff/notifications/outbox/{m.pk}/retry/")
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.dead_at is None and m.delivered_at is not None
    retry = OutboxRetry.objects.get()
    assert retry.by == admin_user and retry.attempts_before == OUTBOX_MAX_ATTEMPTS
    assert len(fake_sms.messages(PHONE)) == 1 and len(mail.outbox) == 1
    with pytest.raises(NotDead):
        outbox_retry(message=m, by=admin_user, at=T0)


def test_only_administrators_and_center_leaders_may_retry(w, fake_sms, client):
    d = ReceivedDossierFactory.create(world=w)
    m = kill(d, fake_sms)
    with pytest.raises(NotAllowed):
        outbox_retry(message=m, by=w.receiver, at=T0)
    client.force_login(w.receiver)
    assert client.post(f"/staff/notifications/outbox/{m.pk}/retry/").status_code == 403
    m.refresh_from_db()
    assert m.dead_at is not None
    leader = staff("lanhdao", Role.CENTER_LEADER, w.center)
    outbox_retry(message=m, by=leader, at=T0)


def test_the_delivery_log_masks_numbers_and_addresses(w, fake_sms, client, admin_user):
    ReceivedDossierFactory.create(world=w)
    outbox_deliver(at=T0)
    client.force_login(admin_user)
    page = client.get("/staff/notifications/").content.decode()
    assert "091****678" in page and "an*******@example.vn" in page
    assert PHONE not in page and EMAIL not in page


def test_the_staff_page_shows_only_the_readers_units(w, fake_sms, client):
    mine = ReceivedDossierFactory.create(world=w)
    theirs = dossier_receive(
        reception=reception(w, receiving_unit=w.branch), by=w.branch_receiver, at=T0
    )
    outbox_deliver(at=T0)
    client.force_login(w.receiver)  # the Center's desk
    page = client.get("/staff/notifications/").content.decode()
    assert mine.code in page and theirs.code not in page
    client.force_login(w.branch_receiver)
    page = client.get("/staff/notifications/").content.decode()
    assert theirs.code in page and mine.code not in page
    assert client.get("/staff/notifications/?channel=sms&code=" + theirs.code).status_code == 200
    assert client.get("/staff/notifications/?start=32/13/2026").status_code == 422


def test_citizens_cannot_open_the_page(w, client, django_user_model):
    citizen = django_user_model.objects.create_user(username="cd", password="x")
    Membership.objects.filter(user=citizen).delete()
    client.force_login(citizen)
    assert client.get("/staff/notifications/").status_code == 403


def test_staff_alerts_are_mailed_to_each_handler_once(w, fake_sms):
    from motcua.dossiers.services import dossier_alerts_run
    from motcua.dossiers.tests.factories import ProcessingDossierFactory, vn

    ProcessingDossierFactory.create(world=w, at=vn(2026, 2, 23, 9, 0))  # due 02/03 09:00
    OutboxMessage.objects.all().delete()
    dossier_alerts_run(at=vn(2026, 3, 6, 10, 0))
    outbox_deliver(at=vn(2026, 3, 6, 10, 0))
    overdue = [m for m in mail.outbox if m.subject.startswith("[Quá hạn]")]
    assert overdue and all(len(m.to) == 1 for m in overdue)
    assert any(m.to == [w.specialist.email] for m in overdue)
    assert all("đã quá hạn" in m.body for m in overdue)


def test_periodic_runs_every_job_once(w, fake_sms, capsys):
    ReceivedDossierFactory.create(world=w)
    call_command("periodic")
    out = capsys.readouterr().out
    for name in (
        "catalog_refresh_current",
        "dossier_alerts",
        "citizens_purge",
        "figures_refresh",
        "outbox_deliver",
    ):
        assert f"{name}:" in out
    assert fake_sms.messages(PHONE)
