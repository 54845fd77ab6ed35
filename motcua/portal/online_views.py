"""Pages of online submission (nộp hồ sơ trực tuyến) and of the citizen's own dossiers:
the four steps of a draft with autosave, the review and the idempotent submission, the
online supplement and the electronic result download. Login required throughout; someone
else's draft, dossier or result is a 404, exactly like an unknown one.

Views parse the request, call services and selectors, and render; no business rules here.
Uploaded files are stored under MEDIA_ROOT (never served by URL) and read back only through
the permission-checked views below.
"""

from __future__ import annotations

import logging
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.accounts.models import User
from motcua.catalog.models import Case, RequiredDocument
from motcua.catalog.selectors import (
    ProcedureNotFound,
    ProcedureNotInForce,
    format_time_limit,
    version_readable,
)
from motcua.core.clock import format_dt, local, now, today
from motcua.core.errors import DomainError, NotFound
from motcua.core.files import max_upload_bytes
from motcua.core.pdf import render_pdf
from motcua.documents.models import StoreDocument
from motcua.dossiers import public_views as dossier_public_views
from motcua.dossiers.models import ApplicantKind, Dossier
from motcua.dossiers.online_selectors import citizen_dossier_view, result_for_download
from motcua.dossiers.services.online import SupplementFilesRefused, dossier_supplement_online
from motcua.organization.models import Unit
from motcua.portal import selectors as sel
from motcua.portal import services
from motcua.portal.eform import EForm, answers_summary, as_form_data, raw_answers
from motcua.portal.forms import (
    ApplicantForm,
    DetailsForm,
    DocumentsForm,
    SupplementForm,
    raw_applicant,
)
from motcua.portal.models import OnlineDraft, Step

log = logging.getLogger(__name__)

STEP_SLUGS = {
    Step.APPLICANT: "nguoi-nop",
    Step.DETAILS: "thong-tin",
    Step.DOCUMENTS: "giay-to",
    Step.REVIEW: "xem-lai",
}
SLUG_STEPS = {slug: step for step, slug in STEP_SLUGS.items()}


# --- Helpers ------------------------------------------------------------------------------


def _login(request: HttpRequest) -> HttpResponseBase | None:
    if request.user.is_authenticated:
        return None
    return redirect_to_login(request.get_full_path(), reverse("citizens:login"))


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _private(response: HttpResponseBase) -> HttpResponseBase:
    response["Cache-Control"] = "private, no-store"
    return response


