"""API tokens: issued once, stored as a hash, checked on /api/v1/me."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from motcua.accounts.models import ApiToken, Role, User
from motcua.accounts.services import membership_grant
from motcua.accounts.tests.factories import UserFactory
from motcua.accounts.tokens import token_issue, token_revoke
from motcua.core.clock import VN_TZ, now
from motcua.organization.tests.factories import SubunitFactory

pytestmark = pytest.mark.django_db
ME = "/api/v1/me"


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_me_without_a_token_is_401_with_a_vietnamese_message(client):
    response = client.get(ME)

    assert response.status_code == 401
    assert "mã truy cập" in response.json()["detail"]


@pytest.mark.parametrize("raw", ["mc_not-a-real-token", "abc", ""])
def test_me_with_a_bad_token_is_401(client, raw):
    assert client.get(ME, **bearer(raw)).status_code == 401


def test_me_with_a_good_token_returns_the_user_and_roles_with_units(client):
    unit = SubunitFactory.create(code="000.01.10.T01", name="Phòng Hành chính tư pháp")
    user = UserFactory.create(username="chuyenvien1", full_name="Ngô Thị Hương")
    membership_grant(
        user=user, unit=unit, role=Role.SPECIALIST, valid_from=dt.date(2024, 12, 10), by=None
    )
    _, raw = token_issue(user=user, name="thử")

    response = client.get(ME, **bearer(raw))

    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "chuyenvien1"
    assert body["name"] == "Ngô Thị Hương"
    assert body["roles"] == [
        {
            "role": "specialist",
            "role_label": "Chuyên viên xử lý",
            "unit_code": "000.01.10.T01",
            "unit_name": "Phòng Hành chính tư pháp",
            "valid_from": "2024-12-10",
            "valid_to": None,
        }
    ]


def test_the_token_brings_the_users_roles_of_the_day_and_roles_in_units_on_reuses_them():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.accounts.selectors import roles_in_units_on
    from motcua.accounts.tokens import token_authenticate

    phong = SubunitFactory.create(code="000.01.10.T01", name="Phòng Hành chính tư pháp")
    so = SubunitFactory.create(code="000.02.10.T01", name="Phòng Bổ trợ tư pháp")
    user = UserFactory.create(username="nhieu_vai_tro")
    for unit, role, start, end in [
        (phong, Role.SPECIALIST, dt.date(2024, 1, 1), None),
        (so, Role.UNIT_HEAD, dt.date(2024, 1, 1), dt.date(2026, 12, 31)),
        (so, Role.SPECIALIST, dt.date(2027, 1, 1), None),  # not yet
    ]:
        membership_grant(user=user, unit=unit, role=role, valid_from=start, valid_to=end, by=None)
    loner = UserFactory.create(username="chua_co_vai_tro")
    _, raw = token_issue(user=user, name="thử")
    _, loner_raw = token_issue(user=loner, name="thử")
    at = dt.datetime(2026, 6, 1, 9, 0, tzinfo=VN_TZ)
    day = at.date()

    found = token_authenticate(raw=raw, at=at)
    assert found is not None and found.pk == user.pk
    with CaptureQueriesContext(connection) as ctx:
        remembered = roles_in_units_on(found, on=day)
    assert len(ctx.captured_queries) == 0
    expected = roles_in_units_on(User.objects.get(pk=user.pk), on=day)  # read from the table
    assert sorted((u.code, u.name, r) for u, r in remembered) == sorted(
        (u.code, u.name, r) for u, r in expected
    ) == [("000.01.10.T01", "Phòng Hành chính tư pháp", "specialist"),
          ("000.02.10.T01", "Phòng Bổ trợ tư pháp", "unit_head")]  # fmt: skip
    # Another day is read from the table again.
    with CaptureQueriesContext(connection) as ctx:
        later = roles_in_units_on(found, on=dt.date(2027, 2, 1))
    assert len(ctx.captured_queries) == 1
    assert sorted((u.code, r) for u, r in later) == [
        ("000.01.10.T01", "specialist"), ("000.02.10.T01", "specialist")
    ]  # fmt: skip
    # A user without memberships authenticates with none remembered.
    alone = token_authenticate(raw=loner_raw, at=at)
    assert alone is not None and alone.pk == loner.pk
    with CaptureQueriesContext(connection) as ctx:
        assert roles_in_units_on(alone, on=day) == []
    assert len(ctx.captured_queries) == 0


def test_only_the_hash_of_a_token_is_stored(client):
    token, raw = token_issue(user=UserFactory.create(), name="thử")

    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in repr(ApiToken.objects.filter(pk=token.pk).values().get())
    assert stored.prefix == raw[:10]


def test_a_revoked_token_is_refused(client):
    token, raw = token_issue(user=UserFactory.create(), name="thử")
    assert client.get(ME, **bearer(raw)).status_code == 200

    token_revoke(token=token, at=now())

    assert client.get(ME, **bearer(raw)).status_code == 401


def test_an_expired_token_is_refused(client):
    expires = dt.datetime(2025, 3, 5, 17, 0, tzinfo=VN_TZ)
    _, raw = token_issue(user=UserFactory.create(), name="thử", expires_at=expires)

    with time_machine.travel(expires - dt.timedelta(minutes=1), tick=False):
        assert client.get(ME, **bearer(raw)).status_code == 200
    with time_machine.travel(expires, tick=False):
        assert client.get(ME, **bearer(raw)).status_code == 401


def test_the_token_of_a_deactivated_user_is_refused(client):
    user = UserFactory.create()
    _, raw = token_issue(user=user, name="thử")
    User.objects.filter(pk=user.pk).update(is_active=False)

    assert client.get(ME, **bearer(raw)).status_code == 401


def test_using_a_token_records_when_it_was_last_used(client):
    token, raw = token_issue(user=UserFactory.create(), name="thử")
    at = dt.datetime(2025, 3, 5, 9, 0, tzinfo=VN_TZ)

    with time_machine.travel(at, tick=False):
        client.get(ME, **bearer(raw))

    token.refresh_from_db()
    assert token.last_used_at == at


def test_the_last_use_is_recorded_at_most_once_a_minute(client):
    token, raw = token_issue(user=UserFactory.create(), name="thử")
    at = dt.datetime(2025, 3, 5, 9, 0, tzinfo=VN_TZ)

    for seconds, recorded in ((0, 0), (30, 0), (59, 0), (61, 61)):
        with time_machine.travel(at + dt.timedelta(seconds=seconds), tick=False):
            assert client.get(ME, **bearer(raw)).status_code == 200
        token.refresh_from_db()
        assert token.last_used_at == at + dt.timedelta(seconds=recorded)


def test_issue_token_prints_a_working_token_once(client):
    UserFactory.create(username="hethong1", is_system=True)
    out, err = StringIO(), StringIO()

    call_command(
        "issue_token", "hethong1", "--name", "dvcqg", "--days", "30", stdout=out, stderr=err
    )

    raw = out.getvalue().strip()
    token = ApiToken.objects.get(user__username="hethong1")
    assert token.name == "dvcqg"
    assert token.expires_at is not None
    assert dt.timedelta(days=29) < token.expires_at - now() <= dt.timedelta(days=30)
    assert "chỉ hiện một lần" in err.getvalue()
    assert client.get(ME, **bearer(raw)).json()["username"] == "hethong1"


def test_issue_token_refuses_an_unknown_user_and_a_bad_duration():
    with pytest.raises(CommandError, match="Không có tài khoản"):
        call_command("issue_token", "khongco", stdout=StringIO(), stderr=StringIO())
    UserFactory.create(username="hethong1")
    with pytest.raises(CommandError, match="--days"):
        call_command("issue_token", "hethong1", "--days", "0", stdout=StringIO(), stderr=StringIO())


class TestTokenAdmin:
    @pytest.fixture
    def admin_client(self, client):
        client.force_login(UserFactory.create(username="quantri", is_staff=True, is_superuser=True))
        return client

    def test_issuing_a_token_in_the_admin_shows_it_once_and_stores_only_the_hash(
        self, admin_client
    ):
        owner = UserFactory.create(username="hethong2")

        response = admin_client.post(
            "/admin/accounts/apitoken/add/", {"user": owner.pk, "name": "cổng", "days": "7"}
        )

        assert response.status_code == 200
        raw = response.context["raw"]
        assert raw.startswith("mc_") and raw in response.content.decode()
        assert "no-store" in response["Cache-Control"]
        token = ApiToken.objects.get(user=owner)
        assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
        listing = admin_client.get("/admin/accounts/apitoken/").content.decode()
        assert token.prefix in listing and raw not in listing

    def test_the_issue_form_reports_missing_fields(self, admin_client):
        response = admin_client.post("/admin/accounts/apitoken/add/", {"name": ""})

        assert response.status_code == 200
        assert response.context["form"].errors
        assert not ApiToken.objects.exists()

    def test_revoking_tokens_from_the_admin_list(self, admin_client, client):
        token, raw = token_issue(user=UserFactory.create(), name="thử")

        response = admin_client.post(
            "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}
        )

        assert response.status_code == 302
        token.refresh_from_db()
        assert token.revoked_at is not None
        assert client.get(ME, **bearer(raw)).status_code == 401
