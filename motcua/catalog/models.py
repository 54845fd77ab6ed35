"""The procedure catalogue (danh mục thủ tục hành chính, TTHC).

A `Procedure` is the stable identity of a procedure (its national code, e.g. ``1.001193``).
Everything the law requires to be published lives on a `ProcedureVersion`: each publication
decision that announces or amends a procedure creates a new version effective from the
decision's effective date, and the previous version ends the day before. A dossier points at
the exact version it was received under, so versions are never edited once dossiers exist;
they are superseded.

Abolition (bãi bỏ) sets `Procedure.abolished_from`: from that day the procedure accepts no
dossiers, but every version stays readable.

`is_current` marks the one version of each procedure in force "today" (as of the last
refresh): the portal's search reads only those rows, with their folded `search_text`.
Services keep it right when they publish, amend or abolish; `procedure_refresh_current`
(run daily by a task) moves it when a future-dated amendment comes into force.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class Field(models.Model):
    """Lĩnh vực: a field of activity (Hộ tịch, Đất đai, …)."""

    code = models.CharField(_("mã lĩnh vực"), max_length=30, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=255)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class ProcedureLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện (đến 30/06/2025)")
    COMMUNE = "commune", _("Cấp xã")
    CENTRAL = "central", _("Trung ương (tiếp nhận tại địa phương)")


class ApplicantType(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    ORGANIZATION = "organization", _("Tổ chức")


class Channel(models.TextChoices):
    COUNTER = "counter", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POST = "post", _("Qua dịch vụ bưu chính")


class OnlineLevel(models.TextChoices):
    NONE = "none", _("Không trực tuyến")
    PARTIAL = "partial", _("Trực tuyến một phần")
    FULL = "full", _("Trực tuyến toàn trình")


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("ngày làm việc")
    WORKING_HOURS = "working_hours", _("giờ làm việc")
    SAME_DAY = "same_day", _("trong ngày")


class VersionStatus(models.TextChoices):
    PUBLISHED = "published", _("Đã công bố")
    ABOLISHED = "abolished", _("Đã bãi bỏ")


class FeeBasis(models.TextChoices):
    PER_DOSSIER = "per_dossier", _("hồ sơ")
    PER_COPY = "per_copy", _("bản")
    PER_PAGE = "per_page", _("trang")
    PER_ITEM = "per_item", _("việc / đối tượng")


class StepRole(models.TextChoices):
    RECEIVING = "receiving", _("Bộ phận tiếp nhận (một cửa)")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    UNIT_HEAD = "unit_head", _("Lãnh đạo phòng chuyên môn")
    AGENCY_LEADER = "agency_leader", _("Lãnh đạo cơ quan")
    RETURNING = "returning", _("Bộ phận trả kết quả")


class EFormFieldType(models.TextChoices):
    TEXT = "text", _("Văn bản ngắn")
    TEXTAREA = "textarea", _("Văn bản dài")
    DATE = "date", _("Ngày")
    NUMBER = "number", _("Số")
    SELECT = "select", _("Chọn một")
    CHECKBOX = "checkbox", _("Ô đánh dấu")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Số điện thoại")


class DecisionAction(models.TextChoices):
    ANNOUNCE = "announce", _("Công bố mới")
    AMEND = "amend", _("Sửa đổi, bổ sung")
    ABOLISH = "abolish", _("Bãi bỏ")


class PublicationDecision(models.Model):
    """Quyết định công bố: the act that announces, amends or abolishes procedures."""

    number = models.CharField(_("số quyết định"), max_length=100)
    decision_date = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan / người ban hành"), max_length=255)
    effective_date = models.DateField(_("ngày có hiệu lực"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    if TYPE_CHECKING:
        items: RelatedManager[DecisionItem]

    class Meta:
        verbose_name = _("quyết định công bố")
        verbose_name_plural = _("quyết định công bố")
        ordering = ["-effective_date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "decision_date"],
                name="catalog_decision_number_date_unique",
                violation_error_message=_("Quyết định có số và ngày này đã tồn tại."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.decision_date:%d/%m/%Y})"


class Procedure(models.Model):
    """The stable identity of a procedure: its national code. Content lives on versions."""

    national_code = models.CharField(
        _("mã thủ tục (CSDL quốc gia)"),
        max_length=40,
        unique=True,
        help_text=_("Ví dụ 1.001193."),
    )
    abolished_from = models.DateField(
        _("bãi bỏ từ ngày"),
        null=True,
        blank=True,
        help_text=_("Từ ngày này không tiếp nhận hồ sơ; các phiên bản vẫn được tra cứu."),
    )
    abolished_by = models.ForeignKey(
        PublicationDecision,
        verbose_name=_("quyết định bãi bỏ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    if TYPE_CHECKING:
        versions: RelatedManager[ProcedureVersion]

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["national_code"]

    def __str__(self) -> str:
        return self.national_code

    def is_abolished_on(self, day: dt.date) -> bool:
        return self.abolished_from is not None and day >= self.abolished_from


class ProcedureVersion(models.Model):
    """Every part of a procedure the law requires to be published, as of one decision."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="versions"
    )
    version_no = models.PositiveIntegerField(_("phiên bản số"))
    decision = models.ForeignKey(
        PublicationDecision,
        verbose_name=_("quyết định công bố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="versions",
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=VersionStatus.choices,
        default=VersionStatus.PUBLISHED,
    )
    effective_from = models.DateField(_("hiệu lực từ"))
    effective_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    is_current = models.BooleanField(
        _("đang áp dụng"),
        default=False,
        help_text=_("Phiên bản đang có hiệu lực (dùng cho tìm kiếm)."),
    )

    local_code = models.CharField(_("mã thủ tục địa phương"), max_length=80, blank=True)
    name = models.CharField(_("tên thủ tục"), max_length=500)
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="versions"
    )
    level = models.CharField(_("cấp thực hiện"), max_length=20, choices=ProcedureLevel.choices)
    implementing_agency = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("cơ quan thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống với thủ tục cấp xã: UBND cấp xã nơi tiếp nhận."),
    )
    deciding_agency = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("cơ quan có thẩm quyền quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_agency = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("cơ quan chủ trì (liên thông)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cooperating_agencies = models.ManyToManyField(
        "organization.Unit",
        verbose_name=_("cơ quan phối hợp"),
        blank=True,
        related_name="+",
    )
    applicant_types = models.JSONField(
        _("đối tượng thực hiện"), default=list, blank=True, help_text=_("individual, organization")
    )
    channels = models.JSONField(
        _("cách thức thực hiện"), default=list, blank=True, help_text=_("counter, online, post")
    )
    online_level = models.CharField(
        _("mức độ trực tuyến"),
        max_length=10,
        choices=OnlineLevel.choices,
        default=OnlineLevel.NONE,
    )
    time_limit_value = models.PositiveIntegerField(_("thời hạn giải quyết"), default=0)
    time_limit_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=20, choices=TimeUnit.choices, blank=True
    )
    after_cutoff_next_day = models.BooleanField(
        _("nhận sau 15 giờ tính từ ngày làm việc tiếp theo"), default=True
    )
    steps = models.JSONField(
        _("trình tự thực hiện"), default=list, blank=True, help_text=_("Các bước như công bố.")
    )
    conditions = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    result_name = models.CharField(_("kết quả thực hiện"), max_length=500, blank=True)
    result_paper = models.BooleanField(_("kết quả bản giấy"), default=True)
    result_electronic = models.BooleanField(_("kết quả điện tử"), default=False)
    legal_basis = models.JSONField(
        _("căn cứ pháp lý"),
        default=list,
        blank=True,
        help_text=_('Danh sách {"number", "date", "title"}.'),
    )

    name_folded = models.CharField(_("tên (không dấu)"), max_length=500, editable=False)
    search_text = models.TextField(
        _("nội dung tìm kiếm (không dấu)"),
        editable=False,
        help_text=_("Mã, tên, lĩnh vực, cơ quan — chữ thường, bỏ dấu, đ→d."),
    )

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    if TYPE_CHECKING:
        cases: RelatedManager[Case]
        documents: RelatedManager[RequiredDocument]
        fees: RelatedManager[FeeItem]
        process_steps: RelatedManager[ProcessStep]
        eform_fields: RelatedManager[EFormField]
        forms: RelatedManager[ProcedureForm]

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ["procedure", "version_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "version_no"],
                name="catalog_version_no_unique",
                violation_error_message=_("Thủ tục đã có phiên bản số này."),
            ),
            models.UniqueConstraint(
                fields=["procedure", "effective_from"],
                name="catalog_version_effective_from_unique",
                violation_error_message=_("Thủ tục đã có phiên bản hiệu lực từ ngày này."),
            ),
            models.UniqueConstraint(
                fields=["procedure"],
                condition=Q(is_current=True),
                name="catalog_one_current_version",
                violation_error_message=_("Mỗi thủ tục chỉ có một phiên bản đang áp dụng."),
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="catalog_version_period",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày có hiệu lực."),
            ),
            models.CheckConstraint(
                condition=Q(version_no__gte=1),
                name="catalog_version_no_positive",
                violation_error_message=_("Số phiên bản phải từ 1."),
            ),
        ]
        indexes = [
            models.Index(fields=["is_current", "name_folded"], name="catalog_ver_current_name"),
            models.Index(fields=["search_text"], name="catalog_ver_search_text"),
            models.Index(fields=["procedure", "effective_from"], name="catalog_ver_proc_from"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.national_code} v{self.version_no} — {self.name}"

    @property
    def code(self) -> str:
        return self.procedure.national_code

    def is_in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )

    def time_limit_for(self, case: Case | None = None) -> tuple[int, str]:
        """The statutory time limit (value, unit) for a case, or the procedure's own."""
        if case is not None and case.time_limit_unit:
            return case.time_limit_value, case.time_limit_unit
        return self.time_limit_value, self.time_limit_unit

    def documents_for(self, case: Case | None = None) -> list[RequiredDocument]:
        """Documents common to all cases plus those of `case`."""
        return [
            d for d in self.documents.all() if d.case_id is None or (case and d.case_id == case.pk)
        ]

    def fees_for(self, case: Case | None = None) -> list[FeeItem]:
        """Fees common to all cases plus those of `case`."""
        return [f for f in self.fees.all() if f.case_id is None or (case and f.case_id == case.pk)]

    def process_for(self, case: Case | None = None) -> list[ProcessStep]:
        """The case's own internal process if it has one, otherwise the general process."""
        steps = list(self.process_steps.all())
        if case is not None:
            own = [s for s in steps if s.case_id == case.pk]
            if own:
                return sorted(own, key=lambda s: s.order)
        return sorted((s for s in steps if s.case_id is None), key=lambda s: s.order)


