"""Writing new rows with SQL built once per model and row count, for the hot write paths
(a reception writes about ten rows of seven models).

The ORM compiles a fresh INSERT for every `save()` and `bulk_create()`; at the counter's
rate that costs more CPU than the database spends storing the rows. `insert_rows` builds the
statement once per (model, number of rows, database vendor) from the model's fields and
runs it through Django's cursor, so query logging and execute wrappers still see it. Values
pass through each field's `pre_save` and `get_db_prep_save`, exactly as `save()` stores them
(defaults were applied when the instance was built; files are saved by `pre_save`). No
model signals are sent, as with `bulk_create`: use it only for models without receivers.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import connections
from django.db.models import AutoField, BigAutoField, Field, Model, SmallAutoField

_AUTO = (AutoField, BigAutoField, SmallAutoField)


def _column(field: Field[Any, Any] | None) -> str:
    if field is None or not field.column:
        raise TypeError(f"{field!r} has no column")
    return field.column


@functools.cache
def _statement(
    model: type[Model], rows: int, using: str, ignore_conflicts: bool
) -> tuple[str, tuple[Field[Any, Any], ...]]:
    """INSERT … VALUES (…), … RETURNING pk (or ON CONFLICT DO NOTHING) for `rows` rows of
    `model`, and the fields in the order of the placeholders (every concrete field but an
    auto-increment key)."""
    meta = model._meta
    if not isinstance(meta.pk, _AUTO):
        raise TypeError(f"insert() needs an auto-increment key; {model.__name__} has none")
    quote = connections[using].ops.quote_name
    fields = tuple(f for f in meta.concrete_fields if not isinstance(f, _AUTO))
    columns = ", ".join(quote(_column(f)) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    tail = "ON CONFLICT DO NOTHING" if ignore_conflicts else f"RETURNING {quote(_column(meta.pk))}"
    # Only quoted names from the model's metadata are formatted in; values are parameters.
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {', '.join([row] * rows)} {tail}"  # noqa: S608
    return sql, fields


def insert_rows(
    objs: Sequence[Model], *, ignore_conflicts: bool = False, using: str = "default"
) -> None:
    """INSERT these new instances of one model in one statement and give each its primary
    key, as `Model.save(force_insert=True)` (one) or `bulk_create` (several) would. With
    `ignore_conflicts`, rows that break a unique constraint are skipped and, as with
    `bulk_create(ignore_conflicts=True)`, no keys are set."""
    if not objs:
        return
    model = type(objs[0])
    connection = connections[using]
    sql, fields = _statement(model, len(objs), using, ignore_conflicts)
    params: list[Any] = []
    for obj in objs:
        if type(obj) is not model or obj.pk is not None:
            raise TypeError(f"insert() takes new instances of one model, got {obj!r}")
        params.extend(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if ignore_conflicts:
            return
        keys = [row[0] for row in cursor.fetchall()]
    for obj, key in zip(objs, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = using


@functools.cache
def _update_statement(model: type[Model], using: str) -> tuple[str, tuple[Field[Any, Any], ...]]:
    """UPDATE … SET every concrete field but the key … WHERE key = %s, and those fields."""
    meta = model._meta
    quote = connections[using].ops.quote_name
    fields = tuple(f for f in meta.concrete_fields if not f.primary_key)
    sets = ", ".join(f"{quote(_column(f))} = %s" for f in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote(_column(meta.pk))} = %s"  # noqa: S608
    return sql, fields


def update_row(obj: Model, *, using: str = "default") -> None:
    """Write every field of this fully loaded instance back to its row, as `save()` does
    for an existing row (a row that is not there is an error, not an insert)."""
    if obj.pk is None or obj.get_deferred_fields():
        raise TypeError(f"update() takes a saved, fully loaded instance, got {obj!r}")
    connection = connections[using]
    sql, fields = _update_statement(type(obj), using)
    params = [f.get_db_prep_save(f.pre_save(obj, False), connection) for f in fields]
    params.append(obj.pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if cursor.rowcount != 1:
            raise ObjectDoesNotExist(f"{type(obj).__name__} {obj.pk} is not there to update")
