"""The Decision 766 indicators as dated data (seeded by a data migration from
`indices_766.DEFAULT_INDICATORS`; editable in the admin). The way each indicator is counted is
keyed by its `code` (see `indices_766._COUNTS`); points and targets are the data."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class IndexIndicator(models.Model):
    code = models.SlugField(_("mã chỉ tiêu"), max_length=40)
    group = models.CharField(_("nhóm"), max_length=20)
    name = models.CharField(_("tên chỉ tiêu"), max_length=300)
    points = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2)
    target = models.DecimalField(
        _("chỉ tiêu (tỷ lệ 0–1)"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    formula = models.CharField(_("công thức"), max_length=500)
    drill = models.CharField(_("hồ sơ liên quan"), max_length=10, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu Quyết định 766")
        verbose_name_plural = _("chỉ tiêu Quyết định 766")
        ordering = ["valid_from", "order"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="indexindicator_unique"),
            models.CheckConstraint(condition=Q(points__gte=0), name="indexindicator_points"),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | (Q(target__gt=0) & Q(target__lte=1)),
                name="indexindicator_target_share",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.points})"