def _draft(request: HttpRequest, public_id: str) -> OnlineDraft:
    try:
        return sel.draft_for(_user(request), public_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def step_url(draft: OnlineDraft, step: int) -> str:
    return reverse("portal:draft_step", args=[draft.public_id, STEP_SLUGS[Step(step)]])


def _steps_nav(draft: OnlineDraft, current: int) -> list[dict[str, Any]]:
    return [
        {
            "number": int(step),
            "label": step.label,
            "url": step_url(draft, step),
            "current": step == current,
            "reachable": step <= draft.reached_step or step <= current,
        }
        for step in Step
    ]


def _version_kinds(draft: OnlineDraft) -> list[str]:
    return list(draft.procedure_version.applicant_types or ApplicantKind.values)


def _base_context(draft: OnlineDraft, step: int) -> dict[str, Any]:
    version = draft.procedure_version
    return {
        "draft": draft,
        "version": version,
        "procedure": version.procedure,
        "step": step,
        "step_label": Step(step).label,
        "steps": _steps_nav(draft, step),
        "autosave_url": reverse(
            "portal:draft_autosave", args=[draft.public_id, STEP_SLUGS[Step(step)]]
        ),
    }


def _attach_error(form: Any, exc: DomainError) -> None:
    field = exc.field.rsplit(".", 1)[-1] if exc.field else None
    if field and field in form.fields:
        form.add_error(field, exc.message)
    else:
        form.add_error(None, exc.message)


def _submitted_redirect(draft: OnlineDraft) -> HttpResponse:
    return redirect("portal:draft_done", draft.public_id)


# --- Start ------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def online_start(request: HttpRequest, code: str) -> HttpResponseBase:
    """Before the steps: what to prepare, drafts already started for this procedure, and the
    button that starts a new draft."""
    if (denied := _login(request)) is not None:
        return denied
    day = today()
    try:
        version = version_readable(code, day)
    except (ProcedureNotFound, ProcedureNotInForce) as exc:
        raise Http404(exc.message) from exc
    error = ""
    status = 200
    if request.method == "POST":
        try:
            draft = services.online_draft_start(
                national_code=version.procedure.national_code, by=_user(request), at=now()
            )
        except DomainError as exc:
            error, status = exc.message, exc.status_code
        else:
            return redirect(step_url(draft, Step.APPLICANT))
    context = {
        "version": version,
        "procedure": version.procedure,
        "allowed": sel.online_allowed(version, day),
        "drafts": sel.open_drafts_for_procedure(_user(request), version.procedure.national_code),
        "documents": version.documents_for(None),
        "cases": list(version.cases.all()),
        "time_limit": format_time_limit(version.time_limit_value, version.time_limit_unit),
        "max_mb": max_upload_bytes() // (1024 * 1024),
        "error": error,
    }
    return _private(render(request, "portal/online/start.html", context, status=status))


# --- The steps ----------------------------------------------------------------------------------


@never_cache
@require_GET
def draft_resume(request: HttpRequest, public_id: str) -> HttpResponseBase:
    if (denied := _login(request)) is not None:
        return denied
    draft = _draft(request, public_id)
    if draft.is_submitted:
        return _submitted_redirect(draft)
    return redirect(step_url(draft, draft.reached_step))


@never_cache
@require_http_methods(["GET", "POST"])
def draft_step(request: HttpRequest, public_id: str, slug: str) -> HttpResponseBase:
    if (denied := _login(request)) is not None:
        return denied
    step = SLUG_STEPS.get(slug)
    if step is None:
        raise Http404(_("Không có bước này."))
    draft = _draft(request, public_id)
    if draft.is_submitted:
        return _submitted_redirect(draft)
    if step > draft.reached_step:
        # Steps are taken in order: go to the furthest one reached.
        return redirect(step_url(draft, draft.reached_step))
    handler = {
        Step.APPLICANT: _step_applicant,
        Step.DETAILS: _step_details,
        Step.DOCUMENTS: _step_documents,
        Step.REVIEW: _step_review,
    }[step]
    return _private(handler(request, draft))


def _save(request: HttpRequest, draft: OnlineDraft, **changes: Any) -> OnlineDraft | str:
    """Save through the service; a domain error comes back as its message."""
    try:
        return services.online_draft_save(draft=draft, by=_user(request), at=now(), **changes)
    except DomainError as exc:
        return exc.message


def _step_applicant(request: HttpRequest, draft: OnlineDraft) -> HttpResponse:
    kinds = _version_kinds(draft)
    if request.method == "POST":
        form = ApplicantForm(request.POST, kinds=kinds)
        valid = form.is_valid()
        saved = _save(
            request,
            draft,
            applicant=raw_applicant(request.POST),
            reached_step=Step.DETAILS if valid else None,
        )
        if isinstance(saved, str):
            form.add_error(None, saved)
        elif valid:
            return redirect(step_url(saved, Step.DETAILS))
        status = 422
    else:
        form = ApplicantForm(initial=draft.applicant or {}, kinds=kinds)
        status = 200
    context = {
        **_base_context(draft, Step.APPLICANT),
        "form": form,
        "error_forms": [form] if form.errors else [],
    }
    return render(request, "portal/online/step_applicant.html", context, status=status)


def _details_forms(
    draft: OnlineDraft, data: Any | None, units: list[Unit]
) -> tuple[DetailsForm, EForm]:
    version = draft.procedure_version
    cases = list(version.cases.all())
    initial = {
        "case": draft.case.code if draft.case else "",
        "receiving_unit": draft.receiving_unit.code if draft.receiving_unit else "",
    }
    details = DetailsForm(data, initial=initial, cases=cases, units=units)
    eform = EForm(data, initial=as_form_data(draft.answers or {}), version=version)
    return details, eform


def _step_details(request: HttpRequest, draft: OnlineDraft) -> HttpResponse:
    version = draft.procedure_version
    units = sel.receiving_units_for(version, on=today())
    status = 200
    if request.method == "POST":
        details, eform = _details_forms(draft, request.POST, units)
        valid = details.is_valid() & eform.is_valid()
        changes = _details_changes(request, draft, units)
        saved = _save(
            request,
            draft,
            answers=raw_answers(request.POST, version),
            reached_step=Step.DOCUMENTS if valid else None,
            **changes,
        )
        if isinstance(saved, str):
            details.add_error(None, saved)
        elif valid:
            return redirect(step_url(saved, Step.DOCUMENTS))
        status = 422
    else:
        details, eform = _details_forms(draft, None, units)
    context = {
        **_base_context(draft, Step.DETAILS),
        "details": details,
        "eform": eform,
        "error_forms": [f for f in (details, eform) if f.errors],
    }
    return render(request, "portal/online/step_details.html", context, status=status)


def _details_changes(request: HttpRequest, draft: OnlineDraft, units: list[Unit]) -> dict[str, Any]:
    """The case and the receiving unit as chosen (unknown values leave the draft's)."""
    changes: dict[str, Any] = {}
    cases = {c.code: c for c in draft.procedure_version.cases.all()}
    if cases and "case" in request.POST:
        chosen: Case | None = cases.get(request.POST.get("case", ""))
        changes["case"] = chosen
    by_code = {u.code: u for u in units}
    unit = by_code.get(request.POST.get("receiving_unit", ""))
    if unit is not None:
        changes["receiving_unit"] = unit
    return changes


def _reuse_choice(request: HttpRequest, doc: RequiredDocument) -> StoreDocument | None | str:
    """The store document chosen for `doc` in the form: an item, None (none chosen), or an
    error message."""
    raw = request.POST.get(f"reuse_{doc.pk}", "")
    if not raw:
        return None
    item = StoreDocument.objects.filter(pk=raw).first() if raw.isdigit() else None
    return item if item is not None else _("Không có giấy tờ này trong kho dữ liệu.")


def _step_documents(request: HttpRequest, draft: OnlineDraft) -> HttpResponse:
    documents = sel.draft_documents(draft)
    status = 200
    user = _user(request)
    if request.method == "POST":
        form = DocumentsForm(request.POST, request.FILES, documents=documents)
        form.is_valid()
        at = now()
        remove = request.POST.get("remove", "")
        if remove.isdigit():
            try:
                services.online_draft_detach(
                    draft=draft, required_document_id=int(remove), by=user, at=at
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect(step_url(draft, Step.DOCUMENTS) + "#files")
        for doc in documents:
            name = DocumentsForm.name_for(doc)
            upload = request.FILES.get(name)
            chosen = _reuse_choice(request, doc)
            if isinstance(chosen, str):
                form.add_error(name, chosen)
                continue
            if isinstance(upload, UploadedFile) and chosen is not None:
                form.add_error(
                    name, _("Chọn một: tải tệp lên hoặc dùng lại giấy tờ trong kho dữ liệu.")
                )
                continue
            try:
                if chosen is not None:
                    services.online_draft_reuse(
                        draft=draft, required_document=doc, item=chosen, by=user, at=at, field=name
                    )
                elif isinstance(upload, UploadedFile):
                    services.online_draft_attach(
                        draft=draft,
                        required_document=doc,
                        upload=upload,
                        by=user,
                        at=at,
                        field=name,
                    )
            except DomainError as exc:
                form.add_error(name, exc.message)
        draft = sel.draft_for(user, str(draft.public_id))
        files = sel.draft_files(draft)
        reuses = sel.draft_reuses(draft)
        if not form.errors and request.POST.get("action") == "next":
            missing = [
                d for d in documents if d.mandatory and d.pk not in files and d.pk not in reuses
            ]
            for doc in missing:
                form.add_error(
                    DocumentsForm.name_for(doc), _("Giấy tờ bắt buộc: chưa tải lên tệp nào.")
                )
            if not missing:
                saved = _save(request, draft, reached_step=Step.REVIEW)
                if isinstance(saved, str):
                    form.add_error(None, saved)
                else:
                    return redirect(step_url(saved, Step.REVIEW))
        if not form.errors:
            return redirect(step_url(draft, Step.DOCUMENTS) + "#files")
        status = 422
    else:
        form = DocumentsForm(documents=documents)
    files = sel.draft_files(draft)
    reuses = sel.draft_reuses(draft)
    offers = sel.draft_store_offers(draft, user, on=today())
    rows = [
        {
            "doc": doc,
            "field": form[DocumentsForm.name_for(doc)],
            "file": files.get(doc.pk),
            "reuse": reuses.get(doc.pk),
            "offers": offers.get(doc.pk, []),
            "replace_label": _("Thay bằng tệp khác: %(name)s") % {"name": doc.name},
        }
        for doc in documents
    ]
    context = {
        **_base_context(draft, Step.DOCUMENTS),
        "form": form,
        "error_forms": [form] if form.errors else [],
        "rows": rows,
        "max_mb": max_upload_bytes() // (1024 * 1024),
    }
    return render(request, "portal/online/step_documents.html", context, status=status)


def _review_context(draft: OnlineDraft) -> dict[str, Any]:
    version = draft.procedure_version
    files = sel.draft_files(draft)
    reuses = sel.draft_reuses(draft)
    return {
        **_base_context(draft, Step.REVIEW),
        "applicant": draft.applicant or {},
        "kind_label": dict(ApplicantKind.choices).get((draft.applicant or {}).get("kind", ""), ""),
        "answers": answers_summary(version, draft.answers or {}),
        "documents": [
            {"doc": d, "file": files.get(d.pk), "reuse": reuses.get(d.pk)}
            for d in sel.draft_documents(draft)
        ],
        "problems": sel.draft_problems(draft, on=today()),
        "time_limit": format_time_limit(*version.time_limit_for(draft.case)),
        "step_urls": {int(s): step_url(draft, s) for s in Step},
    }


def _step_review(request: HttpRequest, draft: OnlineDraft) -> HttpResponse:
    if request.method == "POST":  # the review page posts to draft_submit, not here
        return redirect(step_url(draft, Step.REVIEW))
    return render(request, "portal/online/step_review.html", _review_context(draft))


def _eform_pdf(draft: OnlineDraft, user: User) -> bytes | None:
    """The e-form as PDF, attached to the dossier so the desk reads what was declared.
    Rendered before the submission's transaction; a rendering failure only leaves it out
    (the answers stay on the draft, linked to the dossier)."""
    version = draft.procedure_version
    try:
        return render_pdf(
            "portal/eform_pdf.html",
            {
                "version": version,
                "case": draft.case,
                "applicant": draft.applicant or {},
                "answers": answers_summary(version, draft.answers or {}),
                "at": now(),
                "account": user.get_username(),
            },
        )
    except Exception:  # WeasyPrint/fonts missing must not lose the submission
        log.exception("Could not render the e-form PDF of draft %s", draft.public_id)
        return None


@never_cache
@require_POST
def draft_submit(request: HttpRequest, public_id: str) -> HttpResponseBase:
    if (denied := _login(request)) is not None:
        return denied
    draft = _draft(request, public_id)
    if draft.is_submitted:
        return _submitted_redirect(draft)
    pdf = _eform_pdf(draft, _user(request))
    try:
        services.online_draft_submit(
            draft=draft,
            token=request.POST.get("token", ""),
            by=_user(request),
            at=now(),
            eform_pdf=pdf,
        )
    except DomainError as exc:
        draft = _draft(request, public_id)
        if draft.is_submitted:
            return _submitted_redirect(draft)
        context = {**_review_context(draft), "submit_error": exc.message}
        return _private(
            render(request, "portal/online/step_review.html", context, status=exc.status_code)
        )
    return _submitted_redirect(draft)


@never_cache
@require_POST
def draft_autosave(request: HttpRequest, public_id: str, slug: str) -> HttpResponseBase:
    """htmx autosave of steps 1 and 2: keep what was typed, say when it was saved."""
    if (denied := _login(request)) is not None:
        return denied
    draft = _draft(request, public_id)
    step = SLUG_STEPS.get(slug)
    changes: dict[str, Any]
    if step == Step.APPLICANT:
        changes = {"applicant": raw_applicant(request.POST)}
    elif step == Step.DETAILS:
        units = sel.receiving_units_for(draft.procedure_version, on=today())
        changes = {
            "answers": raw_answers(request.POST, draft.procedure_version),
            **_details_changes(request, draft, units),
        }
    else:
        raise Http404(_("Không có bước này."))
    at = now()
    saved = _save(request, draft, **changes)
    text = (
        saved
        if isinstance(saved, str)
        else _("Đã tự động lưu nháp lúc %(time)s.") % {"time": local(at).strftime("%H:%M:%S")}
    )
    return _private(
        render(
            request,
            "portal/online/_autosave.html",
            {"text": text, "ok": not isinstance(saved, str)},
        )
    )


@never_cache
@require_GET
def draft_done(request: HttpRequest, public_id: str) -> HttpResponseBase:
    if (denied := _login(request)) is not None:
        return denied
    draft = _draft(request, public_id)
    if not draft.is_submitted or draft.dossier is None:
        return redirect(step_url(draft, draft.reached_step))
    d: Dossier = draft.dossier
    version = d.procedure_version
    context = {
        "draft": draft,
        "d": d,
        "version": version,
        "full": version.online_level == "full" and version.result_electronic,
        "time_limit": format_time_limit(d.time_limit_value, d.time_limit_unit),
        "submitted_at": format_dt(d.submitted_at),
    }
    return _private(render(request, "portal/online/done.html", context))


@never_cache
@require_http_methods(["GET", "POST"])
def draft_delete(request: HttpRequest, public_id: str) -> HttpResponseBase:
    if (denied := _login(request)) is not None:
        return denied
    draft = _draft(request, public_id)
    if request.method == "POST":
        try:
            services.online_draft_delete(draft=draft, by=_user(request), at=now())
        except DomainError as exc:
            return _private(
                render(
                    request,
                    "portal/online/delete.html",
                    {"draft": draft, "error": exc.message},
                    status=exc.status_code,
                )
            )
        return redirect("portal:drafts")
    return _private(render(request, "portal/online/delete.html", {"draft": draft}))


@never_cache
@require_GET
def draft_file(request: HttpRequest, public_id: str, document_id: int) -> HttpResponseBase:
    """The citizen's own uploaded file of a draft (never by a public URL)."""
    if (denied := _login(request)) is not None:
        return denied
    draft = _draft(request, public_id)
    found = sel.draft_files(draft).get(document_id)
    if found is None:
        raise Http404(_("Không có tệp này."))
    return _file_response(found.file, found.original_name)


@never_cache
@require_GET
def drafts(request: HttpRequest) -> HttpResponseBase:
    if (denied := _login(request)) is not None:
        return denied
    rows = [
        {"draft": d, "url": reverse("portal:draft", args=[d.public_id])}
        for d in sel.open_drafts(_user(request))
    ]
    return _private(render(request, "portal/online/drafts.html", {"rows": rows}))


def _file_response(stored: Any, filename: str) -> HttpResponseBase:
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Tệp không còn trên hệ thống.")) from exc
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- The citizen's own dossier -------------------------------------------------------------------


def _owned(request: HttpRequest, code: str) -> Dossier:
    try:
        return sel.citizen_dossier(_user(request), code)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _dossier_page(
    request: HttpRequest,
    d: Dossier,
    *,
    form: SupplementForm | None = None,
    status: int = 200,
    error: str = "",
) -> HttpResponseBase:
    view = citizen_dossier_view(d, at=now())
    items = [i.name for i in view.supplement_items]
    # Online supplement is for the account that submitted online; others bring it to the desk.
    online_supplement = bool(items) and d.submitted_by_id == request.user.pk
    if form is None and online_supplement:
        form = SupplementForm(items=items)
    signed = sel.signed_results(view.results)
    context = {
        "view": view,
        "results": [{"result": r, "signed": r.pk in signed} for r in view.results],
        "d": d,
        "version": d.procedure_version,
        "form": form,
        "online_supplement": online_supplement,
        "error": error,
        "error_forms": [form] if form is not None and form.errors else [],
        "item_fields": [
            {"item": item, "field": form[f"item_{item.index}"]}
            for item in view.supplement_items
            if form is not None and f"item_{item.index}" in form.fields
        ],
        "max_mb": max_upload_bytes() // (1024 * 1024),
    }
    return _private(render(request, "portal/online/dossier.html", context, status=status))


@never_cache
@require_GET
def my_dossier(request: HttpRequest, code: str) -> HttpResponseBase:
    if (denied := _login(request)) is not None:
        return denied
    return _dossier_page(request, _owned(request, code))


@never_cache
@require_POST
def my_dossier_supplement(request: HttpRequest, code: str) -> HttpResponseBase:
    if (denied := _login(request)) is not None:
        return denied
    d = _owned(request, code)
    view = citizen_dossier_view(d, at=now())
    items = view.supplement_items
    form = SupplementForm(request.POST, request.FILES, items=[i.name for i in items])
    form.is_valid()
    uploads: dict[int, UploadedFile] = {}
    for item in items:
        found = request.FILES.get(f"item_{item.index}")
        if isinstance(found, UploadedFile):
            uploads[item.index] = found
    try:
        dossier_supplement_online(
            dossier=d,
            uploads=uploads,
            note=form.cleaned_data.get("note", "") if hasattr(form, "cleaned_data") else "",
            by=_user(request),
            at=now(),
        )
    except SupplementFilesRefused as exc:
        errors = cast(dict[str, str], exc.details.get("errors", {}))
        for name, message in errors.items():
            if name in form.fields:
                form.add_error(name, message)
        return _dossier_page(request, d, form=form, status=exc.status_code)
    except DomainError as exc:
        return _dossier_page(request, d, form=form, status=exc.status_code, error=exc.message)
    messages.success(request, _("Đã gửi hồ sơ bổ sung."))
    return redirect("portal:dossier", d.code)


@never_cache
@require_GET
def my_result(request: HttpRequest, code: str, result_id: int) -> HttpResponseBase:
    """The electronic result, for the dossier's own citizen only (404 for anyone else)."""
    if (denied := _login(request)) is not None:
        return denied
    d = _owned(request, code)
    try:
        result = result_for_download(d, result_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    signed = sel.signed_results([result]).get(result.pk)
    if signed is not None:  # the copy signed by the agency (motcua.documents)
        return _file_response(signed.file.blob, f"ket-qua-{d.code}.pdf")
    name = str(result.document.name or "").rsplit("/", 1)[-1] or f"ket-qua-{d.code}.pdf"
    return _file_response(result.document, name)


@require_GET
def lookup(request: HttpRequest) -> HttpResponseBase:
    """/tra-cuu/: a logged-in citizen who opens one of their own dossiers by its code alone
    (the links of "Hồ sơ của tôi") goes to its page without the secret; everyone else gets
    the public look-up by code and secret."""
    params = request.GET
    code = (params.get("code") or params.get("ma") or "").strip()
    secret = (params.get("secret") or params.get("mk") or "").strip()
    if code and not secret and request.user.is_authenticated:
        try:
            d = sel.citizen_dossier(_user(request), code)
        except NotFound:
            pass
        else:
            return redirect("portal:dossier", d.code)
    return dossier_public_views.lookup_page(request)
