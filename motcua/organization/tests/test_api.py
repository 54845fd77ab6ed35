"""Public organisation API: units on a day, one unit with leaders and successor."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_units_on_a_day_before_and_after_the_merger(client, demo):
    before = {u["code"] for u in client.get("/api/v1/organization/units?on=2025-06-30").json()}
    after = {u["code"] for u in client.get("/api/v1/organization/units?on=2025-07-01").json()}

    assert "000.00.30.H09" in before and "000.00.30.H09" not in after
    assert "000.01.00.H29" in after and "000.01.00.H29" not in before


def test_units_can_be_filtered_by_kind_and_by_words_without_accents(client, demo):
    branches = client.get("/api/v1/organization/units?on=2025-01-15&kind=branch").json()
    found = client.get("/api/v1/organization/units?on=2025-01-15&q=tu phap").json()

    assert len(branches) == 9
    assert all(b["parent_code"] == "000.00.01.H09" for b in branches)
    assert {u["code"] for u in found} == {"000.00.10.H09", "000.01.10.H09"}


def test_a_bad_filter_is_a_422_naming_the_field(client, db):
    response = client.get("/api/v1/organization/units?on=30/06/2025")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "on"


def test_one_unit_with_its_leaders_and_acting_deputy(client, demo):
    body = client.get("/api/v1/organization/units/000.00.01.H09?on=2025-03-05").json()

    assert body["name"] == "Trung tâm Phục vụ hành chính công tỉnh Bình Dương"
    assert [leader["title"] for leader in body["leaders"]] == ["Giám đốc"] + ["Phó Giám đốc"] * 3
    assert body["acting"]["name"] == "Trần Thị Thu Hà"
    assert len(body["children"]) == 13


def test_an_old_ward_says_which_unit_stands_for_it_after_the_merger(client, demo):
    body = client.get("/api/v1/organization/units/000.01.30.H09?on=2025-07-01").json()

    assert body["is_valid_on"] is False
    assert body["successor_code"] == "000.01.00.H29"
    assert body["stands_for_on"] == "000.01.00.H29"


def test_an_unknown_unit_is_a_404_with_a_vietnamese_message(client, db):
    response = client.get("/api/v1/organization/units/000.99.99.H09")

    assert response.status_code == 404
    assert "Không có đơn vị" in response.json()["detail"]