class ProcedureForm(models.Model):
    """A form (mẫu đơn, tờ khai) to download, stored in the default storage."""

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản"),
        on_delete=models.CASCADE,
        related_name="forms",
    )
    name = models.CharField(_("tên mẫu"), max_length=500)
    filename = models.CharField(_("tên tệp"), max_length=255)
    file = models.FileField(_("tệp"), upload_to="catalog/forms/%Y/", blank=True, max_length=500)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("mẫu đơn, tờ khai")
        verbose_name_plural = _("mẫu đơn, tờ khai")
        ordering = ["version", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "filename"],
                name="catalog_form_filename_unique",
                violation_error_message=_("Phiên bản đã có mẫu với tên tệp này."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    """Trường hợp: a variant of a procedure with its own documents, time limit or fees."""

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản"),
        on_delete=models.CASCADE,
        related_name="cases",
    )
    code = models.CharField(_("mã trường hợp"), max_length=30)
    name = models.CharField(_("tên trường hợp"), max_length=500)
    time_limit_value = models.PositiveIntegerField(_("thời hạn riêng"), default=0)
    time_limit_unit = models.CharField(
        _("đơn vị thời hạn riêng"),
        max_length=20,
        choices=TimeUnit.choices,
        blank=True,
        help_text=_("Để trống nếu dùng thời hạn chung của thủ tục."),
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("trường hợp")
        verbose_name_plural = _("trường hợp")
        ordering = ["version", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                name="catalog_case_code_unique",
                violation_error_message=_("Phiên bản đã có trường hợp với mã này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class RequiredDocument(models.Model):
    """Thành phần hồ sơ: one document the applicant must (or may) submit."""

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("trường hợp"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
        help_text=_("Để trống nếu áp dụng cho mọi trường hợp."),
    )
    name = models.CharField(_("tên giấy tờ"), max_length=1000)
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=1)
    copies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    mandatory = models.BooleanField(_("bắt buộc"), default=True)
    reusable = models.BooleanField(
        _("tái sử dụng từ kho dữ liệu"),
        default=False,
        help_text=_("Có thể dùng lại giấy tờ đã số hóa của công dân."),
    )
    form = models.ForeignKey(
        ProcedureForm,
        verbose_name=_("mẫu đơn, tờ khai"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["version", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class FeeItem(models.Model):
    """Phí, lệ phí: an amount in VND per basis (per dossier, per copy, …)."""

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="fees"
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("trường hợp"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="fees",
    )
    name = models.CharField(_("tên phí, lệ phí"), max_length=500)
    amount = models.BigIntegerField(_("mức thu (đồng)"))
    basis = models.CharField(
        _("tính theo"), max_length=20, choices=FeeBasis.choices, default=FeeBasis.PER_DOSSIER
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    if TYPE_CHECKING:
        exemptions: RelatedManager[FeeExemption]

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ["version", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="catalog_fee_amount_non_negative",
                violation_error_message=_("Mức thu không được âm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount} đ"


class FeeExemption(models.Model):
    """Đối tượng miễn, giảm: who does not pay a fee, and on which legal ground."""

    fee = models.ForeignKey(
        FeeItem, verbose_name=_("phí, lệ phí"), on_delete=models.CASCADE, related_name="exemptions"
    )
    name = models.CharField(_("đối tượng miễn"), max_length=1000)
    legal_ground = models.CharField(_("căn cứ"), max_length=500, blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("miễn phí, lệ phí")
        verbose_name_plural = _("miễn phí, lệ phí")
        ordering = ["fee", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class EFormField(models.Model):
    """One field of the procedure's e-form (tờ khai điện tử). Data, not code."""

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản"),
        on_delete=models.CASCADE,
        related_name="eform_fields",
    )
    name = models.SlugField(_("tên trường"), max_length=80)
    label = models.CharField(_("nhãn"), max_length=500)
    type = models.CharField(
        _("kiểu"), max_length=20, choices=EFormFieldType.choices, default=EFormFieldType.TEXT
    )
    required = models.BooleanField(_("bắt buộc"), default=False)
    choices = models.JSONField(_("lựa chọn"), default=list, blank=True)
    pattern = models.CharField(_("mẫu kiểm tra (regex)"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("trường tờ khai điện tử")
        verbose_name_plural = _("trường tờ khai điện tử")
        ordering = ["version", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "name"],
                name="catalog_eform_name_unique",
                violation_error_message=_("Tờ khai đã có trường với tên này."),
            ),
        ]

    def __str__(self) -> str:
        return self.label


class ProcessStep(models.Model):
    """One step of the internal process (quy trình nội bộ) with its working-hour budget.

    `agency` empty means the receiving/implementing unit itself; `unit` is the department or
    sub-unit inside the agency. Steps with a case belong only to that case's process.
    """

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản"),
        on_delete=models.CASCADE,
        related_name="process_steps",
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("trường hợp"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="process_steps",
    )
    order = models.PositiveIntegerField(_("thứ tự"))
    role = models.CharField(_("vai trò"), max_length=20, choices=StepRole.choices)
    agency = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    budget_hours = models.DecimalField(
        _("thời gian (giờ làm việc)"), max_digits=7, decimal_places=2
    )
    description = models.CharField(_("nội dung công việc"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("bước quy trình nội bộ")
        verbose_name_plural = _("quy trình nội bộ")
        ordering = ["version", "case", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_hours__gte=0),
                name="catalog_step_budget_non_negative",
                violation_error_message=_("Thời gian của bước không được âm."),
            ),
            models.UniqueConstraint(
                fields=["version", "order"],
                condition=Q(case__isnull=True),
                name="catalog_step_order_unique",
                violation_error_message=_("Quy trình đã có bước với thứ tự này."),
            ),
            models.UniqueConstraint(
                fields=["version", "case", "order"],
                condition=Q(case__isnull=False),
                name="catalog_case_step_order_unique",
                violation_error_message=_("Quy trình của trường hợp đã có bước với thứ tự này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.get_role_display()} ({self.budget_hours} giờ)"


class DecisionItem(models.Model):
    """One procedure announced, amended or abolished by a publication decision."""

    decision = models.ForeignKey(
        PublicationDecision,
        verbose_name=_("quyết định"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    procedure = models.ForeignKey(
        Procedure,
        verbose_name=_("thủ tục"),
        on_delete=models.CASCADE,
        related_name="decision_items",
    )
    action = models.CharField(_("nội dung"), max_length=10, choices=DecisionAction.choices)
    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản tạo ra"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("thủ tục trong quyết định")
        verbose_name_plural = _("thủ tục trong quyết định")
        ordering = ["decision", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "procedure"],
                name="catalog_decision_item_unique",
                violation_error_message=_("Thủ tục đã có trong quyết định này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision.number}: {self.get_action_display()} {self.procedure}"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang nhập")
    SUCCEEDED = "succeeded", _("Hoàn thành")
    FAILED = "failed", _("Có lỗi, không nhập")


class ImportJob(models.Model):
    """A catalogue import running in the background, with its progress and errors."""

    file = models.FileField(_("tệp"), upload_to="catalog/imports/%Y/%m/", max_length=500)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    total = models.PositiveIntegerField(_("tổng số"), default=0)
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    summary = models.JSONField(_("kết quả"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"))
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập danh mục")
        verbose_name_plural = _("lượt nhập danh mục")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=F("total")),
                name="catalog_import_progress",
                violation_error_message=_("Số đã xử lý không vượt quá tổng số."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name or self.file.name} — {self.get_status_display()}"

    @property
    def percent(self) -> int:
        return (
            100
            if self.total == 0 and self.status == ImportStatus.SUCCEEDED
            else (0 if self.total == 0 else round(100 * self.done / self.total))
        )


class CatalogStamp(models.Model):
    """One row whose token changes whenever the catalogue changes.

    Each process keeps an in-memory search index of the current catalogue (see
    `catalog.search_index`) and the procedure versions it received dossiers under (see
    `dossiers.services.versions`), and reloads them when this token differs from the one
    they were read under. A random token, not a counter, so that a rolled-back change can never be mistaken
    for a later one.
    """

    token = models.CharField(_("dấu phiên bản danh mục"), max_length=32)
    changed_at = models.DateTimeField(_("thay đổi lúc"), auto_now=True)

    class Meta:
        verbose_name = _("dấu phiên bản danh mục")
        verbose_name_plural = _("dấu phiên bản danh mục")

    def __str__(self) -> str:
        return self.token
