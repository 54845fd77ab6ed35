"""The Decision 766/QĐ-TTg (2022) index of an agency and of the province.

Six groups, 100 points (DOMAIN.md §7): publicity 18, progress 20, online service 12,
digitisation 22, online payment 10, satisfaction 18. The indicators, their points and targets
are data (`INDICATOR_SETS`, dated by `valid_from`); the per-indicator points are unverified.

Score rule: with a target T, full points if rate ≥ T, else rate × points / T; without a target,
rate × points.

Feedback handled on time (group satisfaction): the citizens' feedback items (motcua.feedback)
whose handling deadline (refusal, forwarding or answer, by classification) fell in the period,
counted once handled or once the deadline passed; numerator: those handled by the deadline
(`feedback.selectors.counts_766`), grouped by the unit the feedback concerns.

On-time rule of this index (not the dossier's legal timeliness): a dossier resolved in the
period counts as on time when `finished_at − (time stopped waiting for a supplement) ≤
original_due_at` and it had at most one supplement request during processing; more than one
supplement request counts as late.

The counts come from the pre-aggregated daily figures (`reports.figures.index_counts`, kept
current by the periodic `figures_refresh`): a year of a province is a sum over a few thousand
rows, not a pass over its dossiers. `raw_counts` computes the same counts from the dossiers
(grouped by lead agency); the tests check the two agree, and the drill-down lists use the same
rule (`on_time_766_q`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import OnlineLevel, ProcedureVersion
from motcua.core.clock import local
from motcua.dossiers.models import Channel, ClockStop, ClockStopKind, Dossier, Supplement

GROUPS: dict[str, tuple[Any, int]] = {
    "publicity": (_("Công khai, minh bạch"), 18),
    "progress": (_("Tiến độ giải quyết"), 20),
    "online_service": (_("Dịch vụ công trực tuyến"), 12),
    "digitisation": (_("Số hóa hồ sơ"), 22),
    "online_payment": (_("Thanh toán trực tuyến"), 10),
    "satisfaction": (_("Mức độ hài lòng"), 18),
}


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str
    name: Any
    points: Decimal
    target: Decimal | None  # a share in [0, 1]; None: no target (rate × points)
    formula: Any
    # Which dossiers the link "hồ sơ liên quan" lists (a filter of the staff dossier list).
    drill: str = ""


@dataclass(frozen=True)
class IndicatorSet:
    valid_from: dt.date
    indicators: tuple[Indicator, ...]


D = Decimal
INDICATOR_SETS: tuple[IndicatorSet, ...] = (
    IndicatorSet(
        valid_from=dt.date(2022, 6, 23),
        indicators=(
            Indicator(
                "published_procedures",
                "publicity",
                _("Tỷ lệ TTHC đang áp dụng được công bố, công khai"),
                D(18),
                None,
                _("TTHC đang áp dụng có trạng thái công bố / TTHC đang áp dụng của cơ quan"),
            ),
            Indicator(
                "on_time",
                "progress",
                _("Tỷ lệ hồ sơ giải quyết đúng hạn"),
                D(20),
                None,
                _(
                    "Hồ sơ có kết quả trong kỳ, (thời điểm có kết quả − thời gian chờ bổ sung) ≤ "
                    "hạn ban đầu và không quá 1 lần yêu cầu bổ sung / hồ sơ có kết quả trong kỳ"
                ),
                "resolved",
            ),
            Indicator(
                "online_procedures",
                "online_service",
                _("Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến"),
                D(6),
                None,
                _("TTHC trực tuyến toàn trình hoặc một phần / TTHC đang áp dụng của cơ quan"),
            ),
            Indicator(
                "online_dossiers",
                "online_service",
                _("Tỷ lệ hồ sơ nộp trực tuyến"),
                D(6),
                D("0.5"),
                _("Hồ sơ tiếp nhận trực tuyến trong kỳ / hồ sơ tiếp nhận trong kỳ (mục tiêu 50%)"),
                "received",
            ),
            Indicator(
                "digitised",
                "digitisation",
                _("Tỷ lệ hồ sơ được số hóa"),
                D(8),
                D("0.8"),
                _("Hồ sơ tiếp nhận trong kỳ có thành phần được số hóa / hồ sơ tiếp nhận (80%)"),
                "received",
            ),
            Indicator(
                "electronic_results",
                "digitisation",
                _("Tỷ lệ kết quả giải quyết được số hóa (kết quả điện tử)"),
                D(7),
                D("0.8"),
                _("Hồ sơ có kết quả trong kỳ có kết quả điện tử / hồ sơ có kết quả (80%)"),
                "resolved",
            ),
            Indicator(
                "reused",
                "digitisation",
                _("Tỷ lệ khai thác, sử dụng lại dữ liệu số hóa"),
                D(7),
                D("0.8"),
                _("Hồ sơ dùng lại dữ liệu từ kho / hồ sơ được số hóa trong kỳ (80%)"),
                "received",
            ),
            Indicator(
                "online_payment",
                "online_payment",
                _("Tỷ lệ hồ sơ thanh toán trực tuyến"),
                D(10),
                None,
                _("Hồ sơ có khoản thanh toán trực tuyến thành công / hồ sơ đã thanh toán phí"),
                "received",
            ),
            Indicator(
                "satisfaction",
                "satisfaction",
                _("Tỷ lệ hài lòng của người dân, doanh nghiệp"),
                D(12),
                D("0.9"),
                _("Đánh giá hài lòng ở mọi tiêu chí / hồ sơ được đánh giá (mục tiêu 90%)"),
                "resolved",
            ),
            Indicator(
                "feedback_on_time",
                "satisfaction",
                _("Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn"),
                D(6),
                None,
                _(
                    "Phản ánh, kiến nghị xử lý xong đúng hạn / phản ánh, kiến nghị đến hạn xử lý "
                    "trong kỳ (đã xử lý hoặc đã quá hạn)"
                ),
                "feedback",
            ),
        ),
    ),
)


def indicator_set(on: dt.date) -> IndicatorSet:
    """The indicators in force on `on`: the `IndexIndicator` table (seeded by a data
    migration, editable in the admin); the built-in defaults (the same values) when the
    table holds none for that day."""
    from motcua.evaluation.index_models import IndexIndicator

    rows = list(
        IndexIndicator.objects.filter(valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("order", "code")
    )
    if rows:
        return IndicatorSet(
            valid_from=min(r.valid_from for r in rows),
            indicators=tuple(
                Indicator(r.code, r.group, r.name, r.points, r.target, r.formula, r.drill)
                for r in rows
                if r.code in _COUNTS
            ),
        )
    candidates = [s for s in INDICATOR_SETS if s.valid_from <= on]
    return max(candidates, key=lambda s: s.valid_from) if candidates else INDICATOR_SETS[0]


def score(rate: Decimal | None, points: Decimal, target: Decimal | None) -> Decimal:
    """Points earned for `rate` (a share in [0, 1]); no data (None) earns nothing."""
    if rate is None:
        return D(0)
    if target is None:
        value = rate * points
    elif rate >= target:
        value = points
    else:
        value = rate * points / target
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def _rate(num: int, den: int) -> Decimal | None:
    return (D(num) / D(den)) if den else None


@dataclass
class IndicatorResult:
    indicator: Indicator
    numerator: int
    denominator: int
    rate: Decimal | None
    score: Decimal

    @property
    def percent(self) -> Decimal | None:
        if self.rate is None:
            return None
        return (self.rate * 100).quantize(D("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Index766:
    agency_id: int | None  # None: the whole province (or the scope asked for)
    results: list[IndicatorResult] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((r.score for r in self.results), D(0))

    def groups(self) -> list[tuple[str, Any, int, Decimal, list[IndicatorResult]]]:
        out = []
        for code, (label, max_points) in GROUPS.items():
            rows = [r for r in self.results if r.indicator.group == code]
            out.append((code, label, max_points, sum((r.score for r in rows), D(0)), rows))
        return out


def _stopped_for_supplement() -> Subquery:
    """Total time the dossier's clock stood still waiting for a supplement (closed stops)."""
    gap = ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField())
    return Subquery(
        ClockStop.objects.filter(
            dossier=OuterRef("pk"), kind=ClockStopKind.SUPPLEMENT, ended_at__isnull=False
        )
        .order_by()
        .annotate(total=Func(gap, function="SUM", output_field=DurationField()))
        .values("total")[:1],
        output_field=DurationField(),
    )


