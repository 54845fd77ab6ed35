"""Writes of the documents context: digitising a paper document at the desk (scan, upload,
reuse from the store, or no scan needed), signing with the unit's certificate, publishing the
electronic result, pushing results to the citizen's store, and the citizen adding documents.

Heavy work (combining page images, rendering the preview, signing, writing blobs) happens
before the transaction; the rows and the audit event are written in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from motcua.accounts.models import User
from motcua.core import files as checks
from motcua.core.clock import local
from motcua.core.errors import Conflict, InvalidInput, NotAllowed
from motcua.core.text import clean
from motcua.documents import pki, signing
from motcua.documents.filestore import (
    file_read,
    file_store,
    images_to_pdf,
    pdf_preview_png,
)
from motcua.documents.models import (
    Digitisation,
    DigitisationKind,
    DocumentType,
    ElectronicResult,
    OwnerKind,
    Signature,
    SignaturePurpose,
    StoredFile,
    StoreDocument,
    StoreSource,
)
from motcua.documents.selectors import applicant_owner, doc_type_for_name
from motcua.dossiers.models import Dossier, DossierDocument, Result
from motcua.dossiers.services import _common as c
from motcua.dossiers.workflow import Status
from motcua.organization.models import Unit

CLOSED_FOR_DIGITISING = (Status.DRAFT, Status.NOT_RECEIVED)


class NoCertificate(Conflict):
    """The unit has no signing certificate."""


# --- Signing ------------------------------------------------------------------------------


def unit_sign(
    *, source: StoredFile, unit: Unit, purpose: str, at: dt.datetime, field: str
) -> StoredFile:
    """The PDF `source` signed with `unit`'s certificate, stored (with its Signature row).
    Raises NoCertificate when the unit has none."""
    pair = pki.unit_keypair(unit.code)
    if pair is None:
        raise NoCertificate(f"{unit} chưa có chứng thư số để ký.", field=field)
    reason = (
        "Bản số hóa từ bản giấy"
        if purpose == SignaturePurpose.DIGITISED
        else "Kết quả giải quyết TTHC"
    )
    try:
        signed_bytes = signing.sign_pdf(
            file_read(source), pair=pair, reason=reason, location=unit.name
        )
    except signing.PdfUnreadable as exc:
        raise checks.UploadRefused(
            "Tệp PDF không ký số được (tệp hỏng hoặc được bảo vệ).", field=field
        ) from exc
    signed = file_store(
        data=signed_bytes, name="signed.pdf", at=at, field=field, max_bytes=len(signed_bytes)
    )
    Signature.objects.get_or_create(
        signed=signed,
        defaults={
            "source": source,
            "unit": unit,
            "purpose": purpose,
            "certificate_serial": format(pair.certificate.serial_number, "x")[:64],
            "at": at,
        },
    )
    return signed


# --- Digitisation at reception ----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ScanInput:
    """The scan of one paper document: a PDF, or page images in page order; and the number
    of pages the officer counted on the paper original."""

    pdf: tuple[str, bytes] | None = None
    pages: Sequence[tuple[str, bytes]] = ()
    paper_pages: int


def _check_document(document: DossierDocument, by: User, at: dt.datetime) -> Dossier:
    d = document.dossier
    if d.status in CLOSED_FOR_DIGITISING:
        raise Conflict("Hồ sơ chưa được tiếp nhận nên chưa số hóa.", field="document")
    c.require_desk(by, d, at=at, what="số hóa thành phần hồ sơ")
    return d


def _save_digitisation(document: DossierDocument, d: Dossier, **fields: object) -> Digitisation:
    row, _ = Digitisation.objects.update_or_create(
        document=document, defaults={"dossier": d, **fields}
    )
    return row


def document_digitise(
    *, document: DossierDocument, scan: ScanInput, by: User, at: dt.datetime
) -> Digitisation:
    """Attach the scan of a paper document, check its page count against the paper, sign the
    digitised copy with the receiving unit's certificate, and put typed documents (CCCD,
    giấy khai sinh…) in the applicant's store."""
    field = f"doc_{document.pk}"
    d = _check_document(document, by, at)
    if not 1 <= scan.paper_pages <= 1000:
        raise InvalidInput("Số trang của bản giấy phải từ 1 đến 1000.", field=f"{field}_pages")
    if scan.pdf is not None and scan.pages:
        raise InvalidInput("Chọn một tệp PDF hoặc ảnh các trang, không chọn cả hai.", field=field)
    if scan.pdf is not None:
        kind = DigitisationKind.UPLOADED
        source = file_store(
            data=scan.pdf[1], name=scan.pdf[0], at=at, field=field, kinds=(checks.PDF,)
        )
    else:
        kind = DigitisationKind.SCANNED
        combined = images_to_pdf(scan.pages, field=field)
        source = file_store(
            data=combined, name="scan.pdf", at=at, field=field, max_bytes=len(combined)
        )
    if source.page_count != scan.paper_pages:
        raise InvalidInput(
            f"Bản số hóa có {source.page_count} trang nhưng bản giấy có {scan.paper_pages} "
            "trang; hãy quét lại cho đủ trang.",
            field=f"{field}_pages",
        )
    try:
        signed = unit_sign(
            source=source,
            unit=d.receiving_unit,
            purpose=SignaturePurpose.DIGITISED,
            at=at,
            field=field,
        )
    except NoCertificate:
        signed = source  # kept unsigned; the page says so
    png = pdf_preview_png(file_read(source))
    preview = (
        file_store(data=png, name="preview.png", at=at, field=field, max_bytes=len(png))
        if png
        else None
    )
    doc_type = doc_type_for_name(document.name)
    owner = applicant_owner(d)
    with transaction.atomic():
        row = _save_digitisation(
            document,
            d,
            kind=kind,
            file=signed,
            source=source,
            preview=preview,
            page_count=source.page_count,
            pages_confirmed=True,
            store_item=None,
            note="",
            by=by,
            at=at,
        )
        if doc_type is not None and owner is not None:
            StoreDocument.objects.get_or_create(
                owner_kind=owner[0],
                owner_number=owner[1],
                file=signed,
                defaults={
                    "doc_type": doc_type,
                    "title": document.name[:500],
                    "source": StoreSource.DIGITISED,
                    "source_dossier": d,
                    "added_by": by,
                    "added_at": at,
                },
            )
        c.event(
            d,
            "dossier.document.digitised",
            by=by,
            at=at,
            staff_text=f"Số hóa “{document.name[:200]}” ({source.page_count} trang"
            f"{', đã ký số' if signed.pk != source.pk else ', chưa ký số'}).",
            data={"document": document.pk, "file": signed.sha256, "pages": source.page_count},
        )
    return row


