"""Writes to the catalogue. Every function is keyword-only, typed and atomic.

- `decision_create` records a publication decision (quyết định công bố).
- `procedure_publish` announces a new procedure: version 1, from the decision's effective date.
- `procedure_amend` creates the next version from the decision's effective date; the previous
  version ends the day before; parts not given are copied from the previous version.
- `procedure_abolish` stops a procedure accepting dossiers from a date; it stays readable.
- `process_set` replaces a version's internal process after checking its budgets against the
  statutory time limit.
- `procedure_refresh_current` moves the `is_current` flag (run daily, and after each change).
- `catalog_import` applies a validated catalogue file (see importexport/) in one transaction;
  `import_job_start` runs it in the background with progress on an ImportJob row.

Errors: InvalidInput (422) naming the field, Conflict (409) for a wrong state or duplicate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import ProtectedError, Q

from motcua.accounts.models import User
from motcua.catalog import search_index
from motcua.catalog.importexport import ImportPlan
from motcua.catalog.importexport.records import (
    Context,
    ProcedureData,
    StepData,
    parse_procedure,
    process_problems,
    version_to_data,
)
from motcua.catalog.models import (
    Case,
    DecisionAction,
    DecisionItem,
    EFormField,
    FeeExemption,
    FeeItem,
    Field,
    ImportJob,
    ImportStatus,
    Procedure,
    ProcedureForm,
    ProcedureVersion,
    ProcessStep,
    PublicationDecision,
    RequiredDocument,
    VersionStatus,
)
from motcua.catalog.selectors import process_budget_problem
from motcua.core.clock import local
from motcua.core.errors import Conflict, DomainError, InvalidInput
from motcua.core.text import clean, fold
from motcua.organization.models import Unit

ProgressCallback = Callable[[int, int], None]


def _today(at: dt.datetime) -> dt.date:
    return local(at).date()


def _invalid(errors: list[tuple[str, str]]) -> InvalidInput:
    """One InvalidInput carrying every (field, message) pair."""
    first_field, first_message = errors[0]
    detail = (
        first_message if len(errors) == 1 else f"{first_message} (và {len(errors) - 1} lỗi khác)"
    )
    return InvalidInput(
        detail,
        field=first_field,
        errors=[{"field": f, "message": m} for f, m in errors],
    )


# --- Fields and decisions ---------------------------------------------------------------


def field_upsert(*, code: str, name: str, sort_order: int = 0) -> Field:
    code, name = clean(code), clean(name)
    if not code:
        raise InvalidInput("Thiếu mã lĩnh vực.", field="code")
    if not name:
        raise InvalidInput("Thiếu tên lĩnh vực.", field="name")
    with transaction.atomic():
        obj, _ = Field.objects.update_or_create(
            code=code, defaults={"name": name, "sort_order": sort_order}
        )
    return obj


def decision_create(
    *,
    number: str,
    decision_date: dt.date,
    issuer: str,
    effective_date: dt.date,
    by: User | None,
    at: dt.datetime,
) -> PublicationDecision:
    """Record a publication decision; the same number and date again returns the same row."""
    number, issuer = clean(number), clean(issuer)
    if not number:
        raise InvalidInput("Thiếu số quyết định.", field="number")
    if not issuer:
        raise InvalidInput("Thiếu cơ quan ban hành quyết định.", field="issuer")
    if effective_date < decision_date:
        raise InvalidInput(
            "Ngày có hiệu lực không được trước ngày ban hành quyết định.", field="effective_date"
        )
    with transaction.atomic():
        existing = (
            PublicationDecision.objects.select_for_update()
            .filter(number=number, decision_date=decision_date)
            .first()
        )
        if existing is not None:
            if existing.issuer != issuer or existing.effective_date != effective_date:
                raise Conflict(
                    f"Quyết định {number} ngày {decision_date:%d/%m/%Y} đã có với cơ quan ban "
                    "hành hoặc ngày hiệu lực khác.",
                    field="number",
                )
            return existing
        return PublicationDecision.objects.create(
            number=number,
            decision_date=decision_date,
            issuer=issuer,
            effective_date=effective_date,
            created_by=by,
        )


# --- Building a version ---------------------------------------------------------------


def validation_context(*, extra_fields: set[str] | None = None) -> Context:
    """Codes a procedure may refer to, read from the database."""
    return Context(
        field_codes=set(Field.objects.values_list("code", flat=True)) | (extra_fields or set()),
        unit_codes=set(Unit.objects.values_list("code", flat=True)),
    )


def procedure_data_from_dict(raw: Mapping[str, Any], *, path: str = "") -> ProcedureData:
    """Parse and check a procedure in the JSON format; InvalidInput lists every error."""
    data, issues = parse_procedure(raw, path, validation_context())
    if issues:
        raise _invalid([(i.path, str(i)) for i in issues])
    return data


def _check(data: ProcedureData) -> tuple[Field, dict[str, Unit]]:
    """References resolve and the process fits the time limit, or InvalidInput."""
    errors: list[tuple[str, str]] = []
    field_obj = Field.objects.filter(code=data.field).first()
    if field_obj is None:
        errors.append(("field", f"Không có lĩnh vực mã {data.field!r}."))
    codes = {
        c
        for c in [
            data.implementing_agency,
            data.deciding_agency,
            data.lead_agency,
            *data.cooperating_agencies,
            *(s.agency for s in data.process),
            *(s.unit for s in data.process),
        ]
        if c
    }
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    for code in sorted(codes - set(units)):
        errors.append(("agency", f"Không có đơn vị (cơ quan) mã {code!r} trong hệ thống."))
    if not data.name.strip():
        errors.append(("name", "Thiếu tên thủ tục."))
    errors.extend(("process", message) for message in process_problems(data))
    if errors:
        raise _invalid(errors)
    assert field_obj is not None  # noqa: S101 - errors would have been raised
    return field_obj, units


def _search_text(version: ProcedureVersion, field_obj: Field, agencies: list[Unit]) -> str:
    parts = [
        version.procedure.national_code,
        version.local_code,
        version.name,
        field_obj.code,
        field_obj.name,
        *(u.name for u in agencies),
        *(u.short_name for u in agencies if u.short_name),
    ]
    return fold(" ".join(dict.fromkeys(p for p in parts if p)))


def _build_version(
    *,
    procedure: Procedure,
    data: ProcedureData,
    version_no: int,
    effective_from: dt.date,
    decision: PublicationDecision | None,
    by: User | None,
    replacing: ProcedureVersion | None = None,
) -> ProcedureVersion:
    """Create a version with all its parts, or rebuild `replacing` in place."""
    field_obj, units = _check(data)
    tl = data.time_limit

    def unit(code: str | None) -> Unit | None:
        return units[code] if code else None

    if replacing is not None:
        try:
            for related in (
                replacing.process_steps,
                replacing.documents,
                replacing.fees,
                replacing.eform_fields,
                replacing.cases,
                replacing.forms,
            ):
                related.all().delete()
        except ProtectedError as exc:
            raise Conflict(
                f"Phiên bản {replacing.version_no} của thủ tục {procedure.national_code} đã được "
                "dùng cho hồ sơ, không sửa tại chỗ được; hãy sửa đổi bằng phiên bản mới.",
                field="national_code",
            ) from exc
        replacing.cooperating_agencies.clear()
    version = ProcedureVersion(
        pk=replacing.pk if replacing else None,
        is_current=replacing.is_current if replacing else False,
        effective_to=replacing.effective_to if replacing else None,
        procedure=procedure,
        version_no=version_no,
        decision=decision,
        status=replacing.status if replacing else VersionStatus.PUBLISHED,
        effective_from=effective_from,
        local_code=data.local_code,
        name=data.name,
        field=field_obj,
        level=data.level,
        implementing_agency=unit(data.implementing_agency),
        deciding_agency=unit(data.deciding_agency),
        lead_agency=unit(data.lead_agency),
        applicant_types=list(data.applicant_types),
        channels=list(data.channels),
        online_level=data.online_level,
        time_limit_value=tl.value if tl else 0,
        time_limit_unit=tl.unit if tl else "",
        after_cutoff_next_day=data.after_cutoff_next_day,
        steps=list(data.steps),
        conditions=data.conditions,
        result_name=data.result_name,
        result_paper=data.result_paper,
        result_electronic=data.result_electronic,
        legal_basis=[
            {
                "number": lb.number,
                "date": lb.date.isoformat() if lb.date else None,
                "title": lb.title,
            }
            for lb in data.legal_basis
        ],
        name_folded=fold(data.name),
        created_by=by,
    )
    if replacing is not None:
        version.created_at = replacing.created_at
    cooperating = [units[c] for c in data.cooperating_agencies]
    agencies = [
        u
        for u in [version.implementing_agency, version.deciding_agency, version.lead_agency]
        if u is not None
    ] + cooperating
    version.search_text = _search_text(version, field_obj, agencies)
    version.save()
    if cooperating:
        version.cooperating_agencies.set(cooperating)

    forms: dict[str, ProcedureForm] = {}
    for i, f in enumerate(data.forms):
        form = ProcedureForm(version=version, name=f.name, filename=f.filename, order=i)
        if f.content is not None:
            form.file.save(f.filename, ContentFile(f.content), save=False)
        elif f.stored_name:
            form.file.name = f.stored_name
        form.save()
        forms[f.filename] = form

    cases = {
        c.code: Case(
            version=version,
            code=c.code,
            name=c.name,
            time_limit_value=c.time_limit.value if c.time_limit else 0,
            time_limit_unit=c.time_limit.unit if c.time_limit else "",
            order=i,
        )
        for i, c in enumerate(data.cases)
    }
    Case.objects.bulk_create(cases.values())
    cases = {c.code: c for c in version.cases.all()}  # with primary keys on every backend

    RequiredDocument.objects.bulk_create(
        RequiredDocument(
            version=version,
            case=cases[d.case] if d.case else None,
            name=d.name,
            originals=d.originals,
            copies=d.copies,
            mandatory=d.mandatory,
            reusable=d.reusable,
            form=forms.get(d.form) if d.form else None,
            order=i,
        )
        for i, d in enumerate(data.documents)
    )
    for i, fee in enumerate(data.fees):
        item = FeeItem.objects.create(
            version=version,
            case=cases[fee.case] if fee.case else None,
            name=fee.name,
            amount=fee.amount,
            basis=fee.basis,
            order=i,
        )
        FeeExemption.objects.bulk_create(
            FeeExemption(fee=item, name=e.name, legal_ground=e.legal_ground, order=j)
            for j, e in enumerate(fee.exemptions)
        )
    EFormField.objects.bulk_create(
        EFormField(
            version=version,
            name=e.name,
            label=e.label,
            type=e.type,
            required=e.required,
            choices=list(e.choices),
            pattern=e.pattern,
            order=i,
        )
        for i, e in enumerate(data.eform)
    )
    _create_steps(version=version, steps=data.process, cases=cases, units=units)
    return version


def _create_steps(
    *,
    version: ProcedureVersion,
    steps: list[StepData],
    cases: dict[str, Case],
    units: dict[str, Unit],
) -> list[ProcessStep]:
    counters: dict[str | None, int] = {}
    rows = []
    for s in steps:
        counters[s.case] = counters.get(s.case, 0) + 1
        rows.append(
            ProcessStep(
                version=version,
                case=cases[s.case] if s.case else None,
                order=counters[s.case],
                role=s.role,
                agency=units[s.agency] if s.agency else None,
                unit=units[s.unit] if s.unit else None,
                budget_hours=s.budget_hours,
                description=s.description,
            )
        )
    return ProcessStep.objects.bulk_create(rows)


def _link(
    decision: PublicationDecision | None,
    procedure: Procedure,
    action: str,
    version: ProcedureVersion | None,
) -> None:
    if decision is None:
        return
    DecisionItem.objects.update_or_create(
        decision=decision, procedure=procedure, defaults={"action": action, "version": version}
    )


def _refresh(procedure: Procedure, on: dt.date) -> None:
    in_force = None
    if not procedure.is_abolished_on(on):
        in_force = (
            procedure.versions.filter(effective_from__lte=on)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
            .order_by("-effective_from")
            .first()
        )
    stale = procedure.versions.filter(is_current=True)
    if in_force is not None:
        stale = stale.exclude(pk=in_force.pk)
    changed = stale.update(is_current=False)
    if in_force is not None and not in_force.is_current:
        changed += ProcedureVersion.objects.filter(pk=in_force.pk).update(is_current=True)
    if changed:
        search_index.mark_changed()


# --- Publish, amend, abolish ------------------------------------------------------------


def procedure_publish(
    *,
    data: ProcedureData,
    decision: PublicationDecision | None,
    by: User | None,
    at: dt.datetime,
) -> ProcedureVersion:
    """Announce a new procedure: version 1, effective from `data.effective_from` or the
    decision's effective date."""
    effective_from = data.effective_from or (decision.effective_date if decision else None)
    if effective_from is None:
        raise InvalidInput(
            "Thiếu ngày có hiệu lực (hoặc quyết định công bố).", field="effective_from"
        )
    with transaction.atomic():
        procedure, created = Procedure.objects.select_for_update().get_or_create(
            national_code=data.national_code
        )
        if not created and procedure.versions.exists():
            raise Conflict(
                f"Thủ tục {data.national_code} đã có trong danh mục; dùng sửa đổi để tạo phiên bản mới.",
                field="national_code",
            )
        version = _build_version(
            procedure=procedure,
            data=data,
            version_no=1,
            effective_from=effective_from,
            decision=decision,
            by=by,
        )
        _link(decision, procedure, DecisionAction.ANNOUNCE, version)
        _refresh(procedure, _today(at))
        version.refresh_from_db(fields=["is_current"])
    return version


