"""The citizen's feedback pages, mounted at /phan-anh/:

- `/phan-anh/`            the published answers (personal data masked), searchable;
- `/phan-anh/gui/`        the form (about a dossier: its code and look-up secret, or a
                          logged-in citizen's own dossier without the secret);
- `/phan-anh/tra-cuu/`    the look-up by code and secret (failures counted per address with
                          the dossier look-up's limit); the secret then leaves the address and
                          this browser session remembers the code;
- `/phan-anh/tra-cuu/<code>/` the item: status, deadline, answer, and the form to send
                          more information when it was asked for.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.accounts.models import User
from motcua.core.clock import local, now
from motcua.core.errors import DomainError
from motcua.dossiers.public_views import client_ip
from motcua.feedback import selectors as sel
from motcua.feedback.forms import FeedbackForm, LookupForm, SupplyInfoForm, attach
from motcua.feedback.models import FeedbackChannel, FeedbackItem, FeedbackStatus
from motcua.feedback.services import feedback_submit, feedback_supply_info
from motcua.feedback.workflow import citizen_text

SESSION_CODES = "feedback.codes"  # codes whose secret this session proved (or sent)
MAX_REMEMBERED = 20


def _private(response: HttpResponse) -> HttpResponse:
    """Out of caches; the address (which may hold the secret) is not sent to other sites."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


def _remember(request: HttpRequest, code: str) -> None:
    codes = [c for c in request.session.get(SESSION_CODES, []) if c != code]
    request.session[SESSION_CODES] = [*codes, code][-MAX_REMEMBERED:]


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:100]
    paginator = Paginator(sel.published_answers(q), sel.PUBLIC_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "q": q,
        "page": page,
        "answers": [sel.public_answer(i) for i in page.object_list],
        "mine": sel.citizen_feedback(request.user).order_by("-received_at")[:20],
    }
    return render(request, "feedback/public_list.html", context)


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    at = now()
    on = local(at).date()
    user = cast(User, request.user) if request.user.is_authenticated else None
    status = 200
    if request.method == "POST":
        form = FeedbackForm(request.POST, on=on)
        if form.is_valid():
            try:
                data = form.to_input()
                if data.dossier_code:
                    sel.dossier_for_feedback(
                        data.dossier_code,
                        form.cleaned_data.get("dossier_secret", ""),
                        user=request.user,
                        ip=client_ip(request),
                        at=at,
                    )
                item = feedback_submit(
                    data=data,
                    channel=FeedbackChannel.PORTAL,
                    by=user,
                    at=at,
                    ip=client_ip(request),
                )
            except DomainError as exc:
                attach(form, exc, {"unit": "unit"})
                status = exc.status_code
            else:
                _remember(request, item.code)
                messages.success(
                    request,
                    _(
                        "Đã gửi phản ánh, kiến nghị. Mã phản ánh: %(code)s — mã tra cứu: "
                        "%(secret)s. Hãy ghi lại hai mã này để tra cứu kết quả."
                    )
                    % {"code": item.code, "secret": item.secret},
                )
                return _private(redirect("feedback:item", code=item.code))
        else:
            status = 422
    else:
        initial: dict[str, Any] = {"dossier_code": request.GET.get("ho-so", "")[:60]}
        if user is not None:
            initial.update(
                sender_name=user.full_name, sender_phone=user.phone, sender_email=user.email
            )
        form = FeedbackForm(initial=initial, on=on)
    return _private(render(request, "feedback/submit.html", {"form": form}, status=status))


@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    code = (request.GET.get("code") or "").strip()
    secret = (request.GET.get("secret") or "").strip()
    asked = bool(secret) or "secret" in request.GET
    form = LookupForm({"code": code, "secret": secret} if asked else None, initial={"code": code})
    status = 200
    error = ""
    if asked and form.is_valid():
        try:
            item = sel.feedback_lookup(
                form.cleaned_data["code"], form.cleaned_data["secret"],
                ip=client_ip(request), at=now(),
            )  # fmt: skip
        except DomainError as exc:
            error, status = exc.message, exc.status_code
        else:
            _remember(request, item.code)
            return _private(redirect("feedback:item", code=item.code))
    elif asked:
        status = 422
    context = {"form": form, "error": error}
    return _private(render(request, "feedback/lookup.html", context, status=status))


def _citizen_item(request: HttpRequest, code: str) -> FeedbackItem | None:
    code = code.replace("\x00", "").strip()[:30]
    item = FeedbackItem.objects.select_related("unit", "dossier").filter(code=code).first()
    if item is None:
        return None
    if code in request.session.get(SESSION_CODES, []):
        return item
    if request.user.is_authenticated and item.citizen_id == request.user.pk:
        return item
    return None


@require_http_methods(["GET", "POST"])
def item_page(request: HttpRequest, code: str) -> HttpResponse:
    item = _citizen_item(request, code)
    if item is None:
        # Nothing about the item without its secret: the look-up form, the code filled in.
        ask = LookupForm(initial={"code": code[:30]})
        context = {"form": ask, "error": _("Nhập mã tra cứu để xem phản ánh này.")}
        status = 403 if request.method == "POST" else 200
        return _private(render(request, "feedback/lookup.html", context, status=status))
    status = 200
    form = SupplyInfoForm(initial={"version": item.version})
    if request.method == "POST":
        form = SupplyInfoForm(request.POST)
        if form.is_valid():
            by = cast(User, request.user) if request.user.is_authenticated else None
            try:
                feedback_supply_info(
                    item=item,
                    text=form.cleaned_data["text"],
                    by=by,
                    at=now(),
                    as_citizen=True,
                    version=form.cleaned_data.get("version"),
                )
            except DomainError as exc:
                attach(form, exc)
                status = exc.status_code
            else:
                messages.success(request, _("Đã gửi thông tin bổ sung."))
                return _private(redirect("feedback:item", code=item.code))
        else:
            status = 422
        item.refresh_from_db()
    context = {
        "item": item,
        "status_text": citizen_text(item.status),
        "contact": sel.masked_contact(item),
        "events": [e for e in sel.events_of(item) if e.citizen_text],
        "form": form if item.status == FeedbackStatus.INFO_REQUESTED else None,
        "answered": item.status in (FeedbackStatus.ANSWERED, FeedbackStatus.PUBLISHED),
    }
    return _private(render(request, "feedback/item.html", context, status=status))
