"""The demo citizen logs in by phone; the admin lists accounts without showing code hashes."""

from __future__ import annotations

import pytest

from motcua.accounts import demo as accounts_demo
from motcua.accounts.demo import DEMO_PASSWORD
from motcua.citizens import demo
from motcua.citizens.models import CitizenAccount
from motcua.organization import demo as organization_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_loaded(db):
    organization_demo.load()
    accounts_demo.load()
    demo.load()


def test_the_demo_citizen_logs_in_with_the_phone_number(client, demo_loaded):
    response = client.post(
        "/tai-khoan/dang-nhap/", {"username": "0912345678", "password": DEMO_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/ho-so/"


def test_loading_the_demo_twice_changes_nothing(demo_loaded):
    before = list(CitizenAccount.objects.values())

    demo.load()

    assert list(CitizenAccount.objects.values()) == before


def test_the_admin_lists_portal_accounts_and_hides_code_hashes(admin_client, citizen, send):
    from motcua.citizens.tests.helpers import register_form

    citizen(phone="0912345678")
    send("/tai-khoan/dang-ky/", register_form(phone="0909000111"))

    accounts = admin_client.get("/admin/citizens/citizenaccount/")
    codes = admin_client.get("/admin/citizens/onetimecode/")

    assert accounts.status_code == 200
    assert "0912345678" in accounts.content.decode()
    assert codes.status_code == 200
    assert "0909000111" in codes.content.decode()
    assert "code_hash" not in codes.content.decode()
