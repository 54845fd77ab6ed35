"""Password reset by a one-time code sent to the phone or the e-mail of the account."""

from __future__ import annotations

import pytest
from django.core import mail

from motcua.accounts.models import LoginFailure
from motcua.citizens.models import CodePurpose, OneTimeCode
from motcua.citizens.tests.helpers import (
    EMAIL,
    LOGIN,
    PASSWORD,
    PHONE,
    RESET,
    RESET_CONFIRM,
    code_in_mail,
)

pytestmark = pytest.mark.django_db
NEW = "Cau-vong-moi-2026"


def confirm(send, code, password=NEW, confirm_password=None):
    return send(
        RESET_CONFIRM,
        {
            "code": code,
            "new_password": password,
            "new_password_confirm": confirm_password or password,
        },
    )


def test_a_citizen_resets_the_password_with_a_code_sent_by_sms(client, send, citizen, fake_sms):
    user = citizen()
    fake_sms.clear()

    response = send(RESET, {"identifier": PHONE})

    assert response.status_code == 302
    assert response["Location"] == RESET_CONFIRM
    assert fake_sms.last_text(PHONE).startswith("Ma dat lai mat khau Mot Cua: ")

    response = confirm(send, fake_sms.last_code(PHONE))

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert not user.check_password(PASSWORD)
    login = client.post(LOGIN, {"username": PHONE, "password": NEW})
    assert login.status_code == 302


def test_a_citizen_resets_the_password_with_a_code_sent_by_email(send, citizen):
    user = citizen(phone="", email=EMAIL)
    mail.outbox.clear()

    send(RESET, {"identifier": EMAIL.upper()})
    assert mail.outbox[-1].subject == "Mã đặt lại mật khẩu tài khoản Dịch vụ công"
    confirm(send, code_in_mail(EMAIL))

    user.refresh_from_db()
    assert user.check_password(NEW)


def test_an_unknown_phone_gets_the_same_answer_and_no_sms(client, send, fake_sms):
    response = send(RESET, {"identifier": "0987654321"}, follow=True)

    assert "Nếu 098*****21 là của một tài khoản, mã xác nhận đã được gửi tới đó." in (
        response.content.decode()
    )
    assert fake_sms.messages() == []
    assert not OneTimeCode.objects.exists()


def test_a_reset_code_request_is_throttled_like_any_code_request(client, send, citizen, fake_sms):
    citizen()
    send(RESET, {"identifier": PHONE})

    response = send(RESET, {"identifier": PHONE})

    assert response.status_code == 429
    assert "Mã xác nhận vừa được gửi. Vui lòng đợi" in response.content.decode()


def test_an_unknown_address_is_throttled_the_same_way(send):
    send(RESET, {"identifier": "0987654321"})

    response = send(RESET, {"identifier": "0987654321"})

    assert response.status_code == 429


def test_a_wrong_reset_code_leaves_the_password_unchanged(send, citizen, fake_sms):
    user = citizen()
    send(RESET, {"identifier": PHONE})
    code = fake_sms.last_code(PHONE)

    response = confirm(send, f"{(int(code) + 1) % 10**6:06d}")

    assert response.context["form"].errors["code"] == ["Mã xác nhận không đúng. Bạn còn 4 lần thử."]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_weak_new_password_is_refused_without_spending_an_attempt(send, citizen, fake_sms):
    citizen()
    send(RESET, {"identifier": PHONE})

    response = confirm(send, fake_sms.last_code(PHONE), password="abc")

    assert (
        response.context["form"]
        .errors["new_password"][0]
        .startswith("Mật khẩu quá ngắn: cần ít nhất 10 ký tự.")
    )
    assert OneTimeCode.objects.get(purpose=CodePurpose.RESET).attempts == 0


def test_resetting_the_password_lifts_the_login_lock_out(client, send, citizen, fake_sms):
    user = citizen()
    for _ in range(5):
        client.post(LOGIN, {"username": PHONE, "password": "sai-mat-khau-123"})
    assert LoginFailure.objects.filter(identifier=user.username).count() == 5

    send(RESET, {"identifier": PHONE})
    confirm(send, fake_sms.last_code(PHONE))

    assert not LoginFailure.objects.exists()
    assert client.post(LOGIN, {"username": PHONE, "password": NEW}).status_code == 302


def test_the_reset_page_without_a_request_goes_back_to_the_request_form(client):
    response = client.get(RESET_CONFIRM)

    assert response.status_code == 302
    assert response["Location"] == RESET


def test_resend_on_the_reset_page_is_throttled_with_429(client, send, citizen):
    citizen()
    send(RESET, {"identifier": PHONE})

    response = send(RESET_CONFIRM, {"resend": "1"})

    assert response.status_code == 429
    assert "Mã xác nhận vừa được gửi" in response.content.decode()


def test_something_that_is_neither_phone_nor_email_is_refused_on_the_field(client):
    response = client.post(RESET, {"identifier": "nguyen van an"})

    assert response.context["form"].errors["identifier"] == [
        "Nhập số điện thoại (ví dụ 0912345678) hoặc địa chỉ e-mail."
    ]
