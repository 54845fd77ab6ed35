"""Import checks the whole file first and imports nothing when any row is wrong;
export then import gives back the same catalogue."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from openpyxl import load_workbook

from motcua.catalog import services
from motcua.catalog.importexport import (
    CatalogImportInvalid,
    export_catalog,
    export_json_bytes,
    export_xlsx_bytes,
    import_dict,
    import_file,
)
from motcua.catalog.models import (
    Field,
    ImportJob,
    ImportStatus,
    Procedure,
    ProcedureVersion,
    PublicationDecision,
)
from motcua.catalog.tests.factories import (
    AT,
    ensure_units,
    make_decision,
    make_version,
    procedure_dict,
)

pytestmark = pytest.mark.django_db


def _catalog(*procedures: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": "motcua.catalog/1",
        "fields": [
            {"code": "HCTP", "name": "Hành chính tư pháp"},
            {"code": "HT", "name": "Hộ tịch"},
        ],
        "decisions": [
            {
                "number": "1234/QĐ-UBND",
                "date": "2024-12-01",
                "issuer": "Chủ tịch UBND tỉnh Bình Dương",
                "effective_date": "2024-12-10",
                "items": [
                    {"procedure": p["national_code"], "action": "announce"} for p in procedures
                ],
            }
        ],
        "procedures": list(procedures),
    }


def _three() -> list[dict[str, Any]]:
    return [
        procedure_dict(national_code="1.000201"),
        procedure_dict(
            national_code="1.000202",
            name="Đăng ký khai sinh",
            field="HT",
            level="commune",
            implementing_agency=None,
            deciding_agency=None,
        ),
        procedure_dict(national_code="1.000203", name="Chứng thực bản sao từ bản chính"),
    ]


@pytest.fixture(autouse=True)
def _units() -> None:
    ensure_units()


def test_a_valid_json_catalogue_is_imported_with_its_decision_links() -> None:
    summary = import_dict(_catalog(*_three()), by=None, at=AT)

    assert summary.published == 3
    assert Procedure.objects.count() == 3
    version = ProcedureVersion.objects.get(procedure__national_code="1.000202")
    assert version.decision is not None and version.decision.number == "1234/QĐ-UBND"
    assert version.is_current
    assert version.decision.items.count() == 3


def test_importing_the_same_file_twice_changes_nothing() -> None:
    import_dict(_catalog(*_three()), by=None, at=AT)

    again = import_dict(_catalog(*_three()), by=None, at=AT)

    assert (again.published, again.unchanged) == (0, 3)
    assert ProcedureVersion.objects.count() == 3


def test_one_bad_fee_amount_imports_nothing_and_names_the_json_path_and_field() -> None:
    procedures = _three()
    procedures[2]["fees"][0]["amount"] = -5

    with pytest.raises(CatalogImportInvalid) as exc:
        import_dict(_catalog(*procedures), by=None, at=AT)

    issues = exc.value.issues
    assert [(i.path, i.field) for i in issues] == [("procedures[2].fees[0].amount", "amount")]
    assert str(issues[0]) == "procedures[2].fees[0].amount: Không được là số âm."
    assert Procedure.objects.count() == 0
    assert Field.objects.count() == 0
    assert PublicationDecision.objects.count() == 0


def test_every_error_of_the_file_is_reported_at_once_in_vietnamese() -> None:
    procedures = _three()
    procedures[0]["implementing_agency"] = "000.99.99.H09"
    procedures[1]["time_limit"] = {"value": 3, "unit": "weeks"}
    procedures[2]["documents"][0]["case"] = "TH9"

    with pytest.raises(CatalogImportInvalid) as exc:
        import_dict(_catalog(*procedures), by=None, at=AT)

    messages = [str(i) for i in exc.value.issues]
    assert messages == [
        "procedures[0].implementing_agency: Không có đơn vị (cơ quan) mã '000.99.99.H09' trong hệ thống.",
        "procedures[1].time_limit.unit: Giá trị 'weeks' không hợp lệ; chọn một trong: working_days, working_hours, same_day.",
        "procedures[2].documents[0].case: Không có trường hợp mã 'TH9' trong thủ tục này.",
    ]
    assert "Tệp có 3 lỗi, chưa nhập gì." in exc.value.message


def test_a_process_over_its_time_limit_is_an_import_error() -> None:
    procedures = _three()
    procedures[1]["time_limit"] = {"value": 1, "unit": "working_days"}

    with pytest.raises(CatalogImportInvalid) as exc:
        import_dict(_catalog(*procedures), by=None, at=AT)

    assert exc.value.issues[0].path == "procedures[1].process"
    assert "vượt thời hạn giải quyết 1 ngày làm việc" in exc.value.issues[0].message


def test_a_changed_procedure_with_the_same_date_is_refused_unless_replacing() -> None:
    import_dict(_catalog(*_three()), by=None, at=AT)
    procedures = _three()
    procedures[0]["name"] = "Tên đã sửa"

    with pytest.raises(CatalogImportInvalid) as exc:
        import_dict(_catalog(*procedures), by=None, at=AT)
    assert exc.value.issues[0].path == "procedures[0].effective_from"

    summary = import_dict(_catalog(*procedures), by=None, at=AT, replace=True)
    assert summary.replaced == 1
    version = ProcedureVersion.objects.get(procedure__national_code="1.000201")
    assert (version.name, version.version_no, version.is_current) == ("Tên đã sửa", 1, True)


def test_a_later_entry_of_the_same_procedure_becomes_an_amendment() -> None:
    amended = procedure_dict(
        national_code="1.000201", name="Sau sửa đổi", effective_from="2025-03-01"
    )

    summary = import_dict(_catalog(*_three(), amended), by=None, at=AT)

    assert (summary.published, summary.amended) == (3, 1)
    versions = list(ProcedureVersion.objects.filter(procedure__national_code="1.000201"))
    assert [(v.version_no, v.effective_to) for v in versions] == [
        (1, dt.date(2025, 2, 28)),
        (2, None),
    ]


def _full_catalogue() -> None:
    """Two fields, decisions, an amended and an abolished procedure, cases, exemptions."""
    make_version(national_code="1.000301")
    make_version(national_code="1.000302", name="Đăng ký kết hôn", lead_agency="000.00.10.H09")
    decision = make_decision(
        number="55/QĐ-UBND", decision_date=dt.date(2025, 2, 1), effective_date=dt.date(2025, 3, 1)
    )
    services.procedure_amend(
        national_code="1.000301",
        decision=decision,
        changes={
            "fees": [
                {
                    "name": "Lệ phí",
                    "amount": 8000,
                    "basis": "per_copy",
                    "exemptions": [{"name": "Hộ nghèo", "legal_ground": "Nghị định 07/2021"}],
                }
            ],
            "process": [
                {"role": "receiving", "budget_hours": 0.5},
                {
                    "role": "specialist",
                    "budget_hours": 30.25,
                    "agency": "000.00.10.H09",
                    "unit": "000.01.10.H09",
                },
            ],
        },
        by=None,
        at=AT,
    )
    abolish = make_decision(
        number="77/QĐ-UBND", decision_date=dt.date(2025, 6, 1), effective_date=dt.date(2025, 7, 1)
    )
    services.procedure_abolish(national_code="1.000302", decision=abolish, by=None, at=AT)


def _wipe() -> None:
    Procedure.objects.all().delete()
    PublicationDecision.objects.all().delete()
    Field.objects.all().delete()


def test_export_then_import_into_an_empty_catalogue_gives_back_the_same_json() -> None:
    _full_catalogue()
    first = export_json_bytes()

    _wipe()
    import_file(content=first, filename="catalog.json", by=None, at=AT)

    assert json.loads(export_json_bytes()) == json.loads(first)
    assert Procedure.objects.get(national_code="1.000302").abolished_from == dt.date(2025, 7, 1)


def test_export_then_import_of_the_excel_template_gives_back_the_same_catalogue() -> None:
    _full_catalogue()
    before = export_catalog().as_dict()
    workbook = export_xlsx_bytes()

    _wipe()
    import_file(content=workbook, filename="catalog.xlsx", by=None, at=AT)

    assert export_catalog().as_dict() == before


def _xlsx_with(change: Any) -> bytes:
    book = load_workbook(io.BytesIO(export_xlsx_bytes()))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_one_bad_excel_row_imports_nothing_and_names_the_sheet_row_and_column() -> None:
    import_dict(_catalog(*_three()), by=None, at=AT)

    def break_fee(book: Any) -> None:
        sheet = book["Fees"]
        header = [c.value for c in sheet[1]]
        sheet.cell(row=3, column=header.index("amount") + 1, value="tám nghìn")

    content = _xlsx_with(break_fee)
    _wipe()

    with pytest.raises(CatalogImportInvalid) as exc:
        import_file(content=content, filename="catalog.xlsx", by=None, at=AT)

    assert [str(i) for i in exc.value.issues] == [
        "Trang Fees, dòng 3, cột amount: Phải là số nguyên."
    ]
    assert Procedure.objects.count() == 0


def test_an_excel_row_for_an_unknown_procedure_is_reported_with_its_row() -> None:
    import_dict(_catalog(*_three()), by=None, at=AT)

    def orphan(book: Any) -> None:
        book["Documents"].append(["9.999999", "", "Giấy tờ lạc", 1, 0, True, False, "", ""])

    content = _xlsx_with(orphan)
    rows = load_workbook(io.BytesIO(content))["Documents"].max_row

    with pytest.raises(CatalogImportInvalid) as exc:
        import_file(content=content, filename="catalog.xlsx", by=None, at=AT)

    issue = exc.value.issues[0]
    assert (issue.sheet, issue.row, issue.field) == ("Documents", rows, "national_code")


def test_an_unknown_agency_in_the_process_sheet_is_located_on_its_row() -> None:
    import_dict(_catalog(*_three()), by=None, at=AT)

    def bad_agency(book: Any) -> None:
        sheet = book["Process"]
        header = [c.value for c in sheet[1]]
        sheet.cell(row=4, column=header.index("agency") + 1, value="000.77.77.H09")

    content = _xlsx_with(bad_agency)
    _wipe()

    with pytest.raises(CatalogImportInvalid) as exc:
        import_file(content=content, filename="catalog.xlsx", by=None, at=AT)

    assert str(exc.value.issues[0]) == (
        "Trang Process, dòng 4, cột agency: Không có đơn vị (cơ quan) mã '000.77.77.H09' trong hệ thống."
    )


def test_the_empty_export_is_the_blank_excel_template_with_every_sheet() -> None:
    book = load_workbook(io.BytesIO(export_xlsx_bytes()))

    assert book.sheetnames == [
        "HuongDan",
        "Fields",
        "Decisions",
        "Procedures",
        "LegalBasis",
        "Forms",
        "Cases",
        "Documents",
        "Fees",
        "EForm",
        "Process",
    ]
    assert [c.value for c in book["Fees"][1]] == [
        "national_code",
        "effective_from",
        "name",
        "amount",
        "basis",
        "case",
        "exemptions",
    ]


def test_a_background_import_job_records_progress_and_result(
    django_capture_on_commit_callbacks: Any,
) -> None:
    content = json.dumps(_catalog(*_three()), ensure_ascii=False).encode()

    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_start(
            file=ContentFile(content, name="catalog.json"), by=None, at=AT
        )

    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED
    assert (job.done, job.total, job.percent) == (6, 6, 100)
    assert job.summary["published"] == 3


def test_a_background_import_with_errors_fails_whole_and_keeps_the_errors(
    django_capture_on_commit_callbacks: Any,
) -> None:
    procedures = _three()
    procedures[1]["fees"][0]["basis"] = "per_kg"
    content = json.dumps(_catalog(*procedures), ensure_ascii=False).encode()

    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_start(
            file=ContentFile(content, name="catalog.json"), by=None, at=AT
        )

    job = ImportJob.objects.get(pk=job.pk)
    assert job.status == ImportStatus.FAILED
    assert job.errors[0]["path"] == "procedures[1].fees[0].basis"
    assert Procedure.objects.count() == 0


def test_the_management_commands_export_and_import_both_formats(tmp_path: Any) -> None:
    _full_catalogue()
    before = export_catalog().as_dict()
    json_path, xlsx_path = tmp_path / "c.json", tmp_path / "c.xlsx"

    call_command("catalog_export", str(json_path))
    call_command("catalog_export", str(xlsx_path), "--format", "xlsx")
    _wipe()
    call_command("catalog_import", str(xlsx_path))

    assert export_catalog().as_dict() == before
    assert json.loads(json_path.read_text(encoding="utf-8")) == before


def test_the_full_example_of_the_format_documentation_imports() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[3] / "docs" / "catalog-format.md").read_text("utf-8")
    example = doc.split("### Full example", 1)[1].split("```json", 1)[1].split("```", 1)[0]

    summary = import_dict(json.loads(example), by=None, at=AT)

    assert (summary.published, summary.amended) == (1, 1)
    v1, v2 = ProcedureVersion.objects.filter(procedure__national_code="2.001417")
    assert v1.effective_to == dt.date(2025, 2, 28)
    assert v2.decision is not None and v2.decision.number == "55/QĐ-UBND"