def _supplement_requests() -> Subquery:
    return Subquery(
        Supplement.objects.filter(dossier=OuterRef("pk"), at_desk=False)
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("n")[:1],
        output_field=IntegerField(),
    )


def on_time_766_q() -> Q:
    """The filter of dossiers on time by this index's rule (after `annotate_766_timing`)."""
    return Q(i766_overrun__lte=F("i766_stopped")) & Q(i766_supplements__lte=1)


def annotate_766_timing(qs: QuerySet[Dossier]) -> QuerySet[Dossier]:
    return qs.alias(
        i766_stopped=Coalesce(
            _stopped_for_supplement(), Value(dt.timedelta(0), output_field=DurationField())
        ),
        i766_overrun=ExpressionWrapper(
            F("finished_at") - F("original_due_at"), output_field=DurationField()
        ),
        i766_supplements=Coalesce(_supplement_requests(), Value(0)),
    )


def _by_agency(qs: QuerySet[Dossier], **aggregates: Any) -> dict[int | None, dict[str, int]]:
    rows = qs.values("lead_agency_id").annotate(**aggregates).order_by()
    return {r["lead_agency_id"]: cast(dict[str, int], dict(r)) for r in rows}


def raw_counts(
    dossiers: QuerySet[Dossier], start: dt.datetime, end: dt.datetime
) -> tuple[dict[int | None, dict[str, int]], dict[int | None, dict[str, int]]]:
    """The counts of `index_counts` computed from the dossiers themselves (a recount)."""
    from motcua.documents.models import WITH_FILE, Digitisation, DigitisationKind, ElectronicResult
    from motcua.evaluation.models import Rating, RatingAnswer
    from motcua.payments.models import Payment, PaymentChannel, PaymentStatus

    received = dossiers.filter(received_at__gte=start, received_at__lt=end).alias(
        has_dig=Exists(Digitisation.objects.filter(dossier=OuterRef("pk"), kind__in=WITH_FILE)),
        has_reuse=Exists(
            Digitisation.objects.filter(dossier=OuterRef("pk"), kind=DigitisationKind.REUSED)
        ),
        x_paid=Exists(
            Payment.objects.filter(assessment__dossier=OuterRef("pk"), status=PaymentStatus.PAID)
        ),
        x_paid_online=Exists(
            Payment.objects.filter(
                assessment__dossier=OuterRef("pk"),
                status=PaymentStatus.PAID,
                channel=PaymentChannel.ONLINE,
            )
        ),
    )
    rec = _by_agency(
        received,
        received=Count("pk"),
        online=Count("pk", filter=Q(channel=Channel.ONLINE)),
        digitised=Count("pk", filter=Q(has_dig=True)),
        reused=Count("pk", filter=Q(has_dig=True, has_reuse=True)),
        paid=Count("pk", filter=Q(x_paid=True)),
        paid_online=Count("pk", filter=Q(x_paid_online=True)),
    )
    resolved = annotate_766_timing(
        dossiers.filter(finished_at__gte=start, finished_at__lt=end)
    ).alias(
        has_eresult=Exists(ElectronicResult.objects.filter(dossier=OuterRef("pk"))),
        x_rated=Exists(Rating.objects.filter(dossier=OuterRef("pk"))),
        x_unhappy=Exists(
            RatingAnswer.objects.filter(rating__dossier=OuterRef("pk"), satisfied=False)
        ),
    )
    res = _by_agency(
        resolved,
        resolved=Count("pk"),
        on_time=Count("pk", filter=on_time_766_q()),
        eresult=Count("pk", filter=Q(has_eresult=True)),
        rated=Count("pk", filter=Q(x_rated=True)),
        satisfied=Count("pk", filter=Q(x_rated=True, x_unhappy=False)),
    )
    return rec, res


