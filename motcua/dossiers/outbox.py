"""The transactional outbox: side effects written as rows in the same transaction as the
change that causes them, delivered after commit by `outbox_deliver` (a management command
and a task kicked on commit), with retries and exponential back-off, dead after
OUTBOX_MAX_ATTEMPTS failures.

Handlers are registered per topic. A handler receives the payload (or, registered with
`register_message`, the OutboxMessage itself: its id keys idempotency and delivery logs)
and raises on failure; it must be idempotent (a message may be delivered twice if the
process dies between the handler and the bookkeeping). A topic may also register a
prefetch (`register_prefetch`): run once per batch before its handlers, it reads for all the
batch's messages at once what each handler would read for itself. The notify.* handlers and
their prefetch live in motcua/notifications/handlers.py (registered when that app is ready).

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet

from motcua.core.rows import insert_rows
from motcua.dossiers.models import OutboxMessage

log = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], None]
MessageHandler = Callable[[OutboxMessage], None]

OUTBOX_MAX_ATTEMPTS = 8
OUTBOX_BASE_DELAY = dt.timedelta(seconds=30)
OUTBOX_MAX_DELAY = dt.timedelta(hours=6)
# A message being delivered is leased for this long; a crashed worker's lease expires.
OUTBOX_LEASE = dt.timedelta(minutes=5)

HANDLERS: dict[str, Handler] = {}
MESSAGE_HANDLERS: dict[str, MessageHandler] = {}
Prefetch = Callable[[list[OutboxMessage]], None]
PREFETCHERS: dict[str, Prefetch] = {}


class UnknownTopic(LookupError):
    pass


def register(topic: str) -> Callable[[Handler], Handler]:
    """Decorator: `@register("notify.citizen") def send(payload): ...`."""

    def deco(fn: Handler) -> Handler:
        MESSAGE_HANDLERS.pop(topic, None)
        HANDLERS[topic] = fn
        return fn

    return deco


def register_message(topic: str) -> Callable[[MessageHandler], MessageHandler]:
    """Decorator for handlers that need the message (its id, attempts), not just the payload:
    `@register_message("notify.citizen") def send(message): ...`. The handler sees
    `message.attempts` as the number of failed tries before this one."""

    def deco(fn: MessageHandler) -> MessageHandler:
        HANDLERS.pop(topic, None)
        MESSAGE_HANDLERS[topic] = fn
        return fn

    return deco


def register_prefetch(*topics: str) -> Callable[[Prefetch], Prefetch]:
    """Decorator for a function run once per delivery batch with the batch's messages of
    each of these topics, before their handlers: it reads in one query what every handler
    would read for itself and leaves it on the messages. Handlers must work without it (a
    failed prefetch is logged and the handlers read for themselves)."""

    def deco(fn: Prefetch) -> Prefetch:
        for topic in topics:
            PREFETCHERS[topic] = fn
        return fn

    return deco


@dataclass(frozen=True)
class Outgoing:
    """A message to queue (see `outbox_put_all`)."""

    topic: str
    payload: dict[str, Any]
    dedupe_key: str | None = None


def outbox_put(
    *,
    topic: str,
    payload: dict[str, Any],
    at: dt.datetime,
    dedupe_key: str | None = None,
) -> None:
    """Queue one message inside the caller's transaction (see `outbox_put_all`)."""
    outbox_put_all([Outgoing(topic, payload, dedupe_key)], at=at)


def outbox_put_all(messages: Sequence[Outgoing | None], *, at: dt.datetime) -> None:
    """Queue messages inside the caller's transaction, in one INSERT (None entries are
    skipped); delivery is kicked on commit.

    A kicked message is born leased to its kick (available only after OUTBOX_LEASE), so the
    kick delivers it without a lease round-trip and the periodic worker takes it only if the
    kick never ran."""
    kick = getattr(settings, "MOTCUA_OUTBOX_KICK", True)
    rows = [
        OutboxMessage(
            topic=m.topic,
            payload=m.payload,
            created_at=at,
            available_at=at + OUTBOX_LEASE if kick else at,
            dedupe_key=m.dedupe_key,
        )
        for m in messages
        if m is not None
    ]
    if not rows:
        return
    insert_rows(rows)
    if kick:
        # One kick per transaction for all its messages: the first callback to run takes
        # every id queued so far (ids of a rolled-back transaction ride along harmlessly).
        pending = _pending.__dict__.setdefault("ids", [])
        pending.extend(row.pk for row in rows)
        transaction.on_commit(_kick_pending)


_pending = threading.local()


def _kick_pending() -> None:
    ids = _pending.__dict__.get("ids") or []
    if ids:
        _pending.ids = []
        _kick(ids, leased=True)


