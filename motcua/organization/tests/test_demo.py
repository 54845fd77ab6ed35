"""`manage.py demo`: the contract units, leaders within the limits, idempotent."""

from __future__ import annotations

import datetime as dt
import sys
import types
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from motcua.accounts.demo import DEMO_LOGINS, DEMO_PASSWORD
from motcua.accounts.models import Membership, Role, User
from motcua.core.management.commands import demo as demo_command
from motcua.organization.models import Counter, Delegation, Position, PositionKind, Unit, UnitKind

pytestmark = pytest.mark.django_db
D = dt.date

# The codes other helpers rely on (team brief, "organization demo units").
CONTRACT_CODES = {
    "000.00.00.H09", "000.00.01.H09",
    "000.01.01.H09", "000.02.01.H09", "000.03.01.H09", "000.04.01.H09",
    "000.11.01.H09", "000.12.01.H09", "000.13.01.H09", "000.14.01.H09", "000.15.01.H09",
    "000.16.01.H09", "000.17.01.H09", "000.18.01.H09", "000.19.01.H09",
    *(f"000.00.{n}.H09" for n in range(10, 25)),
    "000.00.40.H09", "000.00.41.H09", "000.00.42.H09",
    "000.01.10.H09", "000.01.11.H09", "000.01.12.H09", "000.02.12.H09", "000.01.13.H09",
    "000.01.14.H09", "000.01.15.H09", "000.01.17.H09", "000.01.41.H09",
    "000.00.30.H09", "000.00.31.H09", "000.00.32.H09",
    "000.01.30.H09", "000.02.30.H09", "000.01.31.H09", "000.01.32.H09", "000.01.36.H09",
    "000.01.00.H29",
}  # fmt: skip

OWN_MODELS = ("organization", "accounts")


def snapshot(app_labels=None):
    """Every row of every model (of the given apps), as comparable values."""
    result = {}
    for model in apps.get_models():
        if app_labels and model._meta.app_label not in app_labels:
            continue
        result[model._meta.label] = sorted(
            map(repr, model._default_manager.order_by().values_list())
        )
    return result


def test_the_demo_creates_exactly_the_contract_units(demo):
    assert set(Unit.objects.values_list("code", flat=True)) == CONTRACT_CODES


def test_the_center_structure_starts_with_the_founding_decision(demo):
    center = Unit.objects.get(code="000.00.01.H09")

    assert center.valid_from == D(2024, 12, 10)
    assert center.parent is not None and center.parent.code == "000.00.00.H09"
    assert set(center.children.values_list("kind", flat=True)) == {"department", "branch"}
    assert all(u.valid_from == D(2024, 12, 10) for u in center.children.all())


def test_district_units_end_with_june_2025_and_the_merged_wards_point_to_their_successor(demo):
    districts = Unit.objects.filter(level="district")

    assert districts.count() == 3
    assert set(districts.values_list("valid_to", flat=True)) == {D(2025, 6, 30)}
    for code in ("000.01.30.H09", "000.02.30.H09"):
        ward = Unit.objects.get(code=code)
        assert ward.valid_to == D(2025, 6, 30)
        assert ward.successor is not None and ward.successor.code == "000.01.00.H29"
    assert Unit.objects.get(code="000.01.00.H29").valid_from == D(2025, 7, 1)


MID_JANUARY = D(2025, 1, 15)


def held(unit, kind, on=MID_JANUARY):
    return [p for p in Position.objects.filter(unit=unit, kind=kind) if p.is_held_on(on)]


def test_the_demo_leaders_stay_within_the_limits(demo):
    center = Unit.objects.get(code="000.00.01.H09")
    assert len(held(center, PositionKind.DIRECTOR)) == 1
    assert len(held(center, PositionKind.DEPUTY_DIRECTOR)) == 3
    for branch in Unit.objects.filter(kind=UnitKind.BRANCH):
        assert len(held(branch, PositionKind.DIRECTOR)) == 1, branch
        assert 1 <= len(held(branch, PositionKind.DEPUTY_DIRECTOR)) <= 2, branch
    for department in Unit.objects.filter(kind=UnitKind.DEPARTMENT):
        assert len(held(department, PositionKind.HEAD)) == 1, department
    agency_directors = Position.objects.filter(unit__kind=UnitKind.AGENCY, kind="director")
    assert agency_directors.count() >= 5


