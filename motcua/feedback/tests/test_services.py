from __future__ import annotations

import datetime as dt

import pytest

from motcua.core.errors import InvalidInput, NotAllowed
from motcua.dossiers.models import OutboxMessage
from motcua.dossiers.tests.factories import ReceivedDossierFactory, vn
from motcua.feedback.models import Category, FeedbackChannel, FeedbackEvent, FeedbackStatus
from motcua.feedback.services import (
    FeedbackConflict,
    FeedbackInput,
    FeedbackThrottled,
    StaleFeedback,
    feedback_answer,
    feedback_classify,
    feedback_forward,
    feedback_publish,
    feedback_request_info,
    feedback_submit,
    feedback_supply_info,
    mask_personal_data,
)
from motcua.feedback.tests.helpers import DATA, submitted
from motcua.feedback.workflow import ACTIONS, ALLOWED_TRANSITIONS
from motcua.worktime.models import Timeliness

S = FeedbackStatus
MON = vn(2026, 3, 2, 9)  # Monday 02/03/2026, an ordinary week


def actions(item) -> list[str]:
    return list(FeedbackEvent.objects.filter(item=item).values_list("action", flat=True))


def test_the_transitions_table_is_pinned():
    assert {k: (sorted(a), sorted(b)) for k, (a, b) in ALLOWED_TRANSITIONS.items()} == {
        "classify": (["received"], ["processing", "rejected", "to_forward"]),
        "forward": (["to_forward"], ["forwarded"]),
        "request_info": (["processing", "received"], ["info_requested"]),
        "supply_info": (["info_requested"], ["processing", "received"]),
        "answer": (["processing"], ["answered"]),
        "publish": (["answered"], ["published"]),
    }


# --- Deadlines on the working calendar ------------------------------------------------------


def test_deadlines_skip_the_weekend(w):
    f = submitted(w, at=vn(2026, 3, 6, 16))  # Friday 16:00
    assert f.due_at == vn(2026, 3, 10, 16)  # classify ≤ 2 working days: Tuesday
    assert f.handling_due_at == vn(2026, 3, 27, 16)  # answer ≤ 15 working days


def test_deadlines_skip_the_tet_holidays(w):
    f = submitted(w, at=vn(2026, 2, 13, 10))  # Friday before Tết (14/02–22/02/2026 off)
    assert f.due_at == vn(2026, 2, 24, 10)
    assert f.handling_due_at == vn(2026, 3, 13, 10)
    f = feedback_classify(
        item=f, category=Category.OUTSIDE_COMPETENCE, by=w.leader, at=vn(2026, 2, 23, 9)
    )
    assert f.due_at == f.handling_due_at == vn(2026, 2, 27, 10)  # forward ≤ 5 working days


def test_the_publication_is_due_two_working_days_after_the_answer(w):
    f = submitted(w, at=MON)
    f = feedback_classify(
        item=f, category=Category.CONDUCT, by=w.leader, at=MON + dt.timedelta(hours=1)
    )
    f = feedback_answer(item=f, answer="Đã chấn chỉnh.", by=w.leader, at=vn(2026, 3, 13, 15))
    assert f.due_at == vn(2026, 3, 17, 15)  # Friday + 2 working days: Tuesday
    assert f.handling_timeliness == Timeliness.EARLY


def test_the_deadline_days_are_rule_data(w):
    from motcua.feedback.models import FeedbackRule

    FeedbackRule.objects.update(answer_days=10)
    f = submitted(w, at=MON)
    assert f.handling_due_at == vn(2026, 3, 16, 9)


# --- Submission -------------------------------------------------------------------------------


def test_a_submission_gets_a_code_a_secret_an_event_and_the_received_notification(w):
    f = submitted(w, at=MON)
    assert f.code == "PAKN-260302-0001" and len(f.secret) == 8
    assert f.status == S.RECEIVED and f.unit == w.agency
    assert actions(f) == ["feedback.received"]
    msg = OutboxMessage.objects.get(payload__template="feedback_received")
    assert msg.topic == "notify.citizen"
    assert msg.payload["phone"] == "0912345678" and msg.payload["code"] == f.code
    assert msg.payload["values"]["secret"] == f.secret
    assert submitted(w, at=MON).code == "PAKN-260302-0002"


def test_a_submission_about_an_unknown_dossier_is_refused_naming_the_field(w):
    with pytest.raises(InvalidInput) as exc:
        submitted(w, at=MON, dossier_code="000.00.00.H09-260302-9999")
    assert exc.value.field == "dossier_code"


