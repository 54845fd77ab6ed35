"""The public working-time API at /api/v1/worktime/."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/worktime"


def test_deadline_in_working_days_skips_tet_2026(client):
    response = client.get(f"{URL}/deadline", {"start": "2026-02-13T10:00:00+07:00", "days": 1})
    assert response.status_code == 200
    assert response.json() == {
        "start": "2026-02-13T10:00:00+07:00",
        "due_at": "2026-02-23T10:00:00+07:00",
        "days": 1,
        "hours": None,
    }


def test_deadline_in_working_hours_answers_in_vietnam_time_for_a_utc_start(client):
    response = client.get(f"{URL}/deadline", {"start": "2026-03-02T03:00:00Z", "hours": 9})
    assert response.status_code == 200
    body = response.json()
    assert body["start"] == "2026-03-02T10:00:00+07:00"
    assert body["due_at"] == "2026-03-03T11:00:00+07:00"


def test_deadline_accepts_a_plus_sign_the_client_forgot_to_encode(client):
    response = client.get(f"{URL}/deadline?start=2026-03-02T10:00:00+07:00&days=3")
    assert response.status_code == 200
    assert response.json()["due_at"] == "2026-03-05T10:00:00+07:00"


def _error_fields(response):
    return [error["field"] for error in response.json()["errors"]]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"days": 1}, "start"),
        ({"start": "2026-03-02T10:00:00", "days": 1}, "start"),
        ({"start": "hôm qua", "days": 1}, "start"),
        ({"start": "2026-03-02T10:00:00+07:00", "days": 1, "hours": 2}, "days"),
        ({"start": "2026-03-02T10:00:00+07:00"}, "days"),
        ({"start": "2026-03-02T10:00:00+07:00", "days": -1}, "days"),
        ({"start": "2026-03-02T10:00:00+07:00", "days": 3651}, "days"),
        ({"start": "2026-03-02T10:00:00+07:00", "hours": "tám"}, "hours"),
    ],
)
def test_deadline_answers_422_naming_the_bad_parameter(client, params, field):
    response = client.get(f"{URL}/deadline", params)
    assert response.status_code == 422
    assert _error_fields(response) == [field]
    assert response.json()["detail"].startswith(f"{field}: ")


def test_a_naive_start_gets_a_vietnamese_message_about_the_time_zone(client):
    response = client.get(f"{URL}/deadline", {"start": "2026-03-02T10:00:00", "days": 1})
    assert "múi giờ" in response.json()["detail"]


def test_working_days_counts_both_ends(client):
    response = client.get(f"{URL}/working-days", {"start": "2026-02-09", "end": "2026-02-27"})
    assert response.status_code == 200
    assert response.json() == {"start": "2026-02-09", "end": "2026-02-27", "working_days": 10}


def test_working_days_refuses_an_end_before_the_start(client):
    response = client.get(f"{URL}/working-days", {"start": "2026-03-06", "end": "2026-03-02"})
    assert response.status_code == 422
    assert _error_fields(response) == ["end"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"end": "2026-03-02"}, "start"), ({"start": "2026-02-30", "end": "2026-03-02"}, "start")],
)
def test_working_days_answers_422_for_a_missing_or_impossible_date(client, params, field):
    response = client.get(f"{URL}/working-days", params)
    assert response.status_code == 422
    assert _error_fields(response) == [field]


def test_calendar_lists_weekday_days_off_and_make_up_days_with_sources(client):
    response = client.get(f"{URL}/calendar", {"year": 2026})
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2026
    assert body["working_hours"] == ["07:30-11:30", "13:00-17:00"]
    days = {day["date"]: day for day in body["days"]}
    assert days["2026-08-22"]["kind"] == "working_day"
    assert days["2026-08-22"]["weekday"] == "Thứ Bảy"
    assert "9441/TB-BNV" in days["2026-08-22"]["source"]
    assert days["2026-04-27"]["kind"] == "day_off"
    assert days["2026-02-17"]["name"] == "Tết Nguyên Đán"
    assert "2026-04-26" not in days  # Hùng Kings fell on a Sunday
    assert "2026-02-14" not in days  # an ordinary Saturday
    assert list(days) == sorted(days)


@pytest.mark.parametrize("year", ["abc", "1800", "2101", ""])
def test_calendar_answers_422_for_a_bad_year(client, year):
    response = client.get(f"{URL}/calendar", {"year": year})
    assert response.status_code == 422
    assert _error_fields(response) == ["year"]


def test_the_endpoints_need_no_authentication_and_appear_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path in ("deadline", "working-days", "calendar"):
        assert f"/api/v1/worktime/{path}" in schema["paths"]
