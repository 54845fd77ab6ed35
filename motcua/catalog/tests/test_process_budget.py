"""The internal process must fit the statutory time limit."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

import pytest
from django.db import IntegrityError

from motcua.catalog import services
from motcua.catalog.importexport.records import StepData
from motcua.catalog.models import ProcessStep
from motcua.catalog.selectors import process_budget_problem, statutory_hours
from motcua.catalog.tests.factories import (
    AT,
    FieldFactory,
    ensure_units,
    make_version,
    procedure_dict,
)
from motcua.core.errors import InvalidInput

pytestmark = pytest.mark.django_db


def _steps(*hours: float) -> list[dict[str, object]]:
    roles = ["receiving", "specialist", "unit_head", "returning"]
    return [
        {"role": roles[i % 4], "budget_hours": h, "description": f"Bước {i + 1}"}
        for i, h in enumerate(hours)
    ]


def test_statutory_hours_count_eight_hours_a_working_day_and_same_day_as_one_day() -> None:
    assert statutory_hours(5, "working_days") == Decimal(40)
    assert statutory_hours(4, "working_hours") == Decimal(4)
    assert statutory_hours(0, "same_day") == Decimal(8)
    assert statutory_hours(0, "working_days") is None


def test_a_process_within_the_time_limit_is_accepted() -> None:
    version = make_version(process=_steps(4, 24, 8, 4))

    assert sum(s.budget_hours for s in version.process_steps.all()) == Decimal(40)


def test_publishing_a_process_over_the_time_limit_is_refused_with_a_message() -> None:
    with pytest.raises(InvalidInput) as exc:
        make_version(process=_steps(4, 30, 8, 4))

    errors = cast(list[dict[str, str]], exc.value.details["errors"])
    assert (
        "46 giờ làm việc, vượt thời hạn giải quyết 5 ngày làm việc (40 giờ làm việc)"
        in (errors[0]["message"])
    )
    assert errors[0]["field"] == "process"


def test_a_same_day_procedure_must_fit_in_the_working_day() -> None:
    with pytest.raises(InvalidInput) as exc:
        make_version(time_limit={"value": 0, "unit": "same_day"}, process=_steps(2, 4, 2, 1))

    assert "Trong ngày (8 giờ làm việc)" in exc.value.message


def test_a_working_hours_limit_is_compared_directly() -> None:
    version = make_version(
        time_limit={"value": 4, "unit": "working_hours"},
        process=_steps(0.5, 2, 1, 0.5),
    )
    assert version.process_steps.count() == 4
    with pytest.raises(InvalidInput):
        make_version(
            time_limit={"value": 4, "unit": "working_hours"}, process=_steps(0.5, 3, 1, 0.5)
        )


def test_process_set_refuses_budgets_over_a_case_time_limit() -> None:
    version = make_version(
        cases=[
            {"code": "TH1", "name": "Rút gọn", "time_limit": {"value": 1, "unit": "working_days"}}
        ],
        documents=[],
        process=[
            *_steps(4, 16, 8, 4),
            {"role": "receiving", "budget_hours": 2, "case": "TH1"},
            {"role": "specialist", "budget_hours": 6, "case": "TH1"},
        ],
    )
    steps = [
        StepData(role="receiving", budget_hours=Decimal(2), case="TH1"),
        StepData(role="specialist", budget_hours=Decimal(8), case="TH1"),
    ]

    with pytest.raises(InvalidInput) as exc:
        services.process_set(version=version, steps=steps, by=None, at=AT)

    assert "trường hợp TH1" in exc.value.message
    assert "10 giờ làm việc" in exc.value.message
    assert version.process_steps.count() == 6  # the old process is kept


def test_process_set_replaces_the_process_when_it_fits() -> None:
    version = make_version()
    steps = [
        StepData(role="receiving", budget_hours=Decimal("0.5")),
        StepData(role="specialist", budget_hours=Decimal(20), agency="000.00.10.H09"),
        StepData(role="returning", budget_hours=Decimal("0.5")),
    ]

    services.process_set(version=version, steps=steps, by=None, at=AT)

    rows = list(version.process_steps.order_by("order"))
    assert [(r.order, r.role) for r in rows] == [
        (1, "receiving"),
        (2, "specialist"),
        (3, "returning"),
    ]
    assert rows[1].agency is not None and rows[1].agency.code == "000.00.10.H09"


def test_the_message_names_a_missing_time_limit() -> None:
    problem = process_budget_problem(time_limit_value=0, time_limit_unit="", budgets=[Decimal(1)])

    assert problem == "Chưa có thời hạn giải quyết để kiểm tra quy trình."


def test_the_database_refuses_a_negative_budget() -> None:
    version = make_version()

    with pytest.raises(IntegrityError):
        ProcessStep.objects.create(version=version, order=9, role="specialist", budget_hours=-1)


def test_procedure_dict_of_the_factory_is_valid_as_given() -> None:
    ensure_units()
    FieldFactory()

    data = services.procedure_data_from_dict(procedure_dict())

    assert data.time_limit is not None and data.time_limit.value == 5