def _procedure_counts(agency_ids: list[int] | None, on: dt.date) -> dict[int | None, dict]:
    qs = ProcedureVersion.objects.filter(is_current=True)
    if agency_ids is not None:
        qs = qs.filter(implementing_agency_id__in=agency_ids)
    rows = (
        qs.values("implementing_agency_id")
        .annotate(
            total=Count("pk"),
            published=Count("pk", filter=Q(status="published")),
            online=Count("pk", filter=Q(online_level__in=[OnlineLevel.FULL, OnlineLevel.PARTIAL])),
        )
        .order_by()
    )
    return {r["implementing_agency_id"]: dict(r) for r in rows}


_COUNTS: dict[str, tuple[str, str, str]] = {
    # code: (source, numerator, denominator); source "rec" / "res" / "proc"
    "published_procedures": ("proc", "published", "total"),
    "on_time": ("res", "on_time", "resolved"),
    "online_procedures": ("proc", "online", "total"),
    "online_dossiers": ("rec", "online", "received"),
    "digitised": ("rec", "digitised", "received"),
    "electronic_results": ("res", "eresult", "resolved"),
    "reused": ("rec", "reused", "digitised"),
    "online_payment": ("rec", "paid_online", "paid"),
    "satisfaction": ("res", "satisfied", "rated"),
    "feedback_on_time": ("fb", "on_time", "due"),
}


