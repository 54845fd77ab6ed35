"""The transactional outbox: side effects written as rows in the same transaction as the
change that causes them, delivered after commit by `outbox_deliver` (a management command
and a task kicked on commit), with retries and exponential back-off, dead after
OUTBOX_MAX_ATTEMPTS failures.

Handlers are registered per topic. A handler receives the payload and raises on failure;
it must be idempotent (a message may be delivered twice if the process dies between the
handler and the bookkeeping).

Topics:
- `notify.citizen`  {dossier, code, template, email, phone, text}
- `notify.staff`    {dossier, code, template, user_ids, text}
- `dvcqg.sync`      {code, status, portal_status, channel, at (yyyyMMddHHmmss), …}
  The national-portal gateway arrives with motcua/integrations/dvcqg; until then its
  handler only logs (the message is delivered, and the payload is the contract).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q

from motcua.dossiers.models import OutboxMessage

log = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], None]

OUTBOX_MAX_ATTEMPTS = 8
OUTBOX_BASE_DELAY = dt.timedelta(seconds=30)
OUTBOX_MAX_DELAY = dt.timedelta(hours=6)
# A message being delivered is leased for this long; a crashed worker's lease expires.
OUTBOX_LEASE = dt.timedelta(minutes=5)

HANDLERS: dict[str, Handler] = {}


class UnknownTopic(LookupError):
    pass


def register(topic: str) -> Callable[[Handler], Handler]:
    """Decorator: `@register("notify.citizen") def send(payload): ...`."""

    def deco(fn: Handler) -> Handler:
        HANDLERS[topic] = fn
        return fn

    return deco


def outbox_put(
    *,
    topic: str,
    payload: dict[str, Any],
    at: dt.datetime,
    dedupe_key: str | None = None,
) -> None:
    """Queue a message inside the caller's transaction; delivery is kicked on commit."""
    message = OutboxMessage.objects.create(
        topic=topic, payload=payload, created_at=at, available_at=at, dedupe_key=dedupe_key
    )
    if getattr(settings, "MOTCUA_OUTBOX_KICK", True):
        # One kick per transaction for all its messages: the first callback to run takes
        # every id queued so far (ids of a rolled-back transaction ride along harmlessly).
        pending = _pending.__dict__.setdefault("ids", [])
        pending.append(message.pk)
        transaction.on_commit(_kick_pending)


_pending = threading.local()


def _kick_pending() -> None:
    ids = _pending.__dict__.get("ids") or []
    if ids:
        _pending.ids = []
        _kick(ids)


def kick_on_commit(ids: list[int] | None = None) -> None:
    """After commit, ask the task backend to deliver these messages (all due ones when
    None) — immediately in the embedded setup, by a worker in production. Whatever a kick
    misses, the periodic `outbox_deliver` command delivers."""
    if getattr(settings, "MOTCUA_OUTBOX_KICK", True):
        transaction.on_commit(lambda: _kick(ids))


def _kick(ids: list[int] | None) -> None:
    from motcua.dossiers.tasks import deliver_outbox

    try:
        deliver_outbox.enqueue(ids=ids)
    except Exception:  # delivery is retried by the periodic command anyway
        log.exception("Could not enqueue outbox delivery")


def backoff(attempts: int) -> dt.timedelta:
    """Delay before the next try after `attempts` failures: 30 s, 1 min, 2 min, … ≤ 6 h."""
    delay = OUTBOX_BASE_DELAY * (2 ** max(0, attempts - 1))
    return min(delay, OUTBOX_MAX_DELAY)


def outbox_deliver(
    *, at: dt.datetime, limit: int = 100, ids: list[int] | None = None
) -> dict[str, int]:
    """Deliver due messages. Each message is leased with an atomic UPDATE (so two workers
    never run the same one), its handler runs outside any transaction, then the outcome is
    recorded. Returns counts of delivered, retried and dead messages."""
    counts = {"delivered": 0, "retried": 0, "dead": 0}
    due = OutboxMessage.objects.filter(
        delivered_at__isnull=True, dead_at__isnull=True, available_at__lte=at
    )
    if ids is not None:
        due = due.filter(pk__in=ids)
    for message in list(due.order_by("available_at", "id")[:limit]):
        leased = OutboxMessage.objects.filter(
            Q(pk=message.pk, available_at=message.available_at, delivered_at__isnull=True)
        ).update(available_at=at + OUTBOX_LEASE)
        if not leased:
            continue  # another worker took it
        try:
            handler = HANDLERS.get(message.topic)
            if handler is None:
                raise UnknownTopic(f"No handler for topic {message.topic!r}")
            handler(message.payload)
        except Exception as exc:
            attempts = message.attempts + 1
            fields: dict[str, Any] = {
                "attempts": attempts,
                "last_error": f"{type(exc).__name__}: {exc}"[:2000],
            }
            if attempts >= OUTBOX_MAX_ATTEMPTS:
                fields["dead_at"] = at
                counts["dead"] += 1
                log.error("Outbox message %s (%s) is dead: %s", message.pk, message.topic, exc)
            else:
                fields["available_at"] = at + backoff(attempts)
                counts["retried"] += 1
            OutboxMessage.objects.filter(pk=message.pk).update(**fields)
        else:
            OutboxMessage.objects.filter(pk=message.pk).update(
                delivered_at=at, attempts=message.attempts + 1, last_error=""
            )
            counts["delivered"] += 1
    return counts


# --- Default handlers ---------------------------------------------------------------------


@register("notify.citizen")
def _notify_citizen(payload: dict[str, Any]) -> None:
    """E-mail the applicant when an address is known (SMS arrives with integrations/sms)."""
    email = payload.get("email")
    if email:
        send_mail(
            subject=f"Hồ sơ {payload.get('code', '')}",
            message=str(payload.get("text", "")),
            from_email=None,
            recipient_list=[email],
        )


@register("notify.staff")
def _notify_staff(payload: dict[str, Any]) -> None:
    """E-mail the staff members named in the payload."""
    from motcua.accounts.models import User

    emails = [
        e
        for e in User.objects.filter(pk__in=payload.get("user_ids", []), is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    ]
    if emails:
        send_mail(
            subject=f"Hồ sơ {payload.get('code', '')}: {payload.get('subject', '')}",
            message=str(payload.get("text", "")),
            from_email=None,
            recipient_list=emails,
        )


@register("dvcqg.sync")
def _dvcqg_sync(payload: dict[str, Any]) -> None:
    log.debug("DVCQG sync (no gateway configured yet): %s", payload)
