"""Writes of the online submission: start a draft, save each step, attach and remove files,
delete a draft, and submit it — which hands it to the dossier core (`dossier_submit_online`).

Submission is idempotent: the draft row is locked, and once it has its dossier every later
submission (a double click, a retried POST, another tab) returns that same dossier. The
review page carries the draft's `token`, which changes whenever the draft changes, so what is
submitted is exactly what the citizen last reviewed.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Mapping
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction

from motcua.accounts.models import User
from motcua.catalog.models import Case, ProcedureVersion, RequiredDocument
from motcua.catalog.selectors import version_in_force
from motcua.citizens.selectors import account_of
from motcua.core.clock import local
from motcua.core.errors import Conflict, InvalidInput, NotAllowed
from motcua.core.files import CheckedFile, Upload, check_upload
from motcua.documents import selectors as document_selectors
from motcua.documents.models import StoreDocument
from motcua.documents.services import ReceptionDigitisation, reception_digitise
from motcua.dossiers.models import ApplicantKind, Channel, Dossier
from motcua.dossiers.services import (
    ApplicantInput,
    DocumentInput,
    ReceptionInput,
    dossier_submit_online,
)
from motcua.organization.models import Unit
from motcua.portal.models import DraftFile, DraftReuse, OnlineDraft, Step
from motcua.portal.selectors import (
    DraftNotFound,
    draft_files,
    draft_owner,
    draft_problems,
    draft_reuses,
    online_allowed,
    receiving_units_for,
)

log = logging.getLogger(__name__)

EFORM_DOCUMENT_NAME = "Tờ khai điện tử (nộp trực tuyến)"


class OnlineNotOffered(InvalidInput):
    """The procedure does not take online dossiers (now)."""


class DraftIncomplete(InvalidInput):
    """The draft lacks something required; `problems` lists each with its step."""


class DraftChanged(Conflict):
    """The draft changed after the review page was shown (409): review it again."""


class DraftAlreadySubmitted(Conflict):
    """The draft was submitted; it cannot be edited any more."""


# --- Starting -------------------------------------------------------------------------------


def _prefill(user: User) -> dict[str, str]:
    account = account_of(user)
    organization = bool(account and account.kind == "organization")
    phone = (account.phone if account else "") or user.phone
    return {
        "kind": ApplicantKind.ORGANIZATION if organization else ApplicantKind.INDIVIDUAL,
        "full_name": (account.organization_name if organization and account else "")
        or user.full_name
        or user.get_full_name(),
        "citizen_id": user.citizen_id,
        "date_of_birth": "",
        "tax_code": account.tax_code if account else "",
        "legal_representative": user.full_name if organization else "",
        "address": "",
        "phone": phone,
        "email": user.email,
    }


def online_draft_start(*, national_code: str, by: User, at: dt.datetime) -> OnlineDraft:
    """A new draft for the procedure in force today, pre-filled from the account."""
    if not by.is_authenticated or not by.is_active:
        raise NotAllowed("Vui lòng đăng nhập để nộp hồ sơ trực tuyến.")
    if account_of(by) is None:
        raise NotAllowed(
            "Chỉ tài khoản công dân, tổ chức trên Cổng dịch vụ công được nộp hồ sơ trực tuyến."
        )
    day = local(at).date()
    version = version_in_force(national_code, day)
    if not online_allowed(version, day):
        raise OnlineNotOffered(
            "Thủ tục này không tiếp nhận hồ sơ trực tuyến; vui lòng nộp tại bộ phận một cửa.",
            field="procedure",
        )
    units = receiving_units_for(version, on=day)
    return OnlineDraft.objects.create(
        owner=by,
        procedure_version=version,
        receiving_unit=units[0] if len(units) == 1 else None,
        applicant=_prefill(by),
        answers={},
        created_at=at,
        updated_at=at,
    )


# --- Saving ---------------------------------------------------------------------------------


def _lock(draft: OnlineDraft, by: User) -> OnlineDraft:
    locked = (
        OnlineDraft.objects.select_for_update()
        .select_related("procedure_version__procedure")
        .filter(pk=draft.pk, owner_id=by.pk)
        .first()
    )
    if locked is None:
        raise DraftNotFound("Không tìm thấy hồ sơ nháp này.", field="draft")
    return locked


def _editable(draft: OnlineDraft, by: User) -> OnlineDraft:
    d = _lock(draft, by)
    if d.dossier_id is not None:
        raise DraftAlreadySubmitted(
            "Hồ sơ này đã được nộp, không sửa được nữa. Xem tình trạng tại “Hồ sơ của tôi”.",
            field="draft",
        )
    return d


def _touch(d: OnlineDraft, at: dt.datetime, reached: int | None) -> None:
    d.token = uuid.uuid4()
    d.updated_at = at
    if reached is not None:
        d.reached_step = max(d.reached_step, min(reached, Step.REVIEW))


def online_draft_save(
    *,
    draft: OnlineDraft,
    by: User,
    at: dt.datetime,
    applicant: Mapping[str, str] | None = None,
    answers: Mapping[str, str] | None = None,
    case: Case | None | str = "keep",
    receiving_unit: Unit | None | str = "keep",
    reached_step: int | None = None,
) -> OnlineDraft:
    """Keep what was typed in a step (valid or not: a draft loses nothing), and how far the
    citizen got. `case` / `receiving_unit` are left alone unless given."""
    with transaction.atomic():
        d = _editable(draft, by)
        version = d.procedure_version
        fields = ["token", "updated_at", "reached_step"]
        if applicant is not None:
            d.applicant = dict(applicant)
            fields.append("applicant")
        if answers is not None:
            d.answers = dict(answers)
            fields.append("answers")
        if case != "keep":
            if isinstance(case, Case) and case.version_id != version.pk:
                raise InvalidInput("Trường hợp không thuộc thủ tục này.", field="case")
            d.case = case if isinstance(case, Case) else None
            fields.append("case")
        if receiving_unit != "keep":
            if isinstance(receiving_unit, Unit):
                allowed = {u.pk for u in receiving_units_for(version, on=local(at).date())}
                if receiving_unit.pk not in allowed:
                    raise InvalidInput(
                        "Nơi nộp hồ sơ không tiếp nhận thủ tục này.", field="receiving_unit"
                    )
            d.receiving_unit = receiving_unit if isinstance(receiving_unit, Unit) else None
            fields.append("receiving_unit")
        _touch(d, at, reached_step)
        d.save(update_fields=fields)
    return d


def online_draft_attach(
    *,
    draft: OnlineDraft,
    required_document: RequiredDocument,
    upload: Upload,
    by: User,
    at: dt.datetime,
    field: str = "file",
) -> DraftFile:
    """Check one uploaded file (sniffed type, extension, size) and keep it as the draft's
    file for that required document, replacing an earlier one."""
    checked: CheckedFile = check_upload(upload, field=field)
    old_name = ""
    with transaction.atomic():
        d = _editable(draft, by)
        if required_document.version_id != d.procedure_version_id:
            raise InvalidInput("Giấy tờ không thuộc thành phần hồ sơ của thủ tục này.", field=field)
        previous = DraftFile.objects.filter(draft=d, required_document=required_document).first()
        if previous is not None:
            old_name = str(previous.file.name or "")
            previous.delete()
        DraftReuse.objects.filter(draft=d, required_document=required_document).delete()
        row = DraftFile(
            draft=d,
            required_document=required_document,
            original_name=checked.name,
            kind=checked.kind.code,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_at=at,
        )
        row.file.save(checked.name, File(upload), save=False)  # type: ignore[arg-type]
        row.save()
        _touch(d, at, None)
        d.save(update_fields=["token", "updated_at"])
        if old_name:
            transaction.on_commit(lambda: _remove_stored(DraftFile, [old_name]))
    return row


def online_draft_detach(
    *, draft: OnlineDraft, required_document_id: int, by: User, at: dt.datetime
) -> None:
    """Remove the draft's file (or store document reused) for a required document (nothing
    to do if there is none)."""
    with transaction.atomic():
        d = _editable(draft, by)
        reused, _ = DraftReuse.objects.filter(
            draft=d, required_document_id=required_document_id
        ).delete()
        row = DraftFile.objects.filter(draft=d, required_document_id=required_document_id).first()
        if row is None:
            if reused:
                _touch(d, at, None)
                d.save(update_fields=["token", "updated_at"])
            return
        name = str(row.file.name or "")
        row.delete()
        _touch(d, at, None)
        d.save(update_fields=["token", "updated_at"])
        transaction.on_commit(lambda: _remove_stored(DraftFile, [name]))


def online_draft_reuse(
    *,
    draft: OnlineDraft,
    required_document: RequiredDocument,
    item: StoreDocument,
    by: User,
    at: dt.datetime,
    field: str = "reuse",
) -> DraftReuse:
    """Satisfy a required document with a document of the citizen's store instead of an
    upload (replacing an uploaded file). The item must be one this account sees in its store,
    belong to the draft's applicant, be of the type the required document asks for and not
    have expired; the reuse itself is recorded on the dossier when the draft is submitted."""
    with transaction.atomic():
        d = _editable(draft, by)
        if required_document.version_id != d.procedure_version_id:
            raise InvalidInput("Giấy tờ không thuộc thành phần hồ sơ của thủ tục này.", field=field)
        if not document_selectors.user_store(by).filter(pk=item.pk).exists():
            raise NotAllowed("Giấy tờ không có trong kho dữ liệu của bạn.", field=field)
        if draft_owner(d) != (item.owner_kind, item.owner_number):
            raise NotAllowed(
                "Giấy tờ không thuộc kho dữ liệu của người nộp hồ sơ (xem số định danh hoặc mã "
                "số thuế ở bước 1).",
                field=field,
            )
        wanted = document_selectors.doc_type_for_name(required_document.name)
        if wanted is None or item.doc_type_id != wanted.pk:
            raise InvalidInput(
                f"“{item.title}” không phải loại giấy tờ “{required_document.name}” yêu cầu.",
                field=field,
            )
        if item.expiry_date is not None and item.expiry_date < local(at).date():
            raise InvalidInput(
                f"“{item.title}” đã hết hạn ngày {item.expiry_date:%d/%m/%Y}.", field=field
            )
        row, _ = DraftReuse.objects.update_or_create(
            draft=d,
            required_document=required_document,
            defaults={"store_item": item, "chosen_at": at},
        )
        old = DraftFile.objects.filter(draft=d, required_document=required_document).first()
        if old is not None:
            name = str(old.file.name or "")
            old.delete()
            transaction.on_commit(lambda: _remove_stored(DraftFile, [name]))
        _touch(d, at, None)
        d.save(update_fields=["token", "updated_at"])
    return row


def online_draft_delete(*, draft: OnlineDraft, by: User, at: dt.datetime) -> None:
    """Throw a draft away with its files (a submitted one is kept: it is the dossier's)."""
    with transaction.atomic():
        d = _editable(draft, by)
        names = [str(f.file.name or "") for f in d.files.all()]
        d.delete()
        transaction.on_commit(lambda: _remove_stored(DraftFile, names))


def _remove_stored(model: type[DraftFile], names: list[str]) -> None:
    storage = model._meta.get_field("file").storage
    for name in filter(None, names):
        try:
            storage.delete(name)
        except OSError:  # already gone: nothing to free
            log.warning("Could not delete stored draft file %s", name)


# --- Submitting -----------------------------------------------------------------------------


def _applicant_input(raw: Mapping[str, Any], kind_default: str) -> ApplicantInput:
    born = str(raw.get("date_of_birth") or "").strip()
    date_of_birth = None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            date_of_birth = dt.datetime.strptime(born, fmt).date()  # noqa: DTZ007 - a date only
            break
        except ValueError:
            continue
    kind = str(raw.get("kind") or kind_default)
    return ApplicantInput(
        kind=kind,
        full_name=str(raw.get("full_name") or ""),
        citizen_id=str(raw.get("citizen_id") or "") if kind == ApplicantKind.INDIVIDUAL else "",
        date_of_birth=date_of_birth if kind == ApplicantKind.INDIVIDUAL else None,
        tax_code=str(raw.get("tax_code") or "") if kind == ApplicantKind.ORGANIZATION else "",
        legal_representative=str(raw.get("legal_representative") or "")
        if kind == ApplicantKind.ORGANIZATION
        else "",
        address=str(raw.get("address") or ""),
        phone=str(raw.get("phone") or ""),
        email=str(raw.get("email") or ""),
    )


def online_draft_submit(
    *,
    draft: OnlineDraft,
    token: str,
    by: User,
    at: dt.datetime,
    eform_pdf: bytes | None = None,
) -> Dossier:
    """Submit the draft: the dossier core records the dossier (status submitted, its code
    now) for the desk to check. Idempotent per draft: a repeated call returns the same
    dossier. `token` must be the draft's current token (else DraftChanged). `eform_pdf` (the
    e-form rendered by the caller, outside the transaction) is attached as a document."""
    with transaction.atomic():
        d = _lock(draft, by)
        if d.dossier_id is not None:
            return Dossier.objects.get(pk=d.dossier_id)
        if str(d.token) != str(token or "").strip():
            raise DraftChanged(
                "Hồ sơ nháp vừa được sửa (ở trang khác hoặc thiết bị khác). Vui lòng xem lại "
                "trước khi nộp.",
                field="token",
            )
        day = local(at).date()
        problems = draft_problems(d, on=day)
        if problems:
            raise DraftIncomplete(
                "Hồ sơ chưa đủ để nộp: " + " ".join(p.message for p in problems),
                field="draft",
                problems=[{"step": p.step, "message": p.message} for p in problems],
            )
        version: ProcedureVersion = d.procedure_version
        if not online_allowed(version, day):
            raise OnlineNotOffered(
                "Thủ tục này không còn tiếp nhận hồ sơ trực tuyến theo phiên bản đã chọn; "
                "vui lòng tạo hồ sơ mới.",
                field="procedure",
            )
        files = draft_files(d)
        reuses = draft_reuses(d)
        documents = [
            DocumentInput(
                required_document_id=doc_id,
                file=File(f.file.open("rb"), name=f.original_name),
            )
            for doc_id, f in files.items()
        ]
        # Reused store documents: handed in without a copy; linked below.
        documents += [
            DocumentInput(required_document_id=doc_id) for doc_id in reuses if doc_id not in files
        ]
        if eform_pdf:
            documents.append(
                DocumentInput(
                    name=EFORM_DOCUMENT_NAME,
                    originals=1,
                    copies=0,
                    file=ContentFile(eform_pdf, name="to-khai-dien-tu.pdf"),
                )
            )
        kinds = version.applicant_types or [ApplicantKind.INDIVIDUAL]
        assert d.receiving_unit is not None  # noqa: S101 - draft_problems checked it
        reception = ReceptionInput(
            procedure_code=version.procedure.national_code,
            case_code=d.case.code if d.case else "",
            receiving_unit=d.receiving_unit,
            channel=Channel.ONLINE,
            applicant=_applicant_input(d.applicant or {}, kinds[0]),
            documents=documents,
        )
        try:
            dossier = dossier_submit_online(reception=reception, by=by, at=at)
        finally:
            for doc in documents:
                if doc.file is not None:
                    doc.file.close()
        reception_digitise(
            dossier=dossier,
            items=[
                ReceptionDigitisation(required_document_id=doc_id, reuse=r.store_item)
                for doc_id, r in reuses.items()
                if doc_id not in files
            ],
            by=by,
            at=at,
            channel=Channel.ONLINE,
        )
        d.dossier = dossier
        d.submitted_at = at
        d.submitted_token = uuid.UUID(str(d.token))
        d.reached_step = Step.REVIEW
        d.save(update_fields=["dossier", "submitted_at", "submitted_token", "reached_step"])
        # The dossier has its own copies now; the draft's are freed after the commit.
        names = [str(f.file.name or "") for f in d.files.all()]
        DraftFile.objects.filter(draft=d).delete()
        transaction.on_commit(lambda: _remove_stored(DraftFile, names))
    return dossier
