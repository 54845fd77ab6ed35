"""The deadlines of a feedback item, from its date-effective `FeedbackRule` and the working
calendar (motcua.worktime). Every deadline counts working days from the item's *clock start*:
its reception, or — when the rule says the answer time restarts after more information —
the moment the complete information arrived. Publication counts from the answer."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from motcua.core.clock import format_date, local
from motcua.core.errors import Conflict
from motcua.feedback.models import Category, FeedbackItem, FeedbackRule
from motcua.worktime.services import add_working_time


class NoRuleInForce(Conflict):
    """No FeedbackRule covers the day (the seeded data was removed): 409."""


def rule_for(on: dt.date) -> FeedbackRule:
    """The rule in force on `on` (the latest `valid_from` among those covering it)."""
    rule = (
        FeedbackRule.objects.filter(valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from")
        .first()
    )
    if rule is None:
        raise NoRuleInForce(
            f"Chưa có quy định thời hạn xử lý phản ánh, kiến nghị áp dụng ngày {format_date(on)}.",
            field="received_at",
        )
    return rule


def clock_start(item: FeedbackItem) -> dt.datetime:
    if item.rule.answer_restarts_after_info and item.info_supplied_at is not None:
        return item.info_supplied_at
    return item.received_at


def _plus(start: dt.datetime, days: int) -> dt.datetime:
    return local(add_working_time(start, days=days))


def classify_due(item: FeedbackItem) -> dt.datetime:
    return _plus(clock_start(item), item.rule.classify_days)


def reject_due(item: FeedbackItem) -> dt.datetime:
    return _plus(clock_start(item), item.rule.reject_days)


def info_request_due(item: FeedbackItem) -> dt.datetime:
    return _plus(clock_start(item), item.rule.info_request_days)


def forward_due(item: FeedbackItem) -> dt.datetime:
    return _plus(clock_start(item), item.rule.forward_days)


def answer_due(item: FeedbackItem) -> dt.datetime:
    return _plus(clock_start(item), item.rule.answer_days)


def publish_due(item: FeedbackItem) -> dt.datetime:
    assert item.answered_at is not None  # noqa: S101 - only called once answered
    return _plus(item.answered_at, item.rule.publish_days)


def handling_due(item: FeedbackItem, category: str) -> dt.datetime:
    """The deadline of the concluding answer for this classification (unclassified items:
    the answer's, the longest)."""
    if category == Category.NOT_ACCEPTED:
        return reject_due(item)
    if category == Category.OUTSIDE_COMPETENCE:
        return forward_due(item)
    return answer_due(item)


def due_soon_from(at: dt.datetime, rule: FeedbackRule) -> dt.datetime:
    """Items due before this moment are "due soon" at `at`."""
    return add_working_time(at, days=rule.due_soon_days)
