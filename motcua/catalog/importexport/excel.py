"""The Excel template of the catalogue: written with XlsxWriter, read with openpyxl.

One sheet per kind of item, one row per item, keyed by `national_code` (and `effective_from`
when a procedure has several versions in the file). Reading turns the workbook into the JSON
shape of "motcua.catalog/1" and remembers which sheet and row each item came from, so that the
JSON checks report "Trang Fees, dòng 5, cột amount: …". See docs/catalog-format.md.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from typing import Any

from motcua.catalog.importexport.records import FORMAT, ImportIssue, hours_json

# Sheet → columns, in order. The first columns of child sheets locate their procedure.
SHEETS: dict[str, list[str]] = {
    "Fields": ["code", "name"],
    "Decisions": ["number", "date", "issuer", "effective_date", "procedure", "action"],
    "Procedures": [
        "national_code",
        "effective_from",
        "decision",
        "local_code",
        "name",
        "field",
        "level",
        "implementing_agency",
        "deciding_agency",
        "lead_agency",
        "cooperating_agencies",
        "applicant_types",
        "channels",
        "online_level",
        "time_limit_value",
        "time_limit_unit",
        "after_cutoff_next_day",
        "steps",
        "conditions",
        "result_name",
        "result_paper",
        "result_electronic",
    ],
    "LegalBasis": ["national_code", "effective_from", "number", "date", "title"],
    "Forms": ["national_code", "effective_from", "name", "filename"],
    "Cases": [
        "national_code",
        "effective_from",
        "code",
        "name",
        "time_limit_value",
        "time_limit_unit",
    ],
    "Documents": [
        "national_code",
        "effective_from",
        "name",
        "originals",
        "copies",
        "mandatory",
        "reusable",
        "case",
        "form",
    ],
    "Fees": ["national_code", "effective_from", "name", "amount", "basis", "case", "exemptions"],
    "EForm": [
        "national_code",
        "effective_from",
        "name",
        "label",
        "type",
        "required",
        "choices",
        "pattern",
    ],
    "Process": [
        "national_code",
        "effective_from",
        "role",
        "agency",
        "unit",
        "budget_hours",
        "description",
        "case",
    ],
}
# Child sheet → key of the list in the procedure's JSON.
CHILDREN = {
    "LegalBasis": "legal_basis",
    "Forms": "forms",
    "Cases": "cases",
    "Documents": "documents",
    "Fees": "fees",
    "EForm": "eform",
    "Process": "process",
}
HELP_SHEET = "HuongDan"
HELP_LINES = [
    "Mẫu nhập danh mục thủ tục hành chính — định dạng " + FORMAT,
    "Mỗi trang một loại dữ liệu, mỗi dòng một mục; dòng 1 là tên cột, không đổi tên cột.",
    "Các trang con (LegalBasis, Forms, Cases, Documents, Fees, EForm, Process) gắn với thủ tục "
    "qua national_code; ghi thêm effective_from (YYYY-MM-DD) khi tệp có nhiều phiên bản của "
    "cùng thủ tục.",
    "Ngày ghi theo dạng YYYY-MM-DD. Có/không: TRUE/FALSE, có/không, x/để trống.",
    "Danh sách (cooperating_agencies, applicant_types, channels): các mã cách nhau bởi dấu phẩy "
    "hoặc xuống dòng. steps, choices: mỗi dòng một mục. exemptions: mỗi dòng một đối tượng, "
    "căn cứ sau dấu |.",
    "Tệp được kiểm tra toàn bộ trước khi nhập; nếu có một lỗi thì không nhập gì.",
    "Chi tiết: docs/catalog-format.md.",
]

_TRUE = {"true", "có", "co", "x", "1", "yes", "c"}
_FALSE = {"false", "không", "khong", "0", "no", "k"}


# --- Writing ------------------------------------------------------------------------------


def write_xlsx(catalog: Any) -> bytes:
    """The catalogue as an Excel workbook (an empty catalogue gives the blank template)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    help_sheet = book.add_worksheet(HELP_SHEET)
    help_sheet.set_column(0, 0, 120)
    for i, line in enumerate(HELP_LINES):
        help_sheet.write_string(i, 0, line)

    rows = _rows(catalog)
    for name, columns in SHEETS.items():
        sheet = book.add_worksheet(name)
        for c, col in enumerate(columns):
            sheet.write_string(0, c, col, header)
            sheet.set_column(
                c,
                c,
                40
                if col
                in ("name", "steps", "conditions", "title", "description", "exemptions", "label")
                else 16,
            )
        sheet.freeze_panes(1, 0)
        for r, row in enumerate(rows[name], start=1):
            for c, col in enumerate(columns):
                value = row.get(col)
                if value is None or value == "":
                    continue
                if isinstance(value, bool):
                    sheet.write_boolean(r, c, value)
                elif isinstance(value, int | float):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, str(value), wrap)
    book.close()
    return buffer.getvalue()


