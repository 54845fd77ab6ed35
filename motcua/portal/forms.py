"""Forms of the online submission steps. They check the shape of what was typed so every
mistake is shown beside its field; the services check the business rules again, and the
dossier core checks everything once more when the draft is submitted."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Case, RequiredDocument
from motcua.core.errors import InvalidInput
from motcua.dossiers.models import ApplicantKind
from motcua.dossiers.validators import (
    normalize_citizen_id,
    normalize_email,
    normalize_phone,
    normalize_tax_code,
)
from motcua.organization.models import Unit

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
APPLICANT_FIELDS = (
    "kind",
    "full_name",
    "citizen_id",
    "date_of_birth",
    "tax_code",
    "legal_representative",
    "address",
    "phone",
    "email",
)


def _checked(fn: Callable[..., str], value: str, **kwargs: Any) -> str:
    try:
        return fn(value, **kwargs)
    except InvalidInput as exc:
        raise forms.ValidationError(exc.message) from None


class ApplicantForm(forms.Form):
    """Step 1: who submits (pre-filled from the account)."""

    kind = forms.ChoiceField(
        label=_("Người nộp là"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.INDIVIDUAL,
        widget=forms.RadioSelect,
    )
    full_name = forms.CharField(
        label=_("Họ và tên (cá nhân) hoặc tên tổ chức"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    citizen_id = forms.CharField(
        label=_("Số định danh cá nhân (CCCD)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("12 chữ số; bắt buộc với cá nhân."),
    )
    date_of_birth = forms.DateField(
        label=_("Ngày sinh"),
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": _("Ngày sinh phải theo dạng ngày/tháng/năm, ví dụ 05/09/1990.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy", "autocomplete": "bday"}
        ),
        help_text=_("Dạng ngày/tháng/năm."),
    )
    tax_code = forms.CharField(
        label=_("Mã số thuế (tổ chức)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Bắt buộc với tổ chức: 10 chữ số, hoặc 13 chữ số với đơn vị phụ thuộc."),
    )
    legal_representative = forms.CharField(
        label=_("Người đại diện theo pháp luật (tổ chức)"), required=False, max_length=200
    )
    address = forms.CharField(
        label=_("Địa chỉ liên hệ"),
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("Nhận tin nhắn SMS về hồ sơ."),
    )
    email = forms.CharField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}),
    )

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = [c for c in ApplicantKind.choices if c[0] in kinds] or list(ApplicantKind.choices)
        self.fields["kind"].choices = allowed  # type: ignore[attr-defined]
        if len(allowed) == 1:
            self.fields["kind"].widget = forms.HiddenInput()
            self.fields["kind"].initial = allowed[0][0]
        for name in ("full_name", "address", "phone"):
            self.fields[name].error_messages["required"] = _("Chưa nhập %(label)s.") % {
                "label": str(self.fields[name].label).lower()
            }

    def clean_phone(self) -> str:
        return _checked(normalize_phone, self.cleaned_data.get("phone", ""), field="phone")

    def clean_email(self) -> str:
        return _checked(normalize_email, self.cleaned_data.get("email", ""), field="email")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == ApplicantKind.INDIVIDUAL:
            raw = data.get("citizen_id", "")
            if not raw:
                self.add_error("citizen_id", _("Chưa nhập số định danh cá nhân (CCCD)."))
            else:
                try:
                    data["citizen_id"] = normalize_citizen_id(
                        raw, date_of_birth=data.get("date_of_birth")
                    )
                except InvalidInput as exc:
                    self.add_error("citizen_id", exc.message)
        elif kind == ApplicantKind.ORGANIZATION:
            raw = data.get("tax_code", "")
            if not raw:
                self.add_error("tax_code", _("Chưa nhập mã số thuế của tổ chức."))
            else:
                try:
                    data["tax_code"] = normalize_tax_code(raw)
                except InvalidInput as exc:
                    self.add_error("tax_code", exc.message)
        return data


def raw_applicant(data: Mapping[str, Any]) -> dict[str, str]:
    """The step-1 fields as typed (what a draft keeps, valid or not)."""
    return {name: str(data.get(name, "") or "")[:500] for name in APPLICANT_FIELDS}


class DetailsForm(forms.Form):
    """Step 2, besides the e-form: the case (trường hợp) and where to submit."""

    case = forms.ChoiceField(label=_("Trường hợp"), required=False)
    receiving_unit = forms.ChoiceField(label=_("Nơi nộp hồ sơ"))

    def __init__(self, *args: Any, cases: list[Case], units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if cases:
            self.fields["case"].choices = [  # type: ignore[attr-defined]
                ("", _("Trường hợp chung (không thuộc trường hợp riêng nào dưới đây)"))
            ] + [(c.code, c.name) for c in cases]
            self.fields["case"].error_messages["invalid_choice"] = _(
                "Thủ tục không có trường hợp đã chọn."
            )
            self.fields["case"].help_text = _(
                "Chọn trường hợp riêng nếu có; giấy tờ phải nộp ở bước 3 tùy theo trường hợp."
            )
        else:
            del self.fields["case"]
        self.fields["receiving_unit"].choices = [(u.code, u.name) for u in units]  # type: ignore[attr-defined]
        self.fields["receiving_unit"].error_messages["required"] = _("Chưa chọn nơi nộp hồ sơ.")
        self.fields["receiving_unit"].error_messages["invalid_choice"] = _(
            "Nơi nộp hồ sơ đã chọn không tiếp nhận thủ tục này."
        )
        if len(units) == 1:
            self.fields["receiving_unit"].widget = forms.HiddenInput()
            self.fields["receiving_unit"].initial = units[0].code


class DocumentsForm(forms.Form):
    """Step 3: one file per required document of the chosen case."""

    def __init__(self, *args: Any, documents: list[RequiredDocument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.documents = documents
        for doc in documents:
            self.fields[self.name_for(doc)] = forms.FileField(
                label=doc.name,
                required=False,
                widget=forms.ClearableFileInput(
                    attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
                ),
            )

    @staticmethod
    def name_for(doc: RequiredDocument) -> str:
        return f"doc_{doc.pk}"


class SupplementForm(forms.Form):
    """Online supplement: one file per item the officer asked for, and a note."""

    note = forms.CharField(
        label=_("Ghi chú gửi cán bộ"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 20}),
    )

    def __init__(self, *args: Any, items: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for i, name in enumerate(items):
            self.fields[f"item_{i}"] = forms.FileField(
                label=name,
                required=False,
                widget=forms.ClearableFileInput(
                    attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
                ),
            )
