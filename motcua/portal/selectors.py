"""Reads of the online submission: a citizen's drafts, where a procedure's online dossiers
go, and what a draft still lacks before it can be submitted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from motcua.accounts.models import Membership, Role, User
from motcua.catalog.models import (
    Channel,
    OnlineLevel,
    ProcedureVersion,
    RequiredDocument,
    StepRole,
)
from motcua.citizens.selectors import citizen_dossiers
from motcua.core.errors import InvalidInput, NotFound
from motcua.documents import selectors as document_selectors
from motcua.documents.models import ElectronicResult, StoreDocument
from motcua.dossiers.models import ApplicantKind, Dossier, Result
from motcua.dossiers.validators import normalize_citizen_id, normalize_tax_code
from motcua.organization.models import Unit, UnitKind
from motcua.portal.eform import EForm, as_form_data
from motcua.portal.forms import ApplicantForm
from motcua.portal.models import DraftFile, DraftReuse, OnlineDraft, Step


class DraftNotFound(NotFound):
    """No such draft, or not the caller's (the same answer either way)."""


def online_allowed(version: ProcedureVersion, on: dt.date) -> bool:
    """Online submission is offered: the procedure has an online level, lists the online
    channel (when it lists channels at all), is in force and not abolished."""
    channels = version.channels or []
    return (
        version.online_level != OnlineLevel.NONE
        and (not channels or Channel.ONLINE in channels)
        and version.is_in_force_on(on)
        and not version.procedure.is_abolished_on(on)
    )


def receiving_units_for(version: ProcedureVersion, *, on: dt.date) -> list[Unit]:
    """Where an online dossier of this procedure may be sent, first the default:
    the unit named by the receiving step of its process; for a commune-level procedure the
    communes; otherwise the one-stop desks (center departments and branches) with a receiving
    officer on `on`; as a last resort the implementing agency."""
    step = next((s for s in version.process_for(None) if s.role == StepRole.RECEIVING), None)
    named = (step.unit or step.agency) if step is not None else None
    if named is not None:
        return [named]
    if version.level == "commune":
        return list(
            Unit.objects.filter(kind=UnitKind.COMMUNE).valid_on(on).order_by("sort_order", "name")
        )
    staffed = (
        Membership.objects.filter(role=Role.RECEIVING_OFFICER, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .values("unit_id")
    )
    desks = list(
        Unit.objects.filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.BRANCH], pk__in=staffed)
        .valid_on(on)
        .order_by("kind", "sort_order", "code")
    )
    # Center departments first (kind "department" sorts before "branch").
    desks.sort(key=lambda u: (u.kind != UnitKind.DEPARTMENT, u.sort_order, u.code))
    if desks:
        return desks
    return [version.implementing_agency] if version.implementing_agency else []


def _drafts() -> QuerySet[OnlineDraft]:
    return OnlineDraft.objects.select_related(
        "procedure_version__procedure", "case", "receiving_unit", "dossier"
    ).prefetch_related(
        Prefetch("files", queryset=DraftFile.objects.select_related("required_document"))
    )


def draft_for(user: User, public_id: str) -> OnlineDraft:
    """The caller's draft; someone else's draft or an unknown id are the same 404."""
    found = (
        _drafts().filter(public_id=public_id, owner_id=user.pk).first()
        if user.is_authenticated
        else None
    )
    if found is None:
        raise DraftNotFound("Không tìm thấy hồ sơ nháp này.", field="draft")
    return found


def open_drafts(user: User) -> list[OnlineDraft]:
    """The account's drafts not yet submitted, most recently saved first."""
    if not user.is_authenticated:
        return []
    return list(_drafts().filter(owner_id=user.pk, dossier__isnull=True).order_by("-updated_at"))


def open_drafts_for_procedure(user: User, national_code: str) -> list[OnlineDraft]:
    return [
        d for d in open_drafts(user) if d.procedure_version.procedure.national_code == national_code
    ]


def draft_documents(draft: OnlineDraft) -> list[RequiredDocument]:
    """The required documents of the draft's procedure for its case."""
    return draft.procedure_version.documents_for(draft.case)


def draft_files(draft: OnlineDraft) -> dict[int, DraftFile]:
    """The draft's files by required document id (only those of the current case)."""
    wanted = {d.pk for d in draft_documents(draft)}
    return {
        f.required_document_id: f for f in draft.files.all() if f.required_document_id in wanted
    }


