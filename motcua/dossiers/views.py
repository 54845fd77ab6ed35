"""Staff pages of the dossier lifecycle (/staff/dossiers/): the reception desk, the inbox,
the dossier page with its actions, slips as PDF, and the tracking book.

Views read the clock once, parse the request with a form, call one service or selector,
and render. Errors from the services (DomainError) come back beside the field they name,
with their status code (422 bad input, 409 wrong state or stale version, 403 not allowed);
nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.accounts.decorators import staff_required
from motcua.accounts.models import User
from motcua.catalog.models import Field, ProcedureVersion, TimeUnit
from motcua.catalog.search_index import SearchHit
from motcua.catalog.selectors import format_time_limit, procedure_search, version_in_force
from motcua.core.clock import local, now
from motcua.core.errors import DomainError, InvalidInput, NotFound
from motcua.core.text import clean
from motcua.documents import hooks as document_hooks
from motcua.documents import selectors as document_selectors
from motcua.documents import services as document_services
from motcua.documents.models import StoreDocument
from motcua.dossiers import forms as f
from motcua.dossiers import page_selectors as ps
from motcua.dossiers import selectors, services, slips
from motcua.dossiers.models import (
    ApplicantKind,
    Channel,
    Dossier,
    DossierDocument,
    IdempotencyRecord,
    Result,
)
from motcua.dossiers.services import StaleVersion
from motcua.dossiers.validators import normalize_citizen_id, normalize_tax_code
from motcua.dossiers.workflow import Action, Status
from motcua.organization.models import Unit, UnitKind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

RECEPTION_ENDPOINT = "html:dossiers:receive"
OUTCOME_DONE = {
    "receive": _("Đã tiếp nhận hồ sơ {code}. In giấy tiếp nhận và hẹn trả kết quả cho người nộp."),
    "same_day": _("Đã giải quyết và trả kết quả ngay hồ sơ {code}."),
    "supplement": _("Đã lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ {code}."),
    "refuse": _("Đã lập phiếu từ chối tiếp nhận hồ sơ {code}."),
}
SEARCH_LIMIT = 10


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - staff_required guarantees it
    return user


# --- Reception ---------------------------------------------------------------------------------


def _resolve_version(code: str, on: dt.date) -> tuple[ProcedureVersion | None, str]:
    """The version in force of the chosen procedure, or an error message for the field."""
    if not code:
        return None, ""
    try:
        return version_in_force(code, on), ""
    except NotFound as exc:
        return None, exc.message


def _applicant_input(data: dict[str, Any]) -> services.ApplicantInput:
    org = data["kind"] == ApplicantKind.ORGANIZATION
    return services.ApplicantInput(
        kind=data["kind"],
        full_name=data["org_name"] if org else data["full_name"],
        citizen_id="" if org else data["citizen_id"],
        date_of_birth=None if org else data.get("date_of_birth"),
        tax_code=data["tax_code"] if org else "",
        legal_representative=data["legal_representative"] if org else "",
        address=data["address"],
        phone=data["phone"],
        email=data["email"],
        rep_full_name=data["rep_full_name"],
        rep_citizen_id=data["rep_citizen_id"],
        rep_phone=data["rep_phone"],
        rep_address=data["rep_address"],
        mandate=data["mandate"],
    )


def _reception_input(form: f.ReceptionForm, unit: Unit) -> services.ReceptionInput:
    data = form.cleaned_data
    documents = [
        services.DocumentInput(
            required_document_id=doc.pk,
            originals=data.get(f"doc_{doc.pk}_originals"),
            copies=data.get(f"doc_{doc.pk}_copies"),
        )
        for doc in form.ticked()
    ]
    return services.ReceptionInput(
        procedure_code=data["procedure"],
        case_code=data.get("case") or "",
        receiving_unit=unit,
        channel=data["channel"],
        applicant=_applicant_input(data),
        documents=documents,
        sets_count=data.get("sets_count") or 1,
    )


def _missing_items(form: f.ReceptionForm) -> list[services.MissingItem]:
    """Every missing item at once: the unticked mandatory documents, then the lines typed."""
    items = [
        services.MissingItem(name=doc.name, reason=str(_("Chưa có trong hồ sơ")))
        for doc in form.unticked()
        if doc.mandatory
    ]
    items += [services.MissingItem(name=line) for line in f.lines(form.cleaned_data["extra_items"])]
    return items


def _once(user: User, token: str, at: dt.datetime, make: Callable[[], Dossier]) -> str:
    """Run `make` once per (user, form token): a double submit or a retry of the same form
    returns the dossier the first one created. The key is claimed first, in the same
    transaction as the dossier, so a concurrent duplicate waits and then finds it."""
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.filter(actor=user, key=token).first()
            if record is not None:
                return str(record.response_body.get("code", ""))
            record = IdempotencyRecord.objects.create(
                key=token,
                actor=user,
                endpoint=RECEPTION_ENDPOINT,
                request_hash="",
                response_status=202,
                response_body={},
                created_at=at,
            )
            dossier = make()
            record.response_status = 201
            record.response_body = {"code": dossier.code}
            record.save(update_fields=["response_status", "response_body"])
            return dossier.code
    except IntegrityError:
        record = IdempotencyRecord.objects.filter(actor=user, key=token).first()
        if record is None or not record.response_body.get("code"):
            raise
        return str(record.response_body["code"])


def _channel_choices(user: User, on: dt.date) -> list[tuple[str, str]]:
    counter = (Channel.COUNTER.value, str(Channel.COUNTER.label))
    post = (Channel.POST.value, str(Channel.POST.label))
    return [post, counter] if ps.is_postal_officer(user, on=on) else [counter, post]


def _search(q: str) -> list[SearchHit]:
    if not q.strip():
        return []
    try:
        return procedure_search(q, page_size=SEARCH_LIMIT).items
    except DomainError:
        return []


@staff_required
@require_http_methods(["GET", "POST"])
def receive(request: HttpRequest) -> HttpResponse:
    """The reception desk: one form, exactly one outcome per dossier checked."""
    at = now()
    on = local(at).date()
    user = _user(request)
    units = ps.desk_units(user, on=on)
    if not units:
        raise PermissionDenied(_("Chỉ cán bộ tiếp nhận (một cửa) mới dùng được quầy tiếp nhận."))
    outcome = request.POST.get("outcome", "") if request.method == "POST" else ""
    if request.method == "POST" and request.POST.get("pick"):
        outcome = "pick"
    data = request.POST.copy() if request.method == "POST" else None
    source = data if data is not None else request.GET
    if data is not None and outcome == "pick":
        data["procedure"] = request.POST.get("pick", "")
        data["case"] = ""
    code = (source.get("procedure") or "").strip()
    version, version_error = _resolve_version(code, on)
    cases = list(version.cases.all()) if version else []
    case_code = (source.get("case") or "").strip()
    case = next((c for c in cases if c.code == case_code), None)
    documents = version.documents_for(case) if version else []

    initial: dict[str, Any] = {
        "token": uuid.uuid4().hex,
        "channel": _channel_choices(user, on)[0][0],
        "kind": ApplicantKind.INDIVIDUAL,
        "sets_count": 1,
        "procedure": code,
        "case": case_code,
        "q": request.GET.get("q", ""),
    }
    form = f.ReceptionForm(
        data,
        request.FILES if data is not None else None,
        units=[(u.code, u.name) for u in units],
        channels=_channel_choices(user, on),
        cases=cases,
        documents=documents,
        outcome=outcome if outcome in f.OUTCOMES else "",
        initial=initial,
    )
    form.offers = _store_offers(source, documents, on)
    status = 200
    if outcome in f.OUTCOMES:
        if version_error:
            form.add_error("procedure", version_error)
        if form.is_valid() and version is not None:
            unit = next(u for u in units if u.code == form.cleaned_data["receiving_unit"])
            try:
                scans = _digitisations(form, outcome, unit, at)
                dossier_code = _reception_outcome(form, outcome, unit, user, at, scans)
            except services.MissingDocuments as exc:
                missing = exc.details.get("missing", [])
                form.missing_names = (
                    {str(n) for n in missing} if isinstance(missing, list) else set()
                )
                form.add_error(None, exc.message)
                for doc in form.documents:
                    if doc.name in form.missing_names:
                        form.add_error(f"doc_{doc.pk}", _("Thiếu giấy tờ bắt buộc này."))
                status = exc.status_code
            except DomainError as exc:
                f.attach_domain_error(form, exc, f.RECEPTION_FIELDS)
                status = exc.status_code
            else:
                messages.success(request, OUTCOME_DONE[outcome].format(code=dossier_code))
                return redirect(
                    reverse("dossiers:detail", kwargs={"code": dossier_code}) + "#status"
                )
        else:
            status = 422
    q = source.get("q", "") or ""
    same_day = bool(version) and version.time_limit_for(case)[1] == TimeUnit.SAME_DAY  # type: ignore[union-attr]
    context = {
        "form": form,
        "version": version,
        "version_error": version_error,
        "case": case,
        "same_day": same_day,
        "time_limit": format_time_limit(*version.time_limit_for(case)) if version else "",
        "results": _search(q) if (outcome == "search" or (data is None and q)) else [],
        "searched": bool(q.strip()) and (outcome == "search" or data is None),
        "q": q,
        "waiting": ps.online_waiting(user, on=on),
        "focus": "procedure-part"
        if outcome == "pick"
        else ("" if status == 200 else "form-errors"),
    }
    return render(request, "dossiers/receive.html", context, status=status)


def _typed_owner(source: Any) -> tuple[str, str] | None:
    """The store owner (citizen ID or tax code) typed in the form so far, if well formed."""
    numbers = {"citizen_id": "", "tax_code": ""}
    for name, normalize in (("citizen_id", normalize_citizen_id), ("tax_code", normalize_tax_code)):
        raw = (source.get(name) or "").strip()
        if raw:
            try:
                numbers[name] = normalize(raw)
            except InvalidInput:
                numbers[name] = ""
    return document_selectors.owner_for(source.get("kind") or ApplicantKind.INDIVIDUAL, **numbers)


def _store_offers(source: Any, documents: list[Any], on: dt.date) -> dict[int, list[Any]]:
    """The applicant's store documents that satisfy each required document (by its id)."""
    return document_selectors.store_offers(
        owner=_typed_owner(source), documents=[(d.pk, d.name) for d in documents], on=on
    )


