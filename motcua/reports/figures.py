"""Keeping DailyFigure current: every figure is recomputed from raw data (idempotent), never
incremented, so it cannot drift.

- `refresh_changed(since=…)` (`manage.py figures_refresh`, run by the periodic jobs every few
  minutes with an overlapping window): every (unit, procedure, channel) with a dossier,
  rating or payment changed since then is recomputed from its earliest reception day on
  (`refresh_triple`); `refresh_dossier(pk)` does the same for one dossier.
- `rebuild(from_day, to_day)`: recomputes every row (of the range) from scratch;
  `check()` compares the table with a fresh recount (manage.py figures_rebuild [--check]).
- The Circular 01/2018 score rows (`index_figures`) follow: the result days of the changed
  dossiers are recomputed with each refresh, every day with a full rebuild.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.expressions import CombinedExpression

from motcua.core.clock import VN_TZ, local
from motcua.reports import index_figures
from motcua.reports.models import COUNTERS, DailyFigure, FiguresStamp, MonthlyFigure

if TYPE_CHECKING:
    pass

Key = tuple[dt.date, int, int, str]  # (day, unit, procedure, channel)
Triple = tuple[int, int, str]
Figures = dict[Key, Counter[str]]

DOSSIER_FIELDS = (
    "pk",
    "lead_agency_id",
    "receiving_unit_id",
    "procedure_version__procedure_id",
    "channel",
    "status",
    "received_at",
    "finished_at",
    "due_at",
    "timeliness",
    "updated_at",
    "original_due_at",
)


def day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=VN_TZ)


def counted() -> Q:
    """Dossiers the figures count: received at a desk (not refused)."""
    return Q(received_at__isnull=False) & ~Q(status="not_received")


def exit_day(
    status: str, finished_at: dt.datetime | None, updated_at: dt.datetime
) -> dt.date | None:
    if finished_at is not None:
        return local(finished_at).date()
    if status == "stopped":
        return local(updated_at).date()
    return None


def _compute(dossiers: Q, sub: Q, since: dt.date | None) -> Figures:
    """Figures of the dossiers matching `dossiers` (plus the supplements, apologies, ratings
    and payments matching `sub`, a filter on the dossier through `dossier__`), keeping only
    days ≥ `since`."""
    from motcua.documents.models import Digitisation, DigitisationKind
    from motcua.dossiers.models import Apology, Dossier, Supplement
    from motcua.evaluation.models import Rating
    from motcua.payments.models import Payment, PaymentChannel, PaymentStatus

    out: Figures = defaultdict(Counter)

    def add(day: dt.date | None, triple: Triple, column: str) -> None:
        if day is not None and (since is None or day >= since):
            out[(day, *triple)][column] += 1

    triples: dict[int, Triple] = {}
    received_day: dict[int, dt.date] = {}
    facts = _index_facts(counted() & dossiers)
    rows = Dossier.objects.filter(counted() & dossiers).values_list(*DOSSIER_FIELDS)
    for pk, lead, desk, proc, channel, status, rec, fin, due, tl, upd, original in rows.iterator(
        chunk_size=5000
    ):
        triple = (lead or desk, proc, channel)
        triples[pk] = triple
        r = local(rec).date()
        received_day[pk] = r
        add(r, triple, "received")
        for column in ("digitised_any", "fee_paid", "fee_paid_online"):
            if pk in facts[column]:
                add(r, triple, column)
        x = exit_day(status, fin, upd)
        if fin is not None:
            add(x, triple, f"resolved_{tl or 'on_time'}")
            if _on_time_766(fin, original, facts["stopped"].get(pk), facts["requests"][pk]):
                add(x, triple, "on_time_766")
            if pk in facts["e_result"]:
                add(x, triple, "e_result")
            if pk in facts["rated"]:
                add(x, triple, "rated")
                if pk not in facts["unhappy"]:
                    add(x, triple, "satisfied")
        elif x is not None:
            add(x, triple, "withdrawn")
        if due is not None:
            u = local(due).date()
            add(u, triple, "due")
            if x is not None:
                add(max(u, x), triple, "due_settled")

    def sub_rows(
        model: type, at_field: str, prefix: str = "dossier"
    ) -> Iterable[tuple[int, dt.datetime]]:
        base = Q(**{f"{prefix}__received_at__isnull": False}) & ~Q(
            **{f"{prefix}__status": "not_received"}
        )
        flt = base & _prefixed(sub, prefix)
        if since is not None:
            flt &= Q(**{f"{at_field}__gte": day_start(since)})
        return model.objects.filter(flt).values_list(f"{prefix}_id", at_field).iterator()  # type: ignore[attr-defined]

    def triple_of(pk: int) -> Triple | None:
        if pk not in triples:
            d = (
                Dossier.objects.filter(pk=pk)
                .values_list(
                    "lead_agency_id",
                    "receiving_unit_id",
                    "procedure_version__procedure_id",
                    "channel",
                )
                .first()
            )
            if d is None:
                return None
            triples[pk] = (d[0] or d[1], d[2], d[3])
        return triples[pk]

    for model, at_field, column in (
        (Supplement, "requested_at", "supplements"),
        (Apology, "at", "apologies"),
        (Rating, "rated_at", "ratings_total"),
    ):
        for pk, at in sub_rows(model, at_field):
            t = triple_of(pk)
            if t is not None:
                add(local(at).date(), t, column)
    paid = Payment.objects.filter(
        _prefixed(sub, "assessment__dossier")
        & Q(channel=PaymentChannel.ONLINE, status=PaymentStatus.PAID, paid_at__isnull=False)
        & Q(assessment__dossier__received_at__isnull=False)
        & ~Q(assessment__dossier__status="not_received")
    )
    if since is not None:
        paid = paid.filter(paid_at__gte=day_start(since))
    for pk, paid_at in paid.values_list("assessment__dossier_id", "paid_at").iterator():
        t = triple_of(pk)
        if t is not None and paid_at is not None:
            add(local(paid_at).date(), t, "paid_online")
    # Digitised / reused: once per dossier, on its reception day.
    for kinds, column in (
        ([DigitisationKind.SCANNED, DigitisationKind.UPLOADED], "digitised"),
        ([DigitisationKind.REUSED], "reused"),
    ):
        pks = (
            Digitisation.objects.filter(_prefixed(sub, "dossier") & Q(kind__in=kinds))
            .values_list("dossier_id", flat=True)
            .distinct()
        )
        for pk in pks.iterator():
            t = triple_of(pk)
            day = received_day.get(pk)
            if day is None:
                rec = (
                    Dossier.objects.filter(counted(), pk=pk)
                    .values_list("received_at", flat=True)
                    .first()
                )
                day = local(rec).date() if rec else None
            if t is not None:
                add(day, t, column)
    return out


def _on_time_766(
    finished: dt.datetime,
    original_due: dt.datetime | None,
    stopped: dt.timedelta | None,
    requests: int,
) -> bool:
    """On time by the Decision 766 rule (as `indices_766.on_time_766_q`): the result came no
    later than the original due date plus the time waiting for supplements, after at most one
    supplement request during processing."""
    if original_due is None or requests > 1:
        return False
    return finished - original_due <= (stopped or dt.timedelta(0))


def _index_facts(dossiers: Q) -> dict[str, Any]:
    """What the Decision 766 columns need of the dossiers matching `dossiers`: sets of ids
    (with a digitised file, a paid fee, paid online, an electronic result, a rating, an
    unsatisfied answer), the supplement waiting time and the supplement requests per id."""
    from motcua.documents.models import WITH_FILE, Digitisation, ElectronicResult
    from motcua.dossiers.models import ClockStop, ClockStopKind, Dossier, Supplement
    from motcua.evaluation.models import Rating, RatingAnswer
    from motcua.payments.models import Payment, PaymentChannel, PaymentStatus

    ids = Dossier.objects.filter(dossiers).values("pk")

    def id_set(qs: Any, field: str = "dossier_id") -> set[int]:
        return set(qs.values_list(field, flat=True).iterator())

    paid = Payment.objects.filter(assessment__dossier__in=ids, status=PaymentStatus.PAID)
    stopped: dict[int, dt.timedelta] = defaultdict(dt.timedelta)
    for pk, started, ended in ClockStop.objects.filter(
        dossier__in=ids, kind=ClockStopKind.SUPPLEMENT, ended_at__isnull=False
    ).values_list("dossier_id", "started_at", "ended_at"):
        if ended is not None:
            stopped[pk] += ended - started
    return {
        "digitised_any": id_set(Digitisation.objects.filter(dossier__in=ids, kind__in=WITH_FILE)),
        "fee_paid": id_set(paid, "assessment__dossier_id"),
        "fee_paid_online": id_set(
            paid.filter(channel=PaymentChannel.ONLINE), "assessment__dossier_id"
        ),
        "e_result": id_set(ElectronicResult.objects.filter(dossier__in=ids)),
        "rated": id_set(Rating.objects.filter(dossier__in=ids)),
        "unhappy": id_set(
            RatingAnswer.objects.filter(rating__dossier__in=ids, satisfied=False),
            "rating__dossier_id",
        ),
        "stopped": stopped,
        "requests": Counter(
            Supplement.objects.filter(dossier__in=ids, at_desk=False)
            .values_list("dossier_id", flat=True)
            .iterator()
        ),
    }


def resolved_total() -> CombinedExpression:
    """The daily figures' results of a row: early + on time + late."""
    return F("resolved_early") + F("resolved_on_time") + F("resolved_late")


