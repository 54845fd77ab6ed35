"""Fees and payments: the assessment of what a dossier owes (with exemptions), payments and
their states, numbered receipts, gateway callbacks (logged, refused or accepted) and the
nonces that make replays visible. Amounts are integers in VND."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class FeeStage(models.TextChoices):
    """When the fee is due: the dossier cannot move past that point until it is paid or
    exempted (the blocking rule, motcua.payments.rules)."""

    RECEPTION = "reception", _("Khi tiếp nhận hồ sơ")
    BEFORE_RESULT = "before_result", _("Trước khi trả kết quả")
    OBLIGATION = "obligation", _("Nghĩa vụ tài chính (tạm dừng thời hạn)")


class AssessmentStatus(models.TextChoices):
    DUE = "due", _("Chưa nộp")
    SETTLED = "settled", _("Đã nộp hoặc được miễn")
    CANCELLED = "cancelled", _("Đã hủy")


class FeeAssessment(models.Model):
    """What one dossier owes at one stage: lines from the procedure's fee items."""

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        on_delete=models.PROTECT,
        related_name="fee_assessments",
    )
    stage = models.CharField(_("thời điểm nộp"), max_length=20, choices=FeeStage.choices)
    status = models.CharField(
        _("tình trạng"),
        max_length=12,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DUE,
    )
    total = models.BigIntegerField(_("tổng phải nộp (đồng)"), default=0)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    assessed_at = models.DateTimeField(_("xác định lúc"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác định"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    settled_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)

    if TYPE_CHECKING:
        lines: RelatedManager[AssessmentLine]
        payments: RelatedManager[Payment]

    class Meta:
        verbose_name = _("phí, lệ phí phải nộp")
        verbose_name_plural = _("phí, lệ phí phải nộp")
        ordering = ["dossier", "assessed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__gte=0), name="payments_assessment_total_non_negative"
            ),
            # One live assessment per dossier and stage (a cancelled one may be redone).
            models.UniqueConstraint(
                fields=["dossier", "stage"],
                condition=~Q(status="cancelled"),
                name="payments_one_live_assessment_per_stage",
                violation_error_message=_("Hồ sơ đã được xác định phí cho thời điểm này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.stage}: {self.total} đ"


class AssessmentLine(models.Model):
    """One fee item × quantity; an exempted line keeps the exemption, its legal ground and
    the officer's reason, and owes 0."""

    assessment = models.ForeignKey(
        FeeAssessment,
        verbose_name=_("xác định phí"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    fee_item = models.ForeignKey(
        "catalog.FeeItem",
        verbose_name=_("khoản phí"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("tên phí, lệ phí"), max_length=500)
    basis = models.CharField(_("tính theo"), max_length=20)
    unit_amount = models.BigIntegerField(_("mức thu (đồng)"))
    quantity = models.PositiveIntegerField(_("số lượng"), default=1)
    amount = models.BigIntegerField(_("thành tiền (đồng)"))
    exemption = models.ForeignKey(
        "catalog.FeeExemption",
        verbose_name=_("đối tượng miễn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    exemption_name = models.CharField(_("đối tượng miễn"), max_length=1000, blank=True)
    exemption_ground = models.CharField(_("căn cứ miễn"), max_length=500, blank=True)
    exemption_reason = models.TextField(_("lý do miễn"), blank=True)

    class Meta:
        verbose_name = _("dòng phí")
        verbose_name_plural = _("dòng phí")
        ordering = ["assessment", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_amount__gte=0) & Q(amount__gte=0),
                name="payments_line_amounts_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(exemption_name="") | Q(amount=0),
                name="payments_exempt_line_owes_nothing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} × {self.quantity} = {self.amount}"

    @property
    def exempted(self) -> bool:
        return bool(self.exemption_name)


class PaymentChannel(models.TextChoices):
    CASH = "cash", _("Tiền mặt tại quầy")
    CARD = "card", _("Thẻ tại quầy (POS)")
    ONLINE = "online", _("Trực tuyến qua cổng thanh toán")


class PaymentStatus(models.TextChoices):
    CREATED = "created", _("Mới tạo")
    PENDING = "pending", _("Đang chờ cổng thanh toán")
    PAID = "paid", _("Đã thanh toán")
    FAILED = "failed", _("Không thành công")
    EXPIRED = "expired", _("Hết hạn")
    REFUNDED = "refunded", _("Đã hoàn trả / hủy biên lai")


# The one table of payment state changes (a test pins it).
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    PaymentStatus.CREATED: frozenset(
        {PaymentStatus.PENDING, PaymentStatus.PAID, PaymentStatus.FAILED, PaymentStatus.EXPIRED}
    ),
    PaymentStatus.PENDING: frozenset(
        {PaymentStatus.PAID, PaymentStatus.FAILED, PaymentStatus.EXPIRED}
    ),
    PaymentStatus.PAID: frozenset({PaymentStatus.REFUNDED}),
    PaymentStatus.FAILED: frozenset(),
    PaymentStatus.EXPIRED: frozenset(),
    PaymentStatus.REFUNDED: frozenset(),
}


class Payment(models.Model):
    assessment = models.ForeignKey(
        FeeAssessment,
        verbose_name=_("xác định phí"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    channel = models.CharField(_("hình thức"), max_length=10, choices=PaymentChannel.choices)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.CREATED
    )
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    currency = models.CharField(_("loại tiền"), max_length=3, default="VND")
    reference = models.CharField(_("mã giao dịch của Một Cửa"), max_length=40, unique=True)
    gateway_txn_id = models.CharField(_("mã giao dịch của cổng"), max_length=64, blank=True)
    payer_name = models.CharField(_("người nộp"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"))

    class Meta:
        verbose_name = _("khoản thanh toán")
        verbose_name_plural = _("khoản thanh toán")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_amount_positive"),
            models.CheckConstraint(condition=Q(currency="VND"), name="payments_currency_vnd"),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_at__isnull=False),
                name="payments_paid_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "expires_at"], name="payments_status_expiry"),
            models.Index(fields=["paid_at"], name="payments_paid_at"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount} đ {self.status}"


class PaymentRefund(models.Model):
    """A leader's or finance officer's request to give an online payment back through the
    gateway, and the gateway's confirmation. `key` is the idempotency key sent to the
    gateway: a retry (after a timeout) sends the same key and cannot refund twice. The
    payment becomes refunded only when `confirmed_at` is set."""

    payment = models.OneToOneField(
        Payment,
        verbose_name=_("khoản thanh toán"),
        on_delete=models.PROTECT,
        related_name="refund",
    )
    key = models.CharField(_("khóa chống trùng"), max_length=64, unique=True)
    amount = models.BigIntegerField(_("số tiền hoàn (đồng)"))
    reason = models.TextField(_("lý do hoàn trả"))
    requested_at = models.DateTimeField(_("đề nghị lúc"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đề nghị"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    gateway_refund_id = models.CharField(_("mã hoàn trả của cổng"), max_length=64, blank=True)
    confirmed_at = models.DateTimeField(_("cổng xác nhận lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("hoàn trả qua cổng thanh toán")
        verbose_name_plural = _("hoàn trả qua cổng thanh toán")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="payments_refund_amount_positive"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="payments_refund_has_reason"),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | ~Q(gateway_refund_id=""),
                name="payments_refund_confirmed_has_gateway_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.amount} đ"


class ReceiptCounter(models.Model):
    """The last receipt number per unit, year and series (locked while a number is taken)."""

    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    series = models.CharField(_("ký hiệu"), max_length=20)
    last_number = models.PositiveIntegerField(_("số cuối"), default=0)

    class Meta:
        verbose_name = _("bộ đếm biên lai")
        verbose_name_plural = _("bộ đếm biên lai")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "series"], name="payments_receipt_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.series}/{self.year}: {self.last_number}"


class Receipt(models.Model):
    """Biên lai thu phí, lệ phí: numbered per unit, year and series without gaps or reuse.
    A cancelled receipt keeps its number (with the leader, the time and the reason)."""

    payment = models.OneToOneField(
        Payment,
        verbose_name=_("khoản thanh toán"),
        on_delete=models.PROTECT,
        related_name="receipt",
    )
    unit = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("đơn vị thu"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    series = models.CharField(_("ký hiệu"), max_length=20)
    number = models.PositiveIntegerField(_("số"))
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    issued_at = models.DateTimeField(_("lập lúc"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hủy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)

    class Meta:
        verbose_name = _("biên lai")
        verbose_name_plural = _("biên lai")
        ordering = ["unit", "year", "series", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "series", "number"], name="payments_receipt_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | ~Q(cancel_reason=""),
                name="payments_receipt_cancel_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        return f"{self.series}/{self.year} số {self.number:07d}"


class CallbackOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Chấp nhận")
    DUPLICATE = "duplicate", _("Trùng (đã xử lý, không thay đổi)")
    FORGED = "forged", _("Chữ ký sai")
    REPLAYED = "replayed", _("Phát lại (nonce đã dùng hoặc thời điểm ngoài cửa sổ)")
    LATE = "late", _("Đến muộn (giao dịch đã hết hạn hoặc đã kết thúc)")
    MISMATCH = "mismatch", _("Sai số tiền hoặc loại tiền")
    UNKNOWN = "unknown", _("Không có giao dịch")
    MALFORMED = "malformed", _("Sai định dạng")


class PaymentCallbackLog(models.Model):
    """Every callback the gateway (or anyone) sent us, with what we did about it."""

    received_at = models.DateTimeField(_("nhận lúc"))
    outcome = models.CharField(_("kết quả"), max_length=12, choices=CallbackOutcome.choices)
    reference = models.CharField(_("mã giao dịch"), max_length=64, blank=True)
    payment = models.ForeignKey(
        Payment,
        verbose_name=_("khoản thanh toán"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="callbacks",
    )
    nonce = models.CharField(_("nonce"), max_length=64, blank=True)
    detail = models.CharField(_("chi tiết"), max_length=500, blank=True)
    body = models.JSONField(_("nội dung"), default=dict, blank=True)
    remote_addr = models.CharField(_("địa chỉ gửi"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("thông báo từ cổng thanh toán")
        verbose_name_plural = _("thông báo từ cổng thanh toán")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["received_at"], name="payments_callback_at")]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d %H:%M:%S} {self.outcome} {self.reference}"


class CallbackNonce(models.Model):
    """Nonces of signed callbacks already seen: a second use is a replay."""

    nonce = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("nonce đã dùng")
        verbose_name_plural = _("nonce đã dùng")

    def __str__(self) -> str:
        return self.nonce
