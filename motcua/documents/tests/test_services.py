from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.base import ContentFile

from motcua.core.errors import InvalidInput
from motcua.core.files import UploadRefused
from motcua.documents import signing
from motcua.documents.filestore import file_read, file_store, images_to_pdf, pdf_page_count
from motcua.documents.models import (
    Digitisation,
    DigitisationKind,
    DocumentType,
    OwnerKind,
    StoredFile,
    StoreDocument,
    StoreSource,
)
from motcua.documents.selectors import digitisation_figures, reuse_offers
from motcua.documents.services import (
    ScanInput,
    document_digitise,
    document_mark_no_scan,
    document_reuse,
    result_publish,
    result_push_to_store,
)
from motcua.documents.tests.helpers import page_jpeg, page_png, pdf_pages
from motcua.dossiers.models import DossierDocument, DossierEvent
from motcua.dossiers.services import dossier_attach_result, dossier_return, step_transfer
from motcua.dossiers.tests.factories import (
    APPLICANT,
    T0,
    ProcessingDossierFactory,
    ReceivedDossierFactory,
)

AT = T0 + dt.timedelta(minutes=30)


def _docs(d: Any) -> list[DossierDocument]:
    return list(d.documents.order_by("pk"))


@pytest.mark.django_db
def test_identical_content_is_stored_once_whatever_the_name(tmp_path: Any) -> None:
    data = pdf_pages(2)
    first = file_store(data=data, name="a.pdf", at=AT, field="f")
    second = file_store(data=data, name="khac-ten.pdf", at=AT, field="f")
    assert first.pk == second.pk
    assert StoredFile.objects.count() == 1
    assert first.page_count == 2 and first.kind == "pdf" and first.size == len(data)
    assert len(list((tmp_path / "store").rglob("*.pdf"))) == 1
    assert file_read(first) == data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("giay.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 50, "không phải PDF thật (nội dung là PNG)"),
        ("virus.exe", b"MZ\x90\x00" + b"0" * 50, "không phải PDF, JPEG hoặc PNG"),
        ("trong.pdf", b"", "rỗng"),
        ("anh.jpg", b"%PDF-1.4 fake", "không phải JPEG thật"),
    ],
)
def test_files_whose_content_is_not_an_accepted_type_are_refused(
    name: str, data: bytes, says: str
) -> None:
    with pytest.raises(UploadRefused) as exc:
        file_store(data=data, name=name, at=AT, field="file")
    assert says in exc.value.message
    assert exc.value.field == "file"
    assert not StoredFile.objects.exists()


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused(settings: Any) -> None:
    settings.MOTCUA_UPLOAD_MAX_MB = 1
    with pytest.raises(UploadRefused, match="vượt quá giới hạn"):
        file_store(data=b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1), name="to.pdf", at=AT, field="f")


def test_page_images_become_one_pdf_in_page_order() -> None:
    pdf = images_to_pdf([("1.png", page_png("a")), ("2.jpg", page_jpeg("b"))], field="f")
    assert pdf.startswith(b"%PDF-")
    assert pdf_page_count(pdf) == 2


def test_a_page_that_is_not_an_image_is_refused() -> None:
    with pytest.raises(UploadRefused, match="chỉ nhận tệp JPEG hoặc PNG"):
        images_to_pdf([("1.png", page_png()), ("2.pdf", pdf_pages(1))], field="f")


def test_a_signed_pdf_verifies_and_a_tampered_copy_fails(w: Any) -> None:
    from motcua.documents import pki

    pair = pki.unit_keypair(w.agency.code)
    assert pair is not None
    signed = signing.sign_pdf(pdf_pages(1), pair=pair, reason="Kết quả")
    ok = signing.verify_pdf(signed)
    assert ok.ok and ok.signer == w.agency.name and ok.signer_code == w.agency.code
    assert ok.signed_at is not None
    tampered = bytearray(signed)
    spot = signed.index(b"stream") + 20  # inside the page content, covered by the signature
    tampered[spot] ^= 0x01
    bad = signing.verify_pdf(bytes(tampered))
    assert bad.signed and not bad.ok and not bad.valid
    assert "đã bị thay đổi" in bad.problem
    appended = signing.verify_pdf(signed + b"\n%%extra\n")
    assert not appended.ok and not appended.unchanged
    assert signing.verify_pdf(pdf_pages(1)).signed is False


@pytest.mark.django_db
def test_a_signature_from_an_untrusted_authority_is_not_valid(
    w: Any, settings: Any, tmp_path: Any
) -> None:
    from motcua.documents import pki

    settings.MOTCUA_PKI_DIR = tmp_path / "other"
    rogue = pki.unit_issue(code=w.agency.code, name=w.agency.name, at=AT)
    signed = signing.sign_pdf(pdf_pages(1), pair=rogue, reason="x")
    settings.MOTCUA_PKI_DIR = tmp_path / "pki"
    result = signing.verify_pdf(signed)
    assert result.intact and not result.trusted and not result.ok