def procedure_amend(
    *,
    national_code: str,
    decision: PublicationDecision | None,
    changes: ProcedureData | Mapping[str, Any],
    by: User | None,
    at: dt.datetime,
    effective_from: dt.date | None = None,
) -> ProcedureVersion:
    """Create the next version, in force from `effective_from` (default: the decision's
    effective date); the previous version ends the day before.

    `changes` is either a whole ProcedureData or a mapping of parts in the JSON format
    (e.g. {"fees": [...], "time_limit": {...}}); parts not given are copied from the
    previous version, form files included.
    """
    start = effective_from or (decision.effective_date if decision else None)
    if start is None:
        raise InvalidInput("Thiếu ngày có hiệu lực của phiên bản mới.", field="effective_from")
    with transaction.atomic():
        procedure = (
            Procedure.objects.select_for_update().filter(national_code=national_code).first()
        )
        if procedure is None:
            raise InvalidInput(f"Không có thủ tục mã {national_code}.", field="national_code")
        if procedure.abolished_from is not None:
            raise Conflict(
                f"Thủ tục {national_code} đã bị bãi bỏ từ ngày {procedure.abolished_from:%d/%m/%Y}, "
                "không thể sửa đổi.",
                field="national_code",
            )
        latest = procedure.versions.order_by("-version_no").first()
        if latest is None:
            raise Conflict(f"Thủ tục {national_code} chưa được công bố.", field="national_code")
        previous = version_to_data(latest)
        if isinstance(changes, ProcedureData):
            data = changes
        else:
            unknown = set(changes) - set(previous.as_dict())
            if unknown:
                raise InvalidInput(
                    f"Trường không có trong định dạng: {', '.join(sorted(unknown))}.",
                    field=sorted(unknown)[0],
                )
            merged = previous.as_dict() | dict(changes)
            merged["national_code"] = national_code
            merged["decision"] = None
            merged["effective_from"] = None
            data = procedure_data_from_dict(merged)
        if data.national_code != national_code:
            raise InvalidInput("Mã thủ tục không được thay đổi khi sửa đổi.", field="national_code")
        if start <= latest.effective_from:
            if (
                latest.decision_id is not None
                and decision is not None
                and latest.decision_id == decision.pk
            ) and data.content_equals(previous):
                return latest  # the same amendment again
            raise Conflict(
                f"Ngày có hiệu lực của phiên bản mới ({start:%d/%m/%Y}) phải sau ngày có hiệu lực "
                f"của phiên bản {latest.version_no} ({latest.effective_from:%d/%m/%Y}).",
                field="effective_from",
            )
        # Unchanged forms keep their stored files.
        stored = {f.filename: f.file.name or "" for f in latest.forms.all() if f.file}
        for form in data.forms:
            if form.content is None and not form.stored_name and form.filename in stored:
                form.stored_name = stored[form.filename]
        latest.effective_to = start - dt.timedelta(days=1)
        latest.save(update_fields=["effective_to"])
        version = _build_version(
            procedure=procedure,
            data=data,
            version_no=latest.version_no + 1,
            effective_from=start,
            decision=decision,
            by=by,
        )
        _link(decision, procedure, DecisionAction.AMEND, version)
        _refresh(procedure, _today(at))
        version.refresh_from_db(fields=["is_current"])
    return version


