"""The leadership limits of the founding decision (QĐ 58/2024/QĐ-UBND, Điều 4)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from motcua.accounts.tests.factories import UserFactory
from motcua.core.errors import Conflict, InvalidInput
from motcua.organization.models import Position, PositionKind
from motcua.organization.services import (
    LeadershipLimitReached,
    PositionInvalid,
    PositionOverlap,
    max_concurrent,
    position_appoint,
    position_end,
)
from motcua.organization.tests.factories import (
    FOUNDED,
    BranchFactory,
    CenterFactory,
    DepartmentFactory,
)

pytestmark = pytest.mark.django_db
D = dt.date
DEPUTY = PositionKind.DEPUTY_DIRECTOR


def appoint(unit, kind=DEPUTY, start=FOUNDED, end=None, holder=None, **kwargs):
    return position_appoint(
        unit=unit,
        holder=holder or UserFactory.create(),
        kind=kind,
        start_date=start,
        end_date=end,
        by=None,
        **kwargs,
    )


def test_the_center_accepts_three_deputy_directors_and_refuses_a_fourth():
    center = CenterFactory.create()
    for _ in range(3):
        appoint(center)

    with pytest.raises(LeadershipLimitReached) as refused:
        appoint(center)

    assert isinstance(refused.value, Conflict)
    assert refused.value.status_code == 409
    assert "Trung tâm đã có đủ 03 Phó Giám đốc trong thời gian này" in refused.value.message
    assert refused.value.field == "kind"
    assert Position.objects.filter(unit=center, kind=DEPUTY).count() == 3


def test_a_branch_refuses_a_third_deputy_director():
    branch = BranchFactory.create()
    appoint(branch)
    appoint(branch)

    with pytest.raises(LeadershipLimitReached, match="Chi nhánh đã có đủ 02 Phó Giám đốc"):
        appoint(branch)


def test_deputies_of_another_unit_do_not_count_towards_the_limit():
    branch_a, branch_b = BranchFactory.create(), BranchFactory.create()
    appoint(branch_a)
    appoint(branch_a)

    appoint(branch_b)  # does not raise

    assert Position.objects.filter(unit=branch_b).count() == 1


def test_periods_that_overlap_the_new_one_are_counted_even_when_already_ended():
    center = CenterFactory.create()
    appoint(center, start=D(2025, 1, 1), end=D(2025, 3, 31))
    appoint(center, start=D(2025, 1, 1))
    appoint(center, start=D(2025, 1, 1))

    # From February the three posts above are all held at once.
    with pytest.raises(LeadershipLimitReached):
        appoint(center, start=D(2025, 2, 1))
    # A fixed-term appointment that ends before is fine.
    appoint(center, start=D(2024, 12, 10), end=D(2024, 12, 31))
    # From April the first deputy is gone.
    appoint(center, start=D(2025, 4, 1))


def test_a_future_appointment_is_refused_when_it_would_exceed_the_limit_later():
    branch = BranchFactory.create()
    appoint(branch, start=D(2025, 1, 1))
    appoint(branch, start=D(2025, 9, 1))  # starts later, open-ended

    with pytest.raises(LeadershipLimitReached):
        appoint(branch, start=D(2025, 2, 1), end=D(2025, 12, 31))


def test_posts_that_follow_each_other_never_count_together():
    branch = BranchFactory.create()
    appoint(branch, start=D(2025, 1, 1))
    appoint(branch, start=D(2025, 1, 1), end=D(2025, 5, 31))
    appoint(branch, start=D(2025, 6, 1), end=D(2025, 8, 31))

    appoint(branch, start=D(2025, 9, 1))  # one seat is free from September

    with pytest.raises(LeadershipLimitReached):
        appoint(branch, start=D(2025, 5, 1))


def test_after_a_deputy_leaves_a_new_deputy_is_accepted_from_the_next_day():
    center = CenterFactory.create()
    leaving = appoint(center, start=D(2025, 1, 1))
    appoint(center, start=D(2025, 1, 1))
    appoint(center, start=D(2025, 1, 1))
    with pytest.raises(LeadershipLimitReached):
        appoint(center, start=D(2025, 5, 1))

    position_end(position=leaving, end_date=D(2025, 4, 30), by=None)
    newcomer = appoint(center, start=D(2025, 5, 1))

    assert newcomer.pk is not None
    with pytest.raises(LeadershipLimitReached):
        appoint(center, start=D(2025, 4, 30))


def test_a_unit_has_one_director_at_a_time_and_a_successor_after_the_end():
    center = CenterFactory.create()
    first = appoint(center, kind=PositionKind.DIRECTOR, start=D(2024, 12, 10))

    with pytest.raises(
        LeadershipLimitReached, match="Trung tâm đã có Giám đốc trong thời gian này"
    ):
        appoint(center, kind=PositionKind.DIRECTOR, start=D(2025, 6, 1), end=D(2025, 6, 30))

    position_end(position=first, end_date=D(2025, 6, 30), by=None)
    second = appoint(center, kind=PositionKind.DIRECTOR, start=D(2025, 7, 1))
    assert second.pk is not None


def test_an_acting_director_quyen_giam_doc_takes_the_directors_seat():
    branch = BranchFactory.create()
    acting = appoint(branch, kind=PositionKind.DIRECTOR, is_acting=True)

    assert acting.title == "Quyền Giám đốc"
    with pytest.raises(LeadershipLimitReached):
        appoint(branch, kind=PositionKind.DIRECTOR)


def test_the_same_person_cannot_hold_the_same_post_twice_at_once():
    branch = BranchFactory.create()
    person = UserFactory.create()
    appoint(branch, holder=person, start=D(2025, 1, 1))

    with pytest.raises(PositionOverlap, match="đã giữ chức vụ Phó Giám đốc"):
        appoint(branch, holder=person, start=D(2025, 3, 1))


def test_a_post_that_does_not_exist_in_that_kind_of_unit_is_refused():
    center = CenterFactory.create()

    with pytest.raises(PositionInvalid, match="Trưởng phòng không có trong đơn vị") as refused:
        appoint(center, kind=PositionKind.HEAD)
    assert isinstance(refused.value, InvalidInput)
    assert refused.value.status_code == 422


def test_department_heads_are_limited_to_one_but_their_deputies_are_not():
    department = DepartmentFactory.create()
    appoint(department, kind=PositionKind.HEAD)
    for _ in range(4):
        appoint(department, kind=PositionKind.DEPUTY_HEAD)

    with pytest.raises(LeadershipLimitReached, match="Phòng đã có Trưởng phòng"):
        appoint(department, kind=PositionKind.HEAD)


def test_an_appointment_before_the_unit_exists_is_refused_naming_the_start_date():
    center = CenterFactory.create(valid_from=D(2024, 12, 10))

    with pytest.raises(PositionInvalid, match="không có hiệu lực vào ngày 01/12/2024") as refused:
        appoint(center, start=D(2024, 12, 1))
    assert refused.value.field == "start_date"


def test_an_end_date_before_the_start_date_is_refused():
    with pytest.raises(PositionInvalid, match="Ngày kết thúc") as refused:
        appoint(BranchFactory.create(), start=D(2025, 2, 1), end=D(2025, 1, 31))
    assert refused.value.field == "end_date"


def test_an_ended_post_cannot_be_lengthened_but_ending_it_again_on_the_same_day_is_harmless():
    position = appoint(BranchFactory.create(), start=D(2025, 1, 1), end=D(2025, 6, 30))

    assert position_end(position=position, end_date=D(2025, 6, 30), by=None).end_date == D(
        2025, 6, 30
    )
    with pytest.raises(PositionInvalid, match="không thể kéo dài"):
        position_end(position=position, end_date=D(2025, 12, 31), by=None)


def test_an_inactive_account_cannot_be_appointed():
    with pytest.raises(PositionInvalid) as refused:
        appoint(BranchFactory.create(), holder=UserFactory.create(is_active=False))
    assert refused.value.field == "holder"


@pytest.mark.parametrize(
    ("periods", "expected"),
    [
        ([], 0),
        ([(D(2025, 1, 1), None)], 1),
        ([(D(2025, 1, 1), D(2025, 1, 31)), (D(2025, 2, 1), None)], 1),
        ([(D(2025, 1, 1), D(2025, 2, 1)), (D(2025, 2, 1), None)], 2),
        ([(D(2024, 1, 1), D(2024, 12, 31))], 0),
    ],
)
def test_max_concurrent_counts_posts_held_on_one_same_day_inside_the_window(periods, expected):
    assert max_concurrent(periods, D(2025, 1, 1), D(2025, 12, 31)) == expected


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_appointments_cannot_both_take_the_last_seat():
    branch = BranchFactory.create()
    appoint(branch)
    holders = [UserFactory.create(), UserFactory.create()]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def worker(holder):
        try:
            barrier.wait(timeout=10)
            appoint(branch, holder=holder)
            outcomes.append("appointed")
        except LeadershipLimitReached:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(h,)) for h in holders]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(outcomes) == ["appointed", "refused"]
    assert Position.objects.filter(unit=branch, kind=DEPUTY).count() == 2
