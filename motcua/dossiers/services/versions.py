"""The procedure version a dossier is received under, loaded fast.

Reception reads the version in force on the reception date with its cases, documents and
internal process. Loading that graph through the ORM costs four queries and most of a
reception's Python time, yet it changes rarely. So each process keeps the loaded graph,
keyed by a *fingerprint* read with one small SQL query on every reception: the version in
force (its id, creation time and end date), the procedure's abolition date, and the
catalogue's stamp (`CatalogStamp`, moved by every change of cases, documents and process
steps: signals, and `catalog.search_index.mark_changed` in the services that write in
bulk). A publication, an amendment or an abolition, even written behind the ORM's back,
changes the fingerprint, so a stale graph is never used; in-process edits also clear the
cache by signal (connected in apps.py). Graphs are shared read-only.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from django.db import connection
from django.db.models import Prefetch

from motcua.catalog.models import CatalogStamp, Procedure, ProcedureVersion, ProcessStep
from motcua.catalog.selectors import version_in_force
from motcua.core.errors import InvalidInput, NotFound

_MAX_ENTRIES = 1000
_cache: dict[tuple[Any, ...], ProcedureVersion] = {}
_lock = threading.Lock()


def clear_cache(*args: Any, **kwargs: Any) -> None:
    """Forget every loaded version (a signal receiver as well)."""
    with _lock:
        _cache.clear()


def _fingerprint_sql() -> str:
    v = ProcedureVersion._meta.db_table
    p = Procedure._meta.db_table
    stamp = CatalogStamp._meta.db_table
    return (
        f"SELECT v.id, v.created_at, v.effective_to, p.abolished_from, "  # noqa: S608 - table names from models
        f"(SELECT token FROM {stamp} WHERE id = 1) "
        f"FROM {v} v JOIN {p} p ON p.id = v.procedure_id "
        "WHERE p.national_code = %s AND v.effective_from <= %s "
        "AND (v.effective_to IS NULL OR v.effective_to >= %s) "
        "ORDER BY v.effective_from DESC LIMIT 1"
    )


def _load(pk: int) -> ProcedureVersion:
    return (
        ProcedureVersion.objects.select_related(
            "procedure", "field", "implementing_agency", "deciding_agency", "lead_agency"
        )
        .prefetch_related(
            "cases",
            "documents",
            Prefetch(
                "process_steps",
                queryset=ProcessStep.objects.select_related("agency", "unit").order_by("order"),
            ),
        )
        .get(pk=pk)
    )


def version_for_reception(code: str, on: dt.date) -> ProcedureVersion:
    """The version of procedure `code` in force on `on`, with its cases, documents and
    process loaded. Abolished, not yet in force or unknown on that date: InvalidInput on
    procedure_code (not receivable), with the catalogue's message."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql(), [code, on, on])
        row = cursor.fetchone()
    abolished_from = row[3] if row else None
    if isinstance(abolished_from, str):  # SQLite returns dates as text
        abolished_from = dt.date.fromisoformat(abolished_from)
    if row is None or (abolished_from is not None and on >= abolished_from):
        try:  # the catalogue's own message: unknown, abolished or not in force
            version_in_force(code, on)
        except NotFound as exc:
            raise InvalidInput(exc.message, field="procedure_code") from None
        raise InvalidInput(  # the catalogue found what the fingerprint did not
            f"Thủ tục {code} không tiếp nhận hồ sơ vào ngày {on:%d/%m/%Y}.", field="procedure_code"
        )
    key = (connection.alias, code, *[str(x) for x in row])
    version = _cache.get(key)
    if version is None:
        version = _load(row[0])
        with _lock:
            if len(_cache) >= _MAX_ENTRIES:
                _cache.clear()
            _cache[key] = version
    return version
