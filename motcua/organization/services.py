"""Writes for the organisation: units, posts with the leadership limits, delegations, counters.

Every function locks the unit row it changes (`select_for_update`), so that two concurrent
appointments cannot both pass the limit check; on SQLite the IMMEDIATE transaction mode
serialises writers to the same effect.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from motcua.accounts.models import User
from motcua.core.clock import VN_TZ, format_date
from motcua.core.errors import Conflict, InvalidInput, NotAllowed
from motcua.core.text import clean
from motcua.organization.models import (
    Counter,
    Delegation,
    Position,
    PositionKind,
    Unit,
    UnitKind,
    UnitLevel,
)
from motcua.organization.rules import (
    COUNTER_AGENCY_KINDS,
    COUNTER_SITE_KINDS,
    DEPUTY_OF,
    LEADER_KINDS,
    PARENT_KINDS,
    UNIT_SUBJECT,
    rules_on,
)

CODE_RE = re.compile(r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$")


# --- Errors -------------------------------------------------------------------------------
class UnitInvalid(InvalidInput):
    """A unit's data is wrong (code format, dates, parent)."""


class UnitCodeTaken(Conflict):
    """Another unit already has this identifier code."""


class PositionInvalid(InvalidInput):
    """The post does not exist in this kind of unit, or its dates are wrong."""


class PositionOverlap(Conflict):
    """The same person already holds this post in this unit during the period."""


class LeadershipLimitReached(Conflict):
    """The founding decision's limit on leaders would be exceeded at some time."""


class DelegationInvalid(InvalidInput):
    """Dates or scope of a delegation are wrong."""


class DelegatorNotLeader(NotAllowed):
    """Only the head of the unit may delegate."""


class ReDelegationForbidden(NotAllowed):
    """A delegate may not delegate again what they received (QĐ 58/2024, Điều 6 khoản 5)."""


class DelegateNotDeputy(InvalidInput):
    """The delegate must be a deputy of the same unit for the whole period."""


class ActingDelegationExists(Conflict):
    """Only one deputy at a time runs the unit while the head is absent."""


class CounterInvalid(InvalidInput):
    """A counter's site, number or agencies are wrong."""


class CounterNumberTaken(Conflict):
    """The site already has a counter with this number."""


# --- Helpers ------------------------------------------------------------------------------
def _d(day: dt.date | None) -> str:
    return format_date(day) if day else "không thời hạn"


def _lock_unit(unit: Unit) -> Unit:
    return Unit.objects.select_for_update().get(pk=unit.pk)


def _overlapping(qs: QuerySet[Position], start: dt.date, end: dt.date | None) -> QuerySet[Position]:
    """Posts whose period [start_date, end_date] meets [start, end] (None = open-ended)."""
    qs = qs.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    if end is not None:
        qs = qs.filter(start_date__lte=end)
    return qs


def max_concurrent(
    periods: Iterable[tuple[dt.date, dt.date | None]], start: dt.date, end: dt.date | None
) -> int:
    """The largest number of `periods` held on one same day inside [start, end].

    Periods are inclusive; None is open-ended. Two posts that follow each other (one
    ends on the 10th, the next starts on the 11th) never count together.
    """
    events: list[tuple[dt.date, int]] = []
    for a, b in periods:
        lo = max(a, start)
        hi = min(b or dt.date.max, end or dt.date.max)
        if lo > hi:
            continue
        events.append((lo, 1))
        if hi < dt.date.max:
            events.append((hi + dt.timedelta(days=1), -1))
    # On the same day, ends (-1) are processed before starts (+1).
    events.sort()
    running = best = 0
    for _day, delta in events:
        running += delta
        best = max(best, running)
    return best


def _check_period(
    start: dt.date, end: dt.date | None, error: type[InvalidInput] = InvalidInput
) -> None:
    if end is not None and end < start:
        raise error(
            f"Ngày kết thúc ({_d(end)}) phải từ ngày bắt đầu ({_d(start)}) trở đi.",
            field="end_date",
        )


