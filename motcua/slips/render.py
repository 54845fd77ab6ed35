"""Render the legal slips (PDF, A5 portrait) and the tracking book (PDF A4 landscape, Excel).

Call from outside a database transaction (on_commit or a task): rendering takes tens of
milliseconds and never touches the database. The printed text is the law's Vietnamese wording
and is deliberately not passed through gettext: a slip is a legal form, identical whatever the
language of the staff member's screen.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.safestring import mark_safe

from motcua.core.pdf import render_pdf
from motcua.core.qr import qr_svg
from motcua.slips.contents import (
    ApologySlip,
    ControlSlip,
    ReceiptSlip,
    RefusalSlip,
    Slip,
    SlipKind,
    StopSlip,
    SupplementSlip,
    TrackingBook,
)
from motcua.slips.form_sets import FormSpec, form_spec
from motcua.slips.formatting import date_line, excel_local, row_number

QR_CAPTION = "Quét mã để tra cứu hồ sơ"

_SLIP_TYPES: dict[SlipKind, type] = {
    SlipKind.RECEIPT: ReceiptSlip,
    SlipKind.SUPPLEMENT: SupplementSlip,
    SlipKind.REFUSAL: RefusalSlip,
    SlipKind.APOLOGY: ApologySlip,
    SlipKind.STOP: StopSlip,
    SlipKind.CONTROL: ControlSlip,
}


def _masthead(slip: Slip) -> tuple[str, str, str]:
    """(issuing office, its governing body, date line) printed at the top of the slip."""
    if isinstance(slip, ApologySlip):
        return slip.agency, slip.agency_parent, date_line(slip.at, slip.place)
    if isinstance(slip, ControlSlip):
        return slip.office or slip.lead_agency, slip.office_parent, ""
    if isinstance(slip, ReceiptSlip):
        return slip.office, slip.office_parent, date_line(slip.received_at, slip.place)
    return slip.office, slip.office_parent, date_line(slip.at, slip.place)


def slip_context(kind: SlipKind, slip: Slip, *, rule_set: str) -> dict[str, Any]:
    """The template context of a slip (also usable to show the slip as an HTML page)."""
    kind = SlipKind(kind)
    expected = _SLIP_TYPES.get(kind)
    if expected is None:
        raise ValueError(f"{kind} is not a slip; use render_tracking_book_pdf/xlsx.")
    if not isinstance(slip, expected):
        raise TypeError(f"A {kind} slip needs {expected.__name__}, got {type(slip).__name__}.")
    issuer, issuer_parent, dated = _masthead(slip)
    context: dict[str, Any] = {
        "slip": slip,
        "kind": kind,
        "form": form_spec(kind, rule_set),
        "rule_set": rule_set,
        "issuer": issuer,
        "issuer_parent": issuer_parent,
        "date_line": dated,
    }
    if isinstance(slip, ReceiptSlip):
        # segno builds the SVG from the URL (escaped as QR modules, not as markup); the title
        # is our constant caption.
        context["qr"] = mark_safe(qr_svg(slip.lookup_url, title=QR_CAPTION))  # noqa: S308
        context["qr_caption"] = QR_CAPTION
    return context


def render_slip(kind: SlipKind | str, slip: Slip, *, rule_set: str) -> bytes:
    """PDF bytes of one slip (A5 portrait). `rule_set` is "2018" or "2025"."""
    kind = SlipKind(kind)
    return render_pdf(f"slips/{kind.value}.html", slip_context(kind, slip, rule_set=rule_set))


# --- Tracking book -------------------------------------------------------------------------

# (header, group header or None); the Excel book and the PDF share the same columns.
BOOK_COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("Số thứ tự", None),
    ("Mã hồ sơ", None),
    ("Tên thủ tục hành chính", None),
    ("Họ tên người nộp hồ sơ", "Người nộp hồ sơ"),
    ("Địa chỉ, số điện thoại", "Người nộp hồ sơ"),
    ("Cơ quan chủ trì giải quyết", None),
    ("Nhận hồ sơ", "Thời gian"),
    ("Hẹn trả kết quả", "Thời gian"),
    ("Trả kết quả", "Thời gian"),
    ("Hình thức nhận kết quả", "Nhận kết quả"),
    ("Ký nhận", "Nhận kết quả"),
    ("Ghi chú", None),
)


# Share of the A4 landscape width of each column of the PDF book, in per cent.
BOOK_PDF_WIDTHS = (4, 13, 14, 9, 11, 9, 7, 7, 7, 7, 5, 7)


def _header_spans() -> list[tuple[int, int, str | None, str]]:
    """(first column, last column, group or None, first header) for the first header row."""
    spans: list[tuple[int, int, str | None, str]] = []
    for index, (header, group) in enumerate(BOOK_COLUMNS):
        if group is not None and spans and spans[-1][2] == group:
            first, _last, _group, first_header = spans[-1]
            spans[-1] = (first, index, group, first_header)
        else:
            spans.append((index, index, group, header))
    return spans


def book_context(book: TrackingBook, *, rule_set: str) -> dict[str, Any]:
    spec: FormSpec = form_spec(SlipKind.TRACKING_BOOK, rule_set)
    return {
        "book": book,
        "form": spec,
        "rule_set": rule_set,
        "issuer": book.unit,
        "issuer_parent": book.unit_parent,
        "header_spans": [
            {"colspan": last - first + 1, "group": group, "header": header}
            for first, last, group, header in _header_spans()
        ],
        "grouped_headers": [header for header, group in BOOK_COLUMNS if group is not None],
        "column_numbers": [f"({n})" for n in range(1, len(BOOK_COLUMNS) + 1)],
        "column_widths": BOOK_PDF_WIDTHS,
        "rows": [(row_number(i), row) for i, row in enumerate(book.rows, start=1)],
    }


def render_tracking_book_pdf(book: TrackingBook, *, rule_set: str) -> bytes:
    """PDF bytes of the tracking book (A4 landscape, header repeated on every page)."""
    return render_pdf("slips/tracking_book.html", book_context(book, rule_set=rule_set))


def render_tracking_book_xlsx(book: TrackingBook, *, rule_set: str | None = None) -> bytes:
    """The tracking book as an .xlsx workbook: title rows, a two-row header with merged group
    cells like the paper book, a row of column numbers, then one row per dossier numbered from
    "01" (text, so the leading zero stays). Times are real Excel datetimes in Vietnam time.
    With `rule_set`, the form number ("Mẫu số 06"/"Mẫu số 07") is printed top right."""
    import xlsxwriter

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet(f"Năm {book.year}")
    base = {"font_name": "Times New Roman", "font_size": 11, "valign": "vcenter"}
    title = workbook.add_format({**base, "bold": True, "font_size": 14, "align": "center"})
    centered = workbook.add_format({**base, "align": "center", "text_wrap": True})
    italic_right = workbook.add_format({**base, "italic": True, "align": "right"})
    header = workbook.add_format(
        {**base, "bold": True, "align": "center", "text_wrap": True, "border": 1}
    )
    numbers = workbook.add_format({**base, "italic": True, "align": "center", "border": 1})
    cell = workbook.add_format({**base, "text_wrap": True, "border": 1, "valign": "top"})
    number_cell = workbook.add_format({**base, "border": 1, "align": "center", "valign": "top"})
    when = workbook.add_format(
        {**base, "border": 1, "valign": "top", "num_format": "hh:mm dd/mm/yyyy"}
    )

    last = len(BOOK_COLUMNS) - 1
    row = 0
    if rule_set is not None:
        spec = form_spec(SlipKind.TRACKING_BOOK, rule_set)
        if spec.number:
            sheet.merge_range(row, last - 3, row, last, spec.number_label, italic_right)
        row += 1
    sheet.merge_range(row, 0, row, last, "SỔ THEO DÕI HỒ SƠ", title)
    row += 1
    parts = [book.unit, f"Lĩnh vực: {book.sector}", f"Năm {book.year}"]
    sheet.merge_range(row, 0, row, last, " — ".join(p for p in parts if p), centered)
    row += 2

    top, sub = row, row + 1
    for first, end, group, first_header in _header_spans():
        if group is None:
            sheet.merge_range(top, first, sub, first, first_header, header)
        else:
            if first == end:
                sheet.write(top, first, group, header)
            else:
                sheet.merge_range(top, first, top, end, group, header)
            for column in range(first, end + 1):
                sheet.write(sub, column, BOOK_COLUMNS[column][0], header)
    for column in range(len(BOOK_COLUMNS)):
        sheet.write(sub + 1, column, f"({column + 1})", numbers)
    sheet.set_row(sub, 32)

    row = sub + 2
    for index, entry in enumerate(book.rows, start=1):
        sheet.write_string(row, 0, row_number(index), number_cell)
        sheet.write_string(row, 1, entry.code, cell)
        sheet.write_string(row, 2, entry.procedure, cell)
        sheet.write_string(row, 3, entry.applicant, cell)
        sheet.write_string(row, 4, entry.address_phone, cell)
        sheet.write_string(row, 5, entry.lead_agency, cell)
        for column, moment in ((6, entry.received_at), (7, entry.due_at), (8, entry.returned_at)):
            value = excel_local(moment)
            if value is None:
                sheet.write_blank(row, column, None, when)
            else:
                sheet.write_datetime(row, column, value, when)
        sheet.write_string(row, 9, entry.collected_how, cell)
        sheet.write_blank(row, 10, None, cell)  # signature of the person who collected
        sheet.write_string(row, 11, entry.note, cell)
        row += 1

    for column, width in enumerate((7, 26, 36, 22, 28, 26, 16, 16, 16, 16, 14, 16)):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(sub + 2, 2)
    sheet.repeat_rows(top, sub + 1)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    workbook.close()
    return output.getvalue()
