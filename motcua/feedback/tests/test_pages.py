from __future__ import annotations

import pytest
import time_machine

from motcua.dossiers.tests.factories import ReceivedDossierFactory, vn
from motcua.feedback.models import Category, FeedbackItem, FeedbackStatus
from motcua.feedback.services import feedback_answer, feedback_classify, feedback_publish
from motcua.feedback.tests.helpers import submitted

S = FeedbackStatus
NOW = vn(2026, 3, 2, 10)
FORM = {
    "sender_name": "Trần Thị Bích",
    "sender_phone": "0987654321",
    "sender_email": "",
    "unit": "",
    "dossier_code": "",
    "dossier_secret": "",
    "title": "Cán bộ hướng dẫn chưa rõ",
    "content": "Cán bộ quầy 2 hướng dẫn thiếu thành phần hồ sơ, tôi phải đi lại ba lần.",
}

pytestmark = pytest.mark.usefixtures("_now")


@pytest.fixture
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_citizen_sends_feedback_and_sees_it_with_its_code(w, client):
    r = client.post("/phan-anh/gui/", FORM)
    item = FeedbackItem.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/phan-anh/tra-cuu/{item.code}/"
    page = client.get(r["Location"])
    html = page.content.decode()
    assert item.code in html and item.secret in html  # shown once, in the message
    assert "Đã tiếp nhận, đang xem xét phân loại." in html
    assert "098*****21" in html and "0987654321" not in html


def test_field_errors_come_back_in_vietnamese_with_422(w, client):
    r = client.post("/phan-anh/gui/", {**FORM, "sender_name": "", "sender_phone": "123"})
    assert r.status_code == 422
    html = r.content.decode()
    assert "Chưa nhập họ và tên." in html
    r = client.post("/phan-anh/gui/", {**FORM, "sender_phone": "123"})
    assert r.status_code == 422
    assert "Số điện thoại không hợp lệ" in r.content.decode()
    assert not FeedbackItem.objects.exists()


def test_feedback_about_a_dossier_needs_its_secret(w, client):
    d = ReceivedDossierFactory.create(world=w)
    r = client.post("/phan-anh/gui/", {**FORM, "dossier_code": d.code, "dossier_secret": "SAI"})
    assert r.status_code == 404
    assert "Không tìm thấy hồ sơ với mã và mã tra cứu" in r.content.decode()
    r = client.post("/phan-anh/gui/", {**FORM, "dossier_code": d.code, "dossier_secret": d.secret})
    assert r.status_code == 302
    assert FeedbackItem.objects.get().dossier == d


def test_the_form_needs_csrf(w):
    from django.test import Client

    r = Client(enforce_csrf_checks=True).post("/phan-anh/gui/", FORM)
    assert r.status_code == 403


def test_the_look_up_is_rate_limited_like_the_dossier_look_up(w, client):
    f = submitted(w, at=NOW)
    for _ in range(10):
        assert (
            client.get("/phan-anh/tra-cuu/", {"code": f.code, "secret": "WRONG"}).status_code == 404
        )
    r = client.get("/phan-anh/tra-cuu/", {"code": f.code, "secret": f.secret})
    assert r.status_code == 429


def test_the_look_up_opens_the_item_and_the_citizen_sends_more_information(w, client):
    f = submitted(w, at=NOW)
    assert client.get(f"/phan-anh/tra-cuu/{f.code}/").content.decode().count(f.title) == 0
    r = client.get("/phan-anh/tra-cuu/", {"code": f.code, "secret": f.secret.lower()})
    assert r.status_code == 302
    from motcua.feedback.services import feedback_request_info

    feedback_request_info(item=f, request="Quầy số mấy?", by=w.leader, at=NOW)
    page = client.get(f"/phan-anh/tra-cuu/{f.code}/").content.decode()
    assert "Quầy số mấy?" in page
    r = client.post(f"/phan-anh/tra-cuu/{f.code}/", {"text": ""})
    assert r.status_code == 422
    r = client.post(f"/phan-anh/tra-cuu/{f.code}/", {"text": "Quầy số 2."})
    assert r.status_code == 302
    f.refresh_from_db()
    assert f.status == S.RECEIVED and f.info_supplied == "Quầy số 2."


