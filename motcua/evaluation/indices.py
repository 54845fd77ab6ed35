"""Circular 01/2018/TT-VPCP art. 13: nine indices scored 0, 1 or 2 for each dossier resolved
in a period, averaged (one decimal) per agency and per desk officer, with bands.

The scores, bands and what counts are data (`RULE_SETS`, dated by `valid_from`):

1. processing_time — the dossier's timeliness: early 2, on time 1, late 0;
2. time_per_unit — its steps (the control slip): no late step 2, one late step 1, more 0;
3. contacts_needed — supplement requests during processing: none 2, one 1, more 0;
4. agencies_contacted — distinct agencies in its steps: at most one 2, two 1, more 0;
5. desk_processing — received and returned through the one-stop desk: 2 (every dossier in
   this system is), otherwise 0;
6. publication — its procedure version was published: 2, otherwise 0;
7. staff_attitude — the citizen's answer on staff attitude: satisfied 2, unsatisfied 0,
   not rated 1;
8. feedback_handling — the citizens' feedback about the dossier (motcua.feedback): no
   feedback, or all of it handled by its deadline (or not yet due) 2; some handled late 1;
   some still unhandled after its deadline 0 (`feedback_scores`; "after its deadline" is
   judged at the period's end, or now when earlier). Feedback waiting for the citizen's
   information has no deadline;
9. online_services — the procedure's online level: full 2, partial 1, none 0.

The agency score is the mean of its dossiers' totals (max 18); the desk officer's score is
the mean over the dossiers they received of indices 1, 3 and 7 (max 6). Everything is one
aggregate query — no loop over dossiers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, DossierStep, Supplement
from motcua.worktime.models import Timeliness

INDEX_CODES = (
    "processing_time",
    "time_per_unit",
    "contacts_needed",
    "agencies_contacted",
    "desk_processing",
    "publication",
    "staff_attitude",
    "feedback_handling",
    "online_services",
)
INDEX_LABELS: dict[str, Any] = {
    "processing_time": _("Thời gian giải quyết so với quy định"),
    "time_per_unit": _("Thời gian giải quyết của từng cơ quan, đơn vị"),
    "contacts_needed": _("Số lần liên hệ để hoàn thiện hồ sơ"),
    "agencies_contacted": _("Số cơ quan phải liên hệ"),
    "desk_processing": _("Giải quyết qua Bộ phận Một cửa"),
    "publication": _("Công khai thủ tục hành chính"),
    "staff_attitude": _("Thái độ của cán bộ"),
    "feedback_handling": _("Tiếp nhận, xử lý phản ánh, kiến nghị"),
    "online_services": _("Cung cấp dịch vụ công trực tuyến"),
}
STAFF_INDEX_CODES = ("processing_time", "contacts_needed", "staff_attitude")


@dataclass(frozen=True)
class RuleSet:
    valid_from: dt.date
    # (lower bound, band code, label), highest first; a score ≥ bound gets the band.
    agency_bands: tuple[tuple[Decimal, str, Any], ...]
    staff_bands: tuple[tuple[Decimal, str, Any], ...]
    timeliness_scores: dict[str, int]
    late_steps_scores: tuple[int, ...]  # index = number of late steps; beyond: 0
    supplement_scores: tuple[int, ...]  # index = number of requests; beyond: 0
    agency_count_scores: tuple[int, ...]  # index = number of agencies; beyond: 0
    attitude_scores: dict[str, int]  # satisfied / unsatisfied / unrated
    online_scores: dict[str, int]
    feedback_scores: dict[str, int]  # none / on_time / late / overdue


D = Decimal
RULE_SETS: tuple[RuleSet, ...] = (
    RuleSet(
        valid_from=dt.date(2019, 1, 8),  # Circular 01/2018/TT-VPCP in force
        agency_bands=(
            (D(15), "excellent", _("Xuất sắc")),
            (D(12), "good", _("Tốt")),
            (D(9), "fair", _("Khá")),
            (D(6), "average", _("Trung bình")),
            (D(0), "weak", _("Yếu")),
        ),
        staff_bands=(
            (D(5), "good", _("Tốt")),
            (D("3.5"), "fair", _("Đạt")),
            (D(0), "weak", _("Không đạt")),
        ),
        timeliness_scores={Timeliness.EARLY: 2, Timeliness.ON_TIME: 1, Timeliness.LATE: 0},
        late_steps_scores=(2, 1),
        supplement_scores=(2, 1),
        agency_count_scores=(2, 2, 1),  # no agency step (desk only) or one: 2
        attitude_scores={"satisfied": 2, "unsatisfied": 0, "unrated": 1},
        online_scores={"full": 2, "partial": 1, "none": 0},
        feedback_scores={"none": 2, "on_time": 2, "late": 1, "overdue": 0},
    ),
)


def rule_set(on: dt.date) -> RuleSet:
    candidates = [r for r in RULE_SETS if r.valid_from <= on]
    return max(candidates, key=lambda r: r.valid_from) if candidates else RULE_SETS[0]


def band(score: Decimal | None, bands: tuple[tuple[Decimal, str, Any], ...]) -> tuple[str, Any]:
    if score is None:
        return "", ""
    for bound, code, label in bands:
        if score >= bound:
            return code, label
    return bands[-1][1], bands[-1][2]


def _count_scores(field: str, scores: tuple[int, ...]) -> Case:
    return Case(
        *(When(**{field: n}, then=Value(s)) for n, s in enumerate(scores)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _subcount(qs: QuerySet[Any], distinct_field: str = "pk") -> Coalesce:
    return Coalesce(
        Subquery(
            qs.order_by()
            .annotate(
                n=Func(
                    F(distinct_field),
                    function="COUNT",
                    template="%(function)s(DISTINCT %(expressions)s)",
                    output_field=IntegerField(),
                )
            )
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _feedback_score(rules: RuleSet, as_of: dt.datetime | None) -> Case:
    scores = rules.feedback_scores
    overdue = [When(fb_overdue=True, then=Value(scores["overdue"]))] if as_of else []
    return Case(
        When(fb_any=False, then=Value(scores["none"])),
        *overdue,
        When(fb_late=True, then=Value(scores["late"])),
        default=Value(scores["on_time"]),
        output_field=IntegerField(),
    )


def annotate_indices(
    qs: QuerySet[Dossier], rules: RuleSet, *, as_of: dt.datetime | None = None
) -> QuerySet[Dossier]:
    """Each dossier with `i_<code>` (0/1/2) for the nine indices and `i_total`. `as_of`:
    the moment feedback still unhandled counts as overdue (None: not judged)."""
    from motcua.evaluation.models import RatingAnswer
    from motcua.feedback.selectors import dossier_feedback_flags

    attitude = RatingAnswer.objects.filter(
        rating__dossier=OuterRef("pk"), criterion__code="staff_attitude"
    )
    qs = qs.annotate(
        n_late_steps=_subcount(
            DossierStep.objects.filter(dossier=OuterRef("pk"), timeliness=Timeliness.LATE)
        ),
        n_supplements=_subcount(Supplement.objects.filter(dossier=OuterRef("pk"), at_desk=False)),
        n_agencies=_subcount(
            DossierStep.objects.filter(dossier=OuterRef("pk"), agency__isnull=False), "agency"
        ),
        attitude_ok=Exists(attitude.filter(satisfied=True)),
        attitude_bad=Exists(attitude.filter(satisfied=False)),
        **dossier_feedback_flags(as_of),
    ).annotate(
        i_processing_time=Case(
            *(When(timeliness=t, then=Value(s)) for t, s in rules.timeliness_scores.items()),
            default=Value(0),
            output_field=IntegerField(),
        ),
        i_time_per_unit=_count_scores("n_late_steps", rules.late_steps_scores),
        i_contacts_needed=_count_scores("n_supplements", rules.supplement_scores),
        i_agencies_contacted=_count_scores("n_agencies", rules.agency_count_scores),
        i_desk_processing=Case(
            When(received_at__isnull=False, then=Value(2)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        i_publication=Case(
            When(procedure_version__status="published", then=Value(2)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        i_staff_attitude=Case(
            When(attitude_bad=True, then=Value(rules.attitude_scores["unsatisfied"])),
            When(attitude_ok=True, then=Value(rules.attitude_scores["satisfied"])),
            default=Value(rules.attitude_scores["unrated"]),
            output_field=IntegerField(),
        ),
        i_feedback_handling=_feedback_score(rules, as_of),
        i_online_services=Case(
            *(
                When(procedure_version__online_level=lvl, then=Value(s))
                for lvl, s in rules.online_scores.items()
            ),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )
    total = sum((F(f"i_{c}") for c in INDEX_CODES[1:]), F(f"i_{INDEX_CODES[0]}"))
    staff_total = F("i_processing_time") + F("i_contacts_needed") + F("i_staff_attitude")
    return qs.annotate(i_total=total, i_staff_total=staff_total)


def one_decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    return D(str(value)).quantize(D("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class ScoreRow:
    key: int | None  # agency id or user id
    label: str
    dossiers: int
    means: dict[str, Decimal | None]  # per index, one decimal
    score: Decimal | None
    band_code: str
    band_label: Any


def period_bounds(year: int, quarter: int | None = None) -> tuple[dt.date, dt.date]:
    """[start, end) of a quarter (1–4) or of the whole year."""
    if quarter is None:
        return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    start = dt.date(year, 3 * (quarter - 1) + 1, 1)
    end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return start, end


def _grouped(qs: QuerySet[Dossier], field: str, total: str) -> list[dict[str, Any]]:
    aggregates: dict[str, Any] = {f"m_{c}": Avg(f"i_{c}") for c in INDEX_CODES}
    return list(
        qs.values(field).annotate(n=Count("pk"), m_total=Avg(total), **aggregates).order_by(field)
    )


def agency_scores(
    *,
    dossiers: QuerySet[Dossier],
    start: dt.datetime,
    end: dt.datetime,
    by: str = "lead_agency_id",
    at: dt.datetime | None = None,
) -> list[ScoreRow]:
    """One row per lead agency (or, with `by="receiving_unit_id"`, per one-stop desk) of the
    dossiers resolved in [start, end); the agency bands apply to both. Feedback unhandled
    after its deadline counts as overdue at the period's end, or at `at` when earlier."""
    from motcua.organization.models import Unit

    rules = rule_set(start.date())
    as_of = min(end, at) if at is not None else end
    qs = annotate_indices(
        dossiers.filter(finished_at__gte=start, finished_at__lt=end), rules, as_of=as_of
    )
    rows = _grouped(qs, by, "i_total")
    names = dict(Unit.objects.filter(pk__in=[r[by] for r in rows]).values_list("pk", "name"))
    out = []
    for r in rows:
        s = one_decimal(r["m_total"])
        code, label = band(s, rules.agency_bands)
        out.append(
            ScoreRow(
                r[by],
                names.get(r[by], str(_("(không có cơ quan chủ trì)"))),
                r["n"],
                {c: one_decimal(r[f"m_{c}"]) for c in INDEX_CODES},
                s,
                code,
                label,
            )
        )
    return out


