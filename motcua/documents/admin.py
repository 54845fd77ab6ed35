"""Admin of the documents context. Stored files, signatures, digitisations and electronic
results are written by the services only (content-addressed, signed, audited): read only
here. Document types are data and edited here (the phrases that recognise a required
document, the procedures whose result is of the type). A store document's description may
be corrected; its file, owner and origin never change."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.documents.models import (
    Digitisation,
    DocumentType,
    ElectronicResult,
    Signature,
    StoredFile,
    StoreDocument,
)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Rows only the services write: listed and shown, never added, changed or deleted."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(StoredFile)
class StoredFileAdmin(ReadOnlyAdmin):
    list_display = ["sha256", "kind", "size", "page_count", "created_at"]
    list_filter = ["kind", "created_at"]
    search_fields = ["=sha256"]
    search_help_text = _("Tìm theo mã SHA-256 (đủ 64 ký tự).")
    date_hierarchy = "created_at"
    # The blob's storage name only: files are served through permission-checked pages.
    exclude = ["blob"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["sha256", "size", "kind", "page_count", "created_at"]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["at", "unit", "purpose", "certificate_serial", "signed"]
    list_filter = ["purpose", "at"]
    search_fields = ["certificate_serial", "=signed__sha256", "unit__name"]
    search_help_text = _("Tìm theo số hiệu chứng thư, mã SHA-256 của tệp đã ký hoặc tên đơn vị.")
    list_select_related = ["unit", "signed"]
    date_hierarchy = "at"


@admin.register(Digitisation)
class DigitisationAdmin(ReadOnlyAdmin):
    list_display = ["at", "dossier", "document", "kind", "page_count", "pages_confirmed", "by"]
    list_filter = ["kind", "channel", "pages_confirmed", "at"]
    search_fields = ["dossier__code", "document__name"]
    search_help_text = _("Tìm theo mã hồ sơ hoặc tên thành phần hồ sơ.")
    list_select_related = ["dossier", "document", "by"]
    date_hierarchy = "at"


class PushedFilter(admin.SimpleListFilter):
    title = _("đã đưa vào kho dữ liệu")
    parameter_name = "pushed"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Đã đưa")), ("no", _("Chưa đưa"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(pushed_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(pushed_at__isnull=True)
        return queryset


@admin.register(ElectronicResult)
class ElectronicResultAdmin(ReadOnlyAdmin):
    list_display = ["at", "dossier", "result", "by", "pushed_at"]
    list_filter = [PushedFilter, "at"]
    search_fields = ["dossier__code", "result__number"]
    search_help_text = _("Tìm theo mã hồ sơ hoặc số, ký hiệu kết quả.")
    list_select_related = ["dossier", "result", "by"]
    date_hierarchy = "at"


class DocumentTypeForm(forms.ModelForm[DocumentType]):
    class Meta:
        model = DocumentType
        fields = ["code", "name", "keywords", "result_of"]
        help_texts = {
            "keywords": _(
                'Danh sách JSON các cụm từ không dấu, chữ thường, vd. ["giay khai sinh"].'
            ),
            "result_of": _('Danh sách JSON mã thủ tục, vd. ["1.001193"].'),
        }

    def _strings(self, name: str) -> list[str]:
        value = self.cleaned_data.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise forms.ValidationError(_("Phải là một danh sách JSON các chuỗi."))
        return [v.strip() for v in value if v.strip()]

    def clean_keywords(self) -> list[str]:
        return self._strings("keywords")

    def clean_result_of(self) -> list[str]:
        return self._strings("result_of")


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin[DocumentType]):
    form = DocumentTypeForm
    list_display = ["code", "name", "keywords", "result_of"]
    search_fields = ["code", "name"]
    search_help_text = _("Tìm theo mã hoặc tên loại giấy tờ.")


class StoreDocumentForm(forms.ModelForm[StoreDocument]):
    class Meta:
        model = StoreDocument
        fields = ["doc_type", "title", "number", "issuing_body", "issue_date", "expiry_date"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        issued, expires = data.get("issue_date"), data.get("expiry_date")
        if issued and expires and expires < issued:
            self.add_error("expiry_date", _("Ngày hết hạn phải sau ngày cấp."))
        return data


@admin.register(StoreDocument)
class StoreDocumentAdmin(admin.ModelAdmin[StoreDocument]):
    """Read-mostly: the description may be corrected (type, title, number, issuing body,
    dates); the file, the owner and where it came from are fixed. Citizens add documents in
    the portal, the desk by digitising, results are pushed when returned."""

    form = StoreDocumentForm
    list_display = ["title", "owner_kind", "owner_number", "doc_type", "source", "added_at"]
    list_filter = ["owner_kind", "source", "doc_type", "added_at"]
    search_fields = ["=owner_number", "title", "number", "source_dossier__code"]
    search_help_text = _(
        "Tìm theo số định danh / mã số thuế (đủ số), tên, số ký hiệu giấy tờ hoặc mã hồ sơ."
    )
    list_select_related = ["doc_type"]
    readonly_fields = [
        "owner_kind",
        "owner_number",
        "file",
        "source",
        "source_dossier",
        "added_by",
        "added_at",
    ]
    date_hierarchy = "added_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
