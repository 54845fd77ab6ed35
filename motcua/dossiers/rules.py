"""Date-effective rule sets: the regulatory rules a dossier follows, chosen by the date it
was received (DOMAIN.md §2–3). Nothing regulatory is a constant elsewhere in the code.

- "2018": Decree 61/2018/NĐ-CP and Circular 01/2018/TT-VPCP, for dossiers received up to
  30/06/2025: six forms (no separate stop-processing notice).
- "2025": Decree 118/2025/NĐ-CP and Circular 03/2025/TT-VPCP, from 01/07/2025: seven forms.

The two sets have the same shape; values marked (unverified) in DOMAIN.md are defaults to
be confirmed, kept here as data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from motcua.core.clock import local
from motcua.core.errors import NotFound


class UnknownRuleSet(NotFound):
    """No rule set has this code."""


@dataclass(frozen=True, kw_only=True)
class RuleSet:
    code: str
    valid_from: dt.date
    valid_to: dt.date
    basis: str
    # Paper dossiers received after this time go to the agency (and, when the procedure
    # says so, start their time limit) on the next working day.
    cutoff: dt.time
    # A supplement during processing may be requested within this many working days of the
    # agency receiving the dossier; later requests need a leader's override with a reason.
    supplement_window_days: int
    # When the complete dossier arrives the full time limit restarts from zero.
    supplement_restarts_clock: bool
    # An apology must be made at least this many working days before the current due date.
    apology_min_working_days_before_due: int
    apology_max_per_dossier: int
    # The form set printed (motcua.slips uses it to choose titles and numbers).
    forms: str
    # Form number of each slip kind in this set (the tracking book included).
    form_numbers: Mapping[str, str] = field(default_factory=dict)

    def has_form(self, kind: str) -> bool:
        return kind in self.form_numbers


RULE_SETS: tuple[RuleSet, ...] = (
    RuleSet(
        code="2018",
        valid_from=dt.date.min,
        valid_to=dt.date(2025, 6, 30),
        basis="Nghị định 61/2018/NĐ-CP; Thông tư 01/2018/TT-VPCP",
        cutoff=dt.time(15, 0),
        supplement_window_days=3,
        supplement_restarts_clock=True,
        apology_min_working_days_before_due=1,
        apology_max_per_dossier=1,
        forms="2018",
        form_numbers=MappingProxyType(
            {
                "receipt": "01",
                "supplement": "02",
                "refusal": "03",
                "apology": "04",
                "control": "05",
                "tracking_book": "06",
            }
        ),
    ),
    RuleSet(
        code="2025",
        valid_from=dt.date(2025, 7, 1),
        valid_to=dt.date.max,
        basis="Nghị định 118/2025/NĐ-CP; Thông tư 03/2025/TT-VPCP",
        cutoff=dt.time(15, 0),
        supplement_window_days=3,
        supplement_restarts_clock=True,
        apology_min_working_days_before_due=1,
        apology_max_per_dossier=1,
        forms="2025",
        form_numbers=MappingProxyType(
            {
                "receipt": "01",
                "supplement": "02",
                "refusal": "03",
                "apology": "04",
                "stop": "05",
                "control": "06",
                "tracking_book": "07",
            }
        ),
    ),
)

RULE_SET_CODES = tuple(r.code for r in RULE_SETS)


def rule_set_on(day: dt.date) -> RuleSet:
    """The rule set in force on a calendar day (Vietnam time)."""
    for rules in RULE_SETS:
        if rules.valid_from <= day <= rules.valid_to:
            return rules
    raise UnknownRuleSet(
        f"Không có bộ quy định áp dụng cho ngày {day:%d/%m/%Y}."
    )  # pragma: no cover


def rule_set_for(received_at: dt.datetime) -> RuleSet:
    """The rule set of a dossier received at `received_at` (chosen by its date in Vietnam)."""
    return rule_set_on(local(received_at).date())


def rule_set_by_code(code: str) -> RuleSet:
    for rules in RULE_SETS:
        if rules.code == code:
            return rules
    raise UnknownRuleSet(f"Không có bộ quy định mã {code!r}.", field="rule_set")
