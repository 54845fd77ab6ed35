from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.organization.models import Unit

KINDS = [
    ("month", _("Tháng")),
    ("quarter", _("Quý")),
    ("year", _("Năm")),
    ("custom", _("Tùy chọn")),
]


class ReportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    period = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=KINDS, initial="month")
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("Tháng"), min_value=1, max_value=12, required=False)
    quarter = forms.IntegerField(label=_("Quý"), min_value=1, max_value=4, required=False)
    start = forms.DateField(label=_("Từ ngày"), required=False)
    end = forms.DateField(label=_("Đến ngày"), required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("code")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("period")
        if kind == "month" and not data.get("month"):
            self.add_error("month", _("Chưa chọn tháng."))
        if kind == "quarter" and not data.get("quarter"):
            self.add_error("quarter", _("Chưa chọn quý."))
        if kind == "custom":
            start: dt.date | None = data.get("start")
            end: dt.date | None = data.get("end")
            if not start:
                self.add_error("start", _("Chưa nhập ngày bắt đầu."))
            if not end:
                self.add_error("end", _("Chưa nhập ngày kết thúc."))
            if start and end and end < start:
                self.add_error("end", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data