def procedure_abolish(
    *,
    national_code: str,
    decision: PublicationDecision,
    by: User | None,
    at: dt.datetime,
    effective_from: dt.date | None = None,
) -> Procedure:
    """Stop accepting dossiers from `effective_from` (default: the decision's effective date).

    The version in force the day before ends then and is marked abolished; every version
    stays readable.
    """
    start = effective_from or decision.effective_date
    with transaction.atomic():
        procedure = (
            Procedure.objects.select_for_update().filter(national_code=national_code).first()
        )
        if procedure is None:
            raise InvalidInput(f"Không có thủ tục mã {national_code}.", field="national_code")
        if procedure.abolished_from is not None:
            if procedure.abolished_by_id == decision.pk and procedure.abolished_from == start:
                return procedure
            raise Conflict(
                f"Thủ tục {national_code} đã bị bãi bỏ từ ngày {procedure.abolished_from:%d/%m/%Y}.",
                field="national_code",
            )
        later = (
            procedure.versions.filter(effective_from__gte=start).order_by("effective_from").first()
        )
        if later is not None:
            raise Conflict(
                f"Phiên bản {later.version_no} có hiệu lực từ {later.effective_from:%d/%m/%Y}, không "
                f"thể bãi bỏ từ ngày {start:%d/%m/%Y}.",
                field="effective_from",
            )
        last = procedure.versions.order_by("-version_no").first()
        if last is not None:
            last.effective_to = start - dt.timedelta(days=1)
            last.status = VersionStatus.ABOLISHED
            last.save(update_fields=["effective_to", "status"])
        procedure.abolished_from = start
        procedure.abolished_by = decision
        procedure.save(update_fields=["abolished_from", "abolished_by"])
        _link(decision, procedure, DecisionAction.ABOLISH, None)
        _refresh(procedure, _today(at))
    return procedure


