"""The demo catalogue: it imports cleanly, covers what the issue asks for, and loads idempotently."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest

from motcua.catalog import demo
from motcua.catalog.data import build_demo_catalog
from motcua.catalog.importexport import parse_catalog, plan_import
from motcua.catalog.models import (
    DecisionItem,
    FeeExemption,
    Procedure,
    ProcedureForm,
    ProcedureVersion,
    ProcessStep,
    PublicationDecision,
    RequiredDocument,
)
from motcua.catalog.selectors import version_in_force

CENTER = "000.00.01.H09"
HOURS_PER_DAY = 8


@pytest.fixture
def units(db: Any) -> None:
    from motcua.organization import demo as organization_demo

    organization_demo.load()


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return demo.catalog_data()


def distinct(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The latest entry of each procedure (amendments come later in the file)."""
    latest: dict[str, dict[str, Any]] = {}
    for p in data["procedures"]:
        if p["national_code"] not in latest or (
            p["effective_from"] > latest[p["national_code"]]["effective_from"]
        ):
            latest[p["national_code"]] = p
    return latest


def processing_agencies(p: dict[str, Any]) -> set[str]:
    """Agencies that work on the dossier (the Center's desk only receives and returns)."""
    own = p["implementing_agency"] or "UBND cấp xã"
    return {
        s["agency"] or own
        for s in p["process"]
        if s["role"] not in ("receiving", "returning") and s["agency"] != CENTER
    }


def budget_limit_hours(time_limit: dict[str, Any]) -> int:
    if time_limit["unit"] == "same_day":
        return HOURS_PER_DAY
    if time_limit["unit"] == "working_days":
        return time_limit["value"] * HOURS_PER_DAY
    return int(time_limit["value"])


def test_the_json_file_is_what_the_generator_builds(data: dict[str, Any]) -> None:
    assert build_demo_catalog.build() == data


def test_the_demo_catalogue_validates_with_the_importer_without_errors(
    units: None, data: dict[str, Any]
) -> None:
    loaded = parse_catalog(data)
    assert [str(i) for i in loaded.issues] == []
    plan = plan_import(loaded.catalog)
    assert [str(i) for i in plan.issues] == []
    assert Counter(s.action for s in plan.steps) == {"publish": 51, "amend": 1}


def test_it_has_at_least_40_procedures_in_at_least_8_fields_at_both_levels(
    data: dict[str, Any],
) -> None:
    procedures = distinct(data)
    assert len(procedures) >= 40
    fields = {p["field"] for p in procedures.values()}
    assert len(fields) >= 8
    assert fields <= {f["code"] for f in data["fields"]}
    levels = Counter(p["level"] for p in procedures.values())
    assert levels["province"] >= 10 and levels["commune"] >= 10
    assert all(
        p["implementing_agency"] is None for p in procedures.values() if p["level"] == "commune"
    )
    assert all(p["implementing_agency"] for p in procedures.values() if p["level"] != "commune")


def test_national_codes_are_real_ones_or_clearly_local_demo_codes(data: dict[str, Any]) -> None:
    codes = set(distinct(data))
    national = {c for c in codes if re.fullmatch(r"[12]\.\d{6}", c)}
    local = {c for c in codes if re.fullmatch(r"BD\.[A-Z]+\.\d{2}", c)}
    assert national | local == codes
    assert {"1.001193", "2.000815", "2.001417"} <= national


def test_it_has_at_least_three_inter_agency_chains_with_a_lead(data: dict[str, Any]) -> None:
    chains = [p for p in distinct(data).values() if len(processing_agencies(p)) >= 2]
    assert len(chains) >= 3
    for p in chains:
        assert p["cooperating_agencies"], p["national_code"]
        others = processing_agencies(p) - {p["implementing_agency"] or "UBND cấp xã"}
        assert others <= set(p["cooperating_agencies"]), p["national_code"]
    codes = {p["national_code"] for p in chains}
    # birth + residence + health insurance; death + residence + burial; land with the tax office
    assert {"BD.LT.01", "BD.LT.02", "BD.DD.02"} <= codes


def test_every_process_fits_its_statutory_time_limit_in_every_case(data: dict[str, Any]) -> None:
    for p in data["procedures"]:
        general = [s for s in p["process"] if not s.get("case")]
        assert general, p["national_code"]
        total = sum(Decimal(str(s["budget_hours"])) for s in general)
        assert total <= budget_limit_hours(p["time_limit"]), p["national_code"]
        for c in p["cases"]:
            own = [s for s in p["process"] if s.get("case") == c["code"]] or general
            limit = c["time_limit"] or p["time_limit"]
            assert sum(Decimal(str(s["budget_hours"])) for s in own) <= budget_limit_hours(limit)
        if p["time_limit"]["unit"] == "same_day":
            assert total <= 6, p["national_code"]


