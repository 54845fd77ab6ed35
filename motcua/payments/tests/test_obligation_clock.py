"""A financial obligation's fee, once paid (gateway callback, counter) or exempted, resumes the
dossier's paused clock through the dossier service of the manual "obligation paid", in the
same transaction, with the working time that remained."""

from __future__ import annotations

import json
import time

import pytest
import time_machine

from motcua.core.errors import InvalidInput
from motcua.dossiers.models import ClockStop, DossierEvent
from motcua.dossiers.services import dossier_obligation_paid, dossier_request_obligation
from motcua.dossiers.tests.factories import ProcessingDossierFactory, vn
from motcua.dossiers.workflow import Status
from motcua.integrations.paygate import canonical_callback, sign
from motcua.integrations.paygate.fake import DEFAULT_MERCHANT, DEFAULT_SECRET
from motcua.payments.models import AssessmentStatus, FeeStage, PaymentStatus
from motcua.payments.services import (
    LineInput,
    assessment_create,
    payment_record_at_counter,
    payment_start_online,
)

PAUSED_AT = vn(2026, 3, 4, 9, 0)  # Wednesday: 24 working hours left (→ Monday 09:00)
PAID_AT = vn(2026, 3, 16, 9, 0)  # Monday, twelve days later
RESUMED_DUE = vn(2026, 3, 19, 9, 0)  # Monday 09:00 + 24 working hours


@pytest.fixture
def paused(w):
    d = ProcessingDossierFactory.create(world=w)
    assert d.due_at == vn(2026, 3, 9, 9, 0)
    d = dossier_request_obligation(
        dossier=d, reason="Nộp lệ phí trước bạ", amount=1_200_000, by=w.specialist, at=PAUSED_AT
    )
    assert d.status == Status.AWAITING_OBLIGATION
    assert ClockStop.objects.get(dossier=d).remaining_seconds == 24 * 3600
    return d


def _obligation(d, w, *, at=PAUSED_AT, lines=None):
    return assessment_create(
        dossier=d,
        stage=FeeStage.OBLIGATION,
        lines=lines or [LineInput(fee_item_id=None, name="Lệ phí trước bạ", unit_amount=1_200_000)],
        by=w.specialist,
        at=at,
    )


def _resumed(d):
    d.refresh_from_db()
    stop = ClockStop.objects.get(dossier=d)
    event = DossierEvent.objects.filter(dossier=d, action="dossier.obligation.paid").get()
    return d, stop, event


def test_paying_the_obligation_online_resumes_the_clock_with_the_remaining_time(
    client, w, paused, fake_paygate
):
    a = _obligation(paused, w)
    with time_machine.travel(PAID_AT, tick=False):
        p, _ = payment_start_online(
            assessment=a,
            by=None,
            at=PAID_AT,
            return_url="http://testserver/thanh-toan/ket-qua/",
            callback_url="http://127.0.0.1:9/unused",
        )
        d = paused
        d.refresh_from_db()
        assert d.status == Status.AWAITING_OBLIGATION  # started is not paid
        body = {
            "merchant": DEFAULT_MERCHANT,
            "reference": p.reference,
            "txn_id": p.gateway_txn_id,
            "amount": p.amount,
            "currency": "VND",
            "status": "paid",
            "timestamp": str(int(time.time())),
            "nonce": "obligation-1",
        }
        body["signature"] = sign(DEFAULT_SECRET, canonical_callback(body))

        response = client.post(
            "/api/v1/payments/callback", data=json.dumps(body), content_type="application/json"
        )

    assert response.status_code == 200
    assert response.json()["outcome"] == "accepted"
    p.refresh_from_db()
    assert p.status == PaymentStatus.PAID
    d, stop, event = _resumed(paused)
    assert d.status == Status.PROCESSING
    assert stop.ended_at == PAID_AT
    assert d.due_at == RESUMED_DUE
    assert event.actor is None  # Một Cửa itself, on the gateway's confirmation
    assert event.at == PAID_AT
    assert p.reference in event.data["reference"]
    actions = list(DossierEvent.objects.filter(dossier=d).values_list("action", flat=True))
    assert actions.index("payment.assessment.settled") < actions.index("dossier.obligation.paid")


def test_paying_the_obligation_at_the_counter_resumes_the_clock(w, paused):
    a = _obligation(paused, w)

    payment_record_at_counter(assessment=a, channel="cash", by=w.receiver, at=PAID_AT)

    d, stop, event = _resumed(paused)
    assert (d.status, d.due_at, stop.ended_at) == (Status.PROCESSING, RESUMED_DUE, PAID_AT)
    assert event.data["reference"].startswith("biên lai BLMC/2026")


def test_an_obligation_exempted_in_full_resumes_the_clock_when_assessed(w, fees, paused):
    _obligation(
        paused,
        w,
        at=PAID_AT,
        lines=[
            LineInput(
                fee_item_id=fees.filing.pk,
                exemption_id=fees.exemption.pk,
                exemption_reason="Sổ hộ nghèo số 12",
            )
        ],
    )

    d, _stop, event = _resumed(paused)
    assert (d.status, d.due_at) == (Status.PROCESSING, RESUMED_DUE)
    assert event.data["reference"] == "miễn phí, lệ phí"


def test_a_fee_not_yet_paid_leaves_the_clock_paused(w, paused):
    a = _obligation(paused, w)
    paused.refresh_from_db()
    assert paused.status == Status.AWAITING_OBLIGATION
    assert a.status == AssessmentStatus.DUE
    assert ClockStop.objects.get(dossier=paused).ended_at is None


def test_an_obligation_fee_paid_before_the_clock_was_paused_changes_nothing_in_the_dossier(w):
    d = ProcessingDossierFactory.create(world=w)
    a = _obligation(d, w)

    payment_record_at_counter(assessment=a, channel="cash", by=w.receiver, at=PAUSED_AT)

    d.refresh_from_db()
    assert d.status == Status.PROCESSING
    assert d.due_at == vn(2026, 3, 9, 9, 0)
    assert not DossierEvent.objects.filter(dossier=d, action="dossier.obligation.paid").exists()


def test_the_automatic_resume_names_what_settled_the_obligation(w, paused):
    with pytest.raises(InvalidInput) as err:
        dossier_obligation_paid(dossier=paused, by=None, at=PAID_AT)
    assert err.value.field == "reference"
