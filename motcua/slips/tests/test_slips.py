import dataclasses
import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from motcua.core.pdf import pdf_page_sizes, pdf_text, pdf_words
from motcua.core.qr import qr_matrix
from motcua.slips.contents import HandOver, Party, Slip, SlipKind
from motcua.slips.form_sets import FORM_SETS, form_spec
from motcua.slips.render import render_slip
from motcua.slips.tests import samples

A5 = (419.53, 595.28)

TITLES = {
    SlipKind.RECEIPT: "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    SlipKind.SUPPLEMENT: "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    SlipKind.REFUSAL: "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    SlipKind.STOP: "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
    SlipKind.CONTROL: "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
}
APOLOGY_TITLES = {
    "2018": "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    "2025": "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
}
# The numbering of the two circulars, written out here rather than read from FORM_SETS.
NUMBERS: dict[str, dict[str, str | None]] = {
    "2018": {"receipt": "01", "supplement": "02", "refusal": "03", "apology": "04", "stop": None, "control": "05", "tracking_book": "06"},
    "2025": {"receipt": "01", "supplement": "02", "refusal": "03", "apology": "04", "stop": "05", "control": "06", "tracking_book": "07"},
}  # fmt: skip
CIRCULARS = {"2018": "01/2018/TT-VPCP", "2025": "03/2025/TT-VPCP"}

SAMPLES: dict[SlipKind, Callable[[], Slip]] = {
    SlipKind.RECEIPT: samples.receipt,
    SlipKind.SUPPLEMENT: samples.supplement,
    SlipKind.REFUSAL: samples.refusal,
    SlipKind.APOLOGY: samples.apology,
    SlipKind.STOP: samples.stop,
    SlipKind.CONTROL: samples.control,
}


def flat(text: str) -> str:
    """Whitespace collapsed, so a phrase wrapped across lines still matches."""
    return " ".join(text.split())


def title_of(kind: SlipKind, rule_set: str) -> str:
    return APOLOGY_TITLES[rule_set] if kind == SlipKind.APOLOGY else TITLES[kind]


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[SlipKind, str], bytes]:
    """Every slip kind in both rule sets, rendered once for the module."""
    return {
        (kind, rule_set): render_slip(kind, make(), rule_set=rule_set)
        for kind, make in SAMPLES.items()
        for rule_set in ("2018", "2025")
    }


def test_the_form_table_numbers_every_form_as_its_circular_does():
    for rule_set, numbers in NUMBERS.items():
        for kind, number in numbers.items():
            assert form_spec(SlipKind(kind), rule_set).number == number, (rule_set, kind)
    assert set(FORM_SETS) == {"2018", "2025"}


@pytest.mark.parametrize("rule_set", ["2018", "2025"])
@pytest.mark.parametrize("kind", list(SAMPLES))
def test_each_slip_prints_its_title_form_number_circular_and_the_official_header(
    rendered, kind, rule_set
):
    data = rendered[(kind, rule_set)]
    text = pdf_text(data)
    number = NUMBERS[rule_set][kind.value]

    assert title_of(kind, rule_set) in flat(text)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    if number is None:
        assert "Mẫu số" not in text
        assert "TT-VPCP" not in text
    else:
        assert f"Mẫu số {number}" in text
        assert re.findall(r"Mẫu số \d\d", text) == [f"Mẫu số {number}"]
        assert CIRCULARS[rule_set] in text
        other = CIRCULARS["2025" if rule_set == "2018" else "2018"]
        assert other not in text


@pytest.mark.parametrize("rule_set", ["2018", "2025"])
@pytest.mark.parametrize("kind", list(SAMPLES))
def test_each_slip_is_a5_portrait_on_one_page(rendered, kind, rule_set):
    sizes = pdf_page_sizes(rendered[(kind, rule_set)])

    assert sizes == [pytest.approx(A5, abs=0.5)]


@pytest.mark.parametrize(
    "kind", [k for k in SAMPLES if k not in (SlipKind.SUPPLEMENT, SlipKind.REFUSAL)]
)
def test_each_slip_about_a_received_dossier_shows_its_code(rendered, kind):
    assert samples.CODE in pdf_text(rendered[(kind, "2025")])


def test_a_slip_issued_before_reception_has_no_code_line_and_one_issued_after_has_it(rendered):
    assert "Mã hồ sơ" not in pdf_text(rendered[(SlipKind.SUPPLEMENT, "2025")])
    assert "Mã hồ sơ" not in pdf_text(rendered[(SlipKind.REFUSAL, "2025")])

    later = dataclasses.replace(samples.supplement(), code=samples.CODE)
    text = flat(pdf_text(render_slip(SlipKind.SUPPLEMENT, later, rule_set="2025")))

    assert f"Mã hồ sơ: {samples.CODE}" in text


