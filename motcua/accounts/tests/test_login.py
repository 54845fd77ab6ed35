"""Logging in: username or e-mail, lock-out after repeated failures, password change."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from motcua.accounts.models import LoginFailure
from motcua.accounts.tests.factories import PASSWORD, UserFactory
from motcua.core.clock import VN_TZ

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
LOCKED = "Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau 15 phút."
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."
T0 = dt.datetime(2025, 3, 5, 9, 0, tzinfo=VN_TZ)


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_a_staff_member_logs_in_with_the_username(client):
    UserFactory.create(username="tiepnhan1")

    response = attempt(client, "tiepnhan1", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/staff/"


def test_a_staff_member_logs_in_with_the_email_in_any_case(client):
    UserFactory.create(username="tiepnhan1", email="Tiep.Nhan@Example.vn")

    response = attempt(client, "  tiep.nhan@example.VN ", PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_a_wrong_password_is_refused_with_a_vietnamese_message_and_counted(client):
    UserFactory.create(username="tiepnhan1")

    response = attempt(client, "tiepnhan1", "sai-mat-khau")

    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert LoginFailure.objects.filter(identifier="tiepnhan1").count() == 1


def test_five_failures_lock_the_account_even_with_the_right_password(client):
    UserFactory.create(username="tiepnhan1")
    with time_machine.travel(T0, tick=False):
        for _ in range(5):
            attempt(client, "tiepnhan1", "sai-mat-khau")

        response = attempt(client, "tiepnhan1", PASSWORD)

    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock_and_a_success_clears_them(client):
    UserFactory.create(username="tiepnhan1")
    with time_machine.travel(T0, tick=False):
        for _ in range(4):
            attempt(client, "tiepnhan1", "sai-mat-khau")
        assert attempt(client, "tiepnhan1", PASSWORD).status_code == 302

    assert not LoginFailure.objects.filter(identifier="tiepnhan1").exists()


def test_switching_between_username_and_email_does_not_reset_the_count(client):
    UserFactory.create(username="tiepnhan1", email="tn1@example.vn")
    with time_machine.travel(T0, tick=False):
        for identifier in (
            "tiepnhan1",
            "TN1@example.vn",
            "tiepnhan1",
            "tn1@example.vn",
            "TIEPNHAN1",
        ):
            attempt(client, identifier, "sai-mat-khau")

        response = attempt(client, "tn1@example.vn", PASSWORD)

    assert LOCKED in response.content.decode()


def test_the_lock_lifts_after_the_lockout_window(client):
    UserFactory.create(username="tiepnhan1")
    with time_machine.travel(T0, tick=False):
        for _ in range(5):
            attempt(client, "tiepnhan1", "sai-mat-khau")
    with time_machine.travel(T0 + dt.timedelta(minutes=16), tick=False):
        response = attempt(client, "tiepnhan1", PASSWORD)

    assert response.status_code == 302


def test_an_inactive_account_is_refused(client):
    UserFactory.create(username="nghiviec", is_active=False)

    response = attempt(client, "nghiviec", PASSWORD)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_an_unknown_account_is_refused_with_the_same_message(client):
    response = attempt(client, "khongco", PASSWORD)

    assert WRONG in response.content.decode()


def test_logout_is_a_post_and_ends_the_session(client):
    client.force_login(UserFactory.create())

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


class TestPasswordChange:
    URL = "/accounts/password/"

    def test_the_page_needs_a_login(self, client):
        assert client.get(self.URL).status_code == 302

    def test_a_short_new_password_is_refused_by_the_validators(self, client):
        user = UserFactory.create()
        client.force_login(user)

        response = client.post(
            self.URL,
            {"old_password": PASSWORD, "new_password1": "Ngan#1", "new_password2": "Ngan#1"},
        )

        assert response.status_code == 200
        assert response.context["form"].errors["new_password2"]
        assert "10" in str(response.context["form"].errors["new_password2"])
        user.refresh_from_db()
        assert user.check_password(PASSWORD)

    def test_a_wrong_current_password_is_refused_in_vietnamese(self, client):
        client.force_login(UserFactory.create())

        response = client.post(
            self.URL,
            {
                "old_password": "sai",
                "new_password1": "Mot-Cua-2025!",
                "new_password2": "Mot-Cua-2025!",
            },
        )

        assert "Mật khẩu hiện tại không đúng." in response.content.decode()

    def test_a_good_new_password_is_saved_and_the_session_kept(self, client):
        user = UserFactory.create()
        client.force_login(user)

        response = client.post(
            self.URL,
            {
                "old_password": PASSWORD,
                "new_password1": "Mot-Cua-2025!",
                "new_password2": "Mot-Cua-2025!",
            },
        )

        assert response.status_code == 302
        assert response["Location"] == "/accounts/password/done/"
        user.refresh_from_db()
        assert user.check_password("Mot-Cua-2025!")
        assert client.get("/accounts/password/done/").status_code == 200
