import dataclasses
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from motcua.core.pdf import pdf_page_sizes, pdf_text, pdf_words
from motcua.slips.contents import TrackingBook
from motcua.slips.render import render_tracking_book_pdf, render_tracking_book_xlsx
from motcua.slips.tests import samples

A4_LANDSCAPE = (841.89, 595.28)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(("rule_set", "number"), [("2018", "06"), ("2025", "07")])
def test_the_book_pdf_is_a4_landscape_with_its_title_and_form_number(rule_set, number):
    data = render_tracking_book_pdf(samples.tracking_book(3), rule_set=rule_set)
    text = pdf_text(data)

    assert pdf_page_sizes(data) == [pytest.approx(A4_LANDSCAPE, abs=0.5)]
    assert "SỔ THEO DÕI HỒ SƠ" in text
    assert f"Mẫu số {number}" in text
    assert "Lĩnh vực: Hộ tịch — Năm 2024" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_the_book_pdf_numbers_rows_from_01_and_prints_each_dossier():
    data = render_tracking_book_pdf(samples.tracking_book(3), rule_set="2025")
    words = pdf_words(data)
    head = next(w for w in words if w.text == "Số")  # "Số thứ tự", the first column

    numbers = [w.text for w in words if w.x1 < head.x1 + 10 and w.text.isdigit()]
    text = flat(pdf_text(data, layout=False))

    assert numbers == ["01", "02", "03"]
    assert "000.13.01.H09-241202-0001" in text
    assert "Nguyễn Thị Hồng Đào" in text
    assert "Đặng Thuỳ Dương" in text
    assert "08:15, ngày 02/12/2024" in text  # received
    assert "08:15, ngày 09/12/2024" in text  # due
    assert "10:00, ngày 06/12/2024" in text  # returned
    assert "Trực tiếp" in text


def test_a_long_book_repeats_the_header_on_every_page():
    data = render_tracking_book_pdf(samples.tracking_book(40), rule_set="2018")
    pages = pdf_text(data).split("\f")[:-1]

    assert len(pages) == len(pdf_page_sizes(data)) > 1
    for page in pages:
        assert "Mã hồ sơ" in page
        assert "Cơ quan chủ" in page
    assert "40" in pages[-1]


def test_an_empty_book_still_prints_its_header():
    book = TrackingBook(unit=samples.OFFICE, sector="Hộ tịch", year=2025, rows=())

    text = pdf_text(render_tracking_book_pdf(book, rule_set="2025"))

    assert "Mã hồ sơ" in text
    assert "Chưa có hồ sơ trong sổ." in text


def load_sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_the_excel_book_has_merged_header_cells_like_the_paper_book():
    sheet = load_sheet(render_tracking_book_xlsx(samples.tracking_book(3), rule_set="2025"))
    merged = {str(r) for r in sheet.merged_cells.ranges}

    assert sheet["I1"].value == "Mẫu số 07"
    assert sheet["A2"].value == "SỔ THEO DÕI HỒ SƠ"
    assert "A2:L2" in merged
    assert sheet["A3"].value == f"{samples.OFFICE} — Lĩnh vực: Hộ tịch — Năm 2024"
    # Two header rows (5 and 6): single columns span both, groups span their sub-columns.
    assert {"A5:A6", "B5:B6", "C5:C6", "F5:F6", "L5:L6"} <= merged
    assert {"D5:E5", "G5:I5", "J5:K5"} <= merged
    assert [sheet.cell(5, c).value for c in (1, 4, 7, 10, 12)] == [
        "Số thứ tự",
        "Người nộp hồ sơ",
        "Thời gian",
        "Nhận kết quả",
        "Ghi chú",
    ]
    assert [sheet.cell(6, c).value for c in (4, 5, 7, 8, 9, 10, 11)] == [
        "Họ tên người nộp hồ sơ",
        "Địa chỉ, số điện thoại",
        "Nhận hồ sơ",
        "Hẹn trả kết quả",
        "Trả kết quả",
        "Hình thức nhận kết quả",
        "Ký nhận",
    ]
    assert [sheet.cell(7, c).value for c in range(1, 13)] == [f"({n})" for n in range(1, 13)]


def test_the_excel_book_numbers_rows_from_01_as_text_and_keeps_real_datetimes():
    sheet = load_sheet(render_tracking_book_xlsx(samples.tracking_book(3)))

    # Without a rule set there is no form-number row: the title is the first row.
    assert sheet["A1"].value == "SỔ THEO DÕI HỒ SƠ"
    first = 7
    assert [sheet.cell(first + i, 1).value for i in range(3)] == ["01", "02", "03"]
    assert sheet.cell(first + 3, 1).value is None
    assert sheet.cell(first, 2).value == "000.13.01.H09-241202-0001"
    assert sheet.cell(first, 4).value == "Nguyễn Thị Hồng Đào"
    assert sheet.cell(first, 5).value == "Phường Dĩ An, thành phố Dĩ An; 0912 000 000"
    assert sheet.cell(first, 6).value == "Sở Tư pháp"
    assert sheet.cell(first, 7).value == dt.datetime(2024, 12, 2, 8, 15)  # Vietnam wall time
    assert sheet.cell(first, 7).number_format == "hh:mm dd/mm/yyyy"
    assert sheet.cell(first, 9).value == dt.datetime(2024, 12, 6, 10, 0)
    assert sheet.cell(first, 10).value == "Trực tiếp"
    assert sheet.cell(first + 1, 9).value is None  # not returned yet
    assert sheet.cell(first, 11).value is None  # the signature is left blank


def test_the_excel_book_converts_times_to_vietnam_time():
    row = samples.tracking_book(1).rows[0]
    utc_row = dataclasses.replace(row, received_at=dt.datetime(2024, 12, 31, 20, 0, tzinfo=dt.UTC))
    book = TrackingBook(unit="Đơn vị", sector="Hộ tịch", year=2025, rows=(utc_row,))

    sheet = load_sheet(render_tracking_book_xlsx(book))

    assert sheet.cell(7, 7).value == dt.datetime(2025, 1, 1, 3, 0)