def index_counts(
    unit_ids: set[int] | None, start: dt.date, end: dt.date
) -> tuple[dict[int, dict[str, int]], dict[int, dict[str, int]]]:
    """Per processing unit, the Decision 766 counts of the days [start, end) from the daily
    figures: of the dossiers received (received, online, digitised, reused, paid,
    paid_online) and of those resolved (resolved, on_time, eresult, rated, satisfied)."""
    from django.db.models import Sum

    qs = DailyFigure.objects.filter(day__gte=start, day__lt=end)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    sums = {
        "received": Sum("received"),
        "online": Sum("received", filter=Q(channel="online")),
        "digitised": Sum("digitised_any"),
        "reused": Sum("reused"),
        "paid": Sum("fee_paid"),
        "paid_online": Sum("fee_paid_online"),
        "resolved": Sum(resolved_total()),
        "on_time": Sum("on_time_766"),
        "eresult": Sum("e_result"),
        "rated": Sum("rated"),
        "satisfied": Sum("satisfied"),
    }
    rec_keys = ("received", "online", "digitised", "reused", "paid", "paid_online")
    rec: dict[int, dict[str, int]] = {}
    res: dict[int, dict[str, int]] = {}
    # The sums are named apart from the columns (an annotation may not shadow a field).
    aliases = {f"n_{k}": v for k, v in sums.items()}
    for found in qs.values("unit_id").annotate(**aliases).order_by():
        row = cast(dict[str, Any], found)
        unit = int(row["unit_id"])
        values = {k: int(row[f"n_{k}"] or 0) for k in sums}
        rec[unit] = {k: v for k, v in values.items() if k in rec_keys}
        res[unit] = {k: v for k, v in values.items() if k not in rec_keys}
    return rec, res


