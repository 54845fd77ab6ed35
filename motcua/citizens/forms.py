"""Forms of the account pages. They check shapes only; the rules live in services.py and
the views put a service's DomainError on the field it names (`form_error`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.forms import LoginForm
from motcua.citizens.models import AccountKind, CodeChannel
from motcua.citizens.selectors import login_username
from motcua.citizens.services import RateLimited, login_ip_check, login_ip_failure_record
from motcua.core.clock import now
from motcua.core.errors import DomainError

CODE_WIDGET = forms.TextInput(
    attrs={
        "autocomplete": "one-time-code",
        "inputmode": "numeric",
        "pattern": "[0-9]{6}",
        "maxlength": "6",
        "spellcheck": "false",
    }
)


def form_error(form: forms.Form, exc: DomainError, *, default_field: str | None = None) -> None:
    """Show a service's error on the field it names (or on the form as a whole)."""
    field = exc.field if exc.field in form.fields else default_field
    form.add_error(field, exc.message)


def _password(label: Any, autocomplete: str, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


class RegisterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Bạn đăng ký với tư cách"),
        choices=AccountKind.choices,
        initial=AccountKind.INDIVIDUAL,
        widget=forms.RadioSelect,
    )
    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Với tổ chức, doanh nghiệp: họ tên người đăng ký tài khoản."),
    )
    organization_name = forms.CharField(
        label=_("Tên tổ chức, doanh nghiệp"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        help_text=_("Bắt buộc nếu đăng ký cho tổ chức, doanh nghiệp."),
    )
    tax_code = forms.CharField(
        label=_("Mã số thuế (không bắt buộc)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    channel = forms.ChoiceField(
        label=_("Nhận mã xác nhận qua"),
        choices=[
            (CodeChannel.SMS, _("Tin nhắn SMS đến số điện thoại")),
            (CodeChannel.EMAIL, _("E-mail")),
        ],
        initial=CodeChannel.SMS,
        widget=forms.RadioSelect,
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("Dùng để đăng nhập và nhận mã qua SMS, ví dụ 0912345678."),
    )
    email = forms.CharField(
        label=_("Địa chỉ e-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Dùng để đăng nhập và nhận mã qua e-mail."),
    )
    citizen_id = forms.CharField(
        label=_("Số định danh cá nhân / CCCD (không bắt buộc)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        help_text=_("12 chữ số; dùng để điền sẵn tờ khai khi nộp hồ sơ."),
    )
    password = _password(
        _("Mật khẩu"),
        "new-password",
        _("Ít nhất 10 ký tự, không quá giống họ tên hay số điện thoại, không toàn chữ số."),
    )
    password_confirm = _password(_("Nhập lại mật khẩu"), "new-password")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password_confirm") != data.get("password"):
            self.add_error("password_confirm", _("Hai lần nhập mật khẩu không khớp."))
        return data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác nhận"),
        max_length=10,
        widget=CODE_WIDGET,
        help_text=_("6 chữ số, có hiệu lực trong 5 phút."),
    )


class CitizenLoginForm(LoginForm):
    """Phone number, e-mail or username + password. The account lock-out of LoginForm
    applies (a phone number counts against the account it names), plus a limit on failures
    per IP address."""

    username = forms.CharField(
        label=_("Số điện thoại hoặc e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        **LoginForm.error_messages,
        "invalid_login": _("Số điện thoại/e-mail hoặc mật khẩu không đúng."),
    }
    throttled = False

    def clean(self) -> dict[str, Any]:
        at = now()
        ip = client_ip_of(self.request)
        try:
            login_ip_check(ip=ip, at=at)
        except RateLimited as exc:
            self.throttled = True
            raise forms.ValidationError(exc.message, code="throttled") from None
        typed = self.cleaned_data.get("username") or ""
        self.cleaned_data["username"] = login_username(typed)
        try:
            return super().clean()
        except forms.ValidationError as exc:
            if typed and exc.code == "invalid_login":
                login_ip_failure_record(ip=ip, at=at)
            raise


def client_ip_of(request: Any) -> str:
    """The caller's address as the server sees it (a trusted proxy sets REMOTE_ADDR)."""
    meta = getattr(request, "META", {}) if request is not None else {}
    return str(meta.get("REMOTE_ADDR") or "0.0.0.0")  # noqa: S104 - a value, not a bind


class ResetRequestForm(forms.Form):
    identifier = forms.CharField(
        label=_("Số điện thoại hoặc e-mail của tài khoản"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )


class ResetConfirmForm(forms.Form):
    code = CodeForm.base_fields["code"]
    new_password = _password(
        _("Mật khẩu mới"),
        "new-password",
        _("Ít nhất 10 ký tự, không quá giống họ tên hay số điện thoại, không toàn chữ số."),
    )
    new_password_confirm = _password(_("Nhập lại mật khẩu mới"), "new-password")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password") and data.get("new_password_confirm") != data.get(
            "new_password"
        ):
            self.add_error("new_password_confirm", _("Hai lần nhập mật khẩu mới không khớp."))
        return data


__all__ = [
    "CitizenLoginForm",
    "CodeForm",
    "RegisterForm",
    "ResetConfirmForm",
    "ResetRequestForm",
    "form_error",
]
