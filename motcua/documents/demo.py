"""Demo data of the documents context: the demo certificate authority and one signing
certificate per unit (so signing and verification work offline), idempotently."""

from __future__ import annotations

from motcua.core.clock import now
from motcua.documents import pki
from motcua.organization.models import Unit


def load() -> None:
    at = now()
    pki.root(at=at)
    for unit in Unit.objects.order_by("code"):
        pki.unit_issue(code=unit.code, name=unit.name, at=at)
