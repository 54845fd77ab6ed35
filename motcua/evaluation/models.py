"""Citizens' ratings of a dossier (Decree 61/2018 art. 31; DOMAIN.md §7).

The criteria are data (`RatingCriterion`, dated), seeded by a data migration. A dossier has
at most one `Rating` (the database says so); it stays changeable for RATING_CHANGE_WINDOW
after its first submission (`rated_at`). Each answer says satisfied or not for one
criterion. Writes happen only in services.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class RatingCriterion(models.Model):
    """One question of the rating form, in force from `valid_from` to `valid_to`
    (inclusive; open-ended when empty). `online_only`: asked only about dossiers submitted
    online (the quality of the online public service)."""

    code = models.SlugField(_("mã tiêu chí"), max_length=40, unique=True)
    question = models.CharField(_("nội dung tiêu chí"), max_length=300)
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    online_only = models.BooleanField(_("chỉ hỏi với hồ sơ trực tuyến"), default=False)
    legal_basis = models.CharField(_("căn cứ"), max_length=200, blank=True)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("tiêu chí đánh giá")
        verbose_name_plural = _("tiêu chí đánh giá")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="rating_criterion_valid_range",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày áp dụng."),
            ),
        ]

    def __str__(self) -> str:
        return self.question


class RatingChannel(models.TextChoices):
    PORTAL = "portal", _("Cổng dịch vụ công (tài khoản)")
    COUNTER_TABLET = "counter_tablet", _("Máy tính bảng tại quầy")
    LOOKUP = "lookup", _("Tra cứu bằng mã hồ sơ")


class Rating(models.Model):
    """The citizen's rating of one dossier. `rated_at` is the first submission (it starts
    the change window), `updated_at` the last change; `channel` and `by` are those of the
    first submission (each change is in the dossier's audit trail)."""

    # One rating per dossier: the one-to-one field is a unique constraint in the database.
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        on_delete=models.CASCADE,
        related_name="rating",
    )
    channel = models.CharField(_("kênh đánh giá"), max_length=20, choices=RatingChannel.choices)
    rated_at = models.DateTimeField(_("đánh giá lúc"), db_index=True)
    updated_at = models.DateTimeField(_("sửa lần cuối lúc"))
    comment = models.TextField(_("ý kiến khác"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản gửi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Tài khoản công dân, hoặc cán bộ giao máy tính bảng; trống khi tra cứu."),
    )

    if TYPE_CHECKING:
        answers: RelatedManager[RatingAnswer]

    class Meta:
        verbose_name = _("đánh giá hồ sơ")
        verbose_name_plural = _("đánh giá hồ sơ")
        ordering = ["-rated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=RatingChannel.values), name="rating_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(updated_at__gte=F("rated_at")), name="rating_updated_after_rated"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} @ {self.rated_at:%Y-%m-%d %H:%M}"


class RatingAnswer(models.Model):
    rating = models.ForeignKey(
        Rating, verbose_name=_("đánh giá"), on_delete=models.CASCADE, related_name="answers"
    )
    criterion = models.ForeignKey(
        RatingCriterion,
        verbose_name=_("tiêu chí"),
        on_delete=models.PROTECT,
        related_name="answers",
    )
    satisfied = models.BooleanField(_("hài lòng"))

    class Meta:
        verbose_name = _("câu trả lời")
        verbose_name_plural = _("câu trả lời")
        constraints = [
            models.UniqueConstraint(
                fields=["rating", "criterion"], name="rating_answer_one_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {'+' if self.satisfied else '-'}"


# Decision 766 indicators (dated data) live in their own module.
from motcua.evaluation.index_models import IndexIndicator  # noqa: E402, F401
