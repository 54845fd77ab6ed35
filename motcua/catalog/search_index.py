"""The catalogue search: an in-memory index of the current procedures, one per process.

A province publishes about two thousand procedures and changes them a few times a month,
while citizens and desks search all day. So each process keeps the searchable facts of every
current version in memory (a few hundred bytes each) and answers a search by scanning them:
no SQL per search except one single-row read of `CatalogStamp`, whose token changes with
every change of the catalogue (`mark_changed`, called by signals and by the
services that update rows in bulk). When the token differs, the index is rebuilt with one
query.

The ranking is the documented one of `selectors.procedure_search`: exact national or local
code first, then names starting with the query, then names containing it as a phrase, then
the rest; ties by folded name, then code.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models.signals import post_delete, post_save

from motcua.catalog.models import (
    Case,
    CatalogStamp,
    Field,
    OnlineLevel,
    Procedure,
    ProcedureLevel,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
)
from motcua.organization.models import Unit


@dataclass(frozen=True, slots=True)
class SearchHit:
    """What a search result shows of one current procedure version."""

    version_id: int
    version_no: int
    code: str
    local_code: str
    name: str
    name_folded: str
    search_text: str
    field_code: str
    field_name: str
    level: str
    agency_code: str
    agency_name: str
    agency_codes: frozenset[str]  # implementing, deciding and lead agency
    online_level: str
    time_limit_value: int
    time_limit_unit: str

    @property
    def level_label(self) -> str:
        return str(ProcedureLevel(self.level).label) if self.level else ""

    @property
    def online_label(self) -> str:
        return str(OnlineLevel(self.online_level).label)

    @property
    def time_limit_text(self) -> str:
        from motcua.catalog.selectors import format_time_limit

        return format_time_limit(self.time_limit_value, self.time_limit_unit)


@dataclass(frozen=True, slots=True)
class _Index:
    token: str
    hits: tuple[SearchHit, ...]  # ordered by folded name, then code
    texts: tuple[str, ...]  # hits[i].search_text, for the scan


_lock = threading.Lock()
_index: _Index | None = None


def mark_changed() -> None:
    """Record that the catalogue changed: every process rebuilds its index on its next search."""
    updated = CatalogStamp.objects.filter(pk=1).update(token=uuid.uuid4().hex)
    if not updated:
        CatalogStamp.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


def catalogue_stamp() -> str:
    """The catalogue's current stamp (see CatalogStamp): one single-row read."""
    # Plain SQL: this runs on every search, and the ORM would cost more than the search.
    with connection.cursor() as cursor:
        cursor.execute(_TOKEN_SQL)
        row = cursor.fetchone()
    return row[0] if row else ""


_TOKEN_SQL = "SELECT token FROM catalog_catalogstamp WHERE id = 1"  # CatalogStamp, one row


def _build(token: str) -> _Index:
    rows = ProcedureVersion.objects.filter(is_current=True).values_list(
        "pk",
        "version_no",
        "procedure__national_code",
        "local_code",
        "name",
        "name_folded",
        "search_text",
        "field__code",
        "field__name",
        "level",
        "implementing_agency__code",
        "implementing_agency__name",
        "deciding_agency__code",
        "lead_agency__code",
        "online_level",
        "time_limit_value",
        "time_limit_unit",
    )
    hits = [
        SearchHit(
            version_id=pk,
            version_no=version_no,
            code=code,
            local_code=local_code,
            name=name,
            name_folded=name_folded,
            search_text=search_text,
            field_code=field_code,
            field_name=field_name,
            level=level,
            agency_code=impl_code or "",
            agency_name=impl_name or "",
            agency_codes=frozenset(c for c in (impl_code, dec_code, lead_code) if c),
            online_level=online_level,
            time_limit_value=tl_value,
            time_limit_unit=tl_unit,
        )
        for (
            pk,
            version_no,
            code,
            local_code,
            name,
            name_folded,
            search_text,
            field_code,
            field_name,
            level,
            impl_code,
            impl_name,
            dec_code,
            lead_code,
            online_level,
            tl_value,
            tl_unit,
        ) in rows
    ]
    hits.sort(key=lambda h: (h.name_folded, h.code))
    return _Index(token=token, hits=tuple(hits), texts=tuple(h.search_text for h in hits))


def current_hits() -> tuple[SearchHit, ...]:
    """Every current procedure version, ordered by folded name then code (rebuilt on change)."""
    return _current_index().hits


def _current_index() -> _Index:
    global _index
    token = catalogue_stamp()
    index = _index
    if index is None or index.token != token or not token:
        with _lock:
            index = _index
            if index is None or index.token != token or not token:
                index = _build(token)
                if token:
                    _index = index
    return index


def search(
    terms: list[str],
    raw: str,
    *,
    field: str | None,
    agency: str | None,
    level: str | None,
    online: str | None,
) -> list[SearchHit]:
    """The hits matching every term and filter, ranked (see the module docstring)."""
    index = _current_index()
    # Narrow by the longest (rarest) word first; each later word scans only what is left.
    texts = index.texts
    found: Iterable[int] = range(len(texts))
    for term in sorted(terms, key=len, reverse=True):
        found = [i for i in found if term in texts[i]]
    hits: list[SearchHit] = []
    for i in found:
        hit = index.hits[i]
        if field and hit.field_code != field:
            continue
        if agency and agency not in hit.agency_codes:
            continue
        if level and hit.level != level:
            continue
        if online == "any":
            if hit.online_level == OnlineLevel.NONE:
                continue
        elif online and hit.online_level != online:
            continue
        hits.append(hit)
    if not terms:
        return hits
    phrase = " ".join(terms)

    def rank(hit: SearchHit) -> int:
        if raw and (hit.code == raw or hit.local_code == raw):
            return 0
        if hit.name_folded.startswith(phrase):
            return 1
        if phrase in hit.name_folded:
            return 2
        return 3

    # sorted() is stable: within a rank the name-then-code order of the index is kept.
    return sorted(hits, key=rank)


def _changed(sender: Any, **kwargs: Any) -> None:
    mark_changed()


for _model in (ProcedureVersion, Procedure, Field, Unit, Case, RequiredDocument, ProcessStep):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"catalog-search-{_model.__name__}")
    post_delete.connect(
        _changed, sender=_model, dispatch_uid=f"catalog-search-del-{_model.__name__}"
    )
