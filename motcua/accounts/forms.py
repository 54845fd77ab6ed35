from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from motcua.accounts.services import (
    login_failure_record,
    login_failures_clear,
    login_is_locked,
)
from motcua.core.clock import now


class LoginForm(AuthenticationForm):
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
