"""Form II.06a on a crafted data set whose every cell is computed by hand."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from motcua.dossiers.models import Channel, Dossier
from motcua.dossiers.tests.factories import ReceivedDossierFactory, vn
from motcua.organization.selectors import unit_descendant_ids
from motcua.reports.excel import ii06a_xlsx
from motcua.reports.figures import check, rebuild
from motcua.reports.selectors import drilldown, ii06a, period_of, validate

MARCH = period_of("month", 2026, 3)

# (name, channel, received, finished, timeliness, due, stopped at)
CRAFTED = [
    (
        "carried_early",
        Channel.COUNTER,
        vn(2026, 2, 20),
        vn(2026, 3, 3),
        "early",
        vn(2026, 3, 6),
        None,
    ),
    ("carried_overdue", Channel.ONLINE, vn(2026, 2, 25), None, "", vn(2026, 3, 5), None),
    (
        "online_on_time",
        Channel.ONLINE,
        vn(2026, 3, 2),
        vn(2026, 3, 4),
        "on_time",
        vn(2026, 3, 4, 16),
        None,
    ),
    (
        "counter_late",
        Channel.COUNTER,
        vn(2026, 3, 10),
        vn(2026, 3, 20),
        "late",
        vn(2026, 3, 17),
        None,
    ),
    ("post_within", Channel.POST, vn(2026, 3, 16), None, "", vn(2026, 4, 2), None),
    (
        "counter_stopped",
        Channel.COUNTER,
        vn(2026, 3, 30),
        None,
        "",
        vn(2026, 4, 6),
        vn(2026, 3, 31),
    ),
    (
        "finished_in_april",
        Channel.COUNTER,
        vn(2026, 3, 5),
        vn(2026, 4, 2),
        "late",
        vn(2026, 3, 25),
        None,
    ),
    (
        "all_in_february",
        Channel.COUNTER,
        vn(2026, 2, 10),
        vn(2026, 2, 20),
        "on_time",
        vn(2026, 2, 20),
        None,
    ),
    ("received_in_april", Channel.ONLINE, vn(2026, 4, 1), None, "", vn(2026, 4, 8), None),
]


@pytest.fixture
def crafted(w):
    made = {}
    for name, channel, rec, fin, tl, due, stopped in CRAFTED:
        d = ReceivedDossierFactory.create(world=w, at=rec)
        fields = {
            "channel": channel,
            "received_at": rec,
            "due_at": due,
            "original_due_at": due,
            "finished_at": fin,
            "timeliness": tl,
        }
        if fin is not None:
            fields.update(status="done", result_kind="granted")
        if stopped is not None:
            fields.update(status="stopped", updated_at=stopped)
        Dossier.objects.filter(pk=d.pk).update(**fields)
        made[name] = Dossier.objects.get(pk=d.pk)
    rebuild()
    return made


def test_the_march_report_of_the_agency_matches_the_hand_count(w, crafted):
    lead = crafted["carried_early"].lead_agency or crafted["carried_early"].receiving_unit
    report = ii06a(unit=lead, period=MARCH)

    v = report.total.values
    assert v["received_online"] == 1  # online_on_time
    assert (
        v["received_direct"] == 4
    )  # counter_late, post_within, counter_stopped, finished_in_april
    assert v["carried_over"] == 2  # carried_early, carried_overdue
    assert v["received_total"] == 7
    assert v["resolved_early"] == 1
    assert v["resolved_on_time"] == 1
    assert v["resolved_late"] == 1
    assert v["resolved_total"] == 3
    assert v["in_progress_overdue"] == 2  # carried_overdue (5/3), finished_in_april (25/3)
    assert v["in_progress_within"] == 1  # post_within
    assert v["in_progress_total"] == 3
    assert report.problems == []


def test_the_rows_are_the_children_of_the_selected_unit_and_add_up_to_the_total(w, crafted):
    report = ii06a(unit=w.province, period=MARCH)

    assert w.province.pk not in [r.unit.pk for r in report.rows if r.unit]
    for key, total in report.total.values.items():
        assert sum(r.values[key] for r in report.rows) == total, key
    assert report.total.values["received_total"] == 7


def test_april_carries_over_what_march_left_in_progress(w, crafted):
    lead = crafted["carried_early"].lead_agency or crafted["carried_early"].receiving_unit
    april = ii06a(unit=lead, period=period_of("month", 2026, 4)).total.values

    assert april["carried_over"] == 3
    assert april["received_online"] == 1
    assert april["resolved_late"] == 1  # finished_in_april


def test_every_cell_drills_down_to_exactly_the_dossiers_it_counts(w, crafted):
    lead = crafted["carried_early"].lead_agency or crafted["carried_early"].receiving_unit
    report = ii06a(unit=lead, period=MARCH)
    ids = unit_descendant_ids([lead.pk])

    for column, value in report.total.cells:
        assert drilldown(unit_ids=ids, period=MARCH, column=column).count() == value, column
    overdue = drilldown(unit_ids=ids, period=MARCH, column="in_progress_overdue")
    assert {d.pk for d in overdue} == {
        crafted["carried_overdue"].pk,
        crafted["finished_in_april"].pk,
    }


def test_a_quarter_and_a_custom_period_are_sums_of_their_days(w, crafted):
    lead = crafted["carried_early"].lead_agency or crafted["carried_early"].receiving_unit
    q1 = ii06a(unit=lead, period=period_of("quarter", 2026, 1)).total.values
    custom = ii06a(
        unit=lead,
        period=period_of("custom", 2026, start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31)),
    ).total.values

    assert q1 == custom
    assert q1["carried_over"] == 0
    assert q1["received_total"] == 8


def test_validation_reports_totals_that_do_not_add_up():
    values = {
        "received_total": 5,
        "received_online": 1,
        "received_direct": 1,
        "carried_over": 1,
        "resolved_total": 2,
        "resolved_early": 1,
        "resolved_on_time": 1,
        "resolved_late": 0,
        "in_progress_total": 3,
        "in_progress_within": 1,
        "in_progress_overdue": 1,
    }

    problems = validate(values)

    assert any("tiếp nhận" in p for p in problems)
    assert any("đang giải quyết" in p for p in problems)


def test_the_figures_check_finds_a_tampered_row(w, crafted):
    from motcua.reports.models import DailyFigure

    assert check() == []
    row = DailyFigure.objects.filter(received__gt=0).first()
    assert row is not None
    DailyFigure.objects.filter(pk=row.pk).update(received=row.received + 1)

    problems = check()
    assert any("received lưu" in p for p in problems)
    assert any("số liệu tháng" in p for p in problems)


def test_the_excel_file_has_the_official_merged_headers_and_the_values(w, crafted):
    lead = crafted["carried_early"].lead_agency or crafted["carried_early"].receiving_unit
    report = ii06a(unit=lead, period=MARCH)

    wb = openpyxl.load_workbook(io.BytesIO(ii06a_xlsx(report)))
    ws = wb["II.06a"]

    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "C5:F5" in merged and ws["C5"].value == "Số hồ sơ nhận giải quyết"
    assert "G5:J5" in merged and ws["G5"].value == "Số hồ sơ đã giải quyết"
    assert "K5:M5" in merged and ws["K5"].value == "Số hồ sơ đang giải quyết"
    assert "D6:E6" in merged and ws["D7"].value == "Trực tuyến"
    total_row = ws.max_row
    assert ws.cell(total_row, 2).value == "Tổng cộng"
    assert [ws.cell(total_row, c).value for c in range(3, 14)] == [7, 1, 4, 2, 3, 1, 1, 1, 3, 1, 2]


def test_a_unit_with_children_reports_its_own_dossiers_on_a_row_of_its_own(w, crafted):
    lead = crafted["carried_early"].lead_agency or crafted["carried_early"].receiving_unit
    report = ii06a(unit=lead, period=MARCH)

    for key, total in report.total.values.items():
        assert sum(r.values[key] for r in report.rows) == total, key
