"""Step 2: the e-form is built from the catalogue's fields (data, not code), with required
fields and patterns checked, beside the case and the place of submission."""

from __future__ import annotations

import pytest
import time_machine

from motcua.catalog.tests.factories import make_version
from motcua.portal.models import Step
from motcua.portal.tests.helpers import T0, applicant_data, start_draft, step_url

pytestmark = pytest.mark.django_db

CODE = "1.000888"


def field(name, label, type_, required=True, choices=(), pattern=""):
    return {
        "name": name,
        "label": label,
        "type": type_,
        "required": required,
        "choices": list(choices),
        "pattern": pattern,
    }


EFORM = [
    field("ho_ten", "Họ và tên người được cấp", "text"),
    field("so_dinh_danh", "Số định danh", "text", pattern="^[0-9]{12}$"),
    field("ghi_chu", "Ghi chú", "textarea", required=False),
    field("ngay_sinh", "Ngày sinh", "date"),
    field("so_luong", "Số lượng bản", "number"),
    field("loai", "Loại phiếu", "select", choices=["Phiếu số 1", "Phiếu số 2"]),
    field("cam_doan", "Tôi cam đoan lời khai là đúng sự thật", "checkbox"),
    field("thu_dien_tu", "E-mail nhận thông báo", "email", required=False),
    field("dien_thoai", "Điện thoại liên hệ", "phone"),
]


@pytest.fixture
def draft(w, an_client):
    make_version(national_code=CODE, eform=EFORM)
    with time_machine.travel(T0, tick=False):
        d = start_draft(an_client, CODE)
        r = an_client.post(step_url(d, "nguoi-nop"), applicant_data())
        assert r.status_code == 302
        yield d


def valid(**overrides):
    data = {
        "case": "",
        "receiving_unit": "000.02.01.H09",
        "tk_ho_ten": "Nguyễn Văn An",
        "tk_so_dinh_danh": "074090001234",
        "tk_ghi_chu": "",
        "tk_ngay_sinh": "17/05/1990",
        "tk_so_luong": "2",
        "tk_loai": "Phiếu số 1",
        "tk_cam_doan": "on",
        "tk_thu_dien_tu": "",
        "tk_dien_thoai": "0912 345 678",
    }
    data.update(overrides)
    return data


def test_every_field_type_of_the_catalogue_is_rendered_with_its_label(draft, an_client):
    page = an_client.get(step_url(draft, "thong-tin")).content.decode()

    for f in EFORM:
        assert f["label"] in page, f["label"]
    assert 'name="tk_ghi_chu"' in page and "<textarea" in page
    assert '<select name="tk_loai"' in page
    assert 'type="checkbox" name="tk_cam_doan"' in page
    assert 'type="tel" name="tk_dien_thoai"' in page
    assert 'pattern="[0-9]{12}"' in page
    assert 'name="tk_so_dinh_danh"' in page and "required" in page


def test_required_fields_left_empty_are_each_named(draft, an_client):
    response = an_client.post(
        step_url(draft, "thong-tin"),
        valid(tk_ho_ten="", tk_ngay_sinh="", tk_loai="", tk_cam_doan="", tk_dien_thoai=""),
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "Chưa nhập họ và tên người được cấp." in page
    assert "Chưa nhập ngày sinh." in page
    assert "Chưa chọn loại phiếu." in page
    assert "Phải đánh dấu ô này để tiếp tục." in page
    assert "Chưa nhập điện thoại liên hệ." in page
    draft.refresh_from_db()
    assert draft.reached_step == Step.DETAILS


def test_values_that_do_not_match_their_pattern_or_type_are_refused(draft, an_client):
    response = an_client.post(
        step_url(draft, "thong-tin"),
        valid(
            tk_so_dinh_danh="07409000",
            tk_ngay_sinh="31/02/1990",
            tk_so_luong="hai",
            tk_loai="Phiếu số 9",
            tk_thu_dien_tu="khong-phai-email",
            tk_dien_thoai="12345",
        ),
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "Số định danh không đúng định dạng yêu cầu." in page
    assert "Ngày phải theo dạng ngày/tháng/năm" in page
    assert "Phải là một số" in page
    assert "Lựa chọn không có trong danh sách." in page
    assert "Địa chỉ e-mail không hợp lệ." in page
    assert "Số điện thoại không hợp lệ" in page
    draft.refresh_from_db()
    assert draft.answers["so_dinh_danh"] == "07409000"  # kept as typed


def test_a_valid_e_form_moves_on_to_the_documents_and_is_kept_in_the_draft(draft, an_client):
    response = an_client.post(step_url(draft, "thong-tin"), valid())

    assert response.status_code == 302
    assert response["Location"] == step_url(draft, "giay-to")
    draft.refresh_from_db()
    assert draft.reached_step == Step.DOCUMENTS
    assert draft.answers["cam_doan"] == "on"
    assert draft.answers["loai"] == "Phiếu số 1"
    assert draft.receiving_unit.code == "000.02.01.H09"


def test_the_case_chosen_changes_the_documents_asked_for(draft, an_client):
    an_client.post(step_url(draft, "thong-tin"), valid(case="TH1"))

    page = an_client.get(step_url(draft, "giay-to")).content.decode()

    assert "Hộ chiếu" in page  # the document of case TH1
    draft.refresh_from_db()
    assert draft.case.code == "TH1"


def test_a_place_of_submission_that_does_not_take_the_procedure_is_refused(draft, an_client):
    response = an_client.post(step_url(draft, "thong-tin"), valid(receiving_unit="000.00.13.H09"))

    assert response.status_code == 422
    assert "Nơi nộp hồ sơ đã chọn không tiếp nhận thủ tục này." in response.content.decode()
