"""Staff pages: the organisation chart on a chosen day and one unit's page."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.accounts.decorators import staff_required
from motcua.accounts.selectors import units_visible_to
from motcua.core.clock import today
from motcua.core.errors import NotFound
from motcua.organization.models import UnitKind
from motcua.organization.selectors import (
    delegation_status,
    org_tree,
    unit_by_code,
    unit_detail,
    unit_successor_on,
)

# Days worth a shortcut on the chart: the Center's founding and the 2025 reorganisation.
MILESTONES = (
    (dt.date(2024, 12, 10), "Thành lập Trung tâm (QĐ 58/2024)"),
    (dt.date(2025, 6, 30), "Trước sắp xếp đơn vị hành chính"),
    (dt.date(2025, 7, 1), "Sau sắp xếp (bỏ cấp huyện)"),
)


def _day_param(request: HttpRequest) -> tuple[dt.date, str | None]:
    """The `?on=` day (YYYY-MM-DD or dd/mm/yyyy); today with an error text when invalid."""
    raw = (request.GET.get("on") or "").strip()
    if not raw:
        return today(), None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw, fmt).date(), None  # noqa: DTZ007 — a date only
        except ValueError:
            continue
    return today(), _("Ngày “%(raw)s” không hợp lệ (dạng dd/mm/yyyy); đang hiển thị hôm nay.") % {
        "raw": raw
    }


@staff_required
def chart(request: HttpRequest) -> HttpResponse:
    on, error = _day_param(request)
    tree = org_tree(on)
    return render(
        request,
        "organization/chart.html",
        {
            "tree": tree,
            "on": on,
            "is_today": on == today(),
            "on_error": error,
            "milestones": MILESTONES,
            "unit_count": sum(node.node_count for node in tree),
        },
    )


@staff_required
def unit_page(request: HttpRequest, code: str) -> HttpResponse:
    on, error = _day_param(request)
    try:
        unit = unit_by_code(code)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    # Roles in the system are shown only to staff who may see the unit's records.
    visible = units_visible_to(request.user, on=today()).filter(pk=unit.pk).exists()
    detail = unit_detail(unit, on, with_memberships=visible)
    current = unit_successor_on(unit, on)
    delegations = [(d, delegation_status(d, on)) for d in detail.delegations]
    return render(
        request,
        "organization/unit.html",
        {
            "d": detail,
            "unit": unit,
            "on": on,
            "on_error": error,
            "is_valid": unit.is_valid_on(on),
            "current": current if current.pk != unit.pk else None,
            "delegations": delegations,
            "is_site": unit.kind in (UnitKind.CENTER, UnitKind.BRANCH),
        },
    )
