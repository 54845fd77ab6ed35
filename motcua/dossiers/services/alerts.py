"""The periodic job: dossiers due soon (within one working day) and overdue, notified to
their handlers and leaders once per dossier, kind and day (a dedupe key on the outbox row
makes a second run the same day add nothing). Run by `manage.py dossier_alerts`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from motcua.accounts.models import Role
from motcua.core.clock import format_dt, local
from motcua.dossiers.models import Dossier, OutboxMessage
from motcua.dossiers.outbox import kick_on_commit
from motcua.dossiers.services import _common as c
from motcua.dossiers.workflow import Status
from motcua.worktime.services import add_working_time

ALERT_STATUSES = (Status.RECEIVED, Status.PROCESSING)
DUE_SOON_WORKING_DAYS = 1
BATCH = 500

LEADERS = (Role.UNIT_HEAD, Role.AGENCY_LEADER)


def dossier_alerts_run(*, at: dt.datetime) -> dict[str, int]:
    """Queue due-soon and overdue notifications; returns how many were newly queued."""
    day = local(at).date()
    soon = add_working_time(at, days=DUE_SOON_WORKING_DAYS)
    staff_cache: dict[tuple[int | None, tuple[str, ...]], list[int]] = {}

    def staff(unit_id: int | None, roles: tuple[str, ...]) -> list[int]:
        key = (unit_id, roles)
        if key not in staff_cache:
            staff_cache[key] = c.unit_staff_ids(unit_id, roles, on=day)
        return staff_cache[key]

    counts = {"overdue": 0, "due_soon": 0}
    qs = (
        Dossier.objects.filter(status__in=ALERT_STATUSES, due_at__isnull=False, due_at__lte=soon)
        .select_related("current_step")
        .only(
            "pk",
            "code",
            "due_at",
            "current_step_unit_id",
            "current_step_role",
            "current_assignee_id",
            "current_step__agency_id",
        )
        .order_by("due_at", "pk")
    )
    batch: list[OutboxMessage] = []
    for d in qs.iterator(chunk_size=BATCH):
        assert d.due_at is not None  # noqa: S101
        kind = "overdue" if d.due_at < at else "due_soon"
        handlers = (
            [d.current_assignee_id]
            if d.current_assignee_id
            else staff(
                d.current_step_unit_id,
                tuple(sorted(c.STEP_ROLE_HOLDERS.get(d.current_step_role, ()))),
            )
        )
        leaders = staff(d.current_step_unit_id, LEADERS)
        agency_id = d.current_step.agency_id if d.current_step else None
        if agency_id and agency_id != d.current_step_unit_id:
            leaders = leaders + staff(agency_id, (Role.AGENCY_LEADER,))
        user_ids = sorted({i for i in [*handlers, *leaders] if i})
        if not user_ids:
            continue
        text = (
            f"Hồ sơ {d.code} đã quá hạn (hạn {format_dt(d.due_at)})."
            if kind == "overdue"
            else f"Hồ sơ {d.code} sắp đến hạn ({format_dt(d.due_at)})."
        )
        payload: dict[str, Any] = {
            "dossier": d.pk,
            "code": d.code,
            "template": kind,
            "subject": "Quá hạn" if kind == "overdue" else "Sắp đến hạn",
            "text": text,
            "user_ids": user_ids,
        }
        batch.append(
            OutboxMessage(
                topic="notify.staff",
                payload=payload,
                dedupe_key=f"alert:{kind}:{d.pk}:{day:%Y%m%d}",
                created_at=at,
                available_at=at,
            )
        )
        counts[kind] += 1
        if len(batch) >= BATCH:
            _flush(batch, counts)
            batch = []
    _flush(batch, counts)
    return counts


def _flush(batch: list[OutboxMessage], counts: dict[str, int]) -> None:
    """Insert the batch, skipping rows already queued today; correct the counts."""
    if not batch:
        return
    keys = [m.dedupe_key for m in batch]
    with transaction.atomic():
        existing = set(
            OutboxMessage.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)
        )
        fresh = [m for m in batch if m.dedupe_key not in existing]
        OutboxMessage.objects.bulk_create(fresh, ignore_conflicts=True)
        if fresh:
            kick_on_commit()
    for m in batch:
        if m.dedupe_key in existing:
            counts[m.payload["template"]] -= 1
