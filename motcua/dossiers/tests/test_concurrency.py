"""Concurrent receptions at one desk get unique, gap-free codes (on SQLite and PostgreSQL:
the suite runs on both). Real threads, each with its own database connection."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from motcua.dossiers.models import CodeCounter, Dossier
from motcua.dossiers.services import dossier_receive
from motcua.dossiers.tests.factories import T0, reception, world

THREADS = 16
PER_THREAD = 10


@pytest.mark.django_db(transaction=True)
def test_sixteen_desks_receiving_ten_dossiers_each_get_codes_0001_to_0160():
    w = world()
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def desk(i: int) -> None:
        try:
            start.wait(timeout=30)
            for j in range(PER_THREAD):
                at = T0 + dt.timedelta(seconds=i * PER_THREAD + j)
                dossier_receive(reception=reception(w), by=w.receiver, at=at)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=desk, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)

    assert errors == []
    codes = sorted(Dossier.objects.values_list("code", flat=True))
    assert codes == [f"000.02.01.H09-260302-{n:04d}" for n in range(1, THREADS * PER_THREAD + 1)]
    assert CodeCounter.objects.get().last_number == THREADS * PER_THREAD


@pytest.mark.django_db(transaction=True)
def test_a_reception_failing_after_its_code_was_allocated_gives_the_number_back(monkeypatch):
    from motcua.dossiers.services import reception as reception_module

    w = world()
    dossier_receive(reception=reception(w), by=w.receiver, at=T0)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    with monkeypatch.context() as m:
        # The last write of a reception, after the code was taken.
        m.setattr(reception_module, "outbox_put_all", broken)
        with pytest.raises(RuntimeError):
            dossier_receive(reception=reception(w), by=w.receiver, at=T0)
    assert Dossier.objects.count() == 1
    d = dossier_receive(reception=reception(w), by=w.receiver, at=T0)
    assert d.code.endswith("-0002")
