"""Online submission reuses the citizen's store (kho dữ liệu): a document in it that
satisfies a required document is offered in the documents step; choosing it links it
instead of an upload, and the submitted dossier records the reuse."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from motcua.documents.filestore import file_store
from motcua.documents.models import (
    Digitisation,
    DigitisationKind,
    DocumentType,
    OwnerKind,
    StoreDocument,
    StoreSource,
)
from motcua.documents.tests.helpers import pdf_pages
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.portal.tests.helpers import (
    CITIZEN_ID,
    T0,
    applicant_data,
    pdf,
    start_draft,
    step_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday_morning(settings: Any, tmp_path: Any) -> Any:
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "store")},
        },
    }
    with time_machine.travel(T0, tick=False):
        yield


def _in_store(an: Any, owner_number: str = CITIZEN_ID, label: str = "cccd") -> StoreDocument:
    at = T0 - dt.timedelta(days=30)
    return StoreDocument.objects.create(
        owner_kind=OwnerKind.PERSON,
        owner_number=owner_number,
        doc_type=DocumentType.objects.get(code="CCCD"),
        title="Căn cước công dân",
        issue_date=dt.date(2021, 4, 1),
        file=file_store(data=pdf_pages(1, label), name="cccd.pdf", at=at, field="file"),
        source=StoreSource.CITIZEN,
        added_by=an,
        added_at=at,
    )


def _to_documents(client: Any) -> Any:
    draft = start_draft(client)
    assert client.post(step_url(draft, "nguoi-nop"), applicant_data()).status_code == 302
    r = client.post(
        step_url(draft, "thong-tin"),
        {
            "receiving_unit": "000.02.01.H09",
            "tk_full_name": "Nguyễn Văn An",
            "tk_purpose": "Xin việc",
        },
    )
    assert r.status_code == 302
    draft.refresh_from_db()
    docs = {d.name: d for d in draft.procedure_version.documents_for(None)}
    return draft, docs["Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp"], docs["Căn cước công dân"]


def test_a_store_document_is_offered_chosen_instead_of_an_upload_and_its_reuse_recorded(
    w: Any, an_client: Any, an: Any
) -> None:
    item = _in_store(an)
    draft, declaration, identity = _to_documents(an_client)

    page = an_client.get(step_url(draft, "giay-to")).content.decode()
    assert f'name="reuse_{identity.pk}" value="{item.pk}"' in page
    assert f'name="reuse_{declaration.pk}"' not in page

    r = an_client.post(
        step_url(draft, "giay-to"),
        {
            f"doc_{declaration.pk}": pdf("to-khai.pdf"),
            f"reuse_{identity.pk}": str(item.pk),
            "action": "next",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    review = an_client.get(step_url(draft, "xem-lai")).content.decode()
    assert "dùng lại từ kho dữ liệu:" in review and "Căn cước công dân" in review

    draft.refresh_from_db()
    response = an_client.post(f"/nop-truc-tuyen/{draft.public_id}/nop/", {"token": draft.token})

    assert response.status_code == 302
    d = Dossier.objects.get()
    row = Digitisation.objects.get(dossier=d)
    assert row.kind == DigitisationKind.REUSED and row.store_item == item
    assert row.channel == "online" and row.by == an and row.file == item.file
    assert row.document.required_document_id == identity.pk and not row.document.file
    assert DossierEvent.objects.filter(dossier=d, action="dossier.document.reused").exists()


def test_uploading_a_file_replaces_a_reuse_and_removing_drops_it(
    w: Any, an_client: Any, an: Any
) -> None:
    item = _in_store(an)
    draft, _declaration, identity = _to_documents(an_client)
    url = step_url(draft, "giay-to")
    assert an_client.post(url, {f"reuse_{identity.pk}": str(item.pk)}).status_code == 302
    assert draft.reuses.count() == 1

    assert an_client.post(url, {"remove": str(identity.pk)}).status_code == 302
    assert draft.reuses.count() == 0

    an_client.post(url, {f"reuse_{identity.pk}": str(item.pk)})
    an_client.post(url, {f"doc_{identity.pk}": pdf("cccd.pdf")})
    assert draft.reuses.count() == 0 and draft.files.count() == 1


def test_a_store_document_of_someone_else_is_neither_offered_nor_accepted(
    w: Any, an_client: Any, an: Any
) -> None:
    other = _in_store(an, owner_number="079090009999", label="other")
    draft, _declaration, identity = _to_documents(an_client)
    url = step_url(draft, "giay-to")
    assert f'value="{other.pk}"' not in an_client.get(url).content.decode()

    r = an_client.post(url, {f"reuse_{identity.pk}": str(other.pk)})

    assert r.status_code == 422
    assert "không thuộc kho dữ liệu của người nộp" in r.content.decode()
    assert draft.reuses.count() == 0
