"""The II.06a staff page, its Excel and PDF downloads, and the drill-down lists."""

from __future__ import annotations

import io

import openpyxl
import pytest

from motcua.core.pdf import pdf_text
from motcua.dossiers.tests.factories import ReceivedDossierFactory, vn
from motcua.reports.figures import rebuild


@pytest.fixture
def march(w):
    d = ReceivedDossierFactory.create(world=w, at=vn(2026, 3, 3))
    rebuild()
    return d


def _query(unit):
    return f"?unit={unit.pk}&period=month&year=2026&month=3"


def test_the_page_shows_the_report_with_links_to_the_dossiers(client, w, march):
    client.force_login(w.leader)
    unit = march.lead_agency or march.receiving_unit

    page = client.get("/staff/reports/ii06a/" + _query(unit))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Tổng cộng" in html
    assert "column=received_direct" in html


def test_the_excel_download_reads_back_with_the_figures(client, w, march):
    client.force_login(w.leader)
    unit = march.lead_agency or march.receiving_unit

    resp = client.get("/staff/reports/ii06a/" + _query(unit) + "&format=xlsx")

    ws = openpyxl.load_workbook(io.BytesIO(resp.content))["II.06a"]
    assert ws.cell(ws.max_row, 2).value == "Tổng cộng"
    assert ws.cell(ws.max_row, 3).value == 1


def test_the_pdf_is_a_landscape_page_with_the_form_title(client, w, march):
    from motcua.core.pdf import pdf_page_sizes

    client.force_login(w.leader)
    unit = march.lead_agency or march.receiving_unit

    resp = client.get("/staff/reports/ii06a/" + _query(unit) + "&format=pdf")

    assert resp["Content-Type"] == "application/pdf"
    width, height = pdf_page_sizes(resp.content)[0]
    assert width > height
    assert "KẾT QUẢ GIẢI QUYẾT" in pdf_text(resp.content)


def test_the_drill_down_lists_the_dossier_behind_a_number(client, w, march):
    client.force_login(w.leader)
    unit = march.lead_agency or march.receiving_unit

    page = client.get("/staff/reports/ii06a/dossiers/" + _query(unit) + "&column=received_direct")

    assert page.status_code == 200
    assert march.code in page.content.decode()


def test_a_unit_outside_the_officers_scope_cannot_be_reported(client, w, march):
    client.force_login(w.outsider)
    unit = march.lead_agency or march.receiving_unit

    page = client.get("/staff/reports/ii06a/dossiers/" + _query(unit) + "&column=received_direct")

    assert march.code not in page.content.decode()
    assert page.status_code in (403, 422)
