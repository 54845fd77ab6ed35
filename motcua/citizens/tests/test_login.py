"""Logging in with the phone number or the e-mail address, the lock-out, the per-IP limit,
logging out, and CSRF on every form."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.test import Client

from motcua.accounts.models import User
from motcua.citizens import rates
from motcua.citizens.tests.helpers import (
    CONFIRM,
    DOSSIERS,
    EMAIL,
    LOGIN,
    PASSWORD,
    PHONE,
    REGISTER,
    RESET,
    RESET_CONFIRM,
    register_form,
)

pytestmark = pytest.mark.django_db
WRONG = "Số điện thoại/e-mail hoặc mật khẩu không đúng."
LOCKED = "Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau 15 phút."


def login(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_a_citizen_logs_in_with_the_phone_number_and_lands_on_my_dossiers(client, citizen):
    user = citizen()

    response = login(client, "091 234 5678")

    assert response.status_code == 302
    assert response["Location"] == DOSSIERS
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_citizen_logs_in_with_the_phone_number_in_international_form(client, citizen):
    citizen()

    response = login(client, "+84912345678")

    assert response.status_code == 302


def test_a_citizen_logs_in_with_the_email_in_any_case(client, citizen):
    user = citizen(phone="", email=EMAIL)

    response = login(client, "AN.Nguyen@example.VN")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_wrong_password_is_refused_with_one_message_for_phone_and_email(client, citizen):
    citizen()

    by_phone = login(client, PHONE, "sai-mat-khau-123")
    unknown = login(client, "0987654321", "sai-mat-khau-123")

    assert by_phone.context["form"].non_field_errors() == [WRONG]
    assert unknown.context["form"].non_field_errors() == [WRONG]


def test_the_phone_backend_also_serves_the_staff_login_page(client, citizen):
    citizen()

    response = client.post("/accounts/login/", {"username": PHONE, "password": PASSWORD})

    assert response.status_code == 302


def test_a_wrong_password_with_a_phone_number_stops_at_the_phone_backend(citizen):
    user = citizen()
    # A staff username made of the same digits must not be tried with this password.
    User.objects.create_user(PHONE, password="Mat-khau-khac-2025")

    assert authenticate(username=PHONE, password="Mat-khau-khac-2025") is None
    assert authenticate(username=PHONE, password=PASSWORD) == user


def test_five_failures_lock_the_account_whether_typed_by_phone_or_email(client, citizen):
    user = citizen()
    user.email = EMAIL
    user.save()
    for identifier in (PHONE, EMAIL, PHONE, EMAIL, PHONE):
        login(client, identifier, "sai-mat-khau-123")

    response = login(client, EMAIL)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [LOCKED]
    assert "_auth_user_id" not in client.session


def test_many_failures_from_one_ip_address_answer_429_with_the_message(client, citizen):
    citizen()
    for n in range(rates.LOGIN_FAILURES_PER_IP.count):
        login(client, f"09870000{n:02d}", "sai-mat-khau-123")

    response = login(client, PHONE)

    assert response.status_code == 429
    message = response.context["form"].non_field_errors()[0]
    assert message.startswith(
        "Có quá nhiều lần đăng nhập không thành công từ địa chỉ mạng của bạn. Vui lòng thử lại sau "
    )
    assert "_auth_user_id" not in client.session
    # Another address still logs in.
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert login(other, PHONE).status_code == 302


def test_logging_out_takes_a_post_and_ends_the_session(client, citizen):
    citizen()
    login(client, PHONE)

    assert client.get("/tai-khoan/dang-xuat/").status_code == 405
    response = client.post("/tai-khoan/dang-xuat/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_login_page_offers_username_and_current_password_autocomplete(client):
    page = client.get(LOGIN).content.decode()

    assert 'autocomplete="username"' in page
    assert 'autocomplete="current-password"' in page
    assert "Đăng nhập bằng tài khoản định danh điện tử" not in page  # OIDC not configured


@pytest.mark.parametrize(
    ("url", "data"),
    [
        (REGISTER, register_form()),
        (LOGIN, {"username": PHONE, "password": PASSWORD}),
        (RESET, {"identifier": PHONE}),
    ],
)
def test_every_account_form_refuses_a_post_without_the_csrf_token(url, data, fake_sms):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(url, data)

    assert response.status_code == 403
    assert fake_sms.messages() == []
    assert not User.objects.exists()


def test_the_code_forms_refuse_a_post_without_the_csrf_token(client, send, fake_sms):
    send(REGISTER, register_form())
    browser = Client(enforce_csrf_checks=True)
    browser.cookies = client.cookies  # the same session, without the token

    assert browser.post(CONFIRM, {"code": fake_sms.last_code(PHONE)}).status_code == 403
    assert browser.post(CONFIRM, {"resend": "1"}).status_code == 403
    assert not User.objects.get().is_active


def test_a_form_posted_with_its_csrf_token_goes_through(fake_sms):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(REGISTER)
    token = page.context["csrf_token"]

    response = browser.post(REGISTER, {**register_form(), "csrfmiddlewaretoken": str(token)})

    assert response.status_code == 302


def test_the_reset_confirm_form_refuses_a_post_without_the_csrf_token(client, citizen):
    citizen()
    client.post(RESET, {"identifier": PHONE})
    browser = Client(enforce_csrf_checks=True)
    browser.cookies = client.cookies

    response = browser.post(
        RESET_CONFIRM,
        {
            "code": "123456",
            "new_password": "Moi-hoan-toan-77",
            "new_password_confirm": "Moi-hoan-toan-77",
        },
    )

    assert response.status_code == 403
