"""Admin for the catalogue. Every write that makes or ends a version goes through services.py:

- Lĩnh vực: `field_upsert`.
- Quyết định công bố: `decision_create`; its items are written by the services (read only here).
- Thủ tục: adding one publishes it (`procedure_publish`, the content as JSON of the format in
  docs/catalog-format.md); changing one amends it (`procedure_amend`, a new version) or abolishes
  it (`procedure_abolish`). Versions are listed, never edited in place.
- Phiên bản: all published parts read only; the internal process is replaced through
  `process_set` (budget check), and form files may be attached.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from motcua.accounts.adminforms import ServiceAdminMixin, ServiceModelForm
from motcua.catalog import services
from motcua.catalog.importexport.records import version_to_data
from motcua.catalog.models import (
    Case,
    DecisionItem,
    EFormField,
    FeeItem,
    Field,
    ImportJob,
    Procedure,
    ProcedureForm,
    ProcedureVersion,
    ProcessStep,
    PublicationDecision,
    RequiredDocument,
)
from motcua.core.clock import now
from motcua.core.errors import DomainError, InvalidInput


class CatalogServiceForm(ServiceModelForm):
    """A ServiceModelForm that shows every error a service lists, not only the first."""

    def full_clean(self) -> None:
        forms.ModelForm.full_clean(self)
        if not self.is_bound or self.errors:
            return
        try:
            with transaction.atomic():
                self.instance = self.run_service(self.cleaned_data)
        except DomainError as exc:
            listed = exc.details.get("errors")
            messages = (
                [str(e["message"]) for e in listed if isinstance(e, dict)]
                if isinstance(listed, list)
                else [exc.message]
            )
            field = exc.field if exc.field in self.fields else None
            for message in messages or [exc.message]:
                self.add_error(field, message)


DECISION_FIELDS = ("decision_number", "decision_date", "decision_issuer", "decision_effective_date")


class DecisionFieldsForm(CatalogServiceForm):
    """The publication decision that announces, amends or abolishes."""

    decision_number = forms.CharField(label="Số quyết định", max_length=100)
    decision_date = forms.DateField(label="Ngày ban hành")
    decision_issuer = forms.CharField(
        label="Cơ quan / người ban hành", max_length=255, initial="Chủ tịch UBND tỉnh Bình Dương"
    )
    decision_effective_date = forms.DateField(label="Ngày có hiệu lực")


def _decision(form: ServiceModelForm, data: dict[str, Any]) -> PublicationDecision:
    return services.decision_create(
        number=data["decision_number"],
        decision_date=data["decision_date"],
        issuer=data["decision_issuer"],
        effective_date=data["decision_effective_date"],
        by=form.acting_user,
        at=now(),
    )


def _pretty(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


# --- Fields -------------------------------------------------------------------------------


class FieldForm(CatalogServiceForm):
    class Meta:
        model = Field
        fields = ("code", "name", "sort_order")

    def run_service(self, data: dict[str, Any]) -> models.Model:
        return services.field_upsert(
            code=data["code"], name=data["name"], sort_order=data["sort_order"]
        )


@admin.register(Field)
class FieldAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = FieldForm
    list_display = ("code", "name", "sort_order")
    search_fields = ("code", "name")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("code",) if obj is not None else ()


# --- Decisions ----------------------------------------------------------------------------


class DecisionForm(CatalogServiceForm):
    class Meta:
        model = PublicationDecision
        fields = ("number", "decision_date", "issuer", "effective_date")

    def run_service(self, data: dict[str, Any]) -> models.Model:
        return services.decision_create(
            number=data["number"],
            decision_date=data["decision_date"],
            issuer=data["issuer"],
            effective_date=data["effective_date"],
            by=self.acting_user,
            at=now(),
        )


class DecisionItemInline(admin.TabularInline):
    model = DecisionItem
    fields = ("procedure", "action", "version")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PublicationDecision)
class PublicationDecisionAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = DecisionForm
    list_display = ("number", "decision_date", "issuer", "effective_date")
    search_fields = ("number", "issuer")
    date_hierarchy = "effective_date"
    inlines = [DecisionItemInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- Procedures ---------------------------------------------------------------------------


class ProcedureAddForm(DecisionFieldsForm):
    content = forms.JSONField(
        label="Nội dung thủ tục (JSON)",
        help_text="Một thủ tục theo định dạng motcua.catalog/1 (docs/catalog-format.md).",
        widget=forms.Textarea(attrs={"rows": 30, "cols": 100}),
    )

    class Meta:
        model = Procedure
        fields: tuple[str, ...] = ()

    def run_service(self, data: dict[str, Any]) -> models.Model:
        content = data["content"]
        if not isinstance(content, dict):
            raise InvalidInput("Nội dung phải là một đối tượng JSON.", field="content")
        procedure_data = services.procedure_data_from_dict(content)
        version = services.procedure_publish(
            data=procedure_data, decision=_decision(self, data), by=self.acting_user, at=now()
        )
        return version.procedure


class ProcedureChangeForm(DecisionFieldsForm):
    ACTIONS = (
        ("", "— Không thay đổi —"),
        ("amend", "Sửa đổi, bổ sung (tạo phiên bản mới)"),
        ("abolish", "Bãi bỏ"),
    )
    action = forms.ChoiceField(label="Thao tác", choices=ACTIONS, required=False)
    changes = forms.JSONField(
        label="Các bộ phận sửa đổi (JSON)",
        required=False,
        help_text="Chỉ cần giữ các bộ phận thay đổi; bộ phận không có được giữ nguyên.",
        widget=forms.Textarea(attrs={"rows": 30, "cols": 100}),
    )

    class Meta:
        model = Procedure
        fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in DECISION_FIELDS:
            self.fields[name].required = False
        latest = (
            self.instance.versions.order_by("-version_no").first() if self.instance.pk else None
        )
        if latest is not None:
            parts = version_to_data(latest).as_dict()
            for key in ("national_code", "effective_from", "decision"):
                parts.pop(key)
            self.fields["changes"].initial = parts

    def run_service(self, data: dict[str, Any]) -> models.Model:
        procedure: Procedure = self.instance
        action = data.get("action")
        if not action:
            return procedure
        missing = [k for k in DECISION_FIELDS if not data.get(k)]
        if missing:
            raise InvalidInput("Cần đủ thông tin quyết định công bố.", field=missing[0])
        decision = _decision(self, data)
        if action == "abolish":
            return services.procedure_abolish(
                national_code=procedure.national_code,
                decision=decision,
                by=self.acting_user,
                at=now(),
            )
        changes = data.get("changes") or {}
        if not isinstance(changes, dict):
            raise InvalidInput("Các bộ phận sửa đổi phải là một đối tượng JSON.", field="changes")
        services.procedure_amend(
            national_code=procedure.national_code,
            decision=decision,
            changes=changes,
            by=self.acting_user,
            at=now(),
        )
        return procedure


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    fields = ("link", "name", "effective_from", "effective_to", "status", "is_current", "decision")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-version_no",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="Phiên bản")
    def link(self, obj: ProcedureVersion) -> str:
        url = reverse("admin:catalog_procedureversion_change", args=[obj.pk])
        return format_html('<a href="{}">v{}</a>', url, obj.version_no)


@admin.register(Procedure)
class ProcedureAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ("national_code", "current_name", "abolished_from")
    search_fields = ("national_code", "versions__name_folded", "versions__name")
    list_filter = ("versions__level", "versions__field")
    readonly_fields = ("national_code", "abolished_from", "abolished_by")
    inlines = [VersionInline]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        kwargs["form"] = ProcedureChangeForm if obj is not None else ProcedureAddForm
        kwargs["fields"] = None
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        decision = DECISION_FIELDS
        if obj is None:
            return [
                ("Quyết định công bố", {"fields": decision}),
                ("Thủ tục", {"fields": ("content",)}),
            ]
        return [
            (None, {"fields": ("national_code", "abolished_from", "abolished_by")}),
            ("Sửa đổi hoặc bãi bỏ", {"fields": ("action", *decision, "changes")}),
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return self.readonly_fields if obj is not None else ()

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> list[type[Any]]:
        return [VersionInline] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="Tên (phiên bản đang áp dụng)")
    def current_name(self, obj: Procedure) -> str:
        current = obj.versions.filter(is_current=True).only("name").first()
        return current.name if current else "—"


# --- Versions -----------------------------------------------------------------------------


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CaseInline(_ReadOnlyInline):
    model = Case
    fields = ("code", "name", "time_limit_value", "time_limit_unit")


class DocumentInline(_ReadOnlyInline):
    model = RequiredDocument
    fields = ("name", "originals", "copies", "mandatory", "reusable", "case", "form")


class FeeInline(_ReadOnlyInline):
    model = FeeItem
    fields = ("name", "amount", "basis", "case", "exemption_list")
    readonly_fields = ("exemption_list",)

    @admin.display(description="Miễn, giảm")
    def exemption_list(self, obj: FeeItem) -> str:
        return "; ".join(
            f"{e.name} ({e.legal_ground})" if e.legal_ground else e.name
            for e in obj.exemptions.all()
        )


class EFormInline(_ReadOnlyInline):
    model = EFormField
    fields = ("name", "label", "type", "required", "choices", "pattern")


class StepInline(_ReadOnlyInline):
    model = ProcessStep
    fields = ("case", "order", "role", "agency", "unit", "budget_hours", "description")


class FormFileInline(admin.TabularInline):
    """Form templates: only the file may be attached or replaced."""

    model = ProcedureForm
    fields = ("name", "filename", "file")
    readonly_fields = ("name", "filename")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class VersionProcessForm(CatalogServiceForm):
    process = forms.JSONField(
        label="Quy trình nội bộ (JSON)",
        help_text='Danh sách {"role", "agency", "unit", "budget_hours", "description", "case"}; '
        "tổng thời gian không được vượt thời hạn giải quyết.",
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
    )

    class Meta:
        model = ProcedureVersion
        fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["process"].initial = version_to_data(self.instance).as_dict()["process"]

    def run_service(self, data: dict[str, Any]) -> models.Model:
        version: ProcedureVersion = self.instance
        raw = data["process"]
        if not isinstance(raw, list):
            raise InvalidInput("Quy trình phải là một danh sách các bước.", field="process")
        parts = version_to_data(version).as_dict() | {"process": raw, "decision": None}
        checked = services.procedure_data_from_dict(parts)
        services.process_set(
            version=version,
            steps=checked.process,
            by=self.acting_user,
            at=now(),
        )
        return version


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = VersionProcessForm
    list_display = (
        "procedure",
        "version_no",
        "name",
        "field",
        "level",
        "effective_from",
        "effective_to",
        "is_current",
    )
    list_filter = ("is_current", "status", "level", "online_level", "field")
    search_fields = ("procedure__national_code", "name", "name_folded")
    list_select_related = ("procedure", "field")
    inlines = [FormFileInline, CaseInline, DocumentInline, FeeInline, EFormInline, StepInline]
    readonly_fields = (
        "procedure",
        "version_no",
        "decision",
        "status",
        "effective_from",
        "effective_to",
        "is_current",
        "local_code",
        "name",
        "field",
        "level",
        "implementing_agency",
        "deciding_agency",
        "lead_agency",
        "cooperating_agencies",
        "applicant_types",
        "channels",
        "online_level",
        "time_limit_value",
        "time_limit_unit",
        "after_cutoff_next_day",
        "steps",
        "conditions",
        "result_name",
        "result_paper",
        "result_electronic",
        "legal_basis",
        "created_at",
        "created_by",
    )

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [*self.readonly_fields, "process"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = (
        "original_name",
        "status",
        "done",
        "total",
        "created_by",
        "created_at",
        "finished_at",
    )
    list_filter = ("status",)
    readonly_fields = (
        "file",
        "original_name",
        "status",
        "done",
        "total",
        "errors",
        "summary",
        "created_by",
        "created_at",
        "finished_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