def test_scanning_pages_signs_the_digitised_copy_and_records_who_and_when(w: Any) -> None:
    d = ReceivedDossierFactory.create(world=w)
    doc = _docs(d)[0]
    row = document_digitise(
        document=doc,
        scan=ScanInput(
            pages=[("p1.jpg", page_jpeg("1")), ("p2.png", page_png("2"))], paper_pages=2
        ),
        by=w.receiver,
        at=AT,
    )
    assert row.kind == DigitisationKind.SCANNED and row.page_count == 2 and row.pages_confirmed
    assert row.by == w.receiver and row.at == AT
    assert row.file is not None and row.file.pk != row.source_id
    check = signing.verify_pdf(file_read(row.file))
    assert check.ok and check.signer_code == w.desk.code
    assert row.preview is not None and row.preview.kind == "png"
    event = DossierEvent.objects.get(dossier=d, action="dossier.document.digitised")
    assert event.actor == w.receiver and event.data["pages"] == 2


def test_a_scan_whose_page_count_differs_from_the_paper_is_refused(w: Any) -> None:
    d = ReceivedDossierFactory.create(world=w)
    doc = _docs(d)[0]
    with pytest.raises(Exception, match="có 3 trang nhưng bản giấy có 2 trang"):
        document_digitise(
            document=doc,
            scan=ScanInput(pdf=("scan.pdf", pdf_pages(3)), paper_pages=2),
            by=w.receiver,
            at=AT,
        )
    assert not Digitisation.objects.exists()


def test_only_the_receiving_desk_digitises(w: Any) -> None:
    d = ReceivedDossierFactory.create(world=w)
    with pytest.raises(Exception, match="Chỉ cán bộ một cửa"):
        document_digitise(
            document=_docs(d)[0],
            scan=ScanInput(pdf=("scan.pdf", pdf_pages(1)), paper_pages=1),
            by=w.specialist,
            at=AT,
        )


def test_a_document_only_shown_is_recorded_as_needing_no_scan(w: Any) -> None:
    d = ReceivedDossierFactory.create(world=w)
    row = document_mark_no_scan(
        document=_docs(d)[0], kind=DigitisationKind.NOT_NEEDED, by=w.receiver, at=AT
    )
    assert row.file is None and row.kind == DigitisationKind.NOT_NEEDED
    assert DossierEvent.objects.filter(dossier=d, action="dossier.document.no_scan").exists()


def _cccd_in_store(
    owner_number: str = APPLICANT.citizen_id, label: str = "cccd", **kw: Any
) -> StoreDocument:
    stored = file_store(data=pdf_pages(1, label), name="cccd.pdf", at=AT, field="file")
    return StoreDocument.objects.create(
        owner_kind=OwnerKind.PERSON,
        owner_number=owner_number,
        doc_type=DocumentType.objects.get(code="CCCD"),
        title="Căn cước công dân",
        file=stored,
        source=StoreSource.CITIZEN,
        added_at=AT,
        **kw,
    )


def test_a_store_document_matching_a_required_document_is_offered_and_its_reuse_recorded(
    w: Any,
) -> None:
    d = ReceivedDossierFactory.create(world=w)
    extra = DossierDocument.objects.create(
        dossier=d, name="Bản sao Căn cước công dân của người yêu cầu", added_at=AT
    )
    item = _cccd_in_store()
    _cccd_in_store(owner_number="079090009999")  # someone else's: never offered
    expired = _cccd_in_store(
        label="old", expiry_date=dt.date(2025, 1, 1), issue_date=dt.date(2010, 1, 1)
    )

    offers = reuse_offers(d, on=AT.date())
    assert [i.pk for i in offers[extra.pk]] == [item.pk]

    row = document_reuse(document=extra, item=item, by=w.receiver, at=AT)
    assert row.kind == DigitisationKind.REUSED and row.store_item == item and row.file == item.file
    event = DossierEvent.objects.get(dossier=d, action="dossier.document.reused")
    assert event.data == {"document": extra.pk, "store_item": item.pk, "channel": "counter"}
    with pytest.raises(Exception, match="đã hết hạn"):
        document_reuse(document=extra, item=expired, by=w.receiver, at=AT)


def test_a_store_document_of_another_person_cannot_be_reused(w: Any) -> None:
    d = ReceivedDossierFactory.create(world=w)
    extra = DossierDocument.objects.create(dossier=d, name="Căn cước công dân", added_at=AT)
    other = _cccd_in_store(owner_number="079090009999")
    with pytest.raises(Exception, match="không thuộc kho dữ liệu"):
        document_reuse(document=extra, item=other, by=w.receiver, at=AT)


