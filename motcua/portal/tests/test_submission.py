"""Online submission: the four steps, drafts, and the idempotent submission."""

from __future__ import annotations

import pytest
import time_machine

from motcua.dossiers.models import Dossier, OutboxMessage
from motcua.dossiers.workflow import Status
from motcua.portal.models import OnlineDraft, Step
from motcua.portal.tests.helpers import (
    CITIZEN_ID,
    PROCEDURE,
    T0,
    applicant_data,
    fill_to_review,
    start_draft,
    step_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday_morning():
    with time_machine.travel(T0, tick=False):
        yield


def test_a_citizen_submits_a_draft_and_gets_one_dossier_waiting_for_the_desk(w, an_client, an):
    draft = start_draft(an_client)
    fill_to_review(an_client, draft)
    assert draft.reached_step == Step.REVIEW

    response = an_client.post(f"/nop-truc-tuyen/{draft.public_id}/nop/", {"token": draft.token})

    assert response.status_code == 302
    assert response["Location"] == f"/nop-truc-tuyen/{draft.public_id}/da-nop/"
    d = Dossier.objects.get()
    assert d.status == Status.SUBMITTED
    assert d.channel == "online"
    assert d.submitted_by == an
    assert d.receiving_unit == w.desk
    assert d.applicant.citizen_id == CITIZEN_ID
    names = sorted(doc.name for doc in d.documents.all())
    assert names == sorted(
        [
            "Căn cước công dân",
            "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
            "Tờ khai điện tử (nộp trực tuyến)",
        ]
    )
    assert all(doc.file for doc in d.documents.all())
    assert OutboxMessage.objects.filter(topic="notify.citizen", payload__code=d.code).exists()
    page = an_client.get(response["Location"]).content.decode()
    assert d.code in page
    assert "Kết quả điện tử" in page


def test_the_procedure_page_offers_online_submission_only_where_the_catalogue_allows_it(w, client):
    from motcua.catalog.tests.factories import make_version

    make_version(national_code="1.000777", online_level="none", channels=["counter"])

    offered = client.get(f"/thu-tuc/{PROCEDURE}/").content.decode()
    not_offered = client.get("/thu-tuc/1.000777/").content.decode()

    assert f'href="/thu-tuc/{PROCEDURE}/nop-truc-tuyen/"' in offered
    assert "Nộp hồ sơ trực tuyến" not in not_offered


def test_starting_online_submission_asks_an_anonymous_visitor_to_log_in(w, client):
    response = client.get(f"/thu-tuc/{PROCEDURE}/nop-truc-tuyen/")

    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/?next=")


def test_a_procedure_without_online_submission_refuses_to_start_a_draft(w, an_client):
    from motcua.catalog.tests.factories import make_version

    make_version(national_code="1.000777", online_level="none", channels=["counter"])

    response = an_client.post("/thu-tuc/1.000777/nop-truc-tuyen/")

    assert response.status_code == 422
    assert "không tiếp nhận hồ sơ trực tuyến" in response.content.decode()
    assert not OnlineDraft.objects.exists()


def test_a_staff_account_cannot_submit_online_as_a_citizen(w, client):
    client.force_login(w.receiver)

    response = client.post(f"/thu-tuc/{PROCEDURE}/nop-truc-tuyen/")

    assert response.status_code == 403
    assert "Chỉ tài khoản công dân" in response.content.decode()


def test_step_one_is_prefilled_from_the_account(w, client, citizen):
    user = citizen(full_name="Trần Thị Bình", phone="0987654321", citizen_id="074185001234")
    client.force_login(user)
    draft = start_draft(client)

    page = client.get(step_url(draft, "nguoi-nop")).content.decode()

    assert 'value="Trần Thị Bình"' in page
    assert 'value="0987654321"' in page
    assert 'value="074185001234"' in page


def test_step_one_names_each_wrong_field_and_keeps_what_was_typed(w, an_client):
    draft = start_draft(an_client)

    response = an_client.post(
        step_url(draft, "nguoi-nop"),
        applicant_data(citizen_id="12345", phone="12", address=""),
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số." in page
    assert "Số điện thoại không hợp lệ" in page
    assert "Chưa nhập địa chỉ liên hệ." in page
    draft.refresh_from_db()
    assert draft.applicant["citizen_id"] == "12345"  # kept in the draft all the same
    assert draft.reached_step == Step.APPLICANT


def test_a_citizen_id_that_does_not_match_the_birth_year_is_refused(w, an_client):
    draft = start_draft(an_client)

    response = an_client.post(
        step_url(draft, "nguoi-nop"), applicant_data(date_of_birth="17/05/1985")
    )

    assert response.status_code == 422
    assert "không khớp năm sinh 1985" in response.content.decode()


def test_later_steps_cannot_be_skipped_to(w, an_client):
    draft = start_draft(an_client)

    response = an_client.get(step_url(draft, "xem-lai"))

    assert response.status_code == 302
    assert response["Location"] == step_url(draft, "nguoi-nop")


# --- Idempotent submission ---------------------------------------------------------------------


def test_the_same_submission_posted_twice_creates_one_dossier(w, an_client):
    draft = start_draft(an_client)
    fill_to_review(an_client, draft)
    url = f"/nop-truc-tuyen/{draft.public_id}/nop/"

    first = an_client.post(url, {"token": draft.token})
    second = an_client.post(url, {"token": draft.token})  # a double click, or a retry

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Dossier.objects.count() == 1
    assert OutboxMessage.objects.filter(topic="notify.citizen").count() == 1


def test_calling_the_submit_service_again_returns_the_same_dossier(w, an_client, an):
    from motcua.portal.services import online_draft_submit

    draft = start_draft(an_client)
    fill_to_review(an_client, draft)

    one = online_draft_submit(draft=draft, token=str(draft.token), by=an, at=T0)
    two = online_draft_submit(draft=draft, token=str(draft.token), by=an, at=T0)

    assert one.pk == two.pk
    assert Dossier.objects.count() == 1
    draft.refresh_from_db()
    assert draft.dossier_id == one.pk
    assert str(draft.submitted_token) == str(draft.token)
    assert not draft.files.exists()  # the dossier has its own copies now


def test_concurrent_submissions_of_one_draft_create_one_dossier(transactional_db):
    """Two requests for the same draft at the same moment (two tabs, a proxy retry)."""
    import threading

    from django.db import connection
    from django.test import Client

    from motcua.dossiers.tests.factories import world
    from motcua.portal.services import online_draft_submit

    world()
    client = Client()
    user = _quick_citizen()
    client.force_login(user)
    draft = start_draft(client)
    fill_to_review(client, draft)
    results: list[object] = []
    barrier = threading.Barrier(2)

    def submit() -> None:
        try:
            barrier.wait()
            results.append(
                online_draft_submit(draft=draft, token=str(draft.token), by=user, at=T0).pk
            )
        except Exception as exc:  # collected and asserted below
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert len(results) == 2 and results[0] == results[1], results
    assert Dossier.objects.count() == 1


def _quick_citizen():
    """A confirmed portal account without the SMS round trip (threads need real commits)."""
    from motcua.accounts.models import User
    from motcua.citizens.models import CitizenAccount

    user = User.objects.create_user(
        username="congdan-thu", password="x", full_name="Nguyễn Văn An", phone="0912345678"
    )
    CitizenAccount.objects.create(
        user=user, phone="0912345678", phone_verified_at=T0, created_at=T0, activated_at=T0
    )
    return user


def test_a_draft_changed_after_its_review_is_not_submitted_until_reviewed_again(w, an_client):
    draft = start_draft(an_client)
    fill_to_review(an_client, draft)
    reviewed = draft.token
    an_client.post(
        f"/nop-truc-tuyen/{draft.public_id}/luu/nguoi-nop/",
        applicant_data(address="Địa chỉ mới"),
    )

    response = an_client.post(f"/nop-truc-tuyen/{draft.public_id}/nop/", {"token": reviewed})

    assert response.status_code == 409
    assert "vừa được sửa" in response.content.decode()
    assert not Dossier.objects.exists()
    draft.refresh_from_db()
    again = an_client.post(f"/nop-truc-tuyen/{draft.public_id}/nop/", {"token": draft.token})
    assert again.status_code == 302
    assert Dossier.objects.get().applicant.address == "Địa chỉ mới"


def test_an_incomplete_draft_is_not_submitted_and_the_review_says_what_is_missing(w, an_client):
    draft = start_draft(an_client)
    fill_to_review(an_client, draft)
    identity = draft.files.get(original_name="cccd.png").required_document_id
    an_client.post(step_url(draft, "giay-to"), {"remove": str(identity)})
    draft.refresh_from_db()

    review = an_client.get(step_url(draft, "xem-lai")).content.decode()
    response = an_client.post(f"/nop-truc-tuyen/{draft.public_id}/nop/", {"token": draft.token})

    assert "Chưa tải lên giấy tờ bắt buộc: Căn cước công dân." in review
    assert "Nộp hồ sơ</button>" not in review
    assert response.status_code == 422
    assert not Dossier.objects.exists()


def test_a_submitted_draft_can_no_longer_be_changed(w, an_client):
    draft = start_draft(an_client)
    fill_to_review(an_client, draft)
    an_client.post(f"/nop-truc-tuyen/{draft.public_id}/nop/", {"token": draft.token})

    response = an_client.post(step_url(draft, "nguoi-nop"), applicant_data(full_name="Khác"))
    autosave = an_client.post(
        f"/nop-truc-tuyen/{draft.public_id}/luu/nguoi-nop/", applicant_data(full_name="Khác")
    )

    assert response.status_code == 302
    assert response["Location"] == f"/nop-truc-tuyen/{draft.public_id}/da-nop/"
    assert "đã được nộp, không sửa được nữa" in autosave.content.decode()
    assert Dossier.objects.get().applicant.full_name == "Nguyễn Văn An"


def test_the_desk_reads_the_e_form_as_a_pdf_among_the_documents(w, an_client):
    from motcua.core.pdf import pdf_text

    draft = start_draft(an_client)
    fill_to_review(an_client, draft)
    an_client.post(f"/nop-truc-tuyen/{draft.public_id}/nop/", {"token": draft.token})

    doc = Dossier.objects.get().documents.get(name="Tờ khai điện tử (nộp trực tuyến)")
    text = pdf_text(doc.file.read())

    assert "TỜ KHAI ĐIỆN TỬ" in text
    assert "Mục đích sử dụng phiếu" in text and "Xin việc" in text
    assert CITIZEN_ID in text


def test_a_partial_online_procedure_tells_where_to_collect_the_result(w, an_client):
    from motcua.catalog.tests.factories import make_version

    make_version(national_code="1.000999", online_level="partial")
    draft = start_draft(an_client, "1.000999")
    fill_to_review(an_client, draft)

    done = an_client.post(f"/nop-truc-tuyen/{draft.public_id}/nop/", {"token": draft.token})
    page = an_client.get(done["Location"]).content.decode()

    assert "Nhận kết quả" in page
    assert "nhận kết quả tại Phòng Tiếp nhận, số hóa hồ sơ, giải quyết TTHC" in page
    assert "Kết quả điện tử" not in page
