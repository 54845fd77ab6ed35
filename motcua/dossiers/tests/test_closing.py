"""The end of a dossier: result, refusal after appraisal, withdrawal and stop, return."""

from __future__ import annotations

import pytest

from motcua.core.errors import InvalidInput
from motcua.core.pdf import pdf_text
from motcua.dossiers.models import DossierEvent, Refusal, Result, Withdrawal
from motcua.dossiers.services import (
    CannotAct,
    WrongState,
    dossier_receive,
    dossier_refuse_after_appraisal,
    dossier_request_withdrawal,
    dossier_return,
    dossier_stop,
    step_transfer,
)
from motcua.dossiers.slips import dossier_slip_pdf
from motcua.dossiers.tests.factories import (
    APPLICANT,
    HOUR,
    T0,
    DoneDossierFactory,
    ProcessingDossierFactory,
    ReturnedDossierFactory,
    StoppedDossierFactory,
    SupplementRequestedDossierFactory,
    WithdrawalRequestedDossierFactory,
    reception,
    vn,
)
from motcua.dossiers.workflow import Status


def _last(d):
    return DossierEvent.objects.filter(dossier=d).latest("pk")


def test_attaching_the_result_makes_the_dossier_done_and_sends_it_back_to_the_desk(w):
    d = DoneDossierFactory.create(world=w)
    assert d.status == Status.DONE and d.result_kind == "granted"
    assert d.finished_at == T0 + 6 * HOUR and d.timeliness == "early"
    assert (d.current_step_unit, d.current_step_role) == (w.desk, "returning")
    result = Result.objects.get(dossier=d)
    assert (result.number, result.signed_by, result.agency) == (
        "123/PLLTP",
        "Hồ Văn Dũng",
        w.agency,
    )
    assert _last(d).action == "dossier.result.attached"


def test_a_written_refusal_after_appraisal_is_the_result(w):
    d = ProcessingDossierFactory.create(world=w)
    d = dossier_refuse_after_appraisal(
        dossier=d,
        reasons=["Người yêu cầu không thuộc đối tượng được cấp phiếu"],
        number="20/TB-STP",
        by=w.specialist,
        at=T0 + 5 * HOUR,
    )
    assert d.status == Status.DONE and d.result_kind == "refused"
    assert Result.objects.get(dossier=d).kind == "refused"
    assert Refusal.objects.get(dossier=d, at_desk=False).reasons == [
        "Người yêu cầu không thuộc đối tượng được cấp phiếu"
    ]
    e = _last(d)
    assert e.action == "dossier.refused" and "không thuộc đối tượng" in e.citizen_text
    with pytest.raises(InvalidInput):
        dossier_refuse_after_appraisal(dossier=d, reasons=[], by=w.specialist, at=T0 + 6 * HOUR)


def test_withdrawal_leads_to_a_stop_processing_notice(w):
    d = WithdrawalRequestedDossierFactory.create(world=w)
    assert d.status == Status.WITHDRAWAL_REQUESTED
    assert Withdrawal.objects.get(dossier=d).status_before == "processing"
    assert _last(d).action == "dossier.withdrawal.requested"
    d = dossier_stop(dossier=d, by=w.receiver, at=T0 + 4 * HOUR, version=d.version)
    assert d.status == Status.STOPPED and d.current_step_id is None
    assert _last(d).action == "dossier.stopped"
    text = pdf_text(dossier_slip_pdf(d, "stop"))
    assert "DỪNG GIẢI QUYẾT" in text and "Mẫu số 05" in text


def test_a_withdrawal_during_a_supplement_closes_the_stopped_clock(w):
    d = SupplementRequestedDossierFactory.create(world=w)
    d = dossier_request_withdrawal(dossier=d, by=w.receiver, at=T0 + 4 * HOUR)
    d = dossier_stop(dossier=d, by=w.receiver, at=T0 + 5 * HOUR)
    assert not d.clock_stops.filter(ended_at__isnull=True).exists()


def test_no_withdrawal_once_the_result_exists(w):
    d = DoneDossierFactory.create(world=w)
    with pytest.raises(WrongState) as err:
        dossier_request_withdrawal(dossier=d, by=w.receiver, at=T0 + 7 * HOUR)
    assert err.value.allowed_actions == ["claim", "assign", "return"]
    stopped = StoppedDossierFactory.create(world=w)
    with pytest.raises(WrongState) as err:
        dossier_stop(dossier=stopped, by=w.receiver, at=T0 + 7 * HOUR)
    assert err.value.allowed_actions == []


def test_the_applicant_collects_the_result_with_their_citizen_id(w):
    d = ReturnedDossierFactory.create(world=w)
    assert d.status == Status.RETURNED
    assert (d.returned_how, d.collector_name, d.collector_id_number) == (
        "counter",
        "Nguyễn Văn An",
        APPLICANT.citizen_id,
    )
    assert d.current_step_id is None
    assert _last(d).action == "dossier.returned"
    with pytest.raises(WrongState):
        dossier_return(
            dossier=d,
            how="counter",
            collector_id=APPLICANT.citizen_id,
            by=w.receiver,
            at=T0 + 9 * HOUR,
        )


def test_a_stranger_collects_only_with_a_mandate_which_is_recorded(w):
    d = DoneDossierFactory.create(world=w)
    with pytest.raises(InvalidInput) as err:
        dossier_return(
            dossier=d,
            how="counter",
            collector_id="074095009999",
            collector_name="Lê Văn C",
            by=w.receiver,
            at=T0 + 8 * HOUR,
        )
    assert err.value.field == "collector_id"
    d = dossier_return(
        dossier=d,
        how="counter",
        collector_id="074095009999",
        collector_name="Lê Văn C",
        mandate="Giấy ủy quyền ngày 05/03/2026",
        by=w.receiver,
        at=T0 + 8 * HOUR,
    )
    assert d.collector_name == "Lê Văn C" and "Giấy ủy quyền" in d.collector_note


def test_the_representative_recorded_at_reception_collects_the_result(w):
    d = dossier_receive(
        reception=reception(
            w, rep_full_name="Trần Văn Bình", rep_citizen_id="074091000001", mandate="Ủy quyền số 7"
        ),
        by=w.receiver,
        at=T0,
    )
    d = step_transfer(dossier=d, by=w.receiver, at=T0 + HOUR)
    d = step_transfer(dossier=d, by=w.specialist, at=T0 + 2 * HOUR)
    from motcua.dossiers.services import dossier_attach_result

    d = dossier_attach_result(dossier=d, by=w.head, at=T0 + 3 * HOUR)
    d = dossier_return(
        dossier=d, how="counter", collector_id="074091000001", by=w.receiver, at=T0 + 4 * HOUR
    )
    assert d.collector_name == "Trần Văn Bình" and "Ủy quyền số 7" in d.collector_note


def test_a_result_sent_by_post_records_the_consignment(w):
    d = DoneDossierFactory.create(world=w)
    with pytest.raises(InvalidInput) as err:
        dossier_return(dossier=d, how="post", by=w.receiver, at=T0 + 8 * HOUR)
    assert err.value.field == "note"
    d = dossier_return(
        dossier=d, how="post", note="EMS EB123456789VN", by=w.receiver, at=vn(2026, 3, 3, 9)
    )
    assert d.status == Status.RETURNED and d.returned_how == "post"
    assert d.collector_note == "EMS EB123456789VN"


def test_only_the_receiving_desk_hands_over_the_result(w):
    d = DoneDossierFactory.create(world=w)
    with pytest.raises(CannotAct):
        dossier_return(dossier=d, how="electronic", by=w.specialist, at=T0 + 8 * HOUR)
