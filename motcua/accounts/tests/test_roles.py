"""Roles as groups, memberships over periods, and what each person may see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from motcua.accounts.models import Membership, Role, User
from motcua.accounts.roles import ROLE_PERMISSIONS
from motcua.accounts.selectors import (
    is_staff_member,
    unit_members,
    units_visible_to,
    user_has_role,
    user_roles,
)
from motcua.accounts.services import (
    MembershipInvalid,
    MembershipOverlap,
    membership_end,
    membership_grant,
    roles_sync,
)
from motcua.accounts.tests.factories import UserFactory
from motcua.core.clock import VN_TZ
from motcua.organization.models import Unit
from motcua.organization.tests.factories import SubunitFactory, UnitFactory

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2025, 3, 5)
AT = dt.datetime(2025, 3, 5, 9, 0, tzinfo=VN_TZ)


def codes(qs):
    return set(qs.values_list("code", flat=True))


def u(username):
    return User.objects.get(username=username)


class TestGroups:
    def test_every_role_is_a_group_of_the_same_name_after_migrate(self):
        assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)

    def test_roles_sync_is_idempotent_and_follows_the_permission_table(self):
        first = roles_sync()
        second = roles_sync()

        assert first == second
        admin = Group.objects.get(name=Role.SYSTEM_ADMIN)
        leader = Group.objects.get(name=Role.CENTER_LEADER)
        specialist = Group.objects.get(name=Role.SPECIALIST)
        assert admin.permissions.filter(codename="add_unit").exists()
        assert leader.permissions.filter(codename="view_unit").exists()
        assert not leader.permissions.filter(codename="change_unit").exists()
        assert not specialist.permissions.filter(codename="add_position").exists()
        assert not Group.objects.get(name=Role.CITIZEN).permissions.exists()
        assert set(ROLE_PERMISSIONS) == set(Role.values)

    def test_the_finance_officer_group_reads_and_updates_payments_but_not_the_catalogue(self):
        roles_sync()
        group = Group.objects.get(name=Role.FINANCE_OFFICER)

        assert group.permissions.filter(codename="view_payment").exists()
        assert group.permissions.filter(codename="change_payment").exists()
        assert group.permissions.filter(codename="view_paymentrefund").exists()
        assert not group.permissions.filter(codename="add_payment").exists()
        assert not group.permissions.filter(codename="change_procedure").exists()

    def test_roles_sync_puts_back_a_permission_removed_by_hand(self):
        group = Group.objects.get(name=Role.CENTER_LEADER)
        group.permissions.clear()

        roles_sync()

        assert group.permissions.filter(codename="view_unit").exists()


class TestMemberships:
    def test_granting_a_membership_adds_the_role_group(self):
        user, unit = UserFactory.create(), UnitFactory.create()

        membership_grant(user=user, unit=unit, role=Role.SPECIALIST, valid_from=TODAY, by=None)

        assert user.groups.filter(name="specialist").exists()
        assert user.has_perm("organization.view_unit")
        assert not user.is_staff

    def test_granting_the_same_membership_twice_is_harmless(self):
        user, unit = UserFactory.create(), UnitFactory.create()
        for _ in range(2):
            membership_grant(user=user, unit=unit, role=Role.SPECIALIST, valid_from=TODAY, by=None)

        assert Membership.objects.filter(user=user).count() == 1

    def test_an_overlapping_membership_of_the_same_role_and_unit_is_refused(self):
        user, unit = UserFactory.create(), UnitFactory.create()
        membership_grant(user=user, unit=unit, role=Role.SPECIALIST, valid_from=TODAY, by=None)

        with pytest.raises(MembershipOverlap, match="đã có vai trò Chuyên viên xử lý"):
            membership_grant(
                user=user, unit=unit, role=Role.SPECIALIST, valid_from=D(2025, 6, 1), by=None
            )

    def test_the_citizen_role_is_not_tied_to_a_unit(self):
        with pytest.raises(MembershipInvalid) as refused:
            membership_grant(
                user=UserFactory.create(),
                unit=UnitFactory.create(),
                role=Role.CITIZEN,
                valid_from=TODAY,
                by=None,
            )
        assert refused.value.field == "role"

    def test_admin_site_roles_open_the_admin(self):
        user = UserFactory.create()

        membership_grant(
            user=user,
            unit=UnitFactory.create(),
            role=Role.CONTROL_OFFICER,
            valid_from=TODAY,
            by=None,
        )

        user.refresh_from_db()
        assert user.is_staff

    def test_ending_a_membership_removes_the_group_and_the_admin_access(self):
        user = UserFactory.create()
        membership = membership_grant(
            user=user,
            unit=UnitFactory.create(),
            role=Role.SYSTEM_ADMIN,
            valid_from=D(2025, 1, 1),
            by=None,
        )

        membership_end(membership=membership, valid_to=D(2025, 3, 4), by=None, at=AT)

        user.refresh_from_db()
        assert not user.groups.filter(name="system_admin").exists()
        assert not user.is_staff
        assert user_roles(user, on=TODAY) == []
        assert [r.role for r in user_roles(user, on=D(2025, 3, 4))] == [Role.SYSTEM_ADMIN]

    def test_ending_one_of_two_memberships_keeps_the_group(self):
        user = UserFactory.create()
        ending = membership_grant(
            user=user,
            unit=UnitFactory.create(),
            role=Role.SPECIALIST,
            valid_from=D(2025, 1, 1),
            by=None,
        )
        membership_grant(
            user=user,
            unit=UnitFactory.create(),
            role=Role.SPECIALIST,
            valid_from=D(2025, 1, 1),
            by=None,
        )

        membership_end(membership=ending, valid_to=D(2025, 3, 4), by=None, at=AT)

        assert user.groups.filter(name="specialist").exists()

    def test_a_membership_cannot_end_before_it_starts(self):
        membership = membership_grant(
            user=UserFactory.create(),
            unit=UnitFactory.create(),
            role=Role.SPECIALIST,
            valid_from=TODAY,
            by=None,
        )
        with pytest.raises(MembershipInvalid) as refused:
            membership_end(membership=membership, valid_to=D(2025, 1, 1), by=None, at=AT)
        assert refused.value.field == "valid_to"


class TestRoles:
    def test_user_roles_lists_each_role_with_its_unit_on_the_day(self, demo):
        roles = user_roles(u("tiepnhan"), on=TODAY)

        assert [(r.role, r.unit and r.unit.code) for r in roles] == [
            (Role.RECEIVING_OFFICER, "000.02.01.H09"),
            (Role.RECEIVING_OFFICER, "000.11.01.H09"),
        ]
        assert user_roles(u("tiepnhan"), on=D(2024, 12, 9)) == []

    def test_the_citizen_role_has_no_unit(self, demo):
        assert [(r.role, r.unit) for r in user_roles(u("congdan"), on=TODAY)] == [
            (Role.CITIZEN, None)
        ]

    def test_a_role_held_in_a_unit_covers_the_units_below_it_unless_exact(self, demo):
        leader = u("lanhdaoso")
        so = Unit.objects.get(code="000.00.10.H09")
        phong = Unit.objects.get(code="000.01.10.H09")
        cong_an = Unit.objects.get(code="000.00.41.H09")

        assert user_has_role(leader, Role.AGENCY_LEADER, on=TODAY)
        assert user_has_role(leader, Role.AGENCY_LEADER, unit=so, on=TODAY)
        assert user_has_role(leader, Role.AGENCY_LEADER, unit=phong, on=TODAY)
        assert not user_has_role(leader, Role.AGENCY_LEADER, unit=phong, on=TODAY, exact=True)
        assert not user_has_role(leader, Role.AGENCY_LEADER, unit=cong_an, on=TODAY)
        assert not user_has_role(leader, Role.SPECIALIST, on=TODAY)

    def test_superusers_count_as_system_admins(self, demo):
        assert user_has_role(u("admin"), Role.SYSTEM_ADMIN, on=TODAY)
        assert user_has_role(UserFactory.create(is_superuser=True), Role.SYSTEM_ADMIN, on=TODAY)

    def test_nobody_is_staff_when_logged_out_or_a_citizen(self, demo):
        assert not is_staff_member(AnonymousUser(), on=TODAY)
        assert not is_staff_member(u("congdan"), on=TODAY)
        assert is_staff_member(u("buudien"), on=TODAY)

    def test_unit_members_lists_the_specialists_a_head_may_assign(self, demo):
        phong = Unit.objects.get(code="000.01.10.H09")

        specialists = unit_members(phong, on=TODAY, role=Role.SPECIALIST)

        assert set(specialists.values_list("username", flat=True)) == {"chuyenvien", "chuyenvien2"}


class TestVisibility:
    def test_a_tu_phap_specialist_sees_their_sub_unit_and_no_police_unit(self, demo):
        visible = codes(units_visible_to(u("chuyenvien"), on=TODAY))

        assert visible == {"000.01.10.H09"}
        assert not visible & {"000.00.41.H09", "000.01.41.H09"}

    def test_an_agency_leader_sees_the_agency_and_its_sub_units(self, demo):
        assert codes(units_visible_to(u("lanhdaoso"), on=TODAY)) == {
            "000.00.10.H09",
            "000.01.10.H09",
        }
        assert codes(units_visible_to(u("lanhdao_ca"), on=TODAY)) == {
            "000.00.41.H09",
            "000.01.41.H09",
        }

    def test_a_receiving_officer_sees_the_units_of_both_memberships(self, demo):
        assert codes(units_visible_to(u("tiepnhan"), on=TODAY)) == {
            "000.02.01.H09",
            "000.11.01.H09",
        }

    @pytest.mark.parametrize("username", ["admin", "lanhdao", "kiemsoat"])
    def test_the_center_leadership_administrators_and_control_see_every_unit(self, demo, username):
        assert units_visible_to(u(username), on=TODAY).count() == Unit.objects.count()

    def test_citizens_inactive_and_anonymous_users_see_no_unit(self, demo):
        User.objects.filter(username="chuyenvien").update(is_active=False)

        assert not units_visible_to(u("congdan"), on=TODAY).exists()
        assert not units_visible_to(u("chuyenvien"), on=TODAY).exists()
        assert not units_visible_to(AnonymousUser(), on=TODAY).exists()

    def test_visibility_follows_the_dates_of_the_memberships(self, demo):
        assert not units_visible_to(u("chuyenvien"), on=D(2024, 12, 9)).exists()

    def test_the_staff_of_a_merged_ward_see_the_wards_it_replaced(self, demo):
        officer = UserFactory.create()
        membership_grant(
            user=officer,
            unit=Unit.objects.get(code="000.01.00.H29"),
            role=Role.RECEIVING_OFFICER,
            valid_from=D(2025, 7, 1),
            by=None,
        )

        assert codes(units_visible_to(officer, on=D(2025, 7, 2))) == {
            "000.01.00.H29",
            "000.01.30.H09",
            "000.02.30.H09",
        }

    def test_visibility_reaches_units_several_levels_down(self):
        agency = UnitFactory.create()
        subunit = SubunitFactory.create(parent=agency)
        team = SubunitFactory.create(parent=subunit)
        head = UserFactory.create()
        membership_grant(user=head, unit=agency, role=Role.AGENCY_LEADER, valid_from=TODAY, by=None)

        assert codes(units_visible_to(head, on=TODAY)) == {agency.code, subunit.code, team.code}