def _rows(catalog: Any) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in SHEETS}
    rows["Fields"] = [{"code": f.code, "name": f.name} for f in catalog.fields]
    for d in catalog.decisions:
        head = {
            "number": d.number,
            "date": d.date.isoformat() if d.date else "",
            "issuer": d.issuer,
            "effective_date": d.effective_date.isoformat() if d.effective_date else "",
        }
        if not d.items:
            rows["Decisions"].append(head)
        for item in d.items:
            rows["Decisions"].append(head | {"procedure": item.procedure, "action": item.action})
    for p in catalog.procedures:
        j = p.as_dict()
        key = {"national_code": p.national_code, "effective_from": j["effective_from"] or ""}
        tl = j["time_limit"] or {}
        rows["Procedures"].append(
            key
            | {
                "decision": j["decision"] or "",
                "local_code": j["local_code"],
                "name": j["name"],
                "field": j["field"],
                "level": j["level"],
                "implementing_agency": j["implementing_agency"] or "",
                "deciding_agency": j["deciding_agency"] or "",
                "lead_agency": j["lead_agency"] or "",
                "cooperating_agencies": ", ".join(j["cooperating_agencies"]),
                "applicant_types": ", ".join(j["applicant_types"]),
                "channels": ", ".join(j["channels"]),
                "online_level": j["online_level"],
                "time_limit_value": tl.get("value", ""),
                "time_limit_unit": tl.get("unit", ""),
                "after_cutoff_next_day": j["after_cutoff_next_day"],
                "steps": "\n".join(j["steps"]),
                "conditions": j["conditions"],
                "result_name": j["result"]["name"],
                "result_paper": j["result"]["paper"],
                "result_electronic": j["result"]["electronic"],
            }
        )
        for lb in j["legal_basis"]:
            rows["LegalBasis"].append(
                key | {"number": lb["number"], "date": lb["date"] or "", "title": lb["title"]}
            )
        for f in j["forms"]:
            rows["Forms"].append(key | f)
        for c in j["cases"]:
            ctl = c["time_limit"] or {}
            rows["Cases"].append(
                key
                | {
                    "code": c["code"],
                    "name": c["name"],
                    "time_limit_value": ctl.get("value", ""),
                    "time_limit_unit": ctl.get("unit", ""),
                }
            )
        for d in j["documents"]:
            rows["Documents"].append(key | {k: ("" if v is None else v) for k, v in d.items()})
        for f in j["fees"]:
            rows["Fees"].append(
                key
                | {
                    "name": f["name"],
                    "amount": f["amount"],
                    "basis": f["basis"],
                    "case": f["case"] or "",
                    "exemptions": "\n".join(
                        e if isinstance(e, str) else f"{e['name']} | {e['legal_ground']}"
                        for e in f["exemptions"]
                    ),
                }
            )
        for e in j["eform"]:
            rows["EForm"].append(key | e | {"choices": "\n".join(e["choices"])})
        for s in p.process:
            rows["Process"].append(
                key
                | {
                    "role": s.role,
                    "agency": s.agency or "",
                    "unit": s.unit or "",
                    "budget_hours": hours_json(s.budget_hours),
                    "description": s.description,
                    "case": s.case or "",
                }
            )
    return rows


# --- Reading ------------------------------------------------------------------------------

Origin = tuple[str, int]  # sheet, Excel row number


