"""Search ignores diacritics and case, ranks by relevance and filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from motcua.catalog import selectors, services
from motcua.catalog.models import Field
from motcua.catalog.tests.factories import AT, make_decision, make_version
from motcua.core.errors import InvalidInput
from motcua.organization.models import Unit

pytestmark = pytest.mark.django_db

COMMUNE: dict[str, Any] = {
    "level": "commune",
    "implementing_agency": None,
    "deciding_agency": None,
    "cooperating_agencies": [],
}


@pytest.fixture
def catalogue() -> None:
    make_version(national_code="1.001193", name="Đăng ký khai sinh", **COMMUNE)
    make_version(national_code="1.000894", name="Đăng ký khai sinh có yếu tố nước ngoài", **COMMUNE)
    make_version(
        national_code="1.004873", name="Đăng ký lại khai sinh", online_level="partial", **COMMUNE
    )
    make_version(
        national_code="2.000635", name="Cấp bản sao trích lục hộ tịch, bản sao Giấy khai sinh"
    )
    make_version(
        national_code="1.000656",
        name="Đăng ký khai tử",
        online_level="none",
        channels=["counter"],
        **COMMUNE,
    )


def _codes(page: selectors.SearchPage) -> list[str]:
    return [v.code for v in page.items]


def test_a_query_without_diacritics_finds_the_same_as_with_them(catalogue: None) -> None:
    plain = selectors.procedure_search("dang ky khai sinh")
    accented = selectors.procedure_search("Đăng ký khai sinh")
    upper = selectors.procedure_search("ĐĂNG KÝ KHAI SINH")

    assert _codes(plain) == _codes(accented) == _codes(upper)
    assert plain.count == 3


def test_d_with_stroke_matches_plain_d(catalogue: None) -> None:
    assert (
        selectors.procedure_search("đang ky").count
        == selectors.procedure_search("dang ky").count
        == 4
    )


def test_every_word_must_match(catalogue: None) -> None:
    assert _codes(selectors.procedure_search("khai sinh nuoc ngoai")) == ["1.000894"]


def test_an_exact_code_ranks_before_a_name_that_mentions_it(catalogue: None) -> None:
    make_version(national_code="1.009999", name="Áp dụng mẫu của thủ tục 1.001193")

    assert _codes(selectors.procedure_search("1.001193")) == ["1.001193", "1.009999"]


def test_names_starting_with_the_phrase_rank_before_other_matches(catalogue: None) -> None:
    # "đăng ký lại khai sinh" has every word but not the phrase: it comes last.
    assert _codes(selectors.procedure_search("dang ky khai sinh")) == [
        "1.001193",
        "1.000894",
        "1.004873",
    ]


def test_equal_ranks_are_ordered_by_folded_name(catalogue: None) -> None:
    assert _codes(selectors.procedure_search("khai sinh")) == [
        "2.000635",
        "1.001193",
        "1.000894",
        "1.004873",
    ]


def test_filters_by_level_online_field_and_agency(catalogue: None) -> None:
    assert _codes(selectors.procedure_search("", level="province")) == ["2.000635"]
    assert _codes(selectors.procedure_search("khai", online="partial")) == ["1.004873"]
    assert "1.000656" not in _codes(selectors.procedure_search("", online="any"))
    assert _codes(selectors.procedure_search("", agency="000.00.10.H09")) == ["2.000635"]
    assert selectors.procedure_search("", field="HCTP").count == 5
    assert selectors.procedure_search("", field="XX").count == 0


def test_pages_are_stable_and_complete(catalogue: None) -> None:
    pages = [selectors.procedure_search("", page=n, page_size=2) for n in (1, 2, 3)]

    seen = [code for page in pages for code in _codes(page)]
    assert len(seen) == len(set(seen)) == 5
    assert pages[0].num_pages == 3


def test_a_wrong_filter_value_names_the_field() -> None:
    with pytest.raises(InvalidInput) as exc:
        selectors.procedure_search("", online="sometimes")

    assert exc.value.field == "online"


def test_only_the_version_in_force_is_listed_until_an_amendment_comes_into_force(
    catalogue: None,
) -> None:
    services.procedure_amend(
        national_code="1.001193",
        decision=None,
        changes={"name": "Đăng ký khai sinh (sửa đổi 2030)"},
        by=None,
        at=AT,
        effective_from=dt.date(2030, 1, 1),
    )

    assert [v.version_no for v in selectors.procedure_search("1.001193").items] == [1]
    services.procedure_refresh_current(on=dt.date(2030, 1, 1))
    page = selectors.procedure_search("sua doi 2030")
    assert [(v.code, v.version_no) for v in page.items] == [("1.001193", 2)]


def test_a_repeated_search_reads_only_the_catalogue_stamp(
    catalogue: None, django_assert_num_queries: Any
) -> None:
    selectors.procedure_search("khai sinh")  # builds this process's index

    with django_assert_num_queries(1):
        page = selectors.procedure_search("dang ky", level="commune", page_size=2)

    assert page.count == 4


def test_the_index_follows_a_renamed_agency_and_field(catalogue: None) -> None:
    hit = selectors.procedure_search("2.000635").items[0]
    unit = Unit.objects.get(code=hit.agency_code)
    unit.name = "Sở Tư pháp tỉnh (tên mới)"
    unit.save()
    field = Field.objects.get(code=hit.field_code)
    field.name = "Hộ tịch (tên mới)"
    field.save()

    hit = selectors.procedure_search("2.000635").items[0]

    assert (hit.agency_name, hit.field_name) == ("Sở Tư pháp tỉnh (tên mới)", "Hộ tịch (tên mới)")


def test_an_abolished_procedure_leaves_the_search(catalogue: None) -> None:
    assert "1.000656" in _codes(selectors.procedure_search("dang ky khai tu"))

    later = AT.date() + dt.timedelta(days=1)
    decision = make_decision(decision_date=AT.date(), effective_date=later)
    services.procedure_abolish(national_code="1.000656", decision=decision, by=None, at=AT)
    assert "1.000656" in _codes(selectors.procedure_search("dang ky khai tu"))  # until then
    services.procedure_refresh_current(on=later)

    assert "1.000656" not in _codes(selectors.procedure_search("dang ky khai tu"))
