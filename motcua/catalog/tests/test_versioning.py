"""Versions in force by date: publish, amend, abolish, and the dossier-facing lookup."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.catalog import selectors, services
from motcua.catalog.models import DecisionAction, DecisionItem, ProcedureVersion, VersionStatus
from motcua.catalog.selectors import ProcedureAbolished, ProcedureNotFound, ProcedureNotInForce
from motcua.catalog.tests.factories import (
    AT,
    make_decision,
    make_version,
)
from motcua.core.errors import Conflict, NotFound

pytestmark = pytest.mark.django_db

D = dt.date


def _amend(code: str, effective: dt.date, **changes: object) -> ProcedureVersion:
    decision = make_decision(decision_date=effective, effective_date=effective)
    return services.procedure_amend(
        national_code=code, decision=decision, changes=changes, by=None, at=AT
    )


def test_a_published_procedure_is_in_force_from_its_effective_date_and_not_before() -> None:
    v1 = make_version(national_code="1.000100")

    assert selectors.version_in_force("1.000100", D(2024, 12, 10)).pk == v1.pk
    with pytest.raises(ProcedureNotInForce):
        selectors.version_in_force("1.000100", D(2024, 12, 9))


def test_an_amendment_creates_a_new_version_and_ends_the_previous_one_the_day_before() -> None:
    v1 = make_version(national_code="1.000101")

    v2 = _amend("1.000101", D(2025, 3, 1), name="Tên mới sau sửa đổi")

    v1.refresh_from_db()
    assert v2.version_no == 2
    assert v1.effective_to == D(2025, 2, 28)
    assert selectors.version_in_force("1.000101", D(2025, 2, 28)).pk == v1.pk
    assert selectors.version_in_force("1.000101", D(2025, 3, 1)).pk == v2.pk
    assert selectors.version_in_force("1.000101", D(2030, 1, 1)).name == "Tên mới sau sửa đổi"


def test_an_amendment_copies_every_part_it_does_not_change() -> None:
    v1 = make_version(national_code="1.000102")

    v2 = _amend("1.000102", D(2025, 3, 1), fees=[{"name": "Lệ phí mới", "amount": 50000}])

    full = selectors.version_in_force("1.000102", D(2025, 3, 1))
    assert [f.amount for f in full.fees.all()] == [50000]
    assert [d.name for d in full.documents.all()] == [d.name for d in v1.documents.all()]
    assert [s.budget_hours for s in full.process_steps.all()] == [
        s.budget_hours for s in v1.process_steps.all()
    ]
    assert full.forms.get().filename == "to-khai-lltp.docx"
    assert v2.name == v1.name
    item = DecisionItem.objects.get(procedure=v1.procedure, action=DecisionAction.AMEND)
    assert item.version_id == v2.pk


def test_the_current_flag_follows_the_date_of_the_service_call() -> None:
    make_version(national_code="1.000103")

    v2 = _amend("1.000103", D(2030, 1, 1), name="Sửa đổi trong tương lai")

    assert not v2.is_current  # AT is in 2024: the amendment is not in force yet
    assert services.procedure_refresh_current(on=D(2030, 1, 1)) == 2
    v2.refresh_from_db()
    assert v2.is_current
    assert ProcedureVersion.objects.filter(procedure=v2.procedure, is_current=True).count() == 1


def test_an_amendment_dated_before_the_latest_version_is_refused_with_a_conflict() -> None:
    make_version(national_code="1.000104")

    with pytest.raises(Conflict) as exc:
        _amend("1.000104", D(2024, 12, 10), name="Cùng ngày")

    assert exc.value.field == "effective_from"
    assert "phải sau ngày có hiệu lực" in exc.value.message


def test_publishing_an_existing_code_again_is_a_conflict() -> None:
    make_version(national_code="1.000105")

    with pytest.raises(Conflict) as exc:
        make_version(national_code="1.000105")

    assert exc.value.field == "national_code"


def test_an_abolished_procedure_stops_accepting_dossiers_but_stays_readable() -> None:
    v1 = make_version(national_code="1.000106")
    decision = make_decision(decision_date=D(2025, 6, 1), effective_date=D(2025, 7, 1))

    services.procedure_abolish(national_code="1.000106", decision=decision, by=None, at=AT)

    assert selectors.version_in_force("1.000106", D(2025, 6, 30)).pk == v1.pk
    with pytest.raises(ProcedureAbolished) as exc:
        selectors.version_in_force("1.000106", D(2025, 7, 1))
    assert isinstance(exc.value, NotFound)
    assert exc.value.abolished_from == D(2025, 7, 1)
    assert "bãi bỏ từ ngày 01/07/2025" in exc.value.message
    readable = selectors.version_readable("1.000106", D(2026, 1, 1))
    assert readable.pk == v1.pk
    assert readable.status == VersionStatus.ABOLISHED
    assert readable.effective_to == D(2025, 6, 30)


def test_abolishing_twice_with_the_same_decision_changes_nothing() -> None:
    make_version(national_code="1.000107")
    decision = make_decision(effective_date=D(2025, 7, 1))

    first = services.procedure_abolish(national_code="1.000107", decision=decision, by=None, at=AT)
    again = services.procedure_abolish(national_code="1.000107", decision=decision, by=None, at=AT)

    assert first.abolished_from == again.abolished_from == D(2025, 7, 1)


def test_an_abolished_procedure_cannot_be_amended() -> None:
    make_version(national_code="1.000108")
    decision = make_decision(effective_date=D(2025, 7, 1))
    services.procedure_abolish(national_code="1.000108", decision=decision, by=None, at=AT)

    with pytest.raises(Conflict):
        _amend("1.000108", D(2025, 8, 1), name="Không được")


def test_a_dossier_received_on_a_date_gets_the_version_in_force_that_day_with_its_parts() -> None:
    make_version(national_code="1.000109")
    _amend("1.000109", D(2025, 3, 1), time_limit={"value": 10, "unit": "working_days"})

    before = selectors.version_in_force("1.000109", D(2025, 2, 1))
    after = selectors.version_in_force("1.000109", D(2025, 3, 3))

    assert before.time_limit_for(None) == (5, "working_days")
    assert after.time_limit_for(None) == (10, "working_days")
    case = after.cases.get(code="TH1")
    assert [d.name for d in after.documents_for(case)] == [
        "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
        "Căn cước công dân",
        "Hộ chiếu",
    ]
    assert [d.name for d in after.documents_for(None)] == [
        "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
        "Căn cước công dân",
    ]
    assert [s.role for s in after.process_for(case)] == [
        "receiving",
        "specialist",
        "unit_head",
        "returning",
    ]


def test_an_unknown_code_is_not_found() -> None:
    with pytest.raises(ProcedureNotFound):
        selectors.version_in_force("9.999999", D(2025, 1, 1))


def test_a_case_with_its_own_time_limit_overrides_the_procedure_time_limit() -> None:
    version = make_version(
        national_code="1.000110",
        cases=[
            {
                "code": "TH1",
                "name": "Có yếu tố nước ngoài",
                "time_limit": {"value": 10, "unit": "working_days"},
            }
        ],
    )

    case = version.cases.get()
    assert version.time_limit_for(case) == (10, "working_days")
    assert version.time_limit_for(None) == (5, "working_days")