def document_mark_no_scan(
    *, document: DossierDocument, kind: str, by: User, at: dt.datetime, note: str = ""
) -> Digitisation:
    """Record that a document needs no scan: only shown (xuất trình) or already electronic."""
    if kind not in (DigitisationKind.NOT_NEEDED, DigitisationKind.ELECTRONIC):
        raise InvalidInput("Lý do không số hóa không hợp lệ.", field=f"doc_{document.pk}_kind")
    d = _check_document(document, by, at)
    with transaction.atomic():
        row = _save_digitisation(
            document,
            d,
            kind=kind,
            file=None,
            source=None,
            preview=None,
            page_count=None,
            pages_confirmed=False,
            store_item=None,
            note=clean(note)[:500],
            by=by,
            at=at,
        )
        c.event(
            d,
            "dossier.document.no_scan",
            by=by,
            at=at,
            staff_text=f"“{document.name[:200]}”: {DigitisationKind(kind).label}.",
            data={"document": document.pk, "kind": kind},
        )
    return row


def document_reuse(
    *,
    document: DossierDocument,
    item: StoreDocument,
    by: User | None,
    at: dt.datetime,
    channel: str = "counter",
) -> Digitisation:
    """Link a document of the applicant's store instead of scanning the paper again, and
    record the reuse. At the desk `by` is the officer; online (`by` None or the citizen) the
    item must belong to the applicant all the same."""
    d = document.dossier
    if d.status in CLOSED_FOR_DIGITISING:
        raise Conflict("Hồ sơ chưa được tiếp nhận.", field="document")
    if channel == "counter":
        if by is None:
            raise NotAllowed("Cần cán bộ tiếp nhận.", field="by")
        c.require_desk(by, d, at=at, what="dùng lại giấy tờ từ kho dữ liệu")
    owner = applicant_owner(d)
    if owner is None or (item.owner_kind, item.owner_number) != owner:
        raise NotAllowed(
            "Giấy tờ không thuộc kho dữ liệu của người nộp hồ sơ.", field=f"doc_{document.pk}_reuse"
        )
    if item.expiry_date is not None and item.expiry_date < local(at).date():
        raise Conflict(
            f"“{item.title}” đã hết hạn ngày {item.expiry_date:%d/%m/%Y}.",
            field=f"doc_{document.pk}_reuse",
        )
    with transaction.atomic():
        row = _save_digitisation(
            document,
            d,
            kind=DigitisationKind.REUSED,
            file=item.file,
            source=item.file,
            preview=None,
            page_count=item.file.page_count,
            pages_confirmed=False,
            store_item=item,
            channel=channel[:10],
            note="",
            by=by,
            at=at,
        )
        c.event(
            d,
            "dossier.document.reused",
            by=by,
            at=at,
            staff_text=f"Dùng lại “{item.title[:200]}” từ kho dữ liệu cho “{document.name[:200]}”.",
            data={"document": document.pk, "store_item": item.pk, "channel": channel},
        )
    return row


