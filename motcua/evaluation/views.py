"""Rating pages: the citizen's page (/danh-gia/<code>/), the counter tablet (/danh-gia/quay/)
and the staff pages (/staff/evaluation/: the list, and the officer's picker for the tablet).

Who may rate on the citizen's page: the logged-in owner of the dossier (citizen_owns), or
whoever proved they hold its look-up secret in this browser session — by coming from the
look-up page's link (`?mk=<secret>`, checked by the same throttled look-up as /tra-cuu/,
then dropped from the address) or by typing the secret on this page. Without either, the
page asks for the secret and reveals nothing about the dossier.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.accounts.decorators import staff_required
from motcua.accounts.models import User
from motcua.citizens.selectors import citizen_owns
from motcua.core.clock import local, now
from motcua.core.errors import DomainError
from motcua.dossiers.models import Dossier
from motcua.dossiers.public_views import NOT_FOUND, client_ip
from motcua.dossiers.selectors import DossierNotFound, LookupThrottled, lookup
from motcua.evaluation import selectors as sel
from motcua.evaluation.forms import PeriodForm, RatingForm, SecretForm, TabletPickForm
from motcua.evaluation.models import RatingChannel
from motcua.evaluation.services import rating_submit

SESSION_CODES = "evaluation.lookup_codes"  # codes whose secret this session proved
SESSION_TABLET = "evaluation.tablet_code"  # the dossier the officer handed the tablet for
SESSION_THANKS = "evaluation.tablet_thanks"
MAX_REMEMBERED = 20


def _no_store(response: HttpResponse) -> HttpResponse:
    """Out of caches; the address (which may hold the secret) is never sent to other sites.
    Not "no-referrer": browsers then send `Origin: null` with the form and CSRF refuses it."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


def _clean_code(code: str) -> str:
    return code.replace("\x00", "").strip()[:60]


def _remember(request: HttpRequest, code: str) -> None:
    codes = [c for c in request.session.get(SESSION_CODES, []) if c != code]
    request.session[SESSION_CODES] = [*codes, code][-MAX_REMEMBERED:]


def _submit(
    form: RatingForm, dossier: Dossier, *, channel: str, by: User | None, at: dt.datetime
) -> int | None:
    """Check the form and call the service: None when the rating was recorded, else the
    status of the page that shows the errors (422, or the service's 409/403)."""
    if not form.is_valid():
        return 422
    try:
        rating_submit(
            dossier=dossier,
            answers=form.answers(),
            comment=form.cleaned_data["comment"],
            channel=channel,
            by=by,
            at=at,
        )
    except DomainError as exc:
        form.attach(exc)
        return exc.status_code
    return None


# --- The citizen's page ---------------------------------------------------------------------


def _citizen_access(request: HttpRequest, code: str) -> tuple[Dossier | None, str]:
    """The dossier and the rating channel when this request may rate it, else (None, "")."""
    dossier = (
        Dossier.objects.select_related("procedure_version", "receiving_unit")
        .filter(code=code)
        .first()
    )
    if dossier is None:
        return None, ""
    if request.user.is_authenticated and citizen_owns(request.user, dossier):
        return dossier, RatingChannel.PORTAL
    if code in request.session.get(SESSION_CODES, []):
        return dossier, RatingChannel.LOOKUP
    return None, ""


def _ask_secret(
    request: HttpRequest, code: str, form: SecretForm, *, error: str = "", status: int = 200
) -> HttpResponse:
    context = {"code": code, "form": form, "error": error}
    return _no_store(render(request, "evaluation/ask_secret.html", context, status=status))


@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, code: str) -> HttpResponse:
    at = now()
    code = _clean_code(code)
    if request.method == "GET" and ("mk" in request.GET or "secret" in request.GET):
        asked = SecretForm({"mk": request.GET.get("mk") or request.GET.get("secret") or ""})
        if not asked.is_valid():
            return _ask_secret(request, code, asked, status=422)
        try:
            lookup(code, asked.cleaned_data["mk"], ip=client_ip(request), at=at)
        except LookupThrottled as exc:
            return _ask_secret(request, code, asked, error=exc.message, status=429)
        except DossierNotFound:
            return _ask_secret(request, code, asked, error=str(NOT_FOUND), status=404)
        _remember(request, code)
        # The secret leaves the address bar (and the history) at once.
        return _no_store(redirect("evaluation:rate", code=code))

    dossier, channel = _citizen_access(request, code)
    if dossier is None:
        if request.method == "POST":
            raise PermissionDenied(_("Bạn cần nhập mã tra cứu của hồ sơ để đánh giá."))
        return _ask_secret(request, code, SecretForm())

    rating = sel.rating_of(dossier)
    criteria = sel.criteria_on_form(dossier, rating, at=at)
    status = 200
    if request.method == "POST":
        form = RatingForm(request.POST, criteria=criteria)
        by = cast(User, request.user) if request.user.is_authenticated else None
        failed = _submit(form, dossier, channel=channel, by=by, at=at)
        if failed is None:
            messages.success(request, _("Cảm ơn bạn đã đánh giá. Đánh giá đã được ghi nhận."))
            return redirect("evaluation:rate", code=dossier.code)
        status = failed
        dossier.refresh_from_db()
        rating = sel.rating_of(dossier)
    else:
        form = RatingForm(criteria=criteria, rating=rating)
    context: dict[str, Any] = {
        "dossier": dossier,
        "form": form,
        "rating": rating,
        "ratable": sel.is_ratable(dossier),
        "can_change": rating is None or sel.can_change(rating, at=at),
        "change_deadline": sel.change_deadline(rating) if rating else None,
    }
    return _no_store(render(request, "evaluation/rate.html", context, status=status))