def draft_reuses(draft: OnlineDraft) -> dict[int, DraftReuse]:
    """The draft's store documents reused instead of uploads, by required document id (only
    those of the current case)."""
    wanted = {d.pk for d in draft_documents(draft)}
    return {
        r.required_document_id: r
        for r in draft.reuses.select_related("store_item", "store_item__file")
        if r.required_document_id in wanted
    }


def draft_owner(draft: OnlineDraft) -> tuple[str, str] | None:
    """The store owner the draft's applicant is (their citizen ID or tax code, if typed)."""
    raw = draft.applicant or {}
    numbers = {"citizen_id": "", "tax_code": ""}
    for name, normalize in (("citizen_id", normalize_citizen_id), ("tax_code", normalize_tax_code)):
        value = str(raw.get(name) or "").strip()
        if value:
            try:
                numbers[name] = normalize(value)
            except InvalidInput:
                numbers[name] = ""
    return document_selectors.owner_for(str(raw.get("kind") or ApplicantKind.INDIVIDUAL), **numbers)


def draft_store_offers(
    draft: OnlineDraft, user: User, *, on: dt.date
) -> dict[int, list[StoreDocument]]:
    """For each required document of the draft, the documents of the applicant's store that
    satisfy it and that this account may see (`user_store`): offered instead of an upload."""
    return document_selectors.store_offers(
        owner=draft_owner(draft),
        documents=[(d.pk, d.name) for d in draft_documents(draft)],
        on=on,
        within=document_selectors.user_store(user),
    )


@dataclass(frozen=True)
class Problem:
    """One thing to fix before submitting, with the step where it is fixed."""

    step: int
    message: str


def _form_messages(form: ApplicantForm | EForm) -> list[str]:
    out = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            out.append(f"{label}: {error}" if label else str(error))
    return out


def draft_problems(draft: OnlineDraft, *, on: dt.date) -> list[Problem]:
    """Everything the draft still lacks, step by step (empty: it can be submitted)."""
    version = draft.procedure_version
    problems: list[Problem] = []
    kinds = version.applicant_types or [ApplicantKind.INDIVIDUAL, ApplicantKind.ORGANIZATION]
    applicant = ApplicantForm(draft.applicant or {}, kinds=kinds)
    problems += [Problem(Step.APPLICANT, m) for m in _form_messages(applicant)]
    units = receiving_units_for(version, on=on)
    if draft.receiving_unit_id is None or draft.receiving_unit_id not in {u.pk for u in units}:
        problems.append(Problem(Step.DETAILS, "Chưa chọn nơi nộp hồ sơ."))
    eform = EForm(as_form_data(draft.answers or {}), version=version)
    problems += [Problem(Step.DETAILS, m) for m in _form_messages(eform)]
    files = draft_files(draft)
    reuses = draft_reuses(draft)
    for doc in draft_documents(draft):
        if doc.mandatory and doc.pk not in files and doc.pk not in reuses:
            problems.append(Problem(Step.DOCUMENTS, f"Chưa tải lên giấy tờ bắt buộc: {doc.name}."))
    return problems


# --- The citizen's own dossiers --------------------------------------------------------------


class CitizenDossierNotFound(NotFound):
    """Not a dossier of this account (or no such code): the same 404 either way."""


def citizen_dossier(user: User, code: str) -> Dossier:
    """A dossier of the account ("Hồ sơ của tôi" matching), looked up by its code."""
    found = (
        citizen_dossiers(user)
        .select_related(
            "applicant", "procedure_version__procedure", "receiving_unit", "case", "lead_agency"
        )
        .filter(code=(code or "").strip()[:60])
        .first()
    )
    if found is None:
        raise CitizenDossierNotFound(
            "Không tìm thấy hồ sơ này trong tài khoản của bạn.", field="code"
        )
    return found


# --- Electronic results ------------------------------------------------------------------------


def signed_results(results: list[Result]) -> dict[int, ElectronicResult]:
    """The agency-signed electronic copy of each result that has one (motcua.documents signs
    a result's PDF after it is attached); the citizen downloads that copy when it exists."""
    rows = ElectronicResult.objects.filter(result__in=results).select_related("file")
    return {row.result_id: row for row in rows}
