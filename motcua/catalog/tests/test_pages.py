"""The catalogue's HTML pages: the citizen portal (home, catalogue, procedure page, form
download) and the staff pages (list, history, completeness, import, export)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import Role, User
from motcua.accounts.services import citizen_role_grant, membership_grant
from motcua.catalog.models import (
    ImportJob,
    ImportStatus,
    Procedure,
    ProcedureVersion,
    PublicationDecision,
)
from motcua.catalog.services import (
    procedure_abolish,
    procedure_amend,
    procedure_data_from_dict,
    procedure_publish,
)
from motcua.catalog.tests.factories import (
    AT,
    FieldFactory,
    ProcedureVersionFactory,
    ensure_units,
    procedure_dict,
    unit,
)

pytestmark = pytest.mark.django_db

FORM_BYTES = b"PK\x03\x04 demo docx bytes for the test"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def publish(**overrides: Any) -> ProcedureVersion:
    return cast(ProcedureVersion, ProcedureVersionFactory(**overrides))


def decision(number: str, decision_date: dt.date, effective_date: dt.date) -> PublicationDecision:
    return PublicationDecision.objects.create(
        number=number,
        decision_date=decision_date,
        effective_date=effective_date,
        issuer="Chủ tịch UBND tỉnh Bình Dương",
    )


def publish_with_form_file(**overrides: Any) -> ProcedureVersion:
    """A procedure whose form has a stored file (as if uploaded by staff)."""
    ensure_units()
    FieldFactory()
    data = procedure_data_from_dict(procedure_dict(**overrides))
    data.forms[0].content = FORM_BYTES
    return procedure_publish(data=data, decision=None, by=None, at=AT)


def text_of(response: Any) -> str:
    """The page's visible text, tags removed and whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def result_codes(response: Any) -> list[str]:
    return [v.code for v in response.context["result"].items]


# --- Portal: home and catalogue --------------------------------------------------------


def test_home_lists_the_fields_with_their_procedure_counts(client: Client) -> None:
    FieldFactory(code="HT", name="Hộ tịch")
    publish(national_code="1.000010", name="Đăng ký khai sinh", field="HT")
    publish(national_code="1.000011", name="Đăng ký kết hôn", field="HT")
    publish(national_code="1.000012")

    response = client.get(reverse("portal:home"))

    assert response.status_code == 200
    text = text_of(response)
    assert "Hộ tịch 2 thủ tục" in text
    assert "Hành chính tư pháp 1 thủ tục" in text
    assert 'action="/thu-tuc/"' in response.content.decode()


def test_a_search_without_diacritics_finds_the_procedure_written_with_them(
    client: Client,
) -> None:
    FieldFactory(code="HT", name="Hộ tịch")
    publish(national_code="1.000010", name="Đăng ký khai sinh", field="HT")
    publish(national_code="1.000011", name="Đăng ký kết hôn", field="HT")

    folded = client.get(reverse("portal:catalogue"), {"q": "dang ky khai sinh"})
    accented = client.get(reverse("portal:catalogue"), {"q": "ĐĂNG KÝ KHAI SINH"})

    assert result_codes(folded) == ["1.000010"]
    assert result_codes(accented) == ["1.000010"]
    assert "Tìm thấy 1 thủ tục." in text_of(folded)
    assert 'aria-live="polite"' in folded.content.decode()


def test_results_are_ranked_with_names_starting_with_the_query_first(client: Client) -> None:
    publish(national_code="1.000020", name="Cấp lại giấy phép hành nghề")
    publish(national_code="1.000021", name="Giấy phép hành nghề cấp mới")

    response = client.get(reverse("portal:catalogue"), {"q": "giay phep hanh nghe"})

    assert result_codes(response) == ["1.000021", "1.000020"]


