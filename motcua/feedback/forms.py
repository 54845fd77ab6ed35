"""Forms of the feedback pages. They check the shape of the input only; the rules (who may,
which state, the deadlines, a dossier that exists) are in services.py, whose errors come back
beside the field they name (`attach`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.clock import VN_TZ
from motcua.core.errors import DomainError
from motcua.feedback.models import STAFF_CHANNELS, Category, FeedbackChannel
from motcua.feedback.services import ANSWER_MAX, CONTENT_MAX, FeedbackInput
from motcua.organization.models import Unit, UnitKind

TEXT = {"autocomplete": "off", "spellcheck": "false"}


def attach(form: forms.Form, exc: DomainError, aliases: dict[str, str] | None = None) -> None:
    """Show a service error beside the field it names (or above the form)."""
    name = (aliases or {}).get(exc.field or "", exc.field or "")
    form.add_error(name if name in form.fields else None, exc.message)


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


def unit_choices(on: dt.date) -> Any:
    kinds = [UnitKind.CENTER, UnitKind.BRANCH, UnitKind.AGENCY, UnitKind.COMMUNE]
    return Unit.objects.valid_on(on).filter(kind__in=kinds).order_by("kind", "sort_order", "name")


class FeedbackForm(forms.Form):
    """The citizen's form on the portal (and, with `StaffFeedbackForm`, the officer's)."""

    sender_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    sender_phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("Nhập số điện thoại hoặc e-mail (ít nhất một) để nhận thông báo và trả lời."),
    )
    sender_email = forms.CharField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    unit = UnitChoice(
        label=_("Cơ quan, đơn vị bị phản ánh (nếu biết)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— Không rõ / để Trung tâm xác định —"),
    )
    dossier_code = forms.CharField(
        label=_("Mã hồ sơ liên quan (nếu có)"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
        help_text=_("In trên giấy tiếp nhận, ví dụ 000.11.01.H09-250908-0001."),
    )
    dossier_secret = forms.CharField(
        label=_("Mã tra cứu của hồ sơ"),
        max_length=16,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
        help_text=_("Cần khi nêu mã hồ sơ, trừ hồ sơ của chính tài khoản bạn đang đăng nhập."),
    )
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    content = forms.CharField(
        label=_("Nội dung phản ánh, kiến nghị"),
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Nêu rõ sự việc, thời gian, địa điểm, cán bộ hoặc quy định liên quan."),
    )

    def __init__(self, *args: Any, on: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)  # noqa: S101
        unit_field.queryset = unit_choices(on)
        required = {
            "sender_name": _("Chưa nhập họ và tên."),
            "title": _("Chưa nhập tiêu đề."),
            "content": _("Chưa nhập nội dung phản ánh, kiến nghị."),
        }
        for name, message in required.items():
            self.fields[name].error_messages["required"] = message
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "Cơ quan, đơn vị đã chọn không có trong danh sách."
        )

    def to_input(self) -> FeedbackInput:
        d = self.cleaned_data
        unit = d.get("unit")
        return FeedbackInput(
            sender_name=d["sender_name"],
            sender_phone=d.get("sender_phone", ""),
            sender_email=d.get("sender_email", ""),
            title=d["title"],
            content=d["content"],
            unit_id=unit.pk if unit else None,
            dossier_code=d.get("dossier_code", ""),
        )


class StaffFeedbackForm(FeedbackForm):
    channel = forms.ChoiceField(
        label=_("Kênh tiếp nhận"),
        choices=[(c.value, c.label) for c in STAFF_CHANNELS],
        initial=FeedbackChannel.HOTLINE,
    )
    received_at = forms.DateTimeField(
        label=_("Tiếp nhận lúc (giờ:phút ngày/tháng/năm)"),
        input_formats=["%H:%M %d/%m/%Y", "%d/%m/%Y %H:%M"],
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "09:30 02/03/2026", **TEXT}),
        help_text=_("Để trống nếu là bây giờ."),
    )
    field_order = ["channel", "received_at"]

    def __init__(self, *args: Any, on: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, on=on, **kwargs)
        self.fields.pop("dossier_secret")
        self.fields["dossier_code"].help_text = ""
        self.fields["received_at"].error_messages["invalid"] = _(
            "Nhập theo dạng giờ:phút ngày/tháng/năm, ví dụ 09:30 02/03/2026."
        )

    def received(self) -> dt.datetime | None:
        value = self.cleaned_data.get("received_at")
        if value is None:
            return None
        return value.replace(tzinfo=VN_TZ) if value.tzinfo is None else value


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Mã phản ánh"),
        max_length=30,
        widget=forms.TextInput(attrs=TEXT),
        help_text=_("Ví dụ PAKN-260302-0001 (trong tin nhắn, thư xác nhận)."),
        error_messages={"required": _("Chưa nhập mã phản ánh.")},
    )
    secret = forms.CharField(
        label=_("Mã tra cứu"),
        max_length=16,
        widget=forms.TextInput(attrs=TEXT),
        error_messages={"required": _("Chưa nhập mã tra cứu.")},
    )


class SupplyInfoForm(forms.Form):
    text = forms.CharField(
        label=_("Thông tin bổ sung"),
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Chưa nhập thông tin bổ sung.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


# --- Staff actions ---------------------------------------------------------------------------


class _Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ClassifyForm(_Versioned):
    category = forms.ChoiceField(
        label=_("Phân loại"),
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Chưa chọn phân loại.")},
    )
    reason = forms.CharField(
        label=_("Lý do không tiếp nhận (khi chọn “Không đủ điều kiện tiếp nhận”)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ForwardForm(_Versioned):
    to = forms.CharField(
        label=_("Cơ quan có thẩm quyền"),
        max_length=255,
        error_messages={"required": _("Chưa nhập cơ quan có thẩm quyền.")},
    )
    note = forms.CharField(
        label=_("Ghi chú (số văn bản chuyển…)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RequestInfoForm(_Versioned):
    request = forms.CharField(
        label=_("Nội dung cần bổ sung"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Chưa nhập nội dung cần bổ sung.")},
    )


class RecordInfoForm(_Versioned):
    text = forms.CharField(
        label=_("Thông tin bổ sung nhận được (qua điện thoại, trực tiếp…)"),
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Chưa nhập thông tin bổ sung.")},
    )


class AnswerForm(_Versioned):
    answer = forms.CharField(
        label=_("Nội dung trả lời"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Chưa nhập nội dung trả lời.")},
    )


class PublishForm(_Versioned):
    public_content = forms.CharField(
        label=_("Nội dung phản ánh được công khai (đã che thông tin cá nhân)"),
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Chưa nhập nội dung công khai.")},
    )


ACTION_FORMS: dict[str, type[_Versioned]] = {
    # In the order offered: the step that moves the item on comes first (shown open).
    "classify": ClassifyForm,
    "forward": ForwardForm,
    "answer": AnswerForm,
    "publish": PublishForm,
    "record-info": RecordInfoForm,
    "request-info": RequestInfoForm,
}
