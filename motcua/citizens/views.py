"""Account pages of the citizen portal (/tai-khoan/): register → confirm the code → log in;
password reset by a one-time code; "Hồ sơ của tôi".

Views only read the form, call one service with `at=now()` and the caller's IP, and show
its error on the field it names. A rate limit answers 429 with its Vietnamese message.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.models import User
from motcua.citizens.forms import (
    CitizenLoginForm,
    CodeForm,
    RegisterForm,
    ResetConfirmForm,
    ResetRequestForm,
    client_ip_of,
    form_error,
)
from motcua.citizens.identifiers import Identifier, mask_address, parse_identifier
from motcua.citizens.models import CodePurpose, OneTimeCode
from motcua.citizens.selectors import account_of, my_dossiers
from motcua.citizens.services import (
    RateLimited,
    citizen_activate,
    citizen_oidc_login,
    citizen_register,
    otp_resend,
    password_reset_confirm,
    password_reset_request,
)
from motcua.core.clock import now
from motcua.core.errors import DomainError, InvalidInput
from motcua.integrations import oidc
from motcua.integrations.oidc import client as oidc_client

log = logging.getLogger(__name__)

PENDING_USER = "citizens.pending_user"
RESET_IDENTIFIER = "citizens.reset_identifier"
LOGIN_HINT = "citizens.login_hint"


def _status(exc: DomainError) -> int:
    return 429 if isinstance(exc, RateLimited) else 200


def _retry_headers(response: HttpResponse, exc: DomainError | None) -> HttpResponse:
    if isinstance(exc, RateLimited) and "retry_after" in exc.details:
        response["Retry-After"] = str(exc.details["retry_after"])
    return response


def _announce_sent(request: HttpRequest, otp: OneTimeCode | None, where: str) -> None:
    otp_now = OneTimeCode.objects.filter(pk=otp.pk).first() if otp else None
    if otp_now is not None and otp_now.send_error:
        messages.warning(
            request,
            _("Chưa gửi được mã xác nhận tới %(where)s. Vui lòng bấm “Gửi lại mã” sau ít phút.")
            % {"where": where},
        )
    else:
        messages.info(request, _("Mã xác nhận đã được gửi tới %(where)s.") % {"where": where})


# --- Registration ---------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("citizens:dossiers")
    form = RegisterForm(request.POST or None)
    error: DomainError | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            otp = citizen_register(
                kind=data["kind"],
                full_name=data["full_name"],
                channel=data["channel"],
                phone=data["phone"],
                email=data["email"],
                password=data["password"],
                citizen_id=data["citizen_id"],
                organization_name=data["organization_name"],
                tax_code=data["tax_code"],
                ip=client_ip_of(request),
                at=now(),
            )
        except DomainError as exc:
            error = exc
            form_error(form, exc)
        else:
            request.session[PENDING_USER] = otp.user_id
            _announce_sent(request, otp, mask_address(Identifier(otp.channel, otp.address)))
            return redirect("citizens:confirm")
    response = render(
        request,
        "citizens/register.html",
        {"form": form},
        status=_status(error) if error else 200,
    )
    return _retry_headers(response, error)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest) -> HttpResponse:
    user_id = request.session.get(PENDING_USER)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        messages.info(request, _("Vui lòng đăng ký tài khoản trước."))
        return redirect("citizens:register")
    last = (
        OneTimeCode.objects.filter(user=user, purpose=CodePurpose.REGISTER)
        .order_by("-created_at")
        .first()
    )
    where = mask_address(Identifier(last.channel, last.address)) if last else ""
    resend = request.method == "POST" and "resend" in request.POST
    form = CodeForm(request.POST if request.method == "POST" and not resend else None)
    error: DomainError | None = None
    if resend:
        try:
            otp = otp_resend(
                user=user, purpose=CodePurpose.REGISTER, ip=client_ip_of(request), at=now()
            )
        except DomainError as exc:
            error = exc
        else:
            _announce_sent(request, otp, where)
            return redirect("citizens:confirm")
    elif request.method == "POST" and form.is_valid():
        try:
            citizen_activate(
                user=user, code=form.cleaned_data["code"], ip=client_ip_of(request), at=now()
            )
        except DomainError as exc:
            error = exc
            form_error(form, exc, default_field="code")
        else:
            del request.session[PENDING_USER]
            request.session[LOGIN_HINT] = last.address if last else ""
            messages.success(request, _("Tài khoản đã được kích hoạt. Mời bạn đăng nhập."))
            return redirect("citizens:login")
    response = render(
        request,
        "citizens/confirm.html",
        {"form": form, "where": where, "resend_error": error.message if resend and error else ""},
        status=_status(error) if error else 200,
    )
    return _retry_headers(response, error)


# --- Log in / out ---------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "citizens/login.html"
    authentication_form = CitizenLoginForm
    redirect_authenticated_user = True

    def get_initial(self) -> dict[str, Any]:
        hint = self.request.session.pop(LOGIN_HINT, "")
        return {"username": hint} if hint else {}

    def get_default_redirect_url(self) -> str:
        return reverse("citizens:dossiers")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = oidc.enabled()
        return context

    def form_invalid(self, form: CitizenLoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = 429
        return response


class LogoutView(auth_views.LogoutView):
    next_page = "portal:home"


# --- Password reset --------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def reset_request(request: HttpRequest) -> HttpResponse:
    form = ResetRequestForm(request.POST or None)
    error: DomainError | None = None
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        try:
            otp = password_reset_request(identifier=identifier, ip=client_ip_of(request), at=now())
        except DomainError as exc:
            error = exc
            form_error(form, exc, default_field="identifier")
        else:
            ident = parse_identifier(identifier)
            request.session[RESET_IDENTIFIER] = ident.address
            if (
                otp is not None
                and OneTimeCode.objects.filter(pk=otp.pk).exclude(send_error="").exists()
            ):
                _announce_sent(request, otp, mask_address(ident))
            else:
                messages.info(
                    request,
                    _("Nếu %(where)s là của một tài khoản, mã xác nhận đã được gửi tới đó.")
                    % {"where": mask_address(ident)},
                )
            return redirect("citizens:reset_confirm")
    response = render(
        request,
        "citizens/reset_request.html",
        {"form": form},
        status=_status(error) if error else 200,
    )
    return _retry_headers(response, error)


@never_cache
@require_http_methods(["GET", "POST"])
def reset_confirm(request: HttpRequest) -> HttpResponse:
    identifier = request.session.get(RESET_IDENTIFIER)
    if not identifier:
        return redirect("citizens:reset_request")
    try:
        where = mask_address(parse_identifier(identifier))
    except InvalidInput:
        return redirect("citizens:reset_request")
    resend = request.method == "POST" and "resend" in request.POST
    form = ResetConfirmForm(request.POST if request.method == "POST" and not resend else None)
    error: DomainError | None = None
    if resend:
        try:
            password_reset_request(identifier=identifier, ip=client_ip_of(request), at=now())
        except DomainError as exc:
            error = exc
        else:
            messages.info(
                request,
                _("Nếu %(where)s là của một tài khoản, mã mới đã được gửi tới đó.")
                % {"where": where},
            )
            return redirect("citizens:reset_confirm")
    elif request.method == "POST" and form.is_valid():
        try:
            password_reset_confirm(
                identifier=identifier,
                code=form.cleaned_data["code"],
                new_password=form.cleaned_data["new_password"],
                ip=client_ip_of(request),
                at=now(),
            )
        except DomainError as exc:
            error = exc
            form_error(form, exc, default_field="code")
        else:
            del request.session[RESET_IDENTIFIER]
            request.session[LOGIN_HINT] = identifier
            messages.success(
                request, _("Đã đặt lại mật khẩu. Mời bạn đăng nhập bằng mật khẩu mới.")
            )
            return redirect("citizens:login")
    response = render(
        request,
        "citizens/reset_confirm.html",
        {"form": form, "where": where, "resend_error": error.message if resend and error else ""},
        status=_status(error) if error else 200,
    )
    return _retry_headers(response, error)


# --- "Hồ sơ của tôi" --------------------------------------------------------------------------


def _login_required(request: HttpRequest) -> HttpResponseBase | None:
    if request.user.is_authenticated:
        return None
    return redirect_to_login(request.get_full_path(), reverse("citizens:login"))


@require_http_methods(["GET"])
def dossiers(request: HttpRequest) -> HttpResponseBase:
    if (denied := _login_required(request)) is not None:
        return denied
    try:
        page_number = int(request.GET.get("trang", "1"))
    except ValueError:
        page_number = 1
    page = my_dossiers(request.user, page=page_number, at=now())
    account = account_of(request.user)
    response = render(
        request,
        "citizens/dossiers.html",
        {"page": page, "account": account},
    )
    response["Cache-Control"] = "private, no-store"
    return response


def home(request: HttpRequest) -> HttpResponseBase:
    return redirect("citizens:dossiers")


# --- OpenID Connect (national eID) ----------------------------------------------------------

OIDC_SESSION = "citizens.oidc"


def _safe_next(request: HttpRequest, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("citizens:dossiers")


@require_POST
def oidc_start(request: HttpRequest) -> HttpResponseBase:
    """Send the browser to the provider (authorization code + PKCE); state, nonce and the
    PKCE verifier wait in the session for the callback."""
    if not oidc.enabled():
        raise Http404
    cfg = oidc_client.config()
    try:
        meta = oidc_client.discover(cfg.issuer)
    except oidc_client.OidcError as exc:
        log.warning("OIDC discovery failed: %s", exc)
        messages.error(request, OIDC_UNAVAILABLE)
        return redirect("citizens:login")
    auth = oidc_client.authorization_request(
        meta, cfg, redirect_uri=request.build_absolute_uri(reverse("citizens:oidc_callback"))
    )
    request.session[OIDC_SESSION] = {
        "state": auth.state,
        "nonce": auth.nonce,
        "verifier": auth.code_verifier,
        "next": _safe_next(request, request.POST.get("next", "")),
    }
    return redirect(auth.url)


OIDC_UNAVAILABLE = _lazy(
    "Chưa kết nối được với hệ thống định danh điện tử. Vui lòng thử lại sau hoặc đăng nhập "
    "bằng số điện thoại/e-mail."
)
OIDC_FAILED = _lazy(
    "Đăng nhập bằng tài khoản định danh điện tử không thành công. Vui lòng thử lại."
)


@never_cache
@require_http_methods(["GET"])
def oidc_callback(request: HttpRequest) -> HttpResponseBase:
    """The provider sends the browser back here with a code; exchange it, verify the ID
    token, and log the account in."""
    if not oidc.enabled():
        raise Http404
    pending = request.session.pop(OIDC_SESSION, None)
    state = request.GET.get("state", "")
    if not pending or not constant_time_compare(state, pending.get("state", "")):
        messages.error(request, OIDC_FAILED)
        return redirect("citizens:login")
    if request.GET.get("error") or not request.GET.get("code"):
        log.info("OIDC provider answered %s", request.GET.get("error", "no code"))
        messages.error(request, OIDC_FAILED)
        return redirect("citizens:login")
    cfg = oidc_client.config()
    at = now()
    try:
        meta = oidc_client.discover(cfg.issuer)
        tokens = oidc_client.exchange_code(
            meta,
            cfg,
            code=request.GET["code"],
            redirect_uri=request.build_absolute_uri(reverse("citizens:oidc_callback")),
            code_verifier=pending["verifier"],
        )
        claims = oidc_client.verify_id_token(
            tokens["id_token"], cfg, nonce=pending["nonce"], now=at.timestamp()
        )
    except oidc_client.OidcError as exc:
        log.warning("OIDC login refused: %s", exc)
        messages.error(request, OIDC_FAILED)
        return redirect("citizens:login")
    try:
        user = citizen_oidc_login(issuer=cfg.issuer, claims=claims, at=at)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("citizens:login")
    auth_login(request, user, backend="motcua.citizens.backends.PhoneBackend")
    return redirect(pending.get("next") or reverse("citizens:dossiers"))
