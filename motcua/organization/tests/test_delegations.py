"""Delegation (ủy quyền): only the head delegates, only to a deputy, and never twice."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.accounts.tests.factories import UserFactory
from motcua.core.clock import VN_TZ
from motcua.organization.models import Delegation, PositionKind
from motcua.organization.selectors import acting_delegation, acting_leader, delegation_status
from motcua.organization.services import (
    ActingDelegationExists,
    DelegateNotDeputy,
    DelegationInvalid,
    DelegatorNotLeader,
    ReDelegationForbidden,
    delegation_create,
    delegation_revoke,
    position_appoint,
)
from motcua.organization.tests.factories import BranchFactory, CenterFactory, DepartmentFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def center():
    return CenterFactory.create()


FOUNDED = D(2024, 12, 10)
MARCH_3, MARCH_14 = D(2025, 3, 3), D(2025, 3, 14)


def post(unit, kind, start=FOUNDED, end=None, **kwargs):
    holder = UserFactory.create()
    position_appoint(
        unit=unit, holder=holder, kind=kind, start_date=start, end_date=end, by=None, **kwargs
    )
    return holder


@pytest.fixture
def director(center):
    return post(center, PositionKind.DIRECTOR)


@pytest.fixture
def deputies(center):
    return [post(center, PositionKind.DEPUTY_DIRECTOR) for _ in range(3)]


def delegate(unit, delegator, to, start=MARCH_3, end=MARCH_14, **kwargs):
    return delegation_create(
        unit=unit,
        delegator=delegator,
        delegate=to,
        scope=kwargs.pop("scope", "Ký phiếu chuyển hồ sơ"),
        start_date=start,
        end_date=end,
        by=None,
        **kwargs,
    )


def test_the_director_delegates_to_a_deputy_who_then_runs_the_center(center, director, deputies):
    delegation = delegate(center, director, deputies[0], is_acting=True)

    assert delegation.is_acting
    assert acting_leader(center, D(2025, 3, 5)) == deputies[0]
    assert acting_leader(center, D(2025, 3, 15)) == director
    assert acting_delegation(center, D(2025, 3, 2)) is None


def test_a_delegate_cannot_delegate_again_within_the_period(center, director, deputies):
    delegate(center, director, deputies[0], is_acting=True)

    with pytest.raises(ReDelegationForbidden) as refused:
        delegate(center, deputies[0], deputies[1], start=D(2025, 3, 10), end=D(2025, 3, 20))

    assert "không được ủy quyền lại" in refused.value.message
    assert refused.value.field == "delegator"
    assert refused.value.status_code == 403
    assert Delegation.objects.filter(delegator=deputies[0]).count() == 0


def test_a_deputy_without_a_delegation_cannot_delegate_either(center, director, deputies):
    with pytest.raises(DelegatorNotLeader, match="không giữ chức vụ người đứng đầu"):
        delegate(center, deputies[0], deputies[1])


def test_the_delegator_must_hold_the_head_post_for_the_whole_period(center, deputies):
    leaving = post(center, PositionKind.DIRECTOR, start=D(2024, 12, 10), end=D(2025, 3, 10))

    with pytest.raises(DelegatorNotLeader):
        delegate(center, leaving, deputies[0], start=D(2025, 3, 3), end=D(2025, 3, 14))


def test_an_acting_director_by_appointment_may_delegate():
    branch = BranchFactory.create()
    acting_director = post(branch, PositionKind.DIRECTOR, is_acting=True)
    deputy = post(branch, PositionKind.DEPUTY_DIRECTOR)

    assert delegate(branch, acting_director, deputy).pk is not None


def test_the_delegate_must_be_a_deputy_of_the_same_unit(center, director):
    specialist = post(center, PositionKind.SPECIALIST)
    other_branch_deputy = post(BranchFactory.create(parent=center), PositionKind.DEPUTY_DIRECTOR)

    with pytest.raises(DelegateNotDeputy, match="phải là Phó Giám đốc") as refused:
        delegate(center, director, specialist)
    assert refused.value.field == "delegate"
    with pytest.raises(DelegateNotDeputy):
        delegate(center, director, other_branch_deputy)


def test_a_department_head_delegates_to_a_deputy_head():
    department = DepartmentFactory.create()
    head = post(department, PositionKind.HEAD)
    deputy_head = post(department, PositionKind.DEPUTY_HEAD)

    assert delegate(department, head, deputy_head).pk is not None


def test_only_one_acting_delegation_per_unit_at_a_time(center, director, deputies):
    delegate(center, director, deputies[0], is_acting=True)

    with pytest.raises(ActingDelegationExists, match="đã có người được ủy quyền điều hành"):
        delegate(
            center, director, deputies[1], start=D(2025, 3, 14), end=D(2025, 3, 20), is_acting=True
        )
    # Specific work may still be delegated to another deputy in the same period,
    delegate(center, director, deputies[1], is_acting=False)
    # and the next absence can have an acting deputy again.
    delegate(
        center, director, deputies[2], start=D(2025, 3, 15), end=D(2025, 3, 20), is_acting=True
    )


def test_a_revoked_acting_delegation_frees_the_period_from_its_revocation_day(
    center, director, deputies
):
    first = delegate(center, director, deputies[0], is_acting=True)
    first = delegation_revoke(
        delegation=first, at=dt.datetime(2025, 3, 7, 9, 0, tzinfo=VN_TZ), by=director
    )

    assert delegation_status(first, D(2025, 3, 6)) == "in_force"
    assert delegation_status(first, D(2025, 3, 7)) == "revoked"
    assert acting_leader(center, D(2025, 3, 8)) == director
    with pytest.raises(ActingDelegationExists):
        delegate(
            center, director, deputies[1], start=D(2025, 3, 6), end=D(2025, 3, 9), is_acting=True
        )
    delegate(center, director, deputies[1], start=D(2025, 3, 7), end=D(2025, 3, 9), is_acting=True)


def test_a_delegation_needs_a_scope_and_a_sensible_period(center, director, deputies):
    with pytest.raises(DelegationInvalid) as no_scope:
        delegate(center, director, deputies[0], scope="   ")
    assert no_scope.value.field == "scope"
    with pytest.raises(DelegationInvalid) as backwards:
        delegate(center, director, deputies[0], start=D(2025, 3, 14), end=D(2025, 3, 3))
    assert backwards.value.field == "end_date"
    with pytest.raises(DelegationInvalid, match="chính mình"):
        delegate(center, director, director)
