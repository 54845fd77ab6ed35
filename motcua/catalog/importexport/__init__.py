"""Import and export of the catalogue: JSON "motcua.catalog/1" and the Excel template.

The format is documented in docs/catalog-format.md. Reading a file never writes:

    loaded = load_file(content=..., filename="catalog.xlsx")   # parse, check shapes and codes
    plan = plan_import(loaded.catalog, replace=False)          # compare with the database
    if loaded.issues or plan.issues: ...                        # every error, nothing imported
    summary = services.catalog_import(plan=plan, by=user, at=now)   # one transaction

`import_file(...)` does the three steps and raises `CatalogImportInvalid` (an InvalidInput
carrying every issue). Errors name the JSON path (``procedures[3].fees[0].amount``) or, for
Excel, the sheet, row and column, with a Vietnamese message.

Background imports (for large files and the staff page): `services.import_job_start(file=...,
by=user, at=now)` stores the file and creates an `ImportJob` (status pending → running →
succeeded | failed, progress `done`/`total`, `percent`, `errors` as a list of
{"path", "sheet", "row", "field", "message"}, `summary` counts); the task
`tasks.catalog_import_run` runs it. Progress covers checking (first half) and applying
(second half); applying is one transaction, so on most databases its half becomes visible
at the end.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.db.models import Prefetch

from motcua.accounts.models import User
from motcua.catalog.importexport.records import (
    FORMAT,
    Context,
    DecisionData,
    FieldData,
    ImportIssue,
    ProcedureData,
    parse_decision,
    parse_field,
    parse_procedure,
    version_to_data,
)
from motcua.catalog.models import (
    DecisionAction,
    DecisionItem,
    Field,
    Procedure,
    ProcedureForm,
    ProcedureVersion,
    PublicationDecision,
)
from motcua.catalog.selectors import with_all_parts
from motcua.core.errors import InvalidInput
from motcua.organization.models import Unit

DEMO_FORMS_DIR = Path(__file__).resolve().parent.parent / "demo_forms"


class CatalogImportInvalid(InvalidInput):
    """The file has errors; nothing was imported. `issues` lists every one."""

    def __init__(self, issues: list[ImportIssue]) -> None:
        first = str(issues[0]) if issues else "Tệp không hợp lệ."
        more = f" (và {len(issues) - 1} lỗi khác)" if len(issues) > 1 else ""
        super().__init__(
            f"Tệp có {len(issues)} lỗi, chưa nhập gì. {first}{more}",
            field=issues[0].path if issues else "file",
            errors=[{"field": i.path or i.field, "message": str(i)} for i in issues],
        )
        self.issues = issues


@dataclass
class Catalog:
    """A parsed catalogue file."""

    fields: list[FieldData] = field(default_factory=list)
    decisions: list[DecisionData] = field(default_factory=list)
    procedures: list[ProcedureData] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # JSON path of each procedure
    locate: Callable[[ImportIssue], ImportIssue] = field(default=lambda i: i, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "fields": [{"code": f.code, "name": f.name} for f in self.fields],
            "decisions": [d.as_dict() for d in self.decisions],
            "procedures": [p.as_dict() for p in self.procedures],
        }


@dataclass
class Loaded:
    catalog: Catalog
    issues: list[ImportIssue]


# --- Reading ------------------------------------------------------------------------------


def parse_catalog(raw: Any, *, forms_dir: Path | None = None) -> Loaded:
    """Check a catalogue in its JSON shape (a dict) against the format and known codes."""
    issues: list[ImportIssue] = []
    catalog = Catalog()
    if not isinstance(raw, Mapping):
        return Loaded(catalog, [ImportIssue("", "format", "Tệp phải là một đối tượng JSON.")])
    if raw.get("format") != FORMAT:
        issues.append(ImportIssue("format", "format", f'Trường "format" phải là "{FORMAT}".'))
    for key in raw:
        if key not in ("format", "fields", "decisions", "procedures"):
            issues.append(ImportIssue(str(key), str(key), "Trường không có trong định dạng."))

    def items(key: str) -> list[tuple[str, Mapping[str, Any]]]:
        value = raw.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list):
            issues.append(ImportIssue(key, key, "Phải là một danh sách."))
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, Mapping):
                out.append((f"{key}[{i}]", item))
            else:
                issues.append(ImportIssue(f"{key}[{i}]", key, "Phải là một đối tượng JSON."))
        return out

    seen_fields: set[str] = set()
    for path, item in items("fields"):
        field_data, errs = parse_field(item, path)
        issues.extend(errs)
        if field_data.code in seen_fields:
            issues.append(
                ImportIssue(f"{path}.code", "code", f"Mã lĩnh vực {field_data.code!r} bị lặp.")
            )
        seen_fields.add(field_data.code)
        catalog.fields.append(field_data)

    seen_decisions: set[str] = set()
    for path, item in items("decisions"):
        decision, errs = parse_decision(item, path)
        issues.extend(errs)
        if decision.number in seen_decisions:
            issues.append(
                ImportIssue(
                    f"{path}.number",
                    "number",
                    f"Số quyết định {decision.number!r} bị lặp trong tệp.",
                )
            )
        seen_decisions.add(decision.number)
        catalog.decisions.append(decision)

    ctx = Context(
        field_codes=set(Field.objects.values_list("code", flat=True)) | seen_fields,
        unit_codes=set(Unit.objects.values_list("code", flat=True)),
        decision_numbers=seen_decisions,
    )
    for path, item in items("procedures"):
        data, errs = parse_procedure(item, path, ctx)
        issues.extend(errs)
        catalog.procedures.append(data)
        catalog.paths.append(path)
    _attach_form_files(catalog, forms_dir)
    return Loaded(catalog, issues)


def _attach_form_files(catalog: Catalog, forms_dir: Path | None) -> None:
    """Form files come from `forms_dir/<filename>` when present (the demo forms), otherwise
    from the procedure's latest stored form with the same file name, otherwise none."""
    directory = forms_dir if forms_dir is not None else DEMO_FORMS_DIR
    codes = {p.national_code for p in catalog.procedures if p.forms}
    stored: dict[tuple[str, str], str] = {}
    for form in (
        ProcedureForm.objects.filter(version__procedure__national_code__in=codes)
        .exclude(file="")
        .order_by("version__version_no")
        .values("version__procedure__national_code", "filename", "file")
    ):
        stored[(form["version__procedure__national_code"], form["filename"])] = form["file"]
    for proc in catalog.procedures:
        for f in proc.forms:
            candidate = directory / f.filename
            if f.filename and candidate.is_file():
                f.content = candidate.read_bytes()
            elif (proc.national_code, f.filename) in stored and default_storage.exists(
                stored[(proc.national_code, f.filename)]
            ):
                f.stored_name = stored[(proc.national_code, f.filename)]


