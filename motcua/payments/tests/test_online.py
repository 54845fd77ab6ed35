"""Online payments through the fake gateway: start, signed callbacks (accepted, duplicate,
forged, replayed, stale, mismatched, unknown, late), settlement by status query, expiry."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest

from motcua.core.clock import now
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.tests.factories import ReceivedDossierFactory
from motcua.integrations.paygate import canonical_callback, sign
from motcua.integrations.paygate.fake import DEFAULT_MERCHANT, DEFAULT_SECRET
from motcua.payments.models import (
    AssessmentStatus,
    CallbackOutcome,
    FeeStage,
    Payment,
    PaymentCallbackLog,
    PaymentStatus,
    Receipt,
)
from motcua.payments.services import (
    LineInput,
    assessment_create,
    payment_start_online,
    payments_expire,
    payments_settle_pending,
)

CALLBACK = "/api/v1/payments/callback"


@pytest.fixture
def started(w, fees, fake_paygate):
    """A pending online payment of 56.000 đ (filing fee + 2 copies), created now."""
    at = now()
    d = ReceivedDossierFactory.create(world=w, at=at - dt.timedelta(minutes=5))
    a = assessment_create(
        dossier=d,
        stage=FeeStage.RECEPTION,
        lines=[
            LineInput(fee_item_id=fees.filing.pk),
            LineInput(fee_item_id=fees.copy.pk, quantity=2),
        ],
        by=w.receiver,
        at=at,
    )
    p, pay_url = payment_start_online(
        assessment=a,
        by=None,
        at=at,
        return_url="http://testserver/thanh-toan/ket-qua/",
        callback_url="http://127.0.0.1:9/unused",
    )
    return p, pay_url


def _body(p: Payment, *, secret: str = DEFAULT_SECRET, **overrides):
    body = {
        "merchant": DEFAULT_MERCHANT,
        "reference": p.reference,
        "txn_id": p.gateway_txn_id,
        "amount": p.amount,
        "currency": "VND",
        "status": "paid",
        "timestamp": str(int(time.time())),
        "nonce": f"n-{time.time_ns()}",
    }
    body.update(overrides)
    body["signature"] = sign(secret, canonical_callback(body))
    return body


def _post(client, body):
    return client.post(CALLBACK, data=json.dumps(body), content_type="application/json")


def test_starting_an_online_payment_registers_it_with_the_gateway_and_waits(started, fake_paygate):
    p, pay_url = started
    assert p.status == PaymentStatus.PENDING
    assert p.amount == 56_000
    assert pay_url == f"{fake_paygate.url}/pay/{p.gateway_txn_id}"
    [registered] = fake_paygate.payments()
    assert (registered["reference"], registered["amount"]) == (p.reference, 56_000)
    assert DossierEvent.objects.filter(action="payment.pending").count() == 1


def test_a_signed_callback_marks_the_payment_paid_with_a_receipt_and_settles_the_fee(
    client, started
):
    p, _ = started
    response = _post(client, _body(p))
    assert response.status_code == 200
    assert response.json()["outcome"] == "accepted"
    p.refresh_from_db()
    assert p.status == PaymentStatus.PAID
    assert Receipt.objects.get(payment=p).number == 1
    assert p.assessment.status == AssessmentStatus.SETTLED
    assert DossierEvent.objects.filter(action="payment.confirmed").count() == 1


def test_a_repeated_callback_with_a_new_nonce_changes_nothing(client, started):
    p, _ = started
    assert _post(client, _body(p)).status_code == 200
    response = _post(client, _body(p))
    assert response.status_code == 200
    assert response.json()["outcome"] == "duplicate"
    assert Receipt.objects.count() == 1
    assert DossierEvent.objects.filter(action="payment.confirmed").count() == 1


def test_a_replayed_callback_with_a_used_nonce_is_refused_and_logged(client, started):
    p, _ = started
    body = _body(p, status="failed")
    assert _post(client, body).status_code == 200
    response = _post(client, body)
    assert response.status_code == 409
    assert PaymentCallbackLog.objects.filter(outcome=CallbackOutcome.REPLAYED).count() == 1


def test_a_callback_signed_outside_the_time_window_is_refused_as_a_replay(client, started):
    p, _ = started
    response = _post(client, _body(p, timestamp=str(int(time.time()) - 3600)))
    assert response.status_code == 409
    p.refresh_from_db()
    assert p.status == PaymentStatus.PENDING
    assert PaymentCallbackLog.objects.get().outcome == CallbackOutcome.REPLAYED


def test_a_forged_callback_is_refused_and_logged(client, started):
    p, _ = started
    response = _post(client, _body(p, secret="not-the-secret"))
    assert response.status_code == 403
    p.refresh_from_db()
    assert p.status == PaymentStatus.PENDING
    log = PaymentCallbackLog.objects.get()
    assert (log.outcome, log.reference) == (CallbackOutcome.FORGED, p.reference)
    assert "signature" not in log.body


def test_a_callback_whose_signed_body_was_altered_afterwards_is_forged(client, started):
    p, _ = started
    body = _body(p, status="failed")
    body["status"] = "paid"
    assert _post(client, body).status_code == 403
    p.refresh_from_db()
    assert p.status == PaymentStatus.PENDING


@pytest.mark.parametrize(
    ("overrides", "what"),
    [({"amount": 1_000}, "amount"), ({"currency": "USD"}, "currency")],
)
def test_a_callback_with_the_wrong_amount_or_currency_is_refused(client, started, overrides, what):
    p, _ = started
    response = _post(client, _body(p, **overrides))
    assert response.status_code == 409, what
    p.refresh_from_db()
    assert p.status == PaymentStatus.PENDING
    assert PaymentCallbackLog.objects.get().outcome == CallbackOutcome.MISMATCH


def test_a_callback_for_an_unknown_reference_or_missing_fields_is_refused(client, started):
    p, _ = started
    assert _post(client, _body(p, reference="MC0-NOPE")).status_code == 404
    assert (
        client.post(CALLBACK, data="not json", content_type="application/json").status_code == 400
    )
    outcomes = set(PaymentCallbackLog.objects.values_list("outcome", flat=True))
    assert outcomes == {CallbackOutcome.UNKNOWN, CallbackOutcome.MALFORMED}


def test_an_unconfirmed_payment_expires_and_a_late_callback_is_refused(client, started):
    p, _ = started
    assert payments_expire(at=now()) == 0
    assert payments_expire(at=now() + dt.timedelta(minutes=31)) == 1
    p.refresh_from_db()
    assert p.status == PaymentStatus.EXPIRED
    assert DossierEvent.objects.filter(action="payment.expired").count() == 1
    response = _post(client, _body(p))
    assert response.status_code == 409
    assert response.json()["outcome"] == "late"
    p.refresh_from_db()
    assert p.status == PaymentStatus.EXPIRED
    assert p.assessment.status == AssessmentStatus.DUE
    assert not Receipt.objects.exists()


def test_a_status_query_settles_a_payment_whose_callback_never_came(started, fake_paygate):
    p, _ = started
    fake_paygate.callbacks(False)
    location = fake_paygate.pay(p.gateway_txn_id)
    assert location.endswith(f"reference={p.reference}")
    assert payments_settle_pending(at=now()) == {"accepted": 1}
    p.refresh_from_db()
    assert p.status == PaymentStatus.PAID
    assert payments_settle_pending(at=now()) == {}


def test_a_payment_cancelled_on_the_gateway_fails_by_status_query(started, fake_paygate):
    p, _ = started
    fake_paygate.callbacks(False)
    fake_paygate.cancel(p.gateway_txn_id)
    payments_settle_pending(at=now())
    p.refresh_from_db()
    assert p.status == PaymentStatus.FAILED
    assert p.assessment.status == AssessmentStatus.DUE


def test_the_periodic_commands_settle_then_expire(started, fake_paygate, time_machine):
    from io import StringIO

    from django.core.management import call_command

    p, _ = started
    out = StringIO()
    call_command("payments_settle", stdout=out)
    assert "pending: 1" in out.getvalue()  # still pending at the gateway: nothing new
    time_machine.move_to(now() + dt.timedelta(minutes=45))
    out = StringIO()
    call_command("payments_expire", stdout=out)
    assert out.getvalue().startswith("1 ")
    p.refresh_from_db()
    assert p.status == PaymentStatus.EXPIRED