def _check_unit_valid(unit: Unit, day: dt.date, error: type[InvalidInput]) -> None:
    if not unit.is_valid_on(day):
        raise error(
            f"{unit.name} không có hiệu lực vào ngày {_d(day)} "
            f"(hiệu lực từ {_d(unit.valid_from)} đến {_d(unit.valid_to)}).",
            field="start_date",
        )


# --- Units --------------------------------------------------------------------------------
def unit_create(
    *,
    code: str,
    name: str,
    kind: str,
    level: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    parent: Unit | None = None,
    short_name: str = "",
    address: str = "",
    phone: str = "",
    sort_order: int = 0,
    by: User | None,
) -> Unit:
    """Create a unit of the dated tree. The code follows Decision 20/2020/QĐ-TTg."""
    code = code.strip()
    name = clean(name)
    if not code or len(code) > 35 or not CODE_RE.match(code):
        raise UnitInvalid(
            "Mã định danh phải gồm các nhóm chữ số hoặc chữ cái cách nhau bởi dấu chấm, "
            "tối đa 35 ký tự (ví dụ 000.00.00.H09).",
            field="code",
        )
    if not name:
        raise UnitInvalid("Tên đơn vị không được để trống.", field="name")
    if kind not in UnitKind.values:
        raise UnitInvalid("Loại đơn vị không hợp lệ.", field="kind")
    if level not in UnitLevel.values:
        raise UnitInvalid("Cấp đơn vị không hợp lệ.", field="level")
    if valid_to is not None and valid_to < valid_from:
        raise UnitInvalid(
            f"Ngày hết hiệu lực ({_d(valid_to)}) phải từ ngày bắt đầu ({_d(valid_from)}) trở đi.",
            field="valid_to",
        )
    allowed_parents = PARENT_KINDS[kind]
    parent_kind = parent.kind if parent is not None else None
    if parent_kind not in allowed_parents:
        labels = ", ".join(
            "không có" if k is None else str(UnitKind(k).label)
            for k in sorted(allowed_parents, key=str)
        )
        raise UnitInvalid(
            f"Đơn vị loại “{UnitKind(kind).label}” phải có đơn vị cấp trên thuộc loại: {labels}.",
            field="parent",
        )
    if parent is not None and not parent.is_valid_on(valid_from):
        raise UnitInvalid(
            f"Đơn vị cấp trên {parent.name} không có hiệu lực vào ngày {_d(valid_from)}.",
            field="parent",
        )
    with transaction.atomic():
        if Unit.objects.filter(code=code).exists():
            raise UnitCodeTaken(f"Mã định danh {code} đã được dùng cho đơn vị khác.", field="code")
        try:
            with transaction.atomic():
                return Unit.objects.create(
                    code=code,
                    name=name,
                    kind=kind,
                    level=level,
                    parent=parent,
                    valid_from=valid_from,
                    valid_to=valid_to,
                    short_name=clean(short_name),
                    address=clean(address),
                    phone=phone.strip(),
                    sort_order=sort_order,
                )
        except IntegrityError:
            raise UnitCodeTaken(
                f"Mã định danh {code} đã được dùng cho đơn vị khác.", field="code"
            ) from None


