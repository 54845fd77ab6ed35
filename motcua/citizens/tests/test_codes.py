"""One-time codes: attempts and lock, expiry, resend throttling, per-address and per-IP limits."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.accounts.models import User
from motcua.citizens import rates
from motcua.citizens.models import CodePurpose, OneTimeCode
from motcua.citizens.services import (
    CodeInvalid,
    RateLimited,
    citizen_activate,
    citizen_register,
    otp_resend,
    otp_verify,
)
from motcua.citizens.tests.helpers import CONFIRM, PASSWORD, PHONE, REGISTER, T0, register_form

pytestmark = pytest.mark.django_db
IP = "203.0.113.7"


@pytest.fixture
def registered(fake_sms, django_capture_on_commit_callbacks):
    """A registration waiting for its code (sent at T0); returns (user, code)."""
    with django_capture_on_commit_callbacks(execute=True):
        otp = citizen_register(
            kind="individual",
            full_name="Nguyễn Văn An",
            channel="sms",
            phone=PHONE,
            password=PASSWORD,
            ip=IP,
            at=T0,
        )
    return otp.user, fake_sms.last_code(PHONE)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_a_wrong_code_counts_one_attempt_and_says_how_many_remain(registered):
    user, code = registered

    with pytest.raises(CodeInvalid) as caught:
        citizen_activate(user=user, code=wrong(code), ip=IP, at=T0 + dt.timedelta(seconds=30))

    assert caught.value.message == "Mã xác nhận không đúng. Bạn còn 4 lần thử."
    assert caught.value.field == "code"
    assert OneTimeCode.objects.get().attempts == 1
    user.refresh_from_db()
    assert not user.is_active


def test_the_fifth_wrong_code_locks_it_and_even_the_right_code_is_then_refused(registered):
    user, code = registered
    at = T0 + dt.timedelta(seconds=30)
    messages = []
    for _ in range(5):
        with pytest.raises(CodeInvalid) as caught:
            citizen_activate(user=user, code=wrong(code), ip=IP, at=at)
        messages.append(caught.value.message)

    with pytest.raises(CodeInvalid) as caught:
        citizen_activate(user=user, code=code, ip=IP, at=at)

    locked = (
        "Bạn đã nhập sai mã 5 lần nên mã này đã bị khóa. Vui lòng bấm “Gửi lại mã” để nhận mã mới."
    )
    assert messages[:4] == [f"Mã xác nhận không đúng. Bạn còn {n} lần thử." for n in (4, 3, 2, 1)]
    assert messages[4] == locked
    assert caught.value.message == locked
    assert OneTimeCode.objects.get().attempts == 5
    user.refresh_from_db()
    assert not user.is_active


def test_a_new_code_after_the_lock_works(registered, fake_sms, django_capture_on_commit_callbacks):
    user, code = registered
    for _ in range(5):
        with pytest.raises(CodeInvalid):
            citizen_activate(user=user, code=wrong(code), ip=IP, at=T0)
    with django_capture_on_commit_callbacks(execute=True):
        otp_resend(user=user, purpose=CodePurpose.REGISTER, ip=IP, at=T0 + rates.RESEND_INTERVAL)

    citizen_activate(
        user=user, code=fake_sms.last_code(PHONE), ip=IP, at=T0 + rates.RESEND_INTERVAL
    )

    user.refresh_from_db()
    assert user.is_active


def test_an_expired_code_is_refused(registered):
    user, code = registered

    with pytest.raises(CodeInvalid) as caught:
        citizen_activate(user=user, code=code, ip=IP, at=T0 + dt.timedelta(minutes=5))

    assert caught.value.message.startswith("Mã xác nhận đã hết hạn (mã chỉ có hiệu lực 5 phút).")


def test_a_code_just_before_expiry_is_accepted(registered):
    user, code = registered

    citizen_activate(user=user, code=code, ip=IP, at=T0 + dt.timedelta(minutes=4, seconds=59))

    user.refresh_from_db()
    assert user.is_active


def test_a_used_code_cannot_be_used_twice(registered):
    user, code = registered
    otp_verify(user=user, purpose=CodePurpose.REGISTER, code=code, ip=IP, at=T0)

    with pytest.raises(CodeInvalid) as caught:
        otp_verify(user=user, purpose=CodePurpose.REGISTER, code=code, ip=IP, at=T0)

    assert "không còn hiệu lực" in caught.value.message


def test_a_code_that_is_not_six_digits_is_refused_without_counting_an_attempt(registered):
    user, _ = registered

    with pytest.raises(CodeInvalid) as caught:
        citizen_activate(user=user, code="12a", ip=IP, at=T0)

    assert caught.value.message == "Mã xác nhận gồm 6 chữ số."
    assert OneTimeCode.objects.get().attempts == 0


def test_a_code_for_registration_does_not_reset_a_password(registered):
    user, code = registered

    with pytest.raises(CodeInvalid):
        otp_verify(user=user, purpose=CodePurpose.RESET, code=code, ip=IP, at=T0)


def test_resending_within_a_minute_is_refused_and_after_a_minute_sends_a_new_code(
    registered, fake_sms, django_capture_on_commit_callbacks
):
    user, _ = registered

    with pytest.raises(RateLimited) as caught:
        otp_resend(user=user, purpose=CodePurpose.REGISTER, ip=IP, at=T0 + dt.timedelta(seconds=20))

    assert caught.value.status_code == 429
    assert caught.value.message == (
        "Mã xác nhận vừa được gửi. Vui lòng đợi 40 giây rồi yêu cầu gửi lại."
    )
    assert len(fake_sms.messages(PHONE)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        otp_resend(user=user, purpose=CodePurpose.REGISTER, ip=IP, at=T0 + dt.timedelta(seconds=61))

    assert len(fake_sms.messages(PHONE)) == 2
    # The old code was revoked; the new one works.
    assert OneTimeCode.objects.filter(revoked_at__isnull=False).count() == 1
    citizen_activate(
        user=user, code=fake_sms.last_code(PHONE), ip=IP, at=T0 + dt.timedelta(seconds=70)
    )
    user.refresh_from_db()
    assert user.is_active


def test_more_than_five_codes_an_hour_to_one_phone_are_refused(registered):
    user, _ = registered
    at = T0
    for _ in range(4):
        at += rates.RESEND_INTERVAL
        otp_resend(user=user, purpose=CodePurpose.REGISTER, ip=IP, at=at)

    with pytest.raises(RateLimited) as caught:
        otp_resend(user=user, purpose=CodePurpose.REGISTER, ip=IP, at=at + rates.RESEND_INTERVAL)

    assert caught.value.message == (
        "Bạn đã yêu cầu gửi mã xác nhận quá nhiều lần. Vui lòng thử lại sau 55 phút."
    )
    assert OneTimeCode.objects.count() == 5


def test_many_code_requests_from_one_ip_address_are_refused_whatever_the_phone(db):
    at = T0
    for n in range(rates.CODE_REQUESTS_PER_IP.count):
        citizen_register(
            kind="individual",
            full_name="Người Thử",
            channel="sms",
            phone=f"09120000{n:02d}",
            password=PASSWORD,
            ip=IP,
            at=at,
        )

    with pytest.raises(RateLimited):
        citizen_register(
            kind="individual",
            full_name="Người Thử",
            channel="sms",
            phone="0913999999",
            password=PASSWORD,
            ip=IP,
            at=at,
        )

    assert not User.objects.filter(phone="0913999999").exists()


def test_many_wrong_codes_from_one_ip_address_are_refused_across_accounts(db):
    users = [
        citizen_register(
            kind="individual",
            full_name="Người Thử",
            channel="sms",
            phone=f"09120000{n:02d}",
            password=PASSWORD,
            ip=f"10.0.0.{n}",
            at=T0,
        ).user
        for n in range(5)
    ]
    failures = 0
    for user in users:
        for _ in range(4):
            with pytest.raises(CodeInvalid):
                otp_verify(user=user, purpose=CodePurpose.REGISTER, code="000000", ip=IP, at=T0)
            failures += 1
    assert failures == rates.CODE_FAILURES_PER_IP.count

    with pytest.raises(RateLimited) as caught:
        otp_verify(user=users[0], purpose=CodePurpose.REGISTER, code="000000", ip=IP, at=T0)

    assert caught.value.message == (
        "Bạn đã nhập sai mã xác nhận quá nhiều lần. Vui lòng thử lại sau 15 phút."
    )
    # Another address is not affected.
    with pytest.raises(CodeInvalid):
        otp_verify(
            user=users[0], purpose=CodePurpose.REGISTER, code="000000", ip="198.51.100.1", at=T0
        )


def test_the_confirm_page_answers_429_with_the_message_when_resending_too_soon(
    client, send, fake_sms
):
    send(REGISTER, register_form())

    response = send(CONFIRM, {"resend": "1"})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Mã xác nhận vừa được gửi. Vui lòng đợi" in response.content.decode()
    assert len(fake_sms.messages(PHONE)) == 1


def test_the_confirm_page_shows_the_remaining_attempts_on_the_code_field(client, send, fake_sms):
    send(REGISTER, register_form())
    code = fake_sms.last_code(PHONE)

    response = send(CONFIRM, {"code": wrong(code)})

    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["Mã xác nhận không đúng. Bạn còn 4 lần thử."]
    page = response.content.decode()
    assert 'autocomplete="one-time-code"' in page
    assert 'inputmode="numeric"' in page


@pytest.mark.django_db(transaction=True)
def test_a_registration_whose_sms_cannot_be_sent_says_so_and_keeps_the_account_pending(
    client, fake_sms
):
    fake_sms.fail_next(1, status=503)

    # A real commit: the send runs when the registration's transaction commits, before the
    # view decides what to tell the citizen.
    response = client.post(REGISTER, register_form(), follow=True)

    assert "Chưa gửi được mã xác nhận tới 091*****78" in response.content.decode()
    otp = OneTimeCode.objects.get()
    assert "503" in otp.send_error
    assert otp.sent_at is None