def test_a_submission_about_a_dossier_concerns_its_lead_agency_by_default(w):
    d = ReceivedDossierFactory.create(world=w)
    fields = {**DATA.__dict__, "dossier_code": d.code}
    f = feedback_submit(data=FeedbackInput(**fields), channel="portal", by=None, at=MON)
    assert f.dossier == d and f.unit == d.lead_agency


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"sender_name": " "}, "sender_name"),
        ({"sender_phone": "", "sender_email": ""}, "sender_phone"),
        ({"sender_phone": "12345"}, "sender_phone"),
        ({"sender_email": "khong-hop-le"}, "sender_email"),
        ({"content": "ngắn"}, "content"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_is_refused_naming_the_field(w, overrides, field):
    with pytest.raises(InvalidInput) as exc:
        submitted(w, at=MON, **overrides)
    assert exc.value.field == field


def test_portal_submissions_are_limited_per_address(w):
    for _ in range(5):
        submitted(w, at=MON)
    with pytest.raises(FeedbackThrottled) as exc:
        submitted(w, at=MON)
    assert exc.value.status_code == 429


def test_only_staff_log_hotline_feedback_and_not_in_the_future(w):
    with pytest.raises(NotAllowed):
        feedback_submit(data=DATA, channel=FeedbackChannel.HOTLINE, by=None, at=MON)
    with pytest.raises(InvalidInput) as exc:
        feedback_submit(
            data=DATA, channel=FeedbackChannel.HOTLINE, by=w.receiver, at=MON,
            received_at=MON + dt.timedelta(hours=1),
        )  # fmt: skip
    assert exc.value.field == "received_at"
    f = feedback_submit(
        data=DATA, channel=FeedbackChannel.HOTLINE, by=w.receiver, at=MON,
        received_at=MON - dt.timedelta(days=1),
    )  # fmt: skip
    assert f.received_by == w.receiver and f.received_at == MON - dt.timedelta(days=1)


# --- Transitions ------------------------------------------------------------------------------


def test_the_answer_path_records_who_when_and_timeliness_and_notifies(w):
    f = submitted(w, at=MON)
    f = feedback_classify(item=f, category=Category.CONDUCT, by=w.leader, at=vn(2026, 3, 5, 9))
    assert f.status == S.PROCESSING and f.classified_by == w.leader
    f = feedback_answer(item=f, answer="Trả lời.", by=w.leader, at=vn(2026, 3, 23, 10))
    assert f.status == S.ANSWERED and f.answered_by == w.leader
    assert f.handling_timeliness == Timeliness.LATE  # due 23/03 09:00
    f = feedback_publish(
        item=f, public_content=f.public_content, by=w.leader, at=vn(2026, 3, 24, 9)
    )
    assert f.status == S.PUBLISHED and f.published_by == w.leader
    events = list(FeedbackEvent.objects.filter(item=f))
    assert [e.action for e in events] == [
        "feedback.received", "feedback.classified", "feedback.answered", "feedback.published"
    ]  # fmt: skip
    assert [e.timeliness for e in events] == [
        "",
        Timeliness.LATE,
        Timeliness.LATE,
        Timeliness.EARLY,
    ]
    assert all(e.action in ACTIONS for e in events)
    templates = list(
        OutboxMessage.objects.order_by("pk").values_list("payload__template", flat=True)
    )
    assert templates == ["feedback_received", "feedback_answered"]


def test_not_accepted_is_refused_with_a_reason_within_two_days(w):
    f = submitted(w, at=MON)
    with pytest.raises(InvalidInput) as exc:
        feedback_classify(item=f, category=Category.NOT_ACCEPTED, by=w.leader, at=MON)
    assert exc.value.field == "reason"
    f = feedback_classify(
        item=f, category=Category.NOT_ACCEPTED, reason="Nặc danh.", by=w.leader, at=MON
    )
    assert f.status == S.REJECTED and f.handled_at == MON
    assert f.handling_due_at == vn(2026, 3, 4, 9)
    assert f.handling_timeliness == Timeliness.EARLY
    assert actions(f)[-1] == "feedback.rejected"
    assert OutboxMessage.objects.filter(payload__template="feedback_rejected").exists()


def test_outside_competence_is_forwarded(w):
    f = submitted(w, at=MON)
    f = feedback_classify(item=f, category=Category.OUTSIDE_COMPETENCE, by=w.leader, at=MON)
    assert f.status == S.TO_FORWARD
    f = feedback_forward(item=f, to="Sở Xây dựng", by=w.leader, at=vn(2026, 3, 10, 9))
    assert f.status == S.FORWARDED and f.handling_timeliness == Timeliness.LATE  # due 09/03 09:00
    assert actions(f)[-1] == "feedback.forwarded"


def test_more_information_stops_the_clock_and_restarts_it_when_it_arrives(w):
    f = submitted(w, at=MON)
    f = feedback_classify(item=f, category=Category.WITHIN_COMPETENCE, by=w.leader, at=MON)
    f = feedback_request_info(item=f, request="Số biên lai?", by=w.leader, at=vn(2026, 3, 3, 9))
    assert f.status == S.INFO_REQUESTED and f.due_at is None and f.handling_due_at is None
    assert OutboxMessage.objects.filter(payload__template="feedback_info_requested").exists()
    f = feedback_supply_info(
        item=f, text="Biên lai số 123.", by=None, at=vn(2026, 3, 9, 9), as_citizen=True
    )
    assert f.status == S.PROCESSING
    assert f.handling_due_at == vn(2026, 3, 30, 9)  # 15 working days from the information
    assert actions(f)[-2:] == ["feedback.info.requested", "feedback.info.supplied"]


@pytest.mark.parametrize(
    ("call", "state"),
    [
        ("answer", S.RECEIVED),
        ("publish", S.PROCESSING),
        ("forward", S.PROCESSING),
        ("classify", S.PROCESSING),
        ("supply", S.PROCESSING),
        ("request", S.ANSWERED),
    ],
)
def test_steps_from_a_wrong_state_are_refused_with_409(w, call, state):
    f = submitted(w, at=MON)
    if state != S.RECEIVED:
        f = feedback_classify(item=f, category=Category.CONDUCT, by=w.leader, at=MON)
    if state == S.ANSWERED:
        f = feedback_answer(item=f, answer="Trả lời.", by=w.leader, at=MON)
    calls = {
        "answer": lambda: feedback_answer(item=f, answer="x", by=w.leader, at=MON),
        "publish": lambda: feedback_publish(item=f, public_content="x", by=w.leader, at=MON),
        "forward": lambda: feedback_forward(item=f, to="Sở X", by=w.leader, at=MON),
        "classify": lambda: feedback_classify(
            item=f, category=Category.OUTSIDE_COMPETENCE, by=w.leader, at=MON
        ),
        "supply": lambda: feedback_supply_info(
            item=f, text="thêm", by=None, at=MON, as_citizen=True
        ),
        "request": lambda: feedback_request_info(item=f, request="x", by=w.leader, at=MON),
    }
    with pytest.raises(FeedbackConflict) as exc:
        calls[call]()
    assert exc.value.status_code == 409


def test_a_stale_version_is_refused_and_the_same_step_twice_changes_nothing(w):
    f = submitted(w, at=MON)
    old = f.version
    f = feedback_classify(item=f, category=Category.CONDUCT, by=w.leader, at=MON, version=old)
    again = feedback_classify(item=f, category=Category.CONDUCT, by=w.leader, at=MON, version=old)
    assert again.version == f.version  # a double click: no second event
    assert actions(f).count("feedback.classified") == 1
    with pytest.raises(StaleFeedback):
        feedback_answer(item=f, answer="x", by=w.leader, at=MON, version=old)


def test_only_handlers_of_the_unit_may_handle(w, control):
    f = submitted(w, at=MON)
    with pytest.raises(NotAllowed):
        feedback_classify(item=f, category=Category.CONDUCT, by=w.specialist, at=MON)
    with pytest.raises(NotAllowed):
        feedback_classify(item=f, category=Category.CONDUCT, by=w.outsider, at=MON)
    # the Center's control officer handles any item
    assert feedback_classify(item=f, category=Category.CONDUCT, by=control, at=MON).status == (
        S.PROCESSING
    )


def test_masking_removes_numbers_emails_and_the_senders_name():
    text = mask_personal_data(
        "Tôi là Nguyễn Văn An, CCCD 074090001234, gọi 0912 345 678 hoặc an@example.vn.",
        names=["Nguyễn Văn An"],
    )
    assert "074090001234" not in text and "345 678" not in text and "@" not in text
    assert "Nguyễn V*** A" in text and "Văn An" not in text
