"""The leaders' dashboard and the public transparency page on the crafted data set of the
index tests (March 2026): numbers computed by hand, scoping by the reader's units."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from motcua.accounts.models import Role
from motcua.core.templatetags.motcua import vn_datetime
from motcua.dossiers.models import Channel
from motcua.dossiers.tests.factories import staff, vn, world
from motcua.evaluation.tests.test_indices import crafted, make_dossier

NOW = vn(2026, 3, 20, 10)


@pytest.fixture
def data(db):
    w = world()
    crafted(w)
    # still open, due 15/03: overdue for Sở Tư pháp; and one for Công an tỉnh
    make_dossier(w, received_at=vn(2026, 3, 5), original_due_at=vn(2026, 3, 15))
    make_dossier(
        w,
        received_at=vn(2026, 3, 5),
        original_due_at=vn(2026, 3, 16),
        lead_agency=w.police,
        channel=Channel.POST,
    )
    boss = staff("lanhdaotrungtam", Role.CENTER_LEADER, w.center)
    # the trend and channel panels read the reports app's daily figures
    call_command("figures_rebuild", "--from", "2026-01-01", "--to", "2026-03-31")
    return w, boss


def _rows(html: str, table_id: str) -> str:
    start = html.index(f'id="{table_id}"')
    return html[start : html.index("</table>", start)]


@time_machine.travel(NOW, tick=False)
def test_the_center_leader_sees_every_agency_with_hand_counted_figures(client, data):
    w, boss = data
    client.force_login(boss)
    html = client.get("/staff/dashboard/?period=month").content.decode()
    overdue = _rows(html, "t-overdue")
    assert "Sở Tư pháp" in overdue and "Công an tỉnh" in overdue
    trend = _rows(html, "t-trend")
    # 4 resolved in March: d1 early, d2 on time, d3 early, d4 late → 75,0% (Vietnamese decimal comma)
    assert '<th scope="row">03/2026</th><td>4</td><td>3</td><td>1</td><td>75,0%</td>' in trend
    channels = _rows(html, "t-channels")
    assert "Trực tiếp</th><td>4</td>" in channels  # d1, d2, d3 and the open one
    assert "Trực tuyến</th><td>1</td>" in channels
    assert "Qua dịch vụ bưu chính</th><td>1</td>" in channels
    rates = _rows(html, "t-rates")
    assert "<td>1</td><td>2</td><td>50,0%</td>" in rates  # satisfaction: 1 of 2 rated
    assert 'role="img"' in html and "<title>" in html


@time_machine.travel(NOW, tick=False)
def test_an_agency_leader_sees_only_the_dossiers_of_their_agency(client, data):
    w, _boss = data
    client.force_login(w.leader)
    html = client.get("/staff/dashboard/?period=month").content.decode()
    overdue = _rows(html, "t-overdue")
    assert "Sở Tư pháp" in overdue
    assert "Công an tỉnh" not in overdue
    assert "Qua dịch vụ bưu chính</th><td>0</td>" in _rows(html, "t-channels")


@time_machine.travel(NOW, tick=False)
def test_the_htmx_request_gets_only_the_panels_for_the_unit_chosen(client, data):
    w, boss = data
    client.force_login(boss)
    response = client.get(
        f"/staff/dashboard/?period=year&unit={w.police.pk}", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<h1>" not in html and 'id="dashboard-panels"' in html
    assert "Sở Tư pháp" not in _rows(html, "t-overdue")
    assert "01/01/2026 – 20/03/2026" in html


@time_machine.travel(NOW, tick=False)
def test_a_specialist_may_not_open_the_dashboard(client, data):
    w, _boss = data
    client.force_login(w.specialist)
    assert client.get("/staff/dashboard/").status_code == 403


@time_machine.travel(NOW, tick=False)
def test_the_public_page_shows_each_agency_without_login(client, data):
    html = client.get("/minh-bach/").content.decode()
    table = _rows(html, "t-public")
    # Sở Tư pháp: 5 received, 4 resolved, 75,0% on time, 2 rated, 50,0% satisfied
    assert "Sở Tư pháp</th><td>5</td><td>4</td>" in table.replace("\n    ", "")
    assert "75,0%" in table and "50,0%" in table
    assert "Công an tỉnh" in table


def test_charts_are_accessible_svg_with_their_text_escaped():
    from motcua.reports.dashboard import bar_chart, line_chart

    svg = str(bar_chart("Quá hạn <b>", [("Sở <script>", 3), ("Sở B", 0)]))
    assert svg.startswith('<svg class="chart" role="img" aria-label="Quá hạn &lt;b&gt;"')
    assert "<title>Quá hạn &lt;b&gt;</title>" in svg
    assert "<script>" not in svg and "Sở &lt;script&gt;" in svg
    assert svg.count("<rect") == 2
    line = str(line_chart("Đúng hạn", [("01/2026", 50.0), ("02/2026", None), ("03/2026", 100.0)]))
    assert line.count("<circle") == 2 and "<polyline" in line


@time_machine.travel(NOW, tick=False)
def test_the_dashboard_says_when_the_figures_were_brought_up_to_date(client, data):
    from motcua.reports.figures import refresh_changed, refreshed_at

    _w, boss = data
    client.force_login(boss)
    # A range rebuild does not vouch for the whole table: no stamp yet.
    assert refreshed_at() is None
    assert "Số liệu tổng hợp chưa được tính" in client.get("/staff/dashboard/").content.decode()

    refresh_changed(since=NOW - dt.timedelta(minutes=30), at=NOW)

    assert refreshed_at() == NOW
    html = client.get("/staff/dashboard/").content.decode()
    assert f"Số liệu tổng hợp cập nhật lúc {vn_datetime(NOW)}" in html
    assert f"Số liệu cập nhật lúc {vn_datetime(NOW)}" in client.get("/minh-bach/").content.decode()
