"""The indices page and the dossiers behind an indicator."""

from __future__ import annotations

import pytest
import time_machine

from motcua.accounts.models import Role
from motcua.dossiers.tests.factories import staff, vn, world
from motcua.evaluation.tests.test_indices import crafted, make_dossier
from motcua.reports import figures


@time_machine.travel(vn(2026, 4, 10), tick=False)
@pytest.mark.django_db
def test_the_indices_page_shows_the_766_scores_and_the_circular_bands(client):
    w = world()
    crafted(w)
    figures.rebuild()  # the 766 index reads the daily figures (the periodic job keeps them)
    client.force_login(staff("lanhdaotrungtam", Role.CENTER_LEADER, w.center))
    html = client.get("/staff/evaluation/indices/?year=2026&quarter=1").content.decode()
    assert "Sở Tư pháp" in html
    assert "2 / 4" in html  # on time by the 766 rule
    assert "10,00/20" in html
    assert "Xuất sắc" in html or "Tốt" in html
    assert "Lê Thị Hồng Nhung" in html  # the desk officer's row
    assert "Phòng Tiếp nhận, số hóa hồ sơ, giải quyết TTHC" in html  # the desk's row


@time_machine.travel(vn(2026, 4, 10), tick=False)
@pytest.mark.django_db
def test_the_on_time_drill_down_lists_the_dossiers_with_the_766_verdict(client):
    w = world()
    ds = crafted(w)
    other = make_dossier(w, finished_at=vn(2026, 3, 9), lead_agency=w.police, timeliness="early")
    client.force_login(w.leader)
    html = client.get(
        f"/staff/evaluation/indices/on_time/?year=2026&quarter=1&agency={w.agency.pk}"
    ).content.decode()
    for d in ds.values():
        assert d.code in html
    assert other.code not in html
    assert html.count(">Có<") == 2 and html.count(">Không<") == 2