def unit_retire(*, unit: Unit, last_day: dt.date, successor: Unit | None, by: User | None) -> Unit:
    """End a unit's validity (merger, dissolution); `successor` takes over from the next day."""
    with transaction.atomic():
        unit = _lock_unit(unit)
        if last_day < unit.valid_from:
            raise UnitInvalid(
                f"Ngày hết hiệu lực ({_d(last_day)}) phải từ ngày bắt đầu ({_d(unit.valid_from)}) trở đi.",
                field="valid_to",
            )
        if successor is not None:
            if successor.pk == unit.pk:
                raise UnitInvalid("Đơn vị không thể kế thừa chính nó.", field="successor")
            day_after = last_day + dt.timedelta(days=1)
            if not successor.is_valid_on(day_after):
                raise UnitInvalid(
                    f"Đơn vị kế thừa {successor.name} phải có hiệu lực từ ngày {_d(day_after)}.",
                    field="successor",
                )
            seen = {unit.pk}
            step_id: int | None = successor.pk
            while step_id is not None:  # read from the database: objects may be stale
                if step_id in seen:
                    raise UnitInvalid("Liên kết kế thừa tạo thành vòng lặp.", field="successor")
                seen.add(step_id)
                step_id = (
                    Unit.objects.filter(pk=step_id).values_list("successor_id", flat=True).first()
                )
        if unit.valid_to == last_day and unit.successor_id == (successor.pk if successor else None):
            return unit
        unit.valid_to = last_day
        unit.successor = successor
        unit.save(update_fields=["valid_to", "successor"])
        return unit


# --- Positions ----------------------------------------------------------------------------
def position_appoint(
    *,
    unit: Unit,
    holder: User,
    kind: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    is_acting: bool = False,
    by: User | None,
) -> Position:
    """Appoint `holder` to a post in `unit` from `start_date` (to `end_date`, or open-ended).

    Refused when the post does not exist in that kind of unit, when the holder already has
    it in the period, or when the number of people holding it on any one day of the period
    would exceed the limit of the founding decision (a Director; at most 3 Deputy Directors
    at the Center, 2 at a branch). Periods are compared day by day, not only open posts.
    """
    _check_period(start_date, end_date, PositionInvalid)
    if kind not in PositionKind.values:
        raise PositionInvalid("Chức vụ không hợp lệ.", field="kind")
    if not holder.is_active:
        raise PositionInvalid(
            f"Tài khoản của {holder} đã bị khóa, không thể bổ nhiệm.", field="holder"
        )
    kind_label = str(PositionKind(kind).label)
    with transaction.atomic():
        unit = _lock_unit(unit)
        _check_unit_valid(unit, start_date, PositionInvalid)
        rules = rules_on(start_date)
        if kind not in rules.kinds.get(unit.kind, frozenset()):
            raise PositionInvalid(
                f"Chức vụ {kind_label} không có trong đơn vị loại “{UnitKind(unit.kind).label}”.",
                field="kind",
            )
        same_kind = _overlapping(
            Position.objects.filter(unit=unit, kind=kind), start_date, end_date
        )
        if same_kind.filter(holder=holder).exists():
            raise PositionOverlap(
                f"{holder} đã giữ chức vụ {kind_label} tại {unit.name} trong thời gian này.",
                field="holder",
            )
        limit = rules.limits.get(unit.kind, {}).get(kind)
        if limit is not None:
            held = max_concurrent(
                same_kind.values_list("start_date", "end_date"), start_date, end_date
            )
            if held + 1 > limit:
                subject = UNIT_SUBJECT.get(unit.kind, "Đơn vị")
                count = "" if limit == 1 else f"đủ {limit:02d} "
                raise LeadershipLimitReached(
                    f"{subject} đã có {count}{kind_label} trong thời gian này "
                    f"({unit.name}; tối đa {limit:02d} theo {rules.basis}).",
                    field="kind",
                )
        try:
            with transaction.atomic():
                return Position.objects.create(
                    unit=unit,
                    holder=holder,
                    kind=kind,
                    is_acting=is_acting,
                    start_date=start_date,
                    end_date=end_date,
                )
        except IntegrityError:
            # The database's own guard (one open-ended Director per unit).
            raise LeadershipLimitReached(
                f"{unit.name} đã có {kind_label} đương nhiệm.", field="kind"
            ) from None


