"""What a citizen does on a dossier from the portal, beside submitting it: the online
supplement (bổ sung trực tuyến).

The portal establishes who the citizen is and that the dossier is theirs (the citizens app's
matching); this module checks the request and the files and then goes through the dossier
core's own transition, `dossier_receive_supplement`, so the clock rules are the core's:
before reception the dossier goes back to the desk's check; during processing the clock
stop ends and the full time limit restarts from the moment the supplement arrives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.files import File
from django.db import transaction

from motcua.accounts.models import User
from motcua.core.errors import InvalidInput
from motcua.core.files import CheckedFile, Upload, UploadRefused, check_upload
from motcua.core.text import clean, fold
from motcua.dossiers.models import Dossier, Supplement
from motcua.dossiers.services._common import CannotAct, WrongState
from motcua.dossiers.services.deadlines import dossier_receive_supplement
from motcua.dossiers.services.reception import DocumentInput
from motcua.dossiers.workflow import Status, allowed_actions

ONLINE_SUFFIX = " (bổ sung trực tuyến)"


@dataclass(frozen=True)
class SupplementItem:
    """One thing the officer asked for, as the citizen sees it."""

    index: int
    name: str
    reason: str


class SupplementFilesRefused(InvalidInput):
    """One or more supplement files are missing or refused; `errors` maps each item's field
    (``item_<n>``) to its message."""


def open_supplement_request(dossier: Dossier) -> Supplement | None:
    """The supplement request still waiting for the applicant, if any."""
    if dossier.status != Status.SUPPLEMENT_REQUESTED:
        return None
    return (
        Supplement.objects.filter(dossier=dossier, received_at__isnull=True)
        .order_by("-requested_at", "-pk")
        .first()
    )


def supplement_items(request: Supplement) -> list[SupplementItem]:
    out = []
    for i, item in enumerate(request.items or []):
        if isinstance(item, dict) and clean(str(item.get("name", ""))):
            out.append(
                SupplementItem(
                    index=i,
                    name=clean(str(item["name"])),
                    reason=clean(str(item.get("reason", "") or "")),
                )
            )
        elif isinstance(item, str) and clean(item):
            out.append(SupplementItem(index=i, name=clean(item), reason=""))
    return out


def _required_document_id(d: Dossier, name: str) -> int | None:
    """The required document an item names exactly (the desk's slip lists missing documents
    by their catalogue names), so the checklist counts it as provided."""
    key = fold(name)
    for doc in d.procedure_version.documents_for(d.case):
        if fold(doc.name) == key:
            return doc.pk
    return None


def dossier_supplement_online(
    *,
    dossier: Dossier,
    uploads: Mapping[int, Upload],
    by: User,
    at: dt.datetime,
    note: str = "",
    version: int | None = None,
) -> Dossier:
    """The applicant sends online every item of the open supplement request: `uploads` maps
    each item's index to its file (PDF, JPEG or PNG; type sniffed; size limit). Every item
    needs a file; each refusal names its item (SupplementFilesRefused, field ``item_<n>``).
    Only the account that submitted the dossier online may do this (CannotAct otherwise).
    The core's `dossier_receive_supplement` then records the supplement with `by` as the
    one who brought it."""
    if dossier.submitted_by_id is None or dossier.submitted_by_id != by.pk:
        raise CannotAct(
            "Chỉ tài khoản đã nộp hồ sơ này trực tuyến được gửi bổ sung trực tuyến; "
            "vui lòng mang giấy tờ bổ sung đến nơi tiếp nhận hồ sơ.",
            field="by",
        )
    request = open_supplement_request(dossier)
    if request is None:
        raise WrongState(
            "Hồ sơ không có yêu cầu bổ sung đang chờ.",
            field="status",
            status=dossier.status,
            allowed_actions=allowed_actions(dossier.status),
        )
    items = supplement_items(request)
    errors: dict[str, str] = {}
    checked: list[tuple[SupplementItem, CheckedFile, Upload]] = []
    for item in items:
        field = f"item_{item.index}"
        upload = uploads.get(item.index)
        if upload is None:
            errors[field] = f"Chưa tải lên tệp cho “{item.name}”."
            continue
        try:
            checked.append((item, check_upload(upload, field=field), upload))
        except UploadRefused as exc:
            errors[field] = exc.message
    if errors:
        first = next(iter(errors))
        raise SupplementFilesRefused(" ".join(errors.values()), field=first, errors=errors)
    documents: Sequence[DocumentInput] = [
        DocumentInput(
            required_document_id=_required_document_id(dossier, item.name),
            name=(item.name + ONLINE_SUFFIX)[:1000],
            file=File(upload, name=found.name),  # type: ignore[arg-type]
        )
        for item, found, upload in checked
    ]
    with transaction.atomic():
        return dossier_receive_supplement(
            dossier=dossier,
            by=by,
            at=at,
            documents=documents,
            note=clean(note)[:1000],
            version=version,
        )


__all__ = [
    "SupplementFilesRefused",
    "SupplementItem",
    "dossier_supplement_online",
    "open_supplement_request",
    "supplement_items",
]
