"""Logging in through the OpenID Connect provider (the national eID; here the fake one)."""

from __future__ import annotations

import http.client
import urllib.parse

import pytest

from motcua.accounts.models import Role, User
from motcua.citizens.models import CitizenAccount
from motcua.citizens.selectors import citizen_dossiers
from motcua.citizens.tests.helpers import LOGIN, PASSWORD
from motcua.dossiers.tests.factories import ReceivedDossierFactory, world

pytestmark = pytest.mark.django_db
START = "/tai-khoan/dinh-danh/"


def provider_redirect(url: str) -> str:
    """What the fake provider answers to the browser: a redirect back to our callback."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.netloc, timeout=5)
    conn.request("GET", f"{parts.path}?{parts.query}")
    response = conn.getresponse()
    assert response.status == 302
    back = urllib.parse.urlsplit(response.getheader("Location") or "")
    assert back.netloc == "testserver"
    return f"{back.path}?{back.query}"


def eid_login(client, next_url: str = ""):
    start = client.post(START, {"next": next_url})
    assert start.status_code == 302
    return client.get(provider_redirect(start["Location"]))


def test_the_eid_button_shows_only_when_the_provider_is_configured(client, fake_oidc, settings):
    assert "tài khoản định danh điện tử (VNeID)" in client.get(LOGIN).content.decode()

    settings.MOTCUA_OIDC_CLIENT_SECRET = ""

    assert "tài khoản định danh điện tử (VNeID)" not in client.get(LOGIN).content.decode()
    assert client.post(START).status_code == 404


def test_a_first_eid_login_creates_a_verified_account_and_logs_it_in(client, fake_oidc):
    response = eid_login(client)

    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/ho-so/"
    user = User.objects.get(citizen_account__oidc_subject="vneid-079190001234")
    account = user.citizen_account
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.full_name == "Trần Thị Bích"
    assert user.citizen_id == "079190001234"
    assert account.citizen_id_verified_at is not None
    assert account.phone == "0909123456"
    assert account.phone_verified_at is not None
    assert user.email == "bich.tran@example.vn"
    assert not user.has_usable_password()
    assert user.groups.filter(name=Role.CITIZEN).exists()


def test_a_second_eid_login_uses_the_same_account(client, fake_oidc):
    eid_login(client)
    client.post("/tai-khoan/dang-xuat/")

    eid_login(client)

    assert User.objects.count() == 1


def test_the_eid_verified_citizen_id_shows_the_dossiers_received_at_the_counter(client, fake_oidc):
    w = world()
    d = ReceivedDossierFactory.create(
        world=w,
        full_name="Trần Thị Bích",
        citizen_id="079190001234",
        date_of_birth=None,
        phone="0988000111",
        email="",
    )
    eid_login(client)

    page = client.get("/tai-khoan/ho-so/").content.decode()

    assert d.code in page
    user = User.objects.get(citizen_account__isnull=False)
    assert list(citizen_dossiers(user)) == [d]


def test_an_eid_login_links_the_existing_account_with_the_same_verified_phone(
    client, fake_oidc, citizen
):
    user = citizen(phone="0909123456", full_name="Trần Thị Bích")

    eid_login(client)

    assert client.session["_auth_user_id"] == str(user.pk)
    account = CitizenAccount.objects.get(user=user)
    assert account.oidc_subject == "vneid-079190001234"
    assert account.citizen_id_verified_at is not None
    user.refresh_from_db()
    assert user.check_password(PASSWORD)  # the account's own password still works


def test_an_eid_login_takes_over_a_pending_registration_and_voids_its_password(
    client, fake_oidc, send
):
    from motcua.citizens.tests.helpers import register_form

    send("/tai-khoan/dang-ky/", register_form(phone="0909123456", full_name="Kẻ Giả Mạo"))

    eid_login(client)

    user = User.objects.get()
    assert user.is_active
    assert user.full_name == "Trần Thị Bích"
    assert not user.has_usable_password()


def test_a_callback_with_a_forged_state_logs_nobody_in(client, fake_oidc):
    start = client.post(START)
    back = provider_redirect(start["Location"])
    forged = back.replace("state=", "state=x")

    response = client.get(forged, follow=True)

    assert "_auth_user_id" not in client.session
    assert "Đăng nhập bằng tài khoản định danh điện tử không thành công" in (
        response.content.decode()
    )
    assert not User.objects.exists()


def test_a_callback_replayed_after_use_is_refused(client, fake_oidc):
    start = client.post(START)
    back = provider_redirect(start["Location"])
    client.get(back)
    client.post("/tai-khoan/dang-xuat/")

    client.get(back)

    assert "_auth_user_id" not in client.session


def test_the_next_page_is_kept_when_it_is_on_this_site(client, fake_oidc):
    assert eid_login(client, "/tra-cuu/?code=X")["Location"] == "/tra-cuu/?code=X"
    client.post("/tai-khoan/dang-xuat/")
    assert eid_login(client, "https://evil.example/")["Location"] == "/tai-khoan/ho-so/"


def test_an_unreachable_provider_gives_a_message_not_an_error(client, fake_oidc, settings):
    from motcua.integrations.oidc import client as oidc_client

    settings.MOTCUA_OIDC_ISSUER = "http://127.0.0.1:9"
    oidc_client._discovery_cache.clear()

    response = client.post(START, follow=True)

    assert response.status_code == 200
    assert "Chưa kết nối được với hệ thống định danh điện tử" in response.content.decode()
