"""The refund call of the payment-gateway protocol, client against the fake over real HTTP:
signed request, signed confirmation, one refund per key, refusals, the day's statement."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from motcua.integrations.paygate import (
    HttpPaymentGateway,
    PaymentGatewayError,
    get_payment_gateway,
)
from motcua.integrations.paygate import fake as fake_module


def _paid(fake_paygate: Any, reference: str = "MC1-REF", amount: int = 56_000) -> None:
    """A payment the citizen paid on the gateway's page (no callback: none is needed here)."""
    created = get_payment_gateway().create_payment(
        reference=reference,
        amount=amount,
        description="Phí, lệ phí hồ sơ",
        return_url="http://testserver/thanh-toan/ket-qua/",
        callback_url="",
        expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=30),
    )
    fake_paygate.pay(created.txn_id)


def test_a_paid_payment_is_refunded_once_with_a_signed_confirmation(fake_paygate):
    _paid(fake_paygate)
    gateway = get_payment_gateway()

    first = gateway.refund(
        reference="MC1-REF", refund_key="MC1-REF-HT", amount=56_000, reason="Nộp trùng"
    )
    again = gateway.refund(
        reference="MC1-REF", refund_key="MC1-REF-HT", amount=56_000, reason="Nộp trùng"
    )

    assert first.status == "refunded"
    assert (first.reference, first.amount, first.currency) == ("MC1-REF", 56_000, "VND")
    assert first.refund_id.startswith("RF")
    assert again == first  # the same key is the same refund, not a second one
    [payment] = fake_paygate.payments()
    assert (payment["status"], payment["refund_id"], payment["refund_reason"]) == (
        "refunded",
        first.refund_id,
        "Nộp trùng",
    )
    assert gateway.query(reference="MC1-REF").status == "refunded"


@pytest.mark.parametrize(
    ("reference", "key", "amount", "status"),
    [
        ("MC1-REF", "ANOTHER-KEY", 56_000, 409),  # already refunded under another key
        ("MC1-NONE", "K", 56_000, 404),  # unknown reference
        ("MC2-PENDING", "K", 10_000, 409),  # never paid
        ("MC3-PAID", "K", 1_000, 422),  # not the payment's amount
    ],
)
def test_the_gateway_refuses_what_it_cannot_refund(fake_paygate, reference, key, amount, status):
    _paid(fake_paygate, "MC1-REF")
    get_payment_gateway().refund(
        reference="MC1-REF", refund_key="MC1-REF-HT", amount=56_000, reason="Nộp trùng"
    )
    get_payment_gateway().create_payment(
        reference="MC2-PENDING",
        amount=10_000,
        description="",
        return_url="http://testserver/",
        callback_url="",
        expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=30),
    )
    _paid(fake_paygate, "MC3-PAID", 20_000)

    with pytest.raises(PaymentGatewayError) as err:
        get_payment_gateway().refund(reference=reference, refund_key=key, amount=amount, reason="x")

    assert err.value.status == status
    statuses = {p["reference"]: p["status"] for p in fake_paygate.payments()}
    assert statuses == {"MC1-REF": "refunded", "MC2-PENDING": "pending", "MC3-PAID": "paid"}


def test_a_refund_request_not_signed_with_the_merchants_secret_is_refused(fake_paygate):
    _paid(fake_paygate)
    forger = HttpPaymentGateway(fake_paygate.url, fake_paygate.merchant, "not-the-secret")

    with pytest.raises(PaymentGatewayError) as err:
        forger.refund(reference="MC1-REF", refund_key="K", amount=56_000, reason="x")

    assert err.value.status == 401
    assert fake_paygate.payments()[0]["status"] == "paid"


def test_a_confirmation_whose_signed_fields_were_altered_is_not_believed(fake_paygate, monkeypatch):
    _paid(fake_paygate)
    real_reply = fake_module.refund_reply

    def tampered(*args: Any, **kwargs: Any) -> dict[str, Any]:
        body = real_reply(*args, **kwargs)
        body["amount"] = 5_600_000
        return body

    monkeypatch.setattr(fake_module, "refund_reply", tampered)

    with pytest.raises(PaymentGatewayError, match="not signed"):
        get_payment_gateway().refund(reference="MC1-REF", refund_key="K", amount=56_000, reason="x")


def test_the_statement_keeps_the_payment_on_its_day_and_lists_the_refund(fake_paygate):
    _paid(fake_paygate)
    get_payment_gateway().refund(reference="MC1-REF", refund_key="K", amount=56_000, reason="x")
    today = dt.datetime.now(fake_module.VN).date()

    rows = get_payment_gateway().statement(day=today).strip().splitlines()

    assert rows[0] == "txn_id,reference,amount,currency,status,paid_at"
    assert [r.split(",")[1:5] for r in rows[1:]] == [
        ["MC1-REF", "56000", "VND", "paid"],
        ["MC1-REF", "56000", "VND", "refunded"],
    ]
