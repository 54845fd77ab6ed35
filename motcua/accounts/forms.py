from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.services import (
    login_failure_record,
    login_failures_clear,
    login_is_locked,
)
from motcua.core.clock import now


class LoginForm(auth_forms.AuthenticationForm):
    """Username or e-mail + password, with lock-out after repeated failures."""

    username = forms.CharField(
        label=_("Tên đăng nhập hoặc e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khóa."),
        "locked": _(
            "Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau %(minutes)s phút."
        ),
    }

    def clean(self) -> dict[str, Any]:
        from django.conf import settings

        identifier = self.cleaned_data.get("username") or ""
        at = now()
        if identifier and login_is_locked(identifier=identifier, at=at):
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if identifier:
                ip = self.request.META.get("REMOTE_ADDR") if self.request else None
                login_failure_record(identifier=identifier, at=at, ip=ip)
            raise
        login_failures_clear(identifier=identifier)
        return cleaned


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form with Vietnamese labels; the rules are AUTH_PASSWORD_VALIDATORS."""

    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_incorrect": _("Mật khẩu hiện tại không đúng."),
        "password_mismatch": _("Hai lần nhập mật khẩu mới không khớp."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Mật khẩu hiện tại")
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")