def _prefixed(q: Q, prefix: str) -> Q:
    """Re-root a Q on Dossier fields under `prefix__`."""
    new = Q()
    new.connector, new.negated = q.connector, q.negated
    for child in q.children:
        if isinstance(child, Q):
            new.children.append(_prefixed(child, prefix))
        else:
            name, value = cast(tuple[str, Any], child)
            new.children.append((f"{prefix}__{name}" if name != "pk" else f"{prefix}_id", value))
    return new


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _roll_up(unit_ids: set[int] | None, since: dt.date | None) -> None:
    """Recompute MonthlyFigure from DailyFigure (for these units, from `since`'s month on)."""
    from django.db.models import Sum
    from django.db.models.functions import TruncMonth

    monthly = MonthlyFigure.objects.all()
    daily = DailyFigure.objects.all()
    if unit_ids is not None:
        monthly, daily = monthly.filter(unit_id__in=unit_ids), daily.filter(unit_id__in=unit_ids)
    if since is not None:
        monthly = monthly.filter(month__gte=month_of(since))
        daily = daily.filter(day__gte=month_of(since))
    monthly.delete()
    rows = (
        daily.annotate(m=TruncMonth("day"))
        .values("m", "unit_id")
        .annotate(**{f"s_{c}": Sum(c) for c in COUNTERS})
        .order_by()
    )
    MonthlyFigure.objects.bulk_create(
        [
            MonthlyFigure(
                month=r["m"], unit_id=r["unit_id"], **{c: r[f"s_{c}"] or 0 for c in COUNTERS}
            )
            for r in (cast(dict[str, Any], row) for row in rows)
        ],
        batch_size=2000,
    )