@pytest.mark.parametrize("kind", [k for k in SAMPLES if k != SlipKind.CONTROL])
def test_each_slip_addressed_to_the_applicant_names_her_with_diacritics(rendered, kind):
    text = pdf_text(rendered[(kind, "2018")])

    assert "Nguyễn Thị Hồng Đào" in text


def test_the_receipt_prints_every_field_the_law_lists(rendered):
    text = flat(pdf_text(rendered[(SlipKind.RECEIPT, "2025")], layout=False))

    assert f"Mã hồ sơ: {samples.CODE}" in text
    assert f"{samples.OFFICE} tiếp nhận hồ sơ của: Ông/Bà/Tổ chức: Nguyễn Thị Hồng Đào" in text
    assert "Số định danh cá nhân/Mã số thuế: 074190001234" in text
    assert "Số điện thoại: 0912 345 678" in text
    assert "Email: hongdao@example.vn" in text
    assert "Người được ủy quyền: Trần Văn Lực" in text
    assert "Giấy ủy quyền số 15/2024/UQ ngày 05/12/2024" in text
    assert "Đăng ký khai sinh có yếu tố nước ngoài (Trẻ sinh ra tại Việt Nam)" in text
    assert "Tờ khai đăng ký khai sinh 1 0" in text
    assert "Văn bản thỏa thuận chọn quốc tịch cho con 1 1" in text
    assert "Số lượng hồ sơ: 1 (bộ)" in text
    assert "05 ngày làm việc" in text
    assert "Thời gian nhận hồ sơ: 14:05, ngày 10/12/2024" in text
    assert "Thời gian trả kết quả giải quyết hồ sơ: 14:05, ngày 17/12/2024" in text
    assert "Đăng ký nhận kết quả tại: Quầy số 3, Chi nhánh Dĩ An" in text
    assert "Quyển số 01, số thứ tự 0007" in text
    assert "Mã tra cứu: K7Q2-M9XD" in text
    assert "Lệ phí 50.000 đồng" in text
    assert "Quét mã để tra cứu hồ sơ" in text
    assert "Dĩ An, ngày 10 tháng 12 năm 2024" in text


def test_the_receipt_has_both_signature_blocks_with_names(rendered):
    text = pdf_text(rendered[(SlipKind.RECEIPT, "2018")])

    assert re.search(r"NGƯỜI NỘP HỒ SƠ\s+NGƯỜI TIẾP NHẬN HỒ SƠ", text)
    # The representative signed for the applicant; the officer's name is under her block.
    assert re.search(r"Trần Văn Lực\s+Lê Thị Ánh Tuyết", text)


def test_the_receipt_without_representative_is_signed_by_the_applicant():
    text = pdf_text(
        render_slip(SlipKind.RECEIPT, samples.receipt(representative=None), rule_set="2025")
    )

    assert "Người được ủy quyền" not in text
    assert re.search(r"Nguyễn Thị Hồng Đào\s+Lê Thị Ánh Tuyết", text)


def test_times_are_printed_in_vietnam_time_whatever_the_zone_given():
    received_utc = dt.datetime(2024, 12, 10, 17, 30, tzinfo=dt.UTC)  # 00:30 on 11/12 in Hanoi
    slip = samples.receipt(received_at=received_utc)

    text = flat(pdf_text(render_slip("receipt", slip, rule_set="2018")))

    assert "Thời gian nhận hồ sơ: 00:30, ngày 11/12/2024" in text
    assert "Dĩ An, ngày 11 tháng 12 năm 2024" in text


def test_a_naive_datetime_is_refused_rather_than_printed_in_the_wrong_zone():
    slip = samples.receipt(received_at=dt.datetime(2024, 12, 10, 14, 5))

    with pytest.raises(ValueError, match="naive"):
        render_slip(SlipKind.RECEIPT, slip, rule_set="2025")


def test_decomposed_names_are_printed_as_precomposed_text():
    applicant = Party(name="Nguye\u0302\u0303n Thi\u0323 Ho\u0302\u0300ng Đa\u0300o")

    text = pdf_text(render_slip("receipt", samples.receipt(applicant=applicant), rule_set="2025"))

    assert "Nguyễn Thị Hồng Đào" in text


def test_a_slip_of_the_wrong_type_for_its_kind_is_refused():
    with pytest.raises(TypeError, match="ReceiptSlip"):
        render_slip(SlipKind.RECEIPT, samples.refusal(), rule_set="2025")


