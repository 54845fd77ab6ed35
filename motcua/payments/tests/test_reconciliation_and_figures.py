"""Reconciliation of a crafted statement, and the figures per unit and period."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.core.clock import VN_TZ
from motcua.dossiers.tests.factories import T0, ReceivedDossierFactory
from motcua.payments.models import FeeStage, Payment, PaymentChannel, PaymentStatus
from motcua.payments.selectors import StatementError, figures, parse_statement, reconcile
from motcua.payments.services import LineInput, assessment_create, payment_record_at_counter

DAY = dt.date(2026, 3, 2)


def _online(w, fees, reference: str, *, amount_lines=1, status=PaymentStatus.PAID, at=T0):
    d = ReceivedDossierFactory.create(world=w, at=at)
    a = assessment_create(
        dossier=d,
        stage=FeeStage.RECEPTION,
        lines=[LineInput(fee_item_id=fees.filing.pk)],
        by=w.receiver,
        at=at,
    )
    return Payment.objects.create(
        assessment=a,
        channel=PaymentChannel.ONLINE,
        status=status,
        amount=a.total,
        reference=reference,
        gateway_txn_id=f"GW-{reference}",
        created_at=at,
        paid_at=at if status == PaymentStatus.PAID else None,
        updated_at=at,
    )


def test_a_crafted_statement_is_sorted_into_matched_missing_and_mismatched(w, fees):
    _online(w, fees, "REF-MATCH")
    _online(w, fees, "REF-AMOUNT")
    _online(w, fees, "REF-OURS-ONLY")
    _online(w, fees, "REF-EXPIRED", status=PaymentStatus.EXPIRED)
    _online(w, fees, "REF-OTHER-DAY", at=T0 + dt.timedelta(days=1))
    statement = "\n".join(
        [
            "txn_id,reference,amount,currency,status,paid_at",
            "GW1,REF-MATCH,50000,VND,paid,2026-03-02T09:00:00+07:00",
            "GW2,REF-AMOUNT,55000,VND,paid,2026-03-02T09:00:00+07:00",
            "GW3,REF-THEIRS-ONLY,70000,VND,paid,2026-03-02T10:00:00+07:00",
            "GW4,REF-EXPIRED,50000,VND,paid,2026-03-02T10:00:00+07:00",
            "GW5,REF-FAILED,50000,VND,failed,2026-03-02T10:00:00+07:00",
        ]
    )
    result = reconcile(day=DAY, statement_csv=statement)
    assert [x.reference for x in result.matched] == ["REF-MATCH"]
    assert [x.reference for x in result.mismatched] == ["REF-AMOUNT"]
    assert [x.reference for x in result.missing_theirs] == ["REF-OURS-ONLY"]
    assert [x.reference for x in result.missing_ours] == ["REF-THEIRS-ONLY", "REF-EXPIRED"]
    assert "Hết hạn" in result.missing_ours[1].note
    assert not result.clean


def test_a_statement_with_a_missing_column_or_a_bad_amount_is_refused():
    with pytest.raises(StatementError):
        parse_statement("txn_id,reference,amount\nA,B,1\n")
    with pytest.raises(StatementError, match="Dòng 2"):
        parse_statement(
            "txn_id,reference,amount,currency,status,paid_at\nA,B,12.5,VND,paid,2026-03-02\n"
        )


def test_the_reconcile_command_reads_a_file_and_fails_on_differences(w, fees, tmp_path):
    from django.core.management import call_command

    _online(w, fees, "REF-MATCH")
    path = tmp_path / "s.csv"
    path.write_text(
        "txn_id,reference,amount,currency,status,paid_at\n"
        "GW1,REF-MATCH,50000,VND,paid,2026-03-02T09:00:00+07:00\n",
        encoding="utf-8",
    )
    call_command("payments_reconcile", day="2026-03-02", file=str(path))
    path.write_text("txn_id,reference,amount,currency,status,paid_at\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("payments_reconcile", day="2026-03-02", file=str(path))


def test_figures_count_fees_by_channel_and_the_share_of_dossiers_paid_online(w, fees):
    _online(w, fees, "REF-1")
    _online(w, fees, "REF-2")
    _online(w, fees, "REF-LATER", at=dt.datetime(2026, 4, 2, 9, tzinfo=VN_TZ))
    d = ReceivedDossierFactory.create(world=w)
    a = assessment_create(
        dossier=d,
        stage=FeeStage.RECEPTION,
        lines=[LineInput(fee_item_id=fees.copy.pk, quantity=3)],
        by=w.receiver,
        at=T0,
    )
    payment_record_at_counter(assessment=a, channel="cash", by=w.receiver, at=T0)
    f = figures(unit=w.center, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    by = {c.channel: (c.count, c.amount) for c in f.by_channel}
    assert by == {"cash": (1, 9_000), "card": (0, 0), "online": (2, 100_000)}
    assert f.total_amount == 109_000
    assert (f.paid_online_dossiers, f.fee_dossiers) == (2, 3)
    assert f.online_share == 66.7
    assert figures(unit=w.agency, start=DAY, end=DAY).fee_dossiers == 0
