"""The citizen portal: home, the procedure catalogue and each procedure's page.

Views only parse the request, call selectors and render; no business logic here.
"""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django import forms
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from motcua.catalog.models import (
    ApplicantType,
    Channel,
    OnlineLevel,
    ProcedureLevel,
    ProcedureVersion,
)
from motcua.catalog.page_selectors import (
    FormNotFound,
    catalogue_agencies,
    procedure_form_source,
)
from motcua.catalog.selectors import (
    ProcedureNotFound,
    ProcedureNotInForce,
    fields_with_counts,
    format_time_limit,
    latest_version,
    procedure_search,
    version_readable,
)
from motcua.catalog.views import page_links
from motcua.core.clock import today
from motcua.core.errors import DomainError
from motcua.core.qr import qr_svg
from motcua.portal.selectors import online_allowed

PAGE_SIZE = 20

ONLINE_CHOICES = [
    ("", _("Tất cả")),
    ("any", _("Có nộp trực tuyến")),
    (OnlineLevel.FULL.value, OnlineLevel.FULL.label),
    (OnlineLevel.PARTIAL.value, OnlineLevel.PARTIAL.label),
    (OnlineLevel.NONE.value, OnlineLevel.NONE.label),
]


class CatalogueSearchForm(forms.Form):
    """The GET form of the catalogue: every value optional, bad values are ignored."""

    q = forms.CharField(label=_("Tìm thủ tục"), required=False, max_length=200)
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    agency = forms.ChoiceField(label=_("Cơ quan thực hiện"), required=False)
    level = forms.ChoiceField(
        label=_("Cấp thực hiện"),
        required=False,
        choices=[("", _("Tất cả"))] + list(ProcedureLevel.choices),
    )
    online = forms.ChoiceField(label=_("Nộp trực tuyến"), required=False, choices=ONLINE_CHOICES)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, field_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        agency_choices = kwargs.pop("agency_choices")
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("Tất cả lĩnh vực"))] + field_choices  # type: ignore[attr-defined]
        self.fields["agency"].choices = [("", _("Tất cả cơ quan"))] + agency_choices  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        """The valid values; a field with a bad value counts as not given."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            name: (None if name in self.errors else data.get(name) or None) for name in self.fields
        }


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    for key in [k for k, v in params.items() if v == ""]:
        params.pop(key)
    return params.urlencode()


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    fields = [f for f in fields_with_counts() if f.procedure_count]  # type: ignore[attr-defined]
    return render(
        request,
        "portal/home.html",
        {"fields": fields, "total": sum(f.procedure_count for f in fields)},  # type: ignore[attr-defined]
    )


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    fields = fields_with_counts()
    agencies = catalogue_agencies()
    form = CatalogueSearchForm(
        request.GET,
        field_choices=[(f.code, f.name) for f in fields],
        agency_choices=[(u.code, u.name) for u in agencies],
    )
    v = form.values()
    page = v["page"] or 1
    criteria = {
        "field": v["field"],
        "agency": v["agency"],
        "level": v["level"],
        "online": v["online"],
    }
    result = procedure_search(v["q"] or "", page=page, page_size=PAGE_SIZE, **criteria)
    if result.count and page > result.num_pages:
        page = result.num_pages
        result = procedure_search(v["q"] or "", page=page, page_size=PAGE_SIZE, **criteria)
    items = result.items
    context = {
        "form": form,
        "result": result,
        "items": items,
        "first_index": (result.page - 1) * PAGE_SIZE + 1,
        "page_links": page_links(result.page, result.num_pages),
        "base_query": _query_without_page(request),
        "searched": any(v[k] for k in ("q", "field", "agency", "level", "online")),
        "fields": fields,
    }
    if request.htmx and request.htmx.target == "results":  # type: ignore[attr-defined]
        context["oob"] = True
        response = render(request, "portal/catalogue.html#results", context)
    else:
        response = render(request, "portal/catalogue.html", context)
    # The same URL answers a whole page or only the results: caches must tell them apart.
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _qr_svg(url: str) -> SafeString:
    svg = qr_svg(url, size_mm=30, title=str(_("Mã QR dẫn đến trang thủ tục này")))
    # segno writes the SVG itself and escapes the title; the URL is ours.
    return mark_safe(svg)  # noqa: S308


def _legal_basis(version: ProcedureVersion) -> list[dict[str, Any]]:
    out = []
    for item in version.legal_basis or []:
        raw = item.get("date") if isinstance(item, dict) else None
        try:
            day = dt.date.fromisoformat(raw) if raw else None
        except ValueError:
            day = None
        if isinstance(item, dict):
            out.append(
                {"number": item.get("number", ""), "date": day, "title": item.get("title", "")}
            )
    return out


@require_GET
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    day = today()
    try:
        version = version_readable(code, day)
    except ProcedureNotFound as exc:
        raise Http404(exc.message) from exc
    except ProcedureNotInForce as exc:
        # Announced but not yet in force: show what will apply.
        found = latest_version(code)
        if found is None:
            raise Http404(exc.message) from exc
        version = found
    procedure = version.procedure
    abolished = procedure.is_abolished_on(day)
    cases = list(version.cases.all())
    cases_view = [
        {"case": c, "time_limit": format_time_limit(*version.time_limit_for(c))}
        for c in cases
        if c.time_limit_unit
    ]
    steps = [str(s) for s in (version.steps or [])]
    url = request.build_absolute_uri(reverse("portal:procedure", args=[procedure.national_code]))
    context = {
        "version": version,
        "procedure": procedure,
        "abolished": abolished,
        "abolish_pending": procedure.abolished_from is not None and not abolished,
        "not_yet_in_force": version.effective_from > day,
        "time_limit": format_time_limit(version.time_limit_value, version.time_limit_unit),
        "steps": steps,
        "steps_numbered": not all(s.lstrip().lower().startswith("bước") for s in steps),
        "cases": cases,
        "case_limits": cases_view,
        "documents": list(version.documents.all()),
        "fees": list(version.fees.all()),
        "forms": list(version.forms.all()),
        "legal_basis": _legal_basis(version),
        "cooperating": list(version.cooperating_agencies.all()),
        "applicant_labels": _labels(version.applicant_types, "applicant"),
        "channel_labels": _labels(version.channels, "channel"),
        "online_allowed": online_allowed(version, day),
        "page_url": url,
        "qr_svg": _qr_svg(url),
    }
    return render(request, "portal/procedure.html", context)


def _labels(values: list[str], kind: str) -> list[str]:
    choices: type[ApplicantType] | type[Channel] = ApplicantType if kind == "applicant" else Channel
    out = []
    for value in values or []:
        try:
            out.append(str(choices(value).label))
        except ValueError:
            out.append(value)
    return out


@require_GET
def form_download(request: HttpRequest, code: str, form_id: int) -> FileResponse:
    try:
        source = procedure_form_source(code, form_id)
    except (FormNotFound, DomainError) as exc:
        raise Http404(str(exc)) from exc
    form = source.form
    handle: IO[bytes] | FieldFile
    if source.demo_path is not None:
        handle = source.demo_path.open("rb")
    else:
        try:
            handle = form.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404("Tệp của mẫu đơn, tờ khai này không còn.") from exc
    return FileResponse(handle, as_attachment=True, filename=form.filename)
