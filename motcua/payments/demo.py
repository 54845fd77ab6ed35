"""Demo fees (idempotent): of the demo dossiers whose procedure has fees and whose result is
ready at the desk, the first is assessed and paid in cash (receipt 1 of the year), the
second (if the demo has one) is assessed and left due (its return is blocked until paid)."""

from __future__ import annotations

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import Status
from motcua.payments.models import FeeAssessment, FeeStage
from motcua.payments.services import LineInput, assessment_create, payment_record_at_counter


def load() -> None:
    receiver = User.objects.filter(username="tiepnhan", is_active=True).first()
    if receiver is None:
        return
    if FeeAssessment.objects.exists():
        return  # already loaded
    done = [
        d
        for d in Dossier.objects.filter(status=Status.DONE)
        .select_related("procedure_version", "case")
        .order_by("pk")[:20]
        if d.procedure_version.fees_for(d.case)
    ][:2]
    for i, d in enumerate(done):
        at = d.updated_at
        a = assessment_create(
            dossier=d,
            stage=FeeStage.BEFORE_RESULT,
            lines=[LineInput(fee_item_id=f.pk) for f in d.procedure_version.fees_for(d.case)[:1]],
            by=receiver,
            at=at,
        )
        if i == 0:
            payment_record_at_counter(assessment=a, channel="cash", by=receiver, at=at)
