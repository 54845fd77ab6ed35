"""Staff pages of the dossier lifecycle and the citizen's look-up, through Django's test client."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier, DossierEvent, Status
from motcua.dossiers.public_views import NOT_FOUND
from motcua.dossiers.tests.factories import (
    APPLICANT,
    T0,
    DoneDossierFactory,
    ProcessingDossierFactory,
    ReceivedDossierFactory,
    SubmittedDossierFactory,
    World,
    vn,
)

pytestmark = pytest.mark.django_db

# A working Monday morning in Vietnam; pages read the clock, so the tests fix it.
NOW = vn(2026, 3, 2, 10, 0)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def mandatory(version: ProcedureVersion) -> list[Any]:
    return [d for d in version.documents_for(None) if d.mandatory]


def reception_data(
    w: World, *, key: str = "tok-1", ticked: list[Any] | None = None, **overrides: str
) -> dict[str, str]:
    data = {
        "token": key,
        "receiving_unit": w.desk.code,
        "channel": "counter",
        "procedure": w.version.procedure.national_code,
        "case": "",
        "kind": "individual",
        "full_name": APPLICANT.full_name,
        "citizen_id": APPLICANT.citizen_id,
        "date_of_birth": "17/05/1990",
        "address": APPLICANT.address,
        "phone": APPLICANT.phone,
        "email": APPLICANT.email,
        "sets_count": "1",
        "outcome": "receive",
    }
    for doc in mandatory(w.version) if ticked is None else ticked:
        data[f"doc_{doc.pk}"] = "on"
        data[f"doc_{doc.pk}_originals"] = str(doc.originals)
        data[f"doc_{doc.pk}_copies"] = str(doc.copies)
    data.update(overrides)
    return data


# --- Access ----------------------------------------------------------------------------------------


def test_staff_pages_send_anonymous_visitors_to_the_login_page(w: World) -> None:
    d = ReceivedDossierFactory.create(world=w)
    for url in (
        reverse("dossiers:inbox"),
        reverse("dossiers:receive"),
        reverse("dossiers:book"),
        reverse("dossiers:detail", args=[d.code]),
        reverse("dossiers:slip", args=[d.code, "receipt"]),
    ):
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


def test_a_staff_member_outside_the_dossiers_units_gets_404(w: World, clock: Any) -> None:
    d = ReceivedDossierFactory.create(world=w, at=T0)
    outsider = client_for(w.outsider)

    assert outsider.get(reverse("dossiers:detail", args=[d.code])).status_code == 404
    assert outsider.get(reverse("dossiers:slip", args=[d.code, "receipt"])).status_code == 404
    response = outsider.post(
        reverse("dossiers:act", args=[d.code, "transfer"]), {"version": d.version}
    )
    assert response.status_code == 404
    d.refresh_from_db()
    assert d.status == Status.RECEIVED


def test_a_staff_member_of_a_unit_on_the_dossiers_path_sees_its_page(w: World, clock: Any) -> None:
    d = ProcessingDossierFactory.create(world=w, at=T0)

    response = client_for(w.head).get(reverse("dossiers:detail", args=[d.code]))

    assert response.status_code == 200
    assert d.code in response.content.decode()


# --- Reception -------------------------------------------------------------------------------------


def test_the_reception_refuses_missing_mandatory_documents_and_keeps_what_was_typed(
    w: World, clock: Any
) -> None:
    docs = mandatory(w.version)
    assert len(docs) >= 2
    data = reception_data(w, ticked=docs[:1], address="Số 5 Đường Yersin, Phú Cường")

    response = client_for(w.receiver).post(reverse("dossiers:receive"), data)

    assert response.status_code == 422
    html = response.content.decode()
    assert "thiếu 1 thành phần bắt buộc" in html.lower()
    assert docs[1].name in html
    assert "Thiếu giấy tờ bắt buộc này." in html
    # The missing document's checkbox carries the error (screen readers announce it).
    assert f'id="id_doc_{docs[1].pk}_error"' in html
    # Nothing typed is lost.
    assert 'value="Nguyễn Văn An"' in html
    assert 'value="074090001234"' in html
    assert 'value="Số 5 Đường Yersin, Phú Cường"' in html
    assert 'value="17/05/1990"' in html
    assert f'name="doc_{docs[0].pk}" id="id_doc_{docs[0].pk}" checked' in html
    assert not Dossier.objects.exists()


def test_the_reception_form_checks_the_citizen_id_format_beside_the_field(
    w: World, clock: Any
) -> None:
    response = client_for(w.receiver).post(
        reverse("dossiers:receive"), reception_data(w, citizen_id="12345")
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_citizen_id_error"' in html
    assert "phải gồm đúng 12 chữ số" in html
    assert not Dossier.objects.exists()


def test_receiving_through_the_page_creates_one_dossier_and_shows_its_code(
    w: World, clock: Any
) -> None:
    client = client_for(w.receiver)

    response = client.post(reverse("dossiers:receive"), reception_data(w))

    assert response.status_code == 302
    d = Dossier.objects.get()
    assert d.status == Status.RECEIVED
    assert d.code.startswith(f"{w.desk.code}-260302-")
    assert response["Location"].startswith(reverse("dossiers:detail", args=[d.code]))
    page = client.get(response["Location"]).content.decode()
    assert d.code in page
    assert "Đã tiếp nhận hồ sơ" in page
    receipt_url = reverse("dossiers:slip", args=[d.code, "receipt"])
    assert receipt_url in page
    receipt = client.get(receipt_url)
    assert receipt.status_code == 200
    assert receipt["Content-Type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF")


def test_a_double_submit_of_the_same_form_creates_one_dossier(w: World, clock: Any) -> None:
    client = client_for(w.receiver)
    data = reception_data(w, key="same-token")

    first = client.post(reverse("dossiers:receive"), data)
    second = client.post(reverse("dossiers:receive"), data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Dossier.objects.count() == 1
    assert DossierEvent.objects.filter(action="dossier.received").count() == 1


def test_a_new_form_token_receives_a_second_dossier(w: World, clock: Any) -> None:
    client = client_for(w.receiver)

    client.post(reverse("dossiers:receive"), reception_data(w, key="a"))
    client.post(reverse("dossiers:receive"), reception_data(w, key="b"))

    assert Dossier.objects.count() == 2


def test_asking_to_supplement_at_the_desk_lists_every_unticked_mandatory_document(
    w: World, clock: Any
) -> None:
    docs = mandatory(w.version)
    data = reception_data(w, ticked=[], outcome="supplement", extra_items="Ảnh 4x6")

    response = client_for(w.receiver).post(reverse("dossiers:receive"), data)

    assert response.status_code == 302
    d = Dossier.objects.get()
    assert d.status == Status.SUPPLEMENT_REQUESTED
    items = [i["name"] for i in d.supplements.get().items]
    assert items == [doc.name for doc in docs] + ["Ảnh 4x6"]


def test_refusing_at_the_desk_needs_a_reason(w: World, clock: Any) -> None:
    client = client_for(w.receiver)

    empty = client.post(reverse("dossiers:receive"), reception_data(w, outcome="refuse"))
    assert empty.status_code == 422
    assert "Chưa nhập lý do từ chối tiếp nhận." in empty.content.decode()

    done = client.post(
        reverse("dossiers:receive"),
        reception_data(w, outcome="refuse", refuse_reasons="Không thuộc thẩm quyền"),
    )
    assert done.status_code == 302
    assert Dossier.objects.get().status == Status.NOT_RECEIVED


def test_the_procedure_search_ignores_diacritics(w: World, clock: Any) -> None:
    client = client_for(w.receiver)

    response = client.get(reverse("dossiers:procedure_results"), {"q": "ly lich tu phap"})

    html = response.content.decode()
    assert w.version.procedure.national_code in html
    assert f'name="pick" value="{w.version.procedure.national_code}"' in html


def test_picking_a_procedure_shows_its_checklist_and_keeps_the_applicant(
    w: World, clock: Any
) -> None:
    data = reception_data(
        w, ticked=[], procedure="", outcome="", pick=w.version.procedure.national_code
    )

    response = client_for(w.receiver).post(reverse("dossiers:receive"), data)

    assert response.status_code == 200
    html = response.content.decode()
    for doc in mandatory(w.version):
        assert doc.name in html
    assert 'value="Nguyễn Văn An"' in html
    assert not Dossier.objects.exists()


def test_online_dossiers_waiting_for_the_desk_are_listed_and_can_be_accepted(
    w: World, clock: Any
) -> None:
    d = SubmittedDossierFactory.create(world=w, at=T0 - dt.timedelta(hours=1))
    client = client_for(w.receiver)

    page = client.get(reverse("dossiers:receive")).content.decode()
    assert d.code in page

    response = client.post(reverse("dossiers:act", args=[d.code, "accept"]), {"version": d.version})
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.status == Status.RECEIVED


# --- Inbox -----------------------------------------------------------------------------------------


def test_the_specialists_inbox_shows_the_dossier_handed_to_their_unit(w: World, clock: Any) -> None:
    d = ProcessingDossierFactory.create(world=w, at=T0 - dt.timedelta(hours=3), claimed=False)
    client = client_for(w.specialist)

    todo = client.get(reverse("dossiers:inbox")).content.decode()
    assert d.code in todo
    assert "Nhận xử lý" in todo

    claim = client.post(reverse("dossiers:act", args=[d.code, "claim"]), {"version": d.version})
    assert claim.status_code == 302
    d.refresh_from_db()
    assert d.current_assignee == w.specialist


def test_the_all_tab_filters_by_status(w: World, clock: Any) -> None:
    received = ReceivedDossierFactory.create(world=w, at=T0 - dt.timedelta(hours=1))
    submitted = SubmittedDossierFactory.create(world=w, at=T0 - dt.timedelta(hours=1))
    client = client_for(w.receiver)

    html = client.get(
        reverse("dossiers:inbox"), {"box": "all", "status": "received"}
    ).content.decode()

    assert received.code in html
    assert submitted.code not in html


# --- The dossier page and its actions ----------------------------------------------------------


def test_a_stale_version_gets_a_409_asking_to_reload(w: World, clock: Any) -> None:
    d = ProcessingDossierFactory.create(world=w, at=T0 - dt.timedelta(hours=3))
    client = client_for(w.specialist)

    response = client.post(
        reverse("dossiers:act", args=[d.code, "transfer"]),
        {"version": d.version - 1, "note": "Đã thẩm định"},
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Vui lòng tải lại hồ sơ" in html
    assert "Đã thẩm định" in html  # what was typed is still in the form
    d.refresh_from_db()
    assert d.current_step is not None and d.current_step.role == "specialist"


def test_a_transfer_with_the_current_version_hands_the_dossier_on(w: World, clock: Any) -> None:
    d = ProcessingDossierFactory.create(world=w, at=T0 - dt.timedelta(hours=3))
    client = client_for(w.specialist)

    response = client.post(
        reverse("dossiers:act", args=[d.code, "transfer"]),
        {"version": d.version, "note": "Đủ điều kiện"},
    )

    assert response.status_code == 302
    d.refresh_from_db()
    assert d.current_step is not None and d.current_step.role == "unit_head"
    page = client.get(response["Location"]).content.decode()
    assert "Đã chuyển hồ sơ sang bước tiếp theo." in page
    assert "Đủ điều kiện" in page  # the hand-over's note on the control slip


def test_a_wrong_state_action_gets_409_with_the_reason(w: World, clock: Any) -> None:
    d = DoneDossierFactory.create(world=w, at=T0 - dt.timedelta(days=1))
    client = client_for(w.receiver)

    response = client.post(
        reverse("dossiers:act", args=[d.code, "transfer"]), {"version": d.version}
    )

    assert response.status_code == 409
    assert "Không thể thực hiện" in response.content.decode()


def test_an_action_without_its_required_field_is_refused_beside_the_field(
    w: World, clock: Any
) -> None:
    d = ProcessingDossierFactory.create(world=w, at=T0 - dt.timedelta(hours=3))

    response = client_for(w.specialist).post(
        reverse("dossiers:act", args=[d.code, "request-supplement"]), {"version": d.version}
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_items_error"' in html
    assert "Phải liệt kê các nội dung cần bổ sung." in html


def test_the_dossier_page_offers_only_the_actions_of_the_user(w: World, clock: Any) -> None:
    d = ProcessingDossierFactory.create(world=w, at=T0 - dt.timedelta(hours=3))

    specialist = client_for(w.specialist).get(reverse("dossiers:detail", args=[d.code]))
    leader = client_for(w.leader).get(reverse("dossiers:detail", args=[d.code]))

    transfer_url = reverse("dossiers:act", args=[d.code, "transfer"])
    assert transfer_url in specialist.content.decode()
    assert (
        reverse("dossiers:act", args=[d.code, "request_supplement"]) in specialist.content.decode()
    )
    # The agency leader sees the dossier but the step belongs to the specialists' unit;
    # as a leader above that unit they may act on it and assign it.
    assert reverse("dossiers:act", args=[d.code, "assign"]) in leader.content.decode()
    receiver_page = client_for(w.receiver).get(reverse("dossiers:detail", args=[d.code]))
    assert transfer_url not in receiver_page.content.decode()


def test_returning_at_the_counter_checks_the_collectors_id(w: World, clock: Any) -> None:
    d = DoneDossierFactory.create(world=w, at=T0 - dt.timedelta(days=1))
    client = client_for(w.receiver)
    url = reverse("dossiers:act", args=[d.code, "return"])

    wrong = client.post(
        url, {"version": d.version, "how": "counter", "collector_id": "079201000001"}
    )
    assert wrong.status_code == 422
    assert "giấy ủy quyền" in wrong.content.decode()

    right = client.post(
        url, {"version": d.version, "how": "counter", "collector_id": APPLICANT.citizen_id}
    )
    assert right.status_code == 302
    d.refresh_from_db()
    assert d.status == Status.RETURNED
    assert d.collector_name == APPLICANT.full_name


def test_the_control_slip_pdf_is_served_to_staff(w: World, clock: Any) -> None:
    d = DoneDossierFactory.create(world=w, at=T0 - dt.timedelta(days=1))

    response = client_for(w.receiver).get(reverse("dossiers:slip", args=[d.code, "control"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_a_slip_the_dossier_does_not_have_yet_is_a_clear_409(w: World, clock: Any) -> None:
    d = ReceivedDossierFactory.create(world=w, at=T0)

    response = client_for(w.receiver).get(reverse("dossiers:slip", args=[d.code, "apology"]))

    assert response.status_code == 409
    assert "Hồ sơ chưa có phiếu xin lỗi" in response.content.decode()


# --- Tracking book ---------------------------------------------------------------------------------


def test_the_tracking_book_lists_the_desks_dossiers_with_pdf_and_excel(
    w: World, clock: Any
) -> None:
    d = ReceivedDossierFactory.create(world=w, at=T0)
    client = client_for(w.receiver)
    params = {"unit": w.desk.code, "year": "2026"}

    page = client.get(reverse("dossiers:book"), params)
    assert page.status_code == 200
    assert d.code in page.content.decode()

    pdf = client.get(reverse("dossiers:book"), {**params, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    xlsx = client.get(reverse("dossiers:book"), {**params, "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx.content[:2] == b"PK"


# --- Public look-up --------------------------------------------------------------------------------


def test_the_lookup_shows_the_status_with_masked_personal_data(w: World, clock: Any) -> None:
    d = ReceivedDossierFactory.create(world=w, at=T0)

    response = Client().get("/tra-cuu/", {"code": d.code, "secret": d.secret})

    assert response.status_code == 200
    html = response.content.decode()
    assert d.code in html
    assert "Hồ sơ đã được tiếp nhận." in html
    assert "Nguyễn V*** A" in html
    assert APPLICANT.full_name not in html
    assert APPLICANT.citizen_id not in html
    assert APPLICANT.phone not in html
    assert response["Cache-Control"] == "no-store"


def test_the_lookup_accepts_the_receipts_qr_parameters(w: World, clock: Any) -> None:
    d = ReceivedDossierFactory.create(world=w, at=T0)

    response = Client().get("/tra-cuu/", {"ma": d.code, "mk": d.secret})

    assert response.status_code == 200
    assert "Hồ sơ đã được tiếp nhận." in response.content.decode()


def test_a_wrong_secret_and_a_wrong_code_get_the_same_not_found(w: World, clock: Any) -> None:
    d = ReceivedDossierFactory.create(world=w, at=T0)
    client = Client()

    wrong_secret = client.get("/tra-cuu/", {"code": d.code, "secret": "WRONG1"})
    wrong_code = client.get("/tra-cuu/", {"code": d.code + "9", "secret": d.secret})

    assert wrong_secret.status_code == wrong_code.status_code == 404
    for response in (wrong_secret, wrong_code):
        html = response.content.decode()
        assert str(NOT_FOUND) in html
        assert APPLICANT.full_name not in html
        assert "Nguyễn V*** A" not in html


def test_too_many_wrong_lookups_are_refused_for_a_while(w: World, clock: Any) -> None:
    d = ReceivedDossierFactory.create(world=w, at=T0)
    client = Client()
    for _ in range(10):
        client.get("/tra-cuu/", {"code": d.code, "secret": "WRONG1"})

    response = client.get("/tra-cuu/", {"code": d.code, "secret": d.secret})

    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()


def post_action(client: Client, d: Dossier, action: str, **data: Any) -> Any:
    d.refresh_from_db()
    return client.post(
        reverse("dossiers:act", args=[d.code, action]), {"version": d.version, **data}
    )


def test_every_processing_action_works_from_the_page(w: World, clock: Any) -> None:
    d = ProcessingDossierFactory.create(world=w, at=T0 - dt.timedelta(hours=3))
    specialist = client_for(w.specialist)

    # Ask Phòng PC06 of Công an tỉnh for an opinion; its specialist answers from the page.
    r = post_action(
        specialist, d, "consult", unit=w.police_unit.code, question="Có án tích không?", days="2"
    )
    assert r.status_code == 302
    police = client_for(w.police_specialist)
    page = police.get(reverse("dossiers:detail", args=[d.code])).content.decode()
    assert "Trả lời xin ý kiến" in page
    consult = d.steps.get(kind="consult")
    r = post_action(police, d, "consult_answer", consult_id=str(consult.pk), opinion="Không có")
    assert r.status_code == 302
    consult.refresh_from_db()
    assert consult.finished_at is not None

    r = post_action(
        specialist,
        d,
        "field_check",
        checked_at="02/03/2026 09:30",
        place="Số 5 Yersin",
        participants="Ngô Thị Thanh Hương\nĐại diện UBND phường",
    )
    assert r.status_code == 302
    assert d.steps.filter(kind="field_check").exists()

    assert (
        post_action(
            specialist, d, "request_obligation", reason="Nộp phí", amount="200000"
        ).status_code
        == 302
    )
    d.refresh_from_db()
    assert d.status == Status.AWAITING_OBLIGATION
    assert post_action(specialist, d, "obligation_paid", reference="BL 0001").status_code == 302
    d.refresh_from_db()
    assert d.status == Status.PROCESSING

    old_due = d.due_at
    r = post_action(
        specialist, d, "apologize", reason="Chờ xác minh", new_due_at="20/03/2026 16:00"
    )
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.due_at == vn(2026, 3, 20, 16, 0) and d.original_due_at != d.due_at != old_due
    assert (
        client_for(w.receiver).get(reverse("dossiers:slip", args=[d.code, "apology"])).status_code
        == 200
    )

    r = post_action(specialist, d, "send_back", to_order="1", reason="Thiếu bản scan")
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.current_step is not None and d.current_step.role == "receiving"

    receiver = client_for(w.receiver)
    assert (
        post_action(receiver, d, "request_withdrawal", reason="Không còn nhu cầu").status_code
        == 302
    )
    assert post_action(receiver, d, "stop").status_code == 302
    d.refresh_from_db()
    assert d.status == Status.STOPPED
    assert receiver.get(reverse("dossiers:slip", args=[d.code, "stop"])).status_code == 200


def test_a_refusal_after_appraisal_becomes_the_result(w: World, clock: Any) -> None:
    d = ProcessingDossierFactory.create(world=w, at=T0 - dt.timedelta(hours=3))

    r = post_action(
        client_for(w.specialist), d, "refuse", reasons="Không đủ điều kiện\nHồ sơ giả mạo"
    )

    assert r.status_code == 302
    d.refresh_from_db()
    assert d.status == Status.DONE and d.result_kind == "refused"


def test_an_apology_date_in_the_wrong_format_is_refused_beside_the_field(
    w: World, clock: Any
) -> None:
    d = ProcessingDossierFactory.create(world=w, at=T0 - dt.timedelta(hours=3))

    r = post_action(
        client_for(w.specialist), d, "apologize", reason="Chậm", new_due_at="32/03/2026 16:00"
    )

    assert r.status_code == 422
    assert 'id="id_new_due_at_error"' in r.content.decode()
    d.refresh_from_db()
    assert d.apology_count == 0


def test_a_same_day_procedure_can_be_solved_and_returned_at_the_counter(
    w: World, clock: Any
) -> None:
    from motcua.catalog.tests.factories import make_version

    version = make_version(
        national_code="1.000777",
        time_limit={"value": 0, "unit": "same_day"},
        cases=[],
        documents=[
            {
                "name": "Tờ khai",
                "originals": 1,
                "copies": 0,
                "mandatory": True,
                "reusable": False,
                "case": None,
                "form": None,
            }
        ],
        process=[
            {
                "role": "receiving",
                "agency": None,
                "unit": None,
                "budget_hours": 1,
                "description": "Tiếp nhận, giải quyết",
                "case": None,
            }
        ],
    )
    docs = [x for x in version.documents_for(None) if x.mandatory]
    client = client_for(w.receiver)
    data = reception_data(w, ticked=docs, procedure="1.000777", outcome="same_day")

    page = client.get(reverse("dossiers:receive"), {"procedure": "1.000777"}).content.decode()
    assert "Giải quyết và trả ngay" in page
    r = client.post(reverse("dossiers:receive"), data)

    assert r.status_code == 302
    d = Dossier.objects.get()
    assert d.status == Status.RETURNED
