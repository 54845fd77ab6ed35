"""Plain records of a procedure version, their validation and their dict form.

`ProcedureData` is what services take to create a version, what the JSON format
("motcua.catalog/1", docs/catalog-format.md) parses into and what export writes out.
`parse_procedure(raw, path, ctx)` checks one procedure dict completely and returns the
record plus every error found, each with its JSON path (``procedures[3].fees[0].amount``)
and a Vietnamese message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal, InvalidOperation
from typing import Any

from motcua.catalog.models import (
    ApplicantType,
    Channel,
    DecisionAction,
    EFormFieldType,
    FeeBasis,
    OnlineLevel,
    ProcedureLevel,
    ProcedureVersion,
    StepRole,
    TimeUnit,
)
from motcua.catalog.selectors import process_budget_problem
from motcua.core.text import clean

FORMAT = "motcua.catalog/1"


@dataclass(frozen=True)
class ImportIssue:
    """One error in an imported file: where (JSON path or sheet + row), which field, what."""

    path: str
    field: str
    message: str
    sheet: str = ""
    row: int | None = None

    @property
    def location(self) -> str:
        if self.sheet:
            where = f"Trang {self.sheet}"
            if self.row is not None:
                where += f", dòng {self.row}"
            return f"{where}, cột {self.field}" if self.field else where
        return self.path

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sheet": self.sheet,
            "row": self.row,
            "field": self.field,
            "message": str(self),
        }


@dataclass(frozen=True)
class TimeLimit:
    value: int
    unit: str


@dataclass
class CaseData:
    code: str
    name: str
    time_limit: TimeLimit | None = None


@dataclass
class FormData:
    name: str
    filename: str
    # Where the file comes from (not part of the catalogue's content, so not compared):
    stored_name: str = dc_field(default="", compare=False)  # a name in the default storage
    content: bytes | None = dc_field(default=None, compare=False, repr=False)


@dataclass
class DocumentData:
    name: str
    originals: int = 1
    copies: int = 0
    mandatory: bool = True
    reusable: bool = False
    case: str | None = None
    form: str | None = None


@dataclass
class ExemptionData:
    name: str
    legal_ground: str = ""


@dataclass
class FeeData:
    name: str
    amount: int
    basis: str = FeeBasis.PER_DOSSIER.value
    case: str | None = None
    exemptions: list[ExemptionData] = dc_field(default_factory=list)


@dataclass
class EFormFieldData:
    name: str
    label: str
    type: str = EFormFieldType.TEXT.value
    required: bool = False
    choices: list[str] = dc_field(default_factory=list)
    pattern: str = ""


@dataclass
class StepData:
    role: str
    budget_hours: Decimal
    agency: str | None = None
    unit: str | None = None
    description: str = ""
    case: str | None = None


@dataclass
class LegalBasisData:
    number: str
    date: dt.date | None = None
    title: str = ""


@dataclass
class ProcedureData:
    """All published parts of one version of a procedure; agencies and field by code."""

    national_code: str
    name: str
    field: str
    level: str
    local_code: str = ""
    implementing_agency: str | None = None
    deciding_agency: str | None = None
    cooperating_agencies: list[str] = dc_field(default_factory=list)
    lead_agency: str | None = None
    applicant_types: list[str] = dc_field(default_factory=list)
    channels: list[str] = dc_field(default_factory=list)
    online_level: str = OnlineLevel.NONE.value
    time_limit: TimeLimit | None = None
    after_cutoff_next_day: bool = True
    steps: list[str] = dc_field(default_factory=list)
    conditions: str = ""
    result_name: str = ""
    result_paper: bool = True
    result_electronic: bool = False
    legal_basis: list[LegalBasisData] = dc_field(default_factory=list)
    forms: list[FormData] = dc_field(default_factory=list)
    cases: list[CaseData] = dc_field(default_factory=list)
    documents: list[DocumentData] = dc_field(default_factory=list)
    fees: list[FeeData] = dc_field(default_factory=list)
    eform: list[EFormFieldData] = dc_field(default_factory=list)
    process: list[StepData] = dc_field(default_factory=list)
    effective_from: dt.date | None = None
    decision: str | None = None  # number of the decision (in the same file) that published it

    def content_equals(self, other: ProcedureData) -> bool:
        """Same published content (ignores which decision and file sources)."""
        mine, theirs = self.as_dict(), other.as_dict()
        for d in (mine, theirs):
            d.pop("decision", None)
            d["cooperating_agencies"] = sorted(d["cooperating_agencies"])
        return mine == theirs

    def as_dict(self) -> dict[str, Any]:
        """The JSON form of the format, keys in the documented order."""
        tl = self.time_limit
        return {
            "national_code": self.national_code,
            "local_code": self.local_code,
            "name": self.name,
            "field": self.field,
            "level": self.level,
            "implementing_agency": self.implementing_agency,
            "deciding_agency": self.deciding_agency,
            "cooperating_agencies": list(self.cooperating_agencies),
            "lead_agency": self.lead_agency,
            "applicant_types": list(self.applicant_types),
            "channels": list(self.channels),
            "online_level": self.online_level,
            "time_limit": None if tl is None else {"value": tl.value, "unit": tl.unit},
            "after_cutoff_next_day": self.after_cutoff_next_day,
            "steps": list(self.steps),
            "conditions": self.conditions,
            "result": {
                "name": self.result_name,
                "paper": self.result_paper,
                "electronic": self.result_electronic,
            },
            "legal_basis": [
                {
                    "number": lb.number,
                    "date": lb.date.isoformat() if lb.date else None,
                    "title": lb.title,
                }
                for lb in self.legal_basis
            ],
            "forms": [{"name": f.name, "filename": f.filename} for f in self.forms],
            "cases": [
                {
                    "code": c.code,
                    "name": c.name,
                    "time_limit": None
                    if c.time_limit is None
                    else {"value": c.time_limit.value, "unit": c.time_limit.unit},
                }
                for c in self.cases
            ],
            "documents": [
                {
                    "name": d.name,
                    "originals": d.originals,
                    "copies": d.copies,
                    "mandatory": d.mandatory,
                    "reusable": d.reusable,
                    "case": d.case,
                    "form": d.form,
                }
                for d in self.documents
            ],
            "fees": [
                {
                    "name": f.name,
                    "amount": f.amount,
                    "basis": f.basis,
                    "case": f.case,
                    "exemptions": [
                        e.name
                        if not e.legal_ground
                        else {"name": e.name, "legal_ground": e.legal_ground}
                        for e in f.exemptions
                    ],
                }
                for f in self.fees
            ],
            "eform": [
                {
                    "name": e.name,
                    "label": e.label,
                    "type": e.type,
                    "required": e.required,
                    "choices": list(e.choices),
                    "pattern": e.pattern,
                }
                for e in self.eform
            ],
            "process": [
                {
                    "role": s.role,
                    "agency": s.agency,
                    "unit": s.unit,
                    "budget_hours": hours_json(s.budget_hours),
                    "description": s.description,
                    "case": s.case,
                }
                for s in self.process
            ],
            "effective_from": self.effective_from.isoformat() if self.effective_from else None,
            "decision": self.decision,
        }


def hours_json(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# --- Validation context ---------------------------------------------------------------


@dataclass
class Context:
    """What a procedure may refer to: known field codes and unit codes."""

    field_codes: set[str]
    unit_codes: set[str]
    decision_numbers: set[str] = dc_field(default_factory=set)


# --- Small checkers ---------------------------------------------------------------------

_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-_]{0,39}$")
_SLUG = re.compile(r"^[a-z][a-z0-9_]{0,79}$")
_FILENAME = re.compile(r"^[^/\\:*?\"<>|\x00-\x1f]{1,255}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Checker:
    def __init__(self, errors: list[ImportIssue]) -> None:
        self.errors = errors

    def add(self, path: str, message: str) -> None:
        path = path.lstrip(".")
        name = re.sub(r"\[\d+\]$", "", path.rsplit(".", 1)[-1])
        self.errors.append(ImportIssue(path=path, field=name, message=message))

    def keys(self, raw: Mapping[str, Any], path: str, allowed: Iterable[str]) -> None:
        allowed_set = set(allowed)
        for key in raw:
            if key not in allowed_set:
                self.add(f"{path}.{key}" if path else str(key), "Trường không có trong định dạng.")

    def text(
        self,
        raw: Mapping[str, Any],
        key: str,
        path: str,
        *,
        required: bool = False,
        max_length: int = 500,
        label: str = "",
    ) -> str:
        value = raw.get(key)
        where = f"{path}.{key}" if path else key
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.add(where, "Phải là chuỗi ký tự.")
            return ""
        value = clean(value) if "\n" not in value else value.strip()
        if required and not value:
            self.add(where, f"Thiếu {label or key}.")
        elif len(value) > max_length:
            self.add(where, f"Dài quá {max_length} ký tự.")
        return value

    def boolean(self, raw: Mapping[str, Any], key: str, path: str, *, default: bool) -> bool:
        value = raw.get(key, default)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.add(f"{path}.{key}", "Phải là true hoặc false.")
            return default
        return value

    def integer(
        self, raw: Mapping[str, Any], key: str, path: str, *, default: int | None = None
    ) -> int:
        value = raw.get(key, default)
        where = f"{path}.{key}"
        if value is None:
            self.add(where, "Thiếu giá trị (số nguyên).")
            return 0
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                self.add(where, "Phải là số nguyên.")
                return 0
        if value < 0:
            self.add(where, "Không được là số âm.")
            return 0
        return value

    def choice(
        self,
        raw: Mapping[str, Any],
        key: str,
        path: str,
        choices: list[str],
        *,
        default: str | None = None,
    ) -> str:
        value = raw.get(key, default)
        where = f"{path}.{key}"
        if value is None or value == "":
            self.add(where, f"Thiếu giá trị; chọn một trong: {', '.join(choices)}.")
            return choices[0]
        if value not in choices:
            self.add(
                where, f"Giá trị {value!r} không hợp lệ; chọn một trong: {', '.join(choices)}."
            )
            return choices[0]
        return str(value)

    def str_list(self, raw: Mapping[str, Any], key: str, path: str) -> list[str]:
        value = raw.get(key, [])
        where = f"{path}.{key}"
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(where, "Phải là một danh sách.")
            return []
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.add(f"{where}[{i}]", "Phải là chuỗi ký tự khác rỗng.")
            else:
                out.append(item.strip() if "\n" in item else clean(item))
        return out

    def choice_list(
        self, raw: Mapping[str, Any], key: str, path: str, choices: list[str]
    ) -> list[str]:
        values = self.str_list(raw, key, path)
        out = []
        for i, value in enumerate(values):
            if value not in choices:
                self.add(
                    f"{path}.{key}[{i}]",
                    f"Giá trị {value!r} không hợp lệ; chọn trong: {', '.join(choices)}.",
                )
            elif value in out:
                self.add(f"{path}.{key}[{i}]", f"Giá trị {value!r} bị lặp.")
            else:
                out.append(value)
        return out

    def date(
        self, raw: Mapping[str, Any], key: str, path: str, *, required: bool = False
    ) -> dt.date | None:
        value = raw.get(key)
        where = f"{path}.{key}" if path else key
        if value is None or value == "":
            if required:
                self.add(where, "Thiếu ngày (YYYY-MM-DD).")
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and _DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.add(where, "Không đúng định dạng ngày YYYY-MM-DD.")
        return None

    def unit_code(self, raw: Mapping[str, Any], key: str, path: str, ctx: Context) -> str | None:
        value = raw.get(key)
        if value is None or value == "":
            return None
        return self._unit(value, f"{path}.{key}", ctx)

    def _unit(self, value: Any, where: str, ctx: Context) -> str | None:
        if not isinstance(value, str):
            self.add(where, "Phải là mã đơn vị (chuỗi).")
            return None
        code = value.strip()
        if code not in ctx.unit_codes:
            self.add(where, f"Không có đơn vị (cơ quan) mã {code!r} trong hệ thống.")
            return None
        return code

    def time_limit(self, raw: Any, path: str, *, allow_null: bool) -> TimeLimit | None:
        if raw is None:
            if not allow_null:
                self.add(path, "Thiếu thời hạn giải quyết.")
            return None
        if not isinstance(raw, Mapping):
            self.add(path, 'Phải có dạng {"value": số, "unit": đơn vị}.')
            return None
        self.keys(raw, path, ("value", "unit"))
        unit = self.choice(raw, "unit", path, TimeUnit.values)
        value = self.integer(raw, "value", path, default=0 if unit == TimeUnit.SAME_DAY else None)
        if unit != TimeUnit.SAME_DAY and value == 0:
            self.add(f"{path}.value", "Thời hạn phải lớn hơn 0.")
        return TimeLimit(value=value, unit=unit)

    def items(
        self, raw: Mapping[str, Any], key: str, path: str
    ) -> list[tuple[str, Mapping[str, Any]]]:
        value = raw.get(key, [])
        where = f"{path}.{key}"
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(where, "Phải là một danh sách.")
            return []
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, Mapping):
                self.add(f"{where}[{i}]", "Phải là một đối tượng JSON.")
            else:
                out.append((f"{where}[{i}]", item))
        return out


PROCEDURE_KEYS = [
    "national_code",
    "local_code",
    "name",
    "field",
    "level",
    "implementing_agency",
    "deciding_agency",
    "cooperating_agencies",
    "lead_agency",
    "applicant_types",
    "channels",
    "online_level",
    "time_limit",
    "after_cutoff_next_day",
    "steps",
    "conditions",
    "result",
    "legal_basis",
    "forms",
    "cases",
    "documents",
    "fees",
    "eform",
    "process",
    "effective_from",
    "decision",
]


def parse_procedure(
    raw: Mapping[str, Any], path: str, ctx: Context
) -> tuple[ProcedureData, list[ImportIssue]]:
    """Check one procedure dict of the format; return the record and all errors found."""
    errors: list[ImportIssue] = []
    c = _Checker(errors)
    c.keys(raw, path, PROCEDURE_KEYS)

    national_code = c.text(
        raw, "national_code", path, required=True, max_length=40, label="mã thủ tục"
    )
    if national_code and not _CODE.match(national_code):
        c.add(
            f"{path}.national_code", f"Mã thủ tục {national_code!r} không hợp lệ (ví dụ 1.001193)."
        )
    name = c.text(raw, "name", path, required=True, label="tên thủ tục")
    field_code = c.text(raw, "field", path, required=True, max_length=30, label="mã lĩnh vực")
    if field_code and field_code not in ctx.field_codes:
        c.add(f"{path}.field", f"Không có lĩnh vực mã {field_code!r}.")
    level = c.choice(raw, "level", path, ProcedureLevel.values)

    cooperating: list[str] = []
    coop_raw = raw.get("cooperating_agencies", [])
    if coop_raw is not None and not isinstance(coop_raw, list):
        c.add(f"{path}.cooperating_agencies", "Phải là một danh sách mã đơn vị.")
    else:
        for i, code in enumerate(coop_raw or []):
            unit = c._unit(code, f"{path}.cooperating_agencies[{i}]", ctx)
            if unit and unit not in cooperating:
                cooperating.append(unit)

    channels = c.choice_list(raw, "channels", path, Channel.values)
    online_level = c.choice(raw, "online_level", path, OnlineLevel.values, default="none")
    if online_level != OnlineLevel.NONE and Channel.ONLINE not in channels:
        c.add(
            f"{path}.online_level",
            "Thủ tục có mức trực tuyến thì cách thức thực hiện phải có 'online'.",
        )

    result_raw = raw.get("result") or {}
    result_name, result_paper, result_electronic = "", True, False
    if not isinstance(result_raw, Mapping):
        c.add(f"{path}.result", 'Phải có dạng {"name", "paper", "electronic"}.')
    else:
        c.keys(result_raw, f"{path}.result", ("name", "paper", "electronic"))
        result_name = c.text(result_raw, "name", f"{path}.result")
        result_paper = c.boolean(result_raw, "paper", f"{path}.result", default=True)
        result_electronic = c.boolean(result_raw, "electronic", f"{path}.result", default=False)

    legal_basis = []
    for where, item in c.items(raw, "legal_basis", path):
        c.keys(item, where, ("number", "date", "title"))
        legal_basis.append(
            LegalBasisData(
                number=c.text(item, "number", where, required=True, label="số hiệu văn bản"),
                date=c.date(item, "date", where),
                title=c.text(item, "title", where, max_length=1000),
            )
        )

    forms: list[FormData] = []
    for where, item in c.items(raw, "forms", path):
        c.keys(item, where, ("name", "filename"))
        filename = c.text(item, "filename", where, required=True, max_length=255, label="tên tệp")
        if filename and not _FILENAME.match(filename):
            c.add(f"{where}.filename", 'Tên tệp không được chứa / \\ : * ? " < > |.')
        if filename and any(f.filename == filename for f in forms):
            c.add(f"{where}.filename", f"Tên tệp {filename!r} bị lặp.")
        forms.append(
            FormData(
                name=c.text(item, "name", where, required=True, label="tên mẫu"), filename=filename
            )
        )
    form_names = {f.filename for f in forms}

    time_limit = c.time_limit(raw.get("time_limit"), f"{path}.time_limit", allow_null=True)

    cases: list[CaseData] = []
    for where, item in c.items(raw, "cases", path):
        c.keys(item, where, ("code", "name", "time_limit"))
        code = c.text(item, "code", where, required=True, max_length=30, label="mã trường hợp")
        if code and any(x.code == code for x in cases):
            c.add(f"{where}.code", f"Mã trường hợp {code!r} bị lặp.")
        cases.append(
            CaseData(
                code=code,
                name=c.text(item, "name", where, required=True, label="tên trường hợp"),
                time_limit=c.time_limit(
                    item.get("time_limit"), f"{where}.time_limit", allow_null=True
                ),
            )
        )
    case_codes = {x.code for x in cases}

    def case_ref(item: Mapping[str, Any], where: str) -> str | None:
        value = item.get("case")
        if value is None or value == "":
            return None
        if not isinstance(value, str) or value not in case_codes:
            c.add(f"{where}.case", f"Không có trường hợp mã {value!r} trong thủ tục này.")
            return None
        return value

    documents = []
    for where, item in c.items(raw, "documents", path):
        c.keys(
            item, where, ("name", "originals", "copies", "mandatory", "reusable", "case", "form")
        )
        form = item.get("form")
        if form in (None, ""):
            form = None
        elif form not in form_names:
            c.add(f"{where}.form", f"Không có mẫu với tên tệp {form!r} trong forms của thủ tục.")
            form = None
        documents.append(
            DocumentData(
                name=c.text(
                    item, "name", where, required=True, max_length=1000, label="tên giấy tờ"
                ),
                originals=c.integer(item, "originals", where, default=1),
                copies=c.integer(item, "copies", where, default=0),
                mandatory=c.boolean(item, "mandatory", where, default=True),
                reusable=c.boolean(item, "reusable", where, default=False),
                case=case_ref(item, where),
                form=form,
            )
        )

    fees = []
    for where, item in c.items(raw, "fees", path):
        c.keys(item, where, ("name", "amount", "basis", "case", "exemptions"))
        exemptions = []
        ex_raw = item.get("exemptions", [])
        if ex_raw is not None and not isinstance(ex_raw, list):
            c.add(f"{where}.exemptions", "Phải là một danh sách.")
            ex_raw = []
        for j, ex in enumerate(ex_raw or []):
            ex_where = f"{where}.exemptions[{j}]"
            if isinstance(ex, str) and ex.strip():
                exemptions.append(ExemptionData(name=clean(ex)))
            elif isinstance(ex, Mapping):
                c.keys(ex, ex_where, ("name", "legal_ground"))
                exemptions.append(
                    ExemptionData(
                        name=c.text(
                            ex,
                            "name",
                            ex_where,
                            required=True,
                            max_length=1000,
                            label="đối tượng miễn",
                        ),
                        legal_ground=c.text(ex, "legal_ground", ex_where),
                    )
                )
            else:
                c.add(ex_where, 'Phải là chuỗi hoặc {"name", "legal_ground"}.')
        fees.append(
            FeeData(
                name=c.text(item, "name", where, required=True, label="tên phí, lệ phí"),
                amount=c.integer(item, "amount", where),
                basis=c.choice(item, "basis", where, FeeBasis.values, default="per_dossier"),
                case=case_ref(item, where),
                exemptions=exemptions,
            )
        )

    eform: list[EFormFieldData] = []
    for where, item in c.items(raw, "eform", path):
        c.keys(item, where, ("name", "label", "type", "required", "choices", "pattern"))
        name_ = c.text(item, "name", where, required=True, max_length=80, label="tên trường")
        if name_ and not _SLUG.match(name_):
            c.add(
                f"{where}.name",
                "Tên trường chỉ gồm chữ thường không dấu, số và _, bắt đầu bằng chữ.",
            )
        if name_ and any(e.name == name_ for e in eform):
            c.add(f"{where}.name", f"Tên trường {name_!r} bị lặp.")
        ftype = c.choice(item, "type", where, EFormFieldType.values, default="text")
        choices = c.str_list(item, "choices", where)
        if ftype == EFormFieldType.SELECT and not choices:
            c.add(f"{where}.choices", "Trường kiểu select phải có danh sách lựa chọn.")
        pattern = c.text(item, "pattern", where, max_length=300)
        if pattern:
            try:
                re.compile(pattern)
            except re.error:
                c.add(f"{where}.pattern", "Biểu thức kiểm tra (regex) không hợp lệ.")
        eform.append(
            EFormFieldData(
                name=name_,
                label=c.text(item, "label", where, required=True, label="nhãn"),
                type=ftype,
                required=c.boolean(item, "required", where, default=False),
                choices=choices,
                pattern=pattern,
            )
        )

    process = []
    for where, item in c.items(raw, "process", path):
        c.keys(item, where, ("role", "agency", "unit", "budget_hours", "description", "case"))
        hours = item.get("budget_hours")
        budget = Decimal(0)
        if isinstance(hours, bool) or not isinstance(hours, int | float | str | Decimal):
            c.add(f"{where}.budget_hours", "Phải là số giờ làm việc.")
        else:
            try:
                budget = Decimal(str(hours))
            except InvalidOperation:
                c.add(f"{where}.budget_hours", "Phải là số giờ làm việc.")
            else:
                if not budget.is_finite() or budget < 0:
                    c.add(f"{where}.budget_hours", "Số giờ không được âm.")
                    budget = Decimal(0)
                elif budget != budget.quantize(Decimal("0.01")) or budget >= 100000:
                    c.add(
                        f"{where}.budget_hours", "Số giờ tối đa 2 chữ số thập phân, nhỏ hơn 100000."
                    )
                    budget = Decimal(0)
        process.append(
            StepData(
                role=c.choice(item, "role", where, StepRole.values),
                budget_hours=budget,
                agency=c.unit_code(item, "agency", where, ctx),
                unit=c.unit_code(item, "unit", where, ctx),
                description=c.text(item, "description", where, max_length=1000),
                case=case_ref(item, where),
            )
        )

    decision = raw.get("decision")
    if decision in (None, ""):
        decision = None
    elif not isinstance(decision, str) or decision not in ctx.decision_numbers:
        c.add(f"{path}.decision", f"Không có quyết định số {decision!r} trong tệp.")
        decision = None

    data = ProcedureData(
        national_code=national_code,
        local_code=c.text(raw, "local_code", path, max_length=80),
        name=name,
        field=field_code,
        level=level,
        implementing_agency=c.unit_code(raw, "implementing_agency", path, ctx),
        deciding_agency=c.unit_code(raw, "deciding_agency", path, ctx),
        cooperating_agencies=cooperating,
        lead_agency=c.unit_code(raw, "lead_agency", path, ctx),
        applicant_types=c.choice_list(raw, "applicant_types", path, ApplicantType.values),
        channels=channels,
        online_level=online_level,
        time_limit=time_limit,
        after_cutoff_next_day=c.boolean(raw, "after_cutoff_next_day", path, default=True),
        steps=c.str_list(raw, "steps", path),
        conditions=c.text(raw, "conditions", path, max_length=20000),
        result_name=result_name,
        result_paper=result_paper,
        result_electronic=result_electronic,
        legal_basis=legal_basis,
        forms=forms,
        cases=cases,
        documents=documents,
        fees=fees,
        eform=eform,
        process=process,
        effective_from=c.date(raw, "effective_from", path),
        decision=decision,
    )
    if not errors:
        for message in process_problems(data):
            c.add(f"{path}.process", message)
    return data, errors


def process_problems(data: ProcedureData) -> list[str]:
    """Processes (general and per case) whose budgets exceed the statutory time limit."""

    def check(steps: list[StepData], tl: TimeLimit | None, label: str) -> str | None:
        if not steps:
            return None
        return process_budget_problem(
            time_limit_value=tl.value if tl else 0,
            time_limit_unit=tl.unit if tl else "",
            budgets=[s.budget_hours for s in steps],
            label=label,
        )

    problems = []
    general = [s for s in data.process if s.case is None]
    problem = check(general, data.time_limit, "")
    if problem:
        problems.append(problem)
    for case in data.cases:
        own = [s for s in data.process if s.case == case.code]
        if not own and case.time_limit is None:
            continue
        problem = check(
            own or general, case.time_limit or data.time_limit, f"trường hợp {case.code}"
        )
        if problem:
            problems.append(problem)
    return problems


# --- Fields and decisions --------------------------------------------------------------


@dataclass
class FieldData:
    code: str
    name: str


@dataclass
class DecisionItemData:
    procedure: str
    action: str


@dataclass
class DecisionData:
    number: str
    date: dt.date | None
    issuer: str
    effective_date: dt.date | None
    items: list[DecisionItemData] = dc_field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "date": self.date.isoformat() if self.date else None,
            "issuer": self.issuer,
            "effective_date": self.effective_date.isoformat() if self.effective_date else None,
            "items": [{"procedure": i.procedure, "action": i.action} for i in self.items],
        }


def parse_field(raw: Mapping[str, Any], path: str) -> tuple[FieldData, list[ImportIssue]]:
    errors: list[ImportIssue] = []
    c = _Checker(errors)
    c.keys(raw, path, ("code", "name"))
    code = c.text(raw, "code", path, required=True, max_length=30, label="mã lĩnh vực")
    if code and not _CODE.match(code):
        c.add(f"{path}.code", f"Mã lĩnh vực {code!r} không hợp lệ.")
    return FieldData(
        code=code,
        name=c.text(raw, "name", path, required=True, max_length=255, label="tên lĩnh vực"),
    ), errors


def parse_decision(raw: Mapping[str, Any], path: str) -> tuple[DecisionData, list[ImportIssue]]:
    errors: list[ImportIssue] = []
    c = _Checker(errors)
    c.keys(raw, path, ("number", "date", "issuer", "effective_date", "items"))
    items = []
    for where, item in c.items(raw, "items", path):
        c.keys(item, where, ("procedure", "action"))
        items.append(
            DecisionItemData(
                procedure=c.text(
                    item, "procedure", where, required=True, max_length=40, label="mã thủ tục"
                ),
                action=c.choice(item, "action", where, DecisionAction.values),
            )
        )
    data = DecisionData(
        number=c.text(raw, "number", path, required=True, max_length=100, label="số quyết định"),
        date=c.date(raw, "date", path, required=True),
        issuer=c.text(raw, "issuer", path, required=True, max_length=255, label="cơ quan ban hành"),
        effective_date=c.date(raw, "effective_date", path, required=True),
        items=items,
    )
    if data.date and data.effective_date and data.effective_date < data.date:
        c.add(f"{path}.effective_date", "Ngày có hiệu lực không được trước ngày ban hành.")
    return data, errors


# --- From the database ------------------------------------------------------------------


def version_to_data(version: ProcedureVersion) -> ProcedureData:
    """The record of a stored version (the inverse of building one)."""
    cases = list(version.cases.all())
    case_code = {c.pk: c.code for c in cases}
    forms = list(version.forms.all())
    form_file = {f.pk: f.filename for f in forms}
    steps = sorted(
        version.process_steps.all(), key=lambda s: (s.case_id is not None, s.case_id or 0, s.order)
    )
    return ProcedureData(
        national_code=version.procedure.national_code,
        local_code=version.local_code,
        name=version.name,
        field=version.field.code,
        level=version.level,
        implementing_agency=version.implementing_agency.code
        if version.implementing_agency
        else None,
        deciding_agency=version.deciding_agency.code if version.deciding_agency else None,
        cooperating_agencies=sorted(u.code for u in version.cooperating_agencies.all()),
        lead_agency=version.lead_agency.code if version.lead_agency else None,
        applicant_types=list(version.applicant_types),
        channels=list(version.channels),
        online_level=version.online_level,
        time_limit=TimeLimit(version.time_limit_value, version.time_limit_unit)
        if version.time_limit_unit
        else None,
        after_cutoff_next_day=version.after_cutoff_next_day,
        steps=list(version.steps),
        conditions=version.conditions,
        result_name=version.result_name,
        result_paper=version.result_paper,
        result_electronic=version.result_electronic,
        legal_basis=[
            LegalBasisData(
                number=lb.get("number", ""),
                date=dt.date.fromisoformat(lb["date"]) if lb.get("date") else None,
                title=lb.get("title", ""),
            )
            for lb in version.legal_basis
        ],
        forms=[
            FormData(name=f.name, filename=f.filename, stored_name=f.file.name or "") for f in forms
        ],
        cases=[
            CaseData(
                code=c.code,
                name=c.name,
                time_limit=TimeLimit(c.time_limit_value, c.time_limit_unit)
                if c.time_limit_unit
                else None,
            )
            for c in cases
        ],
        documents=[
            DocumentData(
                name=d.name,
                originals=d.originals,
                copies=d.copies,
                mandatory=d.mandatory,
                reusable=d.reusable,
                case=case_code.get(d.case_id) if d.case_id else None,
                form=form_file.get(d.form_id) if d.form_id else None,
            )
            for d in version.documents.all()
        ],
        fees=[
            FeeData(
                name=f.name,
                amount=f.amount,
                basis=f.basis,
                case=case_code.get(f.case_id) if f.case_id else None,
                exemptions=[ExemptionData(e.name, e.legal_ground) for e in f.exemptions.all()],
            )
            for f in version.fees.all()
        ],
        eform=[
            EFormFieldData(
                name=e.name,
                label=e.label,
                type=e.type,
                required=e.required,
                choices=list(e.choices),
                pattern=e.pattern,
            )
            for e in version.eform_fields.all()
        ],
        process=[
            StepData(
                role=s.role,
                budget_hours=s.budget_hours,
                agency=s.agency.code if s.agency else None,
                unit=s.unit.code if s.unit else None,
                description=s.description,
                case=case_code.get(s.case_id) if s.case_id else None,
            )
            for s in steps
        ],
        effective_from=version.effective_from,
        decision=version.decision.number if version.decision else None,
    )