# --- The counter tablet ---------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@staff_required
@require_http_methods(["GET", "POST"])
def tablet(request: HttpRequest) -> HttpResponse:
    """The tablet at the counter, in the officer's session: a waiting screen, the rating
    form of the dossier the officer chose, then "thank you" and back to waiting."""
    at = now()
    code = request.session.get(SESSION_TABLET, "")
    if request.method == "POST" and "cancel" in request.POST:
        request.session.pop(SESSION_TABLET, None)
        return redirect("evaluation:tablet")
    dossier = None
    if code:
        try:
            dossier = sel.tablet_dossier(_user(request), code, at=at)
        except DossierNotFound:
            request.session.pop(SESSION_TABLET, None)
    if dossier is None:
        if request.method == "POST":
            messages.error(request, _("Phiên đánh giá đã kết thúc. Mời cán bộ chọn lại hồ sơ."))
            return redirect("evaluation:tablet")
        thanks = bool(request.session.pop(SESSION_THANKS, False))
        return _no_store(render(request, "evaluation/tablet.html", {"thanks": thanks}))

    rating = sel.rating_of(dossier)
    criteria = sel.criteria_on_form(dossier, rating, at=at)
    status = 200
    if request.method == "POST":
        form = RatingForm(request.POST, criteria=criteria)
        failed = _submit(
            form, dossier, channel=RatingChannel.COUNTER_TABLET, by=_user(request), at=at
        )
        if failed is None:
            request.session.pop(SESSION_TABLET, None)
            request.session[SESSION_THANKS] = True
            return redirect("evaluation:tablet")
        status = failed
    else:
        # A fresh form each time: the next person at the counter must not see earlier answers.
        form = RatingForm(criteria=criteria)
    context = {"dossier": dossier, "form": form, "rated_before": rating is not None}
    return _no_store(render(request, "evaluation/tablet.html", context, status=status))


@staff_required
@require_http_methods(["GET", "POST"])
def tablet_pick(request: HttpRequest) -> HttpResponse:
    """The officer chooses the dossier just returned (or typed its code) and hands the
    tablet over. `?code=` fills the form (a link from the dossier page after a return)."""
    at = now()
    user = _user(request)
    if not sel.tablet_unit_ids(user, on=local(at).date()):
        raise PermissionDenied(_("Chỉ cán bộ tiếp nhận, trả kết quả tại quầy dùng được trang này."))
    status = 200
    if request.method == "POST":
        form = TabletPickForm(request.POST)
        if form.is_valid():
            try:
                dossier = sel.tablet_dossier(user, form.cleaned_data["code"], at=at)
            except DossierNotFound as exc:
                form.add_error("code", exc.message)
                status = 404
            else:
                request.session[SESSION_TABLET] = dossier.code
                request.session.pop(SESSION_THANKS, None)
                return redirect("evaluation:tablet")
        else:
            status = 422
    else:
        form = TabletPickForm(initial={"code": request.GET.get("code", "")[:60]})
    context = {"form": form, "candidates": sel.tablet_candidates(user, at=at)}
    return render(request, "evaluation/tablet_pick.html", context, status=status)


# --- Staff: the ratings of one's units -----------------------------------------------------


@staff_required
@require_http_methods(["GET"])
def rating_list(request: HttpRequest) -> HttpResponse:
    at = now()
    on = local(at).date()
    data = request.GET.copy()
    data.setdefault("start", on.replace(day=1).strftime("%d/%m/%Y"))
    data.setdefault("end", on.strftime("%d/%m/%Y"))
    form = PeriodForm(data)
    context: dict[str, Any] = {"form": form, "rows": [], "shares": [], "total": 0}
    status = 200
    if form.is_valid():
        period = sel.Period(form.cleaned_data["start"], form.cleaned_data["end"])
        ratings = sel.visible_ratings(_user(request), period, on=on)
        rows = list(sel.rating_rows(ratings)[: sel.LIST_LIMIT])
        context.update(
            period=period,
            rows=rows,
            shares=sel.criterion_shares(ratings),
            total=ratings.count(),
        )
    else:
        status = 422
    context["list_limit"] = sel.LIST_LIMIT
    return render(request, "evaluation/list.html", context, status=status)
