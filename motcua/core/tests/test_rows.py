"""insert_rows / update_row store rows exactly as the ORM's save() would, in one statement."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, models
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext, isolate_apps

from motcua.accounts.models import User
from motcua.catalog.models import StepRole
from motcua.core import rows
from motcua.core.rows import insert_rows, update_row
from motcua.dossiers.models import DossierStep, IdempotencyRecord, OutboxMessage, StepKind
from motcua.dossiers.tests.factories import ReceivedDossierFactory

pytestmark = pytest.mark.django_db

AT = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def message(n: int) -> OutboxMessage:
    return OutboxMessage(
        topic="notify.citizen",
        payload={"code": f"H-{n}", "text": "Hồ sơ đã được tiếp nhận", "n": n, "list": [1, 2]},
        created_at=AT,
        available_at=AT + dt.timedelta(minutes=n),
        dedupe_key=None,
    )


def test_insert_rows_writes_every_row_in_one_statement_and_gives_the_keys():
    rows = [message(1), message(2), message(3)]
    with CaptureQueriesContext(connection) as ctx:
        insert_rows(rows)
    assert len([q for q in ctx.captured_queries if q["sql"].startswith("INSERT")]) == 1
    keys = [m.pk for m in rows]
    assert all(isinstance(k, int) for k in keys) and keys == sorted(keys)
    assert all(not m._state.adding and m._state.db == "default" for m in rows)
    for m in rows:
        stored = OutboxMessage.objects.get(pk=m.pk)
        assert stored.payload == m.payload
        assert stored.available_at == m.available_at
        assert stored.attempts == 0 and stored.delivered_at is None


def test_a_row_from_insert_rows_reads_back_as_the_same_row_from_save():
    ours, theirs = message(7), message(7)
    insert_rows([ours])
    theirs.save(force_insert=True)
    read = [model_to_dict(OutboxMessage.objects.get(pk=m.pk)) for m in (ours, theirs)]
    for row in read:
        row.pop("id")
    assert read[0] == read[1]


def test_update_row_writes_every_field_back():
    m = message(1)
    insert_rows([m])
    m.attempts = 3
    m.last_error = "SMS: hết thời gian chờ"
    m.payload = {**m.payload, "phone": "0912345678"}
    update_row(m)
    stored = OutboxMessage.objects.get(pk=m.pk)
    assert (stored.attempts, stored.last_error, stored.payload["phone"]) == (
        3,
        "SMS: hết thời gian chờ",
        "0912345678",
    )


def test_update_row_refuses_a_partly_loaded_or_missing_row():
    m = message(1)
    insert_rows([m])
    partial = OutboxMessage.objects.only("topic").get(pk=m.pk)
    with pytest.raises(TypeError):
        update_row(partial)
    OutboxMessage.objects.filter(pk=m.pk).delete()
    with pytest.raises(ObjectDoesNotExist):
        update_row(m)


def test_insert_rows_refuses_saved_rows_and_mixed_models():
    m = message(1)
    insert_rows([m])
    with pytest.raises(TypeError):
        insert_rows([m])
    user = User.objects.create(username="rows-test")
    record = IdempotencyRecord(
        key="k", actor=user, endpoint="e", request_hash="h", response_status=201, created_at=AT
    )
    with pytest.raises(TypeError):
        insert_rows([message(2), record])
    insert_rows([])  # nothing to do


def test_ignore_conflicts_skips_rows_that_break_a_unique_constraint():
    user = User.objects.create(username="rows-test")

    def record(key: str) -> IdempotencyRecord:
        return IdempotencyRecord(
            key=key, actor=user, endpoint="e", request_hash="h", response_status=201, created_at=AT
        )

    insert_rows([record("a")])
    insert_rows([record("a"), record("b")], ignore_conflicts=True)
    assert sorted(IdempotencyRecord.objects.values_list("key", flat=True)) == ["a", "b"]


def test_a_column_null_in_every_row_is_left_out_and_reads_back_null():
    rows = [message(1), message(2)]
    rows[1].dedupe_key = "only-the-second"
    with CaptureQueriesContext(connection) as ctx:
        insert_rows(rows)
        insert_rows([message(3), message(4)])  # dedupe_key NULL in both rows
    first, second = (q["sql"] for q in ctx.captured_queries if q["sql"].startswith("INSERT"))
    assert '"dedupe_key"' in first and '"delivered_at"' not in first
    assert '"dedupe_key"' not in second
    stored = {m.pk: m for m in OutboxMessage.objects.all()}
    assert [stored[m.pk].dedupe_key for m in rows] == [None, "only-the-second"]
    assert all(m.delivered_at is None and m.dead_at is None for m in stored.values())
    assert sorted(m.payload["n"] for m in stored.values()) == [1, 2, 3, 4]


def test_a_column_at_its_database_default_in_every_row_is_left_out():
    """DossierStep's kind, timeliness and note have database defaults: left out when every
    row has that value (the four steps of a reception stay under psycopg's 50 parameters),
    written when one row differs."""
    d = ReceivedDossierFactory.create()
    unit = d.receiving_unit

    def step(order: int, **extra: str) -> DossierStep:
        return DossierStep(
            dossier=d, order=100 + order, role=StepRole.SPECIALIST, unit=unit, **extra
        )

    plain = [step(n) for n in (1, 2, 3, 4)]
    mixed = [step(5), step(6, kind=StepKind.CONSULT, note="Xin ý kiến Sở Xây dựng")]
    with CaptureQueriesContext(connection) as ctx:
        insert_rows(plain)
        insert_rows(mixed)
    first, second = (q["sql"] for q in ctx.captured_queries if q["sql"].startswith("INSERT"))
    for column in ('"kind"', '"timeliness"', '"note"'):
        assert column not in first
    assert '"kind"' in second and '"note"' in second and '"timeliness"' not in second
    stored = {s.order - 100: s for s in DossierStep.objects.filter(dossier=d, order__gt=100)}
    assert [stored[n].kind for n in (1, 2, 3, 4, 5)] == [StepKind.NORMAL] * 5
    assert stored[6].kind == StepKind.CONSULT and stored[6].note == "Xin ý kiến Sở Xây dựng"
    assert all(stored[n].note == "" and stored[n].timeliness == "" for n in (1, 2, 3, 4, 5))


@isolate_apps("motcua.core")
def test_a_db_default_without_a_python_default_is_refused():
    class Odd(models.Model):
        label = models.CharField(max_length=5, db_default="x")

        def __str__(self) -> str:
            return self.label

    with pytest.raises(TypeError, match="db_default but no default"):
        insert_rows([Odd()])


def test_read_rows_loads_instances_as_the_orm_does_with_the_further_columns():
    from motcua.core.rows import columns, read_rows

    m = message(5)
    m.delivered_at = AT + dt.timedelta(hours=1)
    insert_rows([m])
    sql = (
        f"SELECT {columns(OutboxMessage, 'o')}, o.attempts + 1 FROM dossiers_outboxmessage o"  # noqa: S608
        " WHERE o.id = %s"
    )
    ((loaded, extra),) = read_rows(OutboxMessage, sql, [m.pk])
    assert model_to_dict(loaded) == model_to_dict(OutboxMessage.objects.get(pk=m.pk))
    assert loaded.delivered_at == m.delivered_at and loaded.delivered_at.tzinfo is not None
    assert extra == (1,)
    names = ("id", "topic", "available_at")
    sql = f"SELECT {columns(OutboxMessage, 'o', names)} FROM dossiers_outboxmessage o"  # noqa: S608
    ((partial, rest),) = read_rows(OutboxMessage, sql, [], names=names)
    assert rest == () and partial.available_at == m.available_at
    assert partial.get_deferred_fields() >= {"payload", "delivered_at"}


def test_update_row_with_fields_writes_only_those():
    m = message(1)
    insert_rows([m])
    m.attempts = 5
    m.last_error = "chỉ trong bộ nhớ"
    with CaptureQueriesContext(connection) as ctx:
        update_row(m, fields=("attempts",))
    (sql,) = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("UPDATE")]
    assert '"attempts" = ' in sql and '"last_error"' not in sql
    stored = OutboxMessage.objects.get(pk=m.pk)
    assert (stored.attempts, stored.last_error) == (5, "")


def test_statements_share_one_cursor_per_connection_and_query_logging_still_sees_them():
    insert_rows([message(1)])
    kept = rows._cursor("default")
    insert_rows([message(2)])
    update_row(OutboxMessage.objects.get(payload__n=2), fields=("attempts",))
    assert rows._cursor("default") is kept
    with CaptureQueriesContext(connection) as ctx:
        insert_rows([message(3)])
    assert [q["sql"][:36] for q in ctx.captured_queries] == ['INSERT INTO "dossiers_outboxmessage"']
    assert rows._cursor("default") is not kept  # logging off again: a plain cursor
    assert OutboxMessage.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_gets_a_new_cursor():
    insert_rows([message(1)])
    kept = rows._cursor("default")
    connection.close()
    insert_rows([message(2)])
    assert rows._cursor("default") is not kept
    assert sorted(m.payload["n"] for m in OutboxMessage.objects.all()) == [1, 2]