def process_set(
    *, version: ProcedureVersion, steps: list[StepData], by: User | None, at: dt.datetime
) -> list[ProcessStep]:
    """Replace the internal process of a version, refusing budgets over the time limit."""
    if not steps:
        raise InvalidInput("Quy trình phải có ít nhất một bước.", field="process")
    with transaction.atomic():
        version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
        cases = {c.code: c for c in version.cases.all()}
        errors: list[tuple[str, str]] = []
        for i, s in enumerate(steps):
            if s.case and s.case not in cases:
                errors.append((f"process[{i}].case", f"Không có trường hợp mã {s.case!r}."))
            if s.budget_hours < 0:
                errors.append((f"process[{i}].budget_hours", "Số giờ không được âm."))
        codes = {c for s in steps for c in (s.agency, s.unit) if c}
        units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        for code in sorted(codes - set(units)):
            errors.append(("process", f"Không có đơn vị (cơ quan) mã {code!r} trong hệ thống."))
        if errors:
            raise _invalid(errors)
        general = [s.budget_hours for s in steps if s.case is None]
        checks: list[tuple[list[Decimal], tuple[int, str], str]] = []
        if general:
            checks.append((general, version.time_limit_for(None), ""))
        for code, case in cases.items():
            own = [s.budget_hours for s in steps if s.case == code]
            if own or case.time_limit_unit:
                checks.append((own or general, version.time_limit_for(case), f"trường hợp {code}"))
        for budgets, (value, unit), label in checks:
            if not budgets:
                continue
            problem = process_budget_problem(
                time_limit_value=value, time_limit_unit=unit, budgets=budgets, label=label
            )
            if problem:
                errors.append(("process", problem))
        if errors:
            raise _invalid(errors)
        version.process_steps.all().delete()
        created = _create_steps(version=version, steps=steps, cases=cases, units=units)
        search_index.mark_changed()  # bulk-created rows send no signal
        return created


