"""Admin of the feedback app: the deadline rules are edited here (date-effective data);
items and their audit trail are read only — they change only through the services (the
staff pages)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.feedback.models import FeedbackEvent, FeedbackItem, FeedbackRule


@admin.register(FeedbackRule)
class FeedbackRuleAdmin(admin.ModelAdmin):
    list_display = (
        "code", "valid_from", "valid_to", "classify_days", "reject_days", "info_request_days",
        "forward_days", "answer_days", "publish_days",
    )  # fmt: skip
    search_fields = ("code", "basis")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A rule that items refer to stays (PROTECT); close it with `valid_to` instead.
        return bool(
            obj is None or not obj.feedbackitem_set.exists()
        ) and super().has_delete_permission(request, obj)


class EventInline(admin.TabularInline):
    model = FeedbackEvent
    extra = 0
    can_delete = False
    fields = ("at", "action", "actor", "status_after", "due_at", "timeliness", "note")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FeedbackItem)
class FeedbackItemAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "title",
        "status",
        "category",
        "unit",
        "channel",
        "received_at",
        "due_at",
    )
    list_filter = ("status", "category", "channel")
    search_fields = ("code", "title", "sender_name", "dossier__code")
    date_hierarchy = "received_at"
    inlines = [EventInline]
    list_select_related = ("unit",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in FeedbackItem._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
