from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.notifications.models import DeliveryStatus, NotificationChannel

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DeliveryFilterForm(forms.Form):
    code = forms.CharField(label=_("Mã hồ sơ"), required=False, max_length=60)
    channel = forms.ChoiceField(
        label=_("Kênh"),
        required=False,
        choices=[("", _("Tất cả"))] + list(NotificationChannel.choices),
    )
    status = forms.ChoiceField(
        label=_("Kết quả"),
        required=False,
        choices=[("", _("Tất cả"))] + list(DeliveryStatus.choices),
    )
    start = forms.DateField(
        label=_("Từ ngày (dd/mm/yyyy)"), required=False, input_formats=DATE_FORMATS
    )
    end = forms.DateField(
        label=_("Đến ngày (dd/mm/yyyy)"), required=False, input_formats=DATE_FORMATS
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data.get("code") or "").replace("\x00", "").strip()

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Đến ngày phải sau hoặc bằng từ ngày."))
        return data
