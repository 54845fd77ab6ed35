"""Citizens' feedback and recommendations (phản ánh, kiến nghị — DOMAIN.md §9).

A `FeedbackItem` is logged (portal, counter, hotline, e-mail), classified (not accepted /
conduct of officials / rules within competence / outside competence), then either refused,
forwarded to the competent agency, or answered and published. Each step has a deadline in
working days on the working-time calendar; the numbers are date-effective data
(`FeedbackRule`, seeded by a data migration, editable in the admin), chosen by the day the
item was received and kept on the item (`rule`), so a later change does not move old deadlines.

The states and the allowed transitions are in `workflow.py`; every write is a service in
`services.py` that writes one `FeedbackEvent` (the audit trail: who, when, the step's
deadline and whether it was met) in the same transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from motcua.worktime.models import Timeliness


class FeedbackRule(models.Model):
    """Deadlines of feedback handling, in working days, in force from `valid_from` to
    `valid_to` (inclusive; open-ended when empty). National practice (DOMAIN.md §9):
    refuse ≤ 2, ask for more information ≤ 5, forward outside competence ≤ 5, answer ≤ 15,
    publish ≤ 2 after the answer. `classify_days`: the item must be classified within the
    window in which it may still be refused."""

    code = models.SlugField(_("mã bộ quy tắc"), max_length=40, unique=True)
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    classify_days = models.PositiveSmallIntegerField(_("phân loại trong (ngày làm việc)"))
    reject_days = models.PositiveSmallIntegerField(_("từ chối tiếp nhận trong (ngày làm việc)"))
    info_request_days = models.PositiveSmallIntegerField(
        _("đề nghị bổ sung thông tin trong (ngày làm việc)")
    )
    forward_days = models.PositiveSmallIntegerField(
        _("chuyển cơ quan có thẩm quyền trong (ngày làm việc)")
    )
    answer_days = models.PositiveSmallIntegerField(_("trả lời trong (ngày làm việc)"))
    publish_days = models.PositiveSmallIntegerField(
        _("công khai sau khi trả lời trong (ngày làm việc)")
    )
    answer_restarts_after_info = models.BooleanField(
        _("thời hạn trả lời tính lại khi nhận đủ thông tin bổ sung"), default=True
    )
    due_soon_days = models.PositiveSmallIntegerField(
        _("báo sắp đến hạn trước (ngày làm việc)"), default=1
    )

    class Meta:
        verbose_name = _("quy định thời hạn xử lý phản ánh")
        verbose_name_plural = _("quy định thời hạn xử lý phản ánh")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="feedbackrule_valid_range",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày áp dụng."),
            ),
            models.CheckConstraint(
                condition=Q(answer_days__gt=0) & Q(publish_days__gt=0) & Q(classify_days__gt=0),
                name="feedbackrule_positive_days",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.valid_from:%d/%m/%Y})"


class FeedbackChannel(models.TextChoices):
    PORTAL = "portal", _("Cổng dịch vụ công")
    COUNTER = "counter", _("Trực tiếp tại Trung tâm")
    HOTLINE = "hotline", _("Đường dây nóng")
    EMAIL = "email", _("Thư điện tử")


STAFF_CHANNELS = (FeedbackChannel.COUNTER, FeedbackChannel.HOTLINE, FeedbackChannel.EMAIL)


class Category(models.TextChoices):
    NOT_ACCEPTED = "not_accepted", _("Không đủ điều kiện tiếp nhận")
    CONDUCT = "conduct", _("Hành vi, thái độ của cán bộ, công chức")
    WITHIN_COMPETENCE = "within_competence", _("Quy định hành chính thuộc thẩm quyền")
    OUTSIDE_COMPETENCE = "outside_competence", _("Không thuộc thẩm quyền (chuyển cơ quan khác)")


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận, chờ phân loại")
    INFO_REQUESTED = "info_requested", _("Chờ bổ sung thông tin")
    PROCESSING = "processing", _("Đang xử lý")
    TO_FORWARD = "to_forward", _("Chờ chuyển cơ quan có thẩm quyền")
    REJECTED = "rejected", _("Không tiếp nhận")
    FORWARDED = "forwarded", _("Đã chuyển cơ quan có thẩm quyền")
    ANSWERED = "answered", _("Đã trả lời, chờ công khai")
    PUBLISHED = "published", _("Đã trả lời và công khai")


class FeedbackItem(models.Model):
    """One piece of feedback. `due_at` is the deadline of the step now awaited (None when
    waiting for the citizen or finished): the staff list's due-soon and overdue markers.
    `handling_due_at` is the deadline of the concluding answer (refusal, forwarding or
    answer, by classification) and `handled_at` when it came: the quality indices read
    these two. `version` grows with every change (a stale form gets 409)."""

    code = models.CharField(_("mã phản ánh"), max_length=30, unique=True)
    secret = models.CharField(_("mã tra cứu"), max_length=16)
    rule = models.ForeignKey(
        FeedbackRule, verbose_name=_("quy định thời hạn"), on_delete=models.PROTECT
    )
    channel = models.CharField(_("kênh tiếp nhận"), max_length=10, choices=FeedbackChannel.choices)
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=FeedbackStatus.choices,
        default=FeedbackStatus.RECEIVED,
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)

    # The sender
    sender_name = models.CharField(_("họ và tên người gửi"), max_length=150)
    sender_phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    sender_email = models.EmailField(_("e-mail"), blank=True)
    sender_address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản công dân"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_items",
    )
    ip = models.GenericIPAddressField(_("địa chỉ IP gửi"), null=True, blank=True)

    # What it is about
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ liên quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_items",
    )
    unit = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("cơ quan, đơn vị bị phản ánh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_items",
    )
    title = models.CharField(_("tiêu đề"), max_length=200)
    content = models.TextField(_("nội dung phản ánh, kiến nghị"))
    received_at = models.DateTimeField(_("tiếp nhận lúc"), db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ ghi nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Deadlines
    due_at = models.DateTimeField(_("hạn bước hiện tại"), null=True, blank=True)
    handling_due_at = models.DateTimeField(_("hạn xử lý"), null=True, blank=True)
    handled_at = models.DateTimeField(_("xử lý xong lúc"), null=True, blank=True)
    handling_timeliness = models.CharField(
        _("tiến độ xử lý"), max_length=10, choices=Timeliness.choices, blank=True
    )

    # Classification
    category = models.CharField(_("phân loại"), max_length=20, choices=Category.choices, blank=True)
    classified_at = models.DateTimeField(_("phân loại lúc"), null=True, blank=True)
    classified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phân loại"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reject_reason = models.TextField(_("lý do không tiếp nhận"), blank=True)

    # More information from the citizen
    info_requested_at = models.DateTimeField(_("đề nghị bổ sung lúc"), null=True, blank=True)
    info_request = models.TextField(_("nội dung đề nghị bổ sung"), blank=True)
    info_supplied_at = models.DateTimeField(_("nhận thông tin bổ sung lúc"), null=True, blank=True)
    info_supplied = models.TextField(_("thông tin bổ sung"), blank=True)

    # Forwarding outside competence
    forwarded_at = models.DateTimeField(_("chuyển lúc"), null=True, blank=True)
    forwarded_to = models.CharField(_("chuyển đến cơ quan"), max_length=255, blank=True)
    forward_note = models.TextField(_("ghi chú chuyển"), blank=True)

    # Answer and publication
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    public_content = models.TextField(
        _("nội dung công khai (đã che thông tin cá nhân)"), blank=True
    )
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công khai"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="feedback_status_due"),
            models.Index(fields=["unit", "status"], name="feedback_unit_status"),
            models.Index(fields=["handling_due_at"], name="feedback_handling_due"),
            models.Index(fields=["ip", "received_at"], name="feedback_ip_received"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=FeedbackStatus.values), name="feedback_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=FeedbackChannel.values), name="feedback_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(category="") | Q(category__in=Category.values),
                name="feedback_category_valid",
            ),
            models.CheckConstraint(
                condition=~Q(sender_phone="") | ~Q(sender_email="") | Q(citizen__isnull=False),
                name="feedback_sender_reachable",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                name="feedback_answer_text",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(answered_at__isnull=False),
                name="feedback_published_answered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    @property
    def is_open(self) -> bool:
        from motcua.feedback.workflow import OPEN

        return self.status in OPEN


class FeedbackEvent(models.Model):
    """One step of the audit trail: namespaced `action` (see workflow.ACTIONS), who, when,
    the step's deadline and whether it was met, a staff note and the citizen's text."""

    item = models.ForeignKey(
        FeedbackItem, verbose_name=_("phản ánh"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("thao tác"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("lúc"))
    status_after = models.CharField(_("trạng thái sau"), max_length=20)
    due_at = models.DateTimeField(_("hạn của bước"), null=True, blank=True)
    timeliness = models.CharField(
        _("tiến độ"), max_length=10, choices=Timeliness.choices, blank=True
    )
    note = models.TextField(_("ghi chú"), blank=True)
    citizen_text = models.CharField(_("nội dung cho công dân"), max_length=300, blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)

    class Meta:
        verbose_name = _("nhật ký xử lý phản ánh")
        verbose_name_plural = _("nhật ký xử lý phản ánh")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["item", "at"], name="feedbackevent_item_at")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.action} @ {self.at:%Y-%m-%d %H:%M}"

    @property
    def label(self) -> str:
        from motcua.feedback.workflow import ACTIONS

        return str(ACTIONS.get(self.action, self.action))
