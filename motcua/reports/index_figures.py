"""The Circular 01/2018 scores of agencies, desks and desk officers from pre-aggregated rows.

`evaluation.indices` defines the nine per-dossier indices (`annotate_indices`) and scores a
set of dossiers directly; on a year of a province that is a pass over hundreds of thousands
of dossiers with several subqueries each. Here the per-dossier scores are summed once per
(result day, lead agency, desk, receiving officer) into `IndexFigure` — refreshed with the
daily figures (`figures.refresh_changed` / `rebuild`) — and a period's scores are sums of
those rows.

Feedback handling (index 8) is judged at a moment (feedback unhandled after its deadline
counts as overdue), so it is not stored: the dossiers of the period that have feedback — a
few — are scored when read, every other dossier scores the rule's "no feedback" value.

`check()` compares the rows with a recount; the tests compare the scores with
`evaluation.indices.agency_scores` / `staff_scores` on the same dossiers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Literal, cast

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from motcua.evaluation.indices import (
    INDEX_CODES,
    STAFF_INDEX_CODES,
    ScoreRow,
    annotate_indices,
    band,
    one_decimal,
    rule_set,
)
from motcua.reports.models import FiguresStamp, IndexFigure

STORED = tuple(c for c in INDEX_CODES if c != "feedback_handling")
KEYS = {"agency": "lead_agency_id", "desk": "receiving_unit_id", "officer": "received_by_id"}
Key = tuple[dt.date, int | None, int, int | None]


def _resolved_on(day: dt.date) -> QuerySet[Any]:
    from motcua.dossiers.models import Dossier
    from motcua.reports.figures import day_start  # figures imports this module

    return Dossier.objects.filter(
        finished_at__gte=day_start(day), finished_at__lt=day_start(day + dt.timedelta(days=1))
    )


def compute(days: Iterable[dt.date]) -> dict[Key, dict[str, int]]:
    """The rows of these days, counted from the dossiers."""
    out: dict[Key, dict[str, int]] = {}
    sums = {f"s_{c}": Sum(f"i_{c}") for c in STORED}
    for day in sorted(set(days)):
        qs = annotate_indices(_resolved_on(day), rule_set(day))
        rows = qs.values(*KEYS.values()).annotate(n=Count("pk"), **sums).order_by(*KEYS.values())
        for found in rows:
            r = cast(dict[str, Any], found)
            key = (day, r["lead_agency_id"], r["receiving_unit_id"], r["received_by_id"])
            out[key] = {"dossiers": int(r["n"]), **{k: int(r[k] or 0) for k in sums}}
    return out


def refresh_days(days: Iterable[dt.date]) -> int:
    """Recompute the rows of these days (idempotent); returns how many rows were written."""
    wanted = sorted(set(days))
    if not wanted:
        return 0
    rows = compute(wanted)
    with transaction.atomic():
        # One refresh at a time: the stamp row is the lock.
        FiguresStamp.objects.select_for_update().filter(pk=1).first()
        IndexFigure.objects.filter(day__in=wanted).delete()
        IndexFigure.objects.bulk_create(
            [
                IndexFigure(day=k[0], agency_id=k[1], desk_id=k[2], officer_id=k[3], **v)
                for k, v in rows.items()
            ],
            batch_size=2000,
        )
    return len(rows)


def result_days(dossiers: QuerySet[Any]) -> set[dt.date]:
    """The local days on which these dossiers got their results."""
    from motcua.core.clock import local

    return {
        local(at).date()
        for at in dossiers.filter(finished_at__isnull=False)
        .values_list("finished_at", flat=True)
        .iterator()
    }


def rebuild() -> int:
    """Every row from scratch."""
    from motcua.dossiers.models import Dossier

    days = result_days(Dossier.objects.all())
    with transaction.atomic():
        IndexFigure.objects.exclude(day__in=days).delete()
    return refresh_days(days)


def stored() -> dict[Key, dict[str, int]]:
    fields = ["dossiers", *(f"s_{c}" for c in STORED)]
    return {
        (r["day"], r["agency_id"], r["desk_id"], r["officer_id"]): {f: r[f] for f in fields}
        for r in IndexFigure.objects.values("day", "agency_id", "desk_id", "officer_id", *fields)
    }


def check() -> list[str]:
    """Differences between the stored rows and a recount (empty: they agree)."""
    from motcua.dossiers.models import Dossier

    have, want = stored(), compute(result_days(Dossier.objects.all()))
    return [
        f"điểm chỉ số {key}: lưu {have.get(key)} ≠ đếm lại {want.get(key)}"
        for key in sorted(set(have) | set(want), key=str)
        if have.get(key) != want.get(key)
    ]


# --- Reading ----------------------------------------------------------------------------------


def _scope(unit_ids: set[int] | None) -> Q:
    return Q() if unit_ids is None else Q(agency_id__in=unit_ids) | Q(desk_id__in=unit_ids)


def _feedback_sums(
    *,
    unit_ids: set[int] | None,
    start: dt.datetime,
    end: dt.datetime,
    by: str,
    as_of: dt.datetime,
) -> dict[int | None, tuple[int, int]]:
    """Per key: (dossiers with feedback, the sum of their feedback-handling scores)."""
    from motcua.dossiers.models import Dossier
    from motcua.feedback.models import FeedbackItem

    qs = Dossier.objects.filter(
        finished_at__gte=start,
        finished_at__lt=end,
        pk__in=FeedbackItem.objects.filter(dossier__isnull=False).values("dossier_id"),
    )
    if unit_ids is not None:
        qs = qs.filter(Q(lead_agency_id__in=unit_ids) | Q(receiving_unit_id__in=unit_ids))
    if by == "received_by_id":
        qs = qs.filter(received_by__isnull=False)
    rows = (
        annotate_indices(qs, rule_set(start.date()), as_of=as_of)
        .values(by)
        .annotate(n=Count("pk"), s=Sum("i_feedback_handling"))
        .order_by()
    )
    return {r[by]: (int(r["n"]), int(r["s"] or 0)) for r in rows}


def scores(
    *,
    unit_ids: set[int] | None,
    start: dt.datetime,
    end: dt.datetime,
    by: Literal["agency", "desk", "officer"] = "agency",
    at: dt.datetime | None = None,
) -> list[ScoreRow]:
    """The scores of [start, end) (local midnights) per lead agency, desk or desk officer,
    over the dossiers whose lead agency or desk is in `unit_ids` (None: all), as
    `evaluation.indices.agency_scores` / `staff_scores` compute them from the dossiers.
    Feedback unhandled after its deadline counts as overdue at the period's end, or at `at`
    when earlier."""
    from motcua.accounts.models import User
    from motcua.core.clock import local
    from motcua.organization.models import Unit

    rules = rule_set(start.date())
    field = {"agency": "agency_id", "desk": "desk_id", "officer": "officer_id"}[by]
    qs = IndexFigure.objects.filter(
        _scope(unit_ids), day__gte=local(start).date(), day__lt=local(end).date()
    )
    if by == "officer":
        qs = qs.filter(officer__isnull=False)
    sums = {f"t_{c}": Sum(f"s_{c}") for c in STORED}
    rows = list(qs.values(field).annotate(n=Sum("dossiers"), **sums).order_by(field))
    feedback = _feedback_sums(
        unit_ids=unit_ids,
        start=start,
        end=end,
        by=KEYS[by],
        as_of=min(end, at) if at is not None else end,
    )
    none_score = rules.feedback_scores["none"]
    codes = STAFF_INDEX_CODES if by == "officer" else INDEX_CODES
    if by == "officer":
        names: dict[Any, str] = {
            u.pk: (u.full_name or u.username)
            for u in User.objects.filter(pk__in=[r[field] for r in rows])
        }
    else:
        names = dict(Unit.objects.filter(pk__in=[r[field] for r in rows]).values_list("pk", "name"))
    out = []
    for r in rows:
        n = int(r["n"] or 0)
        if not n:
            continue
        totals = {c: int(r[f"t_{c}"] or 0) for c in STORED}
        with_feedback, feedback_sum = feedback.get(r[field], (0, 0))
        totals["feedback_handling"] = none_score * (n - with_feedback) + feedback_sum
        means = {c: one_decimal(Decimal(totals[c]) / n) for c in codes}
        total = sum(totals[c] for c in codes)
        score = one_decimal(Decimal(total) / n)
        code, label = band(score, rules.staff_bands if by == "officer" else rules.agency_bands)
        name = names.get(r[field]) or (
            "" if by == "officer" else str(_("(không có cơ quan chủ trì)"))
        )
        out.append(ScoreRow(r[field], name, n, means, score, code, label))
    return out