def position_end(*, position: Position, end_date: dt.date, by: User | None) -> Position:
    """Set the last day a post is held. A post may be shortened, never lengthened here
    (lengthening could break the limits: appoint again instead)."""
    with transaction.atomic():
        _lock_unit(position.unit)
        position = Position.objects.select_for_update().get(pk=position.pk)
        if position.end_date == end_date:
            return position
        _check_period(position.start_date, end_date, PositionInvalid)
        if position.end_date is not None and end_date > position.end_date:
            raise PositionInvalid(
                f"Chức vụ đã kết thúc ngày {_d(position.end_date)}; không thể kéo dài, "
                "hãy bổ nhiệm lại.",
                field="end_date",
            )
        position.end_date = end_date
        position.save(update_fields=["end_date"])
        return position


# --- Delegations --------------------------------------------------------------------------
def _delegations_overlapping(unit: Unit, start: dt.date, end: dt.date) -> QuerySet[Delegation]:
    """Delegations of `unit` meeting [start, end] and still in force on some day of it.

    A delegation revoked during day D is no longer in force from D on (as in selectors)."""
    still_in_force_on_start = dt.datetime.combine(
        start + dt.timedelta(days=1), dt.time.min, tzinfo=VN_TZ
    )
    return Delegation.objects.filter(unit=unit, start_date__lte=end, end_date__gte=start).filter(
        Q(revoked_at__isnull=True) | Q(revoked_at__gte=still_in_force_on_start)
    )


def _post_covering(
    unit: Unit, user: User, kinds: Iterable[str], start: dt.date, end: dt.date
) -> Position | None:
    return (
        Position.objects.filter(unit=unit, holder=user, kind__in=list(kinds), start_date__lte=start)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=end))
        .order_by("start_date")
        .first()
    )


def delegation_create(
    *,
    unit: Unit,
    delegator: User,
    delegate: User,
    scope: str,
    start_date: dt.date,
    end_date: dt.date,
    is_acting: bool = False,
    document_ref: str = "",
    by: User | None,
) -> Delegation:
    """Ủy quyền: the head of `unit` entrusts `scope` to a deputy of the same unit.

    - the delegator must hold the unit's head post (Giám đốc, Trưởng phòng, Chủ tịch —
      an acting appointment "Quyền Giám đốc" counts) for the whole period;
    - a person whose authority in the unit comes from a delegation valid in the period
      may not delegate again (QĐ 58/2024/QĐ-UBND, Điều 6 khoản 5);
    - the delegate must be the matching deputy of the same unit for the whole period;
    - at most one acting delegation (điều hành khi vắng mặt) per unit at any time.
    """
    scope = clean(scope)
    if not scope:
        raise DelegationInvalid("Phạm vi công việc ủy quyền không được để trống.", field="scope")
    _check_period(start_date, end_date, DelegationInvalid)
    if delegator.pk == delegate.pk:
        raise DelegationInvalid("Không thể tự ủy quyền cho chính mình.", field="delegate")
    with transaction.atomic():
        unit = _lock_unit(unit)
        _check_unit_valid(unit, start_date, DelegationInvalid)
        period = f"từ {_d(start_date)} đến {_d(end_date)}"
        head = _post_covering(unit, delegator, LEADER_KINDS, start_date, end_date)
        if head is None:
            received = (
                _delegations_overlapping(unit, start_date, end_date)
                .filter(delegate=delegator)
                .select_related("delegator")
                .first()
            )
            if received is not None:
                raise ReDelegationForbidden(
                    f"Người được ủy quyền không được ủy quyền lại: {delegator} đang thực hiện "
                    f"công việc theo ủy quyền của {received.delegator} "
                    f"({_d(received.start_date)}–{_d(received.end_date)}).",
                    field="delegator",
                )
            raise DelegatorNotLeader(
                f"{delegator} không giữ chức vụ người đứng đầu (Giám đốc, Trưởng phòng, "
                f"Chủ tịch) của {unit.name} trong suốt thời gian {period}, nên không thể ủy quyền.",
                field="delegator",
            )
        deputy_kind = DEPUTY_OF[head.kind]
        if _post_covering(unit, delegate, [deputy_kind], start_date, end_date) is None:
            raise DelegateNotDeputy(
                f"Người được ủy quyền phải là {PositionKind(deputy_kind).label} của {unit.name} "
                f"trong suốt thời gian {period}; {delegate} không phải.",
                field="delegate",
            )
        if is_acting:
            other = (
                _delegations_overlapping(unit, start_date, end_date)
                .filter(is_acting=True)
                .select_related("delegate")
                .first()
            )
            if other is not None:
                raise ActingDelegationExists(
                    f"{unit.name} đã có người được ủy quyền điều hành ({other.delegate}, "
                    f"{_d(other.start_date)}–{_d(other.end_date)}) trong thời gian này.",
                    field="is_acting",
                )
        return Delegation.objects.create(
            unit=unit,
            delegator=delegator,
            delegate=delegate,
            scope=scope,
            is_acting=is_acting,
            start_date=start_date,
            end_date=end_date,
            document_ref=clean(document_ref),
        )


