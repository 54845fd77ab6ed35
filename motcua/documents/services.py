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
from motcua.documents.selectors import applicant_owner, doc_type_for_name, doc_type_for_result
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


@dataclass(frozen=True, kw_only=True)
class PreparedScan:
    """A scan checked, stored and signed (the heavy part of digitising), not yet recorded
    against a document: `scan_prepare` runs before the transaction that records it."""

    kind: str
    source: StoredFile
    signed: StoredFile
    preview: StoredFile | None

    @property
    def page_count(self) -> int | None:
        return self.source.page_count


def scan_input_from_uploads(uploads: Sequence[tuple[str, bytes]], *, paper_pages: int) -> ScanInput:
    """One input box takes either one PDF or page images in page order: a single file that
    starts like a PDF is the PDF; anything else is treated as page images (and refused by
    `images_to_pdf` with a clear message if it is not one)."""
    if len(uploads) == 1 and uploads[0][1].startswith(b"%PDF-"):
        return ScanInput(pdf=uploads[0], paper_pages=paper_pages)
    return ScanInput(pages=tuple(uploads), paper_pages=paper_pages)


def scan_prepare(
    *, scan: ScanInput, unit: Unit, at: dt.datetime, field: str, pages_field: str = ""
) -> PreparedScan:
    """Check and store the scan of one paper document (a PDF, or page images combined into
    one PDF in page order), check its page count against the paper original, sign it with
    `unit`'s certificate (kept unsigned if the unit has none) and render the first page's
    preview. No transaction, no dossier row: the caller records it (`document_digitise`, or
    `reception_digitise` inside the reception's transaction)."""
    pages_field = pages_field or f"{field}_pages"
    if not 1 <= scan.paper_pages <= 1000:
        raise InvalidInput("Số trang của bản giấy phải từ 1 đến 1000.", field=pages_field)
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
            field=pages_field,
        )
    try:
        signed = unit_sign(
            source=source, unit=unit, purpose=SignaturePurpose.DIGITISED, at=at, field=field
        )
    except NoCertificate:
        signed = source  # kept unsigned; the page says so
    png = pdf_preview_png(file_read(source))
    preview = (
        file_store(data=png, name="preview.png", at=at, field=field, max_bytes=len(png))
        if png
        else None
    )
    return PreparedScan(kind=kind, source=source, signed=signed, preview=preview)


def _record_scan(
    document: DossierDocument, d: Dossier, scan: PreparedScan, *, by: User, at: dt.datetime
) -> Digitisation:
    """Inside a transaction: the digitisation row, the typed copy in the applicant's store,
    the audit event."""
    source, signed = scan.source, scan.signed
    row = _save_digitisation(
        document,
        d,
        kind=scan.kind,
        file=signed,
        source=source,
        preview=scan.preview,
        page_count=source.page_count,
        pages_confirmed=True,
        store_item=None,
        note="",
        by=by,
        at=at,
    )
    doc_type = doc_type_for_name(document.name)
    owner = applicant_owner(d)
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


def document_digitise(
    *, document: DossierDocument, scan: ScanInput, by: User, at: dt.datetime
) -> Digitisation:
    """Attach the scan of a paper document, check its page count against the paper, sign the
    digitised copy with the receiving unit's certificate, and put typed documents (CCCD,
    giấy khai sinh…) in the applicant's store."""
    field = f"doc_{document.pk}"
    d = _check_document(document, by, at)
    prepared = scan_prepare(scan=scan, unit=d.receiving_unit, at=at, field=field)
    with transaction.atomic():
        return _record_scan(document, d, prepared, by=by, at=at)


def _record_no_scan(
    document: DossierDocument, d: Dossier, kind: str, *, by: User, at: dt.datetime, note: str
) -> Digitisation:
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


NO_SCAN_KINDS = (DigitisationKind.NOT_NEEDED, DigitisationKind.ELECTRONIC)


def document_mark_no_scan(
    *, document: DossierDocument, kind: str, by: User, at: dt.datetime, note: str = ""
) -> Digitisation:
    """Record that a document needs no scan: only shown (xuất trình) or already electronic."""
    if kind not in NO_SCAN_KINDS:
        raise InvalidInput("Lý do không số hóa không hợp lệ.", field=f"doc_{document.pk}_kind")
    d = _check_document(document, by, at)
    with transaction.atomic():
        return _record_no_scan(document, d, kind, by=by, at=at, note=note)


def _check_reuse(
    d: Dossier, document: DossierDocument, item: StoreDocument, *, at: dt.datetime, field: str
) -> None:
    owner = applicant_owner(d)
    if owner is None or (item.owner_kind, item.owner_number) != owner:
        raise NotAllowed("Giấy tờ không thuộc kho dữ liệu của người nộp hồ sơ.", field=field)
    wanted = doc_type_for_name(document.name)
    if wanted is None or item.doc_type_id != wanted.pk:
        raise InvalidInput(
            f"“{item.title}” không phải loại giấy tờ mà “{document.name}” yêu cầu.", field=field
        )
    if item.expiry_date is not None and item.expiry_date < local(at).date():
        raise Conflict(f"“{item.title}” đã hết hạn ngày {item.expiry_date:%d/%m/%Y}.", field=field)