def staff_scores(
    *, dossiers: QuerySet[Dossier], start: dt.datetime, end: dt.datetime
) -> list[ScoreRow]:
    """One row per desk officer (who received the dossiers resolved in [start, end))."""
    from motcua.accounts.models import User

    rules = rule_set(start.date())
    qs = annotate_indices(
        dossiers.filter(finished_at__gte=start, finished_at__lt=end, received_by__isnull=False),
        rules,
    )
    rows = _grouped(qs, "received_by_id", "i_staff_total")
    users = {
        u.pk: (u.full_name or u.username)
        for u in User.objects.filter(pk__in=[r["received_by_id"] for r in rows])
    }
    out = []
    for r in rows:
        s = one_decimal(r["m_total"])
        code, label = band(s, rules.staff_bands)
        out.append(
            ScoreRow(
                r["received_by_id"],
                users.get(r["received_by_id"], ""),
                r["n"],
                {c: one_decimal(r[f"m_{c}"]) for c in STAFF_INDEX_CODES},
                s,
                code,
                label,
            )
        )
    return out


def dossier_indices(dossier_qs: QuerySet[Dossier], on: dt.date) -> list[dict[str, Any]]:
    """The per-dossier indices (for the drill-down table)."""
    fields = ["pk", "code", *(f"i_{c}" for c in INDEX_CODES), "i_total"]
    return list(annotate_indices(dossier_qs, rule_set(on)).values(*fields)[:500])


__all__ = [
    "INDEX_CODES",
    "RULE_SETS",
    "ScoreRow",
    "agency_scores",
    "band",
    "period_bounds",
    "staff_scores",
]
