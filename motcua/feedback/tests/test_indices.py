"""The feedback data in the quality indices: Circular 01/2018 index 8 (per dossier) and
Decision 766's "feedback handled on time" (per unit concerned), on crafted data."""

from __future__ import annotations

import inspect
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from motcua.accounts.models import Role
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import staff, vn
from motcua.evaluation.indices import agency_scores, annotate_indices, rule_set
from motcua.evaluation.indices_766 import index_766
from motcua.evaluation.tests.test_indices import make_dossier
from motcua.feedback.models import Category
from motcua.feedback.selectors import counts_766
from motcua.feedback.services import feedback_answer, feedback_classify
from motcua.feedback.tests.helpers import submitted
from motcua.worktime.models import Timeliness

START, END = vn(2026, 3, 1, 0), vn(2026, 4, 1, 0)
EARLY_MARCH = vn(2026, 3, 2, 9)  # answer due 23/03/2026 09:00


def handled(w, *, answer_at=None, about=None, received=EARLY_MARCH):
    f = submitted(w, at=received, dossier_code=about.code if about else "")
    f = feedback_classify(item=f, category=Category.CONDUCT, by=w.leader, at=received)
    if answer_at is not None:
        f = feedback_answer(item=f, answer="Đã xử lý.", by=w.leader, at=answer_at)
    return f


def index_766_of_march(at):
    """index_766 whatever its dossier scope parameter is called (`dossiers` or `unit_ids`)."""
    params = inspect.signature(index_766).parameters
    scope = {"unit_ids": None} if "unit_ids" in params else {"dossiers": Dossier.objects.all()}
    return index_766(start=START, end=END, at=at, **scope)


@pytest.fixture
def dossiers(w):
    names = ("none", "ok", "late", "overdue", "pending")
    d = {
        n: make_dossier(w, finished_at=vn(2026, 3, 20), timeliness=Timeliness.ON_TIME)
        for n in names
    }
    handled(w, about=d["ok"], answer_at=vn(2026, 3, 10, 9))
    handled(w, about=d["late"], answer_at=vn(2026, 3, 24, 9))
    handled(w, about=d["overdue"])
    handled(w, about=d["pending"], received=vn(2026, 3, 20, 9))  # due 10/04
    return d


def test_circular_01_index_8_scores_each_dossier_by_its_feedback(dossiers):
    qs: Any = annotate_indices(Dossier.objects.all(), rule_set(START.date()), as_of=END)
    scores = dict(qs.values_list("pk", "i_feedback_handling"))
    assert {name: scores[d.pk] for name, d in dossiers.items()} == {
        "none": 2, "ok": 2, "late": 1, "overdue": 0, "pending": 2,
    }  # fmt: skip


def test_circular_01_judges_overdue_feedback_at_now_when_the_period_is_not_over(w, dossiers):
    # On 20/03 the overdue item was not yet due: it does not lower its dossier's score.
    rows = agency_scores(dossiers=Dossier.objects.all(), start=START, end=END, at=vn(2026, 3, 20))
    assert rows[0].means["feedback_handling"] == Decimal("1.8")  # (2+2+1+2+2)/5
    rows = agency_scores(dossiers=Dossier.objects.all(), start=START, end=END)
    assert rows[0].means["feedback_handling"] == Decimal("1.4")  # (2+2+1+0+2)/5


def test_the_766_feedback_rate_is_handled_on_time_over_due_in_the_period(w):
    handled(w, answer_at=vn(2026, 3, 10, 9))  # on time
    handled(w, answer_at=vn(2026, 3, 24, 9))  # late
    handled(w)  # unhandled, due 23/03: missed
    handled(w, received=vn(2026, 3, 20, 9))  # due in April: not counted
    f = submitted(w, at=EARLY_MARCH)
    feedback_classify(
        item=f, category=Category.NOT_ACCEPTED, reason="Nặc danh.", by=w.leader, at=EARLY_MARCH
    )  # refused on time
    assert counts_766(None, START, END, as_of=END) == {w.agency.pk: {"due": 4, "on_time": 2}}
    # Before the deadline of the unhandled item passed, it is not counted yet.
    assert counts_766(None, START, END, as_of=vn(2026, 3, 23, 8)) == {
        w.agency.pk: {"due": 3, "on_time": 2}
    }

    per_agency, whole = index_766_of_march(at=vn(2026, 4, 10))
    result = next(r for r in whole.results if r.indicator.code == "feedback_on_time")
    assert (result.numerator, result.denominator) == (2, 4)
    assert result.score == Decimal("3.00")  # rate 0.5 × 6 points (no target)
    mine = next(
        r for r in per_agency[w.agency.pk].results if r.indicator.code == "feedback_on_time"
    )
    assert (mine.numerator, mine.denominator) == (2, 4)


@time_machine.travel(vn(2026, 4, 10), tick=False)
def test_the_766_feedback_indicator_drills_down_to_its_items(w, client):
    on_time = handled(w, answer_at=vn(2026, 3, 10, 9))
    late = handled(w, answer_at=vn(2026, 3, 24, 9))
    client.force_login(staff("lanhdaotrungtam", Role.CENTER_LEADER, w.center))
    html = client.get("/staff/evaluation/indices/?year=2026&quarter=1").content.decode()
    assert "Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn" in html
    assert "/staff/evaluation/indices/feedback_on_time/?year=2026" in html
    page = client.get("/staff/evaluation/indices/feedback_on_time/?year=2026&quarter=1")
    assert page.status_code == 200
    text = page.content.decode()
    assert on_time.code in text and late.code in text
    # An agency leader elsewhere does not see these items.
    client.force_login(w.outsider)
    text = client.get("/staff/evaluation/indices/feedback_on_time/?year=2026&quarter=1")
    assert on_time.code not in text.content.decode()
