"""The citizen's look-up page (/tra-cuu/): no login, the dossier code and its secret.

A wrong code and a wrong secret give the same "not found" answer (existence is not
revealed); failures are counted per address by the selector, which refuses with 429 when
there are too many. Personal data is shown masked. The receipt's QR code links here with
the code and the secret in the query string (`code`/`secret`, or `ma`/`mk`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from motcua.core.clock import now
from motcua.dossiers.selectors import DossierNotFound, LookupThrottled, lookup

NOT_FOUND = _("Không tìm thấy hồ sơ. Vui lòng kiểm tra lại mã hồ sơ và mã tra cứu.")


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Mã hồ sơ"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("In trên giấy tiếp nhận, ví dụ 000.11.01.H09-250908-0001."),
    )
    secret = forms.CharField(
        label=_("Mã tra cứu"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("In trên giấy tiếp nhận, cạnh mã QR."),
    )


def client_ip(request: HttpRequest) -> str:
    """The caller's address as the server sees it (a trusted proxy sets REMOTE_ADDR)."""
    return str(request.META.get("REMOTE_ADDR") or "0.0.0.0")  # noqa: S104 - a value, not a bind


@require_GET
def lookup_page(request: HttpRequest) -> HttpResponse:
    params = request.GET
    code = (params.get("code") or params.get("ma") or "").strip()
    secret = (params.get("secret") or params.get("mk") or "").strip()
    asked = bool(code or secret)
    form = LookupForm({"code": code, "secret": secret} if asked else None)
    context: dict[str, Any] = {"form": form, "result": None, "error": ""}
    status = 200
    if asked and form.is_valid():
        try:
            context["result"] = lookup(
                form.cleaned_data["code"],
                form.cleaned_data["secret"],
                ip=client_ip(request),
                at=now(),
            )
        except LookupThrottled as exc:
            context["error"] = exc.message
            status = 429
        except DossierNotFound:
            context["error"] = NOT_FOUND
            status = 404
    elif asked:
        status = 422
    response = render(request, "dossiers/lookup.html", context, status=status)
    # The secret travels in the address: keep it out of caches and other sites' logs.
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