def _digitisations(
    form: f.ReceptionForm, outcome: str, unit: Unit, at: dt.datetime
) -> list[document_services.ReceptionDigitisation]:
    """Số hóa at reception: what the desk chose for each ticked document (a scan — checked,
    stored and signed here, before the reception's transaction —, a store document to reuse,
    or no scan needed). Recorded by `reception_digitise` in the reception's transaction."""
    if outcome not in f.DIGITISING_OUTCOMES:
        return []
    data = form.cleaned_data
    items = []
    for doc in form.ticked():
        key = f"doc_{doc.pk}"
        uploads = [(u.name or "", u.read()) for u in data.get(f"{key}_file") or []]
        scan = None
        if uploads:
            scan = document_services.scan_prepare(
                scan=document_services.scan_input_from_uploads(
                    uploads, paper_pages=data.get(f"{key}_pages") or 0
                ),
                unit=unit,
                at=at,
                field=f"{key}_file",
                pages_field=f"{key}_pages",
            )
        reuse = None
        if data.get(f"{key}_reuse"):
            reuse = StoreDocument.objects.filter(pk=data[f"{key}_reuse"]).first()
            if reuse is None:
                raise NotFound("Không có giấy tờ này trong kho dữ liệu.", field=f"{key}_reuse")
        no_scan = data.get(f"{key}_no_scan") or ""
        if scan or reuse or no_scan:
            items.append(
                document_services.ReceptionDigitisation(
                    required_document_id=doc.pk, scan=scan, no_scan=no_scan, reuse=reuse
                )
            )
    return items