def procedure_refresh_current(*, on: dt.date) -> int:
    """Mark as current exactly the versions in force on `on`; returns how many rows changed."""
    in_force = (
        Q(effective_from__lte=on)
        & (Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        & ~Q(procedure__abolished_from__lte=on)
    )
    with transaction.atomic():
        cleared = (
            ProcedureVersion.objects.filter(is_current=True)
            .exclude(in_force)
            .update(is_current=False)
        )
        marked = (
            ProcedureVersion.objects.filter(is_current=False)
            .filter(in_force)
            .update(is_current=True)
        )
        if cleared or marked:
            search_index.mark_changed()
    return cleared + marked


# --- Import ---------------------------------------------------------------------------


@dataclass
class ImportSummary:
    fields: int = 0
    decisions: int = 0
    published: int = 0
    amended: int = 0
    replaced: int = 0
    unchanged: int = 0
    abolished: int = 0
    details: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "fields": self.fields,
            "decisions": self.decisions,
            "published": self.published,
            "amended": self.amended,
            "replaced": self.replaced,
            "unchanged": self.unchanged,
            "abolished": self.abolished,
        }


def catalog_import(
    *,
    plan: ImportPlan,
    by: User | None,
    at: dt.datetime,
    progress: ProgressCallback | None = None,
) -> ImportSummary:
    """Apply a checked import plan (importexport.plan_import) in one transaction: fields,
    decisions, then each procedure version in date order, then the decisions' items
    (abolitions included). A plan with issues is refused whole."""
    from motcua.catalog.importexport import CatalogImportInvalid

    if plan.issues:
        raise CatalogImportInvalid(plan.issues)
    summary = ImportSummary()
    catalog = plan.catalog
    total = len(plan.steps)
    with transaction.atomic():
        for i, f in enumerate(catalog.fields):
            field_upsert(code=f.code, name=f.name, sort_order=i)
            summary.fields += 1
        decisions: dict[str, PublicationDecision] = {}
        for d in catalog.decisions:
            assert d.date is not None and d.effective_date is not None  # noqa: S101 - checked
            decisions[d.number] = decision_create(
                number=d.number,
                decision_date=d.date,
                issuer=d.issuer,
                effective_date=d.effective_date,
                by=by,
                at=at,
            )
            summary.decisions += 1
        for n, step in enumerate(plan.steps, start=1):
            decision = decisions.get(step.decision) if step.decision else None
            code = step.data.national_code
            if step.action == "publish":
                data = step.data
                data.effective_from = step.effective_from
                procedure_publish(data=data, decision=decision, by=by, at=at)
                summary.published += 1
            elif step.action == "amend":
                procedure_amend(
                    national_code=code,
                    decision=decision,
                    changes=step.data,
                    by=by,
                    at=at,
                    effective_from=step.effective_from,
                )
                summary.amended += 1
            elif step.action == "replace":
                version = ProcedureVersion.objects.get(
                    procedure__national_code=code, effective_from=step.effective_from
                )
                version_replace(version=version, data=step.data, by=by)
                summary.replaced += 1
            else:
                summary.unchanged += 1
            if progress:
                progress(n, total)
        for d in catalog.decisions:
            decision = decisions[d.number]
            for item in d.items:
                procedure = Procedure.objects.get(national_code=item.procedure)
                if item.action == DecisionAction.ABOLISH:
                    if procedure.abolished_from is None:
                        procedure_abolish(
                            national_code=item.procedure, decision=decision, by=by, at=at
                        )
                        summary.abolished += 1
                    else:
                        _link(decision, procedure, DecisionAction.ABOLISH, None)
                else:
                    _link(
                        decision,
                        procedure,
                        item.action,
                        procedure.versions.filter(decision=decision).first(),
                    )
    return summary


