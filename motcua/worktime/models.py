"""Working-time data: the editable table of announced calendar changes, and the
early / on-time / late classification used by every hand-over and dossier.

Statutory holidays (Labour Code 2019 art. 112, on Vietnam's lunar calendar) come
from the `holidays` package; this table holds what the government announces each
year on top of them (an extra weekday off, a Saturday worked to make up for it),
and lets a province override the package either way. See services.py.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel


class CalendarChangeKind(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ")
    WORKING_DAY = "working_day", _("Ngày làm việc (làm bù)")


class CalendarChange(TimeStampedModel):
    """One announced change to the working calendar on one date.

    `day_off` makes the date a non-working day; `working_day` makes a weekend day
    or a holiday a working day (the make-up Saturday of a swap).
    """

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=CalendarChangeKind.choices)
    name = models.CharField(_("tên"), max_length=200)
    legal_source = models.CharField(
        _("căn cứ"),
        max_length=300,
        help_text=_("Văn bản công bố, ví dụ: Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ."),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("thay đổi lịch làm việc")
        verbose_name_plural = _("thay đổi lịch làm việc")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=CalendarChangeKind.values),
                name="worktime_change_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(name=""), name="worktime_change_name_not_empty"
            ),
            models.CheckConstraint(
                condition=~models.Q(legal_source=""), name="worktime_change_source_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.name} ({self.get_kind_display()})"


class Timeliness(models.TextChoices):
    """How a piece of work finished against its due time.

    early: finished on a calendar day before the due date's day (Vietnam time);
    on_time: finished no later than due_at, on the due date's day;
    late: finished after due_at.
    """

    EARLY = "early", _("Sớm hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")
