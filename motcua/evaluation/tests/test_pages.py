"""The rating pages: who may rate (the owner, or whoever holds the look-up secret), the form's
errors, the 7-day window seen through the page, the counter tablet's limits, and the staff
list scoped to the reader's units."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from motcua.citizens.models import CodeChannel
from motcua.citizens.services import citizen_activate, citizen_register
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.tests.factories import (
    HOUR,
    T0,
    DoneDossierFactory,
    ProcessingDossierFactory,
    ReturnedDossierFactory,
)
from motcua.evaluation.models import Rating, RatingChannel
from motcua.evaluation.services import rating_submit
from motcua.evaluation.tests.helpers import answers, form_data

pytestmark = pytest.mark.django_db

RETURNED_AT = T0 + 8 * HOUR
TABLET = "/danh-gia/quay/"
PICK = "/staff/evaluation/tablet/"
LIST = "/staff/evaluation/"


def rate_url(d) -> str:
    return f"/danh-gia/{d.code}/"


@pytest.fixture
def returned(w):
    return ReturnedDossierFactory.create(world=w)


@pytest.fixture
def account(db, fake_sms, django_capture_on_commit_callbacks):
    """A confirmed portal account whose phone is the factories' applicant's phone."""

    def make(phone: str):
        with django_capture_on_commit_callbacks(execute=True):
            otp = citizen_register(
                kind="individual",
                full_name="Nguyễn Văn An",
                channel=CodeChannel.SMS,
                phone=phone,
                email="",
                password="Hoa-sen-tim-2025",
                citizen_id="",
                ip="10.9.9.9",
                at=T0,
            )
        return citizen_activate(user=otp.user, code=fake_sms.last_code(phone), ip="10.9.9.9", at=T0)

    return make


def _comparable(response, code: str) -> str:
    html = response.content.decode().replace(code, "X")
    return re.sub(r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', r"\1", html)


def travel(moment: dt.datetime):
    return time_machine.travel(moment, tick=False)


# --- Reaching the page ---------------------------------------------------------------------------


def test_the_look_up_secret_opens_the_page_and_leaves_the_address_at_once(client, returned):
    with travel(RETURNED_AT + HOUR):
        response = client.get(rate_url(returned), {"mk": returned.secret})
        assert response.status_code == 302
        assert response["Location"] == rate_url(returned)
        assert response["Cache-Control"] == "no-store"

        page = client.get(rate_url(returned))
    html = page.content.decode()
    assert page.status_code == 200
    assert returned.procedure_version.name in html
    assert html.count("<fieldset") == 8 and html.count("<legend") == 8
    assert "Thời gian giải quyết hồ sơ so với thời hạn quy định" in html


def test_the_look_up_page_links_to_the_rating_page_once_the_result_is_there(client, w, returned):
    processing = ProcessingDossierFactory.create(world=w)
    with travel(RETURNED_AT + HOUR):
        found = client.get("/tra-cuu/", {"code": returned.code, "secret": returned.secret})
        not_yet = client.get("/tra-cuu/", {"code": processing.code, "secret": processing.secret})
        link = re.search(r'href="(/danh-gia/[^"]+)"', found.content.decode())
        assert link is not None
        followed = client.get(link.group(1).replace("&amp;", "&"))
    assert "/danh-gia/" not in not_yet.content.decode()
    assert followed.status_code == 302 and followed["Location"] == rate_url(returned)


def test_a_citizen_with_the_secret_rates_through_the_page(client, returned):
    with travel(RETURNED_AT + HOUR):
        client.get(rate_url(returned), {"mk": returned.secret.lower()})
        response = client.post(rate_url(returned), form_data(returned, comment="Cảm ơn"))
        assert response.status_code == 302
        page = client.get(rate_url(returned))
    rating = Rating.objects.get(dossier=returned)
    assert rating.channel == RatingChannel.LOOKUP and rating.by is None
    assert rating.comment == "Cảm ơn" and rating.answers.count() == 8
    html = page.content.decode()
    assert "Cảm ơn bạn đã đánh giá" in html
    assert "Bạn có thể sửa đánh giá đến 18:00 09/03/2026" in html


def test_a_wrong_secret_gives_not_found_and_no_access(client, returned):
    with travel(RETURNED_AT + HOUR):
        response = client.get(rate_url(returned), {"mk": "SAIMA123"})
        assert response.status_code == 404
        assert "Không tìm thấy hồ sơ" in response.content.decode()
        assert returned.procedure_version.name not in response.content.decode()
        refused = client.post(rate_url(returned), form_data(returned))
    assert refused.status_code == 403
    assert not Rating.objects.exists()


def test_without_secret_or_ownership_the_page_asks_for_the_secret_and_reveals_nothing(
    client, returned
):
    with travel(RETURNED_AT + HOUR):
        page = client.get(rate_url(returned))
        unknown = client.get("/danh-gia/000.02.01.H09-260302-9999/")
        refused = client.post(rate_url(returned), form_data(returned))
    assert page.status_code == 200 and unknown.status_code == 200
    assert 'name="mk"' in page.content.decode()
    assert returned.procedure_version.name not in page.content.decode()
    # An unknown code looks exactly like a known one (but for the per-response CSRF mask).
    assert _comparable(page, returned.code) == _comparable(unknown, "000.02.01.H09-260302-9999")
    assert refused.status_code == 403 and not Rating.objects.exists()


def test_the_logged_in_owner_rates_without_the_secret(client, returned, account):
    user = account("0912345678")  # the applicant's phone in the dossier factories
    client.force_login(user)
    with travel(RETURNED_AT + HOUR):
        response = client.post(rate_url(returned), form_data(returned))
    assert response.status_code == 302
    rating = Rating.objects.get(dossier=returned)
    assert rating.channel == RatingChannel.PORTAL and rating.by == user


def test_a_logged_in_citizen_who_does_not_own_the_dossier_cannot_rate_it(client, returned, account):
    client.force_login(account("0987654321"))
    with travel(RETURNED_AT + HOUR):
        page = client.get(rate_url(returned))
        refused = client.post(rate_url(returned), form_data(returned))
    assert 'name="mk"' in page.content.decode()
    assert refused.status_code == 403 and not Rating.objects.exists()


# --- The form --------------------------------------------------------------------------------------


def test_a_missing_answer_is_shown_beside_its_question_and_nothing_is_saved(client, returned):
    data = form_data(returned)
    del data["answer_staff_attitude"]
    with travel(RETURNED_AT + HOUR):
        client.get(rate_url(returned), {"mk": returned.secret})
        response = client.post(rate_url(returned), data)
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_answer_staff_attitude_error"' in html
    assert "Chưa chọn Hài lòng hoặc Không hài lòng cho tiêu chí này." in html
    assert 'href="#id_answer_staff_attitude_0"' in html  # the error summary links to it
    # What was chosen is kept.
    assert re.search(r'<input[^>]*id="id_answer_processing_time_0"[^>]*checked', html)
    assert not re.search(r'<input[^>]*id="id_answer_staff_attitude_\d"[^>]*checked', html)
    assert not Rating.objects.exists()


def test_a_dossier_without_its_result_shows_it_cannot_be_rated_yet_and_refuses_a_post(client, w):
    d = ProcessingDossierFactory.create(world=w)
    with travel(T0 + 5 * HOUR):
        client.get(rate_url(d), {"mk": d.secret})
        page = client.get(rate_url(d))
        refused = client.post(rate_url(d), form_data(d))
    assert "chưa thể đánh giá" in page.content.decode()
    assert "<fieldset" not in page.content.decode()
    assert refused.status_code == 409
    assert "Chỉ đánh giá được hồ sơ đã có kết quả" in refused.content.decode()
    assert not Rating.objects.exists()


def test_the_page_shows_the_rating_and_allows_a_change_within_7_days(client, returned):
    with travel(RETURNED_AT + HOUR):
        client.get(rate_url(returned), {"mk": returned.secret})
        client.post(rate_url(returned), form_data(returned))
    with travel(RETURNED_AT + HOUR + dt.timedelta(days=6)):
        page = client.get(rate_url(returned))
        assert "Sửa đánh giá" in page.content.decode()
        response = client.post(
            rate_url(returned), form_data(returned, unsatisfied=("contacts_needed",))
        )
    assert response.status_code == 302
    rating = Rating.objects.get(dossier=returned)
    assert not rating.answers.get(criterion__code="contacts_needed").satisfied
    assert (
        DossierEvent.objects.filter(dossier=returned, action="dossier.rating.changed").count() == 1
    )


def test_after_7_days_the_page_shows_the_rating_read_only_and_a_change_gets_409(client, returned):
    with travel(RETURNED_AT + HOUR):
        client.get(rate_url(returned), {"mk": returned.secret})
        client.post(rate_url(returned), form_data(returned))
    with travel(RETURNED_AT + HOUR + dt.timedelta(days=7, minutes=1)):
        page = client.get(rate_url(returned))
        response = client.post(
            rate_url(returned), form_data(returned, unsatisfied=("contacts_needed",))
        )
    assert "<fieldset" not in page.content.decode()
    assert "không thể sửa đánh giá" in page.content.decode()
    assert response.status_code == 409
    assert "Đã quá 7 ngày, không thể sửa đánh giá" in response.content.decode()
    assert Rating.objects.get(dossier=returned).answers.filter(satisfied=False).count() == 0


# --- The counter tablet ---------------------------------------------------------------------------


def test_the_officer_hands_the_tablet_over_for_a_dossier_just_returned(client, w, returned):
    client.force_login(w.receiver)
    with travel(RETURNED_AT + dt.timedelta(minutes=10)):
        waiting = client.get(TABLET)
        assert "cán bộ sẽ mời quý khách đánh giá" in waiting.content.decode()
        pick = client.get(PICK)
        assert returned.code in pick.content.decode()
        assert client.post(PICK, {"code": returned.code})["Location"] == TABLET
        form = client.get(TABLET)
        assert form.content.decode().count("<fieldset") == 8
        done = client.post(TABLET, form_data(returned, unsatisfied=("lawful_cost",)))
        assert done["Location"] == TABLET
        thanks = client.get(TABLET)
        assert "Cảm ơn quý khách" in thanks.content.decode()
        again = client.get(TABLET)  # the thank-you screen shows once, then waiting
    assert "cán bộ sẽ mời quý khách đánh giá" in again.content.decode()
    rating = Rating.objects.get(dossier=returned)
    assert rating.channel == RatingChannel.COUNTER_TABLET and rating.by == w.receiver


def test_the_tablet_form_does_not_show_the_previous_answers(client, w, returned):
    with travel(RETURNED_AT + dt.timedelta(minutes=5)):
        rating_submit(
            dossier=returned,
            answers=answers(returned, unsatisfied=("lawful_cost",)),
            comment="Bí mật",
            channel=RatingChannel.LOOKUP,
            by=None,
            at=RETURNED_AT + dt.timedelta(minutes=5),
        )
        client.force_login(w.receiver)
        client.post(PICK, {"code": returned.code})
        html = client.get(TABLET).content.decode()
    assert "checked" not in html and "Bí mật" not in html


def test_the_tablet_refuses_a_dossier_returned_more_than_an_hour_ago(client, w, returned):
    client.force_login(w.receiver)
    with travel(RETURNED_AT + HOUR + dt.timedelta(minutes=1)):
        response = client.post(PICK, {"code": returned.code})
        assert returned.code not in client.get(PICK).content.decode()
        waiting = client.get(TABLET)
    assert response.status_code == 404
    assert "trong vòng 1 giờ" in response.content.decode()
    assert "<fieldset" not in waiting.content.decode()


def test_the_tablet_refuses_a_dossier_of_another_units_counter(client, w, returned):
    client.force_login(w.branch_receiver)
    with travel(RETURNED_AT + dt.timedelta(minutes=5)):
        assert returned.code not in client.get(PICK).content.decode()
        response = client.post(PICK, {"code": returned.code})
        posted = client.post(TABLET, form_data(returned))
    assert response.status_code == 404
    assert posted.status_code == 302 and not Rating.objects.exists()


def test_the_tablet_offers_a_done_dossier_waiting_at_the_counter(client, w):
    d = DoneDossierFactory.create(world=w)
    client.force_login(w.receiver)
    with travel(T0 + 7 * HOUR):
        assert d.code in client.get(PICK).content.decode()
        client.post(PICK, {"code": d.code})
        response = client.post(TABLET, form_data(d))
    assert response.status_code == 302
    assert Rating.objects.get(dossier=d).channel == RatingChannel.COUNTER_TABLET


def test_the_tablet_pages_are_for_receiving_officers_only(client, w, account):
    anonymous_tablet = client.get(TABLET)
    assert (
        anonymous_tablet.status_code == 302 and "/accounts/login/" in anonymous_tablet["Location"]
    )
    client.force_login(w.specialist)
    assert client.get(PICK).status_code == 403
    client.force_login(account("0987654321"))
    assert client.get(TABLET).status_code == 403


def test_the_tablet_session_ends_when_the_dossier_leaves_the_hour(client, w, returned):
    client.force_login(w.receiver)
    with travel(RETURNED_AT + dt.timedelta(minutes=50)):
        client.post(PICK, {"code": returned.code})
    with travel(RETURNED_AT + dt.timedelta(minutes=61)):
        response = client.post(TABLET, form_data(returned))
    assert response.status_code == 302 and not Rating.objects.exists()


# --- The staff list -------------------------------------------------------------------------------


def _rate(d, at, unsatisfied=()):
    return rating_submit(
        dossier=d,
        answers=answers(d, unsatisfied=unsatisfied),
        comment="",
        channel=RatingChannel.LOOKUP,
        by=None,
        at=at,
    )


def test_the_staff_list_shows_the_ratings_of_the_readers_units_with_shares(client, w):
    a = ReturnedDossierFactory.create(world=w)
    b = ReturnedDossierFactory.create(world=w)
    _rate(a, RETURNED_AT + HOUR, unsatisfied=("processing_time",))
    _rate(b, RETURNED_AT + HOUR)
    client.force_login(w.receiver)
    with travel(dt.datetime(2026, 3, 20, 10, 0, tzinfo=dt.UTC)):
        html = client.get(LIST).content.decode()
    assert a.code in html and b.code in html
    assert "2 đánh giá từ 01/03/2026 đến 20/03/2026." in html
    # processing time: 1 of 2 satisfied; attitude: 2 of 2
    assert (
        '<th scope="row">Thời gian giải quyết hồ sơ so với thời hạn quy định</th><td class="num">1</td><td class="num">2</td><td class="num">50,0%</td>'
        in html
    )
    assert '<td class="num">2</td><td class="num">2</td><td class="num">100,0%</td>' in html


def test_the_staff_list_is_empty_for_staff_of_unrelated_units(client, w):
    d = ReturnedDossierFactory.create(world=w)
    _rate(d, RETURNED_AT + HOUR)
    client.force_login(w.outsider)
    with travel(dt.datetime(2026, 3, 20, 10, 0, tzinfo=dt.UTC)):
        html = client.get(LIST).content.decode()
    assert d.code not in html
    assert "0 đánh giá" in html


def test_the_staff_list_is_filtered_by_period(client, w):
    d = ReturnedDossierFactory.create(world=w)
    _rate(d, RETURNED_AT + HOUR)
    client.force_login(w.specialist)  # the dossier went through the specialist's unit
    with travel(dt.datetime(2026, 4, 20, 10, 0, tzinfo=dt.UTC)):
        april = client.get(LIST).content.decode()
        march = client.get(LIST, {"start": "01/03/2026", "end": "31/03/2026"}).content.decode()
        bad = client.get(LIST, {"start": "31/03/2026", "end": "01/03/2026"})
    assert d.code not in april and d.code in march
    assert bad.status_code == 422
    assert "Đến ngày phải sau hoặc bằng Từ ngày." in bad.content.decode()
