"""Online submission drafts (hồ sơ nháp) of the citizen portal.

A draft is not a dossier. It is what a logged-in citizen has typed and uploaded so far,
step by step, for one procedure: raw applicant fields, e-form answers, the case, where to
submit, and one file per required document. Nothing in it is validated until the citizen
moves on or submits; nothing in it is visible to staff. Submitting calls the dossier core's
`dossier_submit_online`, which creates the dossier (with its permanent code) from the draft;
the draft then keeps a link to it, which makes a repeated submission find that dossier
instead of creating another.

Why not a Dossier in status `draft`: a dossier row needs its code, secret, receiving unit
and a valid applicant snapshot (database constraints), is seen by the inbox, the tracking
book and the reports, and is written only by the dossier core's transitions. A draft has
none of that yet and changes with every keystroke (autosave), so it lives here.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class Step(models.IntegerChoices):
    APPLICANT = 1, _("Thông tin người nộp")
    DETAILS = 2, _("Thông tin hồ sơ")
    DOCUMENTS = 3, _("Giấy tờ")
    REVIEW = 4, _("Xem lại và nộp")


def draft_file_path(instance: DraftFile, filename: str) -> str:
    """A random name under portal/drafts/<year>/<month>/: never derived from user input."""
    ext = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png"}.get(instance.kind, "")
    at = instance.uploaded_at
    return f"portal/drafts/{at:%Y}/{at:%m}/{uuid.uuid4().hex}{ext}"


class OnlineDraft(models.Model):
    public_id = models.UUIDField(_("mã nháp"), default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion",
        verbose_name=_("thủ tục (phiên bản)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    case = models.ForeignKey(
        "catalog.Case",
        verbose_name=_("trường hợp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    receiving_unit = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("nơi nộp hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applicant = models.JSONField(_("thông tin người nộp (như đã nhập)"), default=dict, blank=True)
    answers = models.JSONField(_("tờ khai điện tử (như đã nhập)"), default=dict, blank=True)
    reached_step = models.PositiveSmallIntegerField(
        _("bước đã đến"), choices=Step.choices, default=Step.APPLICANT
    )
    token = models.UUIDField(
        _("mã phiên nộp"),
        default=uuid.uuid4,
        help_text=_(
            "Đổi sau mỗi lần sửa nháp; trang xem lại gửi kèm mã này khi nộp, nên bấm nộp hai "
            "lần hoặc gửi lại cùng một yêu cầu chỉ tạo một hồ sơ."
        ),
    )
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ đã nộp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="online_draft",
    )
    submitted_token = models.UUIDField(_("mã phiên đã nộp"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    updated_at = models.DateTimeField(_("lưu lúc"))
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)

    if TYPE_CHECKING:
        files: RelatedManager[DraftFile]

    class Meta:
        verbose_name = _("hồ sơ nháp (nộp trực tuyến)")
        verbose_name_plural = _("hồ sơ nháp (nộp trực tuyến)")
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["owner", "submitted_at", "updated_at"], name="draft_owner_open"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(dossier__isnull=True, submitted_at__isnull=True)
                | Q(dossier__isnull=False, submitted_at__isnull=False),
                name="draft_submitted_has_dossier",
            ),
            models.CheckConstraint(
                condition=Q(reached_step__gte=1, reached_step__lte=4),
                name="draft_step_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.public_id} ({self.procedure_version_id})"

    @property
    def is_submitted(self) -> bool:
        return self.dossier_id is not None


class DraftFile(models.Model):
    """The file uploaded for one required document of a draft (at most one each)."""

    draft = models.ForeignKey(
        OnlineDraft, verbose_name=_("hồ sơ nháp"), on_delete=models.CASCADE, related_name="files"
    )
    required_document = models.ForeignKey(
        "catalog.RequiredDocument",
        verbose_name=_("thành phần hồ sơ"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    file = models.FileField(_("tệp"), upload_to=draft_file_path, max_length=300)
    original_name = models.CharField(_("tên tệp gốc"), max_length=200)
    kind = models.CharField(_("loại tệp"), max_length=10)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("tải lên lúc"))

    class Meta:
        verbose_name = _("tệp của hồ sơ nháp")
        verbose_name_plural = _("tệp của hồ sơ nháp")
        ordering = ["draft", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "required_document"], name="draftfile_one_per_document"
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="draftfile_not_empty"),
        ]

    def __str__(self) -> str:
        return self.original_name


class DraftReuse(models.Model):
    """A required document of a draft satisfied by a document of the citizen's store (kho dữ
    liệu) instead of an upload (at most one each; a draft has a file or a reuse per required
    document, never both). On submission the dossier links the store document and the reuse
    is recorded (motcua.documents' `reception_digitise`, channel online)."""

    draft = models.ForeignKey(
        OnlineDraft, verbose_name=_("hồ sơ nháp"), on_delete=models.CASCADE, related_name="reuses"
    )
    required_document = models.ForeignKey(
        "catalog.RequiredDocument",
        verbose_name=_("thành phần hồ sơ"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    store_item = models.ForeignKey(
        "documents.StoreDocument",
        verbose_name=_("giấy tờ trong kho dữ liệu"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    chosen_at = models.DateTimeField(_("chọn lúc"))

    class Meta:
        verbose_name = _("giấy tờ dùng lại của hồ sơ nháp")
        verbose_name_plural = _("giấy tờ dùng lại của hồ sơ nháp")
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "required_document"], name="draftreuse_one_per_document"
            ),
        ]

    def __str__(self) -> str:
        return str(self.store_item_id)
