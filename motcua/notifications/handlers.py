"""Outbox handlers of the notify.citizen and notify.staff topics (registered on app ready).

Each message is sent on every channel it has an address for: SMS through the configured
gateway (idempotency key `outbox-<message id>-sms`, so a retry after a lost answer sends
one SMS) and e-mail through Django mail. Every try is logged as a NotificationDelivery; a
channel that already succeeded for a recipient of a message is skipped on later tries, so a
retry after an SMS failure does not e-mail the citizen twice. The handler raises when a
retryable failure remains (the outbox retries with back-off and, after the last attempt,
lists the message as dead); an SMS the gateway refuses for good (4xx, e.g. an invalid
number) is logged as failed and not retried.

Handlers run after commit, outside any transaction (the outbox guarantees it)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from email.utils import make_msgid
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection

from motcua.core.clock import now
from motcua.core.rows import insert_rows
from motcua.dossiers.models import OutboxMessage
from motcua.dossiers.outbox import register_message, register_prefetch
from motcua.integrations.sms import SmsError, get_sms_gateway
from motcua.notifications.models import (
    Audience,
    DeliveryStatus,
    NotificationChannel,
    NotificationDelivery,
)
from motcua.notifications.rendering import (
    DossierRow,
    dossier_context,
    dossier_rows,
    placeholders,
    render,
    render_template,
    templates_for,
)

log = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    """At least one channel failed in a way worth retrying."""


def sms_key(message_id: int) -> str:
    return f"outbox-{message_id}-sms"


# Hand-written: every delivered message asks it.
_SENT = (
    "SELECT 1 FROM notifications_notificationdelivery WHERE message_id = %s AND channel = %s"
    ' AND "to" = %s AND status = %s LIMIT 1'
)
_SENT_IN_BATCH = (
    'SELECT message_id, channel, "to" FROM notifications_notificationdelivery'
    " WHERE status = %s AND message_id IN ({ids})"
)


@dataclass
class _Batch:
    """What a delivery batch's messages were read for at once (see `_prefetch`): the
    (message, channel, address) already sent, and the dossiers' placeholder rows."""

    sent: set[tuple[int, str, str]]
    dossiers: dict[int, DossierRow]


def _batch(message: OutboxMessage) -> _Batch | None:
    return message.__dict__.get("_notify_batch")


@register_prefetch("notify.citizen", "notify.staff")
def _prefetch(messages: list[OutboxMessage]) -> None:
    """Two queries for the whole batch instead of two per message: the deliveries already
    sent (a message is leased to this worker, so none is sent meanwhile) and the dossiers."""
    ids = [m.pk for m in messages]
    with connection.cursor() as cursor:
        cursor.execute(
            _SENT_IN_BATCH.format(ids=", ".join(["%s"] * len(ids))), [DeliveryStatus.SENT, *ids]
        )
        sent = {(int(m), str(c), str(t)) for m, c, t in cursor.fetchall()}
    batch = _Batch(sent, dossier_rows({i for i in map(_dossier_id, messages) if i}))
    for message in messages:
        message.__dict__["_notify_batch"] = batch


def _dossier_id(message: OutboxMessage) -> int | None:
    dossier = message.payload.get("dossier")
    return dossier if isinstance(dossier, int) else None


def _already_sent(message: OutboxMessage, channel: str, to: str) -> bool:
    batch = _batch(message)
    if batch is not None:
        return (message.pk, channel, to) in batch.sent
    with connection.cursor() as cursor:
        cursor.execute(_SENT, [message.pk, channel, to, DeliveryStatus.SENT])
        return cursor.fetchone() is not None


def _context(message: OutboxMessage, needs: Collection[str] | None = None) -> dict[str, str]:
    batch = _batch(message)
    return dossier_context(
        _dossier_id(message), message.payload, needs, known=batch.dossiers if batch else None
    )


def _log(
    message: OutboxMessage,
    *,
    base: dict[str, Any],
    channel: str,
    to: str,
    status: str,
    provider_id: str = "",
    error: str = "",
    user_id: int | None = None,
) -> None:
    row = NotificationDelivery(
        message=message,
        channel=channel,
        to=to,
        status=status,
        provider_id=provider_id[:200],
        error=error[:2000],
        at=now(),
        attempt=message.attempts + 1,
        user_id=user_id,
        **base,
    )
    insert_rows([row])


