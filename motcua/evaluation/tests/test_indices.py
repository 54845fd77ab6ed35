"""Circular 01/2018 indices and the Decision 766 index on a crafted data set computed by hand.

The set (March 2026, Sở Tư pháp as lead agency, original due 10/03 09:00):
- d1 counter, finished 09/03 (early), no supplement, rated satisfied on every criterion;
- d2 counter, finished 12/03 (two days after the original due), one supplement request with
  the clock stopped three days → on time for 766 (overrun 2 d ≤ 3 d stopped), rated
  unsatisfied on staff attitude;
- d3 counter, finished 09/03 but two supplement requests → late for 766;
- d4 online, finished 12/03 without a stop → late; one late step.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from motcua.dossiers.models import (
    Channel,
    ClockStop,
    ClockStopKind,
    Dossier,
    DossierStep,
    DossierUnit,
    Status,
    StepRole,
    Supplement,
)
from motcua.dossiers.tests.factories import World, vn, world
from motcua.evaluation.indices import (
    RULE_SETS,
    agency_scores,
    band,
    period_bounds,
    staff_scores,
)
from motcua.evaluation.indices_766 import Index766, index_766, raw_counts, score
from motcua.evaluation.models import Rating, RatingAnswer, RatingCriterion
from motcua.evaluation.tests.helpers import ensure_criteria
from motcua.reports import figures
from motcua.worktime.models import Timeliness

START, END = vn(2026, 3, 1, 0), vn(2026, 4, 1, 0)


def index_of_march() -> tuple[dict[int, Index766], Index766]:
    """The 766 index of March 2026 from the daily figures, rebuilt from the crafted dossiers
    first (as the periodic refresh would)."""
    figures.rebuild()
    return index_766(unit_ids=None, start=START, end=END)


_seq = itertools.count(1)


def make_dossier(
    w: World,
    *,
    channel: str = Channel.COUNTER,
    received_at: dt.datetime | None = None,
    original_due_at: dt.datetime | None = None,
    finished_at: dt.datetime | None = None,
    due_at: dt.datetime | None = None,
    timeliness: str = "",
    lead_agency=None,
    status: str | None = None,
) -> Dossier:
    """A dossier row written directly (the crafted data sets need exact timestamps)."""
    received_at = received_at or vn(2026, 3, 3)
    original_due_at = original_due_at or vn(2026, 3, 10)
    agency = lead_agency or w.agency
    d = Dossier.objects.create(
        code=f"000.02.01.H09-260303-{next(_seq):04d}",
        secret="S",
        status=status or (Status.DONE if finished_at else Status.PROCESSING),
        channel=channel,
        rule_set="2018",
        procedure_version=w.version,
        receiving_unit=w.desk,
        lead_agency=agency,
        received_at=received_at,
        received_by=w.receiver,
        original_due_at=original_due_at,
        due_at=due_at or original_due_at,
        finished_at=finished_at,
        timeliness=timeliness,
        result_kind="granted" if finished_at else "",
        created_at=received_at,
        updated_at=received_at,
    )
    DossierUnit.objects.bulk_create(
        [DossierUnit(dossier=d, unit=w.desk), DossierUnit(dossier=d, unit=agency)]
    )
    return d


def supplement(w: World, d: Dossier, at: dt.datetime) -> None:
    Supplement.objects.create(dossier=d, requested_at=at, requested_by=w.specialist)


def rate(d: Dossier, *, unhappy: tuple[str, ...] = ()) -> None:
    ensure_criteria()
    assert d.finished_at is not None
    r = Rating.objects.create(
        dossier=d, channel="counter_tablet", rated_at=d.finished_at, updated_at=d.finished_at
    )
    RatingAnswer.objects.bulk_create(
        RatingAnswer(rating=r, criterion=c, satisfied=c.code not in unhappy)
        for c in RatingCriterion.objects.filter(online_only=False)
    )


def crafted(w: World) -> dict[str, Dossier]:
    d1 = make_dossier(w, finished_at=vn(2026, 3, 9), timeliness=Timeliness.EARLY)
    rate(d1)
    d2 = make_dossier(
        w, finished_at=vn(2026, 3, 12), due_at=vn(2026, 3, 13), timeliness=Timeliness.ON_TIME
    )
    supplement(w, d2, vn(2026, 3, 4))
    ClockStop.objects.create(
        dossier=d2,
        kind=ClockStopKind.SUPPLEMENT,
        started_at=vn(2026, 3, 4),
        ended_at=vn(2026, 3, 7),
    )
    rate(d2, unhappy=("staff_attitude",))
    d3 = make_dossier(w, finished_at=vn(2026, 3, 9), timeliness=Timeliness.EARLY)
    supplement(w, d3, vn(2026, 3, 4))
    supplement(w, d3, vn(2026, 3, 5))
    ClockStop.objects.create(
        dossier=d3,
        kind=ClockStopKind.SUPPLEMENT,
        started_at=vn(2026, 3, 4),
        ended_at=vn(2026, 3, 7),
    )
    d4 = make_dossier(
        w, channel=Channel.ONLINE, finished_at=vn(2026, 3, 12), timeliness=Timeliness.LATE
    )
    DossierStep.objects.create(
        dossier=d4,
        order=1,
        role=StepRole.SPECIALIST,
        agency=w.agency,
        unit=w.subunit,
        timeliness=Timeliness.LATE,
    )
    return {"d1": d1, "d2": d2, "d3": d3, "d4": d4}


@pytest.mark.django_db
def test_the_766_on_time_rate_subtracts_supplement_time_and_counts_two_supplements_as_late():
    w = world()
    crafted(w)
    per_agency, whole = index_of_march()
    results = {r.indicator.code: r for r in per_agency[w.agency.pk].results}
    on_time = results["on_time"]
    # d1 on time; d2 on time once its 3 stopped days are subtracted; d3 late (2 requests); d4 late
    assert (on_time.numerator, on_time.denominator) == (2, 4)
    assert on_time.score == Decimal("10.00")  # 0.5 × 20, no target
    online = results["online_dossiers"]
    assert (online.numerator, online.denominator) == (1, 4)
    assert online.score == Decimal("3.00")  # 0.25 × 6 / 0.5
    sat = results["satisfaction"]
    assert (sat.numerator, sat.denominator) == (1, 2)
    assert sat.score == Decimal("6.67")  # 0.5 × 12 / 0.9 (6 of its 18 points: feedback)
    assert whole.results[1].numerator == 2


@pytest.mark.django_db
def test_the_766_counts_from_the_daily_figures_equal_a_recount_from_the_dossiers():
    w = world()
    crafted(w)
    figures.rebuild()

    rec, res = figures.index_counts(None, START.date(), END.date())
    raw_rec, raw_res = raw_counts(Dossier.objects.all(), START, END)

    def strip(rows: dict) -> dict:
        return {
            k: {c: int(n) for c, n in v.items() if c != "lead_agency_id"} for k, v in rows.items()
        }

    assert strip(rec) == strip(raw_rec)
    assert strip(res) == strip(raw_res)
    assert res[w.agency.pk]["resolved"] == 4 and res[w.agency.pk]["on_time"] == 2


@pytest.mark.django_db
def test_the_766_index_ignores_dossiers_resolved_outside_the_period():
    w = world()
    crafted(w)
    make_dossier(w, finished_at=vn(2026, 4, 2), timeliness=Timeliness.LATE)
    per_agency, _ = index_of_march()
    on_time = next(r for r in per_agency[w.agency.pk].results if r.indicator.code == "on_time")
    assert on_time.denominator == 4


def test_the_766_score_rule_gives_full_points_at_the_target_and_a_share_below_it():
    assert score(Decimal("0.8"), Decimal(8), Decimal("0.8")) == Decimal("8.00")
    assert score(Decimal("0.95"), Decimal(8), Decimal("0.8")) == Decimal("8.00")
    assert score(Decimal("0.4"), Decimal(8), Decimal("0.8")) == Decimal("4.00")
    assert score(Decimal("0.4"), Decimal(10), None) == Decimal("4.00")
    assert score(None, Decimal(10), None) == Decimal("0")


@pytest.mark.django_db
def test_circular_01_averages_the_nine_indices_per_agency_with_its_band():
    w = world()
    ds = crafted(w)
    qs = Dossier.objects.filter(pk__in=[ds["d1"].pk, ds["d4"].pk])
    [row] = agency_scores(dossiers=qs, start=START, end=END)
    # d1: 2+2+2+2+2+2+2+2+2 (online level full) = 18; d4: 0+1+2+2+2+2+1+2+2 = 14
    assert row.dossiers == 2
    assert row.score == Decimal("16.0")
    assert row.band_code == "excellent"
    assert row.means["processing_time"] == Decimal("1.0")
    assert row.means["time_per_unit"] == Decimal("1.5")
    assert row.means["staff_attitude"] == Decimal("1.5")
    assert row.means["feedback_handling"] == Decimal("2.0")
    [desk] = agency_scores(dossiers=qs, start=START, end=END, by="receiving_unit_id")
    assert (desk.key, desk.score, desk.band_code) == (w.desk.pk, Decimal("16.0"), "excellent")


@pytest.mark.django_db
def test_circular_01_scores_supplements_and_attitude_per_dossier():
    w = world()
    ds = crafted(w)
    qs = Dossier.objects.filter(pk__in=[ds["d2"].pk, ds["d3"].pk])
    [row] = agency_scores(dossiers=qs, start=START, end=END)
    # d2: on time 1, one request 1, attitude 0; d3: early 2, two requests 0, unrated 1
    assert row.means["contacts_needed"] == Decimal("0.5")
    assert row.means["processing_time"] == Decimal("1.5")
    assert row.means["staff_attitude"] == Decimal("0.5")
    # d2: 1+2+1+2+2+2+0+2+2 = 14; d3: 2+2+0+2+2+2+1+2+2 = 15 → 14.5
    assert row.score == Decimal("14.5")
    assert row.band_code == "good"


@pytest.mark.django_db
def test_circular_01_scores_the_desk_officer_on_time_contacts_and_attitude():
    w = world()
    ds = crafted(w)
    qs = Dossier.objects.filter(pk__in=[ds["d1"].pk, ds["d4"].pk])
    [row] = staff_scores(dossiers=qs, start=START, end=END)
    # d1: 2+2+2 = 6; d4: 0+2+1 = 3 → 4.5, fair
    assert row.key == w.receiver.pk
    assert row.score == Decimal("4.5")
    assert row.band_code == "fair"


def test_bands_follow_the_circular_thresholds():
    rules = RULE_SETS[0]
    assert band(Decimal("15.0"), rules.agency_bands)[0] == "excellent"
    assert band(Decimal("14.9"), rules.agency_bands)[0] == "good"
    assert band(Decimal("12.0"), rules.agency_bands)[0] == "good"
    assert band(Decimal("9.0"), rules.agency_bands)[0] == "fair"
    assert band(Decimal("6.0"), rules.agency_bands)[0] == "average"
    assert band(Decimal("5.9"), rules.agency_bands)[0] == "weak"
    assert band(Decimal("5.0"), rules.staff_bands)[0] == "good"
    assert band(Decimal("3.5"), rules.staff_bands)[0] == "fair"
    assert band(Decimal("3.4"), rules.staff_bands)[0] == "weak"


def test_periods_are_quarters_or_years():
    assert period_bounds(2026, 1) == (dt.date(2026, 1, 1), dt.date(2026, 4, 1))
    assert period_bounds(2026, 4) == (dt.date(2026, 10, 1), dt.date(2027, 1, 1))
    assert period_bounds(2026) == (dt.date(2026, 1, 1), dt.date(2027, 1, 1))


@pytest.mark.django_db
def test_the_766_points_and_targets_come_from_the_seeded_table():
    from motcua.evaluation.index_models import IndexIndicator

    assert IndexIndicator.objects.filter(code="satisfaction", target=Decimal("0.9")).exists()
    assert sum(i.points for i in IndexIndicator.objects.all()) == Decimal(100)
    w = world()
    crafted(w)
    IndexIndicator.objects.filter(code="on_time").update(points=Decimal(10), target=Decimal("0.5"))
    per_agency, _ = index_of_march()
    on_time = next(r for r in per_agency[w.agency.pk].results if r.indicator.code == "on_time")
    assert on_time.score == Decimal("10.00")  # rate 0.5 reaches the new target 0.5: full 10
