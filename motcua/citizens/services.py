"""Writes for portal accounts: registration, one-time codes, activation, password reset and
the rate-limit bookkeeping.

Every function is keyword-only, takes `at=` (the caller reads the clock once) and `ip=`
(for the per-address limits), and runs in a transaction. The code itself is sent *after*
the transaction commits (`transaction.on_commit`): by SMS through the gateway, or by
Django mail; a failure to send is recorded on the code (`send_error`) for the page to say
so, never raised into the transaction.

`otp_verify` commits its own bookkeeping (a wrong try counts even though it raises):
call it outside any enclosing transaction, as the views do.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Mapping
from functools import partial
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.crypto import constant_time_compare, salted_hmac

from motcua.accounts.models import User
from motcua.accounts.services import citizen_role_grant, login_failures_clear
from motcua.citizens import rates
from motcua.citizens.identifiers import Identifier, parse_identifier
from motcua.citizens.models import (
    OTP_MAX_ATTEMPTS,
    AccountKind,
    CitizenAccount,
    CodeChannel,
    CodePurpose,
    OneTimeCode,
    RateEvent,
)
from motcua.citizens.selectors import active_account_user, last_event_at, rate_retry_after
from motcua.core.clock import now
from motcua.core.errors import Conflict, InvalidInput, NotAllowed
from motcua.core.text import clean
from motcua.dossiers.validators import (
    normalize_citizen_id,
    normalize_email,
    normalize_phone,
    normalize_tax_code,
    require_text,
)
from motcua.integrations.sms import SmsError, get_sms_gateway

log = logging.getLogger(__name__)


class RegistrationInvalid(InvalidInput):
    """A registration field is missing or wrong (422)."""


class AccountExists(Conflict):
    """The phone number or e-mail address already belongs to an account (409)."""


class CodeInvalid(InvalidInput):
    """The one-time code is wrong, expired, used, locked or missing (422)."""


class RateLimited(InvalidInput):
    """Too many requests for this phone / e-mail / IP address (429); `retry_after` seconds."""

    status_code = 429


def _minutes(seconds: int) -> int:
    return max(1, -(-seconds // 60))


# --- Rate limits --------------------------------------------------------------------------


def rate_hit(*, limit: rates.Limit, key: str, at: dt.datetime) -> None:
    """Count one event for `key` under `limit` (and forget this key's events older than a day)."""
    with transaction.atomic():
        RateEvent.objects.filter(scope=limit.scope, key=key, at__lt=at - rates.KEEP_EVENTS).delete()
        RateEvent.objects.create(scope=limit.scope, key=key[:254], at=at)


def login_ip_check(*, ip: str, at: dt.datetime) -> None:
    """Raise RateLimited when this IP address has failed to log in too often."""
    wait = rate_retry_after(rates.LOGIN_FAILURES_PER_IP, ip, at=at)
    if wait is not None:
        raise RateLimited(
            "Có quá nhiều lần đăng nhập không thành công từ địa chỉ mạng của bạn. "
            f"Vui lòng thử lại sau {_minutes(wait)} phút.",
            field="username",
            retry_after=wait,
        )


def login_ip_failure_record(*, ip: str, at: dt.datetime) -> None:
    rate_hit(limit=rates.LOGIN_FAILURES_PER_IP, key=ip, at=at)


def _code_request_check(*, address: str, ip: str, at: dt.datetime) -> None:
    last = last_event_at(rates.CODE_REQUESTS_PER_ADDRESS.scope, address)
    if last is not None and at - last < rates.RESEND_INTERVAL:
        wait = max(1, int((last + rates.RESEND_INTERVAL - at).total_seconds()))
        raise RateLimited(
            f"Mã xác nhận vừa được gửi. Vui lòng đợi {wait} giây rồi yêu cầu gửi lại.",
            field="code",
            retry_after=wait,
        )
    for limit, key in (
        (rates.CODE_REQUESTS_PER_ADDRESS, address),
        (rates.CODE_REQUESTS_PER_IP, ip),
    ):
        retry = rate_retry_after(limit, key, at=at)
        if retry is not None:
            raise RateLimited(
                "Bạn đã yêu cầu gửi mã xác nhận quá nhiều lần. "
                f"Vui lòng thử lại sau {_minutes(retry)} phút.",
                field="code",
                retry_after=retry,
            )


def _code_request_record(*, address: str, ip: str, at: dt.datetime) -> None:
    rate_hit(limit=rates.CODE_REQUESTS_PER_ADDRESS, key=address, at=at)
    rate_hit(limit=rates.CODE_REQUESTS_PER_IP, key=ip, at=at)


def _code_failures_check(*, ip: str, at: dt.datetime) -> None:
    wait = rate_retry_after(rates.CODE_FAILURES_PER_IP, ip, at=at)
    if wait is not None:
        raise RateLimited(
            "Bạn đã nhập sai mã xác nhận quá nhiều lần. "
            f"Vui lòng thử lại sau {_minutes(wait)} phút.",
            field="code",
            retry_after=wait,
        )


# --- One-time codes -----------------------------------------------------------------------


def _code_hash(*, purpose: str, user_id: int, code: str) -> str:
    """Keyed (SECRET_KEY) so a leaked table does not give the codes back by brute force."""
    value = f"{purpose}:{user_id}:{code}"
    return salted_hmac("motcua.citizens.otp", value, algorithm="sha256").hexdigest()


SMS_TEXT = {
    # Brandname SMS templates are registered with the carriers without diacritics (GSM-7,
    # 160 characters per part).
    CodePurpose.REGISTER: (
        "Ma xac nhan dang ky tai khoan Mot Cua: {code}. Hieu luc {minutes} phut. "
        "Khong cung cap ma nay cho bat ky ai."
    ),
    CodePurpose.RESET: (
        "Ma dat lai mat khau Mot Cua: {code}. Hieu luc {minutes} phut. "
        "Neu ban khong yeu cau, hay bo qua tin nhan nay."
    ),
}
MAIL_SUBJECT = {
    CodePurpose.REGISTER: "Mã xác nhận đăng ký tài khoản Dịch vụ công",
    CodePurpose.RESET: "Mã đặt lại mật khẩu tài khoản Dịch vụ công",
}
MAIL_BODY = {
    CodePurpose.REGISTER: (
        "Xin chào {name},\n\nMã xác nhận đăng ký tài khoản của bạn là: {code}\n\n"
        "Mã có hiệu lực trong {minutes} phút. Không cung cấp mã này cho bất kỳ ai, "
        "kể cả cán bộ.\n\nTrung tâm Phục vụ hành chính công"
    ),
    CodePurpose.RESET: (
        "Xin chào {name},\n\nMã đặt lại mật khẩu của bạn là: {code}\n\n"
        "Mã có hiệu lực trong {minutes} phút. Nếu bạn không yêu cầu đặt lại mật khẩu, "
        "hãy bỏ qua thư này; mật khẩu của bạn không thay đổi.\n\n"
        "Trung tâm Phục vụ hành chính công"
    ),
}


def _deliver(otp_id: int, code: str) -> None:
    """Send the code (after commit). A failure is logged and kept on the code row."""
    otp = OneTimeCode.objects.select_related("user").get(pk=otp_id)
    minutes = int(rates.CODE_TTL.total_seconds() // 60)
    try:
        if otp.channel == CodeChannel.SMS:
            get_sms_gateway().send(
                to=otp.address,
                text=SMS_TEXT[CodePurpose(otp.purpose)].format(code=code, minutes=minutes),
                idempotency_key=f"otp-{otp.pk}-{otp.code_hash[:12]}",
            )
        else:
            send_mail(
                MAIL_SUBJECT[CodePurpose(otp.purpose)],
                MAIL_BODY[CodePurpose(otp.purpose)].format(
                    name=otp.user.full_name or otp.address, code=code, minutes=minutes
                ),
                None,
                [otp.address],
            )
    except (SmsError, OSError) as exc:  # smtplib errors are OSErrors
        log.warning("One-time code %s to %s not sent: %s", otp.pk, otp.channel, exc)
        OneTimeCode.objects.filter(pk=otp_id).update(send_error=str(exc)[:500])
        return
    OneTimeCode.objects.filter(pk=otp_id).update(sent_at=now(), send_error="")


def otp_issue(
    *, user: User, purpose: str, channel: str, address: str, ip: str, at: dt.datetime
) -> OneTimeCode:
    """A new code for `user` (revoking the previous ones for the same purpose), sent to
    `address` by `channel` once the transaction commits. Refused with RateLimited within
    RESEND_INTERVAL of the last code to that address, or past the per-address / per-IP
    hourly limits."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one request at a time
        _code_request_check(address=address, ip=ip, at=at)
        _code_request_record(address=address, ip=ip, at=at)
        OneTimeCode.objects.filter(
            user=user, purpose=purpose, used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=at)
        code = f"{secrets.randbelow(10**6):06d}"
        otp = OneTimeCode.objects.create(
            user=user,
            purpose=purpose,
            channel=channel,
            address=address,
            code_hash=_code_hash(purpose=purpose, user_id=user.pk, code=code),
            created_at=at,
            expires_at=at + rates.CODE_TTL,
        )
        transaction.on_commit(partial(_deliver, otp.pk, code))
    return otp


def otp_resend(*, user: User, purpose: str, ip: str, at: dt.datetime) -> OneTimeCode:
    """A new code to the same place as the last one ("Gửi lại mã")."""
    last = OneTimeCode.objects.filter(user=user, purpose=purpose).order_by("-created_at").first()
    if last is None:
        raise CodeInvalid("Chưa có mã xác nhận nào để gửi lại.", field="code")
    return otp_issue(
        user=user, purpose=purpose, channel=last.channel, address=last.address, ip=ip, at=at
    )


NO_CODE = "Mã xác nhận không còn hiệu lực. Vui lòng bấm “Gửi lại mã” để nhận mã mới."


def otp_verify(*, user: User, purpose: str, code: str, ip: str, at: dt.datetime) -> OneTimeCode:
    """Use the account's current code for `purpose`. A wrong code counts one attempt (and
    one failure for the IP address) and raises CodeInvalid saying how many tries remain;
    after OTP_MAX_ATTEMPTS the code is locked. Expired, used or revoked codes are refused."""
    _code_failures_check(ip=ip, at=at)
    given = "".join((code or "").split())
    if not (len(given) == 6 and given.isdigit()):
        raise CodeInvalid("Mã xác nhận gồm 6 chữ số.", field="code")
    failure: CodeInvalid | None = None
    with transaction.atomic():
        otp = (
            OneTimeCode.objects.select_for_update()
            .filter(user=user, purpose=purpose, used_at__isnull=True, revoked_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if otp is None:
            failure = CodeInvalid(NO_CODE, field="code")
        elif at >= otp.expires_at:
            minutes = int(rates.CODE_TTL.total_seconds() // 60)
            failure = CodeInvalid(
                f"Mã xác nhận đã hết hạn (mã chỉ có hiệu lực {minutes} phút). "
                "Vui lòng bấm “Gửi lại mã” để nhận mã mới.",
                field="code",
            )
        elif otp.attempts >= OTP_MAX_ATTEMPTS:
            failure = _locked()
        elif not constant_time_compare(
            otp.code_hash, _code_hash(purpose=purpose, user_id=user.pk, code=given)
        ):
            otp.attempts += 1
            otp.save(update_fields=["attempts"])
            rate_hit(limit=rates.CODE_FAILURES_PER_IP, key=ip, at=at)
            remaining = OTP_MAX_ATTEMPTS - otp.attempts
            failure = (
                _locked()
                if remaining <= 0
                else CodeInvalid(
                    f"Mã xác nhận không đúng. Bạn còn {remaining} lần thử.", field="code"
                )
            )
        else:
            otp.used_at = at
            otp.save(update_fields=["used_at"])
    if failure is not None:
        raise failure
    assert otp is not None  # noqa: S101 - narrowing for the type checker
    return otp


def _locked() -> CodeInvalid:
    return CodeInvalid(
        f"Bạn đã nhập sai mã {OTP_MAX_ATTEMPTS} lần nên mã này đã bị khóa. "
        "Vui lòng bấm “Gửi lại mã” để nhận mã mới.",
        field="code",
    )


# --- Registration and activation ----------------------------------------------------------


# Django's own Vietnamese catalogue misses some of these (and names the username, which a
# citizen never typed): our wording, by the validators' error codes.
PASSWORD_MESSAGES = {
    "password_too_short": "Mật khẩu quá ngắn: cần ít nhất {min_length} ký tự.",
    "password_too_similar": "Mật khẩu quá giống họ tên, số điện thoại hoặc e-mail của bạn.",
    "password_too_common": "Mật khẩu này quá phổ biến, dễ bị đoán.",
    "password_entirely_numeric": "Mật khẩu không được chỉ gồm chữ số.",
}


def _password_check(password: str, *, user: User, field: str) -> None:
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        messages = []
        for error in exc.error_list:
            template = PASSWORD_MESSAGES.get(str(error.code))
            text = template.format(**(error.params or {})) if template else str(error.message)
            if text not in messages:
                messages.append(text)
        raise RegistrationInvalid(" ".join(messages), field=field) from None


def _new_username() -> str:
    return f"cd-{secrets.token_hex(6)}"


def citizen_register(
    *,
    kind: str,
    full_name: str,
    channel: str,
    phone: str = "",
    email: str = "",
    password: str,
    citizen_id: str = "",
    organization_name: str = "",
    tax_code: str = "",
    ip: str,
    at: dt.datetime,
) -> OneTimeCode:
    """Create (or, for a registration never confirmed, update) an inactive portal account
    and send it a one-time code by `channel` (SMS to `phone`, or `email`). The account is
    usable after `citizen_activate`. Refused when the phone / e-mail belongs to an account
    already in use (AccountExists, 409) and under the code-request limits (RateLimited)."""
    if kind not in AccountKind.values:
        raise RegistrationInvalid("Loại tài khoản không hợp lệ.", field="kind")
    name = require_text(full_name, field="full_name", label="họ và tên", max_length=200)
    org_name, org_tax = "", ""
    if kind == AccountKind.ORGANIZATION:
        org_name = require_text(
            organization_name,
            field="organization_name",
            label="tên tổ chức, doanh nghiệp",
            max_length=255,
        )
        org_tax = normalize_tax_code(tax_code) if (tax_code or "").strip() else ""
    cid = normalize_citizen_id(citizen_id) if (citizen_id or "").strip() else ""
    if channel == CodeChannel.SMS:
        phone = normalize_phone(phone, field="phone")
        if not phone:
            raise RegistrationInvalid("Chưa nhập số điện thoại.", field="phone")
        email = ""
        address = phone
    elif channel == CodeChannel.EMAIL:
        email = normalize_email(email, field="email").lower()
        if not email:
            raise RegistrationInvalid("Chưa nhập địa chỉ e-mail.", field="email")
        phone = ""
        address = email
    else:
        raise RegistrationInvalid("Chọn cách nhận mã xác nhận.", field="channel")
    _password_check(
        password,
        user=User(username=address, email=email, first_name=name, last_name=""),
        field="password",
    )
    taken_field = "phone" if phone else "email"
    taken = AccountExists(
        ("Số điện thoại này đã được đăng ký." if phone else "Địa chỉ e-mail này đã được đăng ký.")
        + " Vui lòng đăng nhập, hoặc dùng chức năng “Quên mật khẩu”.",
        field=taken_field,
    )
    with transaction.atomic():
        if phone:
            found = (
                CitizenAccount.objects.select_for_update()
                .select_related("user")
                .filter(phone=phone)
            ).first()
            user = found.user if found else None
        else:
            user = User.objects.select_for_update().filter(email__iexact=email).first()
            found = CitizenAccount.objects.filter(user=user).first() if user else None
        if user is not None:
            pending = found is not None and found.activated_at is None and not user.is_active
            if not pending:
                raise taken
        else:
            user = User(username=_new_username(), is_active=False)
        assert user is not None  # noqa: S101 - narrowing
        user.full_name = name
        user.email = email
        user.phone = phone
        user.citizen_id = cid
        user.set_password(password)
        account = found or CitizenAccount(created_at=at)
        account.kind = kind
        account.organization_name = org_name
        account.tax_code = org_tax
        account.phone = phone
        try:
            with transaction.atomic():
                user.save()
                account.user = user
                account.save()
        except IntegrityError:
            raise taken from None
        return otp_issue(
            user=user,
            purpose=CodePurpose.REGISTER,
            channel=channel,
            address=address,
            ip=ip,
            at=at,
        )


def citizen_activate(*, user: User, code: str, ip: str, at: dt.datetime) -> User:
    """Confirm a registration with its one-time code: the account becomes active, the
    phone or e-mail the code went to is marked verified, the citizen role is granted.
    Idempotent for an account already activated."""
    account = CitizenAccount.objects.filter(user=user).first()
    if account is None:
        raise CodeInvalid(NO_CODE, field="code")
    if account.activated_at is not None:
        return user
    otp = otp_verify(user=user, purpose=CodePurpose.REGISTER, code=code, ip=ip, at=at)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        account = CitizenAccount.objects.select_for_update().get(user=user)
        if account.activated_at is None:
            account.activated_at = at
            _mark_verified(account=account, user=user, otp=otp, at=at)
            account.save()
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
        citizen_role_grant(user=user)
    return user


def _mark_verified(
    *, account: CitizenAccount, user: User, otp: OneTimeCode, at: dt.datetime
) -> None:
    if otp.channel == CodeChannel.SMS and otp.address == account.phone:
        account.phone_verified_at = account.phone_verified_at or at
    elif otp.channel == CodeChannel.EMAIL and otp.address == user.email.lower():
        account.email_verified_at = account.email_verified_at or at


# --- Password reset -----------------------------------------------------------------------


def _identify(identifier: str, field: str) -> tuple[Identifier, User | None]:
    ident = parse_identifier(identifier, field=field)
    return ident, active_account_user(channel_is_phone=ident.is_phone, address=ident.address)


def password_reset_request(*, identifier: str, ip: str, at: dt.datetime) -> OneTimeCode | None:
    """Send a reset code to the phone / e-mail of the active portal account it names.
    An unknown identifier gets the same treatment (rate limits included) and no code, so
    the answer does not reveal whether an account exists. Returns the code row or None."""
    ident, user = _identify(identifier, "identifier")
    if user is None:
        with transaction.atomic():
            _code_request_check(address=ident.address, ip=ip, at=at)
            _code_request_record(address=ident.address, ip=ip, at=at)
        return None
    return otp_issue(
        user=user,
        purpose=CodePurpose.RESET,
        channel=ident.channel,
        address=ident.address,
        ip=ip,
        at=at,
    )


def password_reset_resend(*, identifier: str, ip: str, at: dt.datetime) -> OneTimeCode | None:
    return password_reset_request(identifier=identifier, ip=ip, at=at)


def password_reset_confirm(
    *, identifier: str, code: str, new_password: str, ip: str, at: dt.datetime
) -> User:
    """Set a new password with the reset code. The code proves the phone / e-mail, which is
    marked verified; the login lock-out of the account is lifted."""
    ident, user = _identify(identifier, "identifier")
    if user is None:
        _code_failures_check(ip=ip, at=at)
        rate_hit(limit=rates.CODE_FAILURES_PER_IP, key=ip, at=at)
        raise CodeInvalid(NO_CODE, field="code")
    _password_check(new_password, user=user, field="new_password")
    otp = otp_verify(user=user, purpose=CodePurpose.RESET, code=code, ip=ip, at=at)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_password(new_password)
        user.save(update_fields=["password"])
        account = CitizenAccount.objects.select_for_update().get(user=user)
        _mark_verified(account=account, user=user, otp=otp, at=at)
        account.save(update_fields=["phone_verified_at", "email_verified_at"])
        login_failures_clear(identifier=user.username)
    return user


# --- OpenID Connect (national eID) ---------------------------------------------------------

# Claims that carry the 12-digit citizen ID (the fake provider's; a real eID's is configured
# here when its documentation is at hand).
CITIZEN_ID_CLAIMS = ("citizen_id",)


class AccountLocked(NotAllowed):
    """The account exists but has been locked by an administrator (403)."""


def _claim_citizen_id(claims: Mapping[str, Any]) -> str:
    for name in CITIZEN_ID_CLAIMS:
        value = str(claims.get(name) or "").strip()
        if value:
            try:
                return normalize_citizen_id(value)
            except InvalidInput:
                log.warning("OIDC claim %s is not a valid citizen ID; ignored.", name)
    return ""


def _claim_phone(claims: Mapping[str, Any]) -> str:
    if claims.get("phone_number_verified") is not True:
        return ""
    try:
        return normalize_phone(str(claims.get("phone_number") or ""))
    except InvalidInput:
        return ""


def _claim_email(claims: Mapping[str, Any]) -> str:
    if claims.get("email_verified") is not True:
        return ""
    try:
        return normalize_email(str(claims.get("email") or "")).lower()
    except InvalidInput:
        return ""


def citizen_oidc_login(*, issuer: str, claims: Mapping[str, Any], at: dt.datetime) -> User:
    """The portal account for an identity the OpenID Connect provider vouched for (verified
    ID-token claims): the account already linked to (issuer, sub); else the active account
    with the provider-verified phone or e-mail, which gets linked; else a new account.

    What the provider verifies is recorded as verified (phone, e-mail, and the citizen ID,
    which only this path can verify). A pending registration of the same phone / e-mail is
    taken over with its password made unusable (whoever typed that password never proved
    anything)."""
    subject = str(claims.get("sub") or "")
    if not subject:
        raise InvalidInput("Nhà cung cấp định danh không trả về mã người dùng.", field="sub")
    name = clean(str(claims.get("name") or ""))[:200]
    phone, email, cid = _claim_phone(claims), _claim_email(claims), _claim_citizen_id(claims)
    with transaction.atomic():
        account = (
            CitizenAccount.objects.select_for_update()
            .select_related("user")
            .filter(oidc_issuer=issuer, oidc_subject=subject)
            .first()
        )
        if account is None and phone:
            account = (
                CitizenAccount.objects.select_for_update()
                .select_related("user")
                .filter(phone=phone)
                .first()
            )
        if account is None and email:
            account = (
                CitizenAccount.objects.select_for_update()
                .select_related("user")
                .filter(user__email__iexact=email)
                .first()
            )
        if account is not None:
            user = account.user
            if account.activated_at is not None and not user.is_active:
                raise AccountLocked(
                    "Tài khoản này đã bị khóa. Vui lòng liên hệ Trung tâm Phục vụ hành chính công.",
                )
            if account.activated_at is None:  # a pending registration: taken over
                user.set_unusable_password()
        else:
            email_free = bool(email) and not User.objects.filter(email__iexact=email).exists()
            user = User(username=_new_username(), email=email if email_free else "")
            user.set_unusable_password()
            account = CitizenAccount(created_at=at, phone=phone)
        user.is_active = True
        if name:
            user.full_name = name
        if cid:
            user.citizen_id = cid
        if (
            phone
            and not account.phone
            and not CitizenAccount.objects.filter(phone=phone).exclude(pk=account.pk).exists()
        ):
            account.phone = phone
        user.phone = account.phone
        user.save()
        account.user = user
        account.oidc_issuer, account.oidc_subject = issuer, subject
        account.activated_at = account.activated_at or at
        if phone and account.phone == phone:
            account.phone_verified_at = account.phone_verified_at or at
        if email and user.email.lower() == email:
            account.email_verified_at = account.email_verified_at or at
        if cid:
            account.citizen_id_verified_at = at
        try:
            with transaction.atomic():
                account.save()
        except IntegrityError:
            raise Conflict(
                "Tài khoản định danh này đã gắn với một tài khoản khác.", field="sub"
            ) from None
        citizen_role_grant(user=user)
    return user


# --- Housekeeping ---------------------------------------------------------------------------

PENDING_ACCOUNT_DAYS = 7


def citizens_purge(*, at: dt.datetime) -> dict[str, int]:
    """Delete what no longer serves: rate-limit events and one-time codes older than a day,
    and registrations never confirmed within PENDING_ACCOUNT_DAYS (inactive users that were
    never activated — not accounts an administrator locked). Run daily
    (`manage.py citizens_purge`). Returns the number of rows deleted per kind."""
    with transaction.atomic():
        events, _ = RateEvent.objects.filter(at__lt=at - rates.KEEP_EVENTS).delete()
        codes, _ = OneTimeCode.objects.filter(created_at__lt=at - rates.KEEP_EVENTS).delete()
        stale = User.objects.filter(
            is_active=False,
            citizen_account__activated_at__isnull=True,
            citizen_account__created_at__lt=at - dt.timedelta(days=PENDING_ACCOUNT_DAYS),
        )
        pending = stale.count()
        stale.delete()
    return {"rate_events": events, "codes": codes, "pending_accounts": pending}