def _reception_outcome(
    form: f.ReceptionForm,
    outcome: str,
    unit: Unit,
    user: User,
    at: dt.datetime,
    scans: list[document_services.ReceptionDigitisation],
) -> str:
    reception = _reception_input(form, unit)
    data = form.cleaned_data
    make: Callable[[], Dossier]

    def digitised(d: Dossier) -> Dossier:
        document_services.reception_digitise(dossier=d, items=scans, by=user, at=at)
        return d

    if outcome == "receive":

        def make() -> Dossier:
            return digitised(services.dossier_receive(reception=reception, by=user, at=at))

    elif outcome == "same_day":

        def make() -> Dossier:
            return digitised(
                services.dossier_solve_same_day(
                    reception=reception,
                    by=user,
                    at=at,
                    result_number=data["result_number"],
                    result_summary=data["result_summary"],
                )
            )

    elif outcome == "supplement":
        items = _missing_items(form)

        def make() -> Dossier:
            return services.dossier_request_supplement_at_desk(
                items=items,
                reception=reception,
                reason=data["supplement_reason"],
                by=user,
                at=at,
            )

    else:
        reasons = f.lines(data["refuse_reasons"])

        def make() -> Dossier:
            return services.dossier_refuse_at_desk(
                reasons=reasons, reception=reception, by=user, at=at
            )

    return _once(user, f"html-reception:{data['token']}", at, make)


@staff_required
@require_GET
def procedure_results(request: HttpRequest) -> HttpResponse:
    """htmx: the procedures matching the search box (diacritics ignored)."""
    q = request.GET.get("q", "")
    return render(
        request,
        "dossiers/_procedure_results.html",
        {"results": _search(q), "q": q, "searched": bool(q.strip())},
    )


@staff_required
@require_GET
def checklist(request: HttpRequest) -> HttpResponse:
    """htmx: the required documents of the chosen procedure and case."""
    at = now()
    on = local(at).date()
    code = (request.GET.get("procedure") or "").strip()
    version, error = _resolve_version(code, on)
    if version is None:
        raise Http404(error or _("Chưa chọn thủ tục."))
    case_code = (request.GET.get("case") or "").strip()
    case = next((c for c in version.cases.all() if c.code == case_code), None)
    documents = version.documents_for(case)
    form = f.ReceptionForm(
        None,
        cases=list(version.cases.all()),
        documents=documents,
        initial={"case": case_code},
    )
    form.offers = _store_offers(request.GET, documents, on)
    return render(
        request,
        "dossiers/_checklist.html",
        {
            "form": form,
            "version": version,
            "case": case,
            "time_limit": format_time_limit(*version.time_limit_for(case)),
            "same_day": version.time_limit_for(case)[1] == TimeUnit.SAME_DAY,
        },
    )


