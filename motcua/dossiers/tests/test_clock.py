"""Transitions that move the clock: supplement during processing (window, override, full
restart), financial obligation (pause and resume the remaining time), apology rules."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.core.errors import InvalidInput
from motcua.dossiers.models import Apology, ClockStop, DossierEvent, Supplement
from motcua.dossiers.services import (
    CannotAct,
    MissingItem,
    RuleViolation,
    WrongState,
    dossier_apologize,
    dossier_obligation_paid,
    dossier_receive_supplement,
    dossier_request_obligation,
    dossier_request_supplement,
    supplement_window_end,
)
from motcua.dossiers.tests.factories import (
    T0,
    AwaitingObligationDossierFactory,
    ProcessingDossierFactory,
    ReceivedDossierFactory,
    SupplementRequestedDossierFactory,
    vn,
)
from motcua.dossiers.workflow import Status

ITEMS = [MissingItem(name="Bản sao giấy khai sinh", reason="Chưa có")]


def _actions(d):
    return list(
        DossierEvent.objects.filter(dossier=d).order_by("pk").values_list("action", flat=True)
    )


def test_the_supplement_window_is_three_working_days_after_the_agency_received_the_dossier(w):
    d = ProcessingDossierFactory.create(world=w)  # agency received Monday 02/03 10:00
    assert supplement_window_end(d) == dt.date(2026, 3, 5)


def test_a_supplement_within_three_working_days_stops_the_clock(w):
    d = ProcessingDossierFactory.create(world=w)
    at = vn(2026, 3, 5, 16, 0)  # Thursday: the 3rd working day after Monday
    d = dossier_request_supplement(
        dossier=d, items=ITEMS, reason="Thiếu giấy tờ", by=w.specialist, at=at, version=d.version
    )
    assert d.status == Status.SUPPLEMENT_REQUESTED
    stop = ClockStop.objects.get(dossier=d)
    assert (stop.kind, stop.started_at, stop.ended_at) == ("supplement", at, None)
    s = Supplement.objects.get(dossier=d)
    assert not s.at_desk and s.override_reason == ""
    assert _actions(d)[-1] == "dossier.supplement.requested"


def test_on_the_fourth_working_day_a_supplement_needs_a_leaders_override(w):
    d = ProcessingDossierFactory.create(world=w)
    friday = vn(2026, 3, 6, 9, 0)
    with pytest.raises(RuleViolation) as err:
        dossier_request_supplement(dossier=d, items=ITEMS, by=w.specialist, at=friday)
    assert err.value.field == "override_reason"
    with pytest.raises(CannotAct):
        dossier_request_supplement(
            dossier=d, items=ITEMS, override_reason="Phát hiện sai sót", by=w.specialist, at=friday
        )
    d = dossier_request_supplement(
        dossier=d,
        items=ITEMS,
        override_reason="Phát hiện sai sót khi thẩm định",
        by=w.head,
        at=friday,
    )
    assert d.status == Status.SUPPLEMENT_REQUESTED
    assert Supplement.objects.get(dossier=d).override_reason == "Phát hiện sai sót khi thẩm định"
    event = DossierEvent.objects.filter(dossier=d).latest("pk")
    assert event.data["late"] is True


def test_when_the_complete_dossier_arrives_the_full_time_limit_restarts(w):
    d = SupplementRequestedDossierFactory.create(world=w)  # requested Monday 12:00
    assert d.due_at == vn(2026, 3, 9, 9, 0)
    arrived = vn(2026, 3, 10, 9, 0)
    d = dossier_receive_supplement(dossier=d, by=w.receiver, at=arrived, version=d.version)
    assert d.status == Status.PROCESSING
    assert d.due_at == vn(2026, 3, 17, 9, 0)  # 5 full working days from the arrival
    assert d.original_due_at == vn(2026, 3, 9, 9, 0)
    assert ClockStop.objects.get(dossier=d).ended_at == arrived
    assert Supplement.objects.get(dossier=d).received_at == arrived
    assert d.current_step is not None
    assert d.current_step.planned_due_at == vn(2026, 3, 12, 9, 0)  # 16 h budget from arrival
    assert _actions(d)[-1] == "dossier.supplement.received"


def test_an_obligation_pauses_the_clock_and_payment_resumes_the_remaining_time(w):
    d = ProcessingDossierFactory.create(world=w)
    d = dossier_request_obligation(
        dossier=d,
        reason="Nộp thuế sử dụng đất",
        amount=1200000,
        by=w.specialist,
        at=vn(2026, 3, 4, 9, 0),
    )
    assert d.status == Status.AWAITING_OBLIGATION
    stop = ClockStop.objects.get(dossier=d)
    assert stop.remaining_seconds == 3 * 8 * 3600  # Wednesday 09:00 → Monday 09:00
    assert _actions(d)[-1] == "dossier.obligation.requested"
    d = dossier_obligation_paid(
        dossier=d, reference="Biên lai 0012", by=w.receiver, at=vn(2026, 3, 16, 9, 0)
    )
    assert d.status == Status.PROCESSING
    assert d.due_at == vn(2026, 3, 19, 9, 0)
    assert _actions(d)[-1] == "dossier.obligation.paid"


def test_payment_is_only_recorded_while_an_obligation_is_awaited(w):
    d = ProcessingDossierFactory.create(world=w)
    with pytest.raises(WrongState) as err:
        dossier_obligation_paid(dossier=d, by=w.receiver, at=vn(2026, 3, 4, 9, 0))
    assert "request_obligation" in err.value.allowed_actions
    paused = AwaitingObligationDossierFactory.create(world=w)
    with pytest.raises(WrongState):
        dossier_request_obligation(
            dossier=paused, reason="Lần hai", by=w.specialist, at=vn(2026, 3, 4, 9, 0)
        )


def test_an_apology_one_working_day_before_the_due_date_moves_it_once(w):
    d = ProcessingDossierFactory.create(world=w)  # due Monday 09/03 09:00
    d = dossier_apologize(
        dossier=d,
        reason="Chờ kết quả xác minh của Công an tỉnh",
        new_due_at=vn(2026, 3, 11, 17, 0),
        signer="Dương Thị Bích Ngọc",
        by=w.specialist,
        at=vn(2026, 3, 6, 10, 0),
    )
    assert d.due_at == d.extended_due_at == vn(2026, 3, 11, 17, 0)
    assert d.apology_count == 1
    apology = Apology.objects.get(dossier=d)
    assert (apology.old_due_at, apology.agency) == (vn(2026, 3, 9, 9, 0), w.agency)
    event = DossierEvent.objects.filter(dossier=d).latest("pk")
    assert event.action == "dossier.apologized" and "xin lỗi" in event.citizen_text
    with pytest.raises(RuleViolation, match="tối đa 1 lần"):
        dossier_apologize(
            dossier=d,
            reason="Lần nữa",
            new_due_at=vn(2026, 3, 20, 17, 0),
            by=w.specialist,
            at=vn(2026, 3, 9, 9, 0),
        )


def test_an_apology_on_the_due_date_is_too_late(w):
    d = ProcessingDossierFactory.create(world=w)
    with pytest.raises(RuleViolation, match="chậm nhất 1 ngày làm việc") as err:
        dossier_apologize(
            dossier=d,
            reason="Chậm",
            new_due_at=vn(2026, 3, 12, 17, 0),
            by=w.specialist,
            at=vn(2026, 3, 9, 8, 0),
        )
    assert err.value.status_code == 409
    assert d.apology_count == 0


def test_the_new_date_of_an_apology_must_be_later_than_the_current_one(w):
    d = ReceivedDossierFactory.create(world=w)
    with pytest.raises(InvalidInput) as err:
        dossier_apologize(
            dossier=d, reason="Chậm", new_due_at=vn(2026, 3, 9, 9, 0), by=w.receiver, at=T0
        )
    assert err.value.field == "new_due_at"


def test_the_apology_slip_prints_the_old_and_new_dates(w):
    from motcua.core.pdf import pdf_text
    from motcua.dossiers.slips import dossier_slip_pdf

    d = ProcessingDossierFactory.create(world=w)
    d = dossier_apologize(
        dossier=d,
        reason="Chờ xác minh",
        new_due_at=vn(2026, 3, 11, 17, 0),
        by=w.specialist,
        at=vn(2026, 3, 6, 10, 0),
    )
    text = pdf_text(dossier_slip_pdf(d, "apology"))
    assert d.code in text and "Chờ xác minh" in text
    assert "11/03/2026" in text and "09/03/2026" in text
    assert "Mẫu số 04" in text
