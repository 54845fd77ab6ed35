"""Staff pages of the evaluation indices (/staff/evaluation/indices/): the Decision 766 index
per agency and for the scope the reader sees, the Circular 01/2018 scores per agency and desk
officer, and the dossiers behind each 766 indicator."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.accounts.decorators import staff_required
from motcua.accounts.models import User
from motcua.accounts.selectors import visible_unit_ids
from motcua.core.clock import VN_TZ, local, now
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import visible_dossiers
from motcua.evaluation.indices import (
    INDEX_CODES,
    INDEX_LABELS,
    STAFF_INDEX_CODES,
    period_bounds,
)
from motcua.evaluation.indices_766 import (
    annotate_766_timing,
    index_766,
    indicator_set,
    on_time_766_q,
)
from motcua.feedback.selectors import visible_feedback
from motcua.feedback.staff_views import feedback_indicator_items
from motcua.organization.models import Unit
from motcua.reports.index_figures import scores as index_scores


def _period(request: HttpRequest) -> tuple[int, int | None, dt.datetime, dt.datetime]:
    today = local(now()).date()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2019), today.year + 1)
    q_raw = request.GET.get("quarter", "")
    quarter = int(q_raw) if q_raw in {"1", "2", "3", "4"} else None
    start, end = period_bounds(year, quarter)
    return (
        year,
        quarter,
        dt.datetime.combine(start, dt.time(), tzinfo=VN_TZ),
        dt.datetime.combine(end, dt.time(), tzinfo=VN_TZ),
    )


@staff_required
def indices(request: HttpRequest) -> HttpResponse:
    year, quarter, start, end = _period(request)
    on = local(now()).date()
    unit_ids = visible_unit_ids(request.user, on=on)
    per_agency, whole = index_766(
        unit_ids=unit_ids,
        start=start,
        end=end,
        feedback=visible_feedback(cast(User, request.user), on=local(now()).date()),
        at=now(),
    )
    names = dict(Unit.objects.filter(pk__in=list(per_agency)).values_list("pk", "name"))
    context: dict[str, Any] = {
        "year": year,
        "quarter": quarter,
        "years": range(local(now()).year, 2018, -1),
        "whole": whole,
        "agencies": [(names.get(aid, ""), idx) for aid, idx in per_agency.items()],
        # From the pre-aggregated score rows (reports.index_figures), scoped by the units
        # the reader sees (the dossiers' lead agency or desk).
        "agency_rows": index_scores(unit_ids=unit_ids, start=start, end=end, at=now()),
        "desk_rows": index_scores(unit_ids=unit_ids, start=start, end=end, by="desk", at=now()),
        "staff_rows": index_scores(unit_ids=unit_ids, start=start, end=end, by="officer"),
        "index_labels": [(c, INDEX_LABELS[c]) for c in INDEX_CODES],
        "staff_labels": [(c, INDEX_LABELS[c]) for c in STAFF_INDEX_CODES],
    }
    return render(request, "evaluation/indices.html", context)


def indicator_dossiers(
    dossiers: QuerySet[Dossier], code: str, start: dt.datetime, end: dt.datetime
) -> QuerySet[Dossier]:
    """The dossiers counted in an indicator's denominator, with `on_time_766` where it applies."""
    ind = next((i for i in indicator_set(start.date()).indicators if i.code == code), None)
    if ind is None or not ind.drill:
        return dossiers.none()
    if ind.drill == "received":
        return dossiers.filter(received_at__gte=start, received_at__lt=end)
    return dossiers.filter(finished_at__gte=start, finished_at__lt=end)


@staff_required
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    year, quarter, start, end = _period(request)
    dossiers = visible_dossiers(cast(User, request.user), on=local(now()).date())
    agency_raw = request.GET.get("agency", "")
    agency = Unit.objects.filter(pk=int(agency_raw)).first() if agency_raw.isdigit() else None
    if code == "feedback_on_time":  # its rows are feedback items, not dossiers
        return feedback_indicator_items(request, agency=agency, start=start, end=end, year=year,
                                        quarter=quarter)  # fmt: skip
    if agency is not None:  # the unit of the index: the lead agency, or the desk without one
        dossiers = dossiers.filter(
            Q(lead_agency=agency) | Q(lead_agency__isnull=True, receiving_unit=agency)
        )
    qs = annotate_766_timing(indicator_dossiers(dossiers, code, start, end))
    rows: QuerySet[Dossier] = qs
    if code == "on_time":
        rows = qs.annotate(ok=ExpressionWrapper(on_time_766_q(), output_field=BooleanField()))
    ind = next((i for i in indicator_set(start.date()).indicators if i.code == code), None)
    return render(
        request,
        "evaluation/indices_dossiers.html",
        {
            "indicator": ind,
            "code": code,
            "agency": agency,
            "year": year,
            "quarter": quarter,
            "rows": rows.select_related("procedure_version").order_by("received_at")[:500],
            "title": _("Hồ sơ của chỉ tiêu"),
        },
    )
