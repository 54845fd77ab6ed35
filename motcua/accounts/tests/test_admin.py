"""Admin for users, memberships and login failures."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.accounts.models import LoginFailure, Membership, User
from motcua.accounts.tests.factories import UserFactory
from motcua.core.clock import now
from motcua.organization.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory.create(username="quantri", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["user", "membership", "apitoken", "loginfailure"])
def test_the_admin_lists_render(admin_client, model):
    assert admin_client.get(f"/admin/accounts/{model}/").status_code == 200


def test_adding_a_user_in_the_admin_uses_our_fields_and_the_password_rules(admin_client):
    short = admin_client.post(
        "/admin/accounts/user/add/",
        {"username": "moi1", "full_name": "Người Mới", "email": "moi1@example.vn",
         "password1": "ngan", "password2": "ngan", "usable_password": "true"},
    )  # fmt: skip
    assert short.status_code == 200
    assert not User.objects.filter(username="moi1").exists()

    response = admin_client.post(
        "/admin/accounts/user/add/",
        {"username": "moi1", "full_name": "Người Mới", "email": "moi1@example.vn",
         "password1": "Mot-Cua-2025!", "password2": "Mot-Cua-2025!", "usable_password": "true"},
    )  # fmt: skip
    assert response.status_code == 302
    user = User.objects.get(username="moi1")
    assert user.full_name == "Người Mới" and user.check_password("Mot-Cua-2025!")
    assert admin_client.get(f"/admin/accounts/user/{user.pk}/change/").status_code == 200


def test_a_membership_added_in_the_admin_goes_through_the_service(admin_client):
    user, unit = UserFactory.create(), UnitFactory.create()

    response = admin_client.post(
        "/admin/accounts/membership/add/",
        {"user": user.pk, "unit": unit.pk, "role": "specialist", "valid_from": "2025-01-01"},
    )

    assert response.status_code == 302
    assert Membership.objects.filter(user=user, unit=unit, role="specialist").exists()
    assert user.groups.filter(name="specialist").exists()


def test_an_overlapping_membership_in_the_admin_is_a_form_error(admin_client):
    user, unit = UserFactory.create(), UnitFactory.create()
    data = {"user": user.pk, "unit": unit.pk, "role": "specialist", "valid_from": "2025-01-01"}
    admin_client.post("/admin/accounts/membership/add/", data)

    response = admin_client.post(
        "/admin/accounts/membership/add/", {**data, "valid_from": "2025-02-01"}
    )

    assert response.status_code == 200
    assert "đã có vai trò" in response.content.decode()
    assert Membership.objects.filter(user=user).count() == 1


def test_ending_a_membership_in_the_admin(admin_client):
    user, unit = UserFactory.create(), UnitFactory.create()
    admin_client.post(
        "/admin/accounts/membership/add/",
        {"user": user.pk, "unit": unit.pk, "role": "specialist", "valid_from": "2025-01-01"},
    )
    membership = Membership.objects.get(user=user)

    response = admin_client.post(
        f"/admin/accounts/membership/{membership.pk}/change/", {"valid_to": "2025-01-31"}
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.valid_to == dt.date(2025, 1, 31)


def test_login_failures_are_read_only_in_the_admin(admin_client):
    failure = LoginFailure.objects.create(identifier="ai-do", at=now(), ip="10.0.0.1")

    assert admin_client.get("/admin/accounts/loginfailure/add/").status_code == 403
    page = admin_client.get(f"/admin/accounts/loginfailure/{failure.pk}/change/")
    assert page.status_code == 200
    assert 'name="identifier"' not in page.content.decode()
