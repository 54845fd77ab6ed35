"""The completeness report lists missing published parts and processes over their limit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from motcua.catalog.models import ProcessStep
from motcua.catalog.selectors import completeness_report
from motcua.catalog.tests.factories import make_version

pytestmark = pytest.mark.django_db


def test_a_complete_procedure_is_not_reported() -> None:
    make_version(national_code="1.000901")

    assert completeness_report() == []


def test_each_missing_published_part_is_named() -> None:
    make_version(
        national_code="1.000902",
        steps=[],
        channels=[],
        online_level="none",
        documents=[{"name": "Đơn", "originals": 0, "copies": 0}],
        applicant_types=[],
        implementing_agency=None,
        time_limit=None,
        process=[],
        result={"name": ""},
    )

    [issue] = completeness_report()

    assert issue.national_code == "1.000902"
    assert issue.missing == [
        "Trình tự thực hiện",
        "Cách thức thực hiện",
        "Số lượng bản của thành phần hồ sơ",
        "Thời hạn giải quyết",
        "Đối tượng thực hiện",
        "Cơ quan thực hiện",
        "Kết quả thực hiện",
    ]
    assert issue.process_problems == ["Chưa có quy trình nội bộ."]


def test_a_commune_procedure_needs_no_named_implementing_agency() -> None:
    make_version(national_code="1.000903", level="commune", implementing_agency=None)

    assert completeness_report() == []


def test_a_process_that_no_longer_fits_its_time_limit_is_reported() -> None:
    version = make_version(national_code="1.000904")
    # Data edited outside the services (e.g. by SQL) is still caught by the report.
    ProcessStep.objects.filter(version=version, order=2).update(budget_hours=Decimal(40))

    [issue] = completeness_report()

    assert issue.missing == []
    assert issue.process_problems == [
        "Tổng thời gian các bước quy trình là 56 giờ làm việc, vượt thời hạn giải quyết "
        "5 ngày làm việc (40 giờ làm việc)."
    ]
