"""Shared arrangements for the rating tests: the seeded criteria (a transactional test's
flush removes what the data migration wrote, so they are put back here) and answers."""

from __future__ import annotations

import importlib

from django.apps import apps

from motcua.dossiers.models import Dossier
from motcua.evaluation.models import RatingCriterion

COUNTER_CODES = [
    "processing_time",
    "agencies_contacted",
    "contacts_needed",
    "published_info",
    "staff_attitude",
    "lawful_result",
    "lawful_cost",
    "feedback_handling",
]
ONLINE_CODES = [*COUNTER_CODES, "online_service"]


def ensure_criteria() -> None:
    """The criteria of the data migration (idempotent)."""
    if RatingCriterion.objects.exists():
        return
    migration = importlib.import_module("motcua.evaluation.migrations.0002_seed_criteria")
    migration.seed(apps, None)


def answers(dossier: Dossier, *, unsatisfied: tuple[str, ...] = ()) -> dict[str, bool]:
    """Every criterion that applies to `dossier`, satisfied except those named."""
    from motcua.dossiers.models import Channel

    codes = ONLINE_CODES if dossier.channel == Channel.ONLINE else COUNTER_CODES
    return {c: c not in unsatisfied for c in codes}


def form_data(dossier: Dossier, *, unsatisfied: tuple[str, ...] = (), comment: str = "") -> dict:
    """The POST body of the rating form."""
    data = {
        f"answer_{c}": "1" if ok else "0"
        for c, ok in answers(dossier, unsatisfied=unsatisfied).items()
    }
    data["comment"] = comment
    return data


def online_done_dossier(w, *, at):
    """A dossier submitted online, accepted by the desk and processed to its result (the
    same path as DoneDossierFactory, starting online)."""
    from motcua.dossiers.services import (
        dossier_accept_online,
        dossier_attach_result,
        step_claim,
        step_transfer,
    )
    from motcua.dossiers.tests.factories import HOUR, SubmittedDossierFactory

    d = SubmittedDossierFactory.create(world=w, at=at)
    d = dossier_accept_online(dossier=d, by=w.receiver, at=at + HOUR)
    d = step_transfer(dossier=d, by=w.receiver, at=at + 2 * HOUR)
    d = step_claim(dossier=d, by=w.specialist, at=at + 3 * HOUR)
    d = step_transfer(dossier=d, by=w.specialist, at=at + 4 * HOUR)
    return dossier_attach_result(
        dossier=d, number="45/PLLTP", signed_by="Hồ Văn Dũng", by=w.head, at=at + 6 * HOUR
    )
