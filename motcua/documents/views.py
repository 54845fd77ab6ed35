"""Pages of the documents context: the staff digitisation page of a dossier and its files,
the figures table, the citizen's store (kho dữ liệu) and the public verification page.
Files are only ever served here, after a permission check."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.accounts.decorators import staff_required
from motcua.accounts.models import User
from motcua.accounts.selectors import units_visible_to
from motcua.core.clock import VN_TZ, local, now
from motcua.core.errors import DomainError, NotFound
from motcua.documents import selectors as sel
from motcua.documents import services, signing
from motcua.documents.filestore import file_read
from motcua.documents.models import (
    Digitisation,
    DigitisationKind,
    DocumentType,
    ElectronicResult,
    StoredFile,
    StoreDocument,
)
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.models import Dossier, DossierDocument, Result

MAX_VERIFY_BYTES = 20 * 1024 * 1024


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _serve(stored: StoredFile, filename: str) -> HttpResponse:
    response = HttpResponse(file_read(stored), content_type=stored.content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _filename(stored: StoredFile) -> str:
    ext = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}[stored.kind]
    return f"{stored.sha256[:12]}.{ext}"


def _verification(stored: StoredFile | None) -> signing.Verification | None:
    if stored is None or stored.kind != "pdf":
        return None
    return signing.verify_pdf(file_read(stored))


# --- Staff: digitisation of one dossier -------------------------------------------------------


def _dossier(code: str, request: HttpRequest, at: dt.datetime, purpose: str) -> Dossier:
    try:
        return dossier_selectors.dossier_get_for_user(code, _user(request), at=at, purpose=purpose)
    except NotFound as exc:
        raise Http404(exc.message) from None


def _uploads(request: HttpRequest, name: str) -> list[tuple[str, bytes]]:
    return [(f.name or "", f.read()) for f in request.FILES.getlist(name)]


@staff_required
@require_http_methods(["GET", "POST"])
def dossier_files(request: HttpRequest, code: str) -> HttpResponse:
    """Số hóa: each paper document of the dossier — scan it, upload its PDF, reuse it from the
    applicant's store or mark it as needing no scan; sign the electronic result."""
    at = now()
    d = _dossier(code, request, at, "documents")
    user = _user(request)
    status = 200
    error = ""
    if request.method == "POST":
        try:
            _act(request, d, user, at)
        except DomainError as exc:
            error = exc.message
            status = exc.status_code
        else:
            return redirect(reverse("documents:dossier", kwargs={"code": d.code}))
    docs = list(DossierDocument.objects.filter(dossier=d).order_by("pk"))
    done = {
        x.document_id: x
        for x in Digitisation.objects.filter(dossier=d).select_related(
            "file", "preview", "store_item"
        )
    }
    offers = sel.reuse_offers(d, on=local(at).date())
    rows = [
        {
            "doc": doc,
            "done": done.get(doc.pk),
            "check": _verification(done[doc.pk].file) if doc.pk in done else None,
            "offers": offers.get(doc.pk, []),
        }
        for doc in docs
    ]
    results = []
    for r in Result.objects.filter(dossier=d).order_by("at"):
        er = ElectronicResult.objects.filter(result=r).select_related("file").first()
        results.append({"result": r, "er": er, "check": _verification(er.file) if er else None})
    context = {"d": d, "rows": rows, "results": results, "error": error, "kinds": DigitisationKind}
    return render(request, "documents/dossier_files.html", context, status=status)


def _act(request: HttpRequest, d: Dossier, user: User, at: dt.datetime) -> None:
    action = request.POST.get("action", "")
    if action == "sign_result":
        result = Result.objects.filter(dossier=d, pk=request.POST.get("result") or 0).first()
        if result is None:
            raise NotFound("Không có kết quả này.", field="result")
        services.result_publish(result=result, by=user, at=at)
        messages.success(request, _("Đã ký số kết quả điện tử."))
        return
    doc = DossierDocument.objects.filter(dossier=d, pk=request.POST.get("document") or 0).first()
    if doc is None:
        raise NotFound("Không có thành phần hồ sơ này.", field="document")
    if action == "scan":
        pdfs = _uploads(request, f"pdf_{doc.pk}")
        pages = _uploads(request, f"pages_{doc.pk}")
        try:
            paper = int(request.POST.get(f"paper_pages_{doc.pk}") or 0)
        except ValueError:
            paper = 0
        services.document_digitise(
            document=doc,
            scan=services.ScanInput(pdf=pdfs[0] if pdfs else None, pages=pages, paper_pages=paper),
            by=user,
            at=at,
        )
        messages.success(request, _("Đã số hóa và ký số “%(name)s”.") % {"name": doc.name})
    elif action in (DigitisationKind.NOT_NEEDED, DigitisationKind.ELECTRONIC):
        services.document_mark_no_scan(document=doc, kind=action, by=user, at=at)
        messages.success(request, _("Đã ghi nhận."))
    elif action == "reuse":
        item = StoreDocument.objects.filter(pk=request.POST.get("item") or 0).first()
        if item is None:
            raise NotFound("Không có giấy tờ này trong kho dữ liệu.", field="item")
        services.document_reuse(document=doc, item=item, by=user, at=at)
        messages.success(
            request, _("Đã dùng lại “%(title)s” từ kho dữ liệu.") % {"title": item.title}
        )
    else:
        raise NotFound("Không có thao tác này.", field="action")


