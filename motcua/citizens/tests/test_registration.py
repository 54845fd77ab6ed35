"""Registering a portal account: by phone (code over the fake SMS gateway) or by e-mail
(code in the mail outbox), confirming it, and the refusals."""

from __future__ import annotations

import pytest
from django.core import mail

from motcua.accounts.models import Role, User
from motcua.citizens.models import CitizenAccount, OneTimeCode
from motcua.citizens.tests.helpers import (
    CONFIRM,
    EMAIL,
    LOGIN,
    PASSWORD,
    PHONE,
    REGISTER,
    code_in_mail,
    register_form,
)

pytestmark = pytest.mark.django_db


def test_a_citizen_registers_by_phone_and_confirms_with_the_code_read_from_the_sms_gateway(
    client, send, fake_sms
):
    response = send(REGISTER, register_form())

    assert response.status_code == 302
    assert response["Location"] == CONFIRM
    user = User.objects.get(citizen_account__phone=PHONE)
    assert not user.is_active
    assert fake_sms.last_text(PHONE).startswith("Ma xac nhan dang ky tai khoan Mot Cua: ")
    page = client.get(CONFIRM)
    assert "091*****78" in page.content.decode()

    response = send(CONFIRM, {"code": fake_sms.last_code(PHONE)})

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    user.refresh_from_db()
    account = user.citizen_account
    assert user.is_active
    assert user.full_name == "Nguyễn Văn An"
    assert user.phone == PHONE
    assert user.groups.filter(name=Role.CITIZEN).exists()
    assert not user.memberships.exists()
    assert account.activated_at is not None
    assert account.phone_verified_at is not None
    assert account.email_verified_at is None


def test_a_citizen_registers_by_email_and_confirms_with_the_code_from_the_mail(
    client, send, fake_sms
):
    response = send(
        REGISTER, register_form(channel="email", phone="", email="An.Nguyen@Example.vn")
    )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Mã xác nhận đăng ký tài khoản Dịch vụ công"
    assert fake_sms.messages() == []

    response = send(CONFIRM, {"code": code_in_mail(EMAIL)})

    assert response.status_code == 302
    user = User.objects.get(email=EMAIL)
    assert user.is_active
    assert user.citizen_account.email_verified_at is not None
    assert user.citizen_account.phone == ""


def test_the_code_is_stored_only_as_a_keyed_hash(send, fake_sms):
    send(REGISTER, register_form())

    code = fake_sms.last_code(PHONE)
    otp = OneTimeCode.objects.get()
    assert code not in otp.code_hash
    assert len(otp.code_hash) == 64


def test_a_business_registers_with_its_name_and_tax_code(send, fake_sms):
    send(
        REGISTER,
        register_form(
            kind="organization",
            full_name="Trần Thị Bích",
            organization_name="Công ty TNHH Hoa Sen",
            tax_code="0312345678",
        ),
    )

    account = CitizenAccount.objects.get(phone=PHONE)
    assert account.kind == "organization"
    assert account.organization_name == "Công ty TNHH Hoa Sen"
    assert account.tax_code == "0312345678"


def test_an_organisation_without_its_name_is_refused_on_that_field(client):
    response = client.post(REGISTER, register_form(kind="organization"))

    assert response.status_code == 200
    assert response.context["form"].errors["organization_name"] == [
        "Chưa nhập tên tổ chức, doanh nghiệp."
    ]


def test_the_optional_citizen_id_is_checked_like_on_a_dossier(client):
    response = client.post(REGISTER, register_form(citizen_id="12345"))

    assert response.context["form"].errors["citizen_id"] == [
        "Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số."
    ]
    assert not User.objects.exists()


