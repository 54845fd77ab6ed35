"""Reads of feedback, scoped to what the reader may see.

Staff see an item when the unit it concerns is one of theirs (motcua.accounts.selectors.
units_visible_to); the Center's leaders and control officers see every item, including those
naming no unit. Outside that the item does not exist for them (404). The public sees only
published answers, with personal data masked; the sender sees their own item with its code
and look-up secret (failures counted per address with the dossier look-up's limit).
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from motcua.accounts.models import User
from motcua.accounts.selectors import sees_all_units, units_visible_to
from motcua.core.clock import local
from motcua.core.errors import NotFound
from motcua.dossiers.models import Dossier, LookupFailure
from motcua.dossiers.selectors import LOOKUP_WINDOW, LookupThrottled, lookup_throttled
from motcua.dossiers.validators import mask_email, mask_name, mask_phone
from motcua.feedback.models import FeedbackEvent, FeedbackItem, FeedbackRule, FeedbackStatus
from motcua.feedback.rules import due_soon_from
from motcua.feedback.workflow import FINAL, OPEN

S = FeedbackStatus
PAGE_SIZE = 30
PUBLIC_PAGE_SIZE = 10


class FeedbackNotFound(NotFound):
    """Unknown, or not visible to the reader (404)."""


def _throttled() -> LookupThrottled:
    return LookupThrottled(
        "Bạn đã tra cứu sai quá nhiều lần. Vui lòng thử lại sau 10 phút.",
        retry_after=int(LOOKUP_WINDOW.total_seconds()),
    )


# --- Staff -------------------------------------------------------------------------------------


def visible_feedback(user: Any, *, on: dt.date) -> QuerySet[FeedbackItem]:
    if sees_all_units(user, on=on):
        return FeedbackItem.objects.all()
    return FeedbackItem.objects.filter(unit__in=units_visible_to(user, on=on))


def feedback_get_for_user(code: str, user: User, *, on: dt.date) -> FeedbackItem:
    item = (
        visible_feedback(user, on=on)
        .select_related(
            "rule",
            "unit",
            "dossier",
            "citizen",
            "received_by",
            "classified_by",
            "answered_by",
            "published_by",
        )  # fmt: skip
        .filter(code=code.replace("\x00", "").strip()[:30])
        .first()
    )
    if item is None:
        raise FeedbackNotFound(f"Không tìm thấy phản ánh “{code[:30]}”.", field="code")
    return item


def events_of(item: FeedbackItem) -> QuerySet[FeedbackEvent]:
    return item.events.select_related("actor").order_by("at", "pk")


BOXES: dict[str, Any] = {
    "open": "Đang xử lý",
    "due_soon": "Sắp đến hạn",
    "overdue": "Quá hạn",
    "handled": "Đã xử lý xong",
    "all": "Tất cả",
}


@dataclass
class StaffRow:
    item: FeedbackItem
    overdue: bool
    due_soon: bool


def _due_soon_bound(at: dt.datetime) -> dt.datetime:
    """One threshold for the list: the rule in force today (items keep their own rule for
    their deadlines; the warning distance is a display setting)."""
    today = local(at).date()
    rule = (
        FeedbackRule.objects.filter(valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .order_by("-valid_from")
        .first()
    )
    days = rule.due_soon_days if rule else 1
    if rule is None:
        return at + dt.timedelta(days=days)
    return due_soon_from(at, rule)


def staff_list(
    user: User, *, at: dt.datetime, box: str = "open", status: str = "", q: str = ""
) -> tuple[QuerySet[FeedbackItem], dt.datetime]:
    """The items of the reader's units in `box`, soonest deadline first, and the due-soon
    bound used for the markers."""
    qs = visible_feedback(user, on=local(at).date()).select_related("unit", "dossier")
    soon = _due_soon_bound(at)
    if box == "open":
        qs = qs.filter(status__in=OPEN)
    elif box == "overdue":
        qs = qs.filter(status__in=OPEN, due_at__lt=at)
    elif box == "due_soon":
        qs = qs.filter(status__in=OPEN, due_at__gte=at, due_at__lt=soon)
    elif box == "handled":
        qs = qs.filter(status__in=FINAL)
    if status in S.values:
        qs = qs.filter(status=status)
    text = q.replace("\x00", "").strip()[:100]
    if text:
        qs = qs.filter(
            Q(code__icontains=text) | Q(title__icontains=text) | Q(dossier__code__icontains=text)
        )
    return qs.order_by(F("due_at").asc(nulls_last=True), "-received_at", "-pk"), soon


def staff_rows(items: list[FeedbackItem], *, at: dt.datetime, soon: dt.datetime) -> list[StaffRow]:
    return [
        StaffRow(
            item=i,
            overdue=bool(i.status in OPEN and i.due_at and i.due_at < at),
            due_soon=bool(i.status in OPEN and i.due_at and at <= i.due_at < soon),
        )
        for i in items
    ]


def box_counts(user: User, *, at: dt.datetime) -> dict[str, int]:
    qs = visible_feedback(user, on=local(at).date()).filter(status__in=OPEN)
    soon = _due_soon_bound(at)
    return {
        "open": qs.count(),
        "due_soon": qs.filter(due_at__gte=at, due_at__lt=soon).count(),
        "overdue": qs.filter(due_at__lt=at).count(),
    }


# --- The citizen -------------------------------------------------------------------------------


def feedback_lookup(code: str, secret: str, *, ip: str, at: dt.datetime) -> FeedbackItem:
    """The item for whoever holds its code and secret. A wrong code and a wrong secret give
    the same 404 and count as a failed look-up from `ip` (429 after too many)."""
    if lookup_throttled(ip, at=at):
        raise _throttled()
    item = (
        FeedbackItem.objects.select_related("unit", "dossier")
        .filter(code=(code or "").replace("\x00", "").strip()[:30])
        .first()
    )
    given = (secret or "").strip().upper()
    if item is None or not hmac.compare_digest(item.secret.encode(), given.encode()):
        LookupFailure.objects.create(ip=ip, at=at)
        raise FeedbackNotFound(
            "Không tìm thấy phản ánh với mã và mã tra cứu đã nhập.", field="code"
        )
    return item


def citizen_feedback(user: Any) -> QuerySet[FeedbackItem]:
    if not isinstance(user, User) or not user.is_authenticated:
        return FeedbackItem.objects.none()
    return FeedbackItem.objects.filter(citizen=user).select_related("unit")


def dossier_for_feedback(code: str, secret: str, *, user: Any, ip: str, at: dt.datetime) -> Dossier:
    """The dossier a citizen's feedback is about: one of the logged-in citizen's own
    dossiers, or any dossier whose look-up secret is given (failures count like the
    look-up's). Unknown: a 404 naming the field."""
    from motcua.citizens.selectors import citizen_dossiers

    code = (code or "").replace("\x00", "").strip()[:60]
    if getattr(user, "is_authenticated", False):
        own = citizen_dossiers(user).filter(code=code).first()
        if own is not None:
            return own
    if lookup_throttled(ip, at=at):
        raise _throttled()
    dossier = Dossier.objects.filter(code=code).first()
    given = (secret or "").strip().upper()
    if dossier is None or not hmac.compare_digest(dossier.secret.encode(), given.encode()):
        LookupFailure.objects.create(ip=ip, at=at)
        raise FeedbackNotFound(
            "Không tìm thấy hồ sơ với mã và mã tra cứu đã nhập (mã tra cứu in trên giấy "
            "tiếp nhận, cạnh mã QR).",
            field="dossier_code",
        )
    return dossier


# --- The public list ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicAnswer:
    code: str
    title: str
    question: str
    answer: str
    sender: str
    unit: str
    received_at: dt.datetime
    answered_at: dt.datetime | None
    published_at: dt.datetime | None


def published_answers(q: str = "") -> QuerySet[FeedbackItem]:
    qs = FeedbackItem.objects.filter(status=S.PUBLISHED).select_related("unit")
    text = q.replace("\x00", "").strip()[:100]
    if text:
        qs = qs.filter(Q(code__icontains=text) | Q(title__icontains=text))
    return qs.order_by("-published_at", "-pk")


def public_answer(item: FeedbackItem) -> PublicAnswer:
    """What the public list shows: the published question text (written without personal
    data), the answer, the sender's name masked; never the phone, e-mail or address."""
    return PublicAnswer(
        code=item.code,
        title=item.title,
        question=item.public_content,
        answer=item.answer,
        sender=mask_name(item.sender_name),
        unit=item.unit.name if item.unit else "",
        received_at=item.received_at,
        answered_at=item.answered_at,
        published_at=item.published_at,
    )


def masked_contact(item: FeedbackItem) -> dict[str, str]:
    return {
        "name": mask_name(item.sender_name),
        "phone": mask_phone(item.sender_phone) if item.sender_phone else "",
        "email": mask_email(item.sender_email) if item.sender_email else "",
    }


# --- The quality indices (motcua.evaluation) ---------------------------------------------------


def handled_on_time_q() -> Q:
    return Q(handled_at__isnull=False, handled_at__lte=F("handling_due_at"))


def _due_in_period(
    qs: QuerySet[FeedbackItem], start: dt.datetime, end: dt.datetime, *, as_of: dt.datetime
) -> QuerySet[FeedbackItem]:
    return qs.filter(handling_due_at__gte=start, handling_due_at__lt=end).filter(
        Q(handled_at__isnull=False) | Q(handling_due_at__lt=as_of)
    )


def due_in_period(
    qs: QuerySet[FeedbackItem], start: dt.datetime, end: dt.datetime, *, as_of: dt.datetime
) -> QuerySet[FeedbackItem]:
    """Items whose handling deadline fell in [start, end), counted once handled or once the
    deadline passed at `as_of` (an open item not yet due is not counted yet), with
    `on_time` (handled by the deadline). Items waiting for the citizen have no deadline."""
    return _due_in_period(qs, start, end, as_of=as_of).annotate(
        on_time=Case(
            When(handled_on_time_q(), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def counts_766(
    qs: QuerySet[FeedbackItem] | None,
    start: dt.datetime,
    end: dt.datetime,
    *,
    as_of: dt.datetime | None = None,
) -> dict[int | None, dict[str, int]]:
    """Decision 766's "feedback handled on time" per unit concerned: `due` (denominator,
    see `due_in_period`) and `on_time` (numerator). `qs` is the reader's scope (None: all);
    `as_of` defaults to `end`."""
    base = FeedbackItem.objects.all() if qs is None else qs
    rows = (
        _due_in_period(base, start, end, as_of=min(end, as_of) if as_of else end)
        .values("unit_id")
        .annotate(due=Count("pk"), on_time=Count("pk", filter=handled_on_time_q()))
        .order_by()
    )
    return {r["unit_id"]: {"due": r["due"], "on_time": r["on_time"]} for r in rows}


def dossier_feedback_flags(as_of: dt.datetime | None) -> dict[str, Exists]:
    """Per dossier (an annotation's OuterRef "pk"): has feedback, some handled late, some
    unhandled after its deadline at `as_of` (None: not judged) — Circular 01/2018 index 8."""
    about = FeedbackItem.objects.filter(dossier=OuterRef("pk"))
    flags = {
        "fb_any": Exists(about),
        "fb_late": Exists(
            about.filter(handled_at__isnull=False, handled_at__gt=F("handling_due_at"))
        ),
    }
    if as_of is not None:
        flags["fb_overdue"] = Exists(
            about.filter(handled_at__isnull=True, handling_due_at__lt=as_of)
        )
    return flags
