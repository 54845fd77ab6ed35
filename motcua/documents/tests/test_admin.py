"""The documents admin: every model listed, searched and filtered; files and what the
services wrote are read only; a store document's description may be corrected."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.documents.filestore import file_store
from motcua.documents.models import DocumentType, OwnerKind, StoredFile, StoreDocument, StoreSource
from motcua.documents.tests.helpers import pdf_pages

pytestmark = pytest.mark.django_db
AT = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def admin_client(db: Any) -> Client:
    user = User.objects.create_superuser(username="quantri", email="qt@example.vn", password="x")
    client = Client()
    client.force_login(user)
    return client


def _item() -> StoreDocument:
    return StoreDocument.objects.create(
        owner_kind=OwnerKind.PERSON,
        owner_number="074090001234",
        doc_type=DocumentType.objects.get(code="CCCD"),
        title="Căn cước công dân",
        issue_date=dt.date(2021, 4, 1),
        file=file_store(data=pdf_pages(1), name="cccd.pdf", at=AT, field="file"),
        source=StoreSource.CITIZEN,
        added_at=AT,
    )


@pytest.mark.parametrize(
    "model", ["storedfile", "signature", "digitisation", "electronicresult", "documenttype"]
)
def test_each_documents_model_is_listed_searched_and_filtered(
    admin_client: Client, model: str
) -> None:
    _item()
    response = admin_client.get(f"/admin/documents/{model}/", {"q": "074090001234"})
    assert response.status_code == 200


def test_the_store_is_searched_by_owner_number_and_filtered_by_source(
    admin_client: Client,
) -> None:
    item = _item()
    page = admin_client.get(
        "/admin/documents/storedocument/", {"q": "074090001234", "source__exact": "citizen"}
    )
    assert page.status_code == 200 and item.title in page.content.decode()
    assert "Công dân tự thêm" in page.content.decode()


def test_stored_files_cannot_be_added_changed_or_deleted(admin_client: Client) -> None:
    stored = _item().file
    assert admin_client.get("/admin/documents/storedfile/add/").status_code == 403
    url = f"/admin/documents/storedfile/{stored.pk}/change/"
    assert admin_client.get(url).status_code == 200  # shown, read only
    before = StoredFile.objects.get(pk=stored.pk).size
    admin_client.post(url, {"size": "1"})
    assert StoredFile.objects.get(pk=stored.pk).size == before
    assert admin_client.get(f"/admin/documents/storedfile/{stored.pk}/delete/").status_code == 403
    assert admin_client.get("/admin/documents/storedocument/add/").status_code == 403


def test_a_store_documents_description_is_corrected_with_errors_in_vietnamese(
    admin_client: Client,
) -> None:
    item = _item()
    url = f"/admin/documents/storedocument/{item.pk}/change/"
    fields = {
        "doc_type": str(item.doc_type_id),
        "title": "Căn cước",
        "number": "074090001234",
        "issuing_body": "Cục Cảnh sát QLHC về TTXH",
        "issue_date": "01/04/2021",
        "expiry_date": "01/04/2020",
    }
    bad = admin_client.post(url, fields)
    assert bad.status_code == 200
    assert "Ngày hết hạn phải sau ngày cấp." in bad.content.decode()
    good = admin_client.post(url, fields | {"expiry_date": "01/04/2036"})
    assert good.status_code == 302
    item.refresh_from_db()
    assert item.title == "Căn cước" and item.expiry_date == dt.date(2036, 4, 1)
    assert item.owner_number == "074090001234"


def test_a_document_types_phrases_must_be_a_list_of_strings(admin_client: Client) -> None:
    t = DocumentType.objects.get(code="CCCD")
    response = admin_client.post(
        f"/admin/documents/documenttype/{t.pk}/change/",
        {"code": "CCCD", "name": t.name, "keywords": '{"a": 1}', "result_of": "[]"},
    )
    assert response.status_code == 200
    assert "Phải là một danh sách JSON các chuỗi." in response.content.decode()
