"""The admin writes through the services: a refusal is a form error, never a 500."""

from __future__ import annotations

import pytest

from motcua.accounts.models import User
from motcua.organization.models import Counter, Delegation, Position, PositionKind, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, demo):
    client.force_login(User.objects.get(username="admin"))
    return client


def unit(code):
    return Unit.objects.get(code=code)


def user(username):
    return User.objects.get(username=username)


@pytest.mark.parametrize("model", ["unit", "position", "delegation", "counter"])
def test_the_admin_lists_and_add_forms_render(admin_client, model):
    assert admin_client.get(f"/admin/organization/{model}/").status_code == 200
    assert admin_client.get(f"/admin/organization/{model}/add/").status_code == 200


def test_the_unit_list_is_searchable_by_code_and_filterable_by_kind(admin_client):
    html = admin_client.get("/admin/organization/unit/?q=000.01.41&kind__exact=subunit").content
    assert "Phòng Cảnh sát quản lý hành chính về trật tự xã hội" in html.decode()


def test_a_fourth_deputy_added_in_the_admin_is_refused_on_the_form(admin_client):
    before = Position.objects.count()

    response = admin_client.post(
        "/admin/organization/position/add/",
        {
            "unit": unit("000.00.01.H09").pk,
            "holder": user("kiemsoat").pk,
            "kind": PositionKind.DEPUTY_DIRECTOR,
            "start_date": "2025-01-15",
        },
    )

    assert response.status_code == 200
    assert "Trung tâm đã có đủ 03 Phó Giám đốc trong thời gian này" in response.content.decode()
    assert response.context["adminform"].form.errors["kind"]
    assert Position.objects.count() == before


def test_a_valid_appointment_in_the_admin_is_saved_once_by_the_service(admin_client):
    response = admin_client.post(
        "/admin/organization/position/add/",
        {
            "unit": unit("000.12.01.H09").pk,  # Chi nhánh Thuận An has one deputy
            "holder": user("kiemsoat").pk,
            "kind": PositionKind.DEPUTY_DIRECTOR,
            "start_date": "2025-01-15",
        },
    )

    assert response.status_code == 302
    assert Position.objects.filter(holder__username="kiemsoat", kind="deputy_director").count() == 1


def test_ending_a_post_in_the_admin_goes_through_the_service(admin_client):
    position = Position.objects.get(holder__username="pgd3.tt")
    url = f"/admin/organization/position/{position.pk}/change/"

    assert admin_client.post(url, {"end_date": "2025-05-31"}).status_code == 302
    position.refresh_from_db()
    assert str(position.end_date) == "2025-05-31"

    longer = admin_client.post(url, {"end_date": "2025-12-31"})
    assert longer.status_code == 200
    assert "không thể kéo dài" in longer.content.decode()
    cleared = admin_client.post(url, {"end_date": ""})
    assert cleared.status_code == 200
    assert "Không thể bỏ ngày kết thúc" in cleared.content.decode()
    position.refresh_from_db()
    assert str(position.end_date) == "2025-05-31"


def test_a_re_delegation_in_the_admin_is_refused_on_the_delegator_field(admin_client):
    response = admin_client.post(
        "/admin/organization/delegation/add/",
        {
            "unit": unit("000.00.01.H09").pk,
            "delegator": user("pgd1.tt").pk,
            "delegate": user("pgd2.tt").pk,
            "scope": "Ký văn bản",
            "start_date": "2025-03-05",
            "end_date": "2025-03-07",
        },
    )

    assert response.status_code == 200
    assert "không được ủy quyền lại" in response.content.decode()
    assert response.context["adminform"].form.errors["delegator"]
    assert Delegation.objects.count() == 1


def test_a_delegation_to_someone_who_is_not_a_deputy_is_refused_in_the_admin(admin_client):
    response = admin_client.post(
        "/admin/organization/delegation/add/",
        {
            "unit": unit("000.00.01.H09").pk,
            "delegator": user("lanhdao").pk,
            "delegate": user("kiemsoat").pk,
            "scope": "Ký văn bản",
            "start_date": "2025-04-01",
            "end_date": "2025-04-03",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["delegate"]


def test_revoking_a_delegation_from_the_admin_list(admin_client):
    delegation = Delegation.objects.get()

    response = admin_client.post(
        "/admin/organization/delegation/",
        {"action": "revoke", "_selected_action": [delegation.pk]},
    )

    assert response.status_code == 302
    delegation.refresh_from_db()
    assert delegation.revoked_at is not None


def test_a_counter_at_a_unit_that_is_not_a_site_is_refused_in_the_admin(admin_client):
    response = admin_client.post(
        "/admin/organization/counter/add/",
        {"site": unit("000.01.01.H09").pk, "number": 1, "name": "Quầy thử", "is_active": "on"},
    )

    assert response.status_code == 200
    assert "Quầy chỉ đặt tại Trung tâm hoặc Chi nhánh" in response.content.decode()
    assert not Counter.objects.filter(site__code="000.01.01.H09").exists()


def test_a_counter_added_in_the_admin_keeps_its_agencies(admin_client):
    response = admin_client.post(
        "/admin/organization/counter/add/",
        {
            "site": unit("000.00.01.H09").pk,
            "number": 11,
            "name": "Quầy ưu tiên",
            "agencies": [unit("000.00.10.H09").pk, unit("000.00.41.H09").pk],
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    counter = Counter.objects.get(site__code="000.00.01.H09", number=11)
    assert set(counter.agencies.values_list("code", flat=True)) == {
        "000.00.10.H09",
        "000.00.41.H09",
    }