def load_file(*, content: bytes, filename: str, forms_dir: Path | None = None) -> Loaded:
    """Parse a .json or .xlsx catalogue file."""
    if filename.lower().endswith(".xlsx"):
        from motcua.catalog.importexport.excel import read_xlsx

        raw, locate, issues = read_xlsx(content)
        if issues:
            return Loaded(Catalog(), issues)
        loaded = parse_catalog(raw, forms_dir=forms_dir)
        loaded.catalog.locate = locate
        loaded.issues = [locate(i) for i in loaded.issues]
        return loaded
    try:
        raw = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Loaded(Catalog(), [ImportIssue("", "file", f"Nội dung JSON không hợp lệ: {exc}.")])
    return parse_catalog(raw, forms_dir=forms_dir)


# --- Planning against the database --------------------------------------------------------


@dataclass
class PlanStep:
    action: str  # publish | amend | replace | unchanged
    data: ProcedureData
    effective_from: dt.date
    decision: str | None  # decision number (in the file or the database)
    path: str


@dataclass
class ImportPlan:
    catalog: Catalog
    steps: list[PlanStep] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)
    replace: bool = False


def plan_import(
    catalog: Catalog,
    *,
    replace: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """Decide what each entry does (publish, amend, replace, unchanged) and find every
    conflict with the database. Procedures may appear several times (one per version)."""
    plan = ImportPlan(catalog=catalog, replace=replace)

    def issue(path: str, field_name: str, message: str) -> None:
        plan.issues.append(catalog.locate(ImportIssue(path, field_name, message)))

    file_decisions = {d.number: d for d in catalog.decisions}
    for i, d in enumerate(catalog.decisions):
        if d.date is None:
            continue
        known_decision = PublicationDecision.objects.filter(
            number=d.number, decision_date=d.date
        ).first()
        if known_decision and (
            known_decision.issuer != d.issuer or known_decision.effective_date != d.effective_date
        ):
            issue(
                f"decisions[{i}].number",
                "number",
                f"Quyết định {d.number} ngày {d.date:%d/%m/%Y} đã có trong hệ thống với cơ quan "
                "ban hành hoặc ngày hiệu lực khác.",
            )

    def decision_for(data: ProcedureData) -> tuple[str | None, dt.date | None]:
        if data.decision:
            d = file_decisions.get(data.decision)
            return data.decision, d.effective_date if d else None
        for d in catalog.decisions:
            for item in d.items:
                if (
                    item.procedure == data.national_code
                    and item.action in (DecisionAction.ANNOUNCE, DecisionAction.AMEND)
                    and (data.effective_from is None or d.effective_date == data.effective_from)
                ):
                    return d.number, d.effective_date
        return None, None

    by_code: dict[str, list[tuple[int, ProcedureData, dt.date]]] = defaultdict(list)
    for i, data in enumerate(catalog.procedures):
        path = catalog.paths[i]
        number, decision_start = decision_for(data)
        data.decision = number
        start = data.effective_from or decision_start
        if start is None:
            issue(
                f"{path}.effective_from", "effective_from", "Thiếu ngày có hiệu lực (YYYY-MM-DD)."
            )
            continue
        if any(s == start for _, _, s in by_code[data.national_code]):
            issue(
                f"{path}.effective_from",
                "effective_from",
                f"Thủ tục {data.national_code} có hai mục cùng hiệu lực từ {start:%d/%m/%Y}.",
            )
            continue
        by_code[data.national_code].append((i, data, start))

    procedures = {
        p.national_code: p
        for p in Procedure.objects.filter(national_code__in=list(by_code)).prefetch_related(
            Prefetch("versions", queryset=with_all_parts(ProcedureVersion.objects.all()))
        )
    }
    total = len(catalog.procedures)
    done = 0
    for code, entries in by_code.items():
        entries.sort(key=lambda e: e[2])
        procedure = procedures.get(code)
        versions = {v.effective_from: v for v in procedure.versions.all()} if procedure else {}
        latest_start = max(versions) if versions else None
        for i, data, start in entries:
            path = catalog.paths[i]
            existing = versions.get(start)
            if existing is not None:
                if data.content_equals(version_to_data(existing)):
                    action = "unchanged"
                elif replace:
                    action = "replace"
                else:
                    issue(
                        f"{path}.effective_from",
                        "effective_from",
                        f"Thủ tục {code} đã có phiên bản {existing.version_no} hiệu lực từ "
                        f"{start:%d/%m/%Y} với nội dung khác; sửa đổi cần ngày hiệu lực mới "
                        "(hoặc nhập với tùy chọn thay thế).",
                    )
                    continue
            elif procedure is not None and procedure.abolished_from is not None:
                issue(
                    f"{path}.national_code",
                    "national_code",
                    f"Thủ tục {code} đã bị bãi bỏ từ ngày {procedure.abolished_from:%d/%m/%Y}.",
                )
                continue
            elif latest_start is not None and start < latest_start:
                issue(
                    f"{path}.effective_from",
                    "effective_from",
                    f"Thủ tục {code} đã có phiên bản hiệu lực từ {latest_start:%d/%m/%Y}; không "
                    "thể thêm phiên bản hiệu lực sớm hơn.",
                )
                continue
            else:
                action = "amend" if latest_start is not None else "publish"
                latest_start = start
            plan.steps.append(PlanStep(action, data, start, data.decision, path))
            done += 1
            if progress:
                progress(done, total)

    known = set(by_code) | set(
        Procedure.objects.filter(
            national_code__in={it.procedure for d in catalog.decisions for it in d.items}
        ).values_list("national_code", flat=True)
    )
    for i, d in enumerate(catalog.decisions):
        for j, item in enumerate(d.items):
            where = f"decisions[{i}].items[{j}].procedure"
            if item.procedure not in known:
                issue(
                    where,
                    "procedure",
                    f"Không có thủ tục mã {item.procedure!r} trong tệp hay hệ thống.",
                )
            elif item.action == DecisionAction.ABOLISH and d.effective_date:
                starts = [s for _, _, s in by_code.get(item.procedure, [])]
                proc = (
                    procedures.get(item.procedure)
                    or Procedure.objects.filter(national_code=item.procedure).first()
                )
                if proc is not None:
                    starts += list(proc.versions.values_list("effective_from", flat=True))
                    if proc.abolished_from and proc.abolished_from != d.effective_date:
                        issue(
                            where,
                            "procedure",
                            f"Thủ tục {item.procedure} đã bị bãi bỏ từ ngày {proc.abolished_from:%d/%m/%Y}.",
                        )
                if any(s >= d.effective_date for s in starts):
                    issue(
                        where,
                        "procedure",
                        f"Thủ tục {item.procedure} có phiên bản hiệu lực từ hoặc sau ngày bãi bỏ "
                        f"{d.effective_date:%d/%m/%Y}.",
                    )
    return plan


def import_file(
    *,
    content: bytes,
    filename: str,
    by: User | None,
    at: dt.datetime,
    replace: bool = False,
    forms_dir: Path | None = None,
) -> Any:
    """Check the whole file and import it atomically; CatalogImportInvalid lists every error.
    Returns services.ImportSummary."""
    from motcua.catalog.services import catalog_import

    loaded = load_file(content=content, filename=filename, forms_dir=forms_dir)
    if loaded.issues:
        raise CatalogImportInvalid(loaded.issues)
    plan = plan_import(loaded.catalog, replace=replace)
    if plan.issues:
        raise CatalogImportInvalid(plan.issues)
    return catalog_import(plan=plan, by=by, at=at)


def import_dict(
    raw: Mapping[str, Any],
    *,
    by: User | None,
    at: dt.datetime,
    replace: bool = False,
    forms_dir: Path | None = None,
) -> Any:
    """Import a catalogue already decoded from JSON (used by the demo loader and the API)."""
    from motcua.catalog.services import catalog_import

    loaded = parse_catalog(raw, forms_dir=forms_dir)
    if loaded.issues:
        raise CatalogImportInvalid(loaded.issues)
    plan = plan_import(loaded.catalog, replace=replace)
    if plan.issues:
        raise CatalogImportInvalid(plan.issues)
    return catalog_import(plan=plan, by=by, at=at)


# --- Export -------------------------------------------------------------------------------


def export_catalog() -> Catalog:
    """The whole catalogue: every field, decision and version (oldest first per procedure)."""
    catalog = Catalog()
    catalog.fields = [
        FieldData(f.code, f.name) for f in Field.objects.order_by("sort_order", "name", "code")
    ]
    items = defaultdict(list)
    for item in DecisionItem.objects.select_related("procedure").order_by(
        "procedure__national_code", "action"
    ):
        items[item.decision_id].append(item)
    from motcua.catalog.importexport.records import DecisionItemData

    catalog.decisions = [
        DecisionData(
            number=d.number,
            date=d.decision_date,
            issuer=d.issuer,
            effective_date=d.effective_date,
            items=[DecisionItemData(i.procedure.national_code, i.action) for i in items[d.pk]],
        )
        for d in PublicationDecision.objects.order_by("decision_date", "number")
    ]
    versions = with_all_parts(ProcedureVersion.objects.all()).order_by(
        "procedure__national_code", "version_no"
    )
    for version in versions:
        catalog.procedures.append(version_to_data(version))
        catalog.paths.append(f"procedures[{len(catalog.paths)}]")
    return catalog


def export_json_bytes() -> bytes:
    return json.dumps(export_catalog().as_dict(), ensure_ascii=False, indent=2).encode("utf-8")


def export_xlsx_bytes() -> bytes:
    from motcua.catalog.importexport.excel import write_xlsx

    return write_xlsx(export_catalog())


__all__ = [
    "FORMAT",
    "Catalog",
    "CatalogImportInvalid",
    "ImportIssue",
    "ImportPlan",
    "Loaded",
    "PlanStep",
    "export_catalog",
    "export_json_bytes",
    "export_xlsx_bytes",
    "import_dict",
    "import_file",
    "load_file",
    "parse_catalog",
    "plan_import",
]