def version_replace(
    *, version: ProcedureVersion, data: ProcedureData, by: User | None
) -> ProcedureVersion:
    """Correct a version in place (same number, dates and decision): used by imports with
    replace=True, before any dossier was received under it."""
    with transaction.atomic():
        version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
        if data.national_code != version.procedure.national_code:
            raise InvalidInput("Mã thủ tục không được thay đổi.", field="national_code")
        stored = {f.filename: f.file.name or "" for f in version.forms.all() if f.file}
        for form in data.forms:
            if form.content is None and not form.stored_name and form.filename in stored:
                form.stored_name = stored[form.filename]
        return _build_version(
            procedure=version.procedure,
            data=data,
            version_no=version.version_no,
            effective_from=version.effective_from,
            decision=version.decision,
            by=by,
            replacing=version,
        )


def import_job_start(*, file: File[bytes], by: User | None, at: dt.datetime) -> ImportJob:
    """Store the file, create an ImportJob and queue the import task after commit."""
    from motcua.catalog.tasks import catalog_import_run

    name = getattr(file, "name", "") or "catalog.json"
    base = name.rsplit("/", 1)[-1]
    if not base.lower().endswith((".json", ".xlsx")):
        raise InvalidInput("Tệp nhập phải là .json hoặc .xlsx.", field="file")
    with transaction.atomic():
        job = ImportJob(original_name=base, created_by=by, created_at=at)
        job.file.save(base, file, save=False)
        job.save()
        job_id = job.pk
        transaction.on_commit(lambda: catalog_import_run.enqueue(job_id))
    return job


