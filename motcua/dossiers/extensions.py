"""Hooks through which later apps take part in dossier transitions without the dossiers app
importing them (dependencies point one way: dossiers ← the rest).

- Gates: `register_gate(fn)`; every transition's `check_allowed` calls `check_gates(d, action)`
  after the ALLOWED_TRANSITIONS check, and a gate raises a DomainError (409) to refuse it. The
  payments app uses this for the blocking rule (a fee due must be paid or exempted first).
- Fees text: `register_fees_text(fn)`; the receipt slip prints `fees_text(d)` (line 7).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from motcua.dossiers.models import Dossier

Gate = Callable[["Dossier", str], None]
FeesText = Callable[["Dossier"], str]

_gates: list[Gate] = []
_fees_texts: list[FeesText] = []


def register_gate(gate: Gate) -> None:
    if gate not in _gates:
        _gates.append(gate)


def check_gates(dossier: Dossier, action: str) -> None:
    for gate in _gates:
        gate(dossier, action)


def register_fees_text(fn: FeesText) -> None:
    if fn not in _fees_texts:
        _fees_texts.append(fn)


def fees_text(dossier: Dossier) -> str:
    return "; ".join(t for t in (fn(dossier) for fn in _fees_texts) if t)