# --- Electronic results ----------------------------------------------------------------------


def result_publish(*, result: Result, by: User, at: dt.datetime) -> ElectronicResult:
    """Sign the result document (a PDF) with the agency's certificate: the electronic result
    the citizen downloads and anyone verifies. Idempotent."""
    existing = ElectronicResult.objects.filter(result=result).first()
    if existing is not None:
        return existing
    if not result.document:
        raise InvalidInput("Kết quả chưa có tệp văn bản.", field="document")
    with result.document.open("rb") as handle:
        data = bytes(handle.read())
    source = file_store(
        data=data,
        name=(result.document.name or "result.pdf").rsplit("/", 1)[-1],
        at=at,
        field="document",
        kinds=(checks.PDF,),
    )
    signed = unit_sign(
        source=source, unit=result.agency, purpose=SignaturePurpose.RESULT, at=at, field="document"
    )
    d = result.dossier
    with transaction.atomic():
        row, created = ElectronicResult.objects.get_or_create(
            result=result, defaults={"dossier": d, "file": signed, "by": by, "at": at}
        )
        if created:
            c.event(
                d,
                "dossier.result.signed",
                by=by,
                at=at,
                staff_text=f"Ký số kết quả bằng chứng thư của {result.agency}.",
                citizen_text="Kết quả điện tử đã được ký số; có thể tải về và kiểm tra chữ ký.",
                data={"result": result.pk, "file": signed.sha256},
            )
    return row


def result_push_to_store(*, dossier: Dossier, at: dt.datetime) -> list[StoreDocument]:
    """Put the dossier's electronic results in the applicant's store (once each)."""
    owner = applicant_owner(dossier)
    if owner is None:
        return []
    pushed: list[StoreDocument] = []
    with transaction.atomic():
        rows = ElectronicResult.objects.select_for_update().filter(
            dossier=dossier, pushed_at__isnull=True
        )
        for er in rows.select_related("result", "result__agency"):
            result = er.result
            name = dossier.procedure_version.name
            item, _ = StoreDocument.objects.get_or_create(
                owner_kind=owner[0],
                owner_number=owner[1],
                file=er.file,
                defaults={
                    "doc_type": doc_type_for_name(name),
                    "title": f"Kết quả: {name}"[:500],
                    "number": result.number[:100],
                    "issuing_body": result.agency.name[:255],
                    "issue_date": local(result.signed_at or er.at).date(),
                    "source": StoreSource.RESULT,
                    "source_dossier": dossier,
                    "added_at": at,
                },
            )
            er.pushed_at = at
            er.save(update_fields=["pushed_at"])
            pushed.append(item)
            c.event(
                dossier,
                "dossier.result.stored",
                by=None,
                at=at,
                staff_text="Kết quả điện tử đã đưa vào kho dữ liệu của người nộp.",
                citizen_text="Kết quả đã được lưu vào kho dữ liệu của bạn.",
                data={"result": result.pk, "store_item": item.pk},
            )
    return pushed


# --- The citizen's store ----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class StoreInput:
    title: str
    doc_type: DocumentType | None = None
    number: str = ""
    issuing_body: str = ""
    issue_date: dt.date | None = None
    expiry_date: dt.date | None = None


def store_document_add(
    *,
    owner: tuple[str, str],
    data: StoreInput,
    upload: tuple[str, bytes],
    by: User,
    at: dt.datetime,
) -> StoreDocument:
    """A citizen adds a document to their own store."""
    kind, number = owner
    if kind not in OwnerKind.values or not number:
        raise NotAllowed("Tài khoản chưa có số định danh hoặc mã số thuế.", field="owner")
    title = clean(data.title)
    if not title:
        raise InvalidInput("Chưa nhập tên giấy tờ.", field="title")
    if data.issue_date and data.expiry_date and data.expiry_date < data.issue_date:
        raise InvalidInput("Ngày hết hạn phải sau ngày cấp.", field="expiry_date")
    if data.issue_date and data.issue_date > local(at).date():
        raise InvalidInput("Ngày cấp không được sau hôm nay.", field="issue_date")
    stored = file_store(data=upload[1], name=upload[0], at=at, field="file")
    with transaction.atomic():
        item, created = StoreDocument.objects.get_or_create(
            owner_kind=kind,
            owner_number=number,
            file=stored,
            defaults={
                "doc_type": data.doc_type,
                "title": title[:500],
                "number": clean(data.number)[:100],
                "issuing_body": clean(data.issuing_body)[:255],
                "issue_date": data.issue_date,
                "expiry_date": data.expiry_date,
                "source": StoreSource.CITIZEN,
                "added_by": by,
                "added_at": at,
            },
        )
        if not created:
            raise Conflict("Tệp này đã có trong kho dữ liệu của bạn.", field="file")
    return item
