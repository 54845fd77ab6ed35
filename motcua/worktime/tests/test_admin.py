"""The admin of announced calendar changes."""

import datetime as dt

import pytest
from django.urls import reverse

from motcua.accounts.models import User
from motcua.worktime.admin import CalendarChangeForm

pytestmark = pytest.mark.django_db


def _form(day: dt.date, kind: str) -> CalendarChangeForm:
    return CalendarChangeForm(
        data={
            "date": day.isoformat(),
            "kind": kind,
            "name": "Thử",
            "legal_source": "Văn bản thử",
            "note": "",
        }
    )


def test_a_make_up_working_day_may_be_a_saturday_or_a_holiday():
    assert _form(dt.date(2027, 5, 8), "working_day").is_valid()
    assert _form(dt.date(2026, 11, 24), "working_day").is_valid()


def test_a_make_up_working_day_on_an_ordinary_weekday_is_refused():
    form = _form(dt.date(2027, 5, 4), "working_day")
    assert not form.is_valid()
    assert "04/05/2027" in form.errors["kind"][0]


def test_an_extra_day_off_on_an_ordinary_sunday_is_refused_but_on_a_weekday_accepted():
    assert not _form(dt.date(2027, 5, 9), "day_off").is_valid()
    assert _form(dt.date(2027, 5, 7), "day_off").is_valid()


def test_a_date_outside_the_supported_years_is_refused():
    form = _form(dt.date(2150, 5, 7), "day_off")
    assert not form.is_valid()
    assert "date" in form.errors


@pytest.mark.usefixtures("plain_static_files")
def test_the_changelist_filters_by_year(client):
    client.force_login(User.objects.create_superuser(username="qt", password="x-unused-1"))
    url = reverse("admin:worktime_calendarchange_changelist")
    response = client.get(url, {"year": "2026"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "22/08/2026" in html
    assert "26/04/2025" not in html