def _done_with_pdf(w: Any) -> Any:
    d = ProcessingDossierFactory.create(world=w)
    d = step_transfer(dossier=d, by=w.specialist, at=T0 + dt.timedelta(hours=4))
    return dossier_attach_result(
        dossier=d,
        number="123/QĐ-STP",
        signed_by="Hồ Văn Dũng",
        document=ContentFile(pdf_pages(1, "result"), name="ket-qua.pdf"),
        by=w.head,
        at=T0 + dt.timedelta(hours=6),
    )


def test_the_result_is_signed_by_the_agency_and_pushed_to_the_store_when_returned(w: Any) -> None:
    d = _done_with_pdf(w)
    result = d.results.get()
    er = result_publish(result=result, by=w.head, at=T0 + dt.timedelta(hours=6))
    assert result_publish(result=result, by=w.head, at=T0 + dt.timedelta(hours=7)).pk == er.pk
    check = signing.verify_pdf(file_read(er.file))
    assert check.ok and check.signer_code == result.agency.code

    d = dossier_return(
        dossier=d,
        how="counter",
        collector_id=APPLICANT.citizen_id,
        by=w.receiver,
        at=T0 + dt.timedelta(hours=8),
    )
    pushed = result_push_to_store(dossier=d, at=T0 + dt.timedelta(hours=8))
    assert len(pushed) == 1
    item = pushed[0]
    assert (item.owner_kind, item.owner_number) == (OwnerKind.PERSON, APPLICANT.citizen_id)
    assert (
        item.source == StoreSource.RESULT and item.file == er.file and item.number == "123/QĐ-STP"
    )
    assert result_push_to_store(dossier=d, at=T0 + dt.timedelta(hours=9)) == []
    assert DossierEvent.objects.filter(dossier=d, action="dossier.result.stored").count() == 1


def test_figures_count_digitised_electronic_and_reusing_dossiers_per_unit(w: Any) -> None:
    full = ReceivedDossierFactory.create(world=w)
    for doc in _docs(full):
        document_mark_no_scan(document=doc, kind=DigitisationKind.ELECTRONIC, by=w.receiver, at=AT)
    ReceivedDossierFactory.create(world=w)  # nothing digitised
    rows = digitisation_figures(
        unit_ids=None, start=T0 - dt.timedelta(days=1), end=T0 + dt.timedelta(days=1)
    )
    (row,) = rows
    assert (row.received, row.digitised, row.reusing) == (2, 1, 0)
    assert row.digitised_share == 50.0 and row.electronic_share is None


def test_a_pushed_result_takes_its_type_from_data_never_from_the_procedure_name(w: Any) -> None:
    # The procedure's name says "… đang cư trú …": the residence type must not be guessed.
    version = w.version
    version.name = "Cấp Phiếu lý lịch tư pháp cho công dân đang cư trú tại Việt Nam"
    version.save(update_fields=["name"])
    d = _done_with_pdf(w)
    result_publish(result=d.results.get(), by=w.head, at=T0 + dt.timedelta(hours=6))
    d = dossier_return(
        dossier=d,
        how="counter",
        collector_id=APPLICANT.citizen_id,
        by=w.receiver,
        at=T0 + dt.timedelta(hours=8),
    )
    # Data says this procedure's result is a birth certificate (whatever its name says).
    birth = DocumentType.objects.get(code="KHAI_SINH")
    birth.result_of = [*birth.result_of, version.procedure.national_code]
    birth.save(update_fields=["result_of"])

    (item,) = result_push_to_store(dossier=d, at=T0 + dt.timedelta(hours=8))

    assert item.doc_type == birth


def test_a_result_of_a_procedure_no_type_names_is_stored_untyped(w: Any) -> None:
    d = _done_with_pdf(w)
    result_publish(result=d.results.get(), by=w.head, at=T0 + dt.timedelta(hours=6))
    d = dossier_return(
        dossier=d,
        how="counter",
        collector_id=APPLICANT.citizen_id,
        by=w.receiver,
        at=T0 + dt.timedelta(hours=8),
    )
    (item,) = result_push_to_store(dossier=d, at=T0 + dt.timedelta(hours=8))
    assert item.doc_type is None


def test_a_store_document_of_another_type_cannot_be_reused_for_a_required_document(
    w: Any,
) -> None:
    d = ReceivedDossierFactory.create(world=w)
    declaration = DossierDocument.objects.create(
        dossier=d, name="Tờ khai đăng ký thường trú", added_at=AT
    )
    identity_card = _cccd_in_store()  # the applicant's own, unexpired, but an identity card

    with pytest.raises(InvalidInput, match="không phải loại giấy tờ") as exc:
        document_reuse(document=declaration, item=identity_card, by=w.receiver, at=AT)

    assert exc.value.field == f"doc_{declaration.pk}_reuse"
    assert not Digitisation.objects.filter(dossier=d).exists()
