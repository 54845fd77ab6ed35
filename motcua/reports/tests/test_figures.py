"""The daily figures stay equal to a recount from raw data as dossiers move."""

from __future__ import annotations

import datetime as dt
import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from motcua.dossiers.tests.factories import (
    DoneDossierFactory,
    ProcessingDossierFactory,
    ReceivedDossierFactory,
    ReturnedDossierFactory,
    StoppedDossierFactory,
    SupplementRequestedDossierFactory,
    vn,
)
from motcua.reports.figures import check, recount, refresh_changed, stored
from motcua.reports.models import DailyFigure

FACTORIES = [
    ReceivedDossierFactory,
    ProcessingDossierFactory,
    SupplementRequestedDossierFactory,
    StoppedDossierFactory,
    DoneDossierFactory,
    ReturnedDossierFactory,
]


def test_figures_equal_a_raw_recount_after_random_transitions(
    w, django_capture_on_commit_callbacks
):
    rng = random.Random(8)
    for _ in range(12):
        factory = rng.choice(FACTORIES)
        at = vn(2026, 3, 2) + dt.timedelta(days=rng.randrange(0, 20), hours=rng.randrange(0, 5))
        while at.weekday() >= 5:
            at += dt.timedelta(days=1)
        factory.create(world=w, at=at)
        refresh_changed(since=at - dt.timedelta(days=1), at=at)

    assert DailyFigure.objects.exists()
    assert stored() == recount()
    assert check() == []
    assert sum(c["received"] for c in stored().values()) == 12


def test_a_transition_is_in_the_figures_after_the_refresh(w):
    ProcessingDossierFactory.create(world=w, at=vn(2026, 3, 3))
    call_command("figures_rebuild", stdout=StringIO())
    before = sum(
        c.get("resolved_early", 0) + c.get("resolved_on_time", 0) for c in stored().values()
    )

    DoneDossierFactory.create(world=w, at=vn(2026, 3, 4))
    assert stored() != recount()
    refresh_changed(since=vn(2026, 3, 4), at=vn(2026, 3, 4, 12))

    after = stored()
    assert before == 0
    assert (
        sum(
            c.get("resolved_early", 0) + c.get("resolved_on_time", 0) + c.get("resolved_late", 0)
            for c in after.values()
        )
        == 1
    )
    assert after == recount()


def test_figures_rebuild_check_exits_non_zero_on_a_mismatch(w):
    ReceivedDossierFactory.create(world=w, at=vn(2026, 3, 3))
    call_command("figures_rebuild", stdout=StringIO())
    out = StringIO()
    call_command("figures_rebuild", "--check", stdout=out)
    assert "khớp" in out.getvalue()

    DailyFigure.objects.all().delete()
    with pytest.raises(CommandError):
        call_command("figures_rebuild", "--check", stdout=StringIO(), stderr=StringIO())

    call_command("figures_rebuild", "--from", "2026-01-01", stdout=StringIO())
    call_command("figures_rebuild", "--check", stdout=StringIO())