@staff_required
@require_GET
def dossier_file(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    at = now()
    d = _dossier(code, request, at, "document-file")
    stored = StoredFile.objects.filter(pk=pk).first()
    if stored is None or not sel.staff_may_read(d, stored, on=local(at).date()):
        raise Http404(_("Không có tệp này."))
    return _serve(stored, _filename(stored))


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Từ ngày"))
    end = forms.DateField(label=_("Đến ngày"))


@staff_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    """Per receiving unit: shares of dossiers digitised, with electronic results, reusing."""
    at = now()
    today = local(at).date()
    form = PeriodForm(request.GET or {"start": today.replace(day=1), "end": today})
    rows: list[sel.FigureRow] = []
    if form.is_valid():
        start = dt.datetime.combine(form.cleaned_data["start"], dt.time(), tzinfo=VN_TZ)
        end = dt.datetime.combine(form.cleaned_data["end"], dt.time(), tzinfo=VN_TZ)
        unit_ids = list(units_visible_to(_user(request), on=today).values_list("pk", flat=True))
        rows = sel.digitisation_figures(
            unit_ids=unit_ids, start=start, end=end + dt.timedelta(days=1)
        )
    return render(request, "documents/figures.html", {"form": form, "rows": rows})


# --- Citizen: the document store ------------------------------------------------------------


class StoreForm(forms.Form):
    title = forms.CharField(label=_("Tên giấy tờ"), max_length=500)
    doc_type = forms.ModelChoiceField(
        label=_("Loại giấy tờ"), queryset=DocumentType.objects.all(), required=False
    )
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=100, required=False)
    issuing_body = forms.CharField(label=_("Cơ quan cấp"), max_length=255, required=False)
    issue_date = forms.DateField(label=_("Ngày cấp (dd/mm/yyyy)"), required=False)
    expiry_date = forms.DateField(label=_("Ngày hết hạn (dd/mm/yyyy)"), required=False)
    file = forms.FileField(label=_("Tệp (PDF, JPEG hoặc PNG)"))


@login_required
@require_http_methods(["GET", "POST"])
def store(request: HttpRequest) -> HttpResponse:
    from motcua.citizens.selectors import citizen_dossiers

    user = _user(request)
    owner = sel.user_owner(user)
    form = StoreForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if owner is None:
            raise PermissionDenied(_("Tài khoản chưa xác thực số định danh hoặc mã số thuế."))
        if form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            try:
                services.store_document_add(
                    owner=owner,
                    data=services.StoreInput(
                        title=data["title"],
                        doc_type=data["doc_type"],
                        number=data["number"],
                        issuing_body=data["issuing_body"],
                        issue_date=data["issue_date"],
                        expiry_date=data["expiry_date"],
                    ),
                    upload=(upload.name or "", upload.read()),
                    by=user,
                    at=now(),
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status_code
            else:
                messages.success(request, _("Đã thêm giấy tờ vào kho dữ liệu."))
                return redirect("documents:store")
        else:
            status = 422
    results = ElectronicResult.objects.filter(
        dossier__in=citizen_dossiers(user).values("pk")
    ).select_related("dossier", "result", "result__agency")
    context = {
        "items": sel.user_store(user).order_by("-added_at"),
        "results": results,
        "form": form,
        "owner": owner,
    }
    return render(request, "documents/store.html", context, status=status)


@login_required
@require_GET
def store_file(request: HttpRequest, pk: int) -> HttpResponse:
    item = sel.user_store(_user(request)).filter(pk=pk).first()
    if item is None:
        raise Http404(_("Không có giấy tờ này."))
    return _serve(item.file, _filename(item.file))


@login_required
@require_GET
def result_file(request: HttpRequest, pk: int) -> HttpResponse:
    from motcua.citizens.selectors import citizen_owns

    er = ElectronicResult.objects.filter(pk=pk).select_related("dossier", "file").first()
    if er is None or not citizen_owns(_user(request), er.dossier):
        raise Http404(_("Không có kết quả này."))
    return _serve(er.file, f"ket-qua-{er.dossier.code}.pdf")


# --- Public: verify a signed PDF ------------------------------------------------------------


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("Tệp PDF cần kiểm tra"))


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone uploads a PDF (or opens the QR link with its SHA-256) and sees whether the
    signature is valid, who signed, when, and whether the document is unchanged."""
    form = VerifyForm(request.POST or None, request.FILES or None)
    check: signing.Verification | None = None
    status = 200
    known: Any = None
    digest = (request.GET.get("h") or "").strip().lower()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_VERIFY_BYTES:
            form.add_error("file", _("Tệp quá lớn (tối đa 20 MB)."))
            status = 422
        else:
            data = upload.read()
            if not data.startswith(b"%PDF-"):
                form.add_error("file", _("Tệp không phải PDF."))
                status = 422
            else:
                check = signing.verify_pdf(data)
    elif request.method == "POST":
        status = 422
    elif digest:
        stored = (
            StoredFile.objects.filter(sha256=digest, signature__isnull=False).first()
            if len(digest) == 64
            else None
        )
        if stored is None:
            status = 404
            known = False
        else:
            known = True
            check = signing.verify_pdf(file_read(stored))
    return render(
        request,
        "documents/verify.html",
        {"form": form, "check": check, "known": known, "digest": digest},
        status=status,
    )