def delegation_revoke(*, delegation: Delegation, at: dt.datetime, by: User | None) -> Delegation:
    """Withdraw a delegation from `at` on (idempotent)."""
    with transaction.atomic():
        delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
        if delegation.revoked_at is None:
            delegation.revoked_at = at
            delegation.save(update_fields=["revoked_at"])
        return delegation


# --- Counters -----------------------------------------------------------------------------
def _check_counter_agencies(agencies: Iterable[Unit]) -> list[Unit]:
    result = list(agencies)
    for agency in result:
        if agency.kind not in COUNTER_AGENCY_KINDS:
            raise CounterInvalid(
                f"{agency.name} không phải cơ quan giải quyết thủ tục, không thể gán cho quầy.",
                field="agencies",
            )
    return result


def counter_create(
    *,
    site: Unit,
    number: int,
    name: str,
    agencies: Iterable[Unit] = (),
    is_active: bool = True,
    by: User | None,
) -> Counter:
    """A reception counter at the Center or a branch, serving the given agencies."""
    name = clean(name)
    if site.kind not in COUNTER_SITE_KINDS:
        raise CounterInvalid(
            "Quầy chỉ đặt tại Trung tâm hoặc Chi nhánh của Trung tâm.", field="site"
        )
    if number < 1:
        raise CounterInvalid("Số quầy phải từ 1 trở lên.", field="number")
    if not name:
        raise CounterInvalid("Tên quầy không được để trống.", field="name")
    served = _check_counter_agencies(agencies)
    with transaction.atomic():
        site = _lock_unit(site)
        if Counter.objects.filter(site=site, number=number).exists():
            raise CounterNumberTaken(f"{site.name} đã có quầy số {number}.", field="number")
        counter = Counter.objects.create(site=site, number=number, name=name, is_active=is_active)
        counter.agencies.set(served)
        return counter


def counter_update(
    *,
    counter: Counter,
    name: str,
    agencies: Iterable[Unit],
    is_active: bool,
    by: User | None,
) -> Counter:
    """Rename a counter, change the agencies it serves, open or close it."""
    name = clean(name)
    if not name:
        raise CounterInvalid("Tên quầy không được để trống.", field="name")
    served = _check_counter_agencies(agencies)
    with transaction.atomic():
        counter = Counter.objects.select_for_update().get(pk=counter.pk)
        changed = [
            field
            for field, value in (("name", name), ("is_active", is_active))
            if getattr(counter, field) != value
        ]
        if changed:
            counter.name = name
            counter.is_active = is_active
            counter.save(update_fields=changed)
        if set(counter.agencies.values_list("pk", flat=True)) != {a.pk for a in served}:
            counter.agencies.set(served)
        return counter
