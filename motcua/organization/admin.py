"""Admin for the organisation's reference data.

Posts, delegations and counters are written through the services (leadership limits,
no re-delegation, counter rules); a refusal is shown as a form error, never a 500.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.accounts.adminforms import ServiceAdminMixin, ServiceModelForm
from motcua.core.clock import now
from motcua.organization.models import Counter, Delegation, Position, Unit
from motcua.organization.services import (
    counter_create,
    counter_update,
    delegation_create,
    delegation_revoke,
    position_appoint,
    position_end,
)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "level", "parent", "valid_from", "valid_to")
    list_filter = ("kind", "level")
    search_fields = ("name", "short_name", "code")
    autocomplete_fields = ("parent", "successor")
    list_select_related = ("parent",)
    ordering = ("sort_order", "name")
    fieldsets = (
        (None, {"fields": ("code", "name", "short_name", "kind", "level", "parent")}),
        (_("Hiệu lực"), {"fields": ("valid_from", "valid_to", "successor")}),
        (_("Liên hệ"), {"fields": ("address", "phone", "sort_order")}),
    )


# --- Positions ----------------------------------------------------------------------------
class PositionForm(ServiceModelForm):
    class Meta:
        model = Position
        fields = ("unit", "holder", "kind", "is_acting", "start_date", "end_date")

    def run_service(self, data: dict[str, Any]) -> Position:
        if self.instance.pk is None:
            return position_appoint(
                unit=data["unit"],
                holder=data["holder"],
                kind=data["kind"],
                start_date=data["start_date"],
                end_date=data.get("end_date"),
                is_acting=bool(data.get("is_acting")),
                by=self.acting_user,
            )
        position: Position = self.instance
        end_date: dt.date | None = data.get("end_date")
        saved_end = Position.objects.values_list("end_date", flat=True).get(pk=position.pk)
        if end_date is None:
            if saved_end is not None:
                self.add_error("end_date", _("Không thể bỏ ngày kết thúc; hãy bổ nhiệm lại."))
            return position
        return position_end(position=position, end_date=end_date, by=self.acting_user)


@admin.register(Position)
class PositionAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = PositionForm
    list_display = ("holder", "kind", "is_acting", "unit", "start_date", "end_date")
    list_filter = ("kind", "is_acting", "unit__kind")
    search_fields = ("holder__username", "holder__full_name", "unit__name", "unit__code")
    autocomplete_fields = ("unit", "holder")
    list_select_related = ("holder", "unit")
    date_hierarchy = "start_date"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Only the end of a post can change; anything else is a new appointment.
        return ("unit", "holder", "kind", "is_acting", "start_date") if obj is not None else ()


# --- Delegations --------------------------------------------------------------------------
class DelegationForm(ServiceModelForm):
    class Meta:
        model = Delegation
        fields = (
            "unit",
            "delegator",
            "delegate",
            "scope",
            "is_acting",
            "start_date",
            "end_date",
            "document_ref",
        )

    def run_service(self, data: dict[str, Any]) -> Delegation:
        if self.instance.pk is not None:
            return self.instance  # nothing is editable after creation; revoke instead
        return delegation_create(
            unit=data["unit"],
            delegator=data["delegator"],
            delegate=data["delegate"],
            scope=data["scope"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            is_acting=bool(data.get("is_acting")),
            document_ref=data.get("document_ref") or "",
            by=self.acting_user,
        )


@admin.register(Delegation)
class DelegationAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = DelegationForm
    list_display = (
        "unit",
        "delegator",
        "delegate",
        "scope",
        "is_acting",
        "start_date",
        "end_date",
        "revoked_at",
    )
    list_filter = ("is_acting", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = (
        "scope",
        "document_ref",
        "delegator__full_name",
        "delegate__full_name",
        "unit__name",
    )
    autocomplete_fields = ("unit", "delegator", "delegate")
    list_select_related = ("unit", "delegator", "delegate")
    actions = ("revoke",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        return (*DelegationForm.Meta.fields, "revoked_at", "created_at")

    @admin.action(description=_("Thu hồi các ủy quyền đã chọn"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[Delegation]) -> None:
        at = now()
        count = 0
        for delegation in queryset.filter(revoked_at__isnull=True):
            delegation_revoke(delegation=delegation, at=at, by=request.user)  # type: ignore[arg-type]
            count += 1
        self.message_user(request, _("Đã thu hồi %(n)s ủy quyền.") % {"n": count}, messages.SUCCESS)


# --- Counters -----------------------------------------------------------------------------
class CounterForm(ServiceModelForm):
    class Meta:
        model = Counter
        fields = ("site", "number", "name", "agencies", "is_active")

    def run_service(self, data: dict[str, Any]) -> Counter:
        agencies = list(data.get("agencies") or [])
        if self.instance.pk is None:
            return counter_create(
                site=data["site"],
                number=data["number"],
                name=data["name"],
                agencies=agencies,
                is_active=bool(data.get("is_active")),
                by=self.acting_user,
            )
        return counter_update(
            counter=self.instance,
            name=data["name"],
            agencies=agencies,
            is_active=bool(data.get("is_active")),
            by=self.acting_user,
        )


@admin.register(Counter)
class CounterAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = CounterForm
    list_display = ("site", "number", "name", "is_active")
    list_filter = ("is_active", "site")
    search_fields = ("name", "site__name", "agencies__name")
    autocomplete_fields = ("site", "agencies")
    list_select_related = ("site",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("site", "number") if obj is not None else ()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The service has set the agencies already; let formsets (none) save.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