def test_the_demo_has_counters_serving_several_agencies_and_one_acting_delegation(demo):
    center_counters = Counter.objects.filter(site__code="000.00.01.H09")

    assert center_counters.count() == 10
    assert all(c.agencies.count() >= 2 for c in center_counters)
    assert Counter.objects.filter(site__kind=UnitKind.BRANCH).values("site").distinct().count() == 9
    delegation = Delegation.objects.get()
    assert delegation.is_acting
    assert (delegation.delegator.username, delegation.delegate.username) == ("lanhdao", "pgd1.tt")


def test_every_role_has_a_demo_login_with_the_documented_password(demo):
    assert {login.role for login in DEMO_LOGINS} == set(Role)
    for login in DEMO_LOGINS:
        user = User.objects.get(username=login.username)
        assert user.check_password(DEMO_PASSWORD), login.username
        assert user.full_name == login.full_name
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    citizen = User.objects.get(username="congdan")
    assert len(citizen.citizen_id) == 12 and citizen.citizen_id.isdigit()
    assert citizen.groups.filter(name="citizen").exists()
    assert not citizen.memberships.exists()


def test_the_demo_memberships_match_the_brief(demo):
    def roles(username):
        return set(
            Membership.objects.filter(user__username=username).values_list("role", "unit__code")
        )

    assert roles("tiepnhan") == {
        ("receiving_officer", "000.02.01.H09"),
        ("receiving_officer", "000.11.01.H09"),
    }
    assert roles("chuyenvien") == {("specialist", "000.01.10.H09")}
    assert roles("truongphong") == {("unit_head", "000.01.10.H09")}
    assert roles("lanhdaoso") == {("agency_leader", "000.00.10.H09")}
    assert roles("lanhdao_ca") == {("agency_leader", "000.00.41.H09")}
    assert roles("kiemsoat") == {("control_officer", "000.01.01.H09")}


def test_running_the_demo_twice_changes_nothing(db):
    call_command("demo", "--force", "--only", *OWN_MODELS, stdout=StringIO())
    first = snapshot(OWN_MODELS + ("auth",))

    call_command("demo", "--force", "--only", *OWN_MODELS, stdout=StringIO())

    assert snapshot(OWN_MODELS + ("auth",)) == first


def test_running_the_whole_demo_twice_creates_no_duplicates_in_any_app(db):
    from motcua.reports import figures
    from motcua.reports.models import DailyFigure

    call_command("demo", "--force", stdout=StringIO())
    first = {label: len(rows) for label, rows in snapshot().items()}
    # The leaders' figures count the demo's history (the demo rebuilds them).
    assert DailyFigure.objects.exists() and figures.check() == []

    call_command("demo", "--force", stdout=StringIO())

    assert {label: len(rows) for label, rows in snapshot().items()} == first


def test_the_demo_refuses_to_run_without_debug_unless_forced(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG đang tắt"):
        call_command("demo", stdout=StringIO())
    assert not Unit.objects.exists()


def test_the_demo_calls_the_loaders_in_order_and_skips_apps_without_one(db, monkeypatch):
    calls = []
    for app in ("alpha", "gamma"):
        module = types.ModuleType(f"motcua.{app}.demo")
        setattr(module, "load", lambda app=app: calls.append(app))  # noqa: B010
        monkeypatch.setitem(sys.modules, f"motcua.{app}.demo", module)
    monkeypatch.setattr(demo_command, "DEMO_APPS", ("gamma", "beta", "alpha"))
    out = StringIO()

    call_command("demo", "--force", stdout=out)

    assert calls == ["gamma", "alpha"]
    assert "gamma: đã nạp" in out.getvalue()
    assert "beta" not in out.getvalue()  # apps that have no demo yet are skipped quietly


def test_a_broken_import_inside_a_demo_module_is_not_mistaken_for_a_missing_one(monkeypatch):
    def broken(name, *args, **kwargs):
        raise ModuleNotFoundError(
            "No module named 'nonexistent_dependency'", name="nonexistent_dependency"
        )

    monkeypatch.setattr(demo_command.importlib, "import_module", broken)

    with pytest.raises(ModuleNotFoundError):
        demo_command.demo_loader("catalog")


def test_demo_logins_prints_every_account_as_a_table(demo):
    out = StringIO()

    call_command("demo_logins", stdout=out)

    text = out.getvalue()
    for login in DEMO_LOGINS:
        assert f"| {login.username} " in text
    assert "MotCua@2024" in text
    assert "Phòng Hành chính tư pháp" in text
