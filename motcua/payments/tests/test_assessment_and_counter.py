"""Assessment with exemptions, the blocking rule, counter payments and receipts."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.core.errors import InvalidInput, NotAllowed
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.services import (
    dossier_obligation_paid,
    dossier_return,
    step_transfer,
)
from motcua.dossiers.slips import receipt_slip
from motcua.dossiers.tests.factories import (
    APPLICANT,
    HOUR,
    T0,
    AwaitingObligationDossierFactory,
    DoneDossierFactory,
    ReceivedDossierFactory,
)
from motcua.payments.models import (
    ALLOWED_TRANSITIONS,
    AssessmentStatus,
    FeeStage,
    PaymentStatus,
    Receipt,
)
from motcua.payments.rules import FeesDue
from motcua.payments.services import (
    LineInput,
    PaymentRefused,
    assessment_create,
    payment_record_at_counter,
    receipt_cancel,
)


def _assess(
    d, fees, w, *, stage=FeeStage.RECEPTION, copies=4, exempt=False, reason="Sổ hộ nghèo số 12"
):
    return assessment_create(
        dossier=d,
        stage=stage,
        lines=[
            LineInput(
                fee_item_id=fees.filing.pk,
                exemption_id=fees.exemption.pk if exempt else None,
                exemption_reason=reason if exempt else "",
            ),
            LineInput(fee_item_id=fees.copy.pk, quantity=copies),
        ],
        by=w.receiver,
        at=T0 + dt.timedelta(minutes=10),
    )


def test_an_assessment_adds_the_per_dossier_fee_and_the_per_copy_fee_times_copies(w, fees):
    d = ReceivedDossierFactory.create(world=w)
    a = _assess(d, fees, w)
    lines = list(a.lines.order_by("pk"))
    assert [(x.name, x.unit_amount, x.quantity, x.amount) for x in lines] == [
        ("Lệ phí đăng ký", 50_000, 1, 50_000),
        ("Phí cấp bản sao", 3_000, 4, 12_000),
    ]
    assert a.total == 62_000
    assert a.status == AssessmentStatus.DUE
    event = DossierEvent.objects.get(dossier=d, action="payment.assessed")
    assert event.data["total"] == 62_000


def test_an_exempted_line_owes_nothing_and_keeps_the_exemption_its_legal_ground_and_the_reason(
    w, fees
):
    d = ReceivedDossierFactory.create(world=w)
    a = _assess(d, fees, w, exempt=True)
    filing = a.lines.get(name="Lệ phí đăng ký")
    assert filing.amount == 0
    assert filing.exemption_name == "Người thuộc hộ nghèo"
    assert filing.exemption_ground == "Điều 5 Thông tư 85/2019/TT-BTC"
    assert filing.exemption_reason == "Sổ hộ nghèo số 12"
    assert a.total == 12_000
    event = DossierEvent.objects.get(dossier=d, action="payment.exempted")
    assert event.data["legal_ground"] == "Điều 5 Thông tư 85/2019/TT-BTC"


def test_an_exemption_without_a_reason_is_refused_naming_the_field(w, fees):
    d = ReceivedDossierFactory.create(world=w)
    with pytest.raises(InvalidInput) as err:
        _assess(d, fees, w, exempt=True, reason="  ")
    assert err.value.field == "lines.0.exemption_reason"


def test_an_exemption_of_another_fee_item_is_refused(w, fees):
    d = ReceivedDossierFactory.create(world=w)
    with pytest.raises(InvalidInput) as err:
        assessment_create(
            dossier=d,
            stage=FeeStage.RECEPTION,
            lines=[
                LineInput(
                    fee_item_id=fees.copy.pk,
                    exemption_id=fees.exemption.pk,
                    exemption_reason="x",
                )
            ],
            by=w.receiver,
            at=T0,
        )
    assert err.value.field == "lines.0.exemption"


def test_a_per_dossier_fee_cannot_be_counted_twice(w, fees):
    d = ReceivedDossierFactory.create(world=w)
    with pytest.raises(InvalidInput) as err:
        assessment_create(
            dossier=d,
            stage=FeeStage.RECEPTION,
            lines=[LineInput(fee_item_id=fees.filing.pk, quantity=2)],
            by=w.receiver,
            at=T0,
        )
    assert err.value.field == "lines.0.quantity"


def test_a_fully_exempted_assessment_is_settled_at_once_and_blocks_nothing(w, fees):
    d = ReceivedDossierFactory.create(world=w)
    a = assessment_create(
        dossier=d,
        stage=FeeStage.RECEPTION,
        lines=[
            LineInput(
                fee_item_id=fees.filing.pk, exemption_id=fees.exemption.pk, exemption_reason="Sổ"
            )
        ],
        by=w.receiver,
        at=T0,
    )
    assert a.total == 0
    assert a.status == AssessmentStatus.SETTLED
    step_transfer(dossier=d, by=w.receiver, at=T0 + HOUR)


def test_an_officer_of_another_agency_may_not_assess(w, fees):
    d = ReceivedDossierFactory.create(world=w)
    with pytest.raises(NotAllowed):
        assessment_create(
            dossier=d,
            stage=FeeStage.RECEPTION,
            lines=[LineInput(fee_item_id=fees.filing.pk)],
            by=w.outsider,
            at=T0,
        )


# --- Blocking rule ---------------------------------------------------------------------------------


def test_a_fee_due_at_reception_keeps_the_dossier_at_the_desk_until_it_is_paid(w, fees):
    d = ReceivedDossierFactory.create(world=w)
    a = _assess(d, fees, w)
    with pytest.raises(FeesDue) as err:
        step_transfer(dossier=d, by=w.receiver, at=T0 + HOUR)
    assert err.value.status_code == 409
    assert "62.000 đ" in err.value.message
    payment_record_at_counter(assessment=a, channel="cash", by=w.receiver, at=T0 + HOUR)
    d = step_transfer(dossier=d, by=w.receiver, at=T0 + 2 * HOUR)
    assert d.status == "processing"


def test_a_fee_due_before_the_result_blocks_only_the_return(w, fees):
    d = DoneDossierFactory.create(world=w)
    a = _assess(d, fees, w, stage=FeeStage.BEFORE_RESULT)
    with pytest.raises(FeesDue):
        dossier_return(
            dossier=d,
            how="counter",
            collector_id=APPLICANT.citizen_id,
            by=w.receiver,
            at=T0 + 9 * HOUR,
        )
    payment_record_at_counter(assessment=a, channel="card", by=w.receiver, at=T0 + 9 * HOUR)
    d = dossier_return(
        dossier=d,
        how="counter",
        collector_id=APPLICANT.citizen_id,
        by=w.receiver,
        at=T0 + 10 * HOUR,
    )
    assert d.status == "returned"


def test_a_financial_obligation_cannot_be_recorded_as_fulfilled_until_it_is_paid(w, fees):
    d = AwaitingObligationDossierFactory.create(world=w)
    a = assessment_create(
        dossier=d,
        stage=FeeStage.OBLIGATION,
        lines=[LineInput(fee_item_id=None, name="Lệ phí trước bạ", unit_amount=500_000)],
        by=w.specialist,
        at=T0 + 4 * HOUR,
    )
    with pytest.raises(FeesDue):
        dossier_obligation_paid(dossier=d, by=w.receiver, at=T0 + 5 * HOUR)
    payment_record_at_counter(assessment=a, channel="cash", by=w.receiver, at=T0 + 5 * HOUR)
    # Paying is recording it: the clock resumed (test_obligation_clock.py).
    d.refresh_from_db()
    assert d.status == "processing"


# --- Counter payments and receipts ------------------------------------------------------------------


def test_a_cash_payment_is_paid_at_once_with_receipt_number_one_of_the_unit_and_year(w, fees):
    d = ReceivedDossierFactory.create(world=w)
    a = _assess(d, fees, w)
    p = payment_record_at_counter(assessment=a, channel="cash", by=w.receiver, at=T0 + HOUR)
    assert p.status == PaymentStatus.PAID
    assert p.amount == 62_000
    assert p.payer_name == APPLICANT.full_name
    r = Receipt.objects.get(payment=p)
    assert (r.unit_id, r.year, r.number) == (w.desk.pk, 2026, 1)
    a.refresh_from_db()
    assert a.status == AssessmentStatus.SETTLED
    actions = list(DossierEvent.objects.filter(dossier=d).values_list("action", flat=True))
    assert {"payment.confirmed", "payment.receipt.issued", "payment.assessment.settled"} <= set(
        actions
    )


def test_a_second_counter_payment_of_a_settled_assessment_is_refused(w, fees):
    d = ReceivedDossierFactory.create(world=w)
    a = _assess(d, fees, w)
    payment_record_at_counter(assessment=a, channel="cash", by=w.receiver, at=T0 + HOUR)
    with pytest.raises(PaymentRefused):
        payment_record_at_counter(assessment=a, channel="cash", by=w.receiver, at=T0 + HOUR)


def test_receipt_numbers_restart_each_year_and_a_cancelled_number_is_never_reused(w, fees):
    def pay(at):
        d = ReceivedDossierFactory.create(world=w, at=at)
        a = _assess(d, fees, w)
        return Receipt.objects.get(
            payment=payment_record_at_counter(assessment=a, channel="cash", by=w.receiver, at=at)
        )

    first = pay(T0)
    second = pay(T0 + HOUR)
    cancelled = receipt_cancel(
        receipt=second, reason="Thu nhầm số tiền", by=fees.desk_leader, at=T0 + 2 * HOUR
    )
    third = pay(T0 + 3 * HOUR)
    next_year = pay(dt.datetime(2027, 1, 4, 9, 0, tzinfo=T0.tzinfo))
    assert [first.number, second.number, third.number] == [1, 2, 3]
    assert cancelled.cancelled_at is not None and cancelled.cancel_reason == "Thu nhầm số tiền"
    assert Receipt.objects.filter(number=2, year=2026).count() == 1
    assert (next_year.year, next_year.number) == (2027, 1)


def test_only_a_leader_cancels_a_receipt_and_the_fee_is_due_again(w, fees):
    d = ReceivedDossierFactory.create(world=w)
    a = _assess(d, fees, w)
    r = Receipt.objects.get(
        payment=payment_record_at_counter(assessment=a, channel="cash", by=w.receiver, at=T0)
    )
    with pytest.raises(NotAllowed):
        receipt_cancel(receipt=r, reason="Sai", by=w.receiver, at=T0 + HOUR)
    with pytest.raises(InvalidInput):
        receipt_cancel(receipt=r, reason=" ", by=fees.desk_leader, at=T0 + HOUR)
    receipt_cancel(receipt=r, reason="Sai người nộp", by=fees.desk_leader, at=T0 + HOUR)
    r.payment.refresh_from_db()
    a.refresh_from_db()
    assert r.payment.status == PaymentStatus.REFUNDED
    assert a.status == AssessmentStatus.DUE
    assert DossierEvent.objects.filter(dossier=d, action="payment.receipt.cancelled").exists()
    with pytest.raises(FeesDue):
        step_transfer(dossier=d, by=w.receiver, at=T0 + 2 * HOUR)


def test_the_receipt_slip_shows_the_fees_with_exemptions(w, fees):
    d = ReceivedDossierFactory.create(world=w)
    _assess(d, fees, w, exempt=True)
    text = receipt_slip(d).fees_text
    assert "Lệ phí đăng ký: miễn (Người thuộc hộ nghèo" in text
    assert "Phí cấp bản sao: 3.000 đ × 4 = 12.000 đ" in text
    assert "Tổng: 12.000 đ (chưa nộp)" in text


def test_the_payment_state_table_is_pinned():
    assert {k: sorted(v) for k, v in ALLOWED_TRANSITIONS.items()} == {
        "created": ["expired", "failed", "paid", "pending"],
        "pending": ["expired", "failed", "paid"],
        "paid": ["refunded"],
        "failed": [],
        "expired": [],
        "refunded": [],
    }