def test_filters_by_field_level_online_and_agency_narrow_the_results(client: Client) -> None:
    FieldFactory(code="HT", name="Hộ tịch")
    publish(
        national_code="1.000030",
        name="Đăng ký khai sinh",
        field="HT",
        level="commune",
        implementing_agency=None,
        deciding_agency=None,
        online_level="full",
    )
    publish(national_code="1.000031", name="Cấp phiếu lý lịch tư pháp", online_level="partial")
    unit("000.00.12.H09")
    publish(
        national_code="1.000032",
        name="Đăng ký đất đai",
        implementing_agency="000.00.12.H09",
        deciding_agency="000.00.12.H09",
        online_level="none",
        process=[
            {"role": "receiving", "budget_hours": 4},
            {"role": "specialist", "agency": "000.00.12.H09", "budget_hours": 8},
        ],
    )
    url = reverse("portal:catalogue")

    assert result_codes(client.get(url, {"field": "HT"})) == ["1.000030"]
    assert result_codes(client.get(url, {"level": "commune"})) == ["1.000030"]
    assert result_codes(client.get(url, {"online": "full"})) == ["1.000030"]
    assert sorted(result_codes(client.get(url, {"online": "any"}))) == ["1.000030", "1.000031"]
    assert result_codes(client.get(url, {"agency": "000.00.12.H09"})) == ["1.000032"]
    both = client.get(url, {"field": "HCTP", "online": "partial", "q": "ly lich"})
    assert result_codes(both) == ["1.000031"]


def test_unknown_filter_values_are_ignored_instead_of_failing(client: Client) -> None:
    publish(national_code="1.000040")

    response = client.get(
        reverse("portal:catalogue"),
        {"field": "NOPE", "level": "galaxy", "online": "maybe", "page": "abc"},
    )

    assert response.status_code == 200
    assert result_codes(response) == ["1.000040"]


def test_the_catalogue_is_paginated_twenty_per_page_with_page_links(client: Client) -> None:
    for i in range(23):
        publish(national_code=f"1.{100 + i:06d}", name=f"Thủ tục thử số {i:02d}")
    url = reverse("portal:catalogue")

    first = client.get(url, {"q": "thu tuc thu"})
    second = client.get(url, {"q": "thu tuc thu", "page": "2"})
    beyond = client.get(url, {"q": "thu tuc thu", "page": "9"})

    assert len(first.context["result"].items) == 20
    assert len(second.context["result"].items) == 3
    html = second.content.decode()
    assert 'href="?q=thu+tuc+thu&amp;page=1"' in html
    assert re.search(r'page=2"[^>]*aria-current="page"', html)
    assert 'start="21"' in html
    assert "Tìm thấy 23 thủ tục, trang 2/2." in text_of(second)
    assert beyond.context["result"].page == 2