def _write(
    figures: Figures, delete: Q, *, unit_id: int | None = None, since: dt.date | None = None
) -> None:
    with transaction.atomic():
        if unit_id is not None:
            # One refresh per processing unit at a time: its monthly rows are a sum over
            # all its procedures and channels.
            from motcua.organization.models import Unit

            Unit.objects.select_for_update().filter(pk=unit_id).first()
        DailyFigure.objects.filter(delete).delete()
        DailyFigure.objects.bulk_create(
            [
                DailyFigure(day=k[0], unit_id=k[1], procedure_id=k[2], channel=k[3], **dict(c))
                for k, c in figures.items()
                if any(c.values())
            ],
            batch_size=2000,
        )
        _roll_up({unit_id} if unit_id is not None else None, since)


def refresh_dossier(dossier_id: int) -> None:
    """Recompute the rows of this dossier's (unit, procedure, channel) from its reception day."""
    from motcua.dossiers.models import Dossier

    row = (
        Dossier.objects.filter(pk=dossier_id, received_at__isnull=False)
        .values_list(
            "lead_agency_id",
            "receiving_unit_id",
            "procedure_version__procedure_id",
            "channel",
            "received_at",
        )
        .first()
    )
    if row is not None:
        refresh_triple(
            unit_id=row[0] or row[1],
            procedure_id=row[2],
            channel=row[3],
            since=local(cast(dt.datetime, row[4])).date(),
        )


def refresh_triple(*, unit_id: int, procedure_id: int, channel: str, since: dt.date) -> None:
    """Recompute the rows of one (unit, procedure, channel) from `since` on (every day a
    dossier can touch is on or after its reception day)."""
    start = day_start(since)
    triple = (
        Q(lead_agency_id=unit_id) | Q(lead_agency__isnull=True, receiving_unit_id=unit_id)
    ) & Q(procedure_version__procedure_id=procedure_id, channel=channel)
    relevant = triple & (
        Q(received_at__gte=start)
        | Q(finished_at__isnull=True)
        | Q(finished_at__gte=start)
        | Q(due_at__gte=start)
        | Q(updated_at__gte=start, status="stopped")
    )
    figures = _compute(relevant, triple, since)
    delete = Q(unit_id=unit_id, procedure_id=procedure_id, channel=channel, day__gte=since)
    for attempt in range(3):
        try:
            _write(figures, delete, unit_id=unit_id, since=since)
            return
        except IntegrityError:  # a concurrent refresh of the same rows: recompute again
            if attempt == 2:
                raise
            figures = _compute(relevant, triple, since)


def refresh_changed(*, since: dt.datetime, at: dt.datetime) -> int:
    """Recompute the figures of every (unit, procedure, channel) with a dossier changed at
    or after `since` (a transition, a rating, an online payment), each from the earliest
    reception day among its changed dossiers. Idempotent: run it often with an overlapping
    window (`manage.py figures_refresh`); `at` is when the refresh runs (the figures' stamp).
    Returns the number of keys recomputed."""
    from motcua.dossiers.models import Dossier
    from motcua.evaluation.models import Rating
    from motcua.payments.models import Payment

    changed = (
        Q(updated_at__gte=since)
        | Q(pk__in=Rating.objects.filter(updated_at__gte=since).values("dossier_id"))
        | Q(pk__in=Payment.objects.filter(updated_at__gte=since).values("assessment__dossier_id"))
    )
    rows = Dossier.objects.filter(changed, received_at__isnull=False).values_list(
        "lead_agency_id",
        "receiving_unit_id",
        "procedure_version__procedure_id",
        "channel",
        "received_at",
    )
    first: dict[Triple, dt.datetime] = {}
    for lead, desk, proc, channel, rec in rows.iterator():
        key = (lead or desk, proc, channel)
        if rec is not None and (key not in first or rec < first[key]):
            first[key] = rec
    for (unit_id, proc, channel), rec in first.items():
        refresh_triple(unit_id=unit_id, procedure_id=proc, channel=channel, since=local(rec).date())
    index_figures.refresh_days(
        index_figures.result_days(Dossier.objects.filter(changed, received_at__isnull=False))
    )
    _stamp(at)
    return len(first)