def test_an_unknown_rule_set_is_refused():
    with pytest.raises(ValueError, match="2018, 2025"):
        render_slip(SlipKind.RECEIPT, samples.receipt(), rule_set="2020")


def test_the_tracking_book_is_not_a_slip():
    with pytest.raises(ValueError, match="tracking_book"):
        render_slip(SlipKind.TRACKING_BOOK, samples.receipt(), rule_set="2025")


def test_the_supplement_slip_lists_every_missing_item_with_its_reason(rendered):
    for rule_set in ("2018", "2025"):
        text = flat(pdf_text(rendered[(SlipKind.SUPPLEMENT, rule_set)], layout=False))

        assert "1. Giấy chứng sinh Lý do: Chưa nộp bản chính" in text
        assert (
            "2. Văn bản thỏa thuận chọn quốc tịch cho con Lý do: Thiếu chữ ký của người cha" in text
        )
        assert "3. Bản dịch hộ chiếu của người mẹ Lý do: Chưa được chứng thực" in text
        assert "Liên hệ quầy số 3, điện thoại 0274 3822 123" in text
        assert "NGƯỜI HƯỚNG DẪN" in text
        assert "Lê Thị Ánh Tuyết" in text
        assert "Dĩ An, ngày 10 tháng 12 năm 2024" in text


def test_the_refusal_slip_gives_every_reason(rendered):
    text = flat(pdf_text(rendered[(SlipKind.REFUSAL, "2025")], layout=False))

    assert "từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:" in text
    assert "1. Thủ tục không thuộc thẩm quyền giải quyết của tỉnh Bình Dương" in text
    assert "2. Trẻ đã được đăng ký khai sinh tại Ủy ban nhân dân phường Đông Hòa" in text
    assert "Ngày 10 tháng 12 năm 2024" in text  # no place given: the date line starts it


def test_the_apology_gives_the_reason_the_old_and_the_new_due_date(rendered):
    text = flat(pdf_text(rendered[(SlipKind.APOLOGY, "2018")], layout=False))

    assert "Ngày 10/12/2024, Sở Tư pháp tiếp nhận giải quyết hồ sơ" in text
    assert "Thời hạn trả kết quả giải quyết hồ sơ: 14:05, ngày 17/12/2024" in text
    assert "Lý do: Cần xác minh thông tin quốc tịch với Cơ quan đại diện ở nước ngoài" in text
    assert "16:00, ngày 20/12/2024" in text
    assert "GIÁM ĐỐC" in text
    assert "Phạm Quốc Hưng" in text
    assert "Bình Dương, ngày 16 tháng 12 năm 2024" in text


def test_the_stop_notice_states_the_request_the_reason_and_when_processing_stopped(rendered):
    text = flat(pdf_text(rendered[(SlipKind.STOP, "2025")], layout=False))

    assert "Thời gian nhận hồ sơ: 14:05, ngày 10/12/2024" in text
    assert "Ngày 12/12/2024, Ông/Bà có yêu cầu dừng giải quyết hồ sơ" in text
    assert "Lý do: Người nộp hồ sơ xin rút hồ sơ để bổ sung giấy tờ ở nước ngoài" in text
    assert "thông báo dừng giải quyết hồ sơ nêu trên kể từ 09:30, ngày 12/12/2024" in text


def table_rows(data: bytes, header: str, numbers: list[str]) -> list[set[str]]:
    """The words of each numbered row of the table whose first column is headed `header`:
    a row runs from its number down to the next row's number (or the end of the page)."""
    words = pdf_words(data)
    head = next(w for w in words if w.text == header)
    starts = [
        next(w for w in words if w.text == n and w.y0 > head.y1 and w.x0 < head.x1 + 2)
        for n in numbers
    ]
    bounds = [w.y0 - 1 for w in starts] + [float("inf")]
    return [
        {w.text for w in words if w.page == starts[0].page and top <= w.y0 < bottom}
        for top, bottom in zip(bounds, bounds[1:], strict=False)
    ]


def test_the_control_slip_states_the_agencies_and_the_dates(rendered):
    text = flat(pdf_text(rendered[(SlipKind.CONTROL, "2018")], layout=False))

    assert "Cơ quan (bộ phận) chủ trì giải quyết hồ sơ: Sở Tư pháp" in text
    assert "Cơ quan phối hợp giải quyết hồ sơ: Công an tỉnh Bình Dương; Sở Ngoại vụ" in text
    assert "Thời gian nhận hồ sơ: 14:05, ngày 10/12/2024" in text
    assert "Thời gian hẹn trả kết quả: 14:05, ngày 17/12/2024" in text


