"""The catalogue API: schemas in OpenAPI, public reads, token-protected writes."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import Membership, Role, User
from motcua.accounts.tokens import token_issue
from motcua.catalog.api import (
    AbolishedOut,
    FieldOut,
    ImportSummaryOut,
    ProcedureDetail,
    ProcedureList,
)
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.tests.factories import ensure_units, make_version, procedure_dict, unit

pytestmark = pytest.mark.django_db

DECISION = {
    "number": "900/QĐ-UBND",
    "date": "2025-01-02",
    "issuer": "Chủ tịch UBND tỉnh Bình Dương",
    "effective_date": "2025-01-15",
}


def _token(role: str | None) -> str:
    user = User.objects.create_user(username=f"u-{role}", password="mat-khau-dai-1234")
    if role:
        Membership.objects.create(
            user=user, unit=unit("000.00.10.H09"), role=role, valid_from=dt.date(2020, 1, 1)
        )
    _, raw = token_issue(user=user, name="test")
    return raw


def _auth(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def _post(client: Client, path: str, body: Any, token: str | None) -> Any:
    headers = _auth(token) if token else {}
    return client.post(
        path, data=json.dumps(body), content_type="application/json", headers=headers
    )


def test_openapi_lists_every_catalogue_path(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    for path in [
        "/api/v1/procedures",
        "/api/v1/procedures/{code}",
        "/api/v1/fields",
        "/api/v1/procedures/{code}/amend",
        "/api/v1/procedures/{code}/abolish",
        "/api/v1/catalog/import",
        "/api/v1/catalog/import/{job_id}",
    ]:
        assert path in paths
    assert "post" in paths["/api/v1/procedures"] and "get" in paths["/api/v1/procedures"]
    assert paths["/api/v1/procedures/{code}/amend"]["post"]["security"]


def test_the_search_response_follows_its_schema(client: Client) -> None:
    make_version(
        national_code="1.001193",
        name="Đăng ký khai sinh",
        level="commune",
        implementing_agency=None,
    )

    response = client.get("/api/v1/procedures", {"q": "dang ky khai sinh", "online": "full"})

    assert response.status_code == 200
    body = ProcedureList.model_validate(response.json())
    assert body.count == 1
    item = response.json()["items"][0]
    assert item["code"] == "1.001193"
    assert item["time_limit"] == {"value": 5, "unit": "working_days", "text": "5 ngày làm việc"}
    assert item["agency"] is None and item["online"] == "full"


def test_a_bad_search_filter_is_a_422_naming_the_field(client: Client) -> None:
    response = client.get("/api/v1/procedures", {"level": "planet", "page": "0"})

    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"level", "page"} <= fields


def test_the_detail_returns_every_published_part(client: Client) -> None:
    version = make_version(national_code="1.000501")

    response = client.get("/api/v1/procedures/1.000501")

    assert response.status_code == 200
    body = ProcedureDetail.model_validate(response.json())
    assert [s.role for s in body.process] == ["receiving", "specialist", "unit_head", "returning"]
    assert body.fees[0].exemptions[1].legal_ground == "Thông tư 244/2016/TT-BTC"
    assert body.documents[2].case == "TH1"
    # The ids a reception names (required_document_id), in the catalogue's order.
    assert [d.id for d in body.documents] == [d.pk for d in version.documents.all()]
    assert body.forms[0].filename == "to-khai-lltp.docx"
    assert body.legal_basis[0].date == dt.date(2009, 6, 17)


def test_the_detail_on_a_date_gives_the_version_in_force_then(client: Client) -> None:
    make_version(national_code="1.000502")

    assert client.get("/api/v1/procedures/1.000502", {"on": "2024-12-10"}).json()["version_no"] == 1
    before = client.get("/api/v1/procedures/1.000502", {"on": "2024-01-01"})
    assert before.status_code == 404
    assert "không có phiên bản có hiệu lực vào ngày 01/01/2024" in before.json()["detail"]


def test_an_unknown_procedure_is_404(client: Client) -> None:
    response = client.get("/api/v1/procedures/9.999999")

    assert response.status_code == 404
    assert response.json()["detail"] == "Không có thủ tục mã 9.999999 trong danh mục."


def test_fields_list_their_current_procedure_counts(client: Client) -> None:
    make_version(national_code="1.000503")

    body = client.get("/api/v1/fields").json()

    assert [FieldOut.model_validate(f).procedure_count for f in body] == [1]


def test_writes_need_a_token(client: Client) -> None:
    response = _post(
        client, "/api/v1/procedures", {"decision": DECISION, "procedure": procedure_dict()}, None
    )

    assert response.status_code == 401


def test_writes_need_the_control_officer_or_admin_role(client: Client) -> None:
    ensure_units()
    token = _token(Role.RECEIVING_OFFICER)

    response = _post(
        client, "/api/v1/procedures", {"decision": DECISION, "procedure": procedure_dict()}, token
    )

    assert response.status_code == 403
    assert Procedure.objects.count() == 0


def test_a_control_officer_publishes_amends_and_abolishes(client: Client) -> None:
    ensure_units()
    make_version(national_code="1.000000")  # the field and units exist
    token = _token(Role.CONTROL_OFFICER)
    body = procedure_dict(national_code="1.000601")
    body.pop("effective_from")
    body.pop("decision")

    published = _post(
        client, "/api/v1/procedures", {"decision": DECISION, "procedure": body}, token
    )
    assert published.status_code == 201, published.json()
    assert ProcedureDetail.model_validate(published.json()).effective_from == dt.date(2025, 1, 15)

    amend = {
        "decision": DECISION | {"number": "901/QĐ-UBND", "effective_date": "2025-02-01"},
        "changes": {"fees": [{"name": "Phí mới", "amount": 100000}]},
    }
    amended = _post(client, "/api/v1/procedures/1.000601/amend", amend, token)
    assert amended.status_code == 201, amended.json()
    assert amended.json()["version_no"] == 2
    assert [f["amount"] for f in amended.json()["fees"]] == [100000]
    assert len(amended.json()["documents"]) == 3

    again = _post(
        client, "/api/v1/procedures/1.000601/amend", amend | {"decision": DECISION}, token
    )
    assert again.status_code == 409

    abolish = {"decision": DECISION | {"number": "902/QĐ-UBND", "effective_date": "2025-06-01"}}
    abolished = _post(client, "/api/v1/procedures/1.000601/abolish", abolish, token)
    assert abolished.status_code == 200
    assert AbolishedOut.model_validate(abolished.json()).abolished_from == dt.date(2025, 6, 1)
    gone = client.get("/api/v1/procedures/1.000601", {"on": "2025-06-01"})
    assert gone.status_code == 404
    assert "bãi bỏ" in gone.json()["detail"]
    assert client.get("/api/v1/procedures/1.000601").json()["status"] == "abolished"


def test_a_publish_with_a_bad_part_is_a_422_with_the_field_path(client: Client) -> None:
    ensure_units()
    make_version(national_code="1.000000")
    token = _token(Role.SYSTEM_ADMIN)
    body = procedure_dict(national_code="1.000602", implementing_agency="000.99.99.H09")
    body["fees"][0]["amount"] = -1

    response = _post(client, "/api/v1/procedures", {"decision": DECISION, "procedure": body}, token)

    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"procedure.fees.0.amount"}

    body["fees"][0]["amount"] = 1
    response = _post(client, "/api/v1/procedures", {"decision": DECISION, "procedure": body}, token)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "procedure.implementing_agency"
    assert "000.99.99.H09" in response.json()["errors"][0]["message"]


def test_amending_an_unknown_procedure_is_404(client: Client) -> None:
    token = _token(Role.CONTROL_OFFICER)

    response = _post(
        client, "/api/v1/procedures/9.999999/amend", {"decision": DECISION, "changes": {}}, token
    )

    assert response.status_code == 404


def test_import_accepts_a_json_body_and_reports_errors_whole(client: Client) -> None:
    ensure_units()
    token = _token(Role.CONTROL_OFFICER)
    catalog: dict[str, Any] = {
        "format": "motcua.catalog/1",
        "fields": [{"code": "HCTP", "name": "Hành chính tư pháp"}],
        "procedures": [
            procedure_dict(national_code="1.000701"),
            procedure_dict(national_code="1.000702"),
        ],
    }
    catalog["procedures"][1]["channels"] = ["fax"]

    bad = _post(client, "/api/v1/catalog/import", catalog, token)
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "procedures[1].channels[0]"
    assert ProcedureVersion.objects.count() == 0

    catalog["procedures"][1]["channels"] = ["counter"]
    catalog["procedures"][1]["online_level"] = "none"
    good = _post(client, "/api/v1/catalog/import", catalog, token)
    assert good.status_code == 200, good.json()
    assert ImportSummaryOut.model_validate(good.json()).published == 2


def test_import_accepts_a_file_in_the_background_and_reports_progress(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    ensure_units()
    token = _token(Role.CONTROL_OFFICER)
    catalog: dict[str, Any] = {
        "format": "motcua.catalog/1",
        "fields": [{"code": "HCTP", "name": "Hành chính tư pháp"}],
        "procedures": [procedure_dict(national_code="1.000801")],
    }
    upload = io.BytesIO(json.dumps(catalog).encode())
    upload.name = "catalog.json"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/catalog/import?background=true", {"file": upload}, headers=_auth(token)
        )

    assert response.status_code == 202
    job = client.get(f"/api/v1/catalog/import/{response.json()['id']}", headers=_auth(token)).json()
    assert (job["status"], job["percent"]) == ("succeeded", 100)
