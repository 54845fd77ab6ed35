"""Dossier codes and look-up secrets.

Code: `<receiving agency identifier>-<YYMMDD>-<NNNN>` (DOMAIN.md §4), the number counted per
agency and Vietnam calendar day from a `CodeCounter` row that is incremented inside the
transaction creating the dossier, as late in it as possible (the row stays locked until the
commit; see `reception._give_code`). The UPDATE takes the row's write lock (PostgreSQL) or the
database's (SQLite, whose transactions here are BEGIN IMMEDIATE), so concurrent receptions
queue on it: numbers are unique, and a rolled-back reception gives its number back, so they
are gap-free. The first reception of the day inserts the row; two racing first inserts meet
the unique constraint and the loser retries as an UPDATE.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, connection, transaction

from motcua.core.clock import local
from motcua.dossiers.models import CodeCounter

# No 0/O, 1/I/L: the secret is typed by citizens from a printed slip.
SECRET_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SECRET_LENGTH = 8


def new_secret() -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))


def next_number(*, agency_code: str, day: dt.date) -> int:
    """The next number for (agency, day); call inside the transaction that uses it.

    One statement in the usual case: `UPDATE … RETURNING last_number` (PostgreSQL, and
    SQLite ≥ 3.35) takes the counter's lock and reads the new number at once."""
    table = connection.ops.quote_name(CodeCounter._meta.db_table)
    sql = (
        f"UPDATE {table} SET last_number = last_number + 1 "  # noqa: S608 (table name from the model)
        "WHERE agency_code = %s AND day = %s RETURNING last_number"
    )
    params = [agency_code, connection.ops.adapt_datefield_value(day)]

    def bump() -> int | None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        return None if row is None else int(row[0])

    number = bump()
    if number is not None:
        return number
    try:
        with transaction.atomic():
            CodeCounter.objects.create(agency_code=agency_code, day=day, last_number=1)
        return 1
    except IntegrityError:
        number = bump()  # a racing first reception of the day inserted the row
    if number is None:  # pragma: no cover - the row exists: the insert just collided with it
        raise RuntimeError(f"Không cấp được số hồ sơ cho {agency_code} ngày {day}.")
    return number


def allocate_code(*, agency_code: str, at: dt.datetime) -> str:
    day = local(at).date()
    number = next_number(agency_code=agency_code, day=day)
    return f"{agency_code}-{day:%y%m%d}-{number:04d}"
