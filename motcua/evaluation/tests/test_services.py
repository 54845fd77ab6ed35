"""rating_submit: when a dossier may be rated, one rating per dossier changeable for 7 days,
every criterion answered, the counter tablet's limits, and the audit event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from motcua.core.errors import InvalidInput
from motcua.dossiers.audit import ACTIONS
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.tests.factories import (
    HOUR,
    T0,
    DoneDossierFactory,
    ProcessingDossierFactory,
    ReturnedDossierFactory,
    SubmittedDossierFactory,
)
from motcua.evaluation.models import Rating, RatingAnswer, RatingChannel, RatingCriterion
from motcua.evaluation.selectors import criteria_for
from motcua.evaluation.services import (
    MissingAnswer,
    RatingLocked,
    RatingNotOpen,
    TabletNotAllowed,
    rating_submit,
)
from motcua.evaluation.tests.helpers import (
    COUNTER_CODES,
    ONLINE_CODES,
    answers,
    online_done_dossier,
)

pytestmark = pytest.mark.django_db

RETURNED_AT = T0 + 8 * HOUR  # ReturnedDossierFactory hands the result back at T0 + 8 h
DAY = dt.timedelta(days=1)


def submit(dossier, *, at, unsatisfied=(), comment="", channel=RatingChannel.LOOKUP, by=None):
    return rating_submit(
        dossier=dossier,
        answers=answers(dossier, unsatisfied=unsatisfied),
        comment=comment,
        channel=channel,
        by=by,
        at=at,
    )


def events(dossier, action):
    return list(DossierEvent.objects.filter(dossier=dossier, action=action))


# --- The criteria ------------------------------------------------------------------------------


def test_the_data_migration_seeds_the_nine_criteria_of_decree_61_in_order(w):
    codes = list(RatingCriterion.objects.order_by("order").values_list("code", flat=True))
    assert codes == ONLINE_CODES
    online = RatingCriterion.objects.get(code="online_service")
    assert online.online_only and online.question == "Chất lượng dịch vụ công trực tuyến"
    assert RatingCriterion.objects.filter(online_only=True).count() == 1


def test_the_online_service_criterion_is_asked_only_about_online_dossiers(w):
    counter = ReturnedDossierFactory.create(world=w)
    online = SubmittedDossierFactory.create(world=w)
    on = dt.date(2026, 3, 2)
    assert [c.code for c in criteria_for(counter, on=on)] == COUNTER_CODES
    assert [c.code for c in criteria_for(online, on=on)] == ONLINE_CODES


def test_criteria_out_of_force_on_the_day_are_not_asked(w):
    d = ReturnedDossierFactory.create(world=w)
    RatingCriterion.objects.filter(code="lawful_cost").update(valid_to=dt.date(2026, 2, 28))
    RatingCriterion.objects.create(
        code="future_question",
        question="Câu hỏi sắp áp dụng",
        order=50,
        valid_from=dt.date(2026, 4, 1),
    )
    codes = [c.code for c in criteria_for(d, on=dt.date(2026, 3, 2))]
    assert "lawful_cost" not in codes and "future_question" not in codes
    assert "future_question" in [c.code for c in criteria_for(d, on=dt.date(2026, 4, 1))]


# --- Rating --------------------------------------------------------------------------------------


def test_a_returned_dossier_is_rated_once_with_an_answer_per_criterion_and_an_audit_event(w):
    d = ReturnedDossierFactory.create(world=w)

    rating = submit(d, at=RETURNED_AT + HOUR, unsatisfied=("staff_attitude",), comment=" Tốt ")

    assert rating.dossier_id == d.pk and rating.channel == RatingChannel.LOOKUP
    assert rating.rated_at == rating.updated_at == RETURNED_AT + HOUR
    assert rating.comment == "Tốt"
    got = dict(rating.answers.values_list("criterion__code", "satisfied"))
    assert got == {c: c != "staff_attitude" for c in COUNTER_CODES}
    [event] = events(d, "dossier.rated")
    assert event.at == RETURNED_AT + HOUR and event.actor is None
    assert event.status_after == "returned"
    assert event.data == {"rating": rating.pk, "channel": "lookup", "satisfied": 7, "criteria": 8}
    assert "7/8" in event.staff_text and event.citizen_text


def test_a_done_dossier_waiting_at_the_desk_may_be_rated(w):
    d = DoneDossierFactory.create(world=w)
    rating = submit(d, at=T0 + 7 * HOUR, channel=RatingChannel.PORTAL, by=w.outsider)
    assert rating.by == w.outsider and rating.answers.count() == 8


@pytest.mark.parametrize("factory", [ProcessingDossierFactory, SubmittedDossierFactory])
def test_a_dossier_without_its_result_cannot_be_rated(w, factory):
    d = factory.create(world=w)
    with pytest.raises(RatingNotOpen) as exc:
        submit(d, at=T0 + 5 * HOUR)
    assert exc.value.status_code == 409
    assert "đã có kết quả" in exc.value.message
    assert not Rating.objects.exists()
    assert not events(d, "dossier.rated")


def test_every_criterion_must_be_answered_and_the_missing_one_is_named(w):
    d = ReturnedDossierFactory.create(world=w)
    given = answers(d)
    del given["published_info"]

    with pytest.raises(MissingAnswer) as exc:
        rating_submit(
            dossier=d,
            answers=given,
            comment="",
            channel=RatingChannel.LOOKUP,
            by=None,
            at=RETURNED_AT + HOUR,
        )

    assert exc.value.status_code == 422
    assert exc.value.field == "answers.published_info"
    assert "Tính chính xác của thông tin công khai" in exc.value.message
    assert exc.value.details["missing"] == ["published_info"]
    assert not Rating.objects.exists() and not RatingAnswer.objects.exists()


def test_an_online_dossier_must_also_rate_the_online_service(w):
    d = online_done_dossier(w, at=T0)
    counter_answers = {c: True for c in COUNTER_CODES}
    with pytest.raises(MissingAnswer) as exc:
        rating_submit(
            dossier=d,
            answers=counter_answers,
            comment="",
            channel=RatingChannel.PORTAL,
            by=None,
            at=T0 + 7 * HOUR,
        )
    assert exc.value.field == "answers.online_service"
    rating = submit(d, at=T0 + 7 * HOUR, channel=RatingChannel.PORTAL)
    assert rating.answers.count() == 9


def test_an_unknown_criterion_is_refused(w):
    d = ReturnedDossierFactory.create(world=w)
    given = {**answers(d), "online_service": True}  # a counter dossier: not on its form
    with pytest.raises(InvalidInput) as exc:
        rating_submit(
            dossier=d,
            answers=given,
            comment="",
            channel=RatingChannel.LOOKUP,
            by=None,
            at=RETURNED_AT + HOUR,
        )
    assert exc.value.field == "answers.online_service"


def test_a_too_long_comment_is_refused_naming_the_field(w):
    d = ReturnedDossierFactory.create(world=w)
    with pytest.raises(InvalidInput) as exc:
        submit(d, at=RETURNED_AT + HOUR, comment="x" * 2001)
    assert exc.value.field == "comment"
    assert not Rating.objects.exists()


def test_an_unknown_channel_is_refused(w):
    d = ReturnedDossierFactory.create(world=w)
    with pytest.raises(InvalidInput) as exc:
        submit(d, at=RETURNED_AT + HOUR, channel="fax")
    assert exc.value.field == "channel"


# --- One rating, changeable for 7 days ---------------------------------------------------------


def test_a_second_submission_within_7_days_changes_the_one_rating(w):
    d = ReturnedDossierFactory.create(world=w)
    first = submit(d, at=RETURNED_AT + HOUR)

    later = RETURNED_AT + HOUR + 7 * DAY  # the last moment of the window
    changed = submit(d, at=later, unsatisfied=("processing_time",), comment="Trễ hẹn")

    assert changed.pk == first.pk and Rating.objects.count() == 1
    assert changed.rated_at == RETURNED_AT + HOUR and changed.updated_at == later
    assert changed.comment == "Trễ hẹn"
    assert not changed.answers.get(criterion__code="processing_time").satisfied
    assert changed.answers.count() == 8
    [event] = events(d, "dossier.rating.changed")
    assert event.at == later and event.data["satisfied"] == 7


def test_a_change_after_7_days_is_refused_with_409_and_keeps_the_rating(w):
    d = ReturnedDossierFactory.create(world=w)
    submit(d, at=RETURNED_AT + HOUR)

    with pytest.raises(RatingLocked) as exc:
        submit(
            d,
            at=RETURNED_AT + HOUR + 7 * DAY + dt.timedelta(seconds=1),
            unsatisfied=("lawful_cost",),
        )

    assert exc.value.status_code == 409
    assert exc.value.message == "Đã quá 7 ngày, không thể sửa đánh giá"
    assert RatingAnswer.objects.filter(satisfied=False).count() == 0
    assert not events(d, "dossier.rating.changed")


def test_the_same_rating_sent_twice_changes_nothing(w):
    d = ReturnedDossierFactory.create(world=w)
    first = submit(d, at=RETURNED_AT + HOUR, comment="Tốt")
    again = submit(d, at=RETURNED_AT + 2 * HOUR, comment="Tốt")
    assert again.pk == first.pk and again.updated_at == RETURNED_AT + HOUR
    assert len(events(d, "dossier.rated")) == 1 and not events(d, "dossier.rating.changed")


def test_the_database_refuses_a_second_rating_row_for_a_dossier(w):
    d = ReturnedDossierFactory.create(world=w)
    submit(d, at=RETURNED_AT + HOUR)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            dossier=d, channel="lookup", rated_at=RETURNED_AT, updated_at=RETURNED_AT
        )


def test_the_rating_actions_are_registered_in_the_audit_registry():
    assert ACTIONS["dossier.rated"] and ACTIONS["dossier.rating.changed"]


# --- The counter tablet -------------------------------------------------------------------------


def test_the_tablet_rates_a_dossier_returned_at_the_officers_desk_within_the_hour(w):
    d = ReturnedDossierFactory.create(world=w)
    rating = submit(
        d,
        at=RETURNED_AT + 59 * dt.timedelta(minutes=1),
        channel=RatingChannel.COUNTER_TABLET,
        by=w.receiver,
    )
    assert rating.channel == RatingChannel.COUNTER_TABLET and rating.by == w.receiver
    assert events(d, "dossier.rated")[0].actor == w.receiver


def test_the_tablet_rates_a_done_dossier_waiting_at_the_officers_desk(w):
    d = DoneDossierFactory.create(world=w)
    rating = submit(d, at=T0 + 7 * HOUR, channel=RatingChannel.COUNTER_TABLET, by=w.receiver)
    assert rating.channel == RatingChannel.COUNTER_TABLET


def test_the_tablet_cannot_rate_a_dossier_returned_more_than_an_hour_ago(w):
    d = ReturnedDossierFactory.create(world=w)
    with pytest.raises(TabletNotAllowed) as exc:
        submit(
            d,
            at=RETURNED_AT + HOUR + dt.timedelta(seconds=1),
            channel=RatingChannel.COUNTER_TABLET,
            by=w.receiver,
        )
    assert exc.value.status_code == 403
    assert not Rating.objects.exists()


@pytest.mark.parametrize("who", ["branch_receiver", "specialist", "outsider"])
def test_the_tablet_of_another_units_officer_or_of_a_non_desk_role_cannot_rate(w, who):
    d = ReturnedDossierFactory.create(world=w)
    with pytest.raises(TabletNotAllowed):
        submit(
            d,
            at=RETURNED_AT + dt.timedelta(minutes=5),
            channel=RatingChannel.COUNTER_TABLET,
            by=getattr(w, who),
        )
    assert not Rating.objects.exists()


def test_the_tablet_cannot_rate_without_an_officer(w):
    d = ReturnedDossierFactory.create(world=w)
    with pytest.raises(TabletNotAllowed):
        submit(d, at=RETURNED_AT, channel=RatingChannel.COUNTER_TABLET, by=None)
