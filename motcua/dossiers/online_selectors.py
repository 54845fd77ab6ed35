"""Reads for the citizen portal's view of one dossier the citizen is entitled to (the portal
checks that first): status in plain Vietnamese, each step done with its date, the due date,
the apology and new date when late, the open supplement request, and the electronic result.

Unlike the public look-up (code + secret, personal data masked), this is the applicant's
own view after login, so their own details are shown in full.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from motcua.catalog.models import OnlineLevel, ProcedureVersion
from motcua.core.errors import NotFound
from motcua.dossiers.models import Apology, Dossier, Result
from motcua.dossiers.selectors import timeline
from motcua.dossiers.services.online import (
    SupplementItem,
    open_supplement_request,
    supplement_items,
)
from motcua.dossiers.workflow import CLOCK_RUNNING, FINAL, Status, citizen_text


class ResultNotAvailable(NotFound):
    """No such electronic result for this dossier (or none offered): always the same 404."""


def electronic_result_offered(version: ProcedureVersion) -> bool:
    """Full-process (toàn trình) procedures with an electronic result send it online."""
    return version.online_level == OnlineLevel.FULL and bool(version.result_electronic)


def downloadable_results(dossier: Dossier) -> list[Result]:
    """The result documents the applicant may download: once the dossier is done (or
    returned), for procedures that give their result electronically. A written refusal
    after appraisal is a result too and is always given to the applicant."""
    if dossier.status not in (Status.DONE, Status.RETURNED):
        return []
    results = [r for r in Result.objects.filter(dossier=dossier).order_by("at", "pk") if r.document]
    if electronic_result_offered(dossier.procedure_version):
        return results
    return [r for r in results if r.kind == "refused"]


def result_for_download(dossier: Dossier, result_id: int) -> Result:
    """One downloadable result of the dossier, or ResultNotAvailable."""
    found = next((r for r in downloadable_results(dossier) if r.pk == result_id), None)
    if found is None:
        raise ResultNotAvailable("Không có kết quả điện tử này.", field="result")
    return found


@dataclass(frozen=True)
class CitizenDossierView:
    dossier: Dossier
    status_text: str
    overdue: bool
    finished: bool
    apology: Apology | None
    timeline: list[dict[str, Any]]
    supplement_items: list[SupplementItem]
    supplement_reason: str
    results: list[Result]
    electronic_result: bool


def citizen_dossier_view(dossier: Dossier, *, at: dt.datetime) -> CitizenDossierView:
    d = dossier
    request = open_supplement_request(d)
    finished = d.status in FINAL or d.status == Status.DONE
    return CitizenDossierView(
        dossier=d,
        status_text=citizen_text(d.status),
        overdue=bool(d.due_at and d.status in CLOCK_RUNNING and d.due_at < at),
        finished=finished,
        apology=Apology.objects.filter(dossier=d).order_by("-at").first(),
        timeline=[
            {"at": e.at, "label": e.label, "text": e.text, "status": e.status}
            for e in timeline(d, "citizen")
        ],
        supplement_items=supplement_items(request) if request else [],
        supplement_reason=request.reason if request else "",
        results=downloadable_results(d),
        electronic_result=electronic_result_offered(d.procedure_version),
    )