def test_a_short_or_numeric_password_is_refused_in_vietnamese(client):
    response = client.post(REGISTER, register_form(password="1234567", password_confirm="1234567"))

    assert response.context["form"].errors["password"] == [
        "Mật khẩu quá giống họ tên, số điện thoại hoặc e-mail của bạn. "
        "Mật khẩu quá ngắn: cần ít nhất 10 ký tự. "
        "Mật khẩu này quá phổ biến, dễ bị đoán. "
        "Mật khẩu không được chỉ gồm chữ số."
    ]
    assert not User.objects.exists()


def test_two_different_passwords_are_refused(client):
    response = client.post(REGISTER, register_form(password_confirm="Khac-hoan-toan-99"))

    assert response.context["form"].errors["password_confirm"] == [
        "Hai lần nhập mật khẩu không khớp."
    ]


def test_a_phone_number_that_is_not_vietnamese_is_refused(client):
    response = client.post(REGISTER, register_form(phone="12345"))

    assert response.context["form"].errors["phone"] == [
        "Số điện thoại không hợp lệ (10 hoặc 11 chữ số, bắt đầu bằng 0)."
    ]


def test_choosing_sms_without_a_phone_number_is_refused_on_the_phone_field(client):
    response = client.post(REGISTER, register_form(phone="", email=EMAIL))

    assert response.context["form"].errors["phone"] == ["Chưa nhập số điện thoại."]


def test_a_phone_number_of_an_active_account_cannot_register_again(client, citizen, fake_sms):
    citizen()
    fake_sms.clear()

    response = client.post(REGISTER, register_form(full_name="Kẻ Giả Mạo"))

    assert response.status_code == 200
    assert response.context["form"].errors["phone"] == [
        "Số điện thoại này đã được đăng ký. Vui lòng đăng nhập, hoặc dùng chức năng "
        "“Quên mật khẩu”."
    ]
    assert User.objects.get().full_name == "Nguyễn Văn An"
    assert fake_sms.messages() == []


def test_an_email_of_a_staff_account_cannot_be_registered(client):
    User.objects.create_user("tiepnhan", email="tiep.nhan@example.vn", password=PASSWORD)

    response = client.post(
        REGISTER, register_form(channel="email", phone="", email="Tiep.Nhan@example.vn")
    )

    assert "Địa chỉ e-mail này đã được đăng ký." in response.context["form"].errors["email"][0]


def test_registering_again_before_confirming_replaces_the_pending_registration(
    send, fake_sms, time_machine
):
    time_machine.move_to("2026-03-02 09:00 +07:00", tick=False)
    send(REGISTER, register_form(full_name="Nguyễn Văn Ann"))
    time_machine.move_to("2026-03-02 09:02 +07:00", tick=False)

    send(REGISTER, register_form(full_name="Nguyễn Văn An"))

    user = User.objects.get()
    assert user.full_name == "Nguyễn Văn An"
    assert len(fake_sms.messages(PHONE)) == 2
    first, second = OneTimeCode.objects.order_by("created_at")
    assert first.revoked_at is not None
    assert second.revoked_at is None


def test_an_account_that_is_not_confirmed_cannot_log_in(client, send):
    send(REGISTER, register_form())

    response = client.post(LOGIN, {"username": PHONE, "password": PASSWORD})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_confirm_page_without_a_registration_sends_the_visitor_to_register(client):
    response = client.get(CONFIRM)

    assert response.status_code == 302
    assert response["Location"] == REGISTER


def test_the_register_form_carries_the_autocomplete_and_accessibility_attributes(client):
    page = client.get(REGISTER).content.decode()

    assert 'autocomplete="tel"' in page
    assert 'type="tel"' in page
    assert 'autocomplete="email"' in page
    assert page.count('autocomplete="new-password"') == 2
    assert 'aria-describedby="id_phone_helptext"' in page
    assert '<label for="id_full_name">' in page


def test_an_error_is_linked_to_its_field_for_screen_readers(client):
    page = client.post(REGISTER, register_form(phone="12345")).content.decode()

    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_phone_helptext id_phone_error"' in page
    assert 'id="id_phone_error"' in page
    assert 'role="alert"' in page
