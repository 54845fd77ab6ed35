"""The JSON API: reception with idempotency keys, transitions with versions, scoping,
slips, tracking book, public look-up with masking and rate limit, bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from motcua.accounts.tokens import token_issue
from motcua.core.pdf import pdf_text
from motcua.dossiers.models import DataAccessLog, Dossier, IdempotencyRecord, LookupFailure
from motcua.dossiers.tests.factories import (
    T0,
    DoneDossierFactory,
    ProcessingDossierFactory,
    ReceivedDossierFactory,
    reception,
    vn,
)


class Api:
    def __init__(self, client, user=None):
        self.client = client
        self.headers: dict[str, str] = {}
        if user is not None:
            _, raw = token_issue(user=user, name="test")
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"

    def get(self, path: str, **params: Any):
        return self.client.get(f"/api/v1{path}", params, **self.headers)

    def post(self, path: str, body: Any, key: str | None = None):
        extra = dict(self.headers)
        if key:
            extra["HTTP_IDEMPOTENCY_KEY"] = key
        return self.client.post(f"/api/v1{path}", body, content_type="application/json", **extra)


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def _body(w, **overrides):
    body = {
        "procedure_code": "1.000001",
        "receiving_unit": w.desk.code,
        "applicant": {
            "full_name": "Nguyễn Văn An",
            "citizen_id": "074090001234",
            "phone": "0912345678",
            "address": "12 Lê Lợi, Phường Phú Cường, Bình Dương",
        },
        "documents": [
            {"required_document_id": d.required_document_id} for d in reception(w).documents
        ],
    }
    body.update(overrides)
    return body


def test_receiving_through_the_api_returns_the_dossier_and_its_secret(w, client, clock):
    r = Api(client, w.receiver).post("/dossiers", _body(w))
    assert r.status_code == 201, r.json()
    data = r.json()
    assert data["code"] == "000.02.01.H09-260302-0001"
    assert data["status"] == "received" and data["portal_status"] == 2
    assert data["due_at"] == "2026-03-09T02:00:00Z"
    assert len(data["secret"]) == 8
    assert [s["role"] for s in data["steps"]] == [
        "receiving",
        "specialist",
        "unit_head",
        "returning",
    ]
    assert "transfer" in data["allowed_actions"]


def test_the_desk_of_a_single_desk_officer_is_implied(w, client, clock):
    body = _body(w)
    del body["receiving_unit"]
    r = Api(client, w.branch_receiver).post("/dossiers", body)
    assert r.status_code == 201 and r.json()["code"].startswith("000.11.01.H09-")


def test_the_same_idempotency_key_returns_the_first_result_and_creates_one_dossier(
    w, client, clock
):
    api = Api(client, w.receiver)
    first = api.post("/dossiers", _body(w), key="abc-123")
    second = api.post("/dossiers", _body(w), key="abc-123")
    assert first.status_code == second.status_code == 201
    assert first.json()["code"] == second.json()["code"]
    assert Dossier.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1
    other = api.post("/dossiers", _body(w, sets_count=2), key="abc-123")
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "Idempotency-Key"
    assert Dossier.objects.count() == 1


def test_a_replayed_reception_gives_its_code_number_back(w, client, clock):
    # The retry runs again (the unique key, not a read first, catches it) and rolls back:
    # the number it drew under the desk's counter returns, the next dossier gets the next one.
    api = Api(client, w.receiver)
    first = api.post("/dossiers", _body(w), key="k-1")
    assert api.post("/dossiers", _body(w), key="k-1").json()["code"] == first.json()["code"]
    following = api.post("/dossiers", _body(w), key="k-2")
    assert following.status_code == 201
    assert following.json()["code"].endswith("-0002")
    assert first.json()["code"].endswith("-0001")
    assert Dossier.objects.count() == 2


def test_an_idempotent_transition_retry_returns_the_first_answer_instead_of_409(w, client, clock):
    d = ReceivedDossierFactory.create(world=w)
    api = Api(client, w.receiver)
    first = api.post(f"/dossiers/{d.code}/transfer", {"version": d.version}, key="t-1")
    retry = api.post(f"/dossiers/{d.code}/transfer", {"version": d.version}, key="t-1")
    assert first.status_code == retry.status_code == 200
    assert first.json() == retry.json()
    again_without_key = api.post(f"/dossiers/{d.code}/transfer", {"version": d.version})
    assert again_without_key.status_code == 409


def test_a_stale_version_gets_409_and_a_wrong_state_lists_the_allowed_actions(w, client, clock):
    d = ProcessingDossierFactory.create(world=w)
    api = Api(client, w.specialist)
    stale = api.post(f"/dossiers/{d.code}/transfer", {"version": d.version - 1})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == d.version
    wrong = api.post(f"/dossiers/{d.code}/return", {"version": d.version})
    assert wrong.status_code == 409
    assert "attach_result" in wrong.json()["allowed_actions"]


def test_staff_outside_the_dossiers_units_get_404(w, client, clock):
    d = ReceivedDossierFactory.create(world=w)
    outsider = Api(client, w.outsider)
    assert outsider.get(f"/dossiers/{d.code}").status_code == 404
    assert outsider.post(f"/dossiers/{d.code}/claim", {"version": d.version}).status_code == 404
    assert outsider.get("/dossiers").json()["total"] == 0
    # The agency that will handle it sees it already (its steps are planned there).
    assert Api(client, w.specialist).get(f"/dossiers/{d.code}").status_code == 200


def test_reading_a_dossier_is_logged(w, client, clock):
    d = ReceivedDossierFactory.create(world=w)
    Api(client, w.receiver).get(f"/dossiers/{d.code}")
    log = DataAccessLog.objects.get()
    assert (log.dossier_id, log.user_id, log.purpose) == (d.pk, w.receiver.pk, "api.detail")


def test_the_whole_story_through_the_api(w, client):
    receiver, specialist, head = (Api(client, u) for u in (w.receiver, w.specialist, w.head))
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        d = receiver.post("/dossiers", _body(w)).json()
    code = d["code"]
    with time_machine.travel(vn(2026, 3, 2, 10, 0), tick=False):
        d = receiver.post(f"/dossiers/{code}/transfer", {"version": d["version"]}).json()
    with time_machine.travel(vn(2026, 3, 2, 11, 0), tick=False):
        d = head.post(
            f"/dossiers/{code}/assign", {"version": d["version"], "assignee": "chuyenvien"}
        ).json()
        assert d["current_assignee"] == "Ngô Thị Thanh Hương"
    with time_machine.travel(vn(2026, 3, 3, 9, 0), tick=False):
        r = specialist.post(
            f"/dossiers/{code}/request-supplement",
            {"version": d["version"], "items": [{"name": "Bản sao hộ khẩu"}]},
        )
        assert r.status_code == 200, r.json()
        d = r.json()
    with time_machine.travel(vn(2026, 3, 5, 9, 0), tick=False):
        d = receiver.post(f"/dossiers/{code}/receive-supplement", {"version": d["version"]}).json()
        assert d["status"] == "processing" and d["due_at"] == "2026-03-12T02:00:00Z"
    with time_machine.travel(vn(2026, 3, 6, 9, 0), tick=False):
        d = specialist.post(f"/dossiers/{code}/transfer", {"version": d["version"]}).json()
        r = head.post(
            f"/dossiers/{code}/attach-result", {"version": d["version"], "number": "9/LLTP"}
        )
        assert r.status_code == 200, r.json()
        d = r.json()
        assert d["status"] == "done" and d["timeliness"] == "early"
    with time_machine.travel(vn(2026, 3, 9, 9, 0), tick=False):
        r = receiver.post(
            f"/dossiers/{code}/return", {"version": d["version"], "collector_id": "074090001234"}
        )
        assert r.status_code == 200, r.json()
        assert r.json()["status"] == "returned"
        timeline = receiver.get(f"/dossiers/{code}/timeline").json()
        assert [t["action"] for t in timeline] == [
            "dossier.received",
            "dossier.step.transferred",
            "dossier.step.assigned",
            "dossier.supplement.requested",
            "dossier.supplement.received",
            "dossier.step.transferred",
            "dossier.result.attached",
            "dossier.returned",
        ]
        citizen = receiver.get(f"/dossiers/{code}/timeline", audience="citizen").json()
        assert all(t["actor"] == "" for t in citizen)
        assert "dossier.step.assigned" not in [t["action"] for t in citizen]


@pytest.mark.parametrize("kind", ["receipt", "control"])
def test_slip_endpoints_return_pdfs_with_the_code(w, client, clock, kind):
    d = DoneDossierFactory.create(world=w)
    r = Api(client, w.receiver).get(f"/dossiers/{d.code}/slips/{kind}.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert d.code in pdf_text(r.content, layout=False).replace("\n", "")


def test_a_slip_that_does_not_exist_yet_is_a_409_and_an_unknown_kind_422(w, client, clock):
    d = ReceivedDossierFactory.create(world=w)
    api = Api(client, w.receiver)
    assert api.get(f"/dossiers/{d.code}/slips/apology.pdf").status_code == 409
    assert api.get(f"/dossiers/{d.code}/slips/nonsense.pdf").status_code == 422


def test_supplement_and_refusal_slips_at_the_counter(w, client, clock):
    api = Api(client, w.receiver)
    r = api.post(
        "/dossiers",
        _body(
            w,
            documents=[],
            outcome="supplement",
            missing_items=[{"name": "Tờ khai", "reason": "Chưa có"}],
        ),
    )
    assert r.status_code == 201 and r.json()["status"] == "supplement_requested"
    pdf = api.get(f"/dossiers/{r.json()['code']}/slips/supplement.pdf")
    assert "Tờ khai" in pdf_text(pdf.content)
    r = api.post(
        "/dossiers", _body(w, outcome="refuse", refusal_reasons=["Không thuộc thẩm quyền"])
    )
    assert r.status_code == 201 and r.json()["status"] == "not_received"
    pdf = api.get(f"/dossiers/{r.json()['code']}/slips/refusal.pdf")
    assert "Không thuộc thẩm quyền" in pdf_text(pdf.content)


def test_the_tracking_book_is_numbered_from_01_in_pdf_and_excel(w, client, clock):
    ReceivedDossierFactory.create(world=w)
    ReceivedDossierFactory.create(world=w, at=T0 + dt.timedelta(hours=1))
    api = Api(client, w.receiver)
    pdf = api.get(f"/units/{w.desk.code}/tracking-book.pdf", year=2026, field="HCTP")
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    assert "000.02.01.H09-260302-0001" in text and "000.02.01.H09-260302-0002" in text
    xlsx = api.get(f"/units/{w.desk.code}/tracking-book.xlsx", year=2026)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert Api(client, w.outsider).get(f"/units/{w.desk.code}/tracking-book.pdf").status_code == 404


def test_the_inbox_shows_the_step_to_the_handlers_of_its_unit_and_role(w, client, clock):
    d = ProcessingDossierFactory.create(world=w, claimed=False)
    assert [i["code"] for i in Api(client, w.specialist).get("/inbox").json()["items"]] == [d.code]
    assert Api(client, w.receiver).get("/inbox").json()["items"] == []
    assert Api(client, w.head).get("/inbox").json()["items"] == []
    assert Api(client, w.specialist).get("/inbox", box="nonsense").status_code == 422


def test_bad_input_is_a_422_naming_the_field_never_a_500(w, client, clock):
    api = Api(client, w.receiver)
    cases = [
        (_body(w, applicant={"full_name": "A", "citizen_id": "12"}), "applicant.citizen_id"),
        (_body(w, procedure_code="9.999999"), "procedure_code"),
        (_body(w, receiving_unit="nope"), "receiving_unit"),
        (
            _body(w, documents=[{"required_document_id": 999999}]),
            "documents.0.required_document_id",
        ),
        (
            _body(w, documents=[{"file": {"filename": "a.pdf", "content_base64": "!!"}}]),
            "documents.0.file",
        ),
        (_body(w, sets_count=0), "sets_count"),
        ({"applicant": {}}, "procedure_code"),
    ]
    for body, field in cases:
        r = api.post("/dossiers", body)
        assert r.status_code == 422, (field, r.json())
        assert field in [e["field"] for e in r.json().get("errors", [])], (field, r.json())
    assert api.post("/dossiers", "not json").status_code in (400, 422)
    assert Api(client).post("/dossiers", _body(w)).status_code == 401


def test_the_public_lookup_shows_status_timeline_and_masked_data(w, client, clock):
    d = ProcessingDossierFactory.create(world=w)
    r = Api(client).get(f"/lookup/{d.code}", secret=d.secret.lower())
    assert r.status_code == 200, r.json()
    data = r.json()
    assert data["status_text"] == "Hồ sơ đang được giải quyết."
    assert data["due_at"] == "2026-03-09T02:00:00Z" and data["overdue"] is False
    assert data["applicant"] == {
        "name": "Nguyễn V*** A",
        "id_number": "0740******34",
        "phone": "091*****78",
        "email": "a***@example.vn",
        "address": "***, Thủ Dầu Một, Bình Dương",
    }
    labels = [t["label"] for t in data["timeline"]]
    assert labels == ["Tiếp nhận hồ sơ", "Chuyển bước xử lý"]
    assert "chuyenvien" not in r.content.decode()


def test_a_wrong_secret_and_a_wrong_code_give_the_same_404(w, client, clock):
    d = ReceivedDossierFactory.create(world=w)
    wrong_secret = Api(client).get(f"/lookup/{d.code}", secret="AAAAAAAA")
    wrong_code = Api(client).get("/lookup/000.02.01.H09-260302-9999", secret=d.secret)
    assert wrong_secret.status_code == wrong_code.status_code == 404
    assert wrong_secret.json() == wrong_code.json()


def test_the_lookup_is_rate_limited_per_address(w, client, clock):
    d = ReceivedDossierFactory.create(world=w)
    for _ in range(10):
        assert Api(client).get(f"/lookup/{d.code}", secret="WRONG").status_code == 404
    r = Api(client).get(f"/lookup/{d.code}", secret=d.secret)
    assert r.status_code == 429
    assert "quá nhiều lần" in r.json()["detail"]
    clock.shift(dt.timedelta(minutes=11))
    assert Api(client).get(f"/lookup/{d.code}", secret=d.secret).status_code == 200
    assert LookupFailure.objects.count() == 10


def test_nul_characters_and_naive_datetimes_never_cause_a_500(w, client, clock):
    api = Api(client, w.receiver)
    r = api.post(
        "/dossiers",
        _body(w, applicant={"full_name": "Nguyễn\x00 Văn An", "citizen_id": "074090001234"}),
    )
    assert r.status_code == 201 and r.json()["applicant"] == "Nguyễn Văn An"
    code = r.json()["code"]
    assert api.get(f"/dossiers/{code}\x00").status_code == 200
    assert api.get("/dossiers", q="\x00", status="\x00").status_code == 200
    assert api.get(f"/dossiers/{code}/slips/rec\x00eipt.pdf").status_code == 200
    assert Api(client).get(f"/lookup/{code}\x00", secret="\x00").status_code == 404
    assert api.get(f"/units/{w.desk.code}\x00/tracking-book.xlsx").status_code == 200
    d = ProcessingDossierFactory.create(world=w)
    specialist = Api(client, w.specialist)
    clock.move_to(vn(2026, 3, 2, 15, 0))
    r = specialist.post(
        f"/dossiers/{d.code}/field-check",
        {
            "version": d.version,
            "checked_at": "2026-03-02T10:30:00",
            "place": "Phú Cường",
            "participants": ["A"],
        },
    )
    assert r.status_code == 200, r.json()
    check = next(s for s in r.json()["steps"] if s["kind"] == "field_check")
    assert check["finished_at"] == "2026-03-02T03:30:00Z"  # 10:30 in Vietnam
    huge = specialist.post(
        f"/dossiers/{d.code}/consult-answer", {"version": 1, "consult_id": 2**70, "opinion": "x"}
    )
    assert huge.status_code == 422


def test_the_inbox_reads_a_page_in_a_few_small_queries(w, django_assert_max_num_queries, clock):
    from motcua.dossiers.selectors import inbox

    for i in range(3):
        ProcessingDossierFactory.create(world=w, claimed=False, at=T0 + dt.timedelta(minutes=i))
    # Memberships, the unit tree, one ordered query per (unit, role) — Phòng HCTP, Sở Tư
    # pháp, the province — and per assignee, then the page by primary key.
    with django_assert_max_num_queries(7):
        page = inbox(w.specialist, "todo", 1, at=T0 + dt.timedelta(hours=5))
        assert [d.applicant.full_name for d in page.items] == ["Nguyễn Văn An"] * 3
    dues = [d.due_at for d in page.items]
    assert None not in dues and dues == sorted(d for d in dues if d is not None)


def test_inbox_pages_follow_each_other_without_gaps_or_repeats(w, clock):
    from motcua.dossiers import selectors

    made = [
        ProcessingDossierFactory.create(world=w, claimed=False, at=T0 + dt.timedelta(minutes=i))
        for i in range(5)
    ]
    mine = ProcessingDossierFactory.create(world=w, at=T0 + dt.timedelta(minutes=30))
    at = T0 + dt.timedelta(hours=5)
    old_size, selectors.PAGE_SIZE = selectors.PAGE_SIZE, 2
    try:
        pages = [selectors.inbox(w.specialist, "todo", p, at=at) for p in (1, 2, 3)]
    finally:
        selectors.PAGE_SIZE = old_size
    codes = [d.code for page in pages for d in page.items]
    assert codes == [d.code for d in sorted([*made, mine], key=lambda d: (d.due_at, d.pk))]
    assert [p.has_next for p in pages] == [True, True, False]
    assert selectors.inbox_counts(w.specialist, at=at)["todo"] == 6
    # The dossier claimed by one specialist is not in a colleague's to-do list.
    assert mine.code not in [d.code for d in selectors.inbox(w.specialist2, "todo", 1, at=at).items]


def _queries(client, api: Api, path: str, **params: Any) -> tuple[int, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        r = api.get(path, **params)
    assert r.status_code == 200, r.json()
    return len(ctx.captured_queries), r.json()


def test_the_inbox_endpoint_reads_a_page_in_the_same_few_queries_whatever_its_length(
    w, client, clock, django_assert_max_num_queries
):
    api = Api(client, w.specialist)
    ProcessingDossierFactory.create(world=w, claimed=False, at=T0)
    one, _ = _queries(client, api, "/inbox")
    for i in range(1, 6):  # claimed and unclaimed: the assignee's name is shown
        ProcessingDossierFactory.create(
            world=w, claimed=bool(i % 2), at=T0 + dt.timedelta(minutes=i)
        )
    with django_assert_max_num_queries(one):
        six = api.get("/inbox").json()
    assert len(six["items"]) == 6
    assert {i["procedure"]["code"] for i in six["items"]} == {"1.000001"}
    assert {i["receiving_unit"]["code"] for i in six["items"]} == {w.desk.code}
    assert (
        sorted(i["current_assignee"] for i in six["items"])
        == [""] * 3 + ["Ngô Thị Thanh Hương"] * 3
    )
    # Token, memberships, unit tree, a few ordered index reads, the page.
    assert one <= 12


def test_the_dossier_list_endpoint_reads_a_page_in_the_same_few_queries_whatever_its_length(
    w, client, clock, django_assert_max_num_queries
):
    api = Api(client, w.specialist)
    ProcessingDossierFactory.create(world=w, at=T0)
    one, _ = _queries(client, api, "/dossiers", status="processing")
    for i in range(1, 6):
        ProcessingDossierFactory.create(
            world=w, claimed=bool(i % 2), at=T0 + dt.timedelta(minutes=i)
        )
    with django_assert_max_num_queries(one):
        six = api.get("/dossiers", status="processing").json()
    assert six["total"] == 6 and len(six["items"]) == 6
    assert {i["procedure"]["code"] for i in six["items"]} == {"1.000001"}
    assert "Ngô Thị Thanh Hương" in {i["current_assignee"] for i in six["items"]}
    # Token, visibility (memberships, units), the capped count, the page.
    assert one <= 10


def test_the_list_total_is_exact_below_the_cap_and_counted_newest_first_up_to_it(
    w, client, clock, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.dossiers import selectors

    made = [
        ReceivedDossierFactory.create(world=w, at=T0 + dt.timedelta(minutes=i)) for i in range(4)
    ]
    api = Api(client, w.receiver)
    assert api.get("/dossiers").json()["total"] == 4
    monkeypatch.setattr(selectors, "LIST_COUNT_CAP", 3)
    with CaptureQueriesContext(connection) as ctx:
        data = api.get("/dossiers").json()
    assert data["total"] == 3  # "at least 3"
    assert [i["code"] for i in data["items"]] == [d.code for d in reversed(made)]
    # The capped count reads the newest rows first, as the page does, not from the oldest id.
    (count_sql,) = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert 'ORDER BY "dossiers_dossier"."id" DESC' in count_sql
    assert "LIMIT 3" in count_sql
