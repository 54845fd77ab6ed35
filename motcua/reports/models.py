"""Pre-aggregated daily figures (DailyFigure): one row per (day, unit, procedure, channel).

`unit` is the processing unit — the dossier's lead agency (cơ quan chủ trì giải quyết), or its
receiving unit when no lead agency is set (commune-level procedures): form II.06a reports per
unit that resolves dossiers. `day` is the local (Asia/Ho_Chi_Minh) date of the event counted.

The columns are flows on that day, so any period's report is a sum and any moment's stock
(carried over, in progress, overdue) a running sum:

- received: dossiers received that day (the channel is part of the key);
- resolved_early / resolved_on_time / resolved_late: results that day (finished_at), by timeliness;
- withdrawn: dossiers stopped (dừng giải quyết) without a result that day;
- due: dossiers whose current due date falls that day;
- due_settled: dossiers that left processing (result or stop), counted on the later of their
  due day and their exit day. Overdue at the end of day E = Σ(due − due_settled) over days ≤ E;
- supplements, apologies: requests made that day; ratings_total: ratings first given that day;
- digitised / reused: dossiers received that day with a digitised / reused document;
- paid_online: online payments paid that day.

For the Decision 766 index (motcua/evaluation/indices_766.py), per dossier, on its reception day:
- digitised_any: with a digitised document of any kind with a file (scanned, uploaded, reused);
- fee_paid / fee_paid_online: with a paid fee (any channel / paid online);
and on its result day (finished_at):
- on_time_766: on time by that index's rule (supplement waiting time subtracted, at most one
  supplement request during processing);
- e_result: with an electronic result; rated / satisfied: rated / rated with no "unsatisfied"
  answer.

Rows are recomputed from raw data (never +1/−1): motcua/reports/figures.py.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

COUNTERS = (
    "received",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "withdrawn",
    "due",
    "due_settled",
    "supplements",
    "apologies",
    "digitised",
    "reused",
    "paid_online",
    "ratings_total",
    "digitised_any",
    "fee_paid",
    "fee_paid_online",
    "on_time_766",
    "e_result",
    "rated",
    "satisfied",
)


class DailyFigure(models.Model):
    day = models.DateField(_("ngày"))
    unit = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("đơn vị giải quyết"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("thủ tục"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    channel = models.CharField(_("kênh"), max_length=10)
    received = models.PositiveIntegerField(_("tiếp nhận"), default=0)
    resolved_early = models.PositiveIntegerField(_("giải quyết trước hạn"), default=0)
    resolved_on_time = models.PositiveIntegerField(_("giải quyết đúng hạn"), default=0)
    resolved_late = models.PositiveIntegerField(_("giải quyết quá hạn"), default=0)
    withdrawn = models.PositiveIntegerField(_("dừng giải quyết"), default=0)
    due = models.PositiveIntegerField(_("đến hạn"), default=0)
    due_settled = models.PositiveIntegerField(_("đến hạn đã xong"), default=0)
    supplements = models.PositiveIntegerField(_("yêu cầu bổ sung"), default=0)
    apologies = models.PositiveIntegerField(_("thư xin lỗi"), default=0)
    digitised = models.PositiveIntegerField(_("số hóa"), default=0)
    reused = models.PositiveIntegerField(_("tái sử dụng"), default=0)
    paid_online = models.PositiveIntegerField(_("thanh toán trực tuyến"), default=0)
    ratings_total = models.PositiveIntegerField(_("lượt đánh giá"), default=0)
    digitised_any = models.PositiveIntegerField(_("có thành phần số hóa"), default=0)
    fee_paid = models.PositiveIntegerField(_("đã nộp phí"), default=0)
    fee_paid_online = models.PositiveIntegerField(_("đã nộp phí trực tuyến"), default=0)
    on_time_766 = models.PositiveIntegerField(_("đúng hạn (QĐ 766)"), default=0)
    e_result = models.PositiveIntegerField(_("có kết quả điện tử"), default=0)
    rated = models.PositiveIntegerField(_("được đánh giá"), default=0)
    satisfied = models.PositiveIntegerField(_("hài lòng"), default=0)

    class Meta:
        verbose_name = _("số liệu ngày")
        verbose_name_plural = _("số liệu ngày")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "procedure", "channel", "day"], name="dailyfigure_key"
            ),
        ]
        indexes = [models.Index(fields=["day", "unit"], name="dailyfigure_day_unit")]

    def __str__(self) -> str:
        return f"{self.day} {self.unit_id} {self.procedure_id} {self.channel}"


class MonthlyFigure(models.Model):
    """The daily figures summed per (month, unit) — the history a report's stocks (carried
    over, overdue) need, read in a few hundred rows instead of every day. `month` is the
    first day of the month. Recomputed from DailyFigure with it (figures.py)."""

    month = models.DateField(_("tháng"))
    unit = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("đơn vị giải quyết"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    received = models.PositiveIntegerField(default=0)
    resolved_early = models.PositiveIntegerField(default=0)
    resolved_on_time = models.PositiveIntegerField(default=0)
    resolved_late = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    due = models.PositiveIntegerField(default=0)
    due_settled = models.PositiveIntegerField(default=0)
    supplements = models.PositiveIntegerField(default=0)
    apologies = models.PositiveIntegerField(default=0)
    digitised = models.PositiveIntegerField(default=0)
    reused = models.PositiveIntegerField(default=0)
    paid_online = models.PositiveIntegerField(default=0)
    ratings_total = models.PositiveIntegerField(default=0)
    digitised_any = models.PositiveIntegerField(default=0)
    fee_paid = models.PositiveIntegerField(default=0)
    fee_paid_online = models.PositiveIntegerField(default=0)
    on_time_766 = models.PositiveIntegerField(default=0)
    e_result = models.PositiveIntegerField(default=0)
    rated = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("số liệu tháng")
        verbose_name_plural = _("số liệu tháng")
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="monthlyfigure_key"),
        ]
        indexes = [models.Index(fields=["month", "unit"], name="monthlyfigure_month_unit")]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.unit_id}"


class FiguresStamp(models.Model):
    """When the daily figures were last brought up to date (one row, pk 1): the moment the
    last `refresh_changed` or `rebuild` started — every change before it is counted."""

    refreshed_at = models.DateTimeField(_("cập nhật lúc"))

    class Meta:
        verbose_name = _("mốc cập nhật số liệu")
        verbose_name_plural = _("mốc cập nhật số liệu")

    def __str__(self) -> str:
        return str(self.refreshed_at)


class IndexFigure(models.Model):
    """Circular 01/2018 scores summed per (result day, lead agency, desk, receiving officer):
    the number of dossiers resolved that day and, for each per-dossier index but feedback
    handling, the sum of its 0/1/2 scores (motcua/reports/index_figures.py). Feedback handling
    depends on the moment it is judged; it is computed when read, for the few dossiers with
    feedback."""

    day = models.DateField(_("ngày có kết quả"))
    agency = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("cơ quan chủ trì"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        db_index=False,
    )
    desk = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("bộ phận một cửa"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    officer = models.ForeignKey(
        "accounts.User",
        verbose_name=_("cán bộ tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        db_index=False,
    )
    dossiers = models.PositiveIntegerField(_("số hồ sơ"), default=0)
    s_processing_time = models.PositiveIntegerField(default=0)
    s_time_per_unit = models.PositiveIntegerField(default=0)
    s_contacts_needed = models.PositiveIntegerField(default=0)
    s_agencies_contacted = models.PositiveIntegerField(default=0)
    s_desk_processing = models.PositiveIntegerField(default=0)
    s_publication = models.PositiveIntegerField(default=0)
    s_staff_attitude = models.PositiveIntegerField(default=0)
    s_online_services = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("điểm chỉ số theo ngày")
        verbose_name_plural = _("điểm chỉ số theo ngày")
        indexes = [models.Index(fields=["day"], name="indexfigure_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id} {self.desk_id} {self.officer_id}"
