"""Whose store a portal account sees: a person's only with a verified citizen ID; an
organisation's never from a typed-in tax code (nothing verifies it yet)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from motcua.accounts.models import User
from motcua.citizens.models import AccountKind, CitizenAccount
from motcua.documents.filestore import file_store
from motcua.documents.models import OwnerKind, StoreDocument, StoreSource
from motcua.documents.selectors import user_owner, user_store
from motcua.documents.tests.helpers import pdf_pages

AT = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)
TAX_CODE = "3700123456"


def _account(username: str, **fields: Any) -> User:
    user = User.objects.create_user(username=username, password="x", full_name=username)
    CitizenAccount.objects.create(user=user, created_at=AT, activated_at=AT, **fields)
    return user


def _company_document() -> StoreDocument:
    return StoreDocument.objects.create(
        owner_kind=OwnerKind.ORGANISATION,
        owner_number=TAX_CODE,
        title="Giấy chứng nhận đăng ký doanh nghiệp",
        file=file_store(data=pdf_pages(1, "dkdn"), name="dkdn.pdf", at=AT, field="file"),
        source=StoreSource.DIGITISED,
        added_at=AT,
    )


@pytest.mark.django_db
def test_an_organisation_account_with_an_unverified_tax_code_sees_no_company_store(
    client: Any,
) -> None:
    item = _company_document()
    user = _account("congty", kind=AccountKind.ORGANIZATION, tax_code=TAX_CODE)
    assert user_owner(user) is None
    assert not user_store(user).exists()
    client.force_login(user)
    page = client.get("/kho-du-lieu/")
    assert page.status_code == 200
    assert "Giấy chứng nhận đăng ký doanh nghiệp" not in page.content.decode()
    assert client.get(f"/kho-du-lieu/tep/{item.pk}/").status_code == 404
    refused = client.post("/kho-du-lieu/", {"title": "x"})
    assert refused.status_code == 403


@pytest.mark.django_db
def test_a_person_sees_their_store_only_once_their_citizen_id_is_verified() -> None:
    user = _account("canhan", kind=AccountKind.INDIVIDUAL)
    user.citizen_id = "074090001234"
    user.save(update_fields=["citizen_id"])
    assert user_owner(user) is None
    CitizenAccount.objects.filter(user=user).update(citizen_id_verified_at=AT)
    user = User.objects.get(pk=user.pk)
    assert user_owner(user) == (OwnerKind.PERSON, "074090001234")
