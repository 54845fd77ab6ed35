"""Every transition on an existing dossier refuses a status outside its sources with a 409
that lists the actions allowed there — and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.dossiers import services as s
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.tests.factories import (
    APPLICANT,
    T0,
    ReturnedDossierFactory,
    SubmittedDossierFactory,
    vn,
)
from motcua.dossiers.workflow import ALLOWED_TRANSITIONS, allowed_actions

LATER = T0 + dt.timedelta(days=1)
ITEM = [s.MissingItem(name="Tờ khai")]

CALLS = {
    "accept": lambda d, w: s.dossier_accept_online(dossier=d, by=w.receiver, at=LATER),
    "request_supplement_at_desk": lambda d, w: s.dossier_request_supplement_at_desk(
        dossier=d, items=ITEM, by=w.receiver, at=LATER
    ),
    "refuse_at_desk": lambda d, w: s.dossier_refuse_at_desk(
        dossier=d, reasons=["x"], by=w.receiver, at=LATER
    ),
    "claim": lambda d, w: s.step_claim(dossier=d, by=w.specialist, at=LATER),
    "assign": lambda d, w: s.step_assign(dossier=d, assignee=w.specialist, by=w.head, at=LATER),
    "transfer": lambda d, w: s.step_transfer(dossier=d, by=w.specialist, at=LATER),
    "send_back": lambda d, w: s.step_send_back(
        dossier=d, to_order=1, reason="x", by=w.specialist, at=LATER
    ),
    "forward": lambda d, w: s.dossier_forward(
        dossier=d, to_agency=w.police, by=w.specialist, at=LATER
    ),
    "consult": lambda d, w: s.step_consult(
        dossier=d, unit=w.police, question="?", days=1, by=w.specialist, at=LATER
    ),
    "consult_answer": lambda d, w: s.step_consult_answer(
        dossier=d, consult_id=1, opinion="ok", by=w.police_specialist, at=LATER
    ),
    "field_check": lambda d, w: s.step_record_field_check(
        dossier=d, checked_at=T0, place="x", participants=["a"], by=w.specialist, at=LATER
    ),
    "request_supplement": lambda d, w: s.dossier_request_supplement(
        dossier=d, items=ITEM, by=w.specialist, at=LATER
    ),
    "receive_supplement": lambda d, w: s.dossier_receive_supplement(
        dossier=d, by=w.receiver, at=LATER
    ),
    "request_obligation": lambda d, w: s.dossier_request_obligation(
        dossier=d, reason="Thuế", by=w.specialist, at=LATER
    ),
    "obligation_paid": lambda d, w: s.dossier_obligation_paid(dossier=d, by=w.receiver, at=LATER),
    "refuse": lambda d, w: s.dossier_refuse_after_appraisal(
        dossier=d, reasons=["x"], by=w.specialist, at=LATER
    ),
    "apologize": lambda d, w: s.dossier_apologize(
        dossier=d, reason="x", new_due_at=vn(2026, 4, 1), by=w.specialist, at=LATER
    ),
    "request_withdrawal": lambda d, w: s.dossier_request_withdrawal(
        dossier=d, by=w.receiver, at=LATER
    ),
    "stop": lambda d, w: s.dossier_stop(dossier=d, by=w.receiver, at=LATER),
    "attach_result": lambda d, w: s.dossier_attach_result(dossier=d, by=w.specialist, at=LATER),
    "return": lambda d, w: s.dossier_return(
        dossier=d, how="counter", collector_id=APPLICANT.citizen_id, by=w.receiver, at=LATER
    ),
}


def test_every_transition_on_an_existing_dossier_is_covered():
    creating = {"submit", "receive", "solve_same_day"}
    assert set(CALLS) == set(ALLOWED_TRANSITIONS) - creating


@pytest.mark.parametrize("action", sorted(CALLS))
def test_a_returned_dossier_refuses_every_transition_with_409(w, action):
    d = ReturnedDossierFactory.create(world=w)
    before = DossierEvent.objects.filter(dossier=d).count()
    with pytest.raises(s.WrongState) as err:
        CALLS[action](d, w)
    assert err.value.status_code == 409
    assert err.value.allowed_actions == []
    assert err.value.details["status"] == "returned"
    assert DossierEvent.objects.filter(dossier=d).count() == before


@pytest.mark.parametrize(
    "action", sorted(a for a in CALLS if "submitted" not in ALLOWED_TRANSITIONS[a].sources)
)
def test_a_submitted_dossier_refuses_processing_transitions(w, action):
    d = SubmittedDossierFactory.create(world=w)
    with pytest.raises(s.WrongState) as err:
        CALLS[action](d, w)
    assert err.value.allowed_actions == allowed_actions("submitted")
    assert set(err.value.allowed_actions) == {
        "accept",
        "request_supplement_at_desk",
        "refuse_at_desk",
    }