def test_it_has_same_day_procedures_fees_exemptions_and_both_online_levels(
    data: dict[str, Any],
) -> None:
    procedures = distinct(data).values()
    same_day = {p["national_code"] for p in procedures if p["time_limit"]["unit"] == "same_day"}
    assert {"1.001193", "2.000815", "BD.CT.02"} <= same_day
    assert all(p["after_cutoff_next_day"] for p in procedures if p["national_code"] in same_day)
    paid = [p for p in procedures if any(f["amount"] > 0 for f in p["fees"])]
    exempt = [p for p in procedures if any(f["exemptions"] for f in p["fees"])]
    assert len(paid) >= 20 and len(exempt) >= 10
    online = Counter(p["online_level"] for p in procedures)
    assert online["full"] >= 10 and online["partial"] >= 10 and online["none"] >= 1
    # chứng thực bản sao: 2,000 đ/page for the first two pages, 1,000 đ from the third
    copy_fees = {
        f["amount"] for f in next(p for p in procedures if p["national_code"] == "2.000815")["fees"]
    }
    assert copy_fees == {2000, 1000}


def test_procedures_submitted_online_have_an_eform_and_forms_exist_for_documents(
    data: dict[str, Any],
) -> None:
    for p in data["procedures"]:
        if p["online_level"] != "none":
            assert 3 <= len(p["eform"]) <= 8, p["national_code"]
        filenames = {f["filename"] for f in p["forms"]}
        assert {d["form"] for d in p["documents"] if d["form"]} <= filenames
        assert filenames <= {d["form"] for d in p["documents"]}, p["national_code"]


def test_it_has_cases_with_their_own_time_limits_and_fees(data: dict[str, Any]) -> None:
    lltp = distinct(data)["2.001417"]
    assert [c["code"] for c in lltp["cases"]] == ["TH1", "TH2", "TH3"]
    assert lltp["cases"][2]["time_limit"] == {"value": 15, "unit": "working_days"}
    contracts = distinct(data)["BD.CT.03"]
    assert {f["case"]: f["amount"] for f in contracts["fees"]} == {
        "TH1": 50000,
        "TH2": 30000,
        "TH3": 25000,
    }


def test_the_decisions_announce_every_procedure_in_2024_and_amend_one(
    data: dict[str, Any],
) -> None:
    announced: Counter[str] = Counter()
    amended: set[str] = set()
    for d in data["decisions"]:
        assert d["effective_date"].startswith("2024-")
        assert d["issuer"] == "Chủ tịch UBND tỉnh Bình Dương"
        for item in d["items"]:
            if item["action"] == "announce":
                announced[item["procedure"]] += 1
            else:
                amended.add(item["procedure"])
    assert set(announced) == set(distinct(data))
    assert max(announced.values()) == 1
    assert amended == {"BD.DD.01"}


def test_the_generated_forms_are_small_word_documents_with_a_vietnamese_title(
    data: dict[str, Any], tmp_path: Any
) -> None:
    written = demo.write_forms(data, tmp_path)
    expected = {f["filename"] for p in data["procedures"] for f in p["forms"]}
    assert {p.name for p in written} == expected
    sample = tmp_path / "to-khai-dang-ky-khai-sinh.docx"
    raw = sample.read_bytes()
    assert len(raw) < 60_000
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "TỜ KHAI ĐĂNG KÝ KHAI SINH" in xml
    assert "Họ, chữ đệm, tên của trẻ" in xml


def _counts() -> dict[str, int]:
    return {
        "procedures": Procedure.objects.count(),
        "versions": ProcedureVersion.objects.count(),
        "steps": ProcessStep.objects.count(),
        "documents": RequiredDocument.objects.count(),
        "exemptions": FeeExemption.objects.count(),
        "forms": ProcedureForm.objects.count(),
        "decisions": PublicationDecision.objects.count(),
        "items": DecisionItem.objects.count(),
    }


def test_loading_the_demo_twice_changes_nothing_the_second_time(units: None, media: None) -> None:
    demo.load()
    first = _counts()
    files = dict(ProcedureForm.objects.values_list("pk", "file"))
    demo.load()
    assert _counts() == first
    assert dict(ProcedureForm.objects.values_list("pk", "file")) == files
    assert first["procedures"] == 51 and first["versions"] == 52 and first["decisions"] == 3


def test_loaded_forms_have_their_files_and_versions_follow_the_amendment(
    units: None, media: None
) -> None:
    demo.load()
    forms = ProcedureForm.objects.all()
    assert forms.exists()
    assert all(f.file and f.file.size > 0 for f in forms)
    before = version_in_force("BD.DD.01", dt.date(2024, 5, 1))
    after = version_in_force("BD.DD.01", dt.date(2024, 9, 1))
    assert (before.time_limit_value, after.time_limit_value) == (30, 20)
    assert before.effective_to == dt.date(2024, 7, 31)
    birth = version_in_force("1.001193", dt.date(2024, 6, 1))
    assert birth.time_limit_unit == "same_day" and birth.online_level == "full"
    chain = version_in_force("BD.LT.01", dt.date(2024, 8, 1))
    assert {u.code for u in chain.cooperating_agencies.all()} == {"000.00.41.H09", "000.00.42.H09"}