def read_xlsx(
    content: bytes,
) -> tuple[dict[str, Any], Callable[[ImportIssue], ImportIssue], list[ImportIssue]]:
    """The workbook as a JSON-shaped catalogue, a function placing JSON-path issues on their
    sheet and row, and the issues found while reading (bad sheets, columns, keys)."""
    from openpyxl import load_workbook

    issues: list[ImportIssue] = []
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        return {}, lambda i: i, [ImportIssue("", "file", f"Không đọc được tệp Excel: {exc}.")]

    tables: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for name, columns in SHEETS.items():
        if name not in book.sheetnames:
            if name == "Procedures":
                issues.append(ImportIssue("", "", "Thiếu trang Procedures.", sheet=name))
            tables[name] = []
            continue
        sheet = book[name]
        rows = sheet.iter_rows(values_only=True)
        head = next(rows, None) or ()
        names = [str(h).strip() if h is not None else "" for h in head]
        for col in names:
            if col and col not in columns:
                issues.append(ImportIssue("", col, "Cột không có trong mẫu.", sheet=name, row=1))
        missing = [c for c in columns[:1] if c not in names]
        for col in missing:
            issues.append(ImportIssue("", col, "Thiếu cột bắt buộc.", sheet=name, row=1))
        out = []
        for number, values in enumerate(rows, start=2):
            record = {
                col: _cell(v) for col, v in zip(names, values, strict=False) if col in columns
            }
            if all(v in (None, "") for v in record.values()):
                continue
            out.append((number, record))
        tables[name] = out
    book.close()
    if issues:
        return {}, lambda i: i, issues

    origins: dict[str, Origin] = {}
    raw: dict[str, Any] = {"format": FORMAT, "fields": [], "decisions": [], "procedures": []}

    for number, r in tables["Fields"]:
        origins[f"fields[{len(raw['fields'])}]"] = ("Fields", number)
        raw["fields"].append({"code": _s(r.get("code")), "name": _s(r.get("name"))})

    decisions: dict[str, dict[str, Any]] = {}
    for number, r in tables["Decisions"]:
        key = _s(r.get("number"))
        if key not in decisions:
            origins[f"decisions[{len(raw['decisions'])}]"] = ("Decisions", number)
            decisions[key] = {
                "number": key,
                "date": _date(r.get("date")),
                "issuer": _s(r.get("issuer")),
                "effective_date": _date(r.get("effective_date")),
                "items": [],
            }
            raw["decisions"].append(decisions[key])
        d = decisions[key]
        for col in ("date", "issuer", "effective_date"):
            value = _date(r.get(col)) if col != "issuer" else _s(r.get(col))
            if value not in (None, "") and value != d[col]:
                issues.append(
                    ImportIssue(
                        "",
                        col,
                        f"Khác với dòng đầu của quyết định {key}.",
                        sheet="Decisions",
                        row=number,
                    )
                )
        if r.get("procedure") not in (None, "") or r.get("action") not in (None, ""):
            index = raw["decisions"].index(d)
            origins[f"decisions[{index}].items[{len(d['items'])}]"] = ("Decisions", number)
            d["items"].append({"procedure": _s(r.get("procedure")), "action": _s(r.get("action"))})

    keyed: dict[tuple[str, str], dict[str, Any]] = {}
    by_code: dict[str, list[dict[str, Any]]] = {}
    for number, r in tables["Procedures"]:
        index = len(raw["procedures"])
        path = f"procedures[{index}]"
        origins[path] = ("Procedures", number)
        p: dict[str, Any] = {
            "national_code": _s(r.get("national_code")),
            "local_code": _s(r.get("local_code")),
            "name": _s(r.get("name")),
            "field": _s(r.get("field")),
            "level": _s(r.get("level")),
            "implementing_agency": _s(r.get("implementing_agency")) or None,
            "deciding_agency": _s(r.get("deciding_agency")) or None,
            "cooperating_agencies": _codes(r.get("cooperating_agencies")),
            "lead_agency": _s(r.get("lead_agency")) or None,
            "applicant_types": _codes(r.get("applicant_types")),
            "channels": _codes(r.get("channels")),
            "online_level": _s(r.get("online_level")) or "none",
            "time_limit": _time_limit(r),
            "after_cutoff_next_day": _bool(r.get("after_cutoff_next_day"), True),
            "steps": _lines(r.get("steps")),
            "conditions": _s(r.get("conditions")),
            "result": {
                "name": _s(r.get("result_name")),
                "paper": _bool(r.get("result_paper"), True),
                "electronic": _bool(r.get("result_electronic"), False),
            },
            "effective_from": _date(r.get("effective_from")),
            "decision": _s(r.get("decision")) or None,
        }
        for key_name in CHILDREN.values():
            p[key_name] = []
        raw["procedures"].append(p)
        pkey = (p["national_code"], p["effective_from"] or "")
        if pkey in keyed:
            issues.append(
                ImportIssue(
                    "",
                    "national_code",
                    "Thủ tục và ngày hiệu lực bị lặp.",
                    sheet="Procedures",
                    row=number,
                )
            )
        keyed[pkey] = p
        by_code.setdefault(p["national_code"], []).append(p)

    for sheet_name, list_key in CHILDREN.items():
        for number, r in tables[sheet_name]:
            code = _s(r.get("national_code"))
            start = _date(r.get("effective_from"))
            target = None
            if start:
                target = keyed.get((code, start))
            elif len(by_code.get(code, [])) == 1:
                target = by_code[code][0]
            if target is None:
                message = (
                    f"Không có thủ tục {code} (hiệu lực từ {start}) trong trang Procedures."
                    if start
                    else f"Không có thủ tục {code} trong trang Procedures, hoặc có nhiều phiên "
                    "bản: ghi thêm effective_from."
                )
                issues.append(
                    ImportIssue("", "national_code", message, sheet=sheet_name, row=number)
                )
                continue
            index = raw["procedures"].index(target)
            items = target[list_key]
            item_path = f"procedures[{index}].{list_key}[{len(items)}]"
            origins[item_path] = (sheet_name, number)
            if list_key == "process" and not items:
                origins[f"procedures[{index}].process"] = (sheet_name, number)
            items.append(_child(sheet_name, r))

    def locate(issue: ImportIssue) -> ImportIssue:
        path = issue.path
        probe = path
        while probe:
            if probe in origins:
                sheet, row = origins[probe]
                rest = path[len(probe) :].lstrip(".")
                return ImportIssue(
                    path=path,
                    field=_column(rest) or issue.field,
                    message=issue.message,
                    sheet=sheet,
                    row=row,
                )
            probe = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", probe)
        return issue

    return raw, locate, issues


