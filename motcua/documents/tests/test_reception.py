"""Số hóa at reception: the desk digitises each paper document in the reception form itself
(scan, reuse from the applicant's store, or no scan needed), recorded in the same submit."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from motcua.documents import signing
from motcua.documents.filestore import file_read, file_store
from motcua.documents.models import (
    Digitisation,
    DigitisationKind,
    DocumentType,
    OwnerKind,
    StoreDocument,
    StoreSource,
)
from motcua.documents.tests.helpers import page_png, pdf_pages
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.tests.factories import APPLICANT
from motcua.dossiers.tests.test_pages import NOW, mandatory, reception_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _documents(w: Any) -> tuple[Any, Any]:
    docs = mandatory(w.version)
    declaration = next(d for d in docs if d.name.startswith("Tờ khai"))
    identity = next(d for d in docs if "Căn cước" in d.name)
    return declaration, identity


def _in_store(owner_number: str = APPLICANT.citizen_id, label: str = "cccd") -> StoreDocument:
    at = NOW - dt.timedelta(days=30)
    return StoreDocument.objects.create(
        owner_kind=OwnerKind.PERSON,
        owner_number=owner_number,
        doc_type=DocumentType.objects.get(code="CCCD"),
        title="Căn cước công dân",
        issue_date=dt.date(2021, 4, 1),
        file=file_store(data=pdf_pages(1, label), name="cccd.pdf", at=at, field="file"),
        source=StoreSource.CITIZEN,
        added_at=at,
    )


def test_the_reception_form_offers_the_applicants_store_documents_for_a_required_document(
    w: Any, clock: Any
) -> None:
    declaration, identity = _documents(w)
    item = _in_store()
    _in_store(owner_number="079090009999", label="other")  # someone else's: never offered
    client = _client(w.receiver)
    query = {"procedure": w.version.procedure.national_code, "citizen_id": APPLICANT.citizen_id}

    page = client.get(reverse("dossiers:receive"), query).content.decode()
    assert f'name="doc_{identity.pk}_reuse" value="{item.pk}"' in page
    assert len(re.findall(r'_reuse" value="\d+"', page)) == 1
    assert "Có trong kho dữ liệu của người nộp" in page

    # htmx: typing the citizen ID fills each row's offers in place.
    oob = client.get(reverse("dossiers:reception_offers"), query).content.decode()
    assert f'id="offers-{identity.pk}"' in oob and 'hx-swap-oob="true"' in oob
    assert f'value="{item.pk}"' in oob
    assert f'id="offers-{declaration.pk}"' in oob  # emptied when nothing matches


def test_the_desk_scans_two_documents_and_reuses_a_third_in_the_reception_form(
    w: Any, clock: Any
) -> None:
    declaration, identity = _documents(w)
    item = _in_store()
    data: dict[str, Any] = reception_data(w)
    data |= {
        f"doc_{declaration.pk}_file": [
            SimpleUploadedFile("trang-1.png", page_png("1")),
            SimpleUploadedFile("trang-2.png", page_png("2")),
        ],
        f"doc_{declaration.pk}_pages": "2",
        f"doc_{identity.pk}_reuse": str(item.pk),
    }

    response = _client(w.receiver).post(reverse("dossiers:receive"), data)

    assert response.status_code == 302
    d = Dossier.objects.get()
    rows = {r.document.required_document_id: r for r in Digitisation.objects.filter(dossier=d)}
    scanned = rows[declaration.pk]
    assert scanned.kind == DigitisationKind.SCANNED and scanned.page_count == 2
    assert scanned.pages_confirmed and scanned.by == w.receiver and scanned.at == NOW
    assert scanned.file is not None and signing.verify_pdf(file_read(scanned.file)).ok
    reused = rows[identity.pk]
    assert reused.kind == DigitisationKind.REUSED and reused.store_item == item
    assert reused.file == item.file and reused.by == w.receiver
    actions = set(DossierEvent.objects.filter(dossier=d).values_list("action", flat=True))
    assert {"dossier.received", "dossier.document.digitised", "dossier.document.reused"} <= actions


def test_an_uploaded_pdf_and_a_document_needing_no_scan_are_recorded_in_the_same_submit(
    w: Any, clock: Any
) -> None:
    declaration, identity = _documents(w)
    data: dict[str, Any] = reception_data(w)
    data |= {
        f"doc_{declaration.pk}_file": SimpleUploadedFile("to-khai.pdf", pdf_pages(3)),
        f"doc_{declaration.pk}_pages": "3",
        f"doc_{identity.pk}_no_scan": "not_needed",
    }
    assert _client(w.receiver).post(reverse("dossiers:receive"), data).status_code == 302
    kinds = dict(Digitisation.objects.values_list("document__required_document_id", "kind"))
    assert kinds == {
        declaration.pk: DigitisationKind.UPLOADED,
        identity.pk: DigitisationKind.NOT_NEEDED,
    }


def test_a_scan_whose_page_count_differs_from_the_paper_receives_nothing(
    w: Any, clock: Any
) -> None:
    declaration, _identity = _documents(w)
    data: dict[str, Any] = reception_data(w)
    data |= {
        f"doc_{declaration.pk}_file": SimpleUploadedFile("to-khai.pdf", pdf_pages(1)),
        f"doc_{declaration.pk}_pages": "2",
    }
    response = _client(w.receiver).post(reverse("dossiers:receive"), data)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "bản giấy có 2" in errors[f"doc_{declaration.pk}_pages"][0]
    assert not Dossier.objects.exists() and not Digitisation.objects.exists()


def test_a_scan_without_the_paper_page_count_or_on_an_unticked_document_is_refused(
    w: Any, clock: Any
) -> None:
    declaration, identity = _documents(w)
    data: dict[str, Any] = reception_data(w, ticked=[declaration])
    data |= {
        f"doc_{declaration.pk}_file": SimpleUploadedFile("to-khai.pdf", pdf_pages(1)),
        f"doc_{identity.pk}_no_scan": "electronic",
    }
    response = _client(w.receiver).post(reverse("dossiers:receive"), data)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "số trang của bản giấy" in errors[f"doc_{declaration.pk}_pages"][0]
    assert "Đánh dấu đã nhận" in errors[f"doc_{identity.pk}"][0]
    assert not Dossier.objects.exists()


def test_reusing_another_persons_store_document_at_reception_receives_nothing(
    w: Any, clock: Any
) -> None:
    _declaration, identity = _documents(w)
    other = _in_store(owner_number="079090009999", label="other")
    data = reception_data(w) | {f"doc_{identity.pk}_reuse": str(other.pk)}
    response = _client(w.receiver).post(reverse("dossiers:receive"), data)
    assert response.status_code == 403
    assert (
        "không thuộc kho dữ liệu" in response.context["form"].errors[f"doc_{identity.pk}_reuse"][0]
    )
    assert not Dossier.objects.exists() and not Digitisation.objects.exists()
