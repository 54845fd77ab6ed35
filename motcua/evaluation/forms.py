"""Forms of the rating pages. They check the shape of the input only; the rules (every
criterion answered, the 7-day window, who may rate) are in services.rating_submit, whose
errors come back beside the field they name."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import DomainError
from motcua.dossiers.forms import DATE_FORMATS, DateInput
from motcua.evaluation.models import Rating, RatingCriterion
from motcua.evaluation.services import COMMENT_MAX_LENGTH

SATISFIED = "1"
UNSATISFIED = "0"
CHOICES = [(SATISFIED, _("Hài lòng")), (UNSATISFIED, _("Không hài lòng"))]
PREFIX = "answer_"


class RatingForm(forms.Form):
    """One radio pair per criterion (a fieldset with the question as its legend), and a
    comment."""

    comment = forms.CharField(
        label=_("Ý kiến khác (không bắt buộc)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self,
        *args: Any,
        criteria: Iterable[RatingCriterion],
        rating: Rating | None = None,
        **kwargs: Any,
    ) -> None:
        if rating is not None and not args and "data" not in kwargs:
            initial = {
                PREFIX + a.criterion.code: SATISFIED if a.satisfied else UNSATISFIED
                for a in rating.answers.all()
            }
            kwargs["initial"] = {**initial, "comment": rating.comment}
        super().__init__(*args, **kwargs)
        comment = self.fields.pop("comment")
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[PREFIX + c.code] = forms.ChoiceField(
                label=c.question,
                choices=CHOICES,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Chưa chọn Hài lòng hoặc Không hài lòng cho tiêu chí này.")
                },
            )
        self.fields["comment"] = comment

    def criterion_fields(self) -> list[forms.BoundField]:
        return [self[PREFIX + c.code] for c in self.criteria]

    def answers(self) -> dict[str, bool]:
        return {
            name.removeprefix(PREFIX): value == SATISFIED
            for name, value in self.cleaned_data.items()
            if name.startswith(PREFIX)
        }

    def attach(self, exc: DomainError) -> None:
        """Show a service error beside its field: `answers.<code>` → that criterion."""
        name = (exc.field or "").replace("answers.", PREFIX, 1)
        self.add_error(name if name in self.fields else None, exc.message)


class SecretForm(forms.Form):
    mk = forms.CharField(
        label=_("Mã tra cứu"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("In trên giấy tiếp nhận hồ sơ, cạnh mã QR."),
    )


class TabletPickForm(forms.Form):
    code = forms.CharField(
        label=_("Mã hồ sơ vừa trả kết quả"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Từ ngày"), input_formats=DATE_FORMATS, widget=DateInput)
    end = forms.DateField(label=_("Đến ngày"), input_formats=DATE_FORMATS, widget=DateInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Đến ngày phải sau hoặc bằng Từ ngày."))
        elif start and end and (end - start).days > 366:
            self.add_error("end", _("Chỉ xem tối đa một năm mỗi lần."))
        return data
