"""Public read API of the organisation: units on a day (codes, names, leaders, successors).

Unit structure and leaders' names are public information (the portal shows them too);
staff lists and memberships are not exposed here.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema

from motcua.core.clock import today
from motcua.core.text import fold
from motcua.organization.models import Unit, UnitKind, UnitLevel
from motcua.organization.rules import LEADER_KINDS, LEADERSHIP_KINDS
from motcua.organization.selectors import (
    acting_delegation,
    positions_held_on,
    unit_by_code,
    unit_successor_on,
    units_valid_on,
)

router = Router(tags=["tổ chức"])


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    kind: UnitKind
    kind_label: str
    level: UnitLevel
    parent_code: str | None
    valid_from: dt.date
    valid_to: dt.date | None
    successor_code: str | None


class LeaderOut(Schema):
    title: str
    name: str
    since: dt.date
    until: dt.date | None


class ActingOut(Schema):
    name: str
    delegated_by: str
    start_date: dt.date
    end_date: dt.date


class UnitDetailOut(UnitOut):
    on: dt.date
    is_valid_on: bool
    stands_for_on: str = ""  # the unit (itself or a successor) valid on `on`
    leaders: list[LeaderOut]
    acting: ActingOut | None
    children: list[str]


class UnitFilter(Schema):
    on: dt.date | None = None
    kind: UnitKind | None = None
    level: UnitLevel | None = None
    q: str = ""


def _unit_out(unit: Unit) -> dict[str, object]:
    return {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "kind_label": str(unit.get_kind_display()),
        "level": unit.level,
        "parent_code": unit.parent.code if unit.parent else None,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "successor_code": unit.successor.code if unit.successor else None,
    }


@router.get(
    "/units",
    response=list[UnitOut],
    auth=None,
    summary="Danh sách đơn vị có hiệu lực tại một ngày",
    description="Lọc theo ngày (mặc định hôm nay), loại, cấp và từ khóa (không phân biệt dấu).",
)
def units(request: HttpRequest, filters: Query[UnitFilter]) -> list[dict[str, object]]:
    day = filters.on or today()
    qs = units_valid_on(day).select_related("parent", "successor").order_by("sort_order", "name")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.level:
        qs = qs.filter(level=filters.level)
    terms = fold(filters.q).split()
    return [
        _unit_out(u)
        for u in qs
        if all(t in fold(f"{u.name} {u.short_name} {u.code}") for t in terms)
    ]


@router.get(
    "/units/{code}",
    response=UnitDetailOut,
    auth=None,
    summary="Thông tin một đơn vị tại một ngày",
    description="Lãnh đạo, người được ủy quyền điều hành, đơn vị trực thuộc và đơn vị kế thừa.",
)
def unit(request: HttpRequest, code: str, on: dt.date | None = None) -> dict[str, object]:
    day = on or today()
    found = unit_by_code(code)
    leaders = sorted(
        positions_held_on(day, units=[found], kinds=LEADERSHIP_KINDS),
        key=lambda p: (p.kind not in LEADER_KINDS, p.start_date),
    )
    acting = acting_delegation(found, day)
    return {
        **_unit_out(found),
        "on": day,
        "is_valid_on": found.is_valid_on(day),
        "stands_for_on": unit_successor_on(found, day).code,
        "leaders": [
            {
                "title": p.title,
                "name": p.holder.display_name,
                "since": p.start_date,
                "until": p.end_date,
            }
            for p in leaders
        ],
        "acting": None
        if acting is None
        else {
            "name": acting.delegate.display_name,
            "delegated_by": acting.delegator.display_name,
            "start_date": acting.start_date,
            "end_date": acting.end_date,
        },
        "children": list(
            found.children.valid_on(day)
            .order_by("sort_order", "name")
            .values_list("code", flat=True)
        ),
    }
