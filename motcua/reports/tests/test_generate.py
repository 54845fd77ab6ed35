"""manage.py generate_dossiers: a small synthetic history the figures and report agree with."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from motcua.dossiers.models import Applicant, Dossier, DossierUnit
from motcua.organization.models import Unit
from motcua.organization.selectors import unit_descendant_ids
from motcua.reports.figures import check, rebuild
from motcua.reports.selectors import drilldown, ii06a, period_of


def test_generated_history_is_consistent_and_the_report_adds_up(db):
    call_command(
        "generate_dossiers",
        "--count",
        "400",
        "--seed",
        "3",
        "--until",
        "2026-03-31",
        stdout=StringIO(),
    )

    assert Dossier.objects.count() == 400
    assert Applicant.objects.count() == 400
    assert DossierUnit.objects.count() >= Dossier.objects.exclude(status="not_received").count()
    assert set(Dossier.objects.values_list("channel", flat=True)) == {"counter", "online", "post"}
    assert Dossier.objects.filter(timeliness="late").exists()
    assert Dossier.objects.filter(status="processing").exists()

    rebuild()
    assert check() == []
    province = Unit.objects.get(code="000.00.00.H09")
    period = period_of("month", 2026, 3)
    report = ii06a(unit=province, period=period)
    assert report.problems == []
    assert report.total.values["received_total"] > 0
    ids = unit_descendant_ids([province.pk])
    for column, value in report.total.cells:
        assert drilldown(unit_ids=ids, period=period, column=column).count() == value, column


def test_the_same_seed_gives_the_same_history(db):
    args = ["generate_dossiers", "--count", "50", "--seed", "9", "--until", "2026-03-31"]
    call_command(*args, stdout=StringIO())
    call_command(*args, stdout=StringIO())

    rows = list(Dossier.objects.order_by("pk").values_list("channel", "status", "received_at"))
    assert len(rows) == 100
    assert rows[:50] == rows[50:]
