"""Issue 3: a citizen searches the catalogue without diacritics, filters by field, opens a
procedure and downloads its form."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from motcua.catalog.services import procedure_data_from_dict, procedure_publish
from motcua.catalog.tests.factories import (
    AT,
    FieldFactory,
    ProcedureVersionFactory,
    ensure_units,
    procedure_dict,
)

pytestmark = pytest.mark.browser

FORM_BYTES = b"PK\x03\x04" + b"to khai dang ky khai sinh " * 40


@pytest.fixture
def catalogue(transactional_db: Any, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_units()
    FieldFactory(code="HT", name="Hộ tịch")
    FieldFactory()
    birth = procedure_dict(
        national_code="1.001193",
        name="Đăng ký khai sinh",
        field="HT",
        level="commune",
        implementing_agency=None,
        deciding_agency=None,
        cooperating_agencies=[],
        forms=[{"name": "Tờ khai đăng ký khai sinh", "filename": "to-khai-khai-sinh.docx"}],
        documents=[
            {"name": "Tờ khai đăng ký khai sinh", "originals": 1, "form": "to-khai-khai-sinh.docx"},
            {"name": "Giấy chứng sinh", "originals": 1},
        ],
        cases=[],
        fees=[],
        process=[
            {"role": "receiving", "budget_hours": 2},
            {"role": "specialist", "budget_hours": 4},
            {"role": "returning", "budget_hours": 2},
        ],
        time_limit={"value": 0, "unit": "same_day"},
    )
    data = procedure_data_from_dict(birth)
    data.forms[0].content = FORM_BYTES
    procedure_publish(data=data, decision=None, by=None, at=AT)
    # Same words in another field: the field filter must leave it out.
    ProcedureVersionFactory(
        national_code="1.000002", name="Đăng ký khai sinh cho người nước ngoài (thử)"
    )
    ProcedureVersionFactory(national_code="1.000003", name="Đăng ký kết hôn")


def test_a_citizen_finds_a_procedure_without_diacritics_and_downloads_its_form(
    page: Any, catalogue: None
) -> None:
    page.goto(page.base_url + "/")
    page.get_by_label("Tìm thủ tục hành chính").fill("dang ky khai sinh")
    page.get_by_role("button", name="Tìm kiếm").click()

    expect(page).to_have_url(re.compile(r"/thu-tuc/\?q=dang\+ky\+khai\+sinh"))
    count = page.locator("#result-count")
    expect(count).to_have_text("Tìm thấy 2 thủ tục.")
    expect(page.get_by_role("link", name="Đăng ký kết hôn")).to_have_count(0)

    page.get_by_label("Lĩnh vực").select_option(label="Hộ tịch")
    # htmx swaps the results and pushes the URL; the live region announces the new count.
    expect(count).to_have_text("Tìm thấy 1 thủ tục.")
    expect(page).to_have_url(re.compile(r"field=HT"))
    expect(
        page.get_by_role("link", name="Đăng ký khai sinh cho người nước ngoài (thử)")
    ).to_have_count(0)

    page.get_by_role("link", name="Đăng ký khai sinh", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký khai sinh")
    expect(page.get_by_text("Trong ngày").first).to_be_visible()

    with page.expect_download() as info:
        page.get_by_role("link", name="Tờ khai đăng ký khai sinh").click()
    download = info.value
    assert download.suggested_filename == "to-khai-khai-sinh.docx"
    assert Path(download.path()).read_bytes() == FORM_BYTES


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def serious_accessibility_violations(page: Any) -> list[tuple[str, str, list[Any]]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_the_catalogue_and_a_procedure_page_fit_a_phone_and_pass_axe(
    page: Any, catalogue: None
) -> None:
    page.set_viewport_size({"width": 360, "height": 760})
    for path in ("/", "/thu-tuc/?q=khai+sinh", "/thu-tuc/1.001193/", "/thu-tuc/1.000002/"):
        page.goto(page.base_url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        assert serious_accessibility_violations(page) == [], path
