"""Organisation rules as data: which posts a unit may have and how many may be held at once.

The numbers come from the founding decision (Quyết định 58/2024/QĐ-UBND tỉnh Bình Dương,
Điều 4): the Center has one Director and at most three Deputy Directors; each branch one
Director and at most two Deputies. Rules are date-effective: a later decision adds a new
`LeadershipRules` entry with its own `effective_from`, it does not edit the old one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from motcua.organization.models import PositionKind, UnitKind

K = PositionKind
U = UnitKind


@dataclass(frozen=True)
class LeadershipRules:
    effective_from: dt.date
    basis: str
    # unit kind → position kind → how many may hold it at the same time
    limits: Mapping[str, Mapping[str, int]]
    # unit kind → the position kinds that exist in such a unit
    kinds: Mapping[str, frozenset[str]]


_STAFF = frozenset({K.SPECIALIST, K.OFFICER})
_DIRECTED = frozenset({K.DIRECTOR, K.DEPUTY_DIRECTOR}) | _STAFF
_HEADED = frozenset({K.HEAD, K.DEPUTY_HEAD}) | _STAFF
_CHAIRED = frozenset({K.CHAIR, K.VICE_CHAIR}) | _STAFF

RULES: tuple[LeadershipRules, ...] = (
    LeadershipRules(
        effective_from=dt.date(2024, 12, 10),
        basis="Quyết định 58/2024/QĐ-UBND",
        limits={
            U.CENTER: {K.DIRECTOR: 1, K.DEPUTY_DIRECTOR: 3},
            U.BRANCH: {K.DIRECTOR: 1, K.DEPUTY_DIRECTOR: 2},
            U.DEPARTMENT: {K.HEAD: 1},
            U.SUBUNIT: {K.HEAD: 1},
            U.AGENCY: {K.DIRECTOR: 1, K.CHAIR: 1},
            U.PROVINCE: {K.CHAIR: 1},
            U.COMMUNE: {K.CHAIR: 1},
        },
        kinds={
            U.CENTER: _DIRECTED,
            U.BRANCH: _DIRECTED,
            U.DEPARTMENT: _HEADED,
            U.SUBUNIT: _HEADED,
            U.AGENCY: _DIRECTED | _CHAIRED,
            U.PROVINCE: _CHAIRED,
            U.COMMUNE: _CHAIRED,
        },
    ),
)

# The head of a unit and the matching deputy post. Only a head may delegate; only the
# matching deputy of the same unit may receive a delegation.
LEADER_KINDS: frozenset[str] = frozenset({K.DIRECTOR, K.HEAD, K.CHAIR})
DEPUTY_OF: Mapping[str, str] = {
    K.DIRECTOR: K.DEPUTY_DIRECTOR,
    K.HEAD: K.DEPUTY_HEAD,
    K.CHAIR: K.VICE_CHAIR,
}
DEPUTY_KINDS: frozenset[str] = frozenset(DEPUTY_OF.values())
LEADERSHIP_KINDS: frozenset[str] = LEADER_KINDS | DEPUTY_KINDS
# Display order of posts inside a unit.
KIND_RANK: Mapping[str, int] = {
    K.CHAIR: 0,
    K.DIRECTOR: 0,
    K.HEAD: 0,
    K.VICE_CHAIR: 1,
    K.DEPUTY_DIRECTOR: 1,
    K.DEPUTY_HEAD: 1,
    K.SPECIALIST: 2,
    K.OFFICER: 3,
}

# How a refusal names the unit ("Trung tâm đã có đủ 03 Phó Giám đốc …").
UNIT_SUBJECT: Mapping[str, str] = {
    U.CENTER: "Trung tâm",
    U.BRANCH: "Chi nhánh",
    U.DEPARTMENT: "Phòng",
    U.SUBUNIT: "Đơn vị",
    U.AGENCY: "Cơ quan",
    U.PROVINCE: "UBND tỉnh",
    U.COMMUNE: "UBND cấp xã",
}

# Where counters stand, and whom they may serve.
COUNTER_SITE_KINDS: frozenset[str] = frozenset({U.CENTER, U.BRANCH})
COUNTER_AGENCY_KINDS: frozenset[str] = frozenset({U.AGENCY, U.SUBUNIT, U.COMMUNE, U.PROVINCE})

# Structural rules: the kinds of parent a unit of each kind may have (None = no parent).
PARENT_KINDS: Mapping[str, frozenset[str | None]] = {
    U.PROVINCE: frozenset({None}),
    U.CENTER: frozenset({U.PROVINCE}),
    U.DEPARTMENT: frozenset({U.CENTER}),
    U.BRANCH: frozenset({U.CENTER}),
    U.AGENCY: frozenset({U.PROVINCE, None}),
    U.SUBUNIT: frozenset({U.AGENCY, U.SUBUNIT}),
    U.COMMUNE: frozenset({U.AGENCY, U.PROVINCE}),
}


def rules_on(day: dt.date) -> LeadershipRules:
    """The rule set in force on `day` (the earliest one for earlier days)."""
    chosen = RULES[0]
    for rules in RULES:
        if rules.effective_from <= day:
            chosen = rules
    return chosen