def test_the_public_list_shows_published_answers_with_personal_data_masked(w, client):
    f = submitted(w, at=NOW)
    f = feedback_classify(item=f, category=Category.CONDUCT, by=w.leader, at=NOW)
    f = feedback_answer(item=f, answer="Đã nhắc nhở cán bộ.", by=w.leader, at=NOW)
    hidden = submitted(w, at=NOW, title="Chưa trả lời")
    assert client.get("/phan-anh/").content.decode().count("Đã nhắc nhở cán bộ.") == 0
    feedback_publish(item=f, public_content=f.public_content, by=w.leader, at=NOW)
    html = client.get("/phan-anh/").content.decode()
    assert "Đã nhắc nhở cán bộ." in html and "Nguyễn V*** A" in html
    for personal in ("Nguyễn Văn An", "0912345678", "0912 345 678", "074090001234", "an.nguyen"):
        assert personal not in html
    assert hidden.title not in html


# --- Staff ------------------------------------------------------------------------------------


def test_staff_see_only_the_items_of_their_units(w, client, control):
    mine = submitted(w, at=NOW, unit=w.agency)
    other = submitted(w, at=NOW, unit=w.police)
    client.force_login(w.leader)  # Sở Tư pháp
    html = client.get("/staff/feedback/").content.decode()
    assert mine.code in html and other.code not in html
    assert client.get(f"/staff/feedback/{other.code}/").status_code == 404
    assert client.post(f"/staff/feedback/{other.code}/answer/", {}).status_code == 404
    client.force_login(control)  # the Center's control officer sees all
    html = client.get("/staff/feedback/").content.decode()
    assert mine.code in html and other.code in html


def test_citizens_get_403_and_staff_without_the_role_cannot_act(w, client):
    f = submitted(w, at=NOW, unit=w.subunit)
    from motcua.accounts.models import User

    citizen = User.objects.create_user("congdan", password="x")
    client.force_login(citizen)
    assert client.get("/staff/feedback/").status_code == 403
    client.force_login(w.specialist)  # sees their unit's items, may not handle them
    assert client.get(f"/staff/feedback/{f.code}/").status_code == 200
    r = client.post(
        f"/staff/feedback/{f.code}/classify/",
        {"classify-version": f.version, "classify-category": Category.CONDUCT},
    )
    assert r.status_code == 403


def test_staff_classify_and_answer_through_the_pages_with_409_on_a_stale_form(w, client):
    f = submitted(w, at=NOW)
    client.force_login(w.leader)
    page = client.get(f"/staff/feedback/{f.code}/").content.decode()
    assert "Phân loại" in page and "Sắp đến hạn" not in page
    r = client.post(
        f"/staff/feedback/{f.code}/classify/",
        {"classify-version": f.version, "classify-category": Category.NOT_ACCEPTED},
    )
    assert r.status_code == 422 and "Chưa nhập lý do không tiếp nhận." in r.content.decode()
    r = client.post(
        f"/staff/feedback/{f.code}/classify/",
        {"classify-version": f.version, "classify-category": Category.CONDUCT},
    )
    assert r.status_code == 302
    r = client.post(
        f"/staff/feedback/{f.code}/answer/", {"answer-version": f.version, "answer-answer": "x"}
    )
    assert r.status_code == 409
    r = client.post(
        f"/staff/feedback/{f.code}/publish/",
        {"publish-version": f.version + 1, "publish-public_content": "x"},
    )
    assert r.status_code == 409  # wrong state
    r = client.post(
        f"/staff/feedback/{f.code}/answer/",
        {"answer-version": f.version + 1, "answer-answer": "Đã chấn chỉnh."},
    )
    assert r.status_code == 302
    f.refresh_from_db()
    assert f.status == S.ANSWERED and f.answered_by == w.leader


def test_the_staff_list_marks_due_soon_and_overdue(w, client):
    overdue = submitted(w, at=vn(2026, 2, 24, 9))  # classification due 26/02
    soon = submitted(w, at=vn(2026, 2, 27, 9))  # classification due 03/03 09:00
    fresh = submitted(w, at=NOW)
    client.force_login(w.leader)
    html = client.get("/staff/feedback/?box=overdue").content.decode()
    assert overdue.code in html and soon.code not in html and fresh.code not in html
    html = client.get("/staff/feedback/?box=due_soon").content.decode()
    assert soon.code in html and overdue.code not in html and fresh.code not in html
    assert "Quá hạn" in client.get("/staff/feedback/").content.decode()


def test_staff_log_hotline_feedback(w, client):
    client.force_login(w.receiver)
    r = client.post(
        "/staff/feedback/new/",
        {**FORM, "channel": "hotline", "received_at": "08:30 02/03/2026", "unit": w.agency.pk},
    )
    assert r.status_code == 302
    f = FeedbackItem.objects.get()
    assert f.channel == "hotline" and f.received_by == w.receiver
    assert f.received_at == vn(2026, 3, 2, 8, 30)
    r = client.post(
        "/staff/feedback/new/", {**FORM, "channel": "hotline", "received_at": "hôm qua"}
    )
    assert r.status_code == 422
