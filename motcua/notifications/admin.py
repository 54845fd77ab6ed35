from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from motcua.notifications.models import NotificationDelivery, NotificationTemplate
from motcua.notifications.rendering import PLACEHOLDERS, TemplateError, check_template, mask


class NotificationTemplateForm(forms.ModelForm[NotificationTemplate]):
    class Meta:
        model = NotificationTemplate
        fields = ["audience", "event", "channel", "name", "subject", "body", "active"]
        help_texts = {
            "body": "Trường dùng được: "
            + ", ".join(f"{{{k}}} ({v})" for k, v in PLACEHOLDERS.items()),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("subject", "body"):
            try:
                check_template(str(data.get(name) or ""))
            except TemplateError as exc:
                self.add_error(name, str(exc))
        return data


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(admin.ModelAdmin[NotificationTemplate]):
    form = NotificationTemplateForm
    list_display = ["name", "audience", "event", "channel", "active"]
    list_filter = ["audience", "channel", "active"]
    search_fields = ["event", "name", "body"]


@admin.register(NotificationDelivery)
class NotificationDeliveryAdmin(admin.ModelAdmin[NotificationDelivery]):
    list_display = ["at", "code", "event", "channel", "masked_to", "status", "attempt"]
    list_filter = ["channel", "status", "audience"]
    search_fields = ["code"]
    readonly_fields = [f.name for f in NotificationDelivery._meta.fields]

    @admin.display(description="Gửi đến")
    def masked_to(self, obj: NotificationDelivery) -> str:
        return mask(obj.channel, obj.to)

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
