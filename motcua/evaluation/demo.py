"""Demo data: the demo dossiers already returned get a rating (one criterion unsatisfied, so
the staff list shows a share below 100 %), given ten minutes after the return through the
look-up, through the same service as the pages. Idempotent: a rated dossier is skipped."""

from __future__ import annotations

import datetime as dt

from motcua.core.clock import local
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import Status
from motcua.evaluation.models import Rating, RatingChannel
from motcua.evaluation.selectors import criteria_for
from motcua.evaluation.services import rating_submit


def load() -> None:
    returned = Dossier.objects.filter(status=Status.RETURNED, returned_at__isnull=False).exclude(
        pk__in=Rating.objects.values("dossier_id")
    )
    for d in returned.order_by("pk"):
        assert d.returned_at is not None  # noqa: S101 - filtered above
        at = d.returned_at + dt.timedelta(minutes=10)
        criteria = criteria_for(d, on=local(at).date())
        if not criteria:
            return  # the criteria migration did not run (a flushed test database)
        rating_submit(
            dossier=d,
            answers={c.code: c.code != "contacts_needed" for c in criteria},
            comment="Cán bộ hướng dẫn tận tình; phải đến hai lần mới đủ giấy tờ.",
            channel=RatingChannel.LOOKUP,
            by=None,
            at=at,
        )
