"""The dossier (hồ sơ) and everything recorded about it.

A `Dossier` is created by the one-stop desk (reception at the counter or by post) or by an
online submission, and its code never changes afterwards. Its process is copied from the
procedure version as `DossierStep` rows (the control slip); every transition writes one
`DossierEvent` (the audit trail and the timeline) and queues side effects as
`OutboxMessage` rows in the same transaction. Writes happen only in services.py.

The current step's unit, role and assignee are copied onto the dossier (denormalised) so
that the inbox is one indexed query at a million dossiers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import StepRole
from motcua.dossiers.rules import RULE_SET_CODES
from motcua.dossiers.workflow import WAITING_FOR_CITIZEN, Status, citizen_text, portal_code
from motcua.worktime.models import Timeliness

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager

__all__ = ["Status", "StepRole", "Timeliness"]


class Channel(models.TextChoices):
    """How the dossier reached the desk. The national portal's codes (DOMAIN.md §5):
    1 direct (counter), 2 online, 3 post."""

    COUNTER = "counter", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POST = "post", _("Qua dịch vụ bưu chính")


CHANNEL_PORTAL_CODES = {Channel.COUNTER: 1, Channel.ONLINE: 2, Channel.POST: 3}


class ResultKind(models.TextChoices):
    GRANTED = "granted", _("Giải quyết (cấp kết quả)")
    REFUSED = "refused", _("Từ chối bằng văn bản")


class ReturnMethod(models.TextChoices):
    COUNTER = "counter", _("Nhận trực tiếp tại quầy")
    POST = "post", _("Qua dịch vụ bưu chính")
    ELECTRONIC = "electronic", _("Bản điện tử")


class ApplicantKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    ORGANIZATION = "organization", _("Tổ chức")


class StepKind(models.TextChoices):
    NORMAL = "normal", _("Xử lý")
    CONSULT = "consult", _("Xin ý kiến")
    FIELD_CHECK = "field_check", _("Kiểm tra thực địa")


class ClockStopKind(models.TextChoices):
    SUPPLEMENT = "supplement", _("Chờ bổ sung hồ sơ")
    OBLIGATION = "obligation", _("Chờ thực hiện nghĩa vụ tài chính")


class Dossier(models.Model):
    code = models.CharField(
        _("mã hồ sơ"),
        max_length=60,
        unique=True,
        help_text=_("<mã cơ quan tiếp nhận>-<YYMMDD>-<số thứ tự trong ngày>."),
    )
    # The look-up secret the citizen types with the code. Kept readable (not hashed) so the
    # receipt can be reprinted with its QR code; compared in constant time; the look-up is
    # rate-limited per IP address.
    secret = models.CharField(_("mã tra cứu"), max_length=16)
    status = models.CharField(_("trạng thái"), max_length=30, choices=Status.choices)
    channel = models.CharField(_("kênh tiếp nhận"), max_length=10, choices=Channel.choices)
    rule_set = models.CharField(
        _("bộ quy định áp dụng"),
        max_length=4,
        choices=[(c, c) for c in RULE_SET_CODES],
        help_text=_("Chọn theo ngày tiếp nhận: 2018 (NĐ 61/2018) hoặc 2025 (NĐ 118/2025)."),
    )
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion",
        verbose_name=_("thủ tục (phiên bản)"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    case = models.ForeignKey(
        "catalog.Case",
        verbose_name=_("trường hợp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    receiving_unit = models.ForeignKey(
        "organization.Unit",
        db_index=False,
        verbose_name=_("nơi tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="dossiers_received",
        help_text=_("Bộ phận một cửa: Trung tâm, chi nhánh hoặc UBND cấp xã."),
    )
    lead_agency = models.ForeignKey(
        "organization.Unit",
        db_index=False,
        verbose_name=_("cơ quan chủ trì giải quyết"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers_led",
    )
    time_limit_value = models.PositiveIntegerField(_("thời hạn giải quyết"), default=0)
    time_limit_unit = models.CharField(_("đơn vị thời hạn"), max_length=20, blank=True)
    sets_count = models.PositiveSmallIntegerField(_("số bộ hồ sơ"), default=1)

    submitted_at = models.DateTimeField(_("nộp trực tuyến lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_index=False,
        verbose_name=_("người nộp trực tuyến"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_index=False,
        verbose_name=_("cán bộ tiếp nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    clock_start_at = models.DateTimeField(
        _("bắt đầu tính thời hạn"),
        null=True,
        blank=True,
        help_text=_("Lúc tiếp nhận, hoặc đầu ngày làm việc tiếp theo nếu nhận sau giờ quy định."),
    )
    agency_received_at = models.DateTimeField(
        _("cơ quan giải quyết nhận lúc"),
        null=True,
        blank=True,
        help_text=_("Mốc tính thời hạn yêu cầu bổ sung trong quá trình giải quyết."),
    )
    original_due_at = models.DateTimeField(_("hẹn trả ban đầu"), null=True, blank=True)
    due_at = models.DateTimeField(_("hạn trả hiện tại"), null=True, blank=True)
    extended_due_at = models.DateTimeField(_("ngày hẹn lại (xin lỗi)"), null=True, blank=True)
    apology_count = models.PositiveSmallIntegerField(_("số lần xin lỗi, hẹn lại"), default=0)
    finished_at = models.DateTimeField(_("có kết quả lúc"), null=True, blank=True)
    result_kind = models.CharField(
        _("loại kết quả"), max_length=10, choices=ResultKind.choices, blank=True
    )
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_index=False,
        verbose_name=_("cán bộ trả kết quả"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    returned_how = models.CharField(
        _("hình thức nhận kết quả"), max_length=12, choices=ReturnMethod.choices, blank=True
    )
    collector_name = models.CharField(_("người nhận kết quả"), max_length=200, blank=True)
    collector_id_number = models.CharField(_("giấy tờ người nhận"), max_length=20, blank=True)
    collector_note = models.CharField(
        _("ghi chú nhận kết quả"),
        max_length=500,
        blank=True,
        help_text=_("Giấy ủy quyền, mã bưu gửi…"),
    )
    timeliness = models.CharField(
        _("kết quả đúng hạn"), max_length=10, choices=Timeliness.choices, blank=True
    )

    # Denormalised current step, kept by services (the inbox reads only these columns).
    current_step = models.ForeignKey(
        "DossierStep",
        db_index=False,
        verbose_name=_("bước hiện tại"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    current_step_unit = models.ForeignKey(
        "organization.Unit",
        db_index=False,
        verbose_name=_("đơn vị đang xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    current_step_role = models.CharField(
        _("vai trò đang xử lý"), max_length=20, choices=StepRole.choices, blank=True
    )
    current_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_index=False,
        verbose_name=_("người đang xử lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    open_consults = models.PositiveSmallIntegerField(_("số ý kiến đang chờ"), default=0)

    version = models.PositiveIntegerField(
        _("phiên bản bản ghi"), default=1, help_text=_("Tăng sau mỗi thay đổi (khóa lạc quan).")
    )
    created_at = models.DateTimeField(_("tạo lúc"))
    updated_at = models.DateTimeField(_("cập nhật lúc"))

    if TYPE_CHECKING:
        applicant: Applicant
        documents: RelatedManager[DossierDocument]
        steps: RelatedManager[DossierStep]
        events: RelatedManager[DossierEvent]
        clock_stops: RelatedManager[ClockStop]
        supplements: RelatedManager[Supplement]
        apologies: RelatedManager[Apology]
        withdrawals: RelatedManager[Withdrawal]
        results: RelatedManager[Result]

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="dossier_status_due"),
            # The inbox: one ordered index scan per (unit, step role) and per assignee,
            # soonest due first (selectors.inbox merges them).
            models.Index(
                fields=["current_step_unit", "current_step_role", "due_at", "id"],
                name="dossier_inbox_due",
            ),
            # The "waiting" box (for the citizen or a consultation): few rows, found directly
            # instead of walking the inbox index past every dossier that is not waiting. The
            # condition is the box's filter, written the same way (selectors._box_filter).
            models.Index(
                fields=["current_step_unit", "current_step_role", "due_at", "id"],
                name="dossier_waiting_due",
                condition=Q(status__in=sorted(WAITING_FOR_CITIZEN)) | Q(open_consults__gt=0),
            ),
            models.Index(fields=["current_assignee", "due_at", "id"], name="dossier_assignee_due"),
            models.Index(fields=["receiving_unit", "received_at"], name="dossier_desk_received"),
            models.Index(fields=["lead_agency", "received_at"], name="dossier_lead_received"),
            models.Index(fields=["received_at"], name="dossier_received_at"),
            # Results in a period (the indices, the late-procedures list, the reports).
            models.Index(
                fields=["finished_at"],
                name="dossier_finished_at",
                condition=Q(finished_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="dossier_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="dossier_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(rule_set__in=RULE_SET_CODES), name="dossier_rule_set_valid"
            ),
            models.CheckConstraint(
                condition=Q(sets_count__gte=1), name="dossier_sets_count_positive"
            ),
            models.CheckConstraint(
                condition=Q(received_at__isnull=True)
                | Q(due_at__isnull=True)
                | Q(due_at__gte=F("received_at")),
                name="dossier_due_after_received",
                violation_error_message=_("Hạn trả phải sau thời điểm tiếp nhận."),
            ),
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True) | Q(finished_at__isnull=False),
                name="dossier_returned_after_result",
                violation_error_message=_("Chỉ trả kết quả khi đã có kết quả."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["done", "returned"]) | ~Q(result_kind=""),
                name="dossier_done_has_result_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def citizen_status_text(self) -> str:
        return citizen_text(self.status)

    @property
    def portal_status_code(self) -> int | None:
        return portal_code(self.status)

    @property
    def channel_portal_code(self) -> int:
        return CHANNEL_PORTAL_CODES[Channel(self.channel)]


class Applicant(models.Model):
    """Snapshot of the applicant (and the authorised representative) at reception.
    Later changes to a citizen's account do not alter what the dossier recorded."""

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="applicant"
    )
    kind = models.CharField(_("loại"), max_length=12, choices=ApplicantKind.choices)
    full_name = models.CharField(
        _("họ và tên / tên tổ chức"), max_length=255, help_text=_("Cá nhân: họ tên; tổ chức: tên.")
    )
    name_folded = models.CharField(_("tên (không dấu)"), max_length=255, db_index=True)
    citizen_id = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True)
    legal_representative = models.CharField(
        _("người đại diện theo pháp luật"), max_length=200, blank=True
    )
    address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    email = models.CharField(_("e-mail"), max_length=254, blank=True)

    rep_full_name = models.CharField(_("người được ủy quyền"), max_length=200, blank=True)
    rep_citizen_id = models.CharField(
        _("số định danh người được ủy quyền"), max_length=12, blank=True
    )
    rep_phone = models.CharField(_("điện thoại người được ủy quyền"), max_length=15, blank=True)
    rep_address = models.CharField(_("địa chỉ người được ủy quyền"), max_length=500, blank=True)
    mandate = models.CharField(
        _("văn bản ủy quyền"), max_length=300, blank=True, help_text=_("Số, ngày, nơi chứng thực.")
    )

    class Meta:
        verbose_name = _("người nộp hồ sơ")
        verbose_name_plural = _("người nộp hồ sơ")
        indexes = [models.Index(fields=["citizen_id"], name="applicant_citizen_id")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="organization") | ~Q(citizen_id=""),
                name="applicant_individual_has_id",
                violation_error_message=_("Cá nhân phải có số định danh."),
            ),
            models.CheckConstraint(
                condition=Q(kind="individual") | ~Q(tax_code=""),
                name="applicant_organization_has_tax_code",
                violation_error_message=_("Tổ chức phải có mã số thuế."),
            ),
            models.CheckConstraint(
                condition=Q(rep_full_name="") | ~Q(mandate=""),
                name="applicant_representative_has_mandate",
                violation_error_message=_("Người được ủy quyền phải có văn bản ủy quyền."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def id_number(self) -> str:
        return self.citizen_id or self.tax_code

    @property
    def has_representative(self) -> bool:
        return bool(self.rep_full_name)


class DossierDocument(models.Model):
    """Thành phần hồ sơ as handed in: ticked against the procedure's required documents."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="documents"
    )
    required_document = models.ForeignKey(
        "catalog.RequiredDocument",
        db_index=False,
        verbose_name=_("thành phần theo quy định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("tên giấy tờ"), max_length=1000)
    mandatory = models.BooleanField(_("bắt buộc"), default=False)
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=0)
    copies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    provided = models.BooleanField(_("đã nộp"), default=True)
    # Stored simply for now; a later issue moves scans to the document store.
    file = models.FileField(
        _("bản số hóa"), upload_to="dossiers/%Y/%m/", blank=True, max_length=500
    )
    added_at = models.DateTimeField(_("thêm lúc"))

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["dossier", "pk"]

    def __str__(self) -> str:
        return self.name


class DossierStep(models.Model):
    """One period during which a unit (or a person in it) holds the dossier: the rows of
    the process control slip. Steps copied from the procedure's process wait with no
    `started_at`; a hand-over closes one step (finished_at, timeliness against
    planned_due_at) and starts the next."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    # Database defaults beside the Python ones let `insert_rows` leave these columns out of
    # the INSERT of a new dossier's steps (see there).
    kind = models.CharField(
        _("loại"),
        max_length=12,
        choices=StepKind.choices,
        default=StepKind.NORMAL,
        db_default=StepKind.NORMAL,
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=StepRole.choices)
    agency = models.ForeignKey(
        "organization.Unit",
        db_index=False,
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_index=False,
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.CharField(_("nội dung công việc"), max_length=1000, blank=True)
    budget_hours = models.DecimalField(
        _("thời gian (giờ làm việc)"), max_digits=7, decimal_places=2, default=0
    )
    planned_due_at = models.DateTimeField(_("hạn của bước"), null=True, blank=True)
    from_step = models.ForeignKey(
        "self",
        db_index=False,
        verbose_name=_("nhận từ bước"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_index=False,
        verbose_name=_("người chuyển"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    timeliness = models.CharField(
        _("tiến độ"),
        max_length=10,
        choices=Timeliness.choices,
        blank=True,
        default="",
        db_default="",
    )
    note = models.TextField(_("ghi chú / ý kiến"), blank=True, default="", db_default="")
    details = models.JSONField(
        _("chi tiết"), default=dict, blank=True, help_text=_("Kiểm tra thực địa: nơi, thành phần.")
    )

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("phiếu kiểm soát quá trình")
        ordering = ["dossier", "order", "pk"]
        indexes = [
            models.Index(fields=["unit", "kind", "finished_at"], name="step_unit_open"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(started_at__isnull=False),
                name="step_finished_after_started",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=F("started_at")),
                name="step_finish_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(budget_hours__gte=0), name="step_budget_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.get_role_display()} — {self.unit}"

    @property
    def is_open(self) -> bool:
        return self.started_at is not None and self.finished_at is None


class DossierUnit(models.Model):
    """The units a dossier concerns — its desk, its lead agency, and every unit and agency of
    its steps — kept by the services as steps are planned or added. Staff visibility reads
    this index (one indexed semi-join) instead of searching the steps."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    unit = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = _("đơn vị liên quan hồ sơ")
        verbose_name_plural = _("đơn vị liên quan hồ sơ")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "unit"], name="dossierunit_unique"),
        ]
        indexes = [models.Index(fields=["unit", "dossier"], name="dossierunit_unit")]

    def __str__(self) -> str:
        return f"{self.dossier_id} @ {self.unit_id}"


class DossierEvent(models.Model):
    """The audit trail: one row per transition, written in the same transaction.
    `action` is a namespaced code from motcua.dossiers.audit.ACTIONS."""

    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("hồ sơ"),
        on_delete=models.CASCADE,
        related_name="events",
        db_index=False,
    )
    action = models.CharField(_("hành động"), max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_index=False,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("lúc"))
    status_after = models.CharField(_("trạng thái sau"), max_length=30, blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)
    citizen_text = models.CharField(_("nội dung cho công dân"), max_length=500, blank=True)
    staff_text = models.CharField(_("nội dung cho cán bộ"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("sự kiện hồ sơ")
        verbose_name_plural = _("nhật ký hồ sơ")
        ordering = ["dossier", "at", "pk"]
        indexes = [
            models.Index(fields=["dossier", "at"], name="event_dossier_at"),
            models.Index(fields=["action", "at"], name="event_action_at"),
        ]

    def __str__(self) -> str:
        return f"{self.action} @ {self.at:%Y-%m-%d %H:%M}"


class ClockStop(models.Model):
    """An interval when the dossier's clock is stopped (supplement or financial obligation).
    `remaining_seconds` is the working time left when the clock stopped (resumed on
    payment); a supplement restarts the full time limit instead."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="clock_stops"
    )
    kind = models.CharField(_("loại"), max_length=12, choices=ClockStopKind.choices)
    started_at = models.DateTimeField(_("dừng từ"))
    ended_at = models.DateTimeField(_("đến"), null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    remaining_seconds = models.PositiveIntegerField(
        _("thời gian làm việc còn lại (giây)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("tạm dừng tính thời hạn")
        verbose_name_plural = _("tạm dừng tính thời hạn")
        ordering = ["dossier", "started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(ended_at__isnull=True),
                name="clockstop_one_open_per_dossier",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="clockstop_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d}"


class Supplement(models.Model):
    """A request to supplement: at the desk (before reception) or during processing."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="supplements"
    )
    at_desk = models.BooleanField(_("tại một cửa (trước khi tiếp nhận)"), default=False)
    requested_at = models.DateTimeField(_("yêu cầu lúc"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    items = models.JSONField(
        _("nội dung cần bổ sung"), default=list, help_text=_('[{"name": ..., "reason": ...}]')
    )
    reason = models.TextField(_("lý do"), blank=True)
    override_reason = models.TextField(
        _("lý do yêu cầu quá thời hạn"),
        blank=True,
        help_text=_("Lãnh đạo cho phép yêu cầu bổ sung sau thời hạn quy định."),
    )
    received_at = models.DateTimeField(_("nhận bổ sung lúc"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận bổ sung"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("yêu cầu bổ sung")
        verbose_name_plural = _("yêu cầu bổ sung")
        ordering = ["dossier", "requested_at"]

    def __str__(self) -> str:
        return f"{self.dossier} — {self.requested_at:%d/%m/%Y}"


class Refusal(models.Model):
    """Refusal to receive (at the desk) or to grant (after appraisal), with its reasons."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="refusals"
    )
    at_desk = models.BooleanField(_("từ chối tiếp nhận"), default=True)
    at = models.DateTimeField(_("lúc"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người từ chối"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reasons = models.JSONField(_("lý do"), default=list)

    class Meta:
        verbose_name = _("từ chối")
        verbose_name_plural = _("từ chối")
        ordering = ["dossier", "at"]

    def __str__(self) -> str:
        return f"{self.dossier} — {self.at:%d/%m/%Y}"


class Apology(models.Model):
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="apologies"
    )
    at = models.DateTimeField(_("lúc"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("cơ quan xin lỗi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("lý do chậm"))
    old_due_at = models.DateTimeField(_("hạn cũ"))
    new_due_at = models.DateTimeField(_("hạn mới"))
    signer = models.CharField(_("người ký"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("xin lỗi, hẹn lại")
        verbose_name_plural = _("xin lỗi, hẹn lại")
        ordering = ["dossier", "at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_due_at__gt=F("old_due_at")), name="apology_new_due_later"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} — {self.new_due_at:%d/%m/%Y}"


class Withdrawal(models.Model):
    """The applicant's request to withdraw, and the stop-processing notice issued for it."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="withdrawals"
    )
    requested_at = models.DateTimeField(_("đề nghị lúc"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("lý do"), blank=True)
    status_before = models.CharField(_("trạng thái trước đó"), max_length=30)
    stopped_at = models.DateTimeField(_("dừng giải quyết lúc"), null=True, blank=True)
    stopped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ra thông báo dừng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rút hồ sơ")
        verbose_name_plural = _("rút hồ sơ")
        ordering = ["dossier", "requested_at"]

    def __str__(self) -> str:
        return f"{self.dossier} — {self.requested_at:%d/%m/%Y}"


class Result(models.Model):
    """The result document: granted (giấy phép, giấy chứng nhận…) or a written refusal."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="results"
    )
    kind = models.CharField(_("loại kết quả"), max_length=10, choices=ResultKind.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    summary = models.TextField(_("trích yếu / lý do từ chối"), blank=True)
    document = models.FileField(
        _("văn bản kết quả"), upload_to="results/%Y/%m/", blank=True, max_length=500
    )
    signed_by = models.CharField(_("người ký"), max_length=200, blank=True)
    signed_at = models.DateTimeField(_("ký lúc"), null=True, blank=True)
    agency = models.ForeignKey(
        "organization.Unit", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("lúc"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đính kèm"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("kết quả")
        verbose_name_plural = _("kết quả")
        ordering = ["dossier", "at"]

    def __str__(self) -> str:
        return f"{self.dossier} — {self.get_kind_display()}"


class CodeCounter(models.Model):
    """The last dossier number given by one receiving agency on one day (Vietnam date).
    Incremented under a row lock inside the reception's transaction: gap-free and unique."""

    agency_code = models.CharField(_("mã cơ quan"), max_length=35)
    day = models.DateField(_("ngày"))
    last_number = models.PositiveIntegerField(_("số cuối"), default=0)

    class Meta:
        verbose_name = _("bộ đếm mã hồ sơ")
        verbose_name_plural = _("bộ đếm mã hồ sơ")
        constraints = [
            models.UniqueConstraint(fields=["agency_code", "day"], name="codecounter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_code} {self.day:%y%m%d}: {self.last_number}"


class OutboxMessage(models.Model):
    """A side effect to deliver after the transaction that caused it commits
    (notifications, national-portal sync). Written in the same transaction as the change;
    delivered by `outbox_deliver` with retries and exponential back-off; dead after
    `OUTBOX_MAX_ATTEMPTS` failures (kept, with its last error, for an operator)."""

    topic = models.CharField(_("chủ đề"), max_length=60)
    payload = models.JSONField(_("nội dung"), default=dict)
    dedupe_key = models.CharField(
        _("khóa chống trùng"), max_length=200, null=True, blank=True, unique=True
    )
    created_at = models.DateTimeField(_("tạo lúc"))
    available_at = models.DateTimeField(_("gửi từ lúc"))
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    delivered_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    dead_at = models.DateTimeField(_("ngừng thử lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)

    class Meta:
        verbose_name = _("thông điệp chờ gửi")
        verbose_name_plural = _("hộp thư đi (outbox)")
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["available_at"],
                condition=Q(delivered_at__isnull=True, dead_at__isnull=True),
                name="outbox_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} #{self.pk}"


class IdempotencyRecord(models.Model):
    """The first response to a request carrying an Idempotency-Key, replayed on retries."""

    key = models.CharField(_("khóa"), max_length=200)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gọi"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    endpoint = models.CharField(_("điểm gọi"), max_length=200)
    request_hash = models.CharField(_("băm yêu cầu"), max_length=64)
    response_status = models.PositiveSmallIntegerField(_("mã trạng thái"))
    response_body = models.JSONField(_("nội dung trả về"), default=dict)
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("khóa idempotency")
        verbose_name_plural = _("khóa idempotency")
        constraints = [
            models.UniqueConstraint(fields=["actor", "key"], name="idempotency_actor_key"),
        ]

    def __str__(self) -> str:
        return self.key


class DataAccessLog(models.Model):
    """A staff member read a dossier's personal data (one row per read; cheap insert)."""

    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("hồ sơ"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xem"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    at = models.DateTimeField(_("lúc"))
    purpose = models.CharField(_("nội dung xem"), max_length=60)

    class Meta:
        verbose_name = _("nhật ký truy cập dữ liệu cá nhân")
        verbose_name_plural = _("nhật ký truy cập dữ liệu cá nhân")
        indexes = [
            models.Index(fields=["dossier", "at"], name="accesslog_dossier_at"),
            models.Index(fields=["user", "at"], name="accesslog_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.dossier_id} @ {self.at:%Y-%m-%d %H:%M}"


class LookupFailure(models.Model):
    """A failed public look-up (wrong code or secret) from one IP address: the rate limit."""

    ip = models.GenericIPAddressField(_("địa chỉ IP"))
    at = models.DateTimeField(_("lúc"))

    class Meta:
        verbose_name = _("tra cứu sai")
        verbose_name_plural = _("tra cứu sai")
        indexes = [models.Index(fields=["ip", "at"], name="lookupfailure_ip_at")]

    def __str__(self) -> str:
        return f"{self.ip} @ {self.at:%Y-%m-%d %H:%M}"
