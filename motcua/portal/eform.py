"""The procedure's e-form (tờ khai điện tử) as a Django form, built from the catalogue's
`EFormField` rows: each row's type, label, required flag, choices and pattern are data.

Values are kept in the draft exactly as typed (strings; "on" for a ticked box) so a half-filled
form survives; `EForm(version, data=answers)` checks them again at any time (the review page
and the submission do).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import EFormField, EFormFieldType, ProcedureVersion
from motcua.core.errors import InvalidInput
from motcua.core.text import clean
from motcua.dossiers.validators import normalize_phone

log = logging.getLogger(__name__)

PREFIX = "tk_"  # form field name = PREFIX + EFormField.name (keeps them apart from ours)
TEXT_MAX = 500
TEXTAREA_MAX = 4000
_NUMBER = re.compile(r"^-?\d{1,15}([.,]\d{1,6})?$")
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _choices(raw: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item in raw or []:
        if isinstance(item, dict):
            value = str(item.get("value", item.get("label", "")))
            out.append((value, str(item.get("label", value))))
        else:
            out.append((str(item), str(item)))
    return out


def _compiled(pattern: str, field: EFormField) -> re.Pattern[str] | None:
    if not pattern:
        return None
    try:
        return re.compile(pattern)
    except re.error:
        # Catalogue data error: the field is still checked for required/type.
        log.warning("E-form field %s has an invalid pattern %r", field.pk, pattern)
        return None


def _pattern_validator(regex: re.Pattern[str], label: str) -> Any:
    def check(value: Any) -> None:
        text = str(value or "")
        if text and not regex.fullmatch(text):
            raise ValidationError(
                _("%(label)s không đúng định dạng yêu cầu."), params={"label": label}
            )

    return check


class VnPhoneField(forms.CharField):
    def clean(self, value: Any) -> str:
        text = super().clean(value)
        try:
            return normalize_phone(text)
        except InvalidInput as exc:
            raise ValidationError(exc.message) from None


class NumberTextField(forms.CharField):
    """A number typed the Vietnamese way (1,5) or the other (1.5); kept as typed, checked."""

    def clean(self, value: Any) -> str:
        text = super().clean(value).replace(" ", "")
        if text and not _NUMBER.match(text):
            raise ValidationError(_("Phải là một số (ví dụ 2 hoặc 1,5)."))
        return text


def _date_field(required: bool, label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": _("Ngày phải theo dạng ngày/tháng/năm, ví dụ 05/09/1990.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy", "autocomplete": "off"}
        ),
        help_text=_("Dạng ngày/tháng/năm, ví dụ 05/09/1990."),
    )


def _field_for(f: EFormField) -> forms.Field:
    label = f.label
    required = bool(f.required)
    regex = _compiled(f.pattern, f)
    validators = [_pattern_validator(regex, label)] if regex else []
    attrs: dict[str, Any] = {}
    if regex is not None:
        attrs["pattern"] = f.pattern.removeprefix("^").removesuffix("$")
    field: forms.Field
    kind = f.type
    if kind == EFormFieldType.TEXTAREA:
        field = forms.CharField(
            label=label,
            required=required,
            max_length=TEXTAREA_MAX,
            validators=validators,
            widget=forms.Textarea(attrs={"rows": 3, "cols": 20, **attrs}),
        )
    elif kind == EFormFieldType.DATE:
        field = _date_field(required, label)
    elif kind == EFormFieldType.NUMBER:
        field = NumberTextField(
            label=label,
            required=required,
            max_length=30,
            validators=validators,
            widget=forms.TextInput(attrs={"inputmode": "decimal", **attrs}),
        )
    elif kind == EFormFieldType.SELECT:
        field = forms.ChoiceField(
            label=label,
            required=required,
            choices=[("", str(_("— Chọn —"))), *_choices(f.choices)],
            error_messages={"invalid_choice": _("Lựa chọn không có trong danh sách.")},
        )
    elif kind == EFormFieldType.CHECKBOX:
        field = forms.BooleanField(label=label, required=required)
    elif kind == EFormFieldType.EMAIL:
        field = forms.EmailField(
            label=label,
            required=required,
            max_length=254,
            validators=validators,
            error_messages={"invalid": _("Địa chỉ e-mail không hợp lệ.")},
            widget=forms.EmailInput(attrs={"autocomplete": "email", **attrs}),
        )
    elif kind == EFormFieldType.PHONE:
        field = VnPhoneField(
            label=label,
            required=required,
            max_length=20,
            validators=validators,
            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", **attrs}),
        )
    else:  # text, and any type the catalogue may add later
        field = forms.CharField(
            label=label,
            required=required,
            max_length=TEXT_MAX,
            validators=validators,
            widget=forms.TextInput(attrs=attrs),
        )
    field.error_messages["required"] = _("Chưa nhập %(label)s.") % {"label": label.lower()}
    if kind in (EFormFieldType.SELECT,):
        field.error_messages["required"] = _("Chưa chọn %(label)s.") % {"label": label.lower()}
    if kind == EFormFieldType.CHECKBOX:
        field.error_messages["required"] = _("Phải đánh dấu ô này để tiếp tục.")
    return field


def eform_fields(version: ProcedureVersion) -> list[EFormField]:
    return sorted(version.eform_fields.all(), key=lambda f: (f.order, f.pk))


class EForm(forms.Form):
    """The e-form of one procedure version (fields named PREFIX + name)."""

    def __init__(self, *args: Any, version: ProcedureVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = eform_fields(version)
        for f in self.spec:
            self.fields[PREFIX + f.name] = _field_for(f)


def raw_answers(data: Mapping[str, Any], version: ProcedureVersion) -> dict[str, str]:
    """What the citizen typed, by e-form field name (strings, clipped): what a draft keeps."""
    out: dict[str, str] = {}
    for f in eform_fields(version):
        value = data.get(PREFIX + f.name, "")
        if f.type == EFormFieldType.CHECKBOX:
            out[f.name] = "on" if value not in ("", None, False, "false", "off") else ""
        else:
            limit = TEXTAREA_MAX if f.type == EFormFieldType.TEXTAREA else TEXT_MAX
            out[f.name] = str(value or "")[:limit]
    return out


def as_form_data(answers: Mapping[str, Any]) -> dict[str, str]:
    """A draft's answers as the data of an EForm (for showing and checking them again)."""
    return {PREFIX + k: str(v) for k, v in answers.items() if v not in ("", None)}


@dataclass(frozen=True)
class Answer:
    label: str
    value: str


def _display(f: EFormField, value: Any) -> str:
    if f.type == EFormFieldType.CHECKBOX:
        return str(_("Có")) if value else str(_("Không"))
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if value in ("", None):
        return "—"
    if f.type == EFormFieldType.NUMBER:
        try:
            Decimal(str(value).replace(",", "."))
        except InvalidOperation:
            return str(value)
    return clean(str(value))


def answers_summary(version: ProcedureVersion, answers: Mapping[str, Any]) -> list[Answer]:
    """Label and displayed value of every e-form field (for the review page and the PDF)."""
    form = EForm(as_form_data(answers), version=version)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    rows = []
    for f in form.spec:
        key = PREFIX + f.name
        value = cleaned.get(key, answers.get(f.name, ""))
        rows.append(Answer(label=f.label, value=_display(f, value)))
    return rows
