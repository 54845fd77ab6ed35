"""Forms of the staff pages: the reception desk and one small form per dossier action.

Forms check the shape of the input (dates as dd/mm/yyyy, a 12-digit citizen ID, a 10- or
13-digit tax code, lines of reasons) so that each mistake is shown beside its field; every
business rule stays in the services, whose errors are attached back to the fields by
`attach_domain_error`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Case, RequiredDocument, StepRole
from motcua.core.errors import DomainError, InvalidInput
from motcua.core.text import clean
from motcua.dossiers.models import ApplicantKind, Channel, ReturnMethod
from motcua.dossiers.validators import (
    normalize_citizen_id,
    normalize_email,
    normalize_phone,
    normalize_tax_code,
)

DATE_FORMATS = ["%d/%m/%Y"]
DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%H:%M %d/%m/%Y"]
MAX_LINES = 50


def _checked(fn: Callable[..., str], value: str, **kwargs: Any) -> str:
    """Run a domain normaliser and turn its InvalidInput into a form error."""
    try:
        return fn(value, **kwargs)
    except InvalidInput as exc:
        raise forms.ValidationError(exc.message) from None


def lines(value: str) -> list[str]:
    """Non-empty lines of a textarea (one reason or item per line)."""
    return [clean(line) for line in (value or "").splitlines() if clean(line)][:MAX_LINES]


class DateInput(forms.TextInput):
    """dd/mm/yyyy typed as text (native date pickers show the browser's locale format)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "pattern": r"\d{1,2}/\d{1,2}/\d{4}",
            "autocomplete": "off",
        }
        super().__init__({**base, **(attrs or {})})


class DateTimeInput(forms.TextInput):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off"}
        super().__init__({**base, **(attrs or {})})


def _textarea(rows: int = 3, **attrs: Any) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **attrs})


# --- Reception ---------------------------------------------------------------------------------

