"""Staff and citizen pages of payments (Django test client)."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.dossiers.tests.factories import T0, ReceivedDossierFactory
from motcua.payments.models import AssessmentLine, FeeAssessment, FeeStage, Receipt
from motcua.payments.services import LineInput, assessment_create


@pytest.fixture
def d(w, fees):
    return ReceivedDossierFactory.create(world=w)


def test_the_officer_assesses_with_an_exemption_through_the_page(client, w, fees, d):
    client.force_login(w.receiver)
    url = f"/staff/payments/dossier/{d.code}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Người thuộc hộ nghèo" in page.content.decode()
    response = client.post(
        url + "assess/",
        {
            "stage": "reception",
            f"include_{fees.filing.pk}": "1",
            f"quantity_{fees.filing.pk}": "1",
            f"exemption_{fees.filing.pk}": str(fees.exemption.pk),
            f"reason_{fees.filing.pk}": "Sổ hộ nghèo 2026",
            f"include_{fees.copy.pk}": "1",
            f"quantity_{fees.copy.pk}": "3",
        },
    )
    assert response.status_code == 302
    a = FeeAssessment.objects.get(dossier=d)
    assert a.total == 9_000
    line = AssessmentLine.objects.get(assessment=a, name="Lệ phí đăng ký")
    assert line.exemption_reason == "Sổ hộ nghèo 2026"


def test_an_exemption_without_reason_comes_back_with_the_error_and_nothing_saved(
    client, w, fees, d
):
    client.force_login(w.receiver)
    response = client.post(
        f"/staff/payments/dossier/{d.code}/assess/",
        {
            "stage": "reception",
            f"include_{fees.filing.pk}": "1",
            f"quantity_{fees.filing.pk}": "1",
            f"exemption_{fees.filing.pk}": str(fees.exemption.pk),
        },
    )
    assert response.status_code == 422
    assert "Phải ghi lý do miễn" in response.content.decode()
    assert not FeeAssessment.objects.exists()


def test_a_cash_payment_through_the_page_gives_a_printable_receipt(client, w, fees, d):
    a = assessment_create(
        dossier=d,
        stage=FeeStage.RECEPTION,
        lines=[LineInput(fee_item_id=fees.filing.pk)],
        by=w.receiver,
        at=T0,
    )
    client.force_login(w.receiver)
    response = client.post(f"/staff/payments/assessment/{a.pk}/collect/", {"channel": "cash"})
    assert response.status_code == 302
    r = Receipt.objects.get()
    pdf = client.get(f"/staff/payments/receipt/{r.pk}.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"


def test_staff_of_another_agency_cannot_open_a_dossiers_fees(client, w, d):
    client.force_login(w.outsider)
    assert client.get(f"/staff/payments/dossier/{d.code}/").status_code == 404


def test_the_citizen_page_needs_the_dossiers_secret(client, d, fees, w):
    assert client.get(f"/thanh-toan/{d.code}/").status_code == 404
    assert client.get(f"/thanh-toan/{d.code}/?mk=WRONG").status_code == 404
    assert client.get(f"/thanh-toan/{d.code}/?mk={d.secret}").status_code == 200
    # remembered for the session
    assert client.get(f"/thanh-toan/{d.code}/").status_code == 200


def test_reconciliation_and_figures_pages_are_for_finance_and_leaders(
    client, w, fees, fake_paygate
):
    client.force_login(w.receiver)
    assert client.get("/staff/payments/figures/").status_code == 403
    client.force_login(fees.desk_leader)
    assert client.get("/staff/payments/figures/?start=2026-03-01&end=2026-03-31").status_code == 200
    day = (T0 - dt.timedelta(days=1)).date().isoformat()
    page = client.get(f"/staff/payments/reconciliation/?day={day}")
    assert page.status_code == 200
    assert "Khớp: 0" in page.content.decode()


@pytest.mark.parametrize("path", ["/staff/payments/figures/", "/staff/payments/reconciliation/"])
def test_finance_pages_open_to_the_finance_officer_and_are_forbidden_to_other_staff(
    client, w, fees, path
):
    from motcua.accounts.models import Role
    from motcua.dossiers.tests.factories import staff

    finance = staff("ketoan", Role.FINANCE_OFFICER, w.center)
    client.force_login(finance)
    assert client.get(path).status_code == 200
    client.force_login(fees.desk_leader)
    assert client.get(path).status_code == 200
    for other in (w.receiver, w.specialist, w.head, w.leader):
        client.force_login(other)
        assert client.get(path).status_code == 403, other.username


def test_the_staff_home_links_the_finance_pages_for_the_finance_officer_only(client, w):
    from motcua.accounts.models import Role
    from motcua.dossiers.tests.factories import staff

    client.force_login(staff("ketoan", Role.FINANCE_OFFICER, w.center))
    home = client.get("/staff/").content.decode()
    assert "/staff/payments/reconciliation/" in home
    assert "/staff/payments/figures/" in home
    client.force_login(w.receiver)
    home = client.get("/staff/").content.decode()
    assert "/staff/payments/reconciliation/" not in home
    assert "/staff/payments/figures/" not in home
