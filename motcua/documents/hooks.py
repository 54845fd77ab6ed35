"""Side effects of dossier transitions on documents, queued to run after the transition's
transaction commits (signing renders and writes files: never inside a transaction).

The dossier views and API wrap their call to the transition with these functions:

    lambda ...: hooks.after_result_attached(services.dossier_attach_result(...), by=u, at=at)

`transaction.on_commit` covers both callers: the page runs the transition in autocommit
mode (the callback runs at once, after the service's own transaction committed); the API
with an Idempotency-Key runs it inside an outer transaction (the callback waits for it, and
is dropped if it rolls back). A failure here never undoes the transition: it is logged, and
the desk can still sign the result from the digitisation page.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction

from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.documents import services
from motcua.dossiers.models import Dossier, Result

log = logging.getLogger(__name__)


def publish_results(*, dossier_id: int, by: User, at: dt.datetime) -> int:
    """Sign every result of the dossier that has a document and no electronic copy yet with
    its agency's certificate; returns how many were signed. Idempotent."""
    done = 0
    pending = (
        Result.objects.filter(dossier_id=dossier_id, electronic__isnull=True)
        .exclude(document="")
        .select_related("agency", "dossier")
        .order_by("pk")
    )
    for result in pending:
        try:
            services.result_publish(result=result, by=by, at=at)
        except DomainError as exc:  # not a PDF, no certificate…: the desk signs it later
            log.warning("result %s of dossier %s not signed: %s", result.pk, dossier_id, exc)
        else:
            done += 1
    return done


def push_results(*, dossier_id: int, at: dt.datetime) -> int:
    """Put the dossier's electronic results in the applicant's store (once each)."""
    dossier = Dossier.objects.select_related("procedure_version__procedure").get(pk=dossier_id)
    return len(services.result_push_to_store(dossier=dossier, at=at))


def after_result_attached(d: Dossier, *, by: User, at: dt.datetime) -> Dossier:
    """After `dossier_attach_result` commits: sign the result document (electronic result)."""
    pk = d.pk
    transaction.on_commit(lambda: publish_results(dossier_id=pk, by=by, at=at), robust=True)
    return d


def after_returned(d: Dossier, *, at: dt.datetime) -> Dossier:
    """After `dossier_return` commits: push the electronic results to the applicant's store."""
    pk = d.pk
    transaction.on_commit(lambda: push_results(dossier_id=pk, at=at), robust=True)
    return d
