"""Writing new rows with SQL built once per model and row count, for the hot write paths
(a reception writes about ten rows of seven models).

The ORM compiles a fresh INSERT for every `save()` and `bulk_create()`; at the counter's
rate that costs more CPU than the database spends storing the rows. `insert_rows` builds the
statement once per (model, number of rows, database vendor) from the model's fields and
runs it through Django's cursor (one kept per connection: `_cursor`), so query logging and
execute wrappers still see it. Values pass through each field's `pre_save` and
`get_db_prep_save`, exactly as `save()` stores them (defaults were applied when the instance
was built; files are saved by `pre_save`). No model signals are sent, as with
`bulk_create`: use it only for models without receivers.

Reading on the hot paths (the token on every API call, the actor's roles) is hand-written
SQL too: `read_rows` loads model instances from it as the ORM would (the values converted),
with the column mapping worked out once per model, where `Model.objects.raw()` redoes it on
every call.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models import AutoField, BigAutoField, Field, Model, SmallAutoField

_AUTO = (AutoField, BigAutoField, SmallAutoField)
M = TypeVar("M", bound=Model)


def _column(field: Field[Any, Any] | None) -> str:
    if field is None or not field.column:
        raise TypeError(f"{field!r} has no column")
    return field.column


def _cursor(using: str) -> CursorWrapper:
    """The cursor this module runs its statements on: one per database connection, kept
    while that connection lives (`connection.cursor()` builds a new wrapper and driver cursor
    each time, a tenth of the cost of a short statement). Still Django's wrapper, so query
    logging and execute wrappers see every statement; a new one is made when the connection
    was replaced or query logging was switched on or off."""
    connection: BaseDatabaseWrapper = connections[using]
    kept: CursorWrapper | None = getattr(connection, "_rows_cursor", None)
    if (
        kept is None
        or connection.connection is None
        or kept.cursor.connection is not connection.connection
        or getattr(kept.cursor, "closed", False)
        or isinstance(kept, CursorDebugWrapper) != connection.queries_logged
    ):
        kept = connection.cursor()
        connection._rows_cursor = kept  # type: ignore[attr-defined]
    return kept


# What a column left out of an INSERT gets: NULL, or its literal database default.
_Implied = tuple[int, object]


@functools.cache
def _fields(model: type[Model]) -> tuple[tuple[Field[Any, Any], ...], tuple[_Implied, ...]]:
    """The fields an INSERT writes (every concrete field but an auto-increment key), and,
    for those the database fills by itself when left out, their position and the value it
    fills in: NULL for a nullable field without a database default, the `db_default` of a
    field with a literal one."""
    if not isinstance(model._meta.pk, _AUTO):
        raise TypeError(f"insert() needs an auto-increment key; {model.__name__} has none")
    fields = tuple(f for f in model._meta.concrete_fields if not isinstance(f, _AUTO))
    implied: list[_Implied] = []
    for i, f in enumerate(fields):
        if not f.has_db_default():
            if f.null:
                implied.append((i, None))
        elif not f.has_default():
            # The instance would hold Django's DatabaseDefault marker, for the ORM to write
            # DEFAULT: give the field the same Python default too.
            raise TypeError(f"{f!r} has a db_default but no default")
        elif not hasattr(f.db_default, "resolve_expression"):
            implied.append((i, f.db_default))
    return fields, tuple(implied)


def _same(value: object, filled: object) -> bool:
    """Whether the database fills in `value` itself (see `_fields`)."""
    return value is None if filled is None else bool(value == filled)


@functools.cache
def _statement(
    model: type[Model], rows: int, using: str, ignore_conflicts: bool, left_out: tuple[int, ...]
) -> str:
    """INSERT … VALUES (…), … RETURNING pk (or ON CONFLICT DO NOTHING) for `rows` rows of
    `model`, with a placeholder per field of `_fields` but those at the positions `left_out`."""
    meta = model._meta
    quote = connections[using].ops.quote_name
    fields = [f for i, f in enumerate(_fields(model)[0]) if i not in left_out]
    columns = ", ".join(quote(_column(f)) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    tail = "ON CONFLICT DO NOTHING" if ignore_conflicts else f"RETURNING {quote(_column(meta.pk))}"
    # Only quoted names from the model's metadata are formatted in; values are parameters.
    return f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {', '.join([row] * rows)} {tail}"  # noqa: S608


def insert_rows(
    objs: Sequence[Model], *, ignore_conflicts: bool = False, using: str = "default"
) -> None:
    """INSERT these new instances of one model in one statement and give each its primary
    key, as `Model.save(force_insert=True)` (one) or `bulk_create` (several) would. With
    `ignore_conflicts`, rows that break a unique constraint are skipped and, as with
    `bulk_create(ignore_conflicts=True)`, no keys are set.

    A column the database would fill with the same value is left out of the statement: a
    nullable one that is NULL in every row, or one with a literal `db_default` that every
    row has. Fewer parameters to send, and a statement small enough for psycopg to keep its
    parsed form (it re-parses any with more than 50 parameters, which costs more than the
    rest of the call)."""
    if not objs:
        return
    model = type(objs[0])
    connection = connections[using]
    fields, implied = _fields(model)
    values = []
    for obj in objs:
        if type(obj) is not model or obj.pk is not None:
            raise TypeError(f"insert() takes new instances of one model, got {obj!r}")
        values.append([f.pre_save(obj, True) for f in fields])
    left_out = tuple(i for i, filled in implied if all(_same(row[i], filled) for row in values))
    sql = _statement(model, len(objs), using, ignore_conflicts, left_out)
    kept = [i for i in range(len(fields)) if i not in left_out]
    params = [fields[i].get_db_prep_save(row[i], connection) for row in values for i in kept]
    cursor = _cursor(using)
    cursor.execute(sql, params)
    if ignore_conflicts:
        return
    keys = [row[0] for row in cursor.fetchall()]
    for obj, key in zip(objs, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = using


@functools.cache
def _update_statement(
    model: type[Model], using: str, names: tuple[str, ...] | None
) -> tuple[str, tuple[Field[Any, Any], ...]]:
    """UPDATE … SET every concrete field but the key (or the fields `names`, in that order)
    … WHERE key = %s, and those fields."""
    meta = model._meta
    quote = connections[using].ops.quote_name
    if names is None:
        fields = tuple(f for f in meta.concrete_fields if not f.primary_key)
    else:
        by_name = {f.name: f for f in meta.concrete_fields}
        fields = tuple(by_name[n] for n in names)
    sets = ", ".join(f"{quote(_column(f))} = %s" for f in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote(_column(meta.pk))} = %s"  # noqa: S608
    return sql, fields


def update_row(
    obj: Model, *, fields: tuple[str, ...] | None = None, using: str = "default"
) -> None:
    """Write every field of this fully loaded instance back to its row, as `save()` does
    for an existing row (a row that is not there is an error, not an insert) — or only the
    named `fields`, as `save(update_fields=…)` does."""
    if obj.pk is None or (fields is None and obj.get_deferred_fields()):
        raise TypeError(f"update() takes a saved, fully loaded instance, got {obj!r}")
    connection = connections[using]
    sql, written = _update_statement(type(obj), using, fields)
    params = [f.get_db_prep_save(f.pre_save(obj, False), connection) for f in written]
    params.append(obj.pk)
    cursor = _cursor(using)
    cursor.execute(sql, params)
    if cursor.rowcount != 1:
        raise ObjectDoesNotExist(f"{type(obj).__name__} {obj.pk} is not there to update")


# --- Reading ------------------------------------------------------------------------------


@functools.cache
def _reader(
    model: type[Model], names: tuple[str, ...] | None, using: str
) -> tuple[tuple[str, ...], tuple[tuple[int, tuple[Any, ...], Any], ...]]:
    """The attnames read (every concrete field, or those in `names`, in the model's field
    order: what `Model.from_db` expects) and, for the columns that need one, the database's
    and the field's converters (what the ORM applies to a value read back: SQLite's text
    datetimes made aware, booleans from integers, …)."""
    meta = model._meta
    connection = connections[using]
    fields = [f for f in meta.concrete_fields if names is None or f.attname in names]
    if names is not None and len(fields) != len(set(names)):
        raise ValueError(f"{model.__name__} has no field among {names!r}")
    converters = []
    for i, f in enumerate(fields):
        col = f.get_col(meta.db_table)
        found = tuple(connection.ops.get_db_converters(col)) + tuple(
            f.get_db_converters(connection)
        )
        if found:
            converters.append((i, found, col))
    return tuple(f.attname for f in fields), tuple(converters)


@functools.cache
def columns(model: type[Model], alias: str, names: tuple[str, ...] | None = None) -> str:
    """`alias.col, alias.col, …` for every concrete field of `model` (or those named in
    `names`), in the order `read_rows` expects them, to start a hand-written SELECT."""
    attnames, _ = _reader(model, names, "default")
    by_name = {f.attname: f for f in model._meta.concrete_fields}
    quote = connections["default"].ops.quote_name
    return ", ".join(f"{alias}.{quote(_column(by_name[n]))}" for n in attnames)


def from_row(
    model: type[M],
    values: Sequence[Any],
    *,
    names: tuple[str, ...] | None = None,
    using: str = "default",
) -> M:
    """The instance of `model` that the values of `columns(model, …, names)` give, as the ORM
    would load it (values converted, the fields not read deferred)."""
    attnames, converters = _reader(model, names, using)
    values = list(values)
    if converters:
        connection = connections[using]
        for i, funcs, col in converters:
            for convert in funcs:
                values[i] = convert(values[i], col, connection)
    return model.from_db(using, attnames, values)


def width(model: type[Model], names: tuple[str, ...] | None = None) -> int:
    """How many columns `columns(model, …, names)` gives."""
    return len(_reader(model, names, "default")[0])


def read_rows(
    model: type[M],
    sql: str,
    params: Sequence[Any],
    *,
    names: tuple[str, ...] | None = None,
    using: str = "default",
) -> list[tuple[M, tuple[Any, ...]]]:
    """Run a hand-written SELECT whose first columns are `columns(model, …, names)` and
    return, per row, the model instance (see `from_row`) and the row's further columns as
    they come. What `Model.objects.raw()` does, without rebuilding its column mapping on
    every call."""
    n = width(model, names)
    cursor = _cursor(using)
    cursor.execute(sql, params)
    rows = cursor.fetchall()
    return [(from_row(model, row[:n], names=names, using=using), tuple(row[n:])) for row in rows]
