"""Reads of the documents context: document types for a required document's name, the
applicant's store owner key, reuse offers, a user's store, file access checks, figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from motcua.core.text import fold
from motcua.documents.models import (
    Digitisation,
    DigitisationKind,
    DocumentType,
    ElectronicResult,
    OwnerKind,
    StoredFile,
    StoreDocument,
)
from motcua.dossiers.models import ApplicantKind, Dossier, DossierDocument, Result


def doc_type_for_name(name: str) -> DocumentType | None:
    """The document type whose keywords occur in `name` (folded); the longest keyword wins."""
    folded = fold(name or "")
    best: tuple[int, DocumentType] | None = None
    for t in DocumentType.objects.all():
        for kw in t.keywords or []:
            k = fold(str(kw))
            if k and k in folded and (best is None or len(k) > best[0]):
                best = (len(k), t)
    return best[1] if best else None


def doc_type_for_result(national_code: str) -> DocumentType | None:
    """The document type that the result of the procedure `national_code` is (the type whose
    `result_of` lists the code), or None when no type says so."""
    code = (national_code or "").strip()
    if not code:
        return None
    for t in DocumentType.objects.order_by("code"):
        if code in (t.result_of or []):
            return t
    return None


def owner_for(kind: str, *, citizen_id: str, tax_code: str) -> tuple[str, str] | None:
    """(owner kind, number) of the store of an applicant of `kind` with these numbers."""
    if kind == ApplicantKind.ORGANIZATION:
        return (OwnerKind.ORGANISATION, tax_code) if tax_code else None
    return (OwnerKind.PERSON, citizen_id) if citizen_id else None


def applicant_owner(d: Dossier) -> tuple[str, str] | None:
    """(owner kind, number) of the dossier's applicant's store, or None without an ID."""
    a = getattr(d, "applicant", None)
    if a is None:
        return None
    return owner_for(a.kind, citizen_id=a.citizen_id, tax_code=a.tax_code)


def store_offers(
    *,
    owner: tuple[str, str] | None,
    documents: Sequence[tuple[int, str]],
    on: dt.date,
    within: QuerySet[StoreDocument] | None = None,
) -> dict[int, list[StoreDocument]]:
    """For each (id, name) of `documents` — required documents at reception, documents of
    a dossier afterwards — the owner's unexpired store documents of the type the name asks
    for, newest first. `within` narrows the store further (a citizen sees only their own)."""
    if owner is None or not documents:
        return {}
    base = within if within is not None else StoreDocument.objects.all()
    items = list(
        base.filter(owner_kind=owner[0], owner_number=owner[1], doc_type__isnull=False)
        .filter(Q(expiry_date__isnull=True) | Q(expiry_date__gte=on))
        .select_related("doc_type", "file")
        .order_by("-added_at")
    )
    if not items:
        return {}
    offers: dict[int, list[StoreDocument]] = {}
    for pk, name in documents:
        t = doc_type_for_name(name)
        if t is None:
            continue
        matching = [i for i in items if i.doc_type_id == t.pk]
        if matching:
            offers[pk] = matching
    return offers


def reuse_offers(d: Dossier, *, on: dt.date) -> dict[int, list[StoreDocument]]:
    """For each document of the dossier (by id), the applicant's unexpired store documents
    of the matching type."""
    documents = list(
        DossierDocument.objects.filter(dossier=d).order_by("pk").values_list("pk", "name")
    )
    return store_offers(owner=applicant_owner(d), documents=documents, on=on)


def user_owner(user: Any) -> tuple[str, str] | None:
    """The store a portal account owns: a verified citizen ID (person), or a verified tax
    code (organisation). A tax code is only typed in at registration and nothing verifies it
    yet (no `tax_code_verified_at`), so an organisation account owns no store: anyone could
    type a company's tax code. Until a verification path exists, organisations' stores are
    seen by staff only (reuse at the desk), and the account sees what comes from its own
    dossiers."""
    if not getattr(user, "is_authenticated", False):
        return None
    account = getattr(user, "citizen_account", None)
    if account is None:
        return None
    if account.kind == "organization":
        verified_at = getattr(account, "tax_code_verified_at", None)
        if account.tax_code and verified_at:
            return (OwnerKind.ORGANISATION, account.tax_code)
        return None
    if user.citizen_id and account.citizen_id_verified_at:
        return (OwnerKind.PERSON, user.citizen_id)
    return None


def user_store(user: Any) -> QuerySet[StoreDocument]:
    """What a citizen sees in their store: documents of their verified identity, documents
    they added, and documents coming from their own dossiers."""
    from motcua.citizens.selectors import citizen_dossiers

    if not getattr(user, "is_authenticated", False):
        return StoreDocument.objects.none()
    q = Q(added_by_id=user.pk) | Q(source_dossier__in=citizen_dossiers(user).values("pk"))
    owner = user_owner(user)
    if owner is not None:
        q |= Q(owner_kind=owner[0], owner_number=owner[1])
    return StoreDocument.objects.filter(q).select_related("doc_type", "file").distinct()


def dossier_file_ids(d: Dossier) -> set[int]:
    """Every stored file that belongs to the dossier (scans, signed copies, previews,
    reused store documents, electronic results)."""
    ids: set[int] = set()
    for row in Digitisation.objects.filter(dossier=d).values_list(
        "file_id", "source_id", "preview_id"
    ):
        ids.update(i for i in row if i)
    ids.update(ElectronicResult.objects.filter(dossier=d).values_list("file_id", flat=True))
    return ids


def staff_may_read(d: Dossier, stored: StoredFile, *, on: dt.date) -> bool:
    """A file of the dossier, or a store document offered for reuse on it."""
    if stored.pk in dossier_file_ids(d):
        return True
    return any(i.file_id == stored.pk for items in reuse_offers(d, on=on).values() for i in items)


@dataclass(frozen=True)
class FigureRow:
    unit_id: int
    unit: str
    received: int
    digitised: int
    with_result: int
    electronic: int
    reusing: int

    @staticmethod
    def share(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def digitised_share(self) -> float | None:
        return self.share(self.digitised, self.received)

    @property
    def electronic_share(self) -> float | None:
        return self.share(self.electronic, self.with_result)

    @property
    def reusing_share(self) -> float | None:
        return self.share(self.reusing, self.received)


def digitisation_figures(
    *, unit_ids: list[int] | None, start: dt.datetime, end: dt.datetime
) -> list[FigureRow]:
    """Per receiving unit, dossiers received in [start, end): how many had every paper
    document handed in digitised (or marked as needing no scan), how many of those with a
    result had an electronic (signed) result, and how many reused at least one document."""
    undone = DossierDocument.objects.filter(dossier=OuterRef("pk"), provided=True).exclude(
        Exists(Digitisation.objects.filter(document=OuterRef("pk")))
    )
    qs = Dossier.objects.filter(received_at__gte=start, received_at__lt=end)
    if unit_ids is not None:
        qs = qs.filter(receiving_unit_id__in=unit_ids)
    qs = qs.annotate(
        all_digitised=~Exists(undone),
        has_result=Exists(Result.objects.filter(dossier=OuterRef("pk"))),
        has_electronic=Exists(ElectronicResult.objects.filter(dossier=OuterRef("pk"))),
        reused=Exists(
            Digitisation.objects.filter(dossier=OuterRef("pk"), kind=DigitisationKind.REUSED)
        ),
    )
    rows = (
        qs.values("receiving_unit_id", "receiving_unit__name")
        .annotate(
            received=Count("pk"),
            digitised=Count("pk", filter=Q(all_digitised=True)),
            with_result=Count("pk", filter=Q(has_result=True)),
            electronic=Count("pk", filter=Q(has_result=True, has_electronic=True)),
            reusing=Count("pk", filter=Q(reused=True)),
        )
        .order_by("receiving_unit__name")
    )
    return [
        FigureRow(
            unit_id=r["receiving_unit_id"],
            unit=r["receiving_unit__name"],
            received=r["received"],
            digitised=r["digitised"],
            with_result=r["with_result"],
            electronic=r["electronic"],
            reusing=r["reusing"],
        )
        for r in rows
    ]