def _column(rest: str) -> str:
    """The sheet column of the remainder of a JSON path (``time_limit.value`` → ``time_limit_value``)."""
    if not rest:
        return ""
    parts = re.split(r"[.\[]", rest)
    head = parts[0]
    if head in ("time_limit", "result") and len(parts) > 1 and not parts[1].endswith("]"):
        return f"{head}_{parts[1]}"
    return head


def _child(sheet: str, r: dict[str, Any]) -> dict[str, Any]:
    if sheet == "LegalBasis":
        return {
            "number": _s(r.get("number")),
            "date": _date(r.get("date")),
            "title": _s(r.get("title")),
        }
    if sheet == "Forms":
        return {"name": _s(r.get("name")), "filename": _s(r.get("filename"))}
    if sheet == "Cases":
        return {"code": _s(r.get("code")), "name": _s(r.get("name")), "time_limit": _time_limit(r)}
    if sheet == "Documents":
        return {
            "name": _s(r.get("name")),
            "originals": _num(r.get("originals"), 1),
            "copies": _num(r.get("copies"), 0),
            "mandatory": _bool(r.get("mandatory"), True),
            "reusable": _bool(r.get("reusable"), False),
            "case": _s(r.get("case")) or None,
            "form": _s(r.get("form")) or None,
        }
    if sheet == "Fees":
        exemptions: list[Any] = []
        for line in _lines(r.get("exemptions")):
            name, _, ground = line.partition("|")
            exemptions.append(
                {"name": name.strip(), "legal_ground": ground.strip()}
                if ground.strip()
                else name.strip()
            )
        return {
            "name": _s(r.get("name")),
            "amount": _num(r.get("amount"), None),
            "basis": _s(r.get("basis")) or "per_dossier",
            "case": _s(r.get("case")) or None,
            "exemptions": exemptions,
        }
    if sheet == "EForm":
        return {
            "name": _s(r.get("name")),
            "label": _s(r.get("label")),
            "type": _s(r.get("type")) or "text",
            "required": _bool(r.get("required"), False),
            "choices": _lines(r.get("choices")),
            "pattern": _s(r.get("pattern")),
        }
    return {
        "role": _s(r.get("role")),
        "agency": _s(r.get("agency")) or None,
        "unit": _s(r.get("unit")) or None,
        "budget_hours": _num(r.get("budget_hours"), None),
        "description": _s(r.get("description")),
        "case": _s(r.get("case")) or None,
    }


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
    return value


def _s(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


def _num(value: Any, default: Any) -> Any:
    """Numbers pass through; numeric text is converted; anything else is left for the checks."""
    if value is None or value == "":
        return default
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+[.,]\d+", value):
        return float(value.replace(",", "."))
    return value


def _bool(value: Any, default: bool) -> Any:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return value  # the JSON checks report it


def _date(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if m:
        return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    return text


def _codes(value: Any) -> list[str]:
    return [c.strip() for c in re.split(r"[,;\n]", _s(value)) if c.strip()]


def _lines(value: Any) -> list[str]:
    return [line.strip() for line in _s(value).splitlines() if line.strip()]


def _time_limit(r: dict[str, Any]) -> dict[str, Any] | None:
    value, unit = r.get("time_limit_value"), _s(r.get("time_limit_unit"))
    if (value is None or value == "") and not unit:
        return None
    out: dict[str, Any] = {"unit": unit}
    if value not in (None, ""):
        out["value"] = _num(value, None)
    return out