OUTCOMES = ("receive", "supplement", "refuse", "same_day")
# Outcomes after which the paper documents are kept, so digitised in the same submit.
DIGITISING_OUTCOMES = ("receive", "same_day")
# How a paper document needs no scan (values of motcua.documents' DigitisationKind).
NO_SCAN_CHOICES = [
    ("", _("— Cần quét —")),
    ("not_needed", _("Chỉ xuất trình, không số hóa")),
    ("electronic", _("Đã là bản điện tử")),
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One input for one PDF or several page images (in page order)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


HELPER_ACTIONS = ("pick", "search", "refresh")


class ReceptionForm(forms.Form):
    """The reception desk: procedure and case, applicant, representative, the checklist of
    required documents (with originals, copies and a scan each), and the outcome."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    receiving_unit = forms.ChoiceField(label=_("Nơi tiếp nhận"))
    channel = forms.ChoiceField(label=_("Hình thức nộp"), widget=forms.RadioSelect)
    q = forms.CharField(label=_("Tìm thủ tục"), required=False, max_length=200)
    procedure = forms.CharField(label=_("Thủ tục"), required=False, max_length=40)
    case = forms.ChoiceField(label=_("Trường hợp"), required=False)
    sets_count = forms.IntegerField(
        label=_("Số bộ hồ sơ"), min_value=1, max_value=50, initial=1, required=False
    )

    kind = forms.ChoiceField(
        label=_("Người nộp là"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.INDIVIDUAL,
        widget=forms.RadioSelect,
    )
    full_name = forms.CharField(label=_("Họ và tên"), required=False, max_length=255)
    citizen_id = forms.CharField(
        label=_("Số định danh cá nhân (CCCD)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": r"[0-9 .]{12,16}"}
        ),
        help_text=_("12 chữ số."),
    )
    date_of_birth = forms.DateField(
        label=_("Ngày sinh"), required=False, input_formats=DATE_FORMATS, widget=DateInput
    )
    org_name = forms.CharField(label=_("Tên tổ chức"), required=False, max_length=255)
    tax_code = forms.CharField(
        label=_("Mã số thuế"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("10 chữ số, hoặc 13 chữ số với đơn vị phụ thuộc."),
    )
    legal_representative = forms.CharField(
        label=_("Người đại diện theo pháp luật"), required=False, max_length=200
    )
    address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=500)
    phone = forms.CharField(
        label=_("Số điện thoại"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.CharField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "off"}),
    )

    rep_full_name = forms.CharField(
        label=_("Họ tên người được ủy quyền"), required=False, max_length=200
    )
    rep_citizen_id = forms.CharField(
        label=_("Số định danh người được ủy quyền"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    rep_phone = forms.CharField(
        label=_("Điện thoại người được ủy quyền"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    rep_address = forms.CharField(
        label=_("Địa chỉ người được ủy quyền"), required=False, max_length=500
    )
    mandate = forms.CharField(
        label=_("Văn bản ủy quyền"),
        required=False,
        max_length=300,
        help_text=_("Số, ngày, nơi chứng thực."),
    )

    extra_items = forms.CharField(
        label=_("Nội dung khác cần bổ sung, hoàn thiện"),
        required=False,
        widget=_textarea(3),
        help_text=_("Mỗi dòng một nội dung. Các giấy tờ bắt buộc chưa đánh dấu được tự liệt kê."),
    )
    supplement_reason = forms.CharField(
        label=_("Hướng dẫn thêm"), required=False, widget=_textarea(2)
    )
    refuse_reasons = forms.CharField(
        label=_("Lý do từ chối tiếp nhận"),
        required=False,
        widget=_textarea(3),
        help_text=_("Mỗi dòng một lý do."),
    )
    result_number = forms.CharField(label=_("Số, ký hiệu kết quả"), required=False, max_length=100)
    result_summary = forms.CharField(
        label=_("Trích yếu kết quả"), required=False, widget=_textarea(2)
    )

    def __init__(
        self,
        *args: Any,
        units: Iterable[tuple[str, str]] = (),
        channels: Iterable[tuple[str, str]] = (),
        cases: Iterable[Case] = (),
        documents: Iterable[RequiredDocument] = (),
        outcome: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.outcome = outcome
        self.missing_names: set[str] = set()
        self.fields["receiving_unit"].choices = list(units)  # type: ignore[attr-defined]
        self.fields["channel"].choices = list(channels)  # type: ignore[attr-defined]
        self.fields["case"].choices = [("", _("— Không chia trường hợp / chung —"))] + [  # type: ignore[attr-defined]
            (c.code, f"{c.code}. {c.name}") for c in cases
        ]
        self.documents = list(documents)
        for doc in self.documents:
            self.fields[f"doc_{doc.pk}"] = forms.BooleanField(label=doc.name, required=False)
            self.fields[f"doc_{doc.pk}_originals"] = forms.IntegerField(
                label=_("Bản chính"),
                min_value=0,
                max_value=100,
                required=False,
                initial=doc.originals,
            )
            self.fields[f"doc_{doc.pk}_copies"] = forms.IntegerField(
                label=_("Bản sao"),
                min_value=0,
                max_value=100,
                required=False,
                initial=doc.copies,
            )
            self.fields[f"doc_{doc.pk}_file"] = MultipleFileField(
                label=_("Bản quét"), required=False
            )
            self.fields[f"doc_{doc.pk}_pages"] = forms.IntegerField(
                label=_("Số trang bản giấy"), min_value=1, max_value=1000, required=False
            )
            self.fields[f"doc_{doc.pk}_no_scan"] = forms.ChoiceField(
                label=_("Không cần quét"), choices=NO_SCAN_CHOICES, required=False
            )
            self.fields[f"doc_{doc.pk}_reuse"] = forms.IntegerField(
                label=_("Dùng lại từ kho dữ liệu"), min_value=1, required=False
            )
        # The applicant's store documents offered for reuse, by required document id: set by
        # the view (motcua.documents.selectors.store_offers).
        self.offers: dict[int, list[Any]] = {}

    # --- field checks (format only; the services decide the rest) ---

    def clean_citizen_id(self) -> str:
        value = self.cleaned_data.get("citizen_id", "")
        return _checked(normalize_citizen_id, value) if value.strip() else ""

    def clean_rep_citizen_id(self) -> str:
        value = self.cleaned_data.get("rep_citizen_id", "")
        return _checked(normalize_citizen_id, value) if value.strip() else ""

    def clean_tax_code(self) -> str:
        value = self.cleaned_data.get("tax_code", "")
        return _checked(normalize_tax_code, value) if value.strip() else ""

    def clean_phone(self) -> str:
        return _checked(normalize_phone, self.cleaned_data.get("phone", ""))

    def clean_rep_phone(self) -> str:
        return _checked(normalize_phone, self.cleaned_data.get("rep_phone", ""))

    def clean_email(self) -> str:
        return _checked(normalize_email, self.cleaned_data.get("email", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.outcome not in OUTCOMES:
            return data
        if not data.get("procedure"):
            self.add_error("procedure", _("Chưa chọn thủ tục."))
        if data.get("kind") == ApplicantKind.ORGANIZATION:
            if not clean(data.get("org_name", "")):
                self.add_error("org_name", _("Chưa nhập tên tổ chức."))
            if not data.get("tax_code") and "tax_code" not in self.errors:
                self.add_error("tax_code", _("Chưa nhập mã số thuế."))
        else:
            if not clean(data.get("full_name", "")):
                self.add_error("full_name", _("Chưa nhập họ và tên."))
            if not data.get("citizen_id") and "citizen_id" not in self.errors:
                self.add_error("citizen_id", _("Chưa nhập số định danh cá nhân (CCCD)."))
            dob = data.get("date_of_birth")
            cid = data.get("citizen_id")
            if dob and cid and "citizen_id" not in self.errors:
                try:
                    normalize_citizen_id(cid, date_of_birth=dob)
                except InvalidInput as exc:
                    self.add_error("citizen_id", exc.message)
        if clean(data.get("rep_full_name", "")) and not clean(data.get("mandate", "")):
            self.add_error("mandate", _("Người được ủy quyền phải có văn bản ủy quyền."))
        if self.outcome == "refuse" and not lines(data.get("refuse_reasons", "")):
            self.add_error("refuse_reasons", _("Chưa nhập lý do từ chối tiếp nhận."))
        if self.outcome in DIGITISING_OUTCOMES:
            self._clean_digitisation(data)
        return data

    def _clean_digitisation(self, data: dict[str, Any]) -> None:
        """The shape of each document's digitisation: at most one way chosen, the paper's
        page count beside a scan, and only for documents ticked as received."""
        for doc in self.documents:
            key = f"doc_{doc.pk}"
            scan = bool(data.get(f"{key}_file"))
            chosen = sum((scan, bool(data.get(f"{key}_no_scan")), bool(data.get(f"{key}_reuse"))))
            if not chosen:
                continue
            if not data.get(key):
                self.add_error(key, _("Đánh dấu đã nhận giấy tờ này trước khi số hóa."))
            elif chosen > 1:
                self.add_error(
                    f"{key}_file",
                    _(
                        "Chọn một cách số hóa: đính kèm bản quét, dùng lại từ kho dữ liệu "
                        "hoặc không cần quét."
                    ),
                )
            elif scan and not data.get(f"{key}_pages") and f"{key}_pages" not in self.errors:
                self.add_error(
                    f"{key}_pages", _("Nhập số trang của bản giấy để đối chiếu với bản quét.")
                )

    # --- helpers for the view and the template ---

    def document_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "doc": doc,
                "provided": self[f"doc_{doc.pk}"],
                "originals": self[f"doc_{doc.pk}_originals"],
                "copies": self[f"doc_{doc.pk}_copies"],
                "file": self[f"doc_{doc.pk}_file"],
                "pages": self[f"doc_{doc.pk}_pages"],
                "no_scan": self[f"doc_{doc.pk}_no_scan"],
                "reuse": self[f"doc_{doc.pk}_reuse"],
                "offers": self.offers.get(doc.pk, []),
                "missing": doc.name in self.missing_names,
            }
            for doc in self.documents
        ]

    def ticked(self) -> list[RequiredDocument]:
        data = self.cleaned_data
        return [d for d in self.documents if data.get(f"doc_{d.pk}")]

    def unticked(self) -> list[RequiredDocument]:
        data = self.cleaned_data
        return [d for d in self.documents if not data.get(f"doc_{d.pk}")]


# Where the services' field names land on the reception form.
RECEPTION_FIELDS: dict[str, str] = {
    "procedure_code": "procedure",
    "case_code": "case",
    "channel": "channel",
    "receiving_unit": "receiving_unit",
    "sets_count": "sets_count",
    "applicant.kind": "kind",
    "applicant.citizen_id": "citizen_id",
    "applicant.date_of_birth": "date_of_birth",
    "applicant.tax_code": "tax_code",
    "applicant.phone": "phone",
    "applicant.email": "email",
    "applicant.rep_full_name": "rep_full_name",
    "applicant.rep_citizen_id": "rep_citizen_id",
    "applicant.rep_phone": "rep_phone",
    "applicant.mandate": "mandate",
    "items": "extra_items",
    "reasons": "refuse_reasons",
}


def attach_domain_error(
    form: forms.Form, exc: DomainError, mapping: Mapping[str, str] | None = None
) -> None:
    """Show a service's error beside the field it names (else at the top of the form)."""
    name = (mapping or {}).get(exc.field or "", exc.field or "")
    if name in form.fields:
        form.add_error(name, exc.message)
    else:
        form.add_error(None, exc.message)


# --- Dossier actions ----------------------------------------------------------------------------


class VersionForm(forms.Form):
    """Every action posts the dossier's version it was shown (stale → 409)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class NoteForm(VersionForm):
    note = forms.CharField(label=_("Ghi chú / ý kiến"), required=False, widget=_textarea(2))


class AssignForm(VersionForm):
    assignee = forms.TypedChoiceField(label=_("Giao cho"), coerce=int)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)

    def __init__(self, *args: Any, people: Iterable[tuple[int, str]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("— Chọn người xử lý —"))] + list(people)  # type: ignore[attr-defined]


class SendBackForm(VersionForm):
    to_order = forms.TypedChoiceField(label=_("Trả lại bước"), coerce=int)
    reason = forms.CharField(label=_("Lý do trả lại"), widget=_textarea(2))

    def __init__(self, *args: Any, targets: Iterable[tuple[int, str]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["to_order"].choices = list(targets)  # type: ignore[attr-defined]


FORWARD_ROLES = [
    (StepRole.SPECIALIST, _("Chuyên viên xử lý")),
    (StepRole.UNIT_HEAD, _("Lãnh đạo phòng")),
    (StepRole.AGENCY_LEADER, _("Lãnh đạo cơ quan")),
]


class ForwardForm(VersionForm):
    to_agency = forms.ChoiceField(label=_("Cơ quan nhận liên thông"))
    to_unit = forms.ChoiceField(label=_("Đơn vị trực thuộc (nếu có)"), required=False)
    role = forms.ChoiceField(label=_("Vai trò xử lý"), choices=FORWARD_ROLES)
    budget_hours = forms.DecimalField(
        label=_("Thời gian (giờ làm việc)"), min_value=0.5, max_value=2000, initial=8
    )
    task = forms.CharField(label=_("Nhiệm vụ"), required=False, widget=_textarea(2))

    def __init__(
        self,
        *args: Any,
        agencies: Iterable[tuple[str, str]] = (),
        subunits: Iterable[tuple[str, str]] = (),
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].choices = [("", _("— Chọn cơ quan —"))] + list(agencies)  # type: ignore[attr-defined]
        self.fields["to_unit"].choices = [("", _("— Toàn cơ quan —"))] + list(subunits)  # type: ignore[attr-defined]


class ConsultForm(VersionForm):
    unit = forms.ChoiceField(label=_("Đơn vị được xin ý kiến"))
    question = forms.CharField(label=_("Nội dung xin ý kiến"), widget=_textarea(2))
    days = forms.IntegerField(
        label=_("Hạn trả lời (ngày làm việc)"), min_value=1, max_value=60, initial=2
    )

    def __init__(self, *args: Any, units: Iterable[tuple[str, str]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("— Chọn đơn vị —"))] + list(units)  # type: ignore[attr-defined]


class ConsultAnswerForm(VersionForm):
    consult_id = forms.IntegerField(widget=forms.HiddenInput)
    opinion = forms.CharField(label=_("Ý kiến trả lời"), widget=_textarea(2))


class FieldCheckForm(VersionForm):
    checked_at = forms.DateTimeField(
        label=_("Thời điểm kiểm tra"), input_formats=DATETIME_FORMATS, widget=DateTimeInput
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=500)
    participants = forms.CharField(
        label=_("Thành phần tham gia"), widget=_textarea(2), help_text=_("Mỗi dòng một người.")
    )
    findings = forms.CharField(label=_("Kết quả kiểm tra"), required=False, widget=_textarea(2))


class SupplementForm(VersionForm):
    items = forms.CharField(
        label=_("Nội dung cần bổ sung, hoàn thiện"),
        widget=_textarea(3),
        help_text=_("Mỗi dòng một nội dung; liệt kê đầy đủ một lần."),
        error_messages={"required": _("Phải liệt kê các nội dung cần bổ sung.")},
    )
    reason = forms.CharField(label=_("Lý do, hướng dẫn"), required=False, widget=_textarea(2))
    override_reason = forms.CharField(
        label=_("Lý do lãnh đạo cho phép yêu cầu quá thời hạn"),
        required=False,
        widget=_textarea(2),
    )

    def clean_items(self) -> list[str]:
        items = lines(self.cleaned_data.get("items", ""))
        if not items:
            raise forms.ValidationError(_("Phải liệt kê các nội dung cần bổ sung."))
        return items


class DeskSupplementForm(SupplementForm):
    override_reason = None  # type: ignore[assignment]


class ReceiveSupplementForm(VersionForm):
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=_textarea(2))
    document_name = forms.CharField(label=_("Tên giấy tờ bổ sung"), required=False, max_length=500)
    document_file = forms.FileField(label=_("Bản số hóa"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("document_file") and not clean(data.get("document_name", "")):
            self.add_error("document_name", _("Chưa nhập tên giấy tờ bổ sung."))
        return data


class ObligationForm(VersionForm):
    reason = forms.CharField(label=_("Nghĩa vụ tài chính cần thực hiện"), widget=_textarea(2))
    amount = forms.IntegerField(
        label=_("Số tiền (đồng)"), required=False, min_value=0, max_value=10**13
    )


class ObligationPaidForm(VersionForm):
    reference = forms.CharField(label=_("Chứng từ nộp"), required=False, max_length=200)


class RefuseForm(VersionForm):
    reasons = forms.CharField(
        label=_("Lý do từ chối giải quyết"), widget=_textarea(3), help_text=_("Mỗi dòng một lý do.")
    )
    number = forms.CharField(label=_("Số, ký hiệu văn bản"), required=False, max_length=100)
    document = forms.FileField(label=_("Văn bản trả lời"), required=False)

    def clean_reasons(self) -> list[str]:
        reasons = lines(self.cleaned_data.get("reasons", ""))
        if not reasons:
            raise forms.ValidationError(_("Chưa nhập lý do."))
        return reasons


class DeskRefuseForm(VersionForm):
    reasons = forms.CharField(
        label=_("Lý do từ chối tiếp nhận"), widget=_textarea(3), help_text=_("Mỗi dòng một lý do.")
    )

    def clean_reasons(self) -> list[str]:
        reasons = lines(self.cleaned_data.get("reasons", ""))
        if not reasons:
            raise forms.ValidationError(_("Chưa nhập lý do."))
        return reasons


class ApologyForm(VersionForm):
    reason = forms.CharField(label=_("Lý do chậm giải quyết"), widget=_textarea(2))
    new_due_at = forms.DateTimeField(
        label=_("Ngày hẹn trả mới"), input_formats=DATETIME_FORMATS, widget=DateTimeInput
    )
    signer = forms.CharField(label=_("Người ký"), required=False, max_length=200)


class WithdrawalForm(VersionForm):
    reason = forms.CharField(label=_("Lý do rút hồ sơ"), required=False, widget=_textarea(2))


class ResultForm(VersionForm):
    number = forms.CharField(label=_("Số, ký hiệu kết quả"), required=False, max_length=100)
    summary = forms.CharField(label=_("Trích yếu"), required=False, widget=_textarea(2))
    signed_by = forms.CharField(label=_("Người ký"), required=False, max_length=200)
    document = forms.FileField(label=_("Tệp kết quả"), required=False)


class ReturnForm(VersionForm):
    how = forms.ChoiceField(
        label=_("Hình thức trả"),
        choices=ReturnMethod.choices,
        initial=ReturnMethod.COUNTER,
        widget=forms.RadioSelect,
    )
    collector_id = forms.CharField(
        label=_("Số định danh người nhận"),
        required=False,
        max_length=20,
        help_text=_("Người nộp hoặc người được ủy quyền; trả tại quầy bắt buộc."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    collector_name = forms.CharField(label=_("Họ tên người nhận"), required=False, max_length=200)
    mandate = forms.CharField(
        label=_("Giấy ủy quyền (nếu người khác nhận)"), required=False, max_length=300
    )
    note = forms.CharField(
        label=_("Ghi chú (mã bưu gửi khi trả qua bưu chính)"), required=False, max_length=500
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("how") == ReturnMethod.COUNTER and not (data.get("collector_id") or "").strip():
            self.add_error("collector_id", _("Chưa nhập số định danh của người nhận kết quả."))
        if data.get("how") == ReturnMethod.POST and not clean(data.get("note", "")):
            self.add_error("note", _("Chưa nhập mã bưu gửi."))
        return data


CHANNEL_LABELS = dict(Channel.choices)