@pytest.mark.parametrize("rule_set", ["2018", "2025"])
def test_the_control_slip_shows_each_hand_over_on_its_own_row_with_its_timeliness(
    rendered, rule_set
):
    rows = table_rows(rendered[(SlipKind.CONTROL, rule_set)], "STT", ["1", "2", "3"])
    expected = [
        "Giao: Chi nhánh Dĩ An (Lê Thị Ánh Tuyết) → Nhận: Phòng Hành chính tư pháp (Võ Minh"
        " Khôi) 08:00, ngày 11/12/2024 Đúng hạn",
        "Giao: Phòng Hành chính tư pháp (Võ Minh Khôi) → Nhận: Lãnh đạo Sở Tư pháp (Phạm Quốc"
        " Hưng) 15:30, ngày 16/12/2024 Quá hạn Chờ ý kiến Công an tỉnh",
        "Giao: Lãnh đạo Sở Tư pháp (Phạm Quốc Hưng) → Nhận: Chi nhánh Dĩ An (Lê Thị Ánh"
        " Tuyết) 09:00, ngày 17/12/2024 Sớm hạn",
    ]

    for row, want in zip(rows, expected, strict=True):
        assert set(want.split()) <= row, (want, row)
    labels = [{"Đúng", "Quá", "Sớm"} & row for row in rows]
    assert labels == [{"Đúng"}, {"Quá"}, {"Sớm"}]


def test_a_hand_over_not_yet_judged_leaves_the_result_blank():
    row = HandOver(from_unit="A", to_unit="B", at=samples.vn(2024, 12, 11, 8))

    assert row.timeliness_label == ""
    assert HandOver(from_unit="A", to_unit="B", at=row.at, timeliness="late").timeliness_label == (
        "Quá hạn"
    )


# --- The QR code printed on the receipt ---------------------------------------------------


def rasterise_first_page(data: bytes, tmp_path: Path, dpi: int) -> Image.Image:
    tool = shutil.which("pdftoppm")
    assert tool, "pdftoppm (poppler-utils) missing: run scripts/system-deps.sh"
    source = tmp_path / "slip.pdf"
    source.write_bytes(data)
    subprocess.run(  # noqa: S603 -- fixed arguments, test-owned files
        [tool, "-r", str(dpi), "-gray", "-f", "1", "-l", "1", "-singlefile", str(source), str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    return Image.open(tmp_path / "page.pgm")


def caption_box(data: bytes) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) in points of the caption under the QR code."""
    words = [w for w in pdf_words(data) if w.page == 1]
    start = next(i for i, w in enumerate(words) if w.text == "Quét" and words[i + 1].text == "mã")
    caption = words[start : start + 7]
    assert [w.text for w in caption] == ["Quét", "mã", "để", "tra", "cứu", "hồ", "sơ"]
    return (
        min(w.x0 for w in caption),
        min(w.y0 for w in caption),
        max(w.x1 for w in caption),
        max(w.y1 for w in caption),
    )


def test_the_qr_code_printed_on_the_receipt_encodes_the_look_up_url(tmp_path):
    dpi = 300
    data = render_slip(SlipKind.RECEIPT, samples.receipt(), rule_set="2025")
    page = rasterise_first_page(data, tmp_path, dpi)
    x0, y0, x1, _y1 = caption_box(data)
    px = dpi / 72
    # The code sits just above its caption, centred on it, 26 mm wide with its quiet zone.
    centre = (x0 + x1) / 2
    half = 26 / 25.4 * 72 / 2
    region = page.crop(
        (round((centre - half) * px), round((y0 - 2 * half - 2) * px), round((centre + half) * px), round(y0 * px))
    )  # fmt: skip
    dark = region.point(lambda value: 255 if value < 128 else 0)
    box = dark.getbbox()
    assert box is not None, "no QR code above its caption"
    left, top, right, bottom = box
    expected = qr_matrix(samples.LOOKUP_URL)
    size = len(expected)
    module_w, module_h = (right - left) / size, (bottom - top) / size
    assert module_w == pytest.approx(module_h, rel=0.05)

    def is_dark(row: int, column: int) -> bool:
        x, y = int(left + (column + 0.5) * module_w), int(top + (row + 0.5) * module_h)
        return int(region.getpixel((x, y))) < 128  # type: ignore[arg-type]

    printed = [[is_dark(r, c) for c in range(size)] for r in range(size)]

    assert printed == expected
    assert printed != qr_matrix(samples.LOOKUP_URL + "x")
