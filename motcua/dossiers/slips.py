"""Map dossiers to the slips' dataclasses (motcua.slips.contents) and render them.

Reads only; call from a view or task, never inside a transition's transaction. Each
builder raises SlipUnavailable (409) when the dossier has no such slip yet (no apology, no
withdrawal…). The form set comes from the dossier's rule set (DOMAIN.md §3).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q

from motcua.catalog.selectors import format_time_limit
from motcua.core.clock import VN_TZ, local
from motcua.core.errors import Conflict, InvalidInput
from motcua.dossiers.extensions import fees_text
from motcua.dossiers.models import (
    Apology,
    Dossier,
    DossierStep,
    Refusal,
    ReturnMethod,
    StepKind,
    Supplement,
    Withdrawal,
)
from motcua.dossiers.rules import rule_set_by_code, rule_set_on
from motcua.dossiers.selectors import control_rows
from motcua.organization.models import Unit, UnitKind
from motcua.slips.contents import (
    ApologySlip,
    ControlSlip,
    HandOver,
    MissingItem,
    Party,
    ReceiptSlip,
    RefusalSlip,
    Slip,
    SlipDocument,
    SlipKind,
    StopSlip,
    SupplementSlip,
    TrackingBook,
    TrackingBookRow,
)
from motcua.slips.render import render_slip, render_tracking_book_pdf, render_tracking_book_xlsx

# The portal's look-up page (encoded in the receipt's QR code).
LOOKUP_PATH = "/tra-cuu/"
SLIP_KINDS = ("receipt", "supplement", "refusal", "apology", "stop", "control")


class SlipUnavailable(Conflict):
    """The dossier has no slip of this kind (yet)."""


def lookup_url(d: Dossier) -> str:
    base = str(getattr(settings, "MOTCUA_PUBLIC_BASE_URL", "")).rstrip("/")
    return f"{base}{LOOKUP_PATH}?{urlencode({'ma': d.code, 'mk': d.secret})}"


def _place(unit: Unit) -> str:
    """The province's place name for the date line ("Bình Dương, ngày …")."""
    node: Unit | None = unit
    while node is not None and node.kind != UnitKind.PROVINCE:
        node = node.parent
    if node is None:
        return ""
    name = node.name
    for prefix in ("UBND tỉnh ", "UBND thành phố ", "Ủy ban nhân dân tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _parent(unit: Unit | None) -> str:
    return unit.parent.name if unit is not None and unit.parent_id and unit.parent else ""


def _party(d: Dossier) -> Party:
    a = d.applicant
    return Party(
        name=a.full_name, id_number=a.id_number, address=a.address, phone=a.phone, email=a.email
    )


def _vn_year(year: int) -> tuple[dt.datetime, dt.datetime]:
    """[1 January, next 1 January) of `year` in Vietnam time."""
    return (
        dt.datetime(year, 1, 1, tzinfo=VN_TZ),
        dt.datetime(year + 1, 1, 1, tzinfo=VN_TZ),
    )


def book_number(d: Dossier) -> str:
    """The dossier's entry in its tracking book (desk, sector, year), numbered from 01."""
    if d.received_at is None:
        return ""
    start, end = _vn_year(local(d.received_at).year)
    same_book = Dossier.objects.filter(
        receiving_unit_id=d.receiving_unit_id,
        procedure_version__field_id=d.procedure_version.field_id,
        received_at__gte=start,
        received_at__lt=end,
    )
    before = same_book.filter(
        Q(received_at__lt=d.received_at) | Q(received_at=d.received_at, pk__lt=d.pk)
    ).count()
    return f"{before + 1:02d}"


def receipt_slip(d: Dossier) -> ReceiptSlip:
    if d.received_at is None or d.original_due_at is None:
        raise SlipUnavailable("Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận.")
    a = d.applicant
    unit = d.receiving_unit
    representative = (
        Party(
            name=a.rep_full_name,
            id_number=a.rep_citizen_id,
            address=a.rep_address,
            phone=a.rep_phone,
        )
        if a.rep_full_name
        else None
    )
    return ReceiptSlip(
        dossier_code=d.code,
        office=unit.name,
        office_parent=_parent(unit),
        place=_place(unit),
        applicant=_party(d),
        representative=representative,
        mandate=a.mandate,
        procedure=d.procedure_version.name,
        case=d.case.name if d.case else "",
        documents=[
            SlipDocument(name=doc.name, originals=doc.originals, copies=doc.copies)
            for doc in d.documents.filter(provided=True).order_by("pk")
        ],
        sets_count=d.sets_count,
        time_limit_text=format_time_limit(d.time_limit_value, d.time_limit_unit),
        received_at=d.received_at,
        due_at=d.original_due_at,
        result_place=unit.name + (f", {unit.address}" if unit.address else ""),
        book_number=book_number(d),
        receiving_officer=str(d.received_by or ""),
        lookup_url=lookup_url(d),
        secret=d.secret,
        fees_text=fees_text(d),
    )


def supplement_slip(d: Dossier) -> SupplementSlip:
    s = (
        Supplement.objects.filter(dossier=d)
        .select_related("requested_by")
        .order_by("-requested_at")
        .first()
    )
    if s is None:
        raise SlipUnavailable("Hồ sơ chưa có yêu cầu bổ sung.")
    unit = d.receiving_unit
    return SupplementSlip(
        code=d.code,
        office=unit.name,
        office_parent=_parent(unit),
        place=_place(unit),
        applicant=_party(d),
        procedure=d.procedure_version.name,
        items=[MissingItem(name=i.get("name", ""), reason=i.get("reason", "")) for i in s.items],
        officer=str(s.requested_by),
        at=s.requested_at,
        guidance=unit.phone and f"Liên hệ: {unit.name}, điện thoại {unit.phone}." or "",
    )


def refusal_slip(d: Dossier) -> RefusalSlip:
    r = Refusal.objects.filter(dossier=d).select_related("by").order_by("-at").first()
    if r is None:
        raise SlipUnavailable("Hồ sơ không có phiếu từ chối.")
    unit = d.receiving_unit
    return RefusalSlip(
        code=d.code,
        office=unit.name,
        office_parent=_parent(unit),
        place=_place(unit),
        applicant=_party(d),
        procedure=d.procedure_version.name,
        reasons=list(r.reasons),
        officer=str(r.by),
        at=r.at,
    )


def apology_slip(d: Dossier) -> ApologySlip:
    ap = Apology.objects.filter(dossier=d).select_related("agency__parent").order_by("-at").first()
    if ap is None or d.received_at is None:
        raise SlipUnavailable("Hồ sơ chưa có phiếu xin lỗi, hẹn lại.")
    return ApologySlip(
        code=d.code,
        agency=ap.agency.name,
        agency_parent=_parent(ap.agency),
        place=_place(ap.agency),
        applicant=_party(d),
        procedure=d.procedure_version.name,
        received_at=d.received_at,
        old_due_at=ap.old_due_at,
        new_due_at=ap.new_due_at,
        reason=ap.reason,
        at=ap.at,
        signer=ap.signer,
    )


def stop_slip(d: Dossier) -> StopSlip:
    wd = (
        Withdrawal.objects.filter(dossier=d, stopped_at__isnull=False)
        .select_related("stopped_by")
        .order_by("-stopped_at")
        .first()
    )
    if wd is None or wd.stopped_at is None or d.received_at is None:
        raise SlipUnavailable("Hồ sơ chưa có thông báo dừng giải quyết.")
    unit = d.receiving_unit
    return StopSlip(
        code=d.code,
        office=unit.name,
        office_parent=_parent(unit),
        place=_place(unit),
        applicant=_party(d),
        procedure=d.procedure_version.name,
        received_at=d.received_at,
        requested_at=wd.requested_at,
        reason=wd.reason or "Theo đề nghị rút hồ sơ của người nộp.",
        at=wd.stopped_at,
        officer=str(wd.stopped_by or ""),
    )


def _person(user: object) -> str:
    return str(user) if user is not None else ""


def hand_overs(d: Dossier) -> list[HandOver]:
    """One row per hand-over: from the step that closed to the step that opened, at that
    moment, with the closed step's timeliness."""
    rows: list[HandOver] = []
    steps: list[DossierStep] = control_rows(d)
    for s in steps:
        if s.kind == StepKind.FIELD_CHECK:
            rows.append(
                HandOver(
                    from_unit=s.unit.name,
                    from_person=_person(s.assignee),
                    to_unit=s.details.get("place", ""),
                    at=s.started_at,  # type: ignore[arg-type]
                    timeliness=None,
                    note="Kiểm tra thực địa: " + ", ".join(s.details.get("participants", [])),
                )
            )
            continue
        src = s.from_step
        if src is None:
            continue
        note = s.note if s.kind == StepKind.CONSULT else src.note
        rows.append(
            HandOver(
                from_unit=src.unit.name,
                from_person=_person(src.finished_by or src.assignee)
                if s.kind != StepKind.CONSULT
                else _person(src.assignee),
                to_unit=s.unit.name,
                to_person=_person(s.assignee),
                at=s.started_at,  # type: ignore[arg-type]
                timeliness=(src.timeliness or None) if s.kind != StepKind.CONSULT else None,
                note=(("Xin ý kiến. " if s.kind == StepKind.CONSULT else "") + (note or ""))[:500],
            )
        )
        if s.kind == StepKind.CONSULT and s.finished_at is not None:
            rows.append(
                HandOver(
                    from_unit=s.unit.name,
                    from_person=_person(s.finished_by),
                    to_unit=src.unit.name,
                    at=s.finished_at,
                    timeliness=s.timeliness or None,
                    note="Trả lời xin ý kiến",
                )
            )
    if d.returned_at is not None and d.returned_how:
        last = steps[-1] if steps else None
        rows.append(
            HandOver(
                from_unit=d.receiving_unit.name,
                from_person=_person(d.returned_by),
                to_unit="Người nộp hồ sơ",
                to_person=d.collector_name,
                at=d.returned_at,
                timeliness=(last.timeliness or None) if last else None,
                note=str(ReturnMethod(d.returned_how).label),
            )
        )
    return sorted(rows, key=lambda r: r.at)


def control_slip(d: Dossier) -> ControlSlip:
    if d.received_at is None or d.due_at is None:
        raise SlipUnavailable("Hồ sơ chưa được tiếp nhận nên chưa có phiếu kiểm soát.")
    unit = d.receiving_unit
    cooperating = [u.name for u in d.procedure_version.cooperating_agencies.all()]
    return ControlSlip(
        code=d.code,
        office=unit.name,
        office_parent=_parent(unit),
        lead_agency=(d.lead_agency or unit).name,
        cooperating_agencies=cooperating,
        received_at=d.received_at,
        due_at=d.due_at,
        rows=hand_overs(d),
    )


BUILDERS: dict[str, Callable[[Dossier], Slip]] = {
    "receipt": receipt_slip,
    "supplement": supplement_slip,
    "refusal": refusal_slip,
    "apology": apology_slip,
    "stop": stop_slip,
    "control": control_slip,
}


def dossier_slip(d: Dossier, kind: str) -> Slip:
    if kind not in BUILDERS:
        raise InvalidInput(
            "Loại phiếu phải là một trong: " + ", ".join(SLIP_KINDS) + ".", field="kind"
        )
    return BUILDERS[kind](d)


def dossier_slip_pdf(d: Dossier, kind: str) -> bytes:
    """PDF bytes of the dossier's slip of `kind`, in its rule set's form set."""
    slip = dossier_slip(d, kind)
    return render_slip(SlipKind(kind), slip, rule_set=rule_set_by_code(d.rule_set).forms)


# --- Tracking book ----------------------------------------------------------------------------


def tracking_book(unit: Unit, *, year: int, field_code: str = "") -> tuple[TrackingBook, str]:
    """The tracking book of a desk for one year (and one sector, or all), numbered from 01
    in order of reception; returns the book and the rule set of its form."""
    from motcua.catalog.models import Field

    if not 2000 <= year <= 2100:
        raise InvalidInput("Năm không hợp lệ.", field="year")
    start, end = _vn_year(year)
    qs = Dossier.objects.filter(
        receiving_unit=unit, received_at__gte=start, received_at__lt=end
    ).select_related("applicant", "procedure_version", "lead_agency")
    sector = "Tất cả lĩnh vực"
    if field_code:
        sector_field = Field.objects.filter(code=field_code).first()
        if sector_field is None:
            raise InvalidInput(f"Không có lĩnh vực mã “{field_code}”.", field="field")
        qs = qs.filter(procedure_version__field=sector_field)
        sector = sector_field.name
    rows = [
        TrackingBookRow(
            code=d.code,
            procedure=d.procedure_version.name,
            applicant=d.applicant.full_name,
            address=d.applicant.address,
            phone=d.applicant.phone,
            lead_agency=d.lead_agency.name if d.lead_agency else "",
            received_at=d.received_at,  # type: ignore[arg-type]
            due_at=d.due_at or d.received_at,  # type: ignore[arg-type]
            returned_at=d.returned_at,
            collected_how=str(ReturnMethod(d.returned_how).label) if d.returned_how else "",
            note=d.get_status_display() if d.status in ("stopped",) else "",
        )
        for d in qs.order_by("received_at", "pk")
    ]
    # The book's form is that of the rule set in force at the end of its year.
    forms = rule_set_on(dt.date(year, 12, 31)).forms
    book = TrackingBook(
        unit=unit.name, unit_parent=_parent(unit), sector=sector, year=year, rows=rows
    )
    return book, forms


def tracking_book_pdf(unit: Unit, *, year: int, field_code: str = "") -> bytes:
    book, forms = tracking_book(unit, year=year, field_code=field_code)
    return render_tracking_book_pdf(book, rule_set=forms)


def tracking_book_xlsx(unit: Unit, *, year: int, field_code: str = "") -> bytes:
    book, forms = tracking_book(unit, year=year, field_code=field_code)
    return render_tracking_book_xlsx(book, rule_set=forms)