def import_job_progress(*, job_id: int, done: int, total: int) -> None:
    ImportJob.objects.filter(pk=job_id).update(done=min(done, total), total=total)


def _job_failed(job_id: int, *, message: str, field: str, at: dt.datetime) -> ImportJob:
    error = {"path": field, "sheet": "", "row": None, "field": field, "message": message}
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportStatus.FAILED, errors=[error], finished_at=at
    )
    return ImportJob.objects.get(pk=job_id)


def import_job_run(*, job_id: int, at: dt.datetime) -> ImportJob:
    """Run a queued import: read and check the whole file, then apply it or record errors."""
    from motcua.catalog.importexport import load_file, plan_import

    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportStatus.PENDING:
        return job
    ImportJob.objects.filter(pk=job_id).update(status=ImportStatus.RUNNING)
    with job.file.open("rb") as fh:
        content = fh.read()
    loaded = load_file(content=content, filename=job.original_name or job.file.name or "")
    plan = None
    issues = loaded.issues
    if not issues:
        plan = plan_import(
            loaded.catalog,
            replace=False,
            progress=lambda d, t: import_job_progress(job_id=job_id, done=d, total=2 * t),
        )
        issues = plan.issues
    if issues or plan is None:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED,
            errors=[i.as_dict() for i in issues],
            finished_at=at,
        )
        job.refresh_from_db()
        return job
    total = 2 * max(1, len(plan.steps))
    try:
        summary = catalog_import(
            plan=plan,
            by=job.created_by,
            at=at,
            progress=lambda d, t: import_job_progress(job_id=job_id, done=t + d, total=2 * t),
        )
    except DomainError as exc:
        return _job_failed(job_id, message=exc.message, field=exc.field or "", at=at)
    except Exception:
        _job_failed(job_id, message="Lỗi hệ thống khi nhập; chưa nhập gì.", field="", at=at)
        raise
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportStatus.SUCCEEDED,
        done=total,
        total=total,
        summary=summary.as_dict(),
        finished_at=at,
    )
    job.refresh_from_db()
    return job


__all__ = [
    "ImportSummary",
    "catalog_import",
    "decision_create",
    "field_upsert",
    "import_job_run",
    "import_job_start",
    "procedure_abolish",
    "procedure_amend",
    "procedure_data_from_dict",
    "procedure_publish",
    "procedure_refresh_current",
    "process_set",
    "validation_context",
    "version_replace",
]