def _sum_rows(rows: dict[Any, dict[str, int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in rows.values():
        for k, v in row.items():
            if k.endswith("_id"):
                continue
            out[k] = out.get(k, 0) + int(v or 0)
    return out


def _build(
    iset: IndicatorSet, sources: dict[str, dict[str, int]], agency_id: int | None
) -> Index766:
    index = Index766(agency_id=agency_id)
    for ind in iset.indicators:
        src, num_key, den_key = _COUNTS[ind.code]
        row = sources.get(src, {})
        num, den = int(row.get(num_key, 0) or 0), int(row.get(den_key, 0) or 0)
        rate = _rate(num, den)
        index.results.append(
            IndicatorResult(ind, num, den, rate, score(rate, ind.points, ind.target))
        )
    return index


def index_766(
    *,
    unit_ids: set[int] | None,
    start: dt.datetime,
    end: dt.datetime,
    agency_ids: list[int] | None = None,
    feedback: QuerySet[Any] | None = None,
    at: dt.datetime | None = None,
) -> tuple[dict[int, Index766], Index766]:
    """The index of each processing unit (the lead agency, or the desk when there is none)
    among `unit_ids` (what the reader may see; None: every unit) for [start, end) — local
    midnights —, and the index of the whole scope (the province when unscoped). `agency_ids`
    limits the procedure-based indicators to those agencies. `feedback`: the feedback items
    the reader may see (None: all); `at`: now, when the period is not over (an unhandled item
    counts once its deadline has passed)."""
    from motcua.feedback.selectors import counts_766
    from motcua.reports.figures import index_counts

    iset = indicator_set(start.date())
    rec, res = index_counts(unit_ids, local(start).date(), local(end).date())
    proc = _procedure_counts(agency_ids, end.date())
    fb = counts_766(feedback, start, end, as_of=at)
    ids = set(rec) | set(res) | {k for k in fb if k is not None}
    per_agency = {
        aid: _build(
            iset,
            {
                "rec": rec.get(aid, {}),
                "res": res.get(aid, {}),
                "proc": proc.get(aid, {}),
                "fb": fb.get(aid, {}),
            },
            aid,
        )
        for aid in sorted(ids)
    }
    whole = _build(
        iset,
        {
            "rec": _sum_rows(rec),
            "res": _sum_rows(res),
            "proc": _sum_rows(proc),
            "fb": _sum_rows(fb),
        },
        None,
    )
    return per_agency, whole


def on_time_766_dossiers(qs: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """`qs` narrowed to the dossiers on time by this index's rule (for drill-down)."""
    return annotate_766_timing(qs).filter(on_time_766_q())