def kick_on_commit(ids: list[int] | None = None) -> None:
    """After commit, ask the task backend to deliver these messages (all due ones when
    None) — immediately in the embedded setup, by a worker in production. Whatever a kick
    misses, the periodic `outbox_deliver` command delivers."""
    if getattr(settings, "MOTCUA_OUTBOX_KICK", True):
        transaction.on_commit(lambda: _kick(ids))


def _kick(ids: list[int] | None, *, leased: bool = False) -> None:
    from motcua.dossiers.tasks import deliver_outbox

    try:
        deliver_outbox.enqueue(ids=ids, leased=leased)
    except Exception:  # delivery is retried by the periodic command anyway
        log.exception("Could not enqueue outbox delivery")


def backoff(attempts: int) -> dt.timedelta:
    """Delay before the next try after `attempts` failures: 30 s, 1 min, 2 min, … ≤ 6 h."""
    delay = OUTBOX_BASE_DELAY * (2 ** max(0, attempts - 1))
    return min(delay, OUTBOX_MAX_DELAY)


def _lease(
    due: QuerySet[OutboxMessage], batch: list[OutboxMessage], *, at: dt.datetime
) -> list[OutboxMessage]:
    """Lease the batch with one conditional UPDATE; a concurrent worker's lease makes its
    rows fail the condition. Returns the messages this call holds."""
    if not batch:
        return batch
    lease_until = at + OUTBOX_LEASE
    pks = [m.pk for m in batch]
    if due.filter(pk__in=pks).update(available_at=lease_until) == len(batch):
        return batch
    mine = set(
        OutboxMessage.objects.filter(pk__in=pks, available_at=lease_until).values_list(
            "pk", flat=True
        )
    )
    return [m for m in batch if m.pk in mine]


def outbox_deliver(
    *, at: dt.datetime, limit: int = 100, ids: list[int] | None = None, leased: bool = False
) -> dict[str, int]:
    """Deliver due messages (the given ones, or up to `limit`). The batch is leased with one
    conditional UPDATE (a concurrent worker's lease makes its rows fail the condition, so no
    message runs twice at once), the handlers run outside any transaction, and the outcomes
    are written in one transaction: two commits per batch. With `leased`, the given
    messages were born leased to this call (see outbox_put): no lease step, one commit.
    Returns counts of delivered, retried and dead messages."""
    counts = {"delivered": 0, "retried": 0, "dead": 0}
    pending = OutboxMessage.objects.filter(delivered_at__isnull=True, dead_at__isnull=True)
    if leased and ids is not None:
        batch = list(pending.filter(pk__in=ids).order_by("id")[:limit])
    else:
        due = pending.filter(available_at__lte=at)
        if ids is not None:
            due = due.filter(pk__in=ids)
        batch = list(due.order_by("available_at", "id")[:limit])
        batch = _lease(due, batch, at=at)
    if not batch:
        return counts

    _prefetch(batch)
    delivered: list[int] = []
    failed: list[tuple[OutboxMessage, Exception]] = []
    for message in batch:
        try:
            message_handler = MESSAGE_HANDLERS.get(message.topic)
            if message_handler is not None:
                message_handler(message)
            else:
                handler = HANDLERS.get(message.topic)
                if handler is None:
                    raise UnknownTopic(f"No handler for topic {message.topic!r}")
                handler(message.payload)
        except Exception as exc:
            failed.append((message, exc))
        else:
            delivered.append(message.pk)
    with transaction.atomic():
        if delivered:
            OutboxMessage.objects.filter(pk__in=delivered).update(
                delivered_at=at, attempts=F("attempts") + 1, last_error=""
            )
            counts["delivered"] = len(delivered)
        for message, error in failed:
            attempts = message.attempts + 1
            fields: dict[str, Any] = {
                "attempts": attempts,
                "last_error": f"{type(error).__name__}: {error}"[:2000],
            }
            if attempts >= OUTBOX_MAX_ATTEMPTS:
                fields["dead_at"] = at
                counts["dead"] += 1
                log.error("Outbox message %s (%s) is dead: %s", message.pk, message.topic, error)
            else:
                fields["available_at"] = at + backoff(attempts)
                counts["retried"] += 1
            OutboxMessage.objects.filter(pk=message.pk).update(**fields)
    return counts


def _prefetch(batch: list[OutboxMessage]) -> None:
    by_topic: dict[str, list[OutboxMessage]] = {}
    for message in batch:
        by_topic.setdefault(message.topic, []).append(message)
    for topic, messages in by_topic.items():
        prefetch = PREFETCHERS.get(topic)
        if prefetch is None:
            continue
        try:
            prefetch(messages)
        except Exception:  # the handlers read for themselves
            log.exception("Outbox prefetch for %s failed", topic)


# --- Default handlers ---------------------------------------------------------------------


# notify.citizen and notify.staff: motcua/notifications/handlers.py.


@register("dvcqg.sync")
def _dvcqg_sync(payload: dict[str, Any]) -> None:
    log.debug("DVCQG sync (no gateway configured yet): %s", payload)
