"""Due dates from the working calendar: Tết 2026, the make-up Saturday 22/08/2026 and the
National Day break, the 15:00 cut-off, and the two rule sets either side of 01/07/2025."""

from __future__ import annotations

import pytest

from motcua.core.pdf import pdf_text
from motcua.dossiers.services import dossier_receive
from motcua.dossiers.slips import dossier_slip_pdf
from motcua.dossiers.tests.factories import procedure, reception, vn


def _receive(w, at, **kwargs):
    return dossier_receive(reception=reception(w, **kwargs), by=w.receiver, at=at)


def test_the_due_date_skips_the_tet_2026_holiday(w):
    # Thursday 12/02 09:00 + 5 working days: Fri 13/02, then Tết 14–22/02, Mon 23 … Thu 26/02.
    d = _receive(w, vn(2026, 2, 12, 9, 0))
    assert d.due_at == vn(2026, 2, 26, 9, 0)


def test_a_dossier_received_on_the_last_day_before_tet_after_the_cutoff_starts_after_tet(w):
    d = _receive(w, vn(2026, 2, 13, 16, 0))
    assert d.clock_start_at == vn(2026, 2, 23, 7, 30)
    assert d.due_at == vn(2026, 2, 27, 17, 0)


def test_the_make_up_saturday_22_08_2026_counts_as_a_working_day(w):
    procedure("1.000003", time_limit={"value": 3, "unit": "working_days"}, process=[])
    d = _receive(w, vn(2026, 8, 21, 9, 0), procedure_code="1.000003")
    # Fri 21/08 09:00 → Sat 22/08 (make-up day) → Mon 24/08 → Tue 25/08 09:00.
    assert d.due_at == vn(2026, 8, 25, 9, 0)


def test_the_national_day_break_29_08_to_02_09_2026_is_skipped(w):
    procedure("1.000003", time_limit={"value": 3, "unit": "working_days"}, process=[])
    d = _receive(w, vn(2026, 8, 27, 9, 0), procedure_code="1.000003")
    # Thu 27/08 → Fri 28/08, then 29/08–02/09 off, Thu 03/09, Fri 04/09 09:00.
    assert d.due_at == vn(2026, 9, 4, 9, 0)


def test_received_at_15_00_counts_from_now_and_after_15_00_from_the_next_working_day(w):
    on_time = _receive(w, vn(2026, 3, 2, 15, 0))
    late = _receive(w, vn(2026, 3, 2, 15, 1))
    assert on_time.clock_start_at == vn(2026, 3, 2, 15, 0)
    assert on_time.due_at == vn(2026, 3, 9, 15, 0)
    assert late.clock_start_at == vn(2026, 3, 3, 7, 30)
    assert late.due_at == vn(2026, 3, 9, 17, 0)


def test_the_cutoff_does_not_apply_when_the_procedure_says_so(w):
    procedure("1.000004", after_cutoff_next_day=False)
    d = _receive(w, vn(2026, 3, 2, 16, 0), procedure_code="1.000004")
    assert d.clock_start_at == vn(2026, 3, 2, 16, 0)
    assert d.due_at == vn(2026, 3, 9, 16, 0)


def test_a_dossier_received_on_a_saturday_by_post_counts_from_monday_morning(w):
    postal = _receive(w, vn(2026, 3, 7, 10, 0), channel="post")
    assert postal.clock_start_at == vn(2026, 3, 9, 7, 30)
    assert postal.due_at == vn(2026, 3, 13, 17, 0)


def test_a_time_limit_in_working_hours(w):
    procedure("1.000005", time_limit={"value": 12, "unit": "working_hours"}, process=[])
    d = _receive(w, vn(2026, 3, 2, 9, 0), procedure_code="1.000005")
    # 2.5 h + 4 h on Monday = 6.5 h; 5.5 h more on Tuesday: 07:30 + 4 h = 11:30, 13:00 + 1.5 h.
    assert d.due_at == vn(2026, 3, 3, 14, 30)


@pytest.mark.parametrize(
    ("received", "rule_set", "start", "due", "circular"),
    [
        (
            vn(2025, 6, 30, 16, 0),
            "2018",
            vn(2025, 7, 1, 7, 30),
            vn(2025, 7, 7, 17, 0),
            "01/2018/TT-VPCP",
        ),
        (
            vn(2025, 7, 1, 16, 0),
            "2025",
            vn(2025, 7, 2, 7, 30),
            vn(2025, 7, 8, 17, 0),
            "03/2025/TT-VPCP",
        ),
        (
            vn(2025, 6, 30, 14, 0),
            "2018",
            vn(2025, 6, 30, 14, 0),
            vn(2025, 7, 7, 14, 0),
            "01/2018/TT-VPCP",
        ),
        (
            vn(2025, 7, 1, 14, 0),
            "2025",
            vn(2025, 7, 1, 14, 0),
            vn(2025, 7, 8, 14, 0),
            "03/2025/TT-VPCP",
        ),
    ],
)
def test_the_rule_set_and_form_set_follow_the_reception_date(
    w, received, rule_set, start, due, circular
):
    d = _receive(w, received)
    assert d.rule_set == rule_set
    assert d.clock_start_at == start
    assert d.due_at == due
    text = pdf_text(dossier_slip_pdf(d, "receipt"))
    assert circular in text
    assert d.code in text.replace("\n", " ")
