from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.documents import signing
from motcua.documents.filestore import file_read
from motcua.documents.models import Digitisation, DigitisationKind, ElectronicResult
from motcua.documents.services import result_publish
from motcua.documents.tests.helpers import page_png, pdf_pages
from motcua.dossiers.services import dossier_attach_result, step_transfer
from motcua.dossiers.tests.factories import T0, ProcessingDossierFactory, ReceivedDossierFactory


def test_the_desk_scans_page_images_on_the_dossier_page_and_sees_the_signature(
    w: Any, client: Any
) -> None:
    d = ReceivedDossierFactory.create(world=w)
    doc = d.documents.order_by("pk")[0]
    client.force_login(w.receiver)
    url = f"/staff/files/ho-so/{d.code}/"
    response = client.post(
        url,
        {
            "action": "scan",
            "document": doc.pk,
            f"paper_pages_{doc.pk}": "2",
            f"pages_{doc.pk}": [
                SimpleUploadedFile("1.png", page_png("1")),
                SimpleUploadedFile("2.png", page_png("2")),
            ],
        },
    )
    assert response.status_code == 302
    row = Digitisation.objects.get(document=doc)
    assert row.kind == DigitisationKind.SCANNED and row.page_count == 2
    page = client.get(url).content.decode()
    assert "Chữ ký số hợp lệ" in page
    file_response = client.get(f"/staff/files/ho-so/{d.code}/tep/{row.file_id}/")
    assert file_response.status_code == 200 and file_response.content.startswith(b"%PDF-")


def test_a_staff_member_outside_the_dossier_units_cannot_read_its_files(
    w: Any, client: Any
) -> None:
    d = ReceivedDossierFactory.create(world=w)
    doc = d.documents.order_by("pk")[0]
    from motcua.documents.services import ScanInput, document_digitise

    row = document_digitise(
        document=doc,
        scan=ScanInput(pdf=("a.pdf", pdf_pages(1)), paper_pages=1),
        by=w.receiver,
        at=T0 + dt.timedelta(minutes=5),
    )
    client.force_login(w.outsider)
    assert client.get(f"/staff/files/ho-so/{d.code}/tep/{row.file_id}/").status_code == 404


def test_the_public_page_verifies_an_uploaded_result_and_its_qr_link(w: Any, client: Any) -> None:
    d = ProcessingDossierFactory.create(world=w)
    d = step_transfer(dossier=d, by=w.specialist, at=T0 + dt.timedelta(hours=4))
    d = dossier_attach_result(
        dossier=d,
        number="1/KQ",
        document=ContentFile(pdf_pages(1, "kq"), name="kq.pdf"),
        by=w.head,
        at=T0 + dt.timedelta(hours=6),
    )
    er = result_publish(result=d.results.get(), by=w.head, at=T0 + dt.timedelta(hours=6))
    signed = file_read(er.file)
    page = client.post("/xac-thuc/", {"file": SimpleUploadedFile("kq.pdf", signed)})
    text = page.content.decode()
    assert page.status_code == 200 and "Văn bản hợp lệ" in text and w.agency.name in text
    tampered = bytearray(signed)
    tampered[signed.index(b"stream") + 20] ^= 1
    bad = client.post("/xac-thuc/", {"file": SimpleUploadedFile("kq.pdf", bytes(tampered))})
    assert "Văn bản không hợp lệ" in bad.content.decode()
    qr = client.get(f"/xac-thuc/?h={er.file.sha256}")
    assert qr.status_code == 200 and "Văn bản hợp lệ" in qr.content.decode()
    assert client.get("/xac-thuc/?h=" + "0" * 64).status_code == 404
    assert signing.verify_pdf(signed).ok
    assert ElectronicResult.objects.count() == 1


@pytest.mark.django_db
def test_the_store_page_needs_a_login(client: Any) -> None:
    response = client.get("/kho-du-lieu/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