def test_an_htmx_request_gets_only_the_results_and_the_count_out_of_band(
    client: Client,
) -> None:
    publish(national_code="1.000050", name="Đăng ký khai sinh")

    response = client.get(
        reverse("portal:catalogue"),
        {"q": "khai sinh"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )

    html = response.content.decode()
    assert "<html" not in html
    assert 'hx-swap-oob="innerHTML"' in html
    assert "HX-Request" in response["Vary"]
    assert "Đăng ký khai sinh" in html


def test_the_catalogue_form_works_without_javascript(client: Client) -> None:
    response = client.get(reverse("portal:catalogue"))

    html = response.content.decode()
    assert re.search(r'<form method="get" action="/thu-tuc/"', html)
    assert 'hx-push-url="true"' in html
    for name in ("q", "field", "agency", "level", "online"):
        assert f'name="{name}"' in html
        assert f'<label for="id_{name}">' in html


# --- Portal: procedure page ---------------------------------------------------------------


def test_the_procedure_page_shows_every_published_part(client: Client) -> None:
    publish_with_form_file(national_code="1.000060")

    response = client.get(reverse("portal:procedure", args=["1.000060"]))

    assert response.status_code == 200
    text = text_of(response)
    for expected in (
        "Cấp phiếu lý lịch tư pháp cho công dân Việt Nam",
        "1.000060",
        "Hành chính tư pháp",
        "Cấp tỉnh",
        "Sở Tư pháp",
        "Công an tỉnh Bình Dương",  # co-operating agency
        "Cá nhân",
        "Trực tiếp, Trực tuyến, Qua dịch vụ bưu chính",
        "Trực tuyến toàn trình",
        "5 ngày làm việc",
        "Bước 2: Sở Tư pháp tra cứu, xác minh và cấp phiếu.",
        "Căn cước công dân",
        "Người nước ngoài đã cư trú tại Việt Nam",  # case
        "Phí cung cấp thông tin lý lịch tư pháp",
        "200.000 đ",
        "Người có công với cách mạng",
        "Luật Lý lịch tư pháp số 28/2009/QH12 ngày 17/06/2009",
        "Phiếu lý lịch tư pháp (bản giấy, bản điện tử)",
        "Tải to-khai-lltp.docx",
    ):
        assert expected in text, expected
    html = response.content.decode()
    assert "<svg" in html  # the QR code, inline
    # Online submission (portal): the button leads to the start of the steps.
    assert 'href="/thu-tuc/1.000060/nop-truc-tuyen/"' in html


def test_a_same_day_procedure_shows_its_time_limit_as_within_the_day(client: Client) -> None:
    publish(
        national_code="2.000070",
        time_limit={"value": 0, "unit": "same_day"},
        process=[
            {"role": "receiving", "budget_hours": 2},
            {"role": "returning", "budget_hours": 1},
        ],
    )

    response = client.get(reverse("portal:procedure", args=["2.000070"]))

    assert "Trong ngày" in text_of(response)


def test_a_procedure_announced_for_a_later_date_says_when_it_takes_effect(
    client: Client,
) -> None:
    publish(national_code="1.000075", effective_from="2099-01-01")

    response = client.get(reverse("portal:procedure", args=["1.000075"]))

    assert response.status_code == 200
    assert "Nội dung này có hiệu lực từ ngày 01/01/2099." in text_of(response)


def test_an_unknown_procedure_code_is_not_found(client: Client) -> None:
    assert client.get(reverse("portal:procedure", args=["9.999999"])).status_code == 404


def test_an_abolished_procedure_stays_readable_with_a_clear_banner(client: Client) -> None:
    publish(national_code="1.000080", online_level="full")
    decision_obj = decision("99/QĐ-UBND", dt.date(2025, 1, 2), dt.date(2025, 1, 15))
    procedure_abolish(
        national_code="1.000080",
        decision=decision_obj,
        by=None,
        at=dt.datetime(2025, 2, 1, tzinfo=dt.UTC),
    )

    response = client.get(reverse("portal:procedure", args=["1.000080"]))

    assert response.status_code == 200
    text = text_of(response)
    assert "Thủ tục này đã bị bãi bỏ từ ngày 15/01/2025." in text
    assert "99/QĐ-UBND" in text
    assert "Không tiếp nhận hồ sơ" in text
    assert "Nộp hồ sơ trực tuyến" not in text
    assert "1.000080" not in result_codes(client.get(reverse("portal:catalogue")))


def test_the_page_shows_the_version_in_force_after_an_amendment(client: Client) -> None:
    publish(national_code="1.000090")
    decision_obj = decision("7/QĐ-UBND", dt.date(2025, 3, 1), dt.date(2025, 3, 10))
    procedure_amend(
        national_code="1.000090",
        decision=decision_obj,
        changes={"fees": [{"name": "Lệ phí mới", "amount": 150000, "basis": "per_copy"}]},
        by=None,
        at=AT,
    )

    text = text_of(client.get(reverse("portal:procedure", args=["1.000090"])))

    assert "150.000 đ" in text
    assert "200.000 đ" not in text
    assert "mỗi bản" in text


def test_a_form_downloads_as_an_attachment_with_its_file_name(client: Client) -> None:
    version = publish_with_form_file(national_code="1.000100")
    form = version.forms.get()

    response = client.get(reverse("portal:form_download", args=["1.000100", form.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="to-khai-lltp.docx"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == FORM_BYTES  # type: ignore[attr-defined]


def test_a_form_of_another_procedure_or_without_a_file_is_not_found(client: Client) -> None:
    with_file = publish_with_form_file(national_code="1.000110")
    without_file = publish(national_code="1.000111")
    form = with_file.forms.get()

    assert (
        client.get(reverse("portal:form_download", args=["1.000111", form.pk])).status_code == 404
    )
    missing = without_file.forms.get()
    assert (
        client.get(reverse("portal:form_download", args=["1.000111", missing.pk])).status_code
        == 404
    )


# --- Staff pages ----------------------------------------------------------------------------


def staff_user(role: str = Role.CONTROL_OFFICER) -> User:
    user = User.objects.create_user(username=f"u-{role}", password="a-long-test-password")
    if role == Role.CITIZEN:
        citizen_role_grant(user=user)
    else:
        membership_grant(
            user=user,
            unit=unit("000.00.10.H09"),
            role=role,
            valid_from=dt.date(2020, 1, 1),
            by=None,
        )
    return user


@pytest.fixture
def officer_client(client: Client) -> Client:
    client.force_login(staff_user())
    return client


STAFF_PAGES: list[tuple[str, list[str]]] = [
    ("catalog:list", []),
    ("catalog:completeness", []),
    ("catalog:import", []),
    ("catalog:export_json", []),
]


@pytest.mark.parametrize(("name", "args"), STAFF_PAGES)
def test_staff_pages_send_anonymous_visitors_to_the_login_page(
    client: Client, name: str, args: list[str]
) -> None:
    response = client.get(reverse(name, args=args))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_citizen_account_may_not_open_the_staff_catalogue(client: Client) -> None:
    client.force_login(staff_user(Role.CITIZEN))

    assert client.get(reverse("catalog:list")).status_code == 403


def test_the_staff_list_searches_and_shows_abolished_procedures_too(
    officer_client: Client,
) -> None:
    publish(national_code="1.000200", name="Đăng ký khai sinh")
    publish(national_code="1.000201", name="Đăng ký kết hôn")
    decision_obj = decision("5/QĐ-UBND", dt.date(2025, 1, 2), dt.date(2025, 1, 15))
    procedure_abolish(national_code="1.000201", decision=decision_obj, by=None, at=AT)
    url = reverse("catalog:list")

    everything = officer_client.get(url, {"q": "dang ky"})
    abolished = officer_client.get(url, {"status": "abolished"})

    # sorted by folded name: "dang ky ket hon" before "dang ky khai sinh"
    assert [r.procedure.national_code for r in everything.context["page"].rows] == [
        "1.000201",
        "1.000200",
    ]
    assert [r.procedure.national_code for r in abolished.context["page"].rows] == ["1.000201"]
    assert "Đã bãi bỏ" in text_of(abolished)


def test_the_staff_procedure_page_lists_versions_with_what_changed(
    officer_client: Client,
) -> None:
    publish(national_code="1.000210")
    decision_obj = decision("8/QĐ-UBND", dt.date(2025, 3, 1), dt.date(2025, 3, 10))
    procedure_amend(
        national_code="1.000210",
        decision=decision_obj,
        changes={"time_limit": {"value": 4, "unit": "working_days"}},
        by=None,
        at=AT,
    )

    response = officer_client.get(reverse("catalog:detail", args=["1.000210"]))

    text = text_of(response)
    assert response.status_code == 200
    assert "Phiên bản 2" in text and "Phiên bản 1" in text
    assert "8/QĐ-UBND" in text
    assert "10/03/2025" in text and "09/03/2025" in text
    assert "Thời hạn giải quyết" in response.context["history"][0].changed
    assert officer_client.get(reverse("catalog:detail", args=["9.9"])).status_code == 404


def test_the_completeness_report_names_what_a_procedure_lacks(officer_client: Client) -> None:
    publish(national_code="1.000220", applicant_types=[], result={"name": "", "paper": True})
    publish(national_code="1.000221")

    response = officer_client.get(reverse("catalog:completeness"))

    text = text_of(response)
    assert "1.000220" in text
    assert "Đối tượng thực hiện" in text and "Kết quả thực hiện" in text
    assert "1.000221" not in text


def good_catalogue_file() -> bytes:
    ensure_units()
    document = {
        "format": "motcua.catalog/1",
        "fields": [{"code": "HCTP", "name": "Hành chính tư pháp"}],
        "decisions": [],
        "procedures": [
            procedure_dict(
                national_code="1.000300",
                forms=[],
                documents=[{"name": "Tờ khai", "originals": 1, "copies": 0, "mandatory": True}],
            )
        ],
    }
    return json.dumps(document, ensure_ascii=False).encode()


def test_importing_a_good_file_creates_its_procedures_and_shows_the_finished_job(
    officer_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    upload = SimpleUploadedFile("catalog.json", good_catalogue_file(), "application/json")

    with django_capture_on_commit_callbacks(execute=True):  # the task is queued on commit
        posted = officer_client.post(reverse("catalog:import"), {"file": upload})
    job = ImportJob.objects.get()
    response = officer_client.get(posted["Location"])

    assert posted["Location"] == reverse("catalog:import_job", args=[job.pk])
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert Procedure.objects.filter(national_code="1.000300").exists()
    html = response.content.decode()
    assert "<progress" in html
    assert "hx-trigger" not in html  # finished: no more polling
    assert "Hoàn thành" in text_of(response)


def test_importing_a_bad_file_imports_nothing_and_lists_each_error_with_its_place(
    officer_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    raw = json.loads(good_catalogue_file())
    raw["procedures"].append(procedure_dict(national_code="1.000301", field="NOPE"))
    raw["procedures"][0]["time_limit"] = {"value": 3, "unit": "fortnights"}
    upload = SimpleUploadedFile("bad.json", json.dumps(raw).encode(), "application/json")

    with django_capture_on_commit_callbacks(execute=True):
        posted = officer_client.post(reverse("catalog:import"), {"file": upload})
    response = officer_client.get(posted["Location"])

    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert not Procedure.objects.exists()
    text = text_of(response)
    assert "procedures[0]" in text and "procedures[1]" in text
    assert len(response.context["errors"]) >= 2


def test_uploading_a_file_of_the_wrong_type_shows_an_error_next_to_the_field(
    officer_client: Client,
) -> None:
    upload = SimpleUploadedFile("catalog.csv", b"a,b", "text/csv")

    response = officer_client.post(reverse("catalog:import"), {"file": upload})

    assert response.status_code == 200
    assert "Tệp nhập phải là .json hoặc .xlsx." in text_of(response)
    assert not ImportJob.objects.exists()


def test_the_job_page_polls_while_the_import_is_running(officer_client: Client) -> None:
    user = User.objects.get()
    job = ImportJob.objects.create(
        file="catalog/imports/x.json",
        original_name="x.json",
        status=ImportStatus.RUNNING,
        done=3,
        total=10,
        created_by=user,
        created_at=AT,
    )

    response = officer_client.get(reverse("catalog:import_job", args=[job.pk]))
    partial = officer_client.get(
        reverse("catalog:import_job", args=[job.pk]),
        headers={"HX-Request": "true", "HX-Target": "job-status"},
    )

    html = response.content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert re.search(r'<progress id="job-progress" max="10" value="3"', html)
    assert "30%" in text_of(response)
    assert "<html" not in partial.content.decode()
    assert 'hx-trigger="every 1s"' in partial.content.decode()


def test_a_receiving_officer_may_read_the_catalogue_but_not_import(client: Client) -> None:
    client.force_login(staff_user(Role.RECEIVING_OFFICER))

    assert client.get(reverse("catalog:list")).status_code == 200
    assert client.get(reverse("catalog:import")).status_code == 403


def test_the_catalogue_exports_as_json_and_excel_downloads(officer_client: Client) -> None:
    publish(national_code="1.000400")

    as_json = officer_client.get(reverse("catalog:export_json"))
    as_excel = officer_client.get(reverse("catalog:export_xlsx"))

    assert as_json["Content-Disposition"].startswith("attachment;")
    body = b"".join(as_json.streaming_content) if as_json.streaming else as_json.content  # type: ignore[attr-defined]
    document = json.loads(body)
    assert document["format"] == "motcua.catalog/1"
    assert [p["national_code"] for p in document["procedures"]] == ["1.000400"]
    assert as_excel["Content-Disposition"].startswith("attachment;")
    assert ".xlsx" in as_excel["Content-Disposition"]
    excel = b"".join(as_excel.streaming_content) if as_excel.streaming else as_excel.content  # type: ignore[attr-defined]
    assert excel[:2] == b"PK"
