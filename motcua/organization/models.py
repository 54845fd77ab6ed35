"""Units as a dated tree, positions held over periods, delegations and counters.

Units carry validity periods and successor links so that the 2025 mergers
(no district level, provinces merged) keep old dossiers pointing at the codes
valid when they were received.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh / thành phố")
    CENTER = "center", _("Trung tâm Phục vụ hành chính công")
    DEPARTMENT = "department", _("Phòng")
    BRANCH = "branch", _("Chi nhánh")
    AGENCY = "agency", _("Cơ quan (sở, ban, ngành, UBND)")
    SUBUNIT = "subunit", _("Đơn vị trực thuộc cơ quan")
    COMMUNE = "commune", _("Xã / phường / thị trấn")


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")
    CENTRAL = "central", _("Cơ quan trung ương / ngành dọc")


class UnitQuerySet(models.QuerySet["Unit"]):
    def valid_on(self, day: dt.date) -> UnitQuerySet:
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Unit(models.Model):
    kind = models.CharField(_("loại"), max_length=20, choices=UnitKind.choices)
    level = models.CharField(_("cấp"), max_length=20, choices=UnitLevel.choices)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    code = models.CharField(
        _("mã định danh điện tử"),
        max_length=35,
        unique=True,
        help_text=_("Theo Quyết định 20/2020/QĐ-TTg, ví dụ 000.00.00.H09."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="organization_unit_valid_period",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class PositionKind(models.TextChoices):
    DIRECTOR = "director", _("Giám đốc")
    DEPUTY_DIRECTOR = "deputy_director", _("Phó Giám đốc")
    HEAD = "head", _("Trưởng phòng")
    DEPUTY_HEAD = "deputy_head", _("Phó Trưởng phòng")
    CHAIR = "chair", _("Chủ tịch")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch")
    SPECIALIST = "specialist", _("Chuyên viên")
    OFFICER = "officer", _("Công chức, viên chức")


class Position(models.Model):
    """A post held by a person in a unit over a period (end_date empty = still held)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="positions"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người giữ chức vụ"),
        on_delete=models.PROTECT,
        related_name="positions",
    )
    kind = models.CharField(_("chức vụ"), max_length=30, choices=PositionKind.choices)
    is_acting = models.BooleanField(
        _("quyền (bổ nhiệm tạm thời)"),
        default=False,
        help_text=_(
            "Bổ nhiệm giữ quyền, ví dụ Quyền Giám đốc: là chức vụ chính thức, khác với ủy quyền."
        ),
    )
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["unit", "kind", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="organization_position_period",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
            # One open-ended directorship per unit, enforced by the database itself.
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(kind="director", end_date__isnull=True),
                name="organization_one_open_director_per_unit",
                violation_error_message=_("Đơn vị đã có Giám đốc đương nhiệm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.unit}"

    @property
    def title(self) -> str:
        """The post as printed: "Giám đốc", or "Quyền Giám đốc" for an acting appointment."""
        label = str(self.get_kind_display())
        return f"Quyền {label}" if self.is_acting else label

    def is_held_on(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class Delegation(models.Model):
    """Ủy quyền: a leader entrusts a scope of work to a deputy for a period.

    A delegate may not re-delegate what they received. `is_acting` marks the deputy
    who runs the unit while the leader is absent (quyền Giám đốc / phụ trách).
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="delegations"
    )
    delegator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ủy quyền"),
        on_delete=models.PROTECT,
        related_name="delegations_given",
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người được ủy quyền"),
        on_delete=models.PROTECT,
        related_name="delegations_received",
    )
    scope = models.CharField(_("phạm vi công việc"), max_length=500)
    is_acting = models.BooleanField(_("điều hành khi vắng mặt"), default=False)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    document_ref = models.CharField(_("văn bản ủy quyền"), max_length=200, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("ủy quyền")
        verbose_name_plural = _("ủy quyền")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="organization_delegation_period",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=~Q(delegator=models.F("delegate")),
                name="organization_delegation_not_self",
                violation_error_message=_("Không thể tự ủy quyền cho chính mình."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegator} → {self.delegate}: {self.scope}"


class Counter(models.Model):
    """A reception counter (quầy) at the Center or a branch, serving one or more agencies."""

    site = models.ForeignKey(
        Unit,
        verbose_name=_("nơi đặt quầy"),
        on_delete=models.PROTECT,
        related_name="counters",
        help_text=_("Trung tâm hoặc chi nhánh."),
    )
    number = models.PositiveSmallIntegerField(_("số quầy"))
    name = models.CharField(_("tên quầy"), max_length=200)
    agencies = models.ManyToManyField(
        Unit, verbose_name=_("cơ quan phục vụ"), related_name="served_at_counters", blank=True
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("quầy tiếp nhận")
        verbose_name_plural = _("quầy tiếp nhận")
        ordering = ["site", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "number"],
                name="organization_counter_number_unique",
                violation_error_message=_("Số quầy đã tồn tại tại nơi này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.site.short_name or self.site.name} — Quầy {self.number}"