def _stamp(at: dt.datetime) -> None:
    FiguresStamp.objects.update_or_create(pk=1, defaults={"refreshed_at": at})


def refreshed_at() -> dt.datetime | None:
    """When the figures were last brought up to date (None: never)."""
    return FiguresStamp.objects.filter(pk=1).values_list("refreshed_at", flat=True).first()


def recount(from_day: dt.date | None = None, to_day: dt.date | None = None) -> Figures:
    figures = _compute(Q(), Q(), from_day)
    if to_day is not None:
        figures = defaultdict(Counter, {k: v for k, v in figures.items() if k[0] <= to_day})
    return {k: v for k, v in figures.items() if any(v.values())}


def rebuild(
    from_day: dt.date | None = None, to_day: dt.date | None = None, *, at: dt.datetime | None = None
) -> int:
    """Recompute the rows of the range (every row without one). A full rebuild also rebuilds
    the score rows, and with `at` (when it runs) stamps the figures as up to date."""
    figures = recount(from_day, to_day)
    delete = Q()
    if from_day is not None:
        delete &= Q(day__gte=from_day)
    if to_day is not None:
        delete &= Q(day__lte=to_day)
    _write(figures, delete, since=from_day)
    if from_day is None and to_day is None:
        index_figures.rebuild()
        if at is not None:
            _stamp(at)
    return len(figures)


def stored(from_day: dt.date | None = None, to_day: dt.date | None = None) -> Figures:
    qs = DailyFigure.objects.all()
    if from_day is not None:
        qs = qs.filter(day__gte=from_day)
    if to_day is not None:
        qs = qs.filter(day__lte=to_day)
    out: Figures = {}
    for row in qs.values("day", "unit_id", "procedure_id", "channel", *COUNTERS).iterator():
        c = Counter({k: row[k] for k in COUNTERS if row[k]})
        if c:
            out[(row["day"], row["unit_id"], row["procedure_id"], row["channel"])] = c
    return out


def check(from_day: dt.date | None = None, to_day: dt.date | None = None) -> list[str]:
    """Differences between the stored figures and a raw recount (empty: they agree)."""
    have, want = stored(from_day, to_day), recount(from_day, to_day)
    problems = []
    for key in sorted(set(have) | set(want), key=str):
        a, b = have.get(key, Counter()), want.get(key, Counter())
        for col in COUNTERS:
            if a.get(col, 0) != b.get(col, 0):
                problems.append(f"{key}: {col} lưu {a.get(col, 0)} ≠ đếm lại {b.get(col, 0)}")
    # The monthly roll-up equals the sum of the daily rows.
    monthly: dict[tuple[dt.date, int], Counter[str]] = defaultdict(Counter)
    for key, c in have.items():
        monthly[(month_of(key[0]), key[1])].update(c)
    qs = MonthlyFigure.objects.all()
    if from_day is not None:
        qs = qs.filter(month__gte=month_of(from_day))
    if to_day is not None:
        qs = qs.filter(month__lte=month_of(to_day))
    rolled = {
        (r["month"], r["unit_id"]): Counter({k: r[k] for k in COUNTERS if r[k]})
        for r in qs.values("month", "unit_id", *COUNTERS)
    }
    if from_day is None and to_day is None:
        for mkey in sorted(set(monthly) | set(rolled), key=str):
            if +monthly.get(mkey, Counter()) != +rolled.get(mkey, Counter()):
                problems.append(f"{mkey}: số liệu tháng ≠ tổng số liệu ngày")
        problems += index_figures.check()
    return problems
