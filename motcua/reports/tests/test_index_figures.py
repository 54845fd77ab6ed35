"""The Circular 01/2018 scores from the pre-aggregated rows equal the scores computed from the
dossiers (evaluation.indices), on the crafted data set of the index tests (March 2026)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from motcua.dossiers.tests.factories import vn, world
from motcua.evaluation.indices import agency_scores, staff_scores
from motcua.evaluation.models import Rating, RatingAnswer
from motcua.evaluation.tests.test_indices import END, START, crafted, make_dossier, rate
from motcua.reports import figures, index_figures
from motcua.reports.models import IndexFigure

pytestmark = pytest.mark.django_db


def _same(fast: list, slow: list) -> None:
    assert [(r.key, r.dossiers, r.means, r.score, r.band_code) for r in fast] == [
        (r.key, r.dossiers, r.means, r.score, r.band_code) for r in slow
    ]


def test_agency_desk_and_officer_scores_equal_those_computed_from_the_dossiers():
    from motcua.dossiers.models import Dossier

    w = world()
    crafted(w)
    other = make_dossier(w, finished_at=vn(2026, 3, 20), lead_agency=w.police, timeliness="late")
    rate(other, unhappy=("staff_attitude",))
    figures.rebuild()

    everything = Dossier.objects.all()
    fast = index_figures.scores(unit_ids=None, start=START, end=END)
    _same(fast, agency_scores(dossiers=everything, start=START, end=END))
    assert {r.key for r in fast} == {w.agency.pk, w.police.pk}
    _same(
        index_figures.scores(unit_ids=None, start=START, end=END, by="desk"),
        agency_scores(dossiers=everything, start=START, end=END, by="receiving_unit_id"),
    )
    _same(
        index_figures.scores(unit_ids=None, start=START, end=END, by="officer"),
        staff_scores(dossiers=everything, start=START, end=END),
    )
    # Scoped to Công an tỉnh: only its dossier.
    [police] = index_figures.scores(unit_ids={w.police.pk}, start=START, end=END)
    assert (police.key, police.dossiers, police.means["staff_attitude"]) == (
        w.police.pk,
        1,
        0,
    )
    assert index_figures.check() == []


def test_a_changed_rating_reaches_the_scores_with_the_next_refresh():
    w = world()
    ds = crafted(w)
    figures.rebuild()
    before = index_figures.scores(unit_ids=None, start=START, end=END)[0].means["staff_attitude"]

    with time_machine.travel(vn(2026, 3, 25, 9), tick=False):
        RatingAnswer.objects.filter(
            rating__dossier=ds["d1"], criterion__code="staff_attitude"
        ).update(satisfied=False)
        Rating.objects.filter(dossier=ds["d1"]).update(updated_at=vn(2026, 3, 25, 9))
        figures.refresh_changed(since=vn(2026, 3, 25, 8, 30), at=vn(2026, 3, 25, 9))

    after = index_figures.scores(unit_ids=None, start=START, end=END)[0].means["staff_attitude"]
    # d1 rated satisfied (2) → unsatisfied (0); d2 unsatisfied (0); d3, d4 unrated (1 each)
    assert (before, after) == (Decimal("1.0"), Decimal("0.5"))
    assert index_figures.check() == []


def test_check_reports_a_row_that_differs_from_the_recount():
    w = world()
    crafted(w)
    figures.rebuild()
    row = IndexFigure.objects.first()
    assert row is not None
    row.s_processing_time += 1
    row.save()

    problems = index_figures.check()

    assert len(problems) == 1 and "điểm chỉ số" in problems[0]


def test_a_day_without_results_keeps_no_rows():
    assert index_figures.refresh_days([dt.date(2026, 3, 1)]) == 0
    assert not IndexFigure.objects.exists()
