"""Dossier codes and look-up secrets.

Code: `<receiving agency identifier>-<YYMMDD>-<NNNN>` (DOMAIN.md §4), the number counted per
agency and Vietnam calendar day from a `CodeCounter` row that is incremented inside the
transaction creating the dossier. The UPDATE takes the row's write lock (PostgreSQL) or the
database's (SQLite, whose transactions here are BEGIN IMMEDIATE), so concurrent receptions
queue on it: numbers are unique, and a rolled-back reception gives its number back, so they
are gap-free. The first reception of the day inserts the row; two racing first inserts meet
the unique constraint and the loser retries as an UPDATE.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.db.models import F

from motcua.core.clock import local
from motcua.dossiers.models import CodeCounter

# No 0/O, 1/I/L: the secret is typed by citizens from a printed slip.
SECRET_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SECRET_LENGTH = 8


def new_secret() -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))


def next_number(*, agency_code: str, day: dt.date) -> int:
    """The next number for (agency, day); call inside the transaction that uses it."""
    counter = CodeCounter.objects.filter(agency_code=agency_code, day=day)
    if counter.update(last_number=F("last_number") + 1) == 0:
        try:
            with transaction.atomic():
                CodeCounter.objects.create(agency_code=agency_code, day=day, last_number=1)
            return 1
        except IntegrityError:
            counter.update(last_number=F("last_number") + 1)
    return counter.values_list("last_number", flat=True).get()


def allocate_code(*, agency_code: str, at: dt.datetime) -> str:
    day = local(at).date()
    number = next_number(agency_code=agency_code, day=day)
    return f"{agency_code}-{day:%y%m%d}-{number:04d}"