@staff_required
@require_GET
def reception_offers(request: HttpRequest) -> HttpResponse:
    """htmx: the applicant's store documents offered for each required document, once the
    citizen ID or tax code is typed (out-of-band swaps into the checklist's rows)."""
    on = local(now()).date()
    version, _error = _resolve_version((request.GET.get("procedure") or "").strip(), on)
    if version is None:
        return HttpResponse(status=204)
    case_code = (request.GET.get("case") or "").strip()
    case = next((c for c in version.cases.all() if c.code == case_code), None)
    documents = version.documents_for(case)
    offers = _store_offers(request.GET, documents, on)
    rows = [{"doc": doc, "offers": offers.get(doc.pk, [])} for doc in documents]
    return render(request, "dossiers/_reuse_offers_oob.html", {"rows": rows})


# --- Inbox ---------------------------------------------------------------------------------------

BOX_LABELS = {
    "todo": _("Cần xử lý"),
    "due_soon": _("Sắp đến hạn"),
    "overdue": _("Quá hạn"),
    "waiting": _("Chờ đơn vị khác"),
    "all": _("Tất cả"),
}


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Mã hồ sơ hoặc tên người nộp"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    unit = forms.ChoiceField(label=_("Đơn vị"), required=False)
    due_before = forms.DateField(
        label=_("Hạn trả đến ngày"),
        required=False,
        input_formats=f.DATE_FORMATS,
        widget=f.DateInput,
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Tất cả trạng thái"))] + list(Status.choices)  # type: ignore[attr-defined]
        self.fields["unit"].choices = [("", _("Tất cả đơn vị"))] + [  # type: ignore[attr-defined]
            (u.code, u.name) for u in units
        ]


def _page_links(page: int, num_pages: int, around: int = 2) -> list[int | None]:
    wanted = {1, num_pages, *range(page - around, page + around + 1)}
    numbers = sorted(n for n in wanted if 1 <= n <= num_pages)
    links: list[int | None] = []
    previous = 0
    for n in numbers:
        if previous and n - previous > 1:
            links.append(None)
        links.append(n)
        previous = n
    return links


def _rows(items: list[Dossier], at: dt.datetime) -> list[dict[str, Any]]:
    return [
        {
            "d": d,
            "left": ps.work_left(d.due_at, at=at)
            if d.due_at and d.status in (Status.RECEIVED, Status.PROCESSING)
            else None,
        }
        for d in items
    ]


@staff_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    at = now()
    on = local(at).date()
    user = _user(request)
    box = request.GET.get("box", "todo")
    if box not in BOX_LABELS:
        box = "todo"
    counts = selectors.inbox_counts(user, at=at)
    context: dict[str, Any] = {
        "box": box,
        "tabs": [(key, label, counts.get(key)) for key, label in BOX_LABELS.items()],
        "box_label": BOX_LABELS[box],
    }
    if box == "all":
        form = ListFilterForm(request.GET, units=ps.unit_choices(user, on=on))
        form.is_valid()
        v = getattr(form, "cleaned_data", {})
        due_before = v.get("due_before") if "due_before" not in form.errors else None
        filters = selectors.DossierFilters(
            status=v.get("status") or "",
            unit=v.get("unit") or "",
            due_before=(
                dt.datetime.combine(
                    due_before + dt.timedelta(days=1), dt.time(0, 0), tzinfo=local(at).tzinfo
                )
                if due_before
                else None
            ),
            q=v.get("q") or "",
        )
        page = v.get("page") or 1
        items, total = selectors.dossier_list(user, filters, at=at, page=page)
        num_pages = max(1, -(-total // selectors.PAGE_SIZE))
        params = request.GET.copy()
        params.pop("page", None)
        context.update(
            form=form,
            rows=_rows(items, at),
            total=total,
            page=page,
            num_pages=num_pages,
            page_links=_page_links(page, num_pages),
            base_query=params.urlencode(),
        )
    else:
        try:
            page = max(1, int(request.GET.get("page", "1")))
        except ValueError:
            page = 1
        result = selectors.inbox(user, box, page, at=at)
        context.update(
            rows=_rows(result.items, at),
            page=result.page,
            has_next=result.has_next,
            base_query=urlencode({"box": box}),
        )
    return render(request, "dossiers/inbox.html", context)


# --- The dossier page and its actions ---------------------------------------------------------


@dataclass
class ActionSpec:
    """One action's form on the dossier page and the service call it makes."""

    form: type[f.VersionForm]
    run: Callable[[Dossier, dict[str, Any], User, dt.datetime, int], Dossier]
    done: StrOrPromise  # success message
    danger: bool = False


def _user_by_pk(pk: int, field: str) -> User:
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None:
        raise InvalidInput(str(_("Không tìm thấy cán bộ đã chọn.")), field=field)
    return user


def _unit_by_code(code: str, field: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise InvalidInput(str(_("Không tìm thấy đơn vị đã chọn.")), field=field)
    return unit


def _documents(data: dict[str, Any]) -> list[services.DocumentInput]:
    upload = data.get("document_file")
    name = clean(data.get("document_name") or "")
    if not upload and not name:
        return []
    return [services.DocumentInput(name=name, file=upload or None)]


ACTIONS: dict[str, ActionSpec] = {
    Action.ACCEPT: ActionSpec(
        f.VersionForm,
        lambda d, v, u, at, ver: services.dossier_accept_online(
            dossier=d, by=u, at=at, version=ver
        ),
        _("Đã tiếp nhận hồ sơ trực tuyến."),
    ),
    Action.REQUEST_SUPPLEMENT_AT_DESK: ActionSpec(
        f.DeskSupplementForm,
        lambda d, v, u, at, ver: services.dossier_request_supplement_at_desk(
            dossier=d,
            items=[services.MissingItem(name=i) for i in v["items"]],
            reason=v["reason"],
            by=u,
            at=at,
            version=ver,
        ),
        _("Đã lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."),
    ),
    Action.REFUSE_AT_DESK: ActionSpec(
        f.DeskRefuseForm,
        lambda d, v, u, at, ver: services.dossier_refuse_at_desk(
            dossier=d, reasons=v["reasons"], by=u, at=at, version=ver
        ),
        _("Đã lập phiếu từ chối tiếp nhận."),
        danger=True,
    ),
    Action.CLAIM: ActionSpec(
        f.VersionForm,
        lambda d, v, u, at, ver: services.step_claim(dossier=d, by=u, at=at, version=ver),
        _("Bạn đã nhận xử lý hồ sơ."),
    ),
    Action.ASSIGN: ActionSpec(
        f.AssignForm,
        lambda d, v, u, at, ver: services.step_assign(
            dossier=d,
            assignee=_user_by_pk(v["assignee"], "assignee"),
            note=v["note"],
            by=u,
            at=at,
            version=ver,
        ),
        _("Đã phân công xử lý."),
    ),
    Action.TRANSFER: ActionSpec(
        f.NoteForm,
        lambda d, v, u, at, ver: services.step_transfer(
            dossier=d, note=v["note"], by=u, at=at, version=ver
        ),
        _("Đã chuyển hồ sơ sang bước tiếp theo."),
    ),
    Action.SEND_BACK: ActionSpec(
        f.SendBackForm,
        lambda d, v, u, at, ver: services.step_send_back(
            dossier=d, to_order=v["to_order"], reason=v["reason"], by=u, at=at, version=ver
        ),
        _("Đã trả lại hồ sơ cho bước trước."),
    ),
    Action.FORWARD: ActionSpec(
        f.ForwardForm,
        lambda d, v, u, at, ver: services.dossier_forward(
            dossier=d,
            to_agency=_unit_by_code(v["to_agency"], "to_agency"),
            to_unit=_unit_by_code(v["to_unit"], "to_unit") if v["to_unit"] else None,
            role=v["role"],
            budget_hours=v["budget_hours"],
            task=v["task"],
            by=u,
            at=at,
            version=ver,
        ),
        _("Đã chuyển liên thông."),
    ),
    Action.CONSULT: ActionSpec(
        f.ConsultForm,
        lambda d, v, u, at, ver: services.step_consult(
            dossier=d,
            unit=_unit_by_code(v["unit"], "unit"),
            question=v["question"],
            days=v["days"],
            by=u,
            at=at,
            version=ver,
        ),
        _("Đã gửi xin ý kiến."),
    ),
    Action.CONSULT_ANSWER: ActionSpec(
        f.ConsultAnswerForm,
        lambda d, v, u, at, ver: services.step_consult_answer(
            dossier=d, consult_id=v["consult_id"], opinion=v["opinion"], by=u, at=at, version=ver
        ),
        _("Đã gửi ý kiến trả lời."),
    ),
    Action.FIELD_CHECK: ActionSpec(
        f.FieldCheckForm,
        lambda d, v, u, at, ver: services.step_record_field_check(
            dossier=d,
            checked_at=v["checked_at"],
            place=v["place"],
            participants=f.lines(v["participants"]),
            findings=v["findings"],
            by=u,
            at=at,
            version=ver,
        ),
        _("Đã ghi nhận kiểm tra thực địa."),
    ),
    Action.REQUEST_SUPPLEMENT: ActionSpec(
        f.SupplementForm,
        lambda d, v, u, at, ver: services.dossier_request_supplement(
            dossier=d,
            items=[services.MissingItem(name=i) for i in v["items"]],
            reason=v["reason"],
            override_reason=v["override_reason"],
            by=u,
            at=at,
            version=ver,
        ),
        _("Đã yêu cầu bổ sung hồ sơ; thời hạn giải quyết tạm dừng."),
    ),
    Action.RECEIVE_SUPPLEMENT: ActionSpec(
        f.ReceiveSupplementForm,
        lambda d, v, u, at, ver: services.dossier_receive_supplement(
            dossier=d, documents=_documents(v), note=v["note"], by=u, at=at, version=ver
        ),
        _("Đã nhận hồ sơ bổ sung."),
    ),
    Action.REQUEST_OBLIGATION: ActionSpec(
        f.ObligationForm,
        lambda d, v, u, at, ver: services.dossier_request_obligation(
            dossier=d, reason=v["reason"], amount=v["amount"], by=u, at=at, version=ver
        ),
        _("Đã yêu cầu thực hiện nghĩa vụ tài chính; thời hạn tạm dừng."),
    ),
    Action.OBLIGATION_PAID: ActionSpec(
        f.ObligationPaidForm,
        lambda d, v, u, at, ver: services.dossier_obligation_paid(
            dossier=d, reference=v["reference"], by=u, at=at, version=ver
        ),
        _("Đã ghi nhận hoàn thành nghĩa vụ tài chính."),
    ),
    Action.REFUSE: ActionSpec(
        f.RefuseForm,
        lambda d, v, u, at, ver: services.dossier_refuse_after_appraisal(
            dossier=d,
            reasons=v["reasons"],
            number=v["number"],
            document=v.get("document") or None,
            by=u,
            at=at,
            version=ver,
        ),
        _("Đã lập văn bản từ chối giải quyết."),
        danger=True,
    ),
    Action.APOLOGIZE: ActionSpec(
        f.ApologyForm,
        lambda d, v, u, at, ver: services.dossier_apologize(
            dossier=d,
            reason=v["reason"],
            new_due_at=v["new_due_at"],
            signer=v["signer"],
            by=u,
            at=at,
            version=ver,
        ),
        _("Đã lập phiếu xin lỗi và hẹn lại ngày trả."),
    ),
    Action.REQUEST_WITHDRAWAL: ActionSpec(
        f.WithdrawalForm,
        lambda d, v, u, at, ver: services.dossier_request_withdrawal(
            dossier=d, reason=v["reason"], by=u, at=at, version=ver
        ),
        _("Đã ghi nhận đề nghị rút hồ sơ."),
        danger=True,
    ),
    Action.STOP: ActionSpec(
        f.VersionForm,
        lambda d, v, u, at, ver: services.dossier_stop(dossier=d, by=u, at=at, version=ver),
        _("Đã ra thông báo dừng giải quyết."),
        danger=True,
    ),
    Action.ATTACH_RESULT: ActionSpec(
        f.ResultForm,
        lambda d, v, u, at, ver: document_hooks.after_result_attached(
            services.dossier_attach_result(
                dossier=d,
                number=v["number"],
                summary=v["summary"],
                signed_by=v["signed_by"],
                signed_at=at,
                document=v.get("document") or None,
                by=u,
                at=at,
                version=ver,
            ),
            by=u,
            at=at,
        ),
        _("Đã cập nhật kết quả; hồ sơ chuyển bộ phận trả kết quả."),
    ),
    Action.RETURN: ActionSpec(
        f.ReturnForm,
        lambda d, v, u, at, ver: document_hooks.after_returned(
            services.dossier_return(
                dossier=d,
                how=v["how"],
                collector_id=v["collector_id"],
                collector_name=v["collector_name"],
                mandate=v["mandate"],
                note=v["note"],
                by=u,
                at=at,
                version=ver,
            ),
            at=at,
        ),
        _("Đã trả kết quả."),
    ),
}

# The order the actions appear in on the page (most common first).
ACTION_ORDER: tuple[str, ...] = (
    Action.ACCEPT,
    Action.CLAIM,
    Action.TRANSFER,
    Action.ATTACH_RESULT,
    Action.RETURN,
    Action.ASSIGN,
    Action.FORWARD,
    Action.SEND_BACK,
    Action.CONSULT,
    Action.CONSULT_ANSWER,
    Action.FIELD_CHECK,
    Action.REQUEST_SUPPLEMENT,
    Action.REQUEST_SUPPLEMENT_AT_DESK,
    Action.RECEIVE_SUPPLEMENT,
    Action.REQUEST_OBLIGATION,
    Action.OBLIGATION_PAID,
    Action.APOLOGIZE,
    Action.REFUSE,
    Action.REFUSE_AT_DESK,
    Action.REQUEST_WITHDRAWAL,
    Action.STOP,
)


def _form_kwargs(action: str, d: Dossier, user: User, at: dt.datetime) -> dict[str, Any]:
    """Choices each action's form needs (people, units, earlier steps)."""
    on = local(at).date()
    if action == Action.ASSIGN and d.current_step is not None:
        return {"people": [(u.pk, str(u)) for u in ps.assignable_users(d.current_step, on=on)]}
    if action == Action.SEND_BACK:
        return {
            "targets": [
                (s.order, f"{s.order}. {s.get_role_display()} — {s.unit}")
                for s in ps.send_back_targets(d)
            ]
        }
    if action in (Action.FORWARD, Action.CONSULT):
        units = list(ps.forward_agencies(on=on))
        agencies = [(u.code, u.name) for u in units if u.kind != UnitKind.SUBUNIT]
        subunits = [
            (u.code, f"{u.name} ({u.parent.name})" if u.parent else u.name)
            for u in units
            if u.kind == UnitKind.SUBUNIT
        ]
        if action == Action.FORWARD:
            return {"agencies": agencies, "subunits": subunits}
        return {"units": agencies + subunits}
    return {}


def _initial(action: str, d: Dossier) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": d.version}
    if action == Action.REQUEST_SUPPLEMENT_AT_DESK:
        provided = set(
            d.documents.filter(provided=True, required_document__isnull=False).values_list(
                "required_document_id", flat=True
            )
        )
        missing = [
            r.name
            for r in d.procedure_version.documents_for(d.case)
            if r.mandatory and r.pk not in provided
        ]
        initial["items"] = "\n".join(missing)
    if action == Action.RETURN and d.applicant is not None:
        initial["collector_name"] = ""
    return initial


def _action_forms(
    d: Dossier,
    abilities: ps.DossierAbilities,
    user: User,
    at: dt.datetime,
    bound: tuple[str, forms.Form] | None,
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for action in ACTION_ORDER:
        if not abilities.can(action):
            continue
        spec = ACTIONS[action]
        if action == Action.CONSULT_ANSWER:
            for consult in abilities.answerable_consults:
                form: forms.Form = spec.form(
                    initial={"version": d.version, "consult_id": consult.pk}
                )
                if (
                    bound
                    and bound[0] == action
                    and str(bound[1].data.get("consult_id")) == str(consult.pk)
                ):
                    form = bound[1]
                rows.append(
                    {
                        "name": action,
                        "label": f"{Action(action).label}: {consult.description}",
                        "form": form,
                        "danger": False,
                        "open": bool(bound and bound[0] == action),
                        "key": f"{action}-{consult.pk}",
                    }
                )
            continue
        kwargs = _form_kwargs(action, d, user, at)
        if bound and bound[0] == action:
            form = bound[1]
        else:
            form = spec.form(initial=_initial(action, d), **kwargs)
        rows.append(
            {
                "name": action,
                "label": Action(action).label,
                "form": form,
                "danger": spec.danger,
                "open": bool(bound and bound[0] == action),
                "key": action,
                "simple": spec.form is f.VersionForm,
            }
        )
    return rows


def _available_slips(d: Dossier) -> list[tuple[str, str]]:
    labels = {
        "receipt": _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        "supplement": _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
        "refusal": _("Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
        "apology": _("Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
        "stop": _("Thông báo dừng giải quyết hồ sơ"),
        "control": _("Phiếu kiểm soát quá trình giải quyết hồ sơ"),
    }
    present = {
        "receipt": d.received_at is not None,
        "supplement": d.supplements.exists(),
        "refusal": d.refusals.exists(),
        "apology": d.apologies.exists(),
        "stop": d.withdrawals.filter(stopped_at__isnull=False).exists(),
        "control": d.received_at is not None,
    }
    return [(kind, str(labels[kind])) for kind in slips.SLIP_KINDS if present.get(kind)]


def _dossier_page(
    request: HttpRequest,
    d: Dossier,
    at: dt.datetime,
    *,
    bound: tuple[str, forms.Form] | None = None,
    status: int = 200,
    error: StrOrPromise = "",
    stale: bool = False,
) -> HttpResponse:
    user = _user(request)
    abilities = ps.dossier_abilities(d, user, at=at)
    window_end = (
        services.supplement_window_end(d) if abilities.can(Action.REQUEST_SUPPLEMENT) else None
    )
    context = {
        "d": d,
        "a": d.applicant,
        "abilities": abilities,
        "actions": _action_forms(d, abilities, user, at, bound),
        "current": d.current_step,
        "left": ps.work_left(d.due_at, at=at)
        if d.due_at and d.status in (Status.RECEIVED, Status.PROCESSING)
        else None,
        "rules": d.rule_set,
        "time_limit": format_time_limit(d.time_limit_value, d.time_limit_unit),
        "timeline": ps.timeline_rows(d),
        "steps": ps.dossier_steps(d),
        "hand_overs": slips.hand_overs(d) if d.received_at else [],
        "documents": list(d.documents.select_related("required_document").order_by("pk")),
        "results": list(d.results.order_by("at")),
        "slips": _available_slips(d),
        "supplement_window_end": window_end,
        "error": error,
        "stale": stale,
        "clock_stops": list(d.clock_stops.order_by("started_at")),
    }
    return render(request, "dossiers/detail.html", context, status=status)


def _get(code: str, request: HttpRequest, at: dt.datetime, purpose: str) -> Dossier:
    try:
        return selectors.dossier_get_for_user(code, _user(request), at=at, purpose=purpose)
    except NotFound as exc:
        raise Http404(exc.message) from None


@staff_required
@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    at = now()
    return _dossier_page(request, _get(code, request, at, "view"), at)


@staff_required
@require_POST
def act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """Run one action on the dossier. Success: back to the page (PRG) with a message.
    Failure: the page again, the form open with what was typed and the reason beside it."""
    at = now()
    action = action.replace("-", "_")
    if action not in ACTIONS:
        raise Http404(_("Không có thao tác này."))
    user = _user(request)
    d = _get(code, request, at, action)
    spec = ACTIONS[action]
    form = spec.form(request.POST, request.FILES, **_form_kwargs(action, d, user, at))
    if not form.is_valid():
        return _dossier_page(request, d, at, bound=(action, form), status=422)
    data = form.cleaned_data
    try:
        spec.run(d, data, user, at, data["version"])
    except StaleVersion as exc:
        form.add_error(None, exc.message)
        message = _(
            "Hồ sơ vừa được người khác cập nhật trong lúc bạn thao tác. "
            "Vui lòng tải lại hồ sơ để xem thay đổi rồi thực hiện lại."
        )
        d = _get(code, request, at, "reload")
        return _dossier_page(
            request, d, at, bound=(action, form), status=409, error=message, stale=True
        )
    except DomainError as exc:
        f.attach_domain_error(form, exc)
        d = _get(code, request, at, "reload")
        return _dossier_page(
            request, d, at, bound=(action, form), status=exc.status_code, error=exc.message
        )
    messages.success(request, spec.done)
    return redirect(reverse("dossiers:detail", kwargs={"code": d.code}) + "#status")


# --- Slips, files, the tracking book -------------------------------------------------------------


def _pdf(content: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
@require_GET
def slip_pdf(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    at = now()
    d = _get(code, request, at, f"slip:{kind}")
    if kind not in slips.SLIP_KINDS:
        raise Http404(_("Không có loại phiếu này."))
    try:
        content = slips.dossier_slip_pdf(d, kind)
    except DomainError as exc:
        return render(
            request,
            "dossiers/slip_unavailable.html",
            {"d": d, "message": exc.message},
            status=exc.status_code,
        )
    return _pdf(content, f"{kind}-{d.code}.pdf")


def _file(stored: Any) -> HttpResponse:
    name = str(stored.name or "").rsplit("/", 1)[-1]
    response = FileResponse(stored.open("rb"), as_attachment=False, filename=name)
    response["Cache-Control"] = "private, no-store"
    # A streaming response: the staff_required guard is typed for HttpResponse only.
    return cast(HttpResponse, response)


@staff_required
@require_GET
def document_file(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    at = now()
    d = _get(code, request, at, "document")
    doc = DossierDocument.objects.filter(dossier=d, pk=pk).first()
    if doc is None or not doc.file:
        raise Http404(_("Không có tệp này."))
    return _file(doc.file)


@staff_required
@require_GET
def result_file(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    at = now()
    d = _get(code, request, at, "result")
    result = Result.objects.filter(dossier=d, pk=pk).first()
    if result is None or not result.document:
        raise Http404(_("Không có tệp này."))
    return _file(result.document)


class BookForm(forms.Form):
    unit = forms.ChoiceField(label=_("Bộ phận tiếp nhận"))
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.code, u.name) for u in units]  # type: ignore[attr-defined]
        self.fields["field"].choices = [("", _("Tất cả lĩnh vực"))] + [  # type: ignore[attr-defined]
            (x.code, x.name) for x in Field.objects.order_by("sort_order", "name")
        ]


@staff_required
@require_GET
def book(request: HttpRequest) -> HttpResponse:
    """Sổ theo dõi hồ sơ: one desk, one sector (or all), one year; PDF and Excel."""
    at = now()
    on = local(at).date()
    units = ps.book_units(_user(request), on=on)
    if not units:
        raise PermissionDenied(_("Bạn không xem được sổ theo dõi của bộ phận nào."))
    data = request.GET.copy()
    data.setdefault("unit", units[0].code)
    data.setdefault("year", str(on.year))
    form = BookForm(data, units=units)
    context: dict[str, Any] = {"form": form, "book": None}
    status = 200
    if form.is_valid():
        unit = next(u for u in units if u.code == form.cleaned_data["unit"])
        year = form.cleaned_data["year"]
        field_code = form.cleaned_data["field"] or ""
        fmt = request.GET.get("format", "")
        try:
            if fmt == "pdf":
                return _pdf(
                    slips.tracking_book_pdf(unit, year=year, field_code=field_code),
                    f"so-theo-doi-{unit.code}-{year}.pdf",
                    inline=False,
                )
            if fmt == "xlsx":
                response = HttpResponse(
                    slips.tracking_book_xlsx(unit, year=year, field_code=field_code),
                    content_type=(
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    ),
                )
                response["Content-Disposition"] = (
                    f'attachment; filename="so-theo-doi-{unit.code}-{year}.xlsx"'
                )
                return response
            book_data, _forms = slips.tracking_book(unit, year=year, field_code=field_code)
        except DomainError as exc:
            f.attach_domain_error(form, exc)
            status = exc.status_code
        else:
            params = {"unit": unit.code, "field": field_code, "year": year}
            context.update(book=book_data, query=urlencode(params))
    else:
        status = 422
    return render(request, "dossiers/book.html", context, status=status)
