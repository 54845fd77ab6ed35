"""Staff pages: the organisation chart and a unit's page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from motcua.accounts.models import Role, User
from motcua.accounts.services import membership_grant
from motcua.core.clock import VN_TZ
from motcua.organization.models import Unit

pytestmark = pytest.mark.django_db
PASSWORD = "MotCua@2024"


@pytest.fixture
def staff_client(client, demo):
    assert client.login(username="chuyenvien", password=PASSWORD)
    return client


def test_the_chart_asks_anonymous_visitors_to_log_in(client, db):
    response = client.get("/staff/org/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_citizen_may_not_see_the_staff_chart(client, demo):
    client.login(username="congdan", password=PASSWORD)

    assert client.get("/staff/org/").status_code == 403


def test_the_chart_shows_the_nested_tree_with_leaders_and_kind_badges(staff_client):
    with time_machine.travel("2025-03-05 09:00 +07:00", tick=False):
        response = staff_client.get("/staff/org/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Sơ đồ tổ chức</h1>" in html
    assert "Trung tâm Phục vụ hành chính công tỉnh Bình Dương" in html
    assert "Giám đốc: Nguyễn Thanh Sơn" in html
    assert '<span class="badge">Chi nhánh</span>' in html
    assert 'href="/staff/org/000.11.01.H09/?on=2025-03-05"' in html
    assert "Trần Thị Thu Hà (được ủy quyền đến 14/03/2025)" in html


def test_the_chart_on_a_date_after_the_merger_shows_the_new_ward_only(staff_client):
    before = staff_client.get("/staff/org/?on=2025-06-30").content.decode()
    after = staff_client.get("/staff/org/?on=01/07/2025").content.decode()

    assert "Phường Phú Cường" in before and "Phường Thủ Dầu Một" not in before
    assert "Phường Thủ Dầu Một" in after and "Phường Phú Cường" not in after
    assert 'value="2025-07-01"' in after
    assert 'aria-current="date"' in after


def test_a_wrong_date_shows_today_with_a_vietnamese_message_not_an_error(staff_client):
    response = staff_client.get("/staff/org/?on=31/02/2025")

    assert response.status_code == 200
    assert "Ngày “31/02/2025” không hợp lệ" in response.content.decode()
    assert 'role="alert"' in response.content.decode()


def test_the_unit_page_lists_staff_counters_delegations_and_children(client, demo):
    client.login(username="lanhdao", password=PASSWORD)
    response = client.get("/staff/org/000.00.01.H09/?on=2025-03-05")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Trung tâm Phục vụ hành chính công tỉnh Bình Dương</h1>" in html
    assert '<th scope="row">Nguyễn Thanh Sơn</th>' in html
    assert "Lãnh đạo Trung tâm" in html
    assert "Quầy 10" in html and "Công an tỉnh" in html
    assert "Giấy ủy quyền số 12/GUQ-TTPVHCC" in html and "Đang hiệu lực" in html
    assert "Chi nhánh Bắc Tân Uyên" in html
    assert '<span aria-current="page">' in html


def test_roles_in_the_system_are_shown_only_for_units_the_reader_may_see(staff_client, client):
    own = staff_client.get("/staff/org/000.01.10.H09/").content.decode()
    other = staff_client.get("/staff/org/000.01.41.H09/").content.decode()

    assert "Vai trò trên hệ thống" in own and "Chuyên viên xử lý" in own
    assert "Mai Xuân Trường" in other  # posts are public
    assert "Lãnh đạo phòng chuyên môn" not in other
    assert "chỉ hiển thị với người thuộc đơn vị này" in other
    client.login(username="lanhdao", password=PASSWORD)
    assert "Lãnh đạo phòng chuyên môn" in client.get("/staff/org/000.01.41.H09/").content.decode()


def test_the_page_of_a_merged_ward_points_to_its_successor(staff_client):
    html = staff_client.get("/staff/org/000.01.30.H09/?on=2025-07-01").content.decode()

    assert "không có hiệu lực vào ngày 01/07/2025" in html
    assert 'href="/staff/org/000.01.00.H29/?on=2025-07-01">Phường Thủ Dầu Một</a>' in html


def test_the_new_ward_page_lists_the_wards_it_replaced(staff_client):
    html = staff_client.get("/staff/org/000.01.00.H29/?on=2025-07-01").content.decode()

    assert "Kế thừa từ" in html
    assert "Phường Phú Cường" in html and "Phường Hiệp Thành" in html


def test_an_unknown_unit_code_is_a_404(staff_client):
    assert staff_client.get("/staff/org/000.99.99.H09/").status_code == 404


def test_the_staff_home_greets_and_lists_roles_with_units(staff_client):
    with time_machine.travel(dt.datetime(2025, 3, 5, 9, tzinfo=VN_TZ)):
        html = staff_client.get("/staff/").content.decode()

    assert "Xin chào, Ngô Thị Thanh Hương" in html
    assert "Chuyên viên xử lý" in html and "Phòng Hành chính tư pháp" in html
    assert "Chức vụ: Chuyên viên" in html
    assert 'href="/staff/org/"' in html
    assert 'href="/accounts/password/"' in html
    assert 'href="/admin/"' not in html.split("<main")[1]  # no admin shortcut for specialists


def test_the_staff_home_tells_a_deputy_about_the_delegation_they_hold(client, demo):
    deputy = User.objects.get(username="pgd1.tt")
    membership_grant(
        user=deputy,
        unit=Unit.objects.get(code="000.00.01.H09"),
        role=Role.CENTER_LEADER,
        valid_from=dt.date(2024, 12, 10),
        by=None,
    )
    client.force_login(deputy)

    with time_machine.travel(dt.datetime(2025, 3, 5, 9, tzinfo=VN_TZ)):
        html = client.get("/staff/").content.decode()

    assert "Bạn đang được Nguyễn Thanh Sơn ủy quyền" in html
    assert "không được ủy quyền lại" in html


def test_a_post_holder_without_a_role_in_the_system_is_not_let_into_the_workspace(client, demo):
    client.force_login(User.objects.get(username="pgd2.tt"))

    assert client.get("/staff/").status_code == 302
    assert client.get("/staff/org/").status_code == 403


def test_the_staff_home_sends_a_citizen_to_the_portal(client, demo):
    client.login(username="congdan", password=PASSWORD)

    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_staff_home_offers_the_desk_shortcuts_to_receiving_officers_only(client, demo):
    client.login(username="tiepnhan", password=PASSWORD)
    desk = client.get("/staff/").content.decode().split("<main")[1]
    client.login(username="chuyenvien", password=PASSWORD)
    specialist = client.get("/staff/").content.decode().split("<main")[1]

    assert "Tiếp nhận hồ sơ" in desk
    assert "Tiếp nhận hồ sơ" not in specialist
    assert "Sơ đồ tổ chức" in desk and "Sơ đồ tổ chức" in specialist
