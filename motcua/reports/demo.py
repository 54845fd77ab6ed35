"""Demo figures: the demo dossiers carry a history of several weeks, older than the periodic
refresh looks back, so the daily figures and the index score rows are rebuilt from them
(idempotent: a rebuild recounts everything)."""

from __future__ import annotations

from motcua.core.clock import now
from motcua.reports import figures


def load() -> None:
    figures.rebuild(at=now())
