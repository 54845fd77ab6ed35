"""Units of the dated tree, mergers, and reception counters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from motcua.core.errors import Conflict, InvalidInput
from motcua.organization.models import Counter, UnitKind, UnitLevel
from motcua.organization.services import (
    CounterInvalid,
    CounterNumberTaken,
    UnitCodeTaken,
    UnitInvalid,
    counter_create,
    counter_update,
    unit_create,
    unit_retire,
)
from motcua.organization.tests.factories import (
    BranchFactory,
    CenterFactory,
    DepartmentFactory,
    ProvinceFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db
D = dt.date


def create(**kwargs):
    values: dict[str, Any] = {
        "code": "000.05.01.H09",
        "name": "Phòng  Thu\u031b\u0309 nghiệm ",  # decomposed, doubled space
        "kind": UnitKind.DEPARTMENT,
        "level": UnitLevel.PROVINCE,
        "valid_from": D(2025, 1, 1),
        "by": None,
    }
    values.update(kwargs)
    return unit_create(**values)


def test_a_department_is_created_under_the_center_with_its_name_cleaned():
    center = CenterFactory.create()

    unit = create(parent=center)

    assert unit.parent == center
    assert unit.name == "Phòng Thử nghiệm"


@pytest.mark.parametrize("code", ["", "000..01.H09", "000.01.H09.", "000 01", "x" * 36])
def test_a_malformed_code_is_refused_naming_the_field(code):
    with pytest.raises(UnitInvalid) as refused:
        create(code=code, parent=CenterFactory.create())
    assert refused.value.field == "code"


def test_a_code_already_used_is_a_conflict():
    center = CenterFactory.create()
    create(parent=center)

    with pytest.raises(UnitCodeTaken) as refused:
        create(parent=center, name="Khác")
    assert isinstance(refused.value, Conflict)


def test_a_department_must_belong_to_the_center():
    with pytest.raises(UnitInvalid, match="phải có đơn vị cấp trên") as refused:
        create(parent=ProvinceFactory.create())
    assert refused.value.field == "parent"


def test_the_parent_must_exist_on_the_first_day():
    center = CenterFactory.create(valid_from=D(2024, 12, 10))

    with pytest.raises(UnitInvalid, match="không có hiệu lực vào ngày 01/12/2024"):
        create(parent=center, valid_from=D(2024, 12, 1))


def test_a_merger_ends_the_old_unit_and_links_its_successor():
    province = ProvinceFactory.create()
    old = UnitFactory.create(kind=UnitKind.COMMUNE, parent=province)
    new = UnitFactory.create(kind=UnitKind.COMMUNE, parent=province, valid_from=D(2025, 7, 1))

    retired = unit_retire(unit=old, last_day=D(2025, 6, 30), successor=new, by=None)

    assert (retired.valid_to, retired.successor) == (D(2025, 6, 30), new)
    assert unit_retire(unit=old, last_day=D(2025, 6, 30), successor=new, by=None) == retired


def test_a_successor_that_does_not_exist_the_next_day_is_refused():
    old = UnitFactory.create()
    late = UnitFactory.create(valid_from=D(2025, 8, 1))

    with pytest.raises(UnitInvalid, match="phải có hiệu lực từ ngày 01/07/2025"):
        unit_retire(unit=old, last_day=D(2025, 6, 30), successor=late, by=None)


def test_successor_links_cannot_form_a_loop():
    a = UnitFactory.create()
    b = UnitFactory.create()
    unit_retire(unit=a, last_day=D(2025, 6, 30), successor=b, by=None)

    with pytest.raises(UnitInvalid, match="vòng lặp"):
        unit_retire(unit=b, last_day=D(2025, 6, 30), successor=a, by=None)


def test_a_counter_at_a_branch_serves_agencies():
    branch = BranchFactory.create()
    agencies = [UnitFactory.create(), UnitFactory.create(kind=UnitKind.COMMUNE)]

    counter = counter_create(site=branch, number=1, name="Đất đai", agencies=agencies, by=None)

    assert set(counter.agencies.all()) == set(agencies)


def test_a_counter_stands_only_at_the_center_or_a_branch():
    with pytest.raises(CounterInvalid) as refused:
        counter_create(site=DepartmentFactory.create(), number=1, name="Quầy", by=None)
    assert refused.value.field == "site"
    assert isinstance(refused.value, InvalidInput)


def test_a_counter_cannot_serve_a_department_of_the_center():
    center = CenterFactory.create()

    with pytest.raises(CounterInvalid) as refused:
        counter_create(
            site=center,
            number=1,
            name="Quầy",
            agencies=[DepartmentFactory.create(parent=center)],
            by=None,
        )
    assert refused.value.field == "agencies"


def test_two_counters_of_a_site_cannot_share_a_number():
    center = CenterFactory.create()
    counter_create(site=center, number=3, name="Một", by=None)

    with pytest.raises(CounterNumberTaken, match="đã có quầy số 3"):
        counter_create(site=center, number=3, name="Hai", by=None)
    assert Counter.objects.filter(site=center).count() == 1


def test_a_counter_can_be_renamed_reassigned_and_closed():
    counter = counter_create(site=CenterFactory.create(), number=1, name="Cũ", by=None)
    agency = UnitFactory.create()

    counter_update(counter=counter, name="Mới", agencies=[agency], is_active=False, by=None)

    counter.refresh_from_db()
    assert (counter.name, counter.is_active) == ("Mới", False)
    assert list(counter.agencies.all()) == [agency]
