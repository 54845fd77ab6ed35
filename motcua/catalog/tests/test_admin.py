"""The admin writes the catalogue through the services."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.catalog.models import Procedure, ProcedureVersion, PublicationDecision
from motcua.catalog.tests.factories import FieldFactory, ensure_units, make_version, procedure_dict

pytestmark = pytest.mark.django_db

DECISION = {
    "decision_number": "31/QĐ-UBND",
    "decision_date": "2025-01-02",
    "decision_issuer": "Chủ tịch UBND tỉnh Bình Dương",
    "decision_effective_date": "2025-01-15",
}


@pytest.fixture
def admin_client_su(client: Client) -> Client:
    user = User.objects.create_superuser("root", "root@example.org", "mat-khau-rat-dai-1")
    client.force_login(user)
    return client


def test_every_catalogue_admin_page_opens(admin_client_su: Client) -> None:
    version = make_version(national_code="1.001001")
    pages = [
        "/admin/catalog/field/",
        "/admin/catalog/procedure/",
        "/admin/catalog/procedure/add/",
        f"/admin/catalog/procedure/{version.procedure_id}/change/",
        "/admin/catalog/procedureversion/",
        f"/admin/catalog/procedureversion/{version.pk}/change/",
        "/admin/catalog/publicationdecision/",
        "/admin/catalog/publicationdecision/add/",
        "/admin/catalog/importjob/",
    ]

    for page in pages:
        assert admin_client_su.get(page).status_code == 200, page


def test_adding_a_procedure_in_the_admin_publishes_it(admin_client_su: Client) -> None:
    ensure_units()
    FieldFactory()
    content = procedure_dict(national_code="1.001002")
    content.pop("effective_from")

    response = admin_client_su.post(
        "/admin/catalog/procedure/add/", DECISION | {"content": json.dumps(content)}
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    version = ProcedureVersion.objects.get(procedure__national_code="1.001002")
    assert version.decision == PublicationDecision.objects.get(number="31/QĐ-UBND")
    assert version.effective_from.isoformat() == "2025-01-15"


def test_an_over_budget_process_in_the_admin_is_shown_as_an_error_and_saves_nothing(
    admin_client_su: Client,
) -> None:
    version = make_version(national_code="1.001003")
    process = [{"role": "receiving", "budget_hours": 50}]

    response = admin_client_su.post(
        f"/admin/catalog/procedureversion/{version.pk}/change/",
        {"process": json.dumps(process), **_empty_inlines(version)},
    )

    assert response.status_code == 200
    assert "vượt thời hạn giải quyết 5 ngày làm việc" in response.content.decode()
    assert version.process_steps.count() == 4


def test_amending_in_the_admin_creates_a_new_version(admin_client_su: Client) -> None:
    version = make_version(national_code="1.001004")

    response = admin_client_su.post(
        f"/admin/catalog/procedure/{version.procedure_id}/change/",
        DECISION
        | {
            "action": "amend",
            "changes": json.dumps({"name": "Tên sau sửa đổi"}),
            **_version_inline(),
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    latest = Procedure.objects.get(pk=version.procedure_id).versions.order_by("-version_no").first()
    assert latest is not None and (latest.version_no, latest.name) == (2, "Tên sau sửa đổi")


def _version_inline() -> dict[str, str]:
    return {
        "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0",
        "versions-MIN_NUM_FORMS": "0",
        "versions-MAX_NUM_FORMS": "1000",
    }


def _empty_inlines(version: ProcedureVersion) -> dict[str, str]:
    data: dict[str, str] = {}
    forms = list(version.forms.all())
    prefixes = {
        "forms": len(forms),
        "cases": 0,
        "documents": 0,
        "fees": 0,
        "eform_fields": 0,
        "process_steps": 0,
    }
    for prefix, initial in prefixes.items():
        data |= {
            f"{prefix}-TOTAL_FORMS": str(initial),
            f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    for i, form in enumerate(forms):
        data[f"forms-{i}-id"] = str(form.pk)
        data[f"forms-{i}-version"] = str(version.pk)
    return data
