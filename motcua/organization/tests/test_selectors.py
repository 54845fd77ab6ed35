"""The dated tree, successors, and a unit's page data."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.core.errors import NotFound
from motcua.organization.models import Unit
from motcua.organization.selectors import (
    org_tree,
    successor_chain,
    unit_by_code,
    unit_descendant_ids,
    unit_detail,
    unit_successor_on,
    units_valid_on,
)

pytestmark = pytest.mark.django_db
D = dt.date
BEFORE, AFTER = D(2025, 6, 30), D(2025, 7, 1)


def flatten(nodes, depth=0):
    for node in nodes:
        yield node, depth
        yield from flatten(node.children, depth + 1)


def by_code(tree):
    return {node.unit.code: node for node, _ in flatten(tree)}


def test_the_tree_before_the_merger_has_the_district_level_and_the_old_wards(demo):
    tree = by_code(org_tree(BEFORE))

    assert "000.00.30.H09" in tree  # UBND thành phố Thủ Dầu Một
    assert {c.unit.code for c in tree["000.00.30.H09"].children} == {
        "000.01.30.H09",
        "000.02.30.H09",
    }
    assert "000.01.00.H29" not in tree


def test_the_tree_after_the_merger_has_the_new_ward_and_no_district(demo):
    tree = by_code(org_tree(AFTER))

    assert "000.01.00.H29" in tree  # Phường Thủ Dầu Một
    assert "000.00.30.H09" not in tree
    assert "000.01.30.H09" not in tree and "000.02.30.H09" not in tree


def test_a_ward_whose_district_was_abolished_hangs_under_the_province(demo):
    tree = org_tree(AFTER)
    province = next(n for n in tree if n.unit.code == "000.00.00.H09")

    assert "000.01.31.H09" in {c.unit.code for c in province.children}  # Phường Lái Thiêu


def test_the_tree_shows_the_leaders_of_each_unit_head_first(demo):
    center = by_code(org_tree(D(2025, 1, 15)))["000.00.01.H09"]

    titles = [p.title for p in center.leaders]
    assert titles == ["Giám đốc", "Phó Giám đốc", "Phó Giám đốc", "Phó Giám đốc"]
    assert center.leaders[0].holder.username == "lanhdao"
    assert len(center.children) == 13  # four departments and nine branches


def test_the_tree_shows_the_acting_deputy_during_a_delegation(demo):
    during = by_code(org_tree(D(2025, 3, 5)))["000.00.01.H09"]
    after = by_code(org_tree(D(2025, 3, 15)))["000.00.01.H09"]

    assert during.acting is not None and during.acting.delegate.username == "pgd1.tt"
    assert after.acting is None


def test_the_tree_is_built_in_three_queries_whatever_its_size(demo, django_assert_num_queries):
    with django_assert_num_queries(3):
        tree = org_tree(BEFORE)
        names = [p.holder.full_name for node, _ in flatten(tree) for p in node.leaders]
    assert len(names) > 20


def test_an_old_ward_is_succeeded_by_the_new_ward_from_the_merger_day(demo):
    phu_cuong = Unit.objects.get(code="000.01.30.H09")

    assert unit_successor_on(phu_cuong, BEFORE) == phu_cuong
    assert unit_successor_on(phu_cuong, AFTER).code == "000.01.00.H29"
    assert [u.code for u in successor_chain(phu_cuong)] == ["000.01.00.H29"]


def test_a_unit_without_a_valid_successor_stands_for_itself_and_says_so(demo):
    district = Unit.objects.get(code="000.00.30.H09")

    found = unit_successor_on(district, AFTER)
    assert found == district and not found.is_valid_on(AFTER)


def test_units_valid_on_a_day_follow_their_periods(demo):
    before = set(units_valid_on(BEFORE).values_list("code", flat=True))
    after = set(units_valid_on(AFTER).values_list("code", flat=True))

    assert {"000.00.31.H09", "000.01.36.H09"} <= before - after
    assert after - before == {"000.01.00.H29"}
    assert "000.00.01.H09" not in set(units_valid_on(D(2024, 12, 9)).values_list("code", flat=True))


def test_descendants_include_sub_units_and_optionally_the_units_a_merger_replaced(demo):
    so_tu_phap = Unit.objects.get(code="000.00.10.H09")
    new_ward = Unit.objects.get(code="000.01.00.H29")
    codes = lambda ids: set(Unit.objects.filter(pk__in=ids).values_list("code", flat=True))  # noqa: E731

    assert codes(unit_descendant_ids([so_tu_phap.pk])) == {"000.00.10.H09", "000.01.10.H09"}
    assert codes(unit_descendant_ids([new_ward.pk])) == {"000.01.00.H29"}
    assert codes(unit_descendant_ids([new_ward.pk], with_predecessors=True)) == {
        "000.01.00.H29",
        "000.01.30.H09",
        "000.02.30.H09",
    }


def test_unit_detail_gathers_staff_counters_delegations_and_relatives(demo):
    center = unit_by_code("000.00.01.H09")
    detail = unit_detail(center, D(2025, 3, 5))

    staff = {row.user.username: row for row in detail.staff}
    assert staff["lanhdao"].positions[0].title == "Giám đốc"
    assert staff["lanhdao"].roles == ["Lãnh đạo Trung tâm"]
    assert staff["buudien"].positions == [] and staff["buudien"].roles == ["Nhân viên bưu chính"]
    assert detail.staff[0].user.username == "lanhdao"  # the Director first
    assert len(detail.counters) == 10
    assert all(c.agencies.all() for c in detail.counters)
    assert detail.acting is not None and detail.leader is not None
    assert [d.delegate.username for d in detail.delegations] == ["pgd1.tt"]
    assert [a.code for a in detail.ancestors] == ["000.00.00.H09"]
    assert len(detail.children) == 13


def test_unit_detail_of_an_agency_lists_the_counters_that_receive_for_it(demo):
    detail = unit_detail(unit_by_code("000.00.41.H09"), D(2025, 3, 5))

    assert [(c.site.code, c.number) for c in detail.served_at] == [("000.00.01.H09", 10)]
    assert [u.code for u in detail.children] == ["000.01.41.H09"]


def test_unit_detail_of_a_merged_ward_links_predecessors_and_successors(demo):
    new_ward = unit_detail(unit_by_code("000.01.00.H29"), AFTER)
    old_ward = unit_detail(unit_by_code("000.01.30.H09"), AFTER)

    assert {u.code for u in new_ward.predecessors} == {"000.01.30.H09", "000.02.30.H09"}
    assert [u.code for u in old_ward.successors] == ["000.01.00.H29"]


def test_an_unknown_code_is_not_found_with_a_vietnamese_message(db):
    with pytest.raises(NotFound, match="Không có đơn vị mã 000.99.99.H09"):
        unit_by_code("000.99.99.H09")
