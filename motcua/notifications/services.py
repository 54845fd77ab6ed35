"""Writes of the notifications app."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from motcua.accounts.models import User
from motcua.core.clock import local
from motcua.core.errors import Conflict, NotAllowed, NotFound
from motcua.dossiers.models import OutboxMessage
from motcua.dossiers.outbox import kick_on_commit
from motcua.notifications.models import OutboxRetry
from motcua.notifications.selectors import can_retry, message_visible


class NotDead(Conflict):
    """The message is not on the dead-letter list (already requeued or delivered) (409)."""


def outbox_retry(*, message: OutboxMessage, by: User, at: dt.datetime) -> OutboxMessage:
    """Put a dead outbox message back in the queue for a fresh round of attempts (the
    channels already sent are not sent again: the handlers skip them). Recorded as an
    OutboxRetry; delivery is kicked after commit."""
    on = local(at).date()
    if not can_retry(by, on=on):
        raise NotAllowed(
            "Chỉ quản trị hệ thống và lãnh đạo Trung tâm được gửi lại thông điệp.", field="by"
        )
    with transaction.atomic():
        m = OutboxMessage.objects.select_for_update().filter(pk=message.pk).first()
        if m is None or not message_visible(by, m, on=on):
            raise NotFound("Không tìm thấy thông điệp.", field="message")
        if m.dead_at is None:
            raise NotDead(
                "Thông điệp không còn trong danh sách ngừng thử (đã gửi lại hoặc đã gửi được).",
                field="message",
            )
        OutboxRetry.objects.create(
            message=m, by=by, at=at, attempts_before=m.attempts, error_before=m.last_error
        )
        m.dead_at = None
        m.attempts = 0
        m.available_at = at
        m.save(update_fields=["dead_at", "attempts", "available_at"])
        kick_on_commit([m.pk])
    return m
