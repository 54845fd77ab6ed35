"""Reads of the notifications app: the delivery log and the dead-letter list, scoped to
what the reader may see (everything for system administrators and the Center's leaders,
else the dossiers of their units)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from motcua.accounts.models import Role, User
from motcua.accounts.selectors import memberships_on
from motcua.dossiers.models import Dossier, OutboxMessage
from motcua.dossiers.selectors import visible_dossiers
from motcua.notifications.models import NotificationDelivery
from motcua.notifications.rendering import mask

LIST_LIMIT = 200
SEES_ALL = frozenset({Role.SYSTEM_ADMIN, Role.CENTER_LEADER})


def sees_all(user: User, *, on: dt.date) -> bool:
    if not user.is_active:
        return False
    return user.is_superuser or memberships_on(user, on=on).filter(role__in=SEES_ALL).exists()


def can_retry(user: User, *, on: dt.date) -> bool:
    return sees_all(user, on=on)


def visible_deliveries(user: User, *, on: dt.date) -> QuerySet[NotificationDelivery]:
    qs = NotificationDelivery.objects.select_related("user")
    if sees_all(user, on=on):
        return qs
    return qs.filter(dossier__in=visible_dossiers(user, on=on).values("pk"))


@dataclass(frozen=True)
class DeliveryFilters:
    channel: str = ""
    status: str = ""
    code: str = ""
    start: dt.datetime | None = None
    end: dt.datetime | None = None


def delivery_rows(user: User, filters: DeliveryFilters, *, on: dt.date) -> list[dict[str, Any]]:
    """Newest first, at most LIST_LIMIT rows; recipients masked."""
    qs = visible_deliveries(user, on=on)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.code:
        qs = qs.filter(code__icontains=filters.code)
    if filters.start:
        qs = qs.filter(at__gte=filters.start)
    if filters.end:
        qs = qs.filter(at__lt=filters.end)
    return [
        {
            "delivery": d,
            "to_masked": mask(d.channel, d.to),
        }
        for d in qs.order_by("-at", "-id")[:LIST_LIMIT]
    ]


def _payload_dossier_ids(messages: list[OutboxMessage]) -> dict[int, int | str]:
    return {
        m.pk: m.payload.get("dossier") or m.payload.get("code") or ""
        for m in messages
        if isinstance(m.payload, dict)
    }


def _visible_keys(user: User, keys: set[int | str], *, on: dt.date) -> set[int | str]:
    ids = {k for k in keys if isinstance(k, int)}
    codes = {k for k in keys if isinstance(k, str) and k}
    if not ids and not codes:
        return set()
    seen = visible_dossiers(user, on=on).filter(Q(pk__in=ids) | Q(code__in=codes))
    found: set[int | str] = set()
    for pk, code in seen.values_list("pk", "code"):
        found.update({pk, code})
    return found


def dead_letters(user: User, *, on: dt.date) -> list[OutboxMessage]:
    """Dead outbox messages the reader may see, newest first (at most LIST_LIMIT)."""
    dead = list(
        OutboxMessage.objects.filter(dead_at__isnull=False).order_by("-dead_at", "-id")[
            : LIST_LIMIT * (1 if sees_all(user, on=on) else 5)
        ]
    )
    if sees_all(user, on=on):
        return dead[:LIST_LIMIT]
    keys = _payload_dossier_ids(dead)
    visible = _visible_keys(user, set(keys.values()), on=on)
    return [m for m in dead if keys.get(m.pk) in visible][:LIST_LIMIT]


def message_visible(user: User, message: OutboxMessage, *, on: dt.date) -> bool:
    if sees_all(user, on=on):
        return True
    key = _payload_dossier_ids([message]).get(message.pk)
    return bool(key) and key in _visible_keys(user, {key} if key else set(), on=on)


def dossier_code(message: OutboxMessage) -> str:
    payload = message.payload if isinstance(message.payload, dict) else {}
    code = payload.get("code")
    if code:
        return str(code)
    pk = payload.get("dossier")
    if isinstance(pk, int):
        return Dossier.objects.filter(pk=pk).values_list("code", flat=True).first() or ""
    return ""
