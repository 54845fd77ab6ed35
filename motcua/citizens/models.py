"""Citizen and business accounts on the portal, their one-time codes and rate-limit events.

A portal account is an `accounts.User` (no unit, the citizen role group) plus one
`CitizenAccount` row with what only citizens have: how they registered, which contacts
they proved they own (phone / e-mail by a one-time code, citizen ID by the national eID
through OpenID Connect), and the OpenID Connect link.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User

OTP_MAX_ATTEMPTS = 5


class AccountKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    ORGANIZATION = "organization", _("Tổ chức, doanh nghiệp")


class CodeChannel(models.TextChoices):
    SMS = "sms", _("Tin nhắn SMS")
    EMAIL = "email", _("E-mail")


class CodePurpose(models.TextChoices):
    REGISTER = "register", _("Xác nhận đăng ký")
    RESET = "reset", _("Đặt lại mật khẩu")


class CitizenAccount(models.Model):
    """What a portal account has beyond the User. Its e-mail is `user.email` (unique,
    case-insensitive, on User); its phone is here, unique among portal accounts, and copied
    to `user.phone` for forms that pre-fill it."""

    user = models.OneToOneField(
        User,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="citizen_account",
    )
    kind = models.CharField(
        _("loại tài khoản"),
        max_length=12,
        choices=AccountKind.choices,
        default=AccountKind.INDIVIDUAL,
    )
    organization_name = models.CharField(_("tên tổ chức, doanh nghiệp"), max_length=255, blank=True)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True)
    phone = models.CharField(_("số điện thoại đăng nhập"), max_length=15, blank=True)
    phone_verified_at = models.DateTimeField(_("xác nhận số điện thoại lúc"), null=True, blank=True)
    email_verified_at = models.DateTimeField(_("xác nhận e-mail lúc"), null=True, blank=True)
    citizen_id_verified_at = models.DateTimeField(
        _("xác thực số định danh lúc"),
        null=True,
        blank=True,
        help_text=_("Chỉ khi nhà cung cấp định danh (VNeID) xác nhận; tự khai thì để trống."),
    )
    oidc_issuer = models.CharField(_("nhà cung cấp định danh"), max_length=255, blank=True)
    oidc_subject = models.CharField(_("mã định danh tại nhà cung cấp"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("đăng ký lúc"))
    activated_at = models.DateTimeField(_("kích hoạt lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tài khoản công dân")
        verbose_name_plural = _("tài khoản công dân")
        constraints = [
            models.UniqueConstraint(
                fields=["phone"],
                condition=~Q(phone=""),
                name="citizens_account_phone_unique",
                violation_error_message=_("Số điện thoại này đã được dùng cho tài khoản khác."),
            ),
            models.UniqueConstraint(
                fields=["oidc_issuer", "oidc_subject"],
                condition=~Q(oidc_subject=""),
                name="citizens_account_oidc_unique",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AccountKind.values), name="citizens_account_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(phone_verified_at__isnull=True) | ~Q(phone=""),
                name="citizens_account_verified_phone_present",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_activated(self) -> bool:
        return self.activated_at is not None


class OneTimeCode(models.Model):
    """A 6-digit code sent to a phone or an e-mail address. Only its keyed hash is stored;
    it expires after a few minutes, allows OTP_MAX_ATTEMPTS wrong tries, is used once, and a
    newer code for the same account and purpose revokes it."""

    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="+"
    )
    purpose = models.CharField(_("mục đích"), max_length=10, choices=CodePurpose.choices)
    channel = models.CharField(_("kênh gửi"), max_length=5, choices=CodeChannel.choices)
    address = models.CharField(_("gửi tới"), max_length=254)
    code_hash = models.CharField(_("băm của mã"), max_length=64)
    created_at = models.DateTimeField(_("tạo lúc"))
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    attempts = models.PositiveSmallIntegerField(_("số lần nhập sai"), default=0)
    used_at = models.DateTimeField(_("đã dùng lúc"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    send_error = models.CharField(_("lỗi khi gửi"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("mã xác nhận")
        verbose_name_plural = _("mã xác nhận")
        indexes = [
            models.Index(fields=["user", "purpose", "created_at"], name="citizens_otp_user"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(attempts__lte=OTP_MAX_ATTEMPTS), name="citizens_otp_attempts_max"
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="citizens_otp_expires_after"
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=CodePurpose.values), name="citizens_otp_purpose_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=CodeChannel.values), name="citizens_otp_channel_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} → {self.address} @ {self.created_at:%Y-%m-%d %H:%M}"


class RateEvent(models.Model):
    """One counted event for a rate limit: `scope` names the limit (e.g. "code_request_ip"),
    `key` what it counts (an IP address, a phone number, an e-mail address)."""

    scope = models.CharField(_("giới hạn"), max_length=40)
    key = models.CharField(_("đối tượng"), max_length=254)
    at = models.DateTimeField(_("lúc"))

    class Meta:
        verbose_name = _("sự kiện giới hạn tần suất")
        verbose_name_plural = _("sự kiện giới hạn tần suất")
        indexes = [models.Index(fields=["scope", "key", "at"], name="citizens_rate_scope_key_at")]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key} @ {self.at:%Y-%m-%d %H:%M}"