def _record_reuse(
    document: DossierDocument,
    d: Dossier,
    item: StoreDocument,
    *,
    by: User | None,
    at: dt.datetime,
    channel: str,
) -> Digitisation:
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


def document_reuse(
    *,
    document: DossierDocument,
    item: StoreDocument,
    by: User | None,
    at: dt.datetime,
    channel: str = "counter",
    field: str = "",
) -> Digitisation:
    """Link a document of the applicant's store instead of scanning the paper again, and
    record the reuse. At the desk `by` is the officer; online (`by` None or the citizen) the
    item must belong to the applicant all the same. `field` names the input in errors."""
    field = field or f"doc_{document.pk}_reuse"
    d = document.dossier
    if d.status in CLOSED_FOR_DIGITISING:
        raise Conflict("Hồ sơ chưa được tiếp nhận.", field="document")
    if channel == "counter":
        if by is None:
            raise NotAllowed("Cần cán bộ tiếp nhận.", field="by")
        c.require_desk(by, d, at=at, what="dùng lại giấy tờ từ kho dữ liệu")
    _check_reuse(d, document, item, at=at, field=field)
    with transaction.atomic():
        return _record_reuse(document, d, item, by=by, at=at, channel=channel)


# --- Digitisation in the reception form -------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ReceptionDigitisation:
    """What the desk chose, in the reception form, for one required document it ticked:
    exactly one of a prepared scan, a mark that no scan is needed (`no_scan`: only shown or
    already electronic), or a document of the applicant's store to reuse."""

    required_document_id: int
    scan: PreparedScan | None = None
    no_scan: str = ""
    reuse: StoreDocument | None = None


def reception_digitise(
    *,
    dossier: Dossier,
    items: Sequence[ReceptionDigitisation],
    by: User,
    at: dt.datetime,
    channel: str = "counter",
) -> list[Digitisation]:
    """Record, in the same transaction as the reception that created `dossier`, how each
    ticked paper document was digitised at the desk: scanned (prepared by `scan_prepare`
    before the transaction), reused from the applicant's store, or needing no scan. Errors
    name the reception form's inputs: `doc_<required document id>_file`, `…_reuse`,
    `…_no_scan`. Online (`channel` online, `by` the citizen) only reuses are allowed."""
    if not items:
        return []
    if dossier.status in CLOSED_FOR_DIGITISING:
        raise Conflict("Hồ sơ chưa được tiếp nhận nên chưa số hóa.", field="document")
    if channel == "counter":
        c.require_desk(by, dossier, at=at, what="số hóa thành phần hồ sơ")
    docs = {
        doc.required_document_id: doc
        for doc in DossierDocument.objects.filter(
            dossier=dossier, required_document__isnull=False, provided=True
        )
    }
    rows: list[Digitisation] = []
    with transaction.atomic():
        for item in items:
            field = f"doc_{item.required_document_id}"
            chosen = [x for x in (item.scan, item.no_scan, item.reuse) if x]
            if len(chosen) != 1:
                raise InvalidInput(
                    "Chọn một cách số hóa: đính kèm bản quét, dùng lại từ kho dữ liệu hoặc "
                    "không cần số hóa.",
                    field=f"{field}_file",
                )
            document = docs.get(item.required_document_id)
            if document is None:
                raise InvalidInput(
                    "Giấy tờ chưa được đánh dấu đã nhận nên không số hóa được.", field=field
                )
            if channel != "counter" and item.reuse is None:
                raise NotAllowed("Nộp trực tuyến chỉ dùng lại được giấy tờ.", field=field)
            if item.scan is not None:
                rows.append(_record_scan(document, dossier, item.scan, by=by, at=at))
            elif item.no_scan:
                if item.no_scan not in NO_SCAN_KINDS:
                    raise InvalidInput("Lý do không số hóa không hợp lệ.", field=f"{field}_no_scan")
                rows.append(_record_no_scan(document, dossier, item.no_scan, by=by, at=at, note=""))
            elif item.reuse is not None:
                _check_reuse(dossier, document, item.reuse, at=at, field=f"{field}_reuse")
                rows.append(
                    _record_reuse(document, dossier, item.reuse, by=by, at=at, channel=channel)
                )
    return rows


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
    """Put the dossier's electronic results in the applicant's store (once each). Their type
    is data, never guessed from the procedure's name: the document type whose `result_of`
    lists the procedure's national code (`doc_type_for_result`), else none (the result is
    kept, untyped, and offered for reuse only once staff give it a type)."""
    owner = applicant_owner(dossier)
    if owner is None:
        return []
    pushed: list[StoreDocument] = []
    with transaction.atomic():
        rows = ElectronicResult.objects.select_for_update().filter(
            dossier=dossier, pushed_at__isnull=True
        )
        version = dossier.procedure_version
        doc_type = doc_type_for_result(version.procedure.national_code)
        for er in rows.select_related("result", "result__agency"):
            result = er.result
            name = version.name
            item, _ = StoreDocument.objects.get_or_create(
                owner_kind=owner[0],
                owner_number=owner[1],
                file=er.file,
                defaults={
                    "doc_type": doc_type,
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
