"""Concurrent counter payments at one desk get receipt numbers 1..N with no gap and no
repeat (SQLite and PostgreSQL: the suite runs on both). Real threads, own connections."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from motcua.dossiers.tests.factories import T0, ReceivedDossierFactory, world
from motcua.payments.models import FeeStage, Receipt, ReceiptCounter
from motcua.payments.services import LineInput, assessment_create, payment_record_at_counter

THREADS = 8
PER_THREAD = 5


@pytest.mark.django_db(transaction=True)
def test_eight_cashiers_taking_five_payments_each_issue_receipts_1_to_40(fees):
    w = world()
    assessments = []
    for i in range(THREADS * PER_THREAD):
        d = ReceivedDossierFactory.create(world=w, at=T0 + dt.timedelta(seconds=i))
        assessments.append(
            assessment_create(
                dossier=d,
                stage=FeeStage.RECEPTION,
                lines=[LineInput(fee_item_id=fees.filing.pk)],
                by=w.receiver,
                at=T0 + dt.timedelta(seconds=i),
            )
        )
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def cashier(i: int) -> None:
        try:
            start.wait(timeout=30)
            for j in range(PER_THREAD):
                a = assessments[i * PER_THREAD + j]
                payment_record_at_counter(
                    assessment=a, channel="cash", by=w.receiver, at=T0 + dt.timedelta(hours=1)
                )
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=cashier, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)

    assert errors == []
    numbers = sorted(Receipt.objects.values_list("number", flat=True))
    assert numbers == list(range(1, THREADS * PER_THREAD + 1))
    assert ReceiptCounter.objects.get().last_number == THREADS * PER_THREAD
