"""After submission: the desk checks the online dossier on its own pages, the citizen sees
the outcome on their dossier page (no secret needed), supplements online, and downloads the
electronic result. Nobody else can open any of it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.test import Client

from motcua.dossiers.models import Dossier, OutboxMessage
from motcua.dossiers.services import (
    MissingItem,
    dossier_accept_online,
    dossier_attach_result,
    dossier_request_supplement,
    dossier_request_supplement_at_desk,
    step_claim,
    step_transfer,
)
from motcua.dossiers.workflow import Status
from motcua.portal.tests.helpers import PDF, PNG, T0, fill_to_review, pdf, start_draft, upload

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def submitted(w, an_client):
    """An online dossier of An's, just submitted (Monday 09:00)."""
    with time_machine.travel(T0, tick=False):
        draft = start_draft(an_client)
        fill_to_review(an_client, draft)
        an_client.post(f"/nop-truc-tuyen/{draft.public_id}/nop/", {"token": draft.token})
    return Dossier.objects.get()


def staff_client(user):
    c = Client()
    c.force_login(user)
    return c


def test_the_desk_accepts_an_online_dossier_on_its_own_page_and_the_citizen_sees_it(
    w, submitted, an_client
):
    desk = staff_client(w.receiver)
    with time_machine.travel(T0 + HOUR, tick=False):
        page = desk.get(f"/staff/dossiers/{submitted.code}/")
        assert page.status_code == 200
        assert "Tờ khai điện tử (nộp trực tuyến)" in page.content.decode()
        response = desk.post(
            f"/staff/dossiers/{submitted.code}/actions/accept/", {"version": submitted.version}
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        mine = an_client.get(f"/ho-so/{submitted.code}/").content.decode()

    submitted.refresh_from_db()
    assert submitted.status == Status.RECEIVED
    assert "Hồ sơ đã được tiếp nhận." in mine
    assert "10:00 02/03/2026" in mine  # received
    assert "09:00 09/03/2026" in mine or submitted.due_at is not None
    assert OutboxMessage.objects.filter(
        topic="notify.citizen", payload__template="received", payload__code=submitted.code
    ).exists()


def test_the_desk_can_refuse_an_online_dossier_and_the_citizen_reads_why(w, submitted, an_client):
    desk = staff_client(w.receiver)
    with time_machine.travel(T0 + HOUR, tick=False):
        response = desk.post(
            f"/staff/dossiers/{submitted.code}/actions/refuse-at-desk/",
            {"version": submitted.version, "reasons": "Không thuộc thẩm quyền của Sở Tư pháp"},
        )
    assert response.status_code == 302, response.content.decode()[:2000]

    mine = an_client.get(f"/ho-so/{submitted.code}/").content.decode()
    assert "Không thuộc thẩm quyền của Sở Tư pháp" in mine
    assert "Hồ sơ không được tiếp nhận" in mine


def test_someone_elses_dossier_page_is_not_found(w, submitted, citizen):
    other = Client()
    other.force_login(citizen(phone="0987000111", full_name="Lê Văn Khác"))

    assert other.get(f"/ho-so/{submitted.code}/").status_code == 404
    assert other.get("/ho-so/khong-co-ma-nay/").status_code == 404
    assert staff_client(w.outsider).get(f"/ho-so/{submitted.code}/").status_code == 404


def test_the_look_up_by_code_alone_takes_the_owner_to_their_dossier(w, submitted, an_client):
    response = an_client.get(f"/tra-cuu/?code={submitted.code}")

    assert response.status_code == 302
    assert response["Location"] == f"/ho-so/{submitted.code}/"


def test_the_look_up_still_needs_the_secret_from_anyone_else(w, submitted, citizen):
    other = Client()
    other.force_login(citizen(phone="0987000111", full_name="Lê Văn Khác"))

    without = other.get(f"/tra-cuu/?code={submitted.code}")
    anonymous = Client().get(f"/tra-cuu/?code={submitted.code}&secret={submitted.secret}")

    assert without.status_code == 422
    assert anonymous.status_code == 200
    assert "Nguyễn V*** A" in anonymous.content.decode()  # masked for the public look-up


# --- Online supplement ---------------------------------------------------------------------------


def test_a_supplement_asked_at_the_desk_is_sent_online_and_goes_back_to_the_desk(
    w, submitted, an_client
):
    dossier_request_supplement_at_desk(
        dossier=submitted,
        items=[MissingItem(name="Ảnh chụp CCCD rõ nét hơn", reason="Ảnh mờ")],
        by=w.receiver,
        at=T0 + HOUR,
    )
    page = an_client.get(f"/ho-so/{submitted.code}/").content.decode()
    assert "Ảnh chụp CCCD rõ nét hơn" in page and "Ảnh mờ" in page

    with time_machine.travel(T0 + 2 * HOUR, tick=False):
        response = an_client.post(
            f"/ho-so/{submitted.code}/bo-sung/",
            {"item_0": upload("cccd-ro.png", PNG, "image/png"), "note": "Đã chụp lại"},
        )

    assert response.status_code == 302, response.content.decode()[:3000]
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED  # back to the desk's check
    added = submitted.documents.get(name="Ảnh chụp CCCD rõ nét hơn (bổ sung trực tuyến)")
    assert added.file.read().startswith(b"\x89PNG")
    event = submitted.events.get(action="dossier.supplement.received")
    assert event.actor_id == submitted.submitted_by_id


def test_online_supplement_during_processing_restarts_the_clock(w, submitted, an_client):
    d = dossier_accept_online(dossier=submitted, by=w.receiver, at=T0 + HOUR)
    d = step_transfer(dossier=d, by=w.receiver, at=T0 + 2 * HOUR)
    d = step_claim(dossier=d, by=w.specialist, at=T0 + 3 * HOUR)
    d = dossier_request_supplement(
        dossier=d,
        items=[MissingItem(name="Bản sao hộ chiếu")],
        by=w.specialist,
        at=T0 + 4 * HOUR,
    )
    old_due = d.due_at
    arrives = dt.datetime(2026, 3, 4, 9, 0, tzinfo=T0.tzinfo)  # Wednesday 09:00

    with time_machine.travel(arrives, tick=False):
        response = an_client.post(
            f"/ho-so/{submitted.code}/bo-sung/", {"item_0": pdf("ho-chieu.pdf")}
        )

    assert response.status_code == 302, response.content.decode()[:3000]
    d.refresh_from_db()
    assert d.status == Status.PROCESSING
    assert d.due_at != old_due
    # The full 5 working days restart from the arrival: Wednesday 04/03 → Wednesday 11/03.
    assert d.due_at == dt.datetime(2026, 3, 11, 9, 0, tzinfo=T0.tzinfo)
    assert d.original_due_at == old_due
    assert d.clock_stops.get().ended_at == arrives


def test_every_item_asked_for_needs_its_own_good_file(w, submitted, an_client):
    dossier_request_supplement_at_desk(
        dossier=submitted,
        items=[MissingItem(name="Tờ khai có chữ ký"), MissingItem(name="Ảnh chân dung")],
        by=w.receiver,
        at=T0 + HOUR,
    )

    response = an_client.post(
        f"/ho-so/{submitted.code}/bo-sung/",
        {"item_0": upload("to-khai.pdf", PNG, "application/pdf")},
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "Tệp &#x27;to-khai.pdf&#x27; không phải PDF thật (nội dung là PNG)." in page
    assert "Chưa tải lên tệp cho “Ảnh chân dung”." in page
    submitted.refresh_from_db()
    assert submitted.status == Status.SUPPLEMENT_REQUESTED


def test_there_is_nothing_to_supplement_when_nothing_was_asked(w, submitted, an_client):
    response = an_client.post(f"/ho-so/{submitted.code}/bo-sung/", {"item_0": pdf()})

    assert response.status_code == 409
    assert "Hồ sơ không có yêu cầu bổ sung đang chờ." in response.content.decode()


# --- The electronic result -----------------------------------------------------------------------


def _done_with_result(w, submitted, *, content=PDF):
    d = dossier_accept_online(dossier=submitted, by=w.receiver, at=T0 + HOUR)
    d = step_transfer(dossier=d, by=w.receiver, at=T0 + 2 * HOUR)
    d = step_claim(dossier=d, by=w.specialist, at=T0 + 3 * HOUR)
    d = step_transfer(dossier=d, by=w.specialist, at=T0 + 4 * HOUR)
    return dossier_attach_result(
        dossier=d,
        number="15/2026/PLLTP",
        document=ContentFile(content, name="phieu-lltp.pdf"),
        signed_by="Hồ Văn Dũng",
        by=w.head,
        at=T0 + 5 * HOUR,
    )


def test_the_citizen_downloads_the_electronic_result_when_done(w, submitted, an_client):
    d = _done_with_result(w, submitted)
    result = d.results.get()

    page = an_client.get(f"/ho-so/{d.code}/").content.decode()
    response = an_client.get(f"/ho-so/{d.code}/ket-qua/{result.pk}/")

    assert "Kết quả điện tử" in page
    assert f"/ho-so/{d.code}/ket-qua/{result.pk}/" in page
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_only_the_owner_can_download_the_result(w, submitted, citizen):
    d = _done_with_result(w, submitted)
    url = f"/ho-so/{d.code}/ket-qua/{d.results.get().pk}/"
    other = Client()
    other.force_login(citizen(phone="0987000111", full_name="Lê Văn Khác"))

    assert other.get(url).status_code == 404
    assert staff_client(w.outsider).get(url).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/tai-khoan/dang-nhap/")


def test_no_result_is_downloadable_before_the_dossier_is_done(w, submitted, an_client):
    d = dossier_accept_online(dossier=submitted, by=w.receiver, at=T0 + HOUR)

    assert an_client.get(f"/ho-so/{d.code}/ket-qua/1/").status_code == 404
    assert "Tải kết quả" not in an_client.get(f"/ho-so/{d.code}/").content.decode()


def test_a_counter_dossier_of_the_citizen_shows_what_to_bring_instead_of_an_upload_form(
    w, an_client, an
):
    """Matched to the account by its confirmed phone number, but not submitted online."""
    from motcua.dossiers.tests.factories import SupplementRequestedDossierFactory

    d = SupplementRequestedDossierFactory.create()
    assert d.applicant.phone == an.citizen_account.phone

    page = an_client.get(f"/ho-so/{d.code}/").content.decode()
    refused = an_client.post(f"/ho-so/{d.code}/bo-sung/", {"item_0": pdf()})

    assert "Bản sao giấy khai sinh" in page
    assert "vui lòng mang đến" in page
    assert "Gửi bổ sung" not in page
    assert refused.status_code == 403
    assert "Chỉ tài khoản đã nộp hồ sơ này trực tuyến" in refused.content.decode()


def test_the_citizen_gets_the_copy_signed_by_the_agency_when_there_is_one(
    w, submitted, an_client, settings, tmp_path
):
    from motcua.core.pdf import render_html_pdf
    from motcua.documents import pki
    from motcua.documents.hooks import publish_results

    settings.MOTCUA_PKI_DIR = tmp_path / "pki"
    pki.unit_issue(code=w.agency.code, name=w.agency.name, at=T0)
    original = render_html_pdf("<!doctype html><meta charset=utf-8><h1>PHIẾU LÝ LỊCH TƯ PHÁP</h1>")
    d = _done_with_result(w, submitted, content=original)
    assert publish_results(dossier_id=d.pk, by=w.head, at=T0 + 6 * HOUR) == 1
    result = d.results.get()

    page = an_client.get(f"/ho-so/{d.code}/").content.decode()
    response = an_client.get(f"/ho-so/{d.code}/ket-qua/{result.pk}/")

    assert "có chữ ký số của Sở Tư pháp" in page
    signed = b"".join(response.streaming_content)
    assert signed.startswith(b"%PDF") and b"/ByteRange" in signed
    assert signed != original
    assert f'filename="ket-qua-{d.code}.pdf"' in response["Content-Disposition"]
