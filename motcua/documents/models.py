"""Stored files (content-addressed: one row and one blob per SHA-256), the digitised copy of
each paper document received at the desk (số hóa), signatures we applied, electronic results,
and the citizen's document store (kho dữ liệu) with its document types.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class _SelectedStorage(Storage):
    """Stands for `storages["documents"]`, looked up on every use: FileField evaluates its
    storage once at import, but settings (and tests overriding them) choose it later."""

    def __getattribute__(self, name: str) -> Any:
        if name.startswith("__"):
            return object.__getattribute__(self, name)
        return getattr(storages["documents"], name)


def document_storage() -> Storage:
    """The storage chosen by settings (`MOTCUA_STORAGE`: local files or S3)."""
    return _SelectedStorage()


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"


class StoredFile(models.Model):
    """One file's content, stored once whatever the number of documents pointing at it."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size = models.PositiveBigIntegerField(_("kích thước (byte)"))
    kind = models.CharField(_("loại tệp"), max_length=8, choices=FileKind.choices)
    page_count = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    blob = models.FileField(_("nội dung"), storage=document_storage, max_length=200)
    created_at = models.DateTimeField(_("lưu lúc"))

    class Meta:
        verbose_name = _("tệp lưu trữ")
        verbose_name_plural = _("tệp lưu trữ")
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="documents_file_not_empty"),
            models.CheckConstraint(
                condition=Q(kind__in=FileKind.values), name="documents_file_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.sha256[:12]}…"

    @property
    def content_type(self) -> str:
        return {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}[self.kind]


class SignaturePurpose(models.TextChoices):
    DIGITISED = "digitised", _("Bản số hóa")
    RESULT = "result", _("Kết quả giải quyết")


class Signature(models.Model):
    """A signature we applied: `signed` is `source` plus the unit's PDF signature."""

    signed = models.OneToOneField(
        StoredFile, verbose_name=_("tệp đã ký"), on_delete=models.PROTECT, related_name="signature"
    )
    source = models.ForeignKey(
        StoredFile, verbose_name=_("tệp gốc"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "organization.Unit", verbose_name=_("đơn vị ký"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("mục đích"), max_length=10, choices=SignaturePurpose.choices)
    certificate_serial = models.CharField(_("số hiệu chứng thư"), max_length=64)
    at = models.DateTimeField(_("ký lúc"))

    class Meta:
        verbose_name = _("chữ ký số")
        verbose_name_plural = _("chữ ký số")

    def __str__(self) -> str:
        return f"{self.unit} — {self.signed}"


class DigitisationKind(models.TextChoices):
    SCANNED = "scanned", _("Quét/chụp các trang")
    UPLOADED = "uploaded", _("Tải lên tệp PDF")
    REUSED = "reused", _("Dùng lại từ kho dữ liệu")
    NOT_NEEDED = "not_needed", _("Không cần số hóa (chỉ xuất trình)")
    ELECTRONIC = "electronic", _("Đã là bản điện tử")


WITH_FILE = (DigitisationKind.SCANNED, DigitisationKind.UPLOADED, DigitisationKind.REUSED)


class Digitisation(models.Model):
    """Số hóa: what became of one paper document received at the desk (one per document)."""

    document = models.OneToOneField(
        "dossiers.DossierDocument",
        verbose_name=_("thành phần hồ sơ"),
        on_delete=models.CASCADE,
        related_name="digitisation",
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        on_delete=models.CASCADE,
        related_name="digitisations",
    )
    kind = models.CharField(_("cách số hóa"), max_length=12, choices=DigitisationKind.choices)
    file = models.ForeignKey(
        StoredFile,
        verbose_name=_("bản số hóa (đã ký)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.ForeignKey(
        StoredFile,
        verbose_name=_("bản quét gốc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    preview = models.ForeignKey(
        StoredFile,
        verbose_name=_("ảnh trang đầu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    page_count = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    pages_confirmed = models.BooleanField(_("đã đối chiếu số trang với bản giấy"), default=False)
    store_item = models.ForeignKey(
        "StoreDocument",
        verbose_name=_("giấy tờ trong kho dữ liệu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reuses",
    )
    channel = models.CharField(_("kênh"), max_length=10, default="counter")
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người số hóa"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("số hóa lúc"))

    class Meta:
        verbose_name = _("bản số hóa")
        verbose_name_plural = _("bản số hóa")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=WITH_FILE) | Q(file__isnull=False),
                name="documents_digitisation_has_file",
            ),
            models.CheckConstraint(
                condition=~Q(kind=DigitisationKind.REUSED) | Q(store_item__isnull=False),
                name="documents_reuse_has_item",
            ),
        ]
        indexes = [models.Index(fields=["dossier", "kind"], name="documents_dig_dossier_kind")]

    def __str__(self) -> str:
        return f"{self.document} — {self.get_kind_display()}"


class ElectronicResult(models.Model):
    """The result document as a PDF signed by the agency (kết quả điện tử)."""

    result = models.OneToOneField(
        "dossiers.Result",
        verbose_name=_("kết quả"),
        on_delete=models.CASCADE,
        related_name="electronic",
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        on_delete=models.CASCADE,
        related_name="electronic_results",
    )
    file = models.ForeignKey(
        StoredFile, verbose_name=_("tệp đã ký"), on_delete=models.PROTECT, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phát hành"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("phát hành lúc"))
    pushed_at = models.DateTimeField(_("đưa vào kho dữ liệu lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("kết quả điện tử")
        verbose_name_plural = _("kết quả điện tử")

    def __str__(self) -> str:
        return str(self.result)


class DocumentType(models.Model):
    """A kind of document kept in the store (CCCD, giấy khai sinh…). `keywords` are folded
    phrases (no accents, lower case): a required document whose folded name contains one of
    them is satisfied by a store document of this type. `result_of` lists the national codes
    of the procedures whose result is a document of this type (Đăng ký khai sinh → Giấy khai
    sinh): results pushed to the store get their type from it, never from the procedure's
    name. Both are data, kept in the admin."""

    code = models.CharField(_("mã loại giấy tờ"), max_length=40, unique=True)
    name = models.CharField(_("tên loại giấy tờ"), max_length=255)
    keywords = models.JSONField(_("cụm từ nhận diện (không dấu)"), default=list, blank=True)
    result_of = models.JSONField(
        _("là kết quả của thủ tục (mã thủ tục)"),
        default=list,
        blank=True,
        help_text=_("Mã thủ tục hành chính (vd. 1.001193) có kết quả là loại giấy tờ này."),
    )

    class Meta:
        verbose_name = _("loại giấy tờ")
        verbose_name_plural = _("loại giấy tờ")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OwnerKind(models.TextChoices):
    PERSON = "person", _("Cá nhân (số định danh)")
    ORGANISATION = "org", _("Tổ chức (mã số thuế)")


class StoreSource(models.TextChoices):
    CITIZEN = "citizen", _("Công dân tự thêm")
    DIGITISED = "digitised", _("Số hóa tại bộ phận một cửa")
    RESULT = "result", _("Kết quả giải quyết TTHC")


class StoreDocument(models.Model):
    """One document in a person's or organisation's store (kho dữ liệu)."""

    owner_kind = models.CharField(_("chủ sở hữu là"), max_length=8, choices=OwnerKind.choices)
    owner_number = models.CharField(_("số định danh / mã số thuế"), max_length=14)
    doc_type = models.ForeignKey(
        DocumentType,
        verbose_name=_("loại giấy tờ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("tên giấy tờ"), max_length=500)
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    issuing_body = models.CharField(_("cơ quan cấp"), max_length=255, blank=True)
    issue_date = models.DateField(_("ngày cấp"), null=True, blank=True)
    expiry_date = models.DateField(_("ngày hết hạn"), null=True, blank=True)
    file = models.ForeignKey(
        StoredFile, verbose_name=_("tệp"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("nguồn"), max_length=10, choices=StoreSource.choices)
    source_dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("từ hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thêm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(_("thêm lúc"))

    class Meta:
        verbose_name = _("giấy tờ trong kho dữ liệu")
        verbose_name_plural = _("kho dữ liệu")
        ordering = ["owner_kind", "owner_number", "-added_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner_kind", "owner_number", "file"], name="documents_store_file_once"
            ),
            models.CheckConstraint(
                condition=Q(expiry_date__isnull=True)
                | Q(issue_date__isnull=True)
                | Q(expiry_date__gte=models.F("issue_date")),
                name="documents_store_expiry_after_issue",
            ),
        ]
        indexes = [
            models.Index(fields=["owner_kind", "owner_number"], name="documents_store_owner")
        ]

    def __str__(self) -> str:
        return self.title
