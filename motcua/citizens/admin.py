"""Portal accounts in the admin: read-only (they change through the account pages and the
services); an administrator locks an account by unticking the user's "active" box."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.citizens.models import CitizenAccount, OneTimeCode


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CitizenAccount)
class CitizenAccountAdmin(ReadOnlyAdmin):
    list_display = (
        "user",
        "kind",
        "phone",
        "activated_at",
        "phone_verified_at",
        "email_verified_at",
    )
    list_filter = ("kind",)
    search_fields = ("user__full_name", "user__email", "phone", "organization_name", "tax_code")
    list_select_related = ("user",)


@admin.register(OneTimeCode)
class OneTimeCodeAdmin(ReadOnlyAdmin):
    list_display = ("address", "purpose", "channel", "created_at", "attempts", "used_at", "sent_at")
    list_filter = ("purpose", "channel")
    search_fields = ("address",)
    exclude = ("code_hash",)
