"""Refunds of online payments through the gateway (the fake, over HTTP): who may ask, the
states that refuse, paid → refunded only on the gateway's confirmation, one refund however
often it is asked, the audit events, the receipt, the staff page and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from motcua.accounts.models import Role
from motcua.accounts.tokens import token_issue
from motcua.core.clock import now
from motcua.core.errors import InvalidInput, NotAllowed
from motcua.core.pdf import pdf_text
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.tests.factories import ReceivedDossierFactory, staff
from motcua.integrations.paygate import HttpPaymentGateway, PaymentGatewayError
from motcua.payments.models import (
    AssessmentStatus,
    FeeStage,
    Payment,
    PaymentRefund,
    PaymentStatus,
    Receipt,
)
from motcua.payments.selectors import reconcile
from motcua.payments.services import (
    GatewayUnavailable,
    LineInput,
    RefundRefused,
    assessment_create,
    payment_record_at_counter,
    payment_refund,
    payment_start_online,
    payments_settle_pending,
    receipt_cancel,
)

REASON = "Hồ sơ bị từ chối, hoàn lại lệ phí"


@pytest.fixture
def finance(w):
    return staff("ketoan", Role.FINANCE_OFFICER, w.center, full_name="Hoàng Thị Thu Trang")


def _assessed(w, fees, at):
    d = ReceivedDossierFactory.create(world=w, at=at - dt.timedelta(minutes=5))
    return assessment_create(
        dossier=d,
        stage=FeeStage.RECEPTION,
        lines=[LineInput(fee_item_id=fees.filing.pk)],
        by=w.receiver,
        at=at,
    )


def _started(w, fees):
    at = now()
    p, _ = payment_start_online(
        assessment=_assessed(w, fees, at),
        by=None,
        at=at,
        return_url="http://testserver/thanh-toan/ket-qua/",
        callback_url="http://127.0.0.1:9/unused",
    )
    return p


@pytest.fixture
def paid(w, fees, fake_paygate) -> Payment:
    """An online payment of 50.000 đ the citizen paid on the gateway (settled by query)."""
    p = _started(w, fees)
    fake_paygate.callbacks(False)
    fake_paygate.pay(p.gateway_txn_id)
    assert payments_settle_pending(at=now()) == {"accepted": 1}
    p.refresh_from_db()
    assert p.status == PaymentStatus.PAID
    return p


def _actions(p: Payment) -> list[str]:
    return list(
        DossierEvent.objects.filter(dossier_id=p.assessment.dossier_id)
        .filter(action__startswith="payment.refund")
        .values_list("action", flat=True)
        .order_by("pk")
    )


def test_a_finance_officer_refunds_a_paid_online_payment_on_the_gateways_confirmation(
    paid, finance, fake_paygate
):
    p = payment_refund(payment=paid, reason=REASON, by=finance, at=now())

    assert p.status == PaymentStatus.REFUNDED
    assert p.closed_at is not None
    refund = PaymentRefund.objects.get(payment=p)
    [at_gateway] = fake_paygate.payments()
    assert at_gateway["status"] == "refunded"
    assert refund.gateway_refund_id == at_gateway["refund_id"]
    assert refund.confirmed_at is not None
    assert (refund.amount, refund.reason, refund.requested_by) == (50_000, REASON, finance)
    assert _actions(p) == ["payment.refund.requested", "payment.refunded"]
    event = DossierEvent.objects.get(action="payment.refunded")
    assert event.actor == finance
    assert event.data["refund_id"] == refund.gateway_refund_id
    assert "Đã hoàn trả 50.000 đ qua cổng thanh toán" in event.citizen_text
    p.assessment.refresh_from_db()
    assert p.assessment.status == AssessmentStatus.DUE  # nothing paid any more


def test_a_leader_of_the_receiving_unit_may_refund_too(paid, fees, fake_paygate):
    assert payment_refund(payment=paid, reason=REASON, by=fees.desk_leader, at=now()).status == (
        PaymentStatus.REFUNDED
    )


def test_while_the_gateway_is_unreachable_the_payment_stays_paid_and_a_retry_refunds_once(
    paid, finance, fake_paygate, settings
):
    settings.MOTCUA_PAYGATE_URL = "http://127.0.0.1:9"  # nothing listens there

    with pytest.raises(GatewayUnavailable) as err:
        payment_refund(payment=paid, reason=REASON, by=finance, at=now())

    assert err.value.status_code == 409
    assert "vẫn là “Đã thanh toán”" in err.value.message
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.PAID
    assert PaymentRefund.objects.get(payment=paid).confirmed_at is None

    settings.MOTCUA_PAYGATE_URL = fake_paygate.url
    p = payment_refund(payment=paid, reason="Thử lại", by=finance, at=now())

    assert p.status == PaymentStatus.REFUNDED
    assert PaymentRefund.objects.get(payment=p).reason == REASON  # the request asked first
    assert _actions(p) == ["payment.refund.requested", "payment.refunded"]


def test_a_refund_whose_confirmation_was_lost_is_not_made_twice_on_retry(
    paid, finance, fake_paygate, monkeypatch
):
    real_refund = HttpPaymentGateway.refund

    def refund_then_lose_the_reply(self: HttpPaymentGateway, **kwargs: Any) -> Any:
        real_refund(self, **kwargs)  # the gateway gives the money back…
        raise PaymentGatewayError("timed out")  # …but its answer never arrives

    monkeypatch.setattr(HttpPaymentGateway, "refund", refund_then_lose_the_reply)
    with pytest.raises(GatewayUnavailable):
        payment_refund(payment=paid, reason=REASON, by=finance, at=now())
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.PAID  # no confirmation, no change
    [at_gateway] = fake_paygate.payments()
    first_refund_id = at_gateway["refund_id"]

    monkeypatch.setattr(HttpPaymentGateway, "refund", real_refund)
    p = payment_refund(payment=paid, reason=REASON, by=finance, at=now())

    assert p.status == PaymentStatus.REFUNDED
    assert PaymentRefund.objects.get(payment=p).gateway_refund_id == first_refund_id
    [at_gateway] = fake_paygate.payments()
    assert at_gateway["refund_id"] == first_refund_id  # one refund at the gateway


def test_an_already_refunded_payment_is_refused_with_409(paid, finance, fake_paygate):
    payment_refund(payment=paid, reason=REASON, by=finance, at=now())

    with pytest.raises(RefundRefused) as err:
        payment_refund(payment=paid, reason=REASON, by=finance, at=now())

    assert err.value.status_code == 409
    assert "đã được hoàn trả" in err.value.message
    assert _actions(paid) == ["payment.refund.requested", "payment.refunded"]


def test_a_payment_not_yet_paid_is_refused(w, fees, finance, fake_paygate):
    pending = _started(w, fees)

    with pytest.raises(RefundRefused) as err:
        payment_refund(payment=pending, reason=REASON, by=finance, at=now())

    assert err.value.status_code == 409
    assert "Đang chờ cổng thanh toán" in err.value.message
    assert not PaymentRefund.objects.exists()


def test_a_cash_payment_is_not_refunded_through_the_gateway(w, fees, finance):
    a = _assessed(w, fees, now())
    cash = payment_record_at_counter(assessment=a, channel="cash", by=w.receiver, at=now())

    with pytest.raises(RefundRefused) as err:
        payment_refund(payment=cash, reason=REASON, by=finance, at=now())

    assert "tại quầy" in err.value.message
    cash.refresh_from_db()
    assert cash.status == PaymentStatus.PAID


def test_a_refund_needs_a_reason_and_a_leader_or_finance_officer(paid, w, fake_paygate):
    finance = staff("ketoan", Role.FINANCE_OFFICER, w.center)
    with pytest.raises(InvalidInput) as err:
        payment_refund(payment=paid, reason="   ", by=finance, at=now())
    assert (err.value.status_code, err.value.field) == (422, "reason")
    with pytest.raises(NotAllowed) as denied:
        payment_refund(payment=paid, reason=REASON, by=w.receiver, at=now())
    assert denied.value.status_code == 403
    assert fake_paygate.payments()[0]["status"] == "paid"
    assert not PaymentRefund.objects.exists()


def test_an_online_receipt_cannot_be_cancelled_at_the_counter(paid, fees):
    receipt = Receipt.objects.get(payment=paid)

    with pytest.raises(RefundRefused):
        receipt_cancel(receipt=receipt, reason="Nhầm", by=fees.desk_leader, at=now())

    paid.refresh_from_db()
    assert paid.status == PaymentStatus.PAID


def test_the_receipt_of_a_refunded_payment_says_so(client, paid, finance, fake_paygate):
    payment_refund(payment=paid, reason=REASON, by=finance, at=now())
    receipt = Receipt.objects.get(payment=paid)
    client.force_login(finance)

    pdf = client.get(f"/staff/payments/receipt/{receipt.pk}.pdf")

    assert pdf.status_code == 200
    text = " ".join(pdf_text(pdf.content).split())
    assert "ĐÃ HOÀN TRẢ" in text
    assert REASON in text


def test_a_refunded_payment_still_reconciles_with_the_statement_of_its_day(
    paid, finance, fake_paygate
):
    from motcua.core.clock import local
    from motcua.integrations.paygate import get_payment_gateway

    payment_refund(payment=paid, reason=REASON, by=finance, at=now())
    assert paid.paid_at is not None
    day = local(paid.paid_at).date()

    result = reconcile(day=day, statement_csv=get_payment_gateway().statement(day=day))

    assert [line.reference for line in result.matched] == [paid.reference]
    assert result.clean


# --- The staff page and the API -------------------------------------------------------------------


def test_the_finance_officer_refunds_from_the_dossiers_fees_page(
    client, paid, finance, fake_paygate
):
    code = paid.assessment.dossier.code
    client.force_login(finance)
    page = client.get(f"/staff/payments/dossier/{code}/").content.decode()
    assert f"/staff/payments/payment/{paid.pk}/refund/" in page

    response = client.post(f"/staff/payments/payment/{paid.pk}/refund/", {"reason": REASON})

    assert response.status_code == 302
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.REFUNDED
    page = client.get(f"/staff/payments/dossier/{code}/").content.decode()
    assert "Đã hoàn trả qua cổng thanh toán" in page
    assert f"/staff/payments/payment/{paid.pk}/refund/" not in page


def test_the_refund_form_shows_the_missing_reason_beside_the_field(
    client, paid, finance, fake_paygate
):
    client.force_login(finance)

    response = client.post(f"/staff/payments/payment/{paid.pk}/refund/", {"reason": ""})

    assert response.status_code == 422
    page = response.content.decode()
    assert f'id="refund-error-{paid.pk}"' in page
    assert "Phải ghi lý do hoàn trả." in page


def test_the_desk_sees_no_refund_button_and_is_refused(client, paid, w, fake_paygate):
    client.force_login(w.receiver)
    page = client.get(f"/staff/payments/dossier/{paid.assessment.dossier.code}/")
    assert f"/payment/{paid.pk}/refund/" not in page.content.decode()

    response = client.post(f"/staff/payments/payment/{paid.pk}/refund/", {"reason": REASON})

    assert response.status_code == 403
    assert "Chỉ lãnh đạo hoặc cán bộ tài chính" in response.content.decode()
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.PAID


def _api(client, user, reference: str, body: dict[str, Any]):
    _, raw = token_issue(user=user, name="test")
    return client.post(
        f"/api/v1/payments/{reference}/refund",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )


def test_the_api_refunds_once_then_answers_409(client, paid, finance, fake_paygate):
    response = _api(client, finance, paid.reference, {"reason": REASON})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["amount"]) == ("refunded", 50_000)
    assert body["refund_id"] == fake_paygate.payments()[0]["refund_id"]

    again = _api(client, finance, paid.reference, {"reason": REASON})
    assert again.status_code == 409
    assert "đã được hoàn trả" in again.json()["detail"]


def test_the_api_refuses_bad_input_strangers_and_unknown_payments(
    client, paid, w, finance, fake_paygate
):
    assert _api(client, finance, paid.reference, {}).status_code == 422
    blank = _api(client, finance, paid.reference, {"reason": " "})
    assert blank.status_code == 422
    assert blank.json()["errors"][0]["field"] == "reason"
    assert _api(client, w.receiver, paid.reference, {"reason": REASON}).status_code == 403
    assert _api(client, w.outsider, paid.reference, {"reason": REASON}).status_code == 404
    assert _api(client, finance, "MC0-NOPE", {"reason": REASON}).status_code == 404
    assert client.post(f"/api/v1/payments/{paid.reference}/refund").status_code == 401
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.PAID


def test_refunds_are_listed_read_only_in_the_admin(admin_client, paid, finance, fake_paygate):
    payment_refund(payment=paid, reason=REASON, by=finance, at=now())

    listing = admin_client.get("/admin/payments/paymentrefund/")

    assert listing.status_code == 200
    assert f"{paid.reference}-HT" in listing.content.decode()
    assert admin_client.get("/admin/payments/paymentrefund/add/").status_code == 403
