"""Wiring of the dossier transitions to documents: attaching a result (page and API) signs
it with the agency's certificate after the transition commits; returning the dossier pushes
the signed result to the applicant's store, once."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.tokens import token_issue
from motcua.documents import signing
from motcua.documents.filestore import file_read
from motcua.documents.hooks import publish_results
from motcua.documents.models import ElectronicResult, OwnerKind, StoreDocument, StoreSource
from motcua.documents.tests.helpers import pdf_pages
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.services import step_transfer
from motcua.dossiers.tests.factories import APPLICANT, T0, ProcessingDossierFactory


def _at_head(w: Any) -> Any:
    d = ProcessingDossierFactory.create(world=w)
    return step_transfer(dossier=d, by=w.specialist, at=T0 + dt.timedelta(hours=4))


def test_a_result_pdf_attached_on_the_page_is_signed_by_the_agency_after_commit(
    w: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    d = _at_head(w)
    client.force_login(w.head)
    with (
        time_machine.travel(T0 + dt.timedelta(hours=6), tick=False),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        response = client.post(
            f"/staff/dossiers/{d.code}/actions/attach-result/",
            {
                "version": d.version,
                "number": "5/QĐ",
                "document": SimpleUploadedFile("kq.pdf", pdf_pages(1, "kq")),
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(callbacks) == 1
    er = ElectronicResult.objects.get(dossier=d)
    check = signing.verify_pdf(file_read(er.file))
    assert check.ok and check.signer_code == er.result.agency.code
    assert er.by == w.head
    assert DossierEvent.objects.filter(dossier=d, action="dossier.result.signed").count() == 1
    page = client.get(f"/staff/dossiers/{d.code}/").content.decode()
    assert "Tải bản đã ký" in page and "Chữ ký số hợp lệ" in page


def test_a_result_attached_through_the_api_with_an_idempotency_key_is_signed_once(
    w: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    d = _at_head(w)
    _, raw = token_issue(user=w.head, name="t")
    body = {
        "version": d.version,
        "number": "6/QĐ",
        "document": {
            "filename": "kq.pdf",
            "content_base64": base64.b64encode(pdf_pages(1, "api")).decode(),
        },
    }
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_IDEMPOTENCY_KEY": "k-1"}
    with (
        time_machine.travel(T0 + dt.timedelta(hours=6), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        for _ in range(2):  # the retry is replayed, not run again
            r = client.post(
                f"/api/v1/dossiers/{d.code}/attach-result",
                body,
                content_type="application/json",
                **headers,
            )
            assert r.status_code == 200, r.json()
    er = ElectronicResult.objects.get(dossier=d)
    assert signing.verify_pdf(file_read(er.file)).ok
    assert DossierEvent.objects.filter(dossier=d, action="dossier.result.signed").count() == 1


def test_a_result_that_is_not_a_pdf_stays_unsigned_and_the_transition_stands(
    w: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    d = _at_head(w)
    client.force_login(w.head)
    with (
        time_machine.travel(T0 + dt.timedelta(hours=6), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            f"/staff/dossiers/{d.code}/actions/attach-result/",
            {"version": d.version, "document": SimpleUploadedFile("kq.txt", b"plain text")},
        )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.status == "done"
    assert not ElectronicResult.objects.filter(dossier=d).exists()
    assert publish_results(dossier_id=d.pk, by=w.head, at=T0) == 0


def test_returning_the_dossier_pushes_the_signed_result_to_the_applicant_store_once(
    w: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    d = _at_head(w)
    client.force_login(w.head)
    with (
        time_machine.travel(T0 + dt.timedelta(hours=6), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(
            f"/staff/dossiers/{d.code}/actions/attach-result/",
            {
                "version": d.version,
                "number": "7/QĐ",
                "document": SimpleUploadedFile("kq.pdf", pdf_pages(1, "kq7")),
            },
        )
    d.refresh_from_db()
    client.force_login(w.receiver)
    with (
        time_machine.travel(T0 + dt.timedelta(hours=8), tick=False),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        response = client.post(
            f"/staff/dossiers/{d.code}/actions/return/",
            {"version": d.version, "how": "counter", "collector_id": APPLICANT.citizen_id},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(callbacks) == 1
    item = StoreDocument.objects.get(source=StoreSource.RESULT)
    assert (item.owner_kind, item.owner_number) == (OwnerKind.PERSON, APPLICANT.citizen_id)
    assert item.file == ElectronicResult.objects.get(dossier=d).file
    callbacks[0]()  # run again: nothing more
    assert StoreDocument.objects.filter(source=StoreSource.RESULT).count() == 1
    assert DossierEvent.objects.filter(dossier=d, action="dossier.result.stored").count() == 1


def test_the_dossier_page_links_the_desk_to_digitisation_and_shows_the_scan_signature(
    w: Any, client: Any
) -> None:
    from motcua.documents.services import ScanInput, document_digitise
    from motcua.dossiers.tests.factories import ReceivedDossierFactory

    d = ReceivedDossierFactory.create(world=w)
    doc = d.documents.order_by("pk")[0]
    document_digitise(
        document=doc,
        scan=ScanInput(pdf=("a.pdf", pdf_pages(1)), paper_pages=1),
        by=w.receiver,
        at=T0 + dt.timedelta(minutes=5),
    )
    client.force_login(w.receiver)
    page = client.get(f"/staff/dossiers/{d.code}/").content.decode()
    assert f'href="/staff/files/ho-so/{d.code}/"' in page and "Số hóa giấy tờ" in page
    assert "Xem bản số hóa" in page and "Chữ ký số hợp lệ" in page
    client.force_login(w.specialist)
    other = client.get(f"/staff/dossiers/{d.code}/")
    assert other.status_code == 200 and "Số hóa giấy tờ" not in other.content.decode()
