"""Processing: claim, assign, transfer, send back, forward (liên thông), consult, field check.
Every hand-over closes a step with who, when and early / on time / late."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.core.errors import InvalidInput
from motcua.core.pdf import pdf_text
from motcua.dossiers.models import DossierEvent, DossierStep, StepKind
from motcua.dossiers.services import (
    CannotAct,
    RuleViolation,
    StaleVersion,
    WrongState,
    dossier_attach_result,
    dossier_forward,
    step_assign,
    step_claim,
    step_consult,
    step_consult_answer,
    step_record_field_check,
    step_send_back,
    step_transfer,
)
from motcua.dossiers.slips import dossier_slip_pdf, hand_overs
from motcua.dossiers.tests.factories import (
    HOUR,
    T0,
    ProcessingDossierFactory,
    ReceivedDossierFactory,
    vn,
)
from motcua.dossiers.workflow import Status


def _last_event(d):
    return DossierEvent.objects.filter(dossier=d).latest("pk")


def test_the_first_transfer_sends_the_dossier_from_the_desk_to_the_agency(w):
    d = ReceivedDossierFactory.create(world=w)
    d = step_transfer(dossier=d, by=w.receiver, at=T0 + HOUR, note="Đã số hóa", version=d.version)
    assert d.status == Status.PROCESSING
    assert d.agency_received_at == T0 + HOUR
    assert (d.current_step_unit, d.current_step_role, d.current_assignee) == (
        w.subunit,
        "specialist",
        None,
    )
    desk_step = DossierStep.objects.get(dossier=d, order=1)
    assert desk_step.finished_at == T0 + HOUR and desk_step.finished_by == w.receiver
    assert desk_step.timeliness == "on_time"
    e = _last_event(d)
    assert e.action == "dossier.step.transferred" and e.actor == w.receiver
    assert e.data["timeliness"] == "on_time" and e.data["note"] == "Đã số hóa"
    assert "Sở Tư pháp" in e.citizen_text


def test_a_late_hand_over_is_marked_late(w):
    d = ReceivedDossierFactory.create(world=w)
    d = step_transfer(dossier=d, by=w.receiver, at=vn(2026, 3, 3, 9, 0))
    assert DossierStep.objects.get(dossier=d, order=1).timeliness == "late"


def test_a_handler_claims_the_step_once_and_a_second_claim_by_someone_else_is_refused(w):
    d = ProcessingDossierFactory.create(world=w, claimed=False)
    d = step_claim(dossier=d, by=w.specialist, at=T0 + 2 * HOUR, version=d.version)
    assert d.current_assignee == w.specialist
    assert _last_event(d).action == "dossier.step.claimed"
    again = step_claim(dossier=d, by=w.specialist, at=T0 + 3 * HOUR, version=1)
    assert again.version == d.version  # idempotent: nothing written
    with pytest.raises(RuleViolation):
        step_claim(dossier=d, by=w.specialist2, at=T0 + 3 * HOUR)


def test_only_handlers_of_the_step_unit_may_act_on_it(w):
    d = ProcessingDossierFactory.create(world=w, claimed=False)
    with pytest.raises(CannotAct):
        step_claim(dossier=d, by=w.police_specialist, at=T0 + 2 * HOUR)
    with pytest.raises(CannotAct):
        step_transfer(dossier=d, by=w.receiver, at=T0 + 2 * HOUR)


def test_the_unit_head_assigns_a_handler_of_the_unit(w):
    d = ProcessingDossierFactory.create(world=w, claimed=False)
    d = step_assign(dossier=d, assignee=w.specialist2, by=w.head, at=T0 + 2 * HOUR, note="Gấp")
    assert d.current_assignee == w.specialist2
    e = _last_event(d)
    assert e.action == "dossier.step.assigned" and e.data["assignee"] == w.specialist2.pk
    with pytest.raises(CannotAct):
        step_assign(dossier=d, assignee=w.specialist, by=w.specialist2, at=T0 + 3 * HOUR)
    with pytest.raises(InvalidInput) as err:
        step_assign(dossier=d, assignee=w.police_specialist, by=w.head, at=T0 + 3 * HOUR)
    assert err.value.field == "assignee"


def test_a_stale_version_is_refused_with_409(w):
    d = ProcessingDossierFactory.create(world=w)
    stale = d.version - 1
    with pytest.raises(StaleVersion) as err:
        step_transfer(dossier=d, by=w.specialist, at=T0 + 3 * HOUR, version=stale)
    assert err.value.status_code == 409
    assert err.value.details["current_version"] == d.version


def test_send_back_reopens_an_earlier_step_with_its_previous_handler(w):
    d = ProcessingDossierFactory.create(world=w)
    d = step_transfer(dossier=d, by=w.specialist, at=T0 + 3 * HOUR)
    assert d.current_step_role == "unit_head"
    with pytest.raises(InvalidInput):
        step_send_back(dossier=d, to_order=2, reason=" ", by=w.head, at=T0 + 4 * HOUR)
    d = step_send_back(dossier=d, to_order=2, reason="Thiếu xác minh", by=w.head, at=T0 + 4 * HOUR)
    assert (d.current_step_role, d.current_assignee) == ("specialist", w.specialist)
    assert _last_event(d).action == "dossier.step.sent_back"
    # Going forward again runs the unit head's step a second time.
    d = step_transfer(dossier=d, by=w.specialist, at=T0 + 5 * HOUR)
    assert d.current_step_role == "unit_head"
    assert DossierStep.objects.filter(dossier=d, order=3, started_at__isnull=False).count() == 2


def test_the_last_processing_step_cannot_transfer_before_the_result(w):
    d = ProcessingDossierFactory.create(world=w)
    d = step_transfer(dossier=d, by=w.specialist, at=T0 + 3 * HOUR)
    with pytest.raises(RuleViolation) as err:
        step_transfer(dossier=d, by=w.head, at=T0 + 4 * HOUR)
    assert "attach_result" in err.value.allowed_actions


def test_forwarding_to_another_agency_and_the_result_coming_back_to_the_desk(w):
    d = ProcessingDossierFactory.create(world=w)
    d = dossier_forward(
        dossier=d,
        to_agency=w.police,
        to_unit=w.police_unit,
        budget_hours=16,
        task="Tra cứu, xác minh thông tin án tích",
        by=w.specialist,
        at=T0 + 3 * HOUR,
    )
    assert (d.current_step_unit, d.current_step_role) == (w.police_unit, "specialist")
    e = _last_event(d)
    assert e.action == "dossier.forwarded" and "Công an" in e.citizen_text
    d = step_claim(dossier=d, by=w.police_specialist, at=T0 + 4 * HOUR)
    # Done at the police: the plan continues with the unit head of Sở Tư pháp.
    d = step_transfer(dossier=d, by=w.police_specialist, at=vn(2026, 3, 4, 9, 0))
    assert (d.current_step_unit, d.current_step_role) == (w.subunit, "unit_head")
    d = dossier_attach_result(dossier=d, number="15/LLTP", by=w.head, at=vn(2026, 3, 4, 15, 0))
    assert d.status == Status.DONE
    assert (d.current_step_unit, d.current_step_role) == (w.desk, "returning")
    rows = hand_overs(d)
    assert [(r.from_unit, r.to_unit) for r in rows] == [
        ("Phòng Tiếp nhận, số hóa hồ sơ, giải quyết TTHC", "Phòng Hành chính tư pháp"),
        ("Phòng Hành chính tư pháp", "Phòng Cảnh sát quản lý hành chính về trật tự xã hội"),
        ("Phòng Cảnh sát quản lý hành chính về trật tự xã hội", "Phòng Hành chính tư pháp"),
        ("Phòng Hành chính tư pháp", "Phòng Tiếp nhận, số hóa hồ sơ, giải quyết TTHC"),
    ]
    assert [r.timeliness for r in rows] == ["on_time", "early", "on_time", "early"]
    text = pdf_text(dossier_slip_pdf(d, "control"), layout=False)
    assert d.code in text and "Sớm hạn" in text and "Đúng hạn" in text


def test_forwarding_refuses_a_unit_outside_the_agency(w):
    d = ProcessingDossierFactory.create(world=w)
    with pytest.raises(InvalidInput) as err:
        dossier_forward(
            dossier=d, to_agency=w.police, to_unit=w.subunit, by=w.specialist, at=T0 + 3 * HOUR
        )
    assert err.value.field == "to_unit"


def test_a_consultation_runs_beside_the_step_with_its_own_deadline(w):
    d = ProcessingDossierFactory.create(world=w)
    d = step_consult(
        dossier=d,
        unit=w.police_unit,
        question="Có án tích không?",
        days=2,
        by=w.specialist,
        at=T0 + 3 * HOUR,
    )
    assert d.open_consults == 1
    assert d.current_step_role == "specialist"  # the main step stays open
    consult = DossierStep.objects.get(dossier=d, kind=StepKind.CONSULT)
    # Monday 12:00 (lunch: the morning is over) + 2 working days = Wednesday 11:30.
    assert consult.planned_due_at == vn(2026, 3, 4, 11, 30)
    assert _last_event(d).action == "dossier.step.consulted"
    with pytest.raises(RuleViolation):
        dossier_attach_result(dossier=d, by=w.specialist, at=T0 + 4 * HOUR)
    with pytest.raises(CannotAct):
        step_consult_answer(
            dossier=d, consult_id=consult.pk, opinion="Không", by=w.specialist, at=T0 + 4 * HOUR
        )
    d = step_consult_answer(
        dossier=d,
        consult_id=consult.pk,
        opinion="Không có án tích",
        by=w.police_specialist,
        at=T0 + 5 * HOUR,
    )
    consult.refresh_from_db()
    assert consult.finished_at == T0 + 5 * HOUR and consult.timeliness == "early"
    assert d.open_consults == 0
    assert _last_event(d).action == "dossier.step.consult_answered"
    with pytest.raises(RuleViolation):
        step_consult_answer(
            dossier=d,
            consult_id=consult.pk,
            opinion="Lần hai",
            by=w.police_specialist,
            at=T0 + 6 * HOUR,
        )


def test_a_field_check_is_recorded_with_time_place_and_participants(w):
    d = ProcessingDossierFactory.create(world=w)
    checked = T0 + 2 * HOUR + dt.timedelta(minutes=30)
    d = step_record_field_check(
        dossier=d,
        checked_at=checked,
        place="Thửa đất số 12, tờ bản đồ 5, phường Phú Cường",
        participants=["Ngô Thị Thanh Hương", "Nguyễn Văn An"],
        findings="Hiện trạng đúng hồ sơ",
        by=w.specialist,
        at=T0 + 4 * HOUR,
    )
    check = DossierStep.objects.get(dossier=d, kind=StepKind.FIELD_CHECK)
    assert check.started_at == check.finished_at == checked
    assert check.details["participants"] == ["Ngô Thị Thanh Hương", "Nguyễn Văn An"]
    e = _last_event(d)
    assert e.action == "dossier.step.field_checked" and "Phú Cường" in e.staff_text
    with pytest.raises(InvalidInput) as err:
        step_record_field_check(
            dossier=d,
            checked_at=checked,
            place="X",
            participants=[],
            by=w.specialist,
            at=T0 + 4 * HOUR,
        )
    assert err.value.field == "participants"


def test_processing_actions_are_refused_at_the_desk_stage(w):
    d = ReceivedDossierFactory.create(world=w)
    with pytest.raises(WrongState) as err:
        step_send_back(dossier=d, to_order=1, reason="x", by=w.receiver, at=T0 + HOUR)
    assert set(err.value.allowed_actions) >= {"transfer", "claim", "forward"}
