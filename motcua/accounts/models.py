"""Users, their roles per unit, API tokens and login failures."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in: staff, citizen, or a system account (API tokens only).

    Logs in with the username or the e-mail address (see backends.py).
    """

    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    citizen_id = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)
    is_system = models.BooleanField(
        _("tài khoản hệ thống"), default=False, help_text=_("Chỉ dùng mã truy cập API.")
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_unique_ci",
                condition=~models.Q(email=""),
                violation_error_message=_("Địa chỉ e-mail này đã được dùng cho tài khoản khác."),
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)


class Role(models.TextChoices):
    """Roles are Django groups of the same name (with permissions); a membership
    gives a role in a unit."""

    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")
    CENTER_LEADER = "center_leader", _("Lãnh đạo Trung tâm")
    CONTROL_OFFICER = "control_officer", _("Cán bộ kiểm soát TTHC")
    RECEIVING_OFFICER = "receiving_officer", _("Cán bộ tiếp nhận (một cửa)")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    UNIT_HEAD = "unit_head", _("Lãnh đạo phòng chuyên môn")
    AGENCY_LEADER = "agency_leader", _("Lãnh đạo cơ quan")
    POSTAL_OFFICER = "postal_officer", _("Nhân viên bưu chính")
    FINANCE_OFFICER = "finance_officer", _("Cán bộ tài chính / kế toán")
    CITIZEN = "citizen", _("Công dân / doanh nghiệp")


class Membership(models.Model):
    """A staff member's role in a unit over a period. What staff may see is scoped by
    the units of their current memberships (and those units' descendants)."""

    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role", "valid_from"],
                name="accounts_membership_unique",
                violation_error_message=_("Phân công này đã tồn tại."),
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="accounts_membership_period",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


class ApiToken(models.Model):
    """A bearer token for staff and systems. Only the SHA-256 of the token is stored;
    the token itself is shown once, when issued."""

    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(
        _("tiền tố"), max_length=12, help_text=_("Để nhận biết mã, không đủ để dùng.")
    )
    token_hash = models.CharField(_("băm SHA-256"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class LoginFailure(models.Model):
    """Failed login attempts per normalised identifier, for the lock-out rule."""

    identifier = models.CharField(_("tên đăng nhập"), max_length=254, db_index=True)
    at = models.DateTimeField(_("lúc"))
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("đăng nhập thất bại")
        verbose_name_plural = _("đăng nhập thất bại")
        indexes = [models.Index(fields=["identifier", "at"])]

    def __str__(self) -> str:
        return f"{self.identifier} @ {self.at:%Y-%m-%d %H:%M}"