def _try(
    message: OutboxMessage,
    *,
    base: dict[str, Any],
    channel: str,
    to: str,
    send: Callable[[], str],
    errors: list[str],
    user_id: int | None = None,
) -> None:
    """Send on one channel unless it already succeeded; log the outcome; collect
    retryable errors."""
    if _already_sent(message, channel, to):
        return
    try:
        provider_id = send()
    except SmsError as exc:
        _log(message, base=base, channel=channel, to=to, status=DeliveryStatus.FAILED,
             error=str(exc), user_id=user_id)  # fmt: skip
        if exc.retryable:
            errors.append(f"{channel}: {exc}")
        else:
            log.warning("SMS for outbox message %s refused for good: %s", message.pk, exc)
        return
    except Exception as exc:  # mail backends raise many kinds (SMTP, OS errors)
        _log(message, base=base, channel=channel, to=to, status=DeliveryStatus.FAILED,
             error=f"{type(exc).__name__}: {exc}", user_id=user_id)  # fmt: skip
        errors.append(f"{channel}: {type(exc).__name__}: {exc}")
        return
    _log(message, base=base, channel=channel, to=to, status=DeliveryStatus.SENT,
         provider_id=provider_id, user_id=user_id)  # fmt: skip


def _send_email(to: str, subject: str, body: str) -> Callable[[], str]:
    def send() -> str:
        domain = str(settings.DEFAULT_FROM_EMAIL).rpartition("@")[2] or "motcua.local"
        message_id = make_msgid(domain=domain)
        email = EmailMessage(
            subject=subject, body=body, to=[to], headers={"Message-ID": message_id}
        )
        email.send(fail_silently=False)
        return message_id

    return send


def _send_sms(to: str, text: str, key: str) -> Callable[[], str]:
    def send() -> str:
        return get_sms_gateway().send(to=to, text=text, idempotency_key=key)

    return send


def sms_enabled() -> bool:
    return bool(getattr(settings, "MOTCUA_SMS_ENABLED", True))


@register_message("notify.citizen")
def notify_citizen(message: OutboxMessage) -> None:
    """SMS to the applicant's phone and e-mail to their address, from the templates of
    the payload's event."""
    payload = message.payload
    event = str(payload.get("template", ""))
    dossier_id = _dossier_id(message)
    phone = str(payload.get("phone") or "").strip()
    email = str(payload.get("email") or "").strip()
    templates = templates_for(Audience.CITIZEN, event) if phone or email else {}
    sms_tpl = templates.get(NotificationChannel.SMS) if phone and sms_enabled() else None
    mail_tpl = templates.get(NotificationChannel.EMAIL) if email else None
    used = [t for t in (sms_tpl, mail_tpl) if t is not None]
    context = _context(message, placeholders(*(text for t in used for text in (t.subject, t.body))))
    base = {
        "dossier_id": dossier_id,
        "code": context.get("code", "")[:60],
        "audience": Audience.CITIZEN,
        "event": event[:40],
    }
    errors: list[str] = []
    sms = render_template(sms_tpl, NotificationChannel.SMS, context)
    if sms is not None:
        _try(message, base=base, channel=NotificationChannel.SMS, to=phone,
             send=_send_sms(phone, sms.body, sms_key(message.pk)), errors=errors)  # fmt: skip
    mail = render_template(mail_tpl, NotificationChannel.EMAIL, context)
    if mail is not None:
        _try(message, base=base, channel=NotificationChannel.EMAIL, to=email,
             send=_send_email(email, mail.subject, mail.body), errors=errors)  # fmt: skip
    if errors:
        raise DeliveryFailed("; ".join(errors))


@register_message("notify.staff")
def notify_staff(message: OutboxMessage) -> None:
    """One e-mail to each active staff member named in the payload, from the staff
    template of the event (or the `default` one, which uses the service's subject and text)."""
    from motcua.accounts.models import User

    payload = message.payload
    event = str(payload.get("template", ""))
    dossier_id = _dossier_id(message)
    context = _context(message)
    base = {
        "dossier_id": dossier_id,
        "code": context.get("code", "")[:60],
        "audience": Audience.STAFF,
        "event": event[:40],
    }
    ids = [i for i in payload.get("user_ids", []) if isinstance(i, int)]
    errors: list[str] = []
    users = User.objects.filter(pk__in=ids, is_active=True).exclude(email="").order_by("pk")
    for user in users:
        mail = render(
            Audience.STAFF,
            event,
            NotificationChannel.EMAIL,
            {**context, "name": user.full_name or user.username},
        )
        if mail is None:
            continue
        _try(message, base=base, channel=NotificationChannel.EMAIL, to=user.email,
             send=_send_email(user.email, mail.subject, mail.body), errors=errors,
             user_id=user.pk)  # fmt: skip
    if errors:
        raise DeliveryFailed("; ".join(errors))
